// vedc as a user installs it: the packed tarball installed into a fresh
// folder without its optional dependencies (`--omit=optional`: no Graphviz,
// no language server, no pg, no unplugin, no chokidar). The core still builds
// and runs the seed; each feature that needs a missing package says which one
// to install, in one sentence, exit 1, no stack. (Installed from npm's local
// cache when it holds the packages, else from the registry.)
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, seed } from "../helpers.js";

const OPTIONAL = ["@viz-js/viz", "chokidar", "pg", "unplugin", "vscode-languageserver", "vscode-languageserver-textdocument"];
const work = tempDir("install");
const app = join(work, "app");

/** Runs a command in the app, with a plain environment; fails the test, saying what it printed, when `ok` and it fails. */
async function sh(command, args, { ok = true, env = {}, cwd = app } = {}) {
  const r = await run(command, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env } });
  if (ok) assert.is(r.status, 0, `${command} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r;
}
const vedc = (args, options) => sh(process.execPath, [join(app, "node_modules/vedc/bin/vedc.js"), ...args], options);
const missing = (feature, name) => `vedc: ${feature} needs the package '${name}', which is not installed (it is optional): npm install ${name}\n`;

test("the packed tarball installs without its optional dependencies", async () => {
  const packed = await sh("npm", ["pack", "--ignore-scripts", "--pack-destination", work, root], { cwd: work });
  const tarball = join(work, packed.stdout.trim().split("\n").at(-1));
  (await import("node:fs")).mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  await sh("npm", ["install", "--omit=optional", "--prefer-offline", "--no-audit", "--no-fund", tarball]);
  for (const name of OPTIONAL) assert.not.ok(existsSync(join(app, "node_modules", name)), `${name} is not installed`);
  assert.ok(readdirSync(join(app, "node_modules")).includes("esbuild"));
}, { timeout: 300_000 });

test("there, the seed builds, and its bundle tells the story: 5, then 2 crash and it heals, then 3 rogue and it scales down", async () => {
  writeFileSync(join(app, "worker-pool.ved"), seed);
  await vedc(["build", "worker-pool.ved"]);
  writeFileSync(
    join(app, "story.mjs"),
    `import { WorkerPool } from "./dist/worker-pool.js";
const pool = WorkerPool.create();
const ticks = () => { let n = 0; const off = pool.on("transition", () => n++); return async () => (await pool.settled(), off(), n); };
let count = ticks();
await pool.start();
console.log("boot", await count(), pool.getState().workers);
count = ticks(); await pool.observe({ workers: 3 });
console.log("crash", await count(), pool.getState().workers);
count = ticks(); await pool.observe({ workers: 8 });
console.log("rogue", await count(), pool.getState().workers);
await pool.stop();
`,
  );
  const story = await sh(process.execPath, ["story.mjs"]);
  assert.is(story.stdout, "boot 5 5\ncrash 2 5\nrogue 3 5\n");
  const ran = await vedc(["run", "worker-pool.ved", "--observe", "workers=3"]);
  assert.match(ran.stdout, "final: converged after 7 ticks, workers = 5");
});

test("each feature whose package is missing names it", async () => {
  const svg = await vedc(["graph", "worker-pool.ved", "--format", "svg"], { ok: false });
  assert.equal([svg.status, svg.stderr, svg.stdout], [1, missing("vedc graph --format svg", "@viz-js/viz"), ""]);
  const mermaid = await vedc(["graph", "worker-pool.ved"]);
  assert.match(mermaid.stdout, "flowchart");
  const lsp = await vedc(["lsp", "--stdio"], { ok: false });
  assert.equal([lsp.status, lsp.stderr], [1, missing("vedc lsp", "vscode-languageserver")]);
  const watch = await vedc(["build", "worker-pool.ved", "--watch"], { ok: false });
  assert.equal([watch.status, watch.stderr], [1, missing("vedc build --watch", "chokidar")]);
  const plugin = await sh(process.execPath, ["--input-type=module", "-e", 'await import("vedc/vite")'], { ok: false });
  assert.is(plugin.status, 1);
  assert.match(plugin.stderr, "the vedc bundler plugins (vedc/vite, vedc/rollup, vedc/webpack, vedc/esbuild, vedc/rspack, vedc/rolldown) needs the package 'unplugin', which is not installed (it is optional): npm install unplugin");
  const postgres = await sh(process.execPath, ["--input-type=module", "-e", 'await import("vedc/postgres")'], { ok: false });
  assert.is(postgres.status, 1);
  assert.match(postgres.stderr, "vedc/postgres needs the package 'pg', which is not installed (it is optional): npm install pg");
  // The runtime alone needs none of them.
  await sh(process.execPath, ["--input-type=module", "-e", 'const r = await import("vedc/runtime"); if (typeof r.memoryStore !== "function") process.exit(1)']);
});

test("a lambda bundle built there runs on a file store, and says what it lacks for PostgreSQL", async () => {
  writeFileSync(join(app, "effects.mjs"), "export {};\n");
  await vedc(["build", "worker-pool.ved", "--target", "lambda", "--outdir", "fn"]);
  const call = (env) => sh(process.execPath, ["--input-type=module", "-e", 'const { handler } = await import("./fn/worker-pool.mjs"); console.log(JSON.stringify((await handler({ id: "p" })).state))'], { ok: false, env });
  const file = await call({ VEDC_STORE_DIR: join(work, "store") });
  assert.is(file.stdout, '{"workers":5}\n', file.stderr);
  const pg = await call({ DATABASE_URL: "postgres://127.0.0.1:1/none" });
  assert.is(pg.status, 1);
  assert.match(pg.stderr, "this bundle was built without the optional package 'pg', so it cannot use PostgreSQL (DATABASE_URL): npm install pg where you build it, and build it again");
});

test.run();
