// The runtime's promises, one by one: durable state, the outbox, observation
// filters, polling, pacing, fleets, metrics, and every kind of bad input.
import { cleanup, sleep, spawn, tempDir, test, until, untilFile } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { load, seed } from "./helpers.js";

const { WorkerPool, fileStore, memoryStore } = await load(seed);
const { Booter } = await load(`domain Booter {
  state { workers: int; asked: int }
  effect boot(count: int)
  goal workers + asked == 3
  transition scale when workers + asked < 3 {
    step {
      boot(3 - workers - asked)
      asked = 3 - workers
    }
  }
}`);
const { Typed } = await load(`enum Phase { idle, busy }
domain Typed {
  state { n: int; f: float; ok: bool; name: string; phase: Phase }
  invariant n >= 0
}`);

const fresh = () => tempDir("store");
const folder = (dir, id) => join(dir, encodeURIComponent(id));
const journalFiles = (dir, id) => readdirSync(folder(dir, id)).filter((f) => f.startsWith("journal-")).map((f) => join(folder(dir, id), f));

test("a file store resumes an instance: state, ticks and duplicate filter", async () => {
  const dir = fresh();
  const a = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await a.observe({ workers: 2 }, { key: "crash-1", version: 7 });
  assert.equal(await a.settled(), { status: "converged", state: { workers: 5 }, ticks: 8 });
  await a.stop();
  const b = await WorkerPool.create({ id: "p", store: fileStore(dir), state: { workers: 99 } }).start();
  assert.equal(await b.settled(), { status: "converged", state: { workers: 5 }, ticks: 8 }, "the store's state wins over create's");
  assert.equal(await b.observe({ workers: 1 }, { key: "crash-1" }), { applied: false, reason: "duplicate" });
  assert.equal(await b.observe({ workers: 1 }, { version: 6 }), { applied: false, reason: "stale" });
  assert.is((await b.settled()).ticks, 8, "dropped observations cause no transition");
  await b.stop();
});

test("a torn last commit is cut off; the commits before it survive", async () => {
  const dir = fresh();
  const a = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await a.observe({ workers: 4 });
  await a.settled();
  await a.stop();
  const [file] = journalFiles(dir, "p");
  const good = statSync(file).size;
  appendFileSync(file, '3f1c0a9d22b1 [{"t":"observe","seq":99,"se');
  const b = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  assert.equal((await b.settled()).state, { workers: 5 });
  await b.stop();
  assert.is(statSync(file).size, good, "the torn bytes were truncated");
});

test("damage before intact records is refused, and the files are left alone", async () => {
  const dir = fresh();
  const a = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await a.settled();
  await a.stop();
  const [file] = journalFiles(dir, "p");
  const lines = readFileSync(file, "utf8").split("\n");
  assert.ok(lines.length >= 3, "at least two commits");
  lines[0] = lines[0].replace('"workers":0', '"workers":7');
  writeFileSync(file, lines.join("\n"));
  const before = readFileSync(file, "utf8");
  const err = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.instance(err, Error);
  assert.match(err.message, "line 1 is damaged but later lines are intact");
  assert.is(err.code, "VED_STORE_CORRUPT");
  assert.is(readFileSync(file, "utf8"), before);
});

test("snapshots compact the journal, and recovery reads snapshot plus journal", async () => {
  const dir = fresh();
  const store = fileStore(dir, { snapshotEvery: 10 });
  const a = await WorkerPool.create({ id: "p", store }).start();
  for (let i = 0; i < 12; i++) await a.observe({ workers: i % 9 }, { key: `k${i}` });
  const live = await a.settled();
  await a.stop();
  const files = readdirSync(folder(dir, "p"));
  assert.ok(files.includes("snapshot"));
  assert.ok(journalFiles(dir, "p").length === 1, files.join(","));
  const b = await WorkerPool.create({ id: "p", store: fileStore(dir, { snapshotEvery: 10 }) }).start();
  assert.equal(await b.settled(), live);
  assert.equal(await b.observe({ workers: 0 }, { key: "k3" }), { applied: false, reason: "duplicate" }, "filters survive compaction");
  await b.stop();
});

