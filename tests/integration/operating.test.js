// Operating a `--target node` controller, as an operator would: it runs in a
// process of its own, and from another one (this test's) `vedc inspect` and
// `vedc history` read its store — a file store, and PostgreSQL — and show the
// state the controller logged, without disturbing it: not a byte or mtime of
// the file store changes, no lease, owner or fence of a PostgreSQL row
// changes, and on PostgreSQL they read through a role that may only SELECT.
// `curl /metrics` gives text a strict parser accepts, whose counters match
// what the controller logged it did; /healthz and /readyz answer.
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { cleanup, spawn, tempDir, test, until, untilOutput } from "../harness.js";
import { cli, fingerprint } from "../helpers.js";
import { parsePrometheus, valueOf } from "../prometheus-text.js";
import { startPostgres } from "./pg-server.js";

const counterSource = `domain Counter {
  state { n: int; target: int }
  effect tick(n: int)
  goal n == target
  transition up when n < target { step { n += 1; tick(n) } }
  transition down when n > target { step { n -= 1 } }
}
`;

/** Builds the controller: its effect fails the first attempt for every third n, so retries are counted too. */
async function build() {
  const dir = tempDir("operating");
  writeFileSync(join(dir, "counter.ved"), counterSource);
  writeFileSync(join(dir, "effects.mjs"), "export function tick(args, ctx) { if (args.n % 3 === 0 && ctx.attempt === 1) throw new Error('busy'); }\n");
  const built = await cli(["build", join(dir, "counter.ved"), "--target", "node", "--effects", join(dir, "effects.mjs"), "--outdir", join(dir, "node")]);
  assert.is(built.status, 0, built.stderr);
  return { dir, ved: join(dir, "counter.ved"), controller: join(dir, "node", "counter.mjs") };
}

/** The controller's JSON log lines so far. */
const logs = (proc) =>
  proc.out.stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));

/** The environment of a controller: this process's, without a store another test may have named, and with `env`. */
function controllerEnv(env) {
  const clean = { ...process.env, VEDC_HTTP_PORT: "0" };
  delete clean.DATABASE_URL;
  delete clean.VEDC_STORE_DIR;
  return { ...clean, ...env };
}

function startController(path, env) {
  const proc = spawn(process.execPath, [path], { env: controllerEnv(env) });
  proc.logs = () => logs(proc);
  proc.send = (o) => proc.child.stdin.write(`${typeof o === "string" ? o : JSON.stringify(o)}\n`);
  return proc;
}

async function ready(proc) {
  await untilOutput(proc, () => proc.logs().some((l) => l.event === "ready"), "the controller ready", 30_000);
  const { port } = proc.logs().find((l) => l.event === "listening");
  return `http://127.0.0.1:${port}`;
}

/** Every instance's state as the controller's logs tell it: the fields each observation and transition set. */
function loggedStates(proc) {
  const states = {};
  for (const l of proc.logs()) if (l.event === "observed" || l.event === "transition") states[l.id] = { ...states[l.id], ...l.set };
  return states;
}

/** Observations of every kind: applied, a duplicate, refused (an unknown field, a line that is not JSON). */
function observe(proc) {
  proc.send({ id: "c1", observe: { target: 4 }, key: "k1" });
  proc.send({ id: "c1", observe: { target: 4 }, key: "k1" });
  proc.send({ id: "c2", observe: { target: 2 } });
  proc.send({ id: "c1", observe: { nope: 1 }, key: "bad" });
  proc.send("{not json");
}

/** Waits until both instances converged and every effect succeeded (c1 calls 4, c2 2; n = 3 is retried once). */
async function settled(proc) {
  await untilOutput(proc, () => proc.logs().filter((l) => l.event === "effect-succeeded").length === 6 && proc.logs().filter((l) => l.event === "converged").length >= 2, "both converged and their effects done", 30_000);
}

