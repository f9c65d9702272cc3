// vedc console in a real headless Chromium (Debian's, driven by
// playwright-core): beside a `--target node` controller in a process of its
// own, the page loads, shows each instance live with its status, and for one
// its state, goals, graph (the failing goal and the last transition marked),
// history and effects; when an observation makes a stuck instance converge,
// the page changes without being reloaded. UPDATE_SCREENSHOT=1 saves the
// picture in docs/console.png.
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { cleanup, spawn, tempDir, test, untilOutput } from "../harness.js";
import { cli, load, root, vedc } from "../helpers.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const deploySource = `// A rollout: one version at a time while the service is healthy.
domain Deploy {
  state {
    version: int
    target: int
    healthy: bool = true
  }
  effect release(version: int)
  goal current: version == target
  transition roll when healthy && version < target {
    step {
      version += 1
      release(version)
    }
  }
  transition back when version > target {
    step {
      version -= 1
    }
  }
}
`;

const logs = (proc) =>
  proc.out.stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));

/** A controller on a fresh file store with three instances: web converged, api stuck (unhealthy), jobs whose releases always fail. */
async function scene() {
  const dir = tempDir("console");
  writeFileSync(join(dir, "deploy.ved"), deploySource);
  writeFileSync(join(dir, "effects.mjs"), "export function release(args, ctx) { if (ctx.id === 'jobs') throw new Error('registry unreachable'); }\n");
  const built = await cli(["build", join(dir, "deploy.ved"), "--target", "node", "--effects", join(dir, "effects.mjs"), "--outdir", join(dir, "node")]);
  assert.is(built.status, 0, built.stderr);
  const store = join(dir, "store");
  // A file store, whatever store another test left named in this process's environment.
  const env = { ...process.env, VEDC_STORE_DIR: store };
  delete env.DATABASE_URL;
  const controller = spawn(process.execPath, [join(dir, "node", "deploy.mjs")], { env });
  const send = (o) => controller.child.stdin.write(`${JSON.stringify(o)}\n`);
  await untilOutput(controller, () => logs(controller).some((l) => l.event === "ready"), "the controller ready");
  send({ id: "web", observe: { target: 3 } });
  send({ id: "api", observe: { target: 2 } });
  send({ id: "api", observe: { healthy: false, target: 4 } });
  send({ id: "jobs", observe: { target: 1 } });
  await untilOutput(controller, () => logs(controller).some((l) => l.event === "stuck" && l.id === "api") && logs(controller).some((l) => l.event === "effect-failed" && l.id === "jobs"), "api stuck and the jobs release given up on", 30_000);
  return { dir, store, controller, send };
}

async function startConsole(store, ved) {
  const proc = spawn(process.execPath, [vedc, "console", "--store", store, "--domain", ved, "--port", "0"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
  await untilOutput(proc, (o) => /on http:\/\/127\.0\.0\.1:\d+\//.test(o.stdout), "the console serving");
  return { proc, url: /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(proc.out.stdout)[1] };
}

async function browser() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), "vedc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1360, height: 900 },
  });
  cleanup(() => context.close());
  return context;
}

/** The node names (Graphviz puts each node's in its <title>). */
const titles = (elements) => elements.map((e) => e.textContent);
const cell = (page, id, n) => page.locator(`#instances tbody tr[data-id="${id}"] td:nth-child(${n})`);