test("an instance belongs to its domain", async () => {
  const dir = fresh();
  const a = await WorkerPool.create({ id: "shared", store: fileStore(dir) }).start();
  await a.stop();
  const err = await Booter.create({ id: "shared", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.match(err.message, "this instance belongs to domain 'WorkerPool', not 'Booter'");
});

test("two owners of one instance are refused, in this process and from another", async () => {
  const dir = fresh();
  const a = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  const same = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.match(same.message, "instance 'p' is already open in this process");
  await a.stop();
  // Another process holds it: refused while that process lives, taken over once it is dead.
  const lock = join(folder(dir, "p"), "LOCK");
  const holder = spawn(process.execPath, ["-e", `require("fs").writeFileSync(${JSON.stringify(`${lock}.tmp`)}, process.pid + " " + require("os").hostname()); require("fs").renameSync(${JSON.stringify(`${lock}.tmp`)}, ${JSON.stringify(lock)}); setInterval(() => {}, 1000)`]);
  await untilFile(lock);
  const other = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.match(other.message, `instance 'p' is already open in process ${holder.child.pid}`);
  holder.child.kill("SIGKILL");
  await holder.exited;
  const c = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  assert.is((await c.settled()).status, "converged");
  await c.stop();
});

test("any id is a safe folder name", async () => {
  const dir = fresh();
  for (const id of ["../escape", "a/b", ".", "..", "x".repeat(400), "名前 with space"]) {
    const i = await WorkerPool.create({ id, store: fileStore(dir) }).start();
    await i.stop();
  }
  const names = readdirSync(dir);
  assert.is(names.length, 6);
  for (const n of names) assert.ok(!n.includes("/") && n !== "." && n !== ".." && n.length <= 120, n);
});

test("effects carry one key across retries; a failure is retried with backoff", async () => {
  let calls = [];
  const b = Booter.create({
    id: "b",
    effectPolicy: { attempts: 4, baseDelay: 1, maxDelay: 4 },
    effects: {
      boot: async (args, ctx) => {
        calls.push([ctx.key, ctx.attempt]);
        if (ctx.attempt < 3) throw new Error("503 from the cloud");
      },
    },
  });
  const retries = [];
  b.on("effect-retry", (e) => retries.push([e.attempt, e.delay >= 0 && e.delay <= 4, e.error.message]));
  await b.start();
  await b.settled();
  assert.equal(calls, [["b:2:0", 1], ["b:2:0", 2], ["b:2:0", 3]]);
  assert.equal(retries, [[1, true, "Booter: effect 'boot' (from transition 'scale') failed: 503 from the cloud"], [2, true, "Booter: effect 'boot' (from transition 'scale') failed: 503 from the cloud"]]);
  assert.equal(b.metrics().effects, { started: 3, succeeded: 1, retried: 2, failed: 0 });
});

test("an effect that times out is aborted; when attempts run out it is reported and dropped", async () => {
  const dir = fresh();
  const aborted = [];
  const b = Booter.create({
    id: "b",
    store: fileStore(dir),
    effectPolicy: { attempts: 2, baseDelay: 1, timeout: 20 },
    effects: { boot: (args, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => (aborted.push(ctx.attempt), reject(ctx.signal.reason)))) },
  });
  const failed = [];
  b.on("effect-failed", (e) => failed.push([e.key, e.attempt, e.error.message]));
  await b.start();
  await b.settled();
  assert.equal(aborted, [1, 2]);
  assert.equal(failed, [["b:2:0", 2, "Booter: effect 'boot' (from transition 'scale') failed: timed out after 20 ms"]]);
  await b.stop();
  // Dropped means dropped: a restart does not dispatch it again.
  let again = 0;
  const c = await Booter.create({ id: "b", store: fileStore(dir), effects: { boot: () => again++ } }).start();
  await c.settled();
  assert.is(again, 0);
  await c.stop();
});

test("undelivered effects are dispatched again after a restart, with their original keys", async () => {
  const dir = fresh();
  const seen = [];
  const a = Booter.create({ id: "b", store: fileStore(dir), effects: { boot: (args, ctx) => (seen.push(ctx.key), new Promise(() => {})) } });
  await a.start();
  await until(() => seen.length > 0, "the first dispatch of boot");
  await a.stop();
  const b = Booter.create({ id: "b", store: fileStore(dir), effects: { boot: (args, ctx) => void seen.push(ctx.key) } });
  await b.start();
  await b.settled();
  assert.equal(seen, ["b:2:0", "b:2:0"]);
  await b.stop();
});

test("effects in flight are bounded per instance", async () => {
  const { Burst } = await load(`domain Burst {
  state { n: int }
  effect ping(i: int)
  goal n == 20
  transition more when n < 20 { step { ping(n); n += 1 } }
}`);
  let running = 0;
  let most = 0;
  const i = Burst.create({
    effectPolicy: { maxInFlight: 3 },
    effects: {
      ping: async () => {
        most = Math.max(most, ++running);
        await sleep(2);
        running--;
      },
    },
  });
  await i.start();
  await i.settled();
  assert.is(most, 3);
  assert.is(i.metrics().effects.succeeded, 20);
});

test("observe resolves only once the change is durable", async () => {
  const order = [];
  const slow = {
    async open() {
      return {
        async recover() {
          return null;
        },
        async commit(records) {
          await sleep(5);
          order.push(`commit ${records.map((r) => r.t).join(",")}`);
        },
        async close() {},
      };
    },
  };
  const p = await WorkerPool.create({ store: slow }).start();
  await p.settled();
  order.length = 0;
  await p.observe({ workers: 4 }).then(() => order.push("ack"));
  assert.equal(order[0].startsWith("commit observe"), true, order.join(" | "));
  assert.is(order.indexOf("ack"), 1);
});

test("a store that fails to commit stops the instance: nothing is acknowledged that is not durable", async () => {
  let fail = false;
  const flaky = {
    async open() {
      return { recover: async () => null, commit: async () => { if (fail) throw new Error("disk full"); }, close: async () => {} };
    },
  };
  const p = WorkerPool.create({ store: flaky });
  const errors = [];
  p.on("error", (e) => errors.push(e.message));
  await p.start();
  await p.settled();
  fail = true;
  const err = await p.observe({ workers: 1 }).then(() => null, (e) => e);
  assert.match(err.message, "committing to the store failed, so the instance stopped: disk full");
  assert.is(p.status(), "failed");
  assert.match(errors.join(), "disk full");
  await p.observe({ workers: 2 }).then(() => assert.unreachable(), (e) => assert.match(e.message, "failed"));
});

test("duplicates and stale versions never cause a transition (any order, any mix)", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ workers: fc.integer({ min: 0, max: 9 }), key: fc.constantFrom("a", "b", "c", "d", undefined), version: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }), { maxLength: 12 }), async (list) => {
      const live = await WorkerPool.create().start();
      await live.settled();
      const keys = new Set();
      let last = null;
      let expectedTicks = 5;
      for (const { workers, key, version } of list) {
        const r = await live.observe({ workers }, { key, version });
        const dup = key !== undefined && keys.has(key);
        const stale = !dup && version !== undefined && last !== null && version < last;
        if (dup || stale) {
          if (r.applied) return false;
          continue;
        }
        if (!r.applied) return false;
        if (key !== undefined) keys.add(key);
        if (version !== undefined) last = version;
        expectedTicks += Math.abs(workers - 5);
        await live.settled();
      }
      const s = await live.settled();
      await live.stop();
      return s.ticks === expectedTicks && s.state.workers === 5;
    }),
    { numRuns: 60 },
  );
});