async function scrape(base) {
  const res = await fetch(`${base}/metrics`);
  assert.is(res.status, 200);
  assert.match(res.headers.get("content-type"), /^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

/** The counters against what the controller logged it did. */
function checkCounters(f, proc) {
  const said = (event) => proc.logs().filter((l) => l.event === event);
  const d = { domain: "Counter" };
  assert.is(valueOf(f, "vedc_ticks_total", d), said("transition").length);
  assert.is(said("transition").length, 6);
  assert.is(valueOf(f, "vedc_transitions_total", { ...d, transition: "up" }), 6);
  assert.is(valueOf(f, "vedc_observations_total", { ...d, outcome: "applied" }), said("observed").length);
  assert.is(valueOf(f, "vedc_observations_total", { ...d, outcome: "applied" }), 2);
  assert.is(valueOf(f, "vedc_observations_total", { ...d, outcome: "duplicate" }), said("dropped").length);
  assert.is(valueOf(f, "vedc_observations_total", { ...d, outcome: "duplicate" }), 1);
  assert.is(valueOf(f, "vedc_observations_total", { ...d, outcome: "rejected" }), 1);
  assert.is(said("refused").length, 2, "the unknown field and the line that is not JSON are logged, by id and key where there is one");
  assert.ok(said("refused").some((l) => l.id === "c1" && l.key === "bad" && /nope/.test(l.error)));
  const effect = (outcome) => valueOf(f, "vedc_effects_total", { ...d, effect: "tick", outcome });
  assert.is(effect("succeeded"), said("effect-succeeded").length);
  assert.is(effect("retried"), said("effect-retry").length);
  assert.is(effect("retried"), 1);
  assert.is(effect("started"), effect("succeeded") + effect("retried"));
  assert.is(effect("failed"), 0);
  assert.is(valueOf(f, "vedc_instances", { ...d, status: "converged" }), 2);
  assert.is(valueOf(f, "vedc_queue_depth", d), 0);
  assert.ok(valueOf(f, "vedc_commit_duration_seconds_count", d) > 0);
  assert.ok(valueOf(f, "process_resident_memory_bytes") > 0, "and the process's own metrics");
}

test("file store: inspect in another process shows the controller's state, changes nothing, and /metrics counts what it did", async () => {
  const { dir, ved, controller } = await build();
  const store = join(dir, "store");
  const proc = startController(controller, { VEDC_STORE_DIR: store });
  const base = await ready(proc);
  assert.is((await fetch(`${base}/healthz`)).status, 200);
  const readyz = await fetch(`${base}/readyz`);
  assert.equal([readyz.status, await readyz.text()], [200, "ready\n"]);
  assert.is((await fetch(`${base}/nope`)).status, 404);
  observe(proc);
  await settled(proc);
  checkCounters(await scrape(base), proc);

  const before = fingerprint(store);
  const list = await cli(["inspect", "--store", store, "--domain", ved, "--json"]);
  assert.is(list.status, 0, list.stderr);
  const { instances } = JSON.parse(list.stdout);
  const logged = loggedStates(proc);
  assert.equal(instances.map((i) => [i.id, i.status, i.ticks, i.owed, i.owner.live]), [
    ["c1", "converged", 4, 0, true],
    ["c2", "converged", 2, 0, true],
  ]);
  assert.match(instances[0].owner.name, `pid ${proc.child.pid} on `);
  for (const id of ["c1", "c2"]) {
    const one = JSON.parse((await cli(["inspect", id, "--store", store, "--domain", ved, "--json"])).stdout);
    assert.equal(one.state, logged[id], `${id}: the state the controller logged`);
    const history = JSON.parse((await cli(["history", id, "--store", store, "--domain", ved, "--json"])).stdout);
    const transitions = history.lines.filter((l) => l.t === "transition").map((l) => l.text.trim());
    assert.equal(transitions, proc.logs().filter((l) => l.event === "transition" && l.id === id).map((l) => l.msg), `${id}: history in the words the controller logged`);
  }
  assert.equal(fingerprint(store), before, "inspect and history wrote nothing, in no file");

  // The controller still owns its store and goes on.
  proc.send({ id: "c2", observe: { target: 1 } });
  await untilOutput(proc, () => proc.logs().some((l) => l.event === "transition" && l.id === "c2" && l.transition === "down"), "c2 to scale down");
  proc.child.kill("SIGTERM");
  assert.equal((await proc.exited).code, 0);

  // Started again, it resumes every instance its store holds before it says it is ready.
  const again = startController(controller, { VEDC_STORE_DIR: store });
  const base2 = await ready(again);
  assert.match(again.logs().find((l) => l.event === "ready").msg, "resumed 2 of 2 instances");
  const f = await scrape(base2);
  assert.is(valueOf(f, "vedc_instances", { domain: "Counter", status: "converged" }), 2);
  again.child.kill("SIGTERM");
  assert.equal((await again.exited).code, 0);
});

test("PostgreSQL: inspect through a role that may only SELECT shows the controller's state and owner; its lease, owner and fence are untouched", async () => {
  const server = await startPostgres();
  cleanup(() => server.stop());
  const { ved, controller } = await build();
  const proc = startController(controller, { DATABASE_URL: server.url, VEDC_LEASE_MS: "1500" });
  const base = await ready(proc);
  observe(proc);
  await settled(proc);
  checkCounters(await scrape(base), proc);
  // Leases are renewed every third of a lease: counted.
  await until(async () => valueOf(await scrape(base), "vedc_lease_renewals_total", { domain: "Counter" }) >= 4, "lease renewals counted", 20_000, 200);
  assert.is(valueOf(await scrape(base), "vedc_lease_losses_total", { domain: "Counter" }), 0);

  const admin = new pg.Client(server.url);
  await admin.connect();
  cleanup(() => admin.end());
  await admin.query("CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA vedc TO reader; GRANT SELECT ON ALL TABLES IN SCHEMA vedc TO reader");
  const rows = async () => (await admin.query("SELECT id, owner, fence FROM vedc.instances ORDER BY id")).rows;
  const before = await rows();
  const readerUrl = server.url.replace("postgres@", "reader@");

  const list = await cli(["inspect", "--store", readerUrl, "--domain", ved, "--json"]);
  assert.is(list.status, 0, list.stderr);
  const { instances } = JSON.parse(list.stdout);
  const owner = proc.logs().find((l) => l.event === "ready").owner;
  assert.equal(instances.map((i) => [i.id, i.status, i.ticks, i.owner.name, i.owner.live, i.owner.fence]), before.map((r) => [r.id, "converged", r.id === "c1" ? 4 : 2, owner, true, Number(r.fence)]));
  const logged = loggedStates(proc);
  for (const id of ["c1", "c2"]) {
    const one = JSON.parse((await cli(["inspect", id, "--store", readerUrl, "--domain", ved, "--json"])).stdout);
    assert.equal(one.state, logged[id]);
    const text = await cli(["history", id, "--store", readerUrl, "--domain", ved]);
    assert.is(text.status, 0, text.stderr);
    assert.match(text.stdout, `converged at tick ${id === "c1" ? 4 : 2}: the goal holds; sleeping`);
  }
  const table = await cli(["inspect", "--store", readerUrl]);
  assert.match(table.stdout, new RegExp(`c1\\s+Counter\\s+unknown\\s+-\\s+4 .*${owner.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(lease \\d+\\.\\d s left, fence \\d+\\)`));
  assert.equal(await rows(), before, "no owner or fence changed");
  assert.is(proc.logs().filter((l) => l.level === "error").length, 0, "the controller lost nothing");

  // A database with no store, and one that cannot be reached, are one clear line each.
  await admin.query("CREATE DATABASE empty");
  const empty = await cli(["inspect", "--store", server.url.replace(/\/postgres$/, "/empty")]);
  assert.is(empty.status, 1);
  assert.match(empty.stderr, /^vedc: there is no vedc store at 127\.0\.0\.1:\d+\/empty, schema vedc: no table vedc\.instances/);
  proc.child.kill("SIGTERM");
  assert.equal((await proc.exited).code, 0);
}, { timeout: 90_000 });

test.run();