test("the console shows the instances live, and one's state, goals, graph and history; it follows a stuck instance to convergence without a reload", async () => {
  const { dir, store, send } = await scene();
  const { url } = await startConsole(store, join(dir, "deploy.ved"));
  const context = await browser();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${url}#api`);

  await page.locator("#connection", { hasText: "live" }).waitFor();
  await page.locator('#instances tbody tr[data-id="jobs"]').waitFor();
  assert.equal(await page.locator("#instances tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), ["api", "jobs", "web"]);
  assert.is(await cell(page, "web", 3).innerText(), "converged");
  assert.is(await cell(page, "api", 3).innerText(), "stuck");
  assert.is(await cell(page, "api", 4).innerText(), "current");
  assert.is(await cell(page, "jobs", 8).innerText(), "1", "the release given up on is counted");
  assert.match(await cell(page, "api", 9).innerText(), /^pid \d+ on /);

  // The chosen instance: its state, its goals, its graph with the failing goal and the last transition marked, its history.
  await page.locator("#detail-id", { hasText: "api" }).waitFor();
  assert.match(await page.locator("#detail-why").innerText(), "stuck: current fails and no transition can change the state");
  assert.match(await page.locator("#state").innerText(), /version\s+2\s+target\s+4\s+healthy\s+false/);
  assert.match(await page.locator("#goals").innerText(), /FAILS\s+current: version == target/);
  await page.locator("#graph svg g.node.failing").waitFor();
  assert.equal(await page.locator("#graph g.node.failing title").evaluateAll(titles), ["d0_g0"]);
  assert.equal(await page.locator("#graph g.node.last title").evaluateAll(titles), ["d0_t0"], "roll was applied last");
  assert.match(await page.locator("#graph g.node.failing").evaluate((g) => g.textContent), "version == target");
  assert.match(await page.locator("#history").innerText(), /tick 2: current fails → roll: version 1 → 2[\s\S]*observe healthy = false, target = 4: target 2 → 4, healthy true → false[\s\S]*stuck: current fails/);
  if (process.env.UPDATE_SCREENSHOT) await page.screenshot({ path: join(root, "docs", "console.png"), fullPage: true });

  // Another instance, by a click.
  await page.locator('#instances tbody tr[data-id="jobs"]').click();
  await page.locator("#detail-id", { hasText: "jobs" }).waitFor();
  assert.match(await page.locator("#history").innerText(), /release \[jobs:3:0\] gave up after 5 attempts: .*registry unreachable/);
  await page.locator('#instances tbody tr[data-id="api"]').click();
  await page.locator("#detail-id", { hasText: "api" }).waitFor();

  // Healthy again: api converges, and the page follows without a reload.
  await page.evaluate(() => (window.notReloaded = true));
  send({ id: "api", observe: { healthy: true } });
  await page.locator('#instances tbody tr[data-id="api"] .status', { hasText: "converged" }).waitFor({ timeout: 20_000 });
  assert.is(await cell(page, "api", 5).innerText(), "4");
  await page.locator("#detail-status", { hasText: "converged" }).waitFor();
  assert.match(await page.locator("#state").innerText(), /version\s+4\s+target\s+4\s+healthy\s+true/);
  assert.match(await page.locator("#goals").innerText(), /holds\s+current: version == target/);
  assert.is(await page.locator("#graph g.node.failing").count(), 0);
  assert.match(await page.locator("#history").innerText(), /observe healthy = true[\s\S]*tick 4: current fails → roll: version 3 → 4[\s\S]*converged at tick 4/);
  assert.ok(await page.evaluate(() => window.notReloaded === true), "the page was not reloaded");
  assert.equal(problems, [], "no error in the page");
}, { timeout: 90_000 });

test("a map field's keys are rows of the state, named replicas[a]; the graph draws a per-key transition once and marks it for the copy applied last", async () => {
  const dir = tempDir("console-maps");
  const { ZoneSpreader, fileStore } = await load(readFileSync(join(root, "examples", "zone-spreader.ved"), "utf8"), "zone-spreader.ved");
  const i = await ZoneSpreader.create({ id: "zones", store: fileStore(join(dir, "store")) }).start();
  cleanup(() => i.stop());
  await i.settled();
  await i.observe({ healthy: { b: false } });
  await i.settled();
  await i.stop();
  const { url } = await startConsole(join(dir, "store"), join(root, "examples", "zone-spreader.ved"));
  const context = await browser();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${url}#zones`);
  await page.locator("#detail-id", { hasText: "zones" }).waitFor();
  assert.match(await page.locator("#state").innerText(), /replicas\[a\]\s+2\s+replicas\[b\]\s+0\s+replicas\[c\]\s+2\s+healthy\[a\]\s+true\s+healthy\[b\]\s+false\s+healthy\[c\]\s+true/);
  assert.match(await page.locator("#history").innerText(), /drain\(b\): replicas\[b\] 1 → 0/);
  await page.locator("#graph svg g.node.last").waitFor();
  assert.match(await page.locator("#graph g.node.last").evaluate((g) => g.textContent), "drain(z: Zone)");
  assert.equal(problems, []);
}, { timeout: 60_000 });

test("the console is read-only, serves only GET, and says so; a store it cannot read is one line and exit 1", async () => {
  const dir = tempDir("console-ro");
  const { url, proc } = await startConsole(dir, join(root, "examples", "worker-pool.ved"));
  for (const method of ["POST", "PUT", "DELETE"]) assert.is((await fetch(url, { method })).status, 405, method);
  assert.is((await fetch(`${url}api/instances/nope`)).status, 404);
  assert.equal((await (await fetch(`${url}api/instances`)).json()).instances, []);
  proc.child.kill("SIGINT");
  assert.is((await proc.exited).code, 0);
  const missing = await cli(["console", "--store", join(dir, "nope"), "--port", "0"]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /^vedc: cannot read the file store in .*nope: no such folder\n$/);
  const port = await cli(["console", "--store", dir, "--port", "http"]);
  assert.is(port.status, 1);
  assert.match(port.stderr, /^vedc: --port http: expected a port number/);
});

test.run();
