// The PostgreSQL store against a real server the test starts itself.
import { cleanup, sleep, spawn, tempDir, test, until } from "../harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { compile, bundle } from "../../lib/compiler/index.js";
import { postgresStore } from "../../lib/runtime/store/postgres/index.js";
import { replay, root, seed } from "../helpers.js";
import { journalOf as readJournal, startPostgres } from "./pg-server.js";

const server = await startPostgres();
/** A store on the test server, closed after the test. */
const store = (options = {}) => {
  const s = postgresStore({ connectionString: server.url, ...options });
  cleanup(() => s.close());
  return s;
};

async function build(source, name) {
  const dir = tempDir("pg-bundle");
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
  const { rows } = await c.query("SELECT count(*)::int AS n FROM vedc.records WHERE id = 'p1'");
  await c.end();
  assert.is(rows[0].n, 1 + 5 + 1 + 3, "init, five transitions, the observation, three more transitions");
});

test("undelivered effects are dispatched after a restart with their original keys", async () => {
  const seen = [];
  const a = Booter.create({ id: "b1", store: store(), effects: { boot: (args, ctx) => (seen.push(ctx.key), new Promise(() => {})) } });
  await a.start();
  await until(() => seen.length > 0, "the first dispatch of boot");
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

test("params per instance are kept in PostgreSQL: two instances resume with their own, and others are refused", async () => {
  const { module } = await build(`domain Sized {
  param target: int = 5
  state { workers: int }
  goal workers == target
  transition up when workers < target { step { workers += 1 } }
  transition down when workers > target { step { workers -= 1 } }
}`, "sized");
  const { Sized } = module;
  const first = store();
  const a = await Sized.create({ id: "sized-a", store: first, params: { target: 2 } }).start();
  const b = await Sized.create({ id: "sized-b", store: first, params: { target: 7 } }).start();
  await Promise.all([a.settled(), b.settled()]);
  await Promise.all([a.stop(), b.stop()]);
  const again = store();
  const [ra, rb] = await Promise.all([Sized.create({ id: "sized-a", store: again }).start(), Sized.create({ id: "sized-b", store: again }).start()]);
  assert.equal([ra.getParams(), rb.getParams()], [{ target: 2 }, { target: 7 }]);
  await ra.observe({ workers: 0 });
  assert.is((await ra.settled()).state.workers, 2);
  await Promise.all([ra.stop(), rb.stop()]);
  const refused = await Sized.create({ id: "sized-b", store: store(), params: { target: 1 } }).start().then(() => null, (e) => e);
  assert.is(refused?.code, "VED_PARAMS_MISMATCH");
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
  const { child } = spawn(process.execPath, [join(root, "tests/integration/pg/holder.mjs"), booter.path, server.url, "600"], { stdio: ["pipe", "pipe", "inherit"] });
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
  // Wait until the lease has run out by the server's clock, however long the machine takes.
  await until(async () => {
    const c = new pg.Client(server.url);
    await c.connect();
    try {
      const { rows } = await c.query("SELECT lease_until < now() AS expired FROM vedc.instances WHERE id = 'b'");
      return rows[0]?.expired === true;
    } finally {
      await c.end();
    }
  }, "the frozen replica's lease to run out", 20_000, 50);
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

// ---- replicas ----------------------------------------------------------------------------

const counterSource = `domain Counter {
  state { n: int; target: int }
  effect tick(n: int)
  goal n == target
  transition up when n < target { step { n += 1; tick(n) } }
}`;
const counter = await build(counterSource, "counter");

/** A replica process whose report lines are collected, with a way to wait for one. */
function startReplica(name, domain, bundlePath, { lease = 1000, pace = 0 } = {}) {
  const { child, exited } = spawn(process.execPath, [join(root, "tests/integration/pg/replica.mjs"), bundlePath, server.url, String(lease), name, domain, String(pace)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = [];
  const waiters = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push({ line, at: performance.now() });
    waiters.splice(0).forEach((w) => w());
  });
  return {
    child,
    lines,
    exited,
    async waitFor(test) {
      for (;;) {
        const found = lines.find((l) => test(l.line));
        if (found) return found;
        await new Promise((resolve) => waiters.push(resolve));
      }
    },
    send: (id, patch, key) => child.stdin.write(`${id} ${JSON.stringify(patch)}${key ? ` ${key}` : ""}\n`),
  };
}

const journalOf = (id) => readJournal(server.url, id);

test("failover: kill the replica driving an instance mid-convergence; another takes over within the bound and loses nothing", async () => {
  const lease = 1000;
  const a = startReplica("replica-a", "Counter", counter.path, { lease, pace: 20 });
  await a.waitFor((l) => l === "ready");
  const b = startReplica("replica-b", "Counter", counter.path, { lease, pace: 20 });
  await b.waitFor((l) => l === "ready");
  a.send("c1", { target: 60 });
  await a.waitFor((l) => l.startsWith("transition c1 up {\"n\":15"));
  a.child.kill("SIGKILL");
  const killedAt = performance.now();
  await a.exited;
  const claimed = await b.waitFor((l) => l === "claimed c1");
  const acted = await b.waitFor((l) => l.startsWith("transition c1"));
  // Events come before the commit; an effect is dispatched only after it: the last one means all is durable.
  await b.waitFor((l) => l.startsWith("effect ") && l.endsWith(' tick {"n":60}'));
  b.child.kill("SIGKILL");
  await b.exited;
  // Taken over within the lease plus a scan, with room for a loaded machine.
  assert.ok(acted.at - killedAt < lease + 100 + 1500, `took ${Math.round(acted.at - killedAt)} ms`);
  assert.ok(claimed.at - killedAt > 0);
  const journal = await journalOf("c1");
  journal.forEach((r, i) => assert.is(r.seq, i + 1, "one serial history, no gaps"));
  const committed = new Map(journal.filter((r) => r.t === "transition").flatMap((r) => r.effects.map((e) => [e.key, e])));
  assert.is(journal.filter((r) => r.t === "transition").length, 60, "no committed transition lost or repeated");
  const dispatched = [...a.lines, ...b.lines].map((l) => l.line).filter((l) => l.startsWith("effect ")).map((l) => l.split(" "));
  for (const [, key, name, args] of dispatched) {
    assert.ok(committed.has(key), `${key} dispatched but never committed`);
    assert.equal([name, JSON.parse(args)], [committed.get(key).name, committed.get(key).args]);
  }
  const keys = new Set(dispatched.map((d) => d[1]));
  for (const key of committed.keys()) assert.ok(keys.has(key), `committed effect ${key} was never dispatched`);
});

test("race: three replicas, chaos at all of them; one serial history and exactly one boot per scale-up", async () => {
  const replicas = [];
  for (const name of ["r1", "r2", "r3"]) {
    const r = startReplica(name, "Booter", booter.path, { lease: 2000 });
    await r.waitFor((l) => l === "ready");
    replicas.push(r);
  }
  let k = 0;
  for (let round = 0; round < 30; round++) {
    const patch = { workers: round % 4, asked: 0 };
    const key = `alert-${Math.floor(k++ / 2)}`; // every alert arrives twice, at two replicas
    replicas[round % 3].send("pool", patch, key);
    replicas[(round + 1) % 3].send("pool", patch, key);
    await sleep(5);
  }
  // Settled: every alert applied once, the goal holding, and every committed boot dispatched.
  const bootsDispatched = () => new Set(replicas.flatMap((r) => r.lines.map((l) => l.line).filter((l) => l.startsWith("effect ") && l.includes(" boot "))).map((l) => l.split(" ")[1]));
  await until(async () => {
    const journal = await journalOf("pool");
    const observed = journal.filter((r) => r.t === "observe").length;
    const committed = journal.filter((r) => r.t === "transition").flatMap((r) => r.effects.map((e) => e.key));
    const state = journal.reduce((s, r) => ({ ...s, ...(r.state ?? {}), ...(r.set ?? {}) }), {});
    const booted = bootsDispatched();
    return observed >= 15 && state.workers + state.asked === 3 && committed.every((k) => booted.has(k));
  }, "every alert applied, the goal holding and every boot dispatched", 60_000, 50);
  // Then quiet for a while, so that a boot dispatched once too often would show.
  for (let last = -1, n = 0; n !== last; ) {
    last = n;
    await sleep(400);
    n = (await journalOf("pool")).length + bootsDispatched().size;
  }
  for (const r of replicas) r.child.kill("SIGKILL");
  await Promise.all(replicas.map((r) => r.exited));
  const journal = await journalOf("pool");
  journal.forEach((r, i) => assert.is(r.seq, i + 1, "one serial history"));
  const state = replay(Booter, journal);
  assert.is(state.workers + state.asked, 3, "the goal holds");
  const keys = journal.filter((r) => r.t === "observe").map((r) => r.key);
  assert.is(new Set(keys).size, keys.length, "no alert applied twice");
  const scaleUps = journal.filter((r) => r.t === "transition" && r.name === "scale").length;
  const boots = bootsDispatched();
  assert.is(boots.size, scaleUps, "one boot per committed scale-up, never one more");
});

test.run();