test("processing is deterministic and replay of the journal reproduces the live run", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 10 }), async (observations) => {
      const runs = [];
      for (let k = 0; k < 2; k++) {
        const dir = fresh();
        const names = [];
        const i = WorkerPool.create({ id: "d", store: fileStore(dir) });
        i.on("transition", (e) => names.push(e.name));
        await i.start();
        // Many async callers at once: the loop still applies them one by one.
        await Promise.all(observations.map((workers) => i.observe({ workers })));
        const s = await i.settled();
        await i.stop();
        const replayed = await WorkerPool.create({ id: "d", store: fileStore(dir) }).start();
        const r = await replayed.settled();
        await replayed.stop();
        runs.push({ names, state: s.state, ticks: s.ticks, replayed: r.state, replayedTicks: r.ticks });
      }
      const [a, b] = runs;
      return JSON.stringify(a) === JSON.stringify(b) && JSON.stringify(a.state) === JSON.stringify(a.replayed) && a.ticks === a.replayedTicks;
    }),
    { numRuns: 15 },
  );
});

test("transition events form one chain: never two ticks at once, whoever observes", async () => {
  const i = WorkerPool.create();
  const events = [];
  i.on("transition", (e) => events.push(e));
  i.on("observed", (e) => events.push(e));
  await i.start();
  await Promise.all(Array.from({ length: 50 }, (_, k) => i.observe({ workers: k % 11 })));
  await i.settled();
  for (let k = 1; k < events.length; k++) assert.is(events[k].before, events[k - 1].after, `event ${k}`);
});

test("every bad observation is rejected, naming the field, and nothing changes", async () => {
  const i = await Typed.create().start();
  await i.settled();
  const before = i.getState();
  const cases = [
    [{ n: NaN }, "'n' is an int"],
    [{ n: Infinity }, "'n' is an int"],
    [{ n: 1.5 }, "'n' is an int"],
    [{ n: 2 ** 53 }, "'n' is an int"],
    [{ f: NaN }, "'f' is a float (a finite number)"],
    [{ f: -Infinity }, "'f' is a float"],
    [{ f: "1" }, "'f' is a float"],
    [{ ok: 1 }, "'ok' is a bool"],
    [{ name: 5 }, "'name' is a string"],
    [{ phase: "paused" }, `'phase' is a Phase (one of "idle", "busy")`],
    [JSON.parse('{"__proto__": {"n": 1}}'), "unknown field '__proto__'"],
    [{ constructor: 1 }, "unknown field 'constructor'"],
    [{ n: -1 }, "would break invariant 'n >= 0'"],
  ];
  for (const [patch, message] of cases) {
    const err = await i.observe(patch).then(() => null, (e) => e);
    assert.ok(err, `accepted ${JSON.stringify(patch)}`);
    assert.match(err.message, message);
    assert.is(i.getState(), before, "nothing changed");
  }
  await i.observe({ n: 1 }, { version: NaN }).then(() => assert.unreachable(), (e) => assert.match(e.message, "version must be a finite number"));
  await i.observe({ n: 1 }, { key: 7 }).then(() => assert.unreachable(), (e) => assert.match(e.message, "key must be a string"));
  assert.is(i.metrics().observations.rejected, cases.length + 2);
  assert.is(i.metrics().observations.applied, 0);
});

