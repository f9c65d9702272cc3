// The PostgreSQL store against a real server the test starts itself.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { compile, bundle } from "../lib/compiler/index.js";
import { postgresStore } from "../lib/runtime/store/postgres.js";
import { root, seed } from "./helpers.js";
import { startPostgres } from "./pg-server.js";

const server = await startPostgres();
const stores = [];
const store = (options = {}) => {
  const s = postgresStore({ connectionString: server.url, ...options });
  stores.push(s);
  return s;
};

async function build(source, name) {
  const dir = mkdtempSync(join(tmpdir(), "vedc-pg-"));
  const compiled = await compile(source, { filename: `${name}.ved`, format: false });
  const path = join(dir, `${name}.js`);
  writeFileSync(path, (await bundle(compiled.code, { outfile: `${name}.js` })).code);
  return { path, module: await import(path) };
}

const { module: pool } = await build(seed, "pool");
const { WorkerPool } = pool;
const booterSource = `domain Booter {
  state { workers: int; asked: int }
  effect boot(count: int)
  goal workers + asked == 3
  transition scale when workers + asked < 3 { step { boot(3 - workers - asked); asked = 3 - workers } }
}`;
const booter = await build(booterSource, "booter");
const { Booter } = booter.module;

test.after(async () => {
  for (const s of stores) await s.close();
  await server.stop();
});

test("an instance resumes from PostgreSQL: state, ticks, duplicate and version filters", async () => {
  const a = await WorkerPool.create({ id: "p1", store: store() }).start();
  await a.observe({ workers: 2 }, { key: "alert-1", version: 4 });
  assert.equal(await a.settled(), { status: "converged", state: { workers: 5 }, ticks: 8 });
  await a.stop();
  const b = await WorkerPool.create({ id: "p1", store: store() }).start();
  assert.equal(await b.settled(), { status: "converged", state: { workers: 5 }, ticks: 8 });
  assert.equal(await b.observe({ workers: 0 }, { key: "alert-1" }), { applied: false, reason: "duplicate" });
  assert.equal(await b.observe({ workers: 0 }, { version: 3 }), { applied: false, reason: "stale" });
  await b.stop();
  const c = new pg.Client(server.url);
  await c.connect();
  const { rows } = await c.query("SELECT count(*)::int AS n FROM vedc.journal WHERE id = 'p1'");
  await c.end();
  assert.is(rows[0].n, 1 + 5 + 1 + 3, "init, five transitions, the observation, three more transitions");
});

test("undelivered effects are dispatched after a restart with their original keys", async () => {
  const seen = [];
  const a = Booter.create({ id: "b1", store: store(), effects: { boot: (args, ctx) => (seen.push(ctx.key), new Promise(() => {})) } });
  await a.start();
  while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  await a.stop();
  const b = Booter.create({ id: "b1", store: store(), effects: { boot: (args, ctx) => void seen.push(ctx.key) } });
  await b.start();
  await b.settled();
  await b.stop();
  assert.equal(seen, ["b1:2:0", "b1:2:0"]);
  const again = Booter.create({ id: "b1", store: store(), effects: { boot: (args, ctx) => void seen.push(ctx.key) } });
  await again.start();
  await again.settled();
  await again.stop();
  assert.is(seen.length, 2, "a delivered effect leaves the outbox for good");
});

test("a second owner is refused while the lease lives", async () => {
  const a = await WorkerPool.create({ id: "p2", store: store({ owner: "replica-a" }) }).start();
  const err = await WorkerPool.create({ id: "p2", store: store({ owner: "replica-b" }) }).start().then(() => null, (e) => e);
  assert.match(err.message, "instance 'p2' is already open in replica replica-a");
  await a.stop();
  const b = await WorkerPool.create({ id: "p2", store: store({ owner: "replica-b" }) }).start();
  await b.stop();
});

test("an instance belongs to its domain", async () => {
  const a = await WorkerPool.create({ id: "shared", store: store() }).start();
  await a.stop();
  const err = await Booter.create({ id: "shared", store: store() }).start().then(() => null, (e) => e);
  assert.match(err.message, "this instance belongs to domain 'WorkerPool', not 'Booter'");
});

test("fencing: a replica frozen past its lease cannot commit or dispatch when it wakes", async () => {
  const child = spawn(process.execPath, [join(root, "tests/pg/holder.mjs"), booter.path, server.url, "600"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = [];
  const waiters = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    waiters.splice(0).forEach((w) => w());
  });
  const waitFor = async (prefix) => {
    while (!lines.some((l) => l.startsWith(prefix))) await new Promise((resolve) => waiters.push(resolve));
    return lines.find((l) => l.startsWith(prefix));
  };
  assert.is(await waitFor("ready"), 'ready ["b:2:0"]');
  child.kill("SIGSTOP");
  await new Promise((resolve) => setTimeout(resolve, 900));
  // The lease ran out: another replica takes the instance over and moves it on.
  const taken = [];
  const b = Booter.create({ id: "b", store: store({ owner: "new-replica" }), effects: { boot: (args, ctx) => void taken.push(ctx.key) } });
  await b.start();
  await b.observe({ workers: 1, asked: 0 });
  await b.settled();
  child.kill("SIGCONT");
  child.stdin.write(JSON.stringify({ workers: 0, asked: 0 }) + "\n");
  const outcome = await waitFor("booted");
  child.kill("SIGKILL");
  assert.match(lines.join("\n"), "refused");
  assert.is(outcome, 'booted ["b:2:0"] failed', "the frozen replica dispatched nothing more and stopped");
  assert.equal(b.getState(), { workers: 1, asked: 2 }, "the new owner's state stands");
  assert.equal(taken, ["b:5:0"], "init, the transition, its effect delivered; then the observation and a new transition");
  await b.stop();
});

test.run();