test("polling reads the world on a schedule; a failing read is reported and retried", async () => {
  let reads = 0;
  const errors = [];
  const i = WorkerPool.create({
    poll: {
      every: 2,
      read: () => {
        reads++;
        if (reads === 2) throw new Error("API timeout");
        return reads === 3 ? { workers: 9 } : null;
      },
    },
  });
  i.on("error", (e) => errors.push(e.message));
  const observed = [];
  i.on("observed", (e) => observed.push(e.patch.workers));
  cleanup(() => i.stop());
  await i.start();
  await until(() => reads >= 5, "five polls");
  await i.stop();
  assert.equal(observed, [9]);
  assert.equal(errors, ["WorkerPool: polling failed: API timeout"]);
  assert.throws(() => WorkerPool.create({ poll: { every: 0, read: () => null } }), /poll.every must be/);
});

test("minTickInterval spaces transitions out", async () => {
  const at = [];
  const i = WorkerPool.create({ minTickInterval: 15 });
  i.on("transition", () => at.push(performance.now()));
  await i.start();
  await i.settled();
  assert.is(at.length, 5);
  for (let k = 1; k < at.length; k++) assert.ok(at[k] - at[k - 1] >= 14, `transitions ${k - 1} and ${k} were ${at[k] - at[k - 1]} ms apart`);
});

test("metrics count ticks, transitions, observations and convergence", async () => {
  const i = await WorkerPool.create().start();
  await i.observe({ workers: 8 });
  await i.observe({ workers: 8 }, { key: "x" });
  await i.observe({ workers: 1 }, { key: "x" });
  await i.observe({ wrkers: 1 }).catch(() => {});
  await i.settled();
  const m = i.metrics();
  assert.equal([m.ticks, m.transitions, m.observations], [11, { scale_up: 5, scale_down: 6 }, { applied: 2, stale: 0, duplicate: 1, rejected: 1 }]);
  assert.is(m.convergence.converged, 3);
});

test("the trace option logs each tick in the words of vedc run", async () => {
  const lines = [];
  const i = WorkerPool.create({ trace: (line) => lines.push(line) });
  await i.start();
  await i.observe({ workers: 4 });
  await i.settled();
  assert.equal(lines.slice(0, 2), ["  tick 1: workers == 5 fails → scale_up: workers 0 → 1", "  tick 2: workers == 5 fails → scale_up: workers 1 → 2"]);
  assert.equal(lines.slice(-3), ["observe workers = 4: workers 5 → 4", "  tick 6: workers == 5 fails → scale_up: workers 4 → 5", "  converged at tick 6: the goal holds; sleeping"]);
});

test("a fleet runs many instances by id on one store, each resumed on first use", async () => {
  const store = memoryStore();
  const fleet = WorkerPool.fleet({ store });
  await Promise.all(Array.from({ length: 1000 }, (_, k) => fleet.observe(`pool-${k}`, { workers: k % 10 })));
  await fleet.settled();
  assert.is(fleet.size, 1000);
  const m = await fleet.metrics();
  assert.is(m.observations.applied, 1000);
  assert.is((await fleet.instance("pool-3")).getState().workers, 5);
  await fleet.stop();
  const again = WorkerPool.fleet({ store });
  const p3 = await again.instance("pool-3");
  assert.equal(await p3.settled(), { status: "converged", state: { workers: 5 }, ticks: 7 }, "5 from 0, then 2 after observing 3");
  await again.stop();
});

test("a fleet is fair: a long convergence does not hold up another instance", async () => {
  const { Counter } = await load(`domain Counter { state { n: int; target: int }
    goal n == target
    transition up when n < target { step { n += 1 } } }`);
  const fleet = Counter.fleet({ maxTicks: 100000 });
  const order = [];
  const done = (id) => async () => {
    await (await fleet.instance(id)).settled();
    order.push(id);
  };
  await Promise.all([fleet.observe("slow", { target: 20000 }).then(done("slow")), fleet.observe("quick", { target: 1 }).then(done("quick"))]);
  assert.equal(order, ["quick", "slow"]);
  assert.is((await fleet.instance("slow")).getState().n, 20000);
  await fleet.stop();
});

test.run();
