// What a caller hands the runtime is read once, and what was read is what is
// checked, applied and journaled: a getter or a Proxy that answers one thing
// to validation and another later cannot put a bad value in the journal
// (where it would stop the instance from ever starting again).
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test, tempDir } from "./harness.js";
import { load, seed } from "./helpers.js";
import { decodeLog } from "../lib/runtime/store/codec.js";

const { WorkerPool, fileStore } = await load(seed);
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

/** Answers `first`, then `later` on every read after. */
function turncoat(first, later) {
  let reads = 0;
  return {
    read: () => (reads++ === 0 ? first : later),
    reads: () => reads,
  };
}

function journalRecords(dir, id = "p") {
  const folder = join(dir, id);
  return readdirSync(folder)
    .filter((f) => f.startsWith("journal-"))
    .sort()
    .flatMap((f) => decodeLog(readFileSync(join(folder, f)), f, (p, d) => new Error(`${p}: ${d}`)).records);
}

/** The instance starts again from its journal, which holds only what validation saw. */
async function restarts(dir) {
  const again = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  const settled = await again.settled();
  await again.stop();
  return settled;
}

test("a getter read once: its first answer is what is checked, applied and journaled", async () => {
  const dir = tempDir("getter");
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir), minTickInterval: 0 }).start();
  await p.settled();
  const value = turncoat(3, "three");
  const seen = [];
  p.on("observed", (e) => seen.push(e.after.workers));
  assert.equal(await p.observe({ get workers() { return value.read(); } }, { key: "g" }), { applied: true });
  assert.is(value.reads(), 1, "the getter was called once");
  assert.equal(seen, [3]);
  const observed = journalRecords(dir).filter((r) => r.t === "observe");
  assert.equal(observed.map((r) => r.set), [{ workers: 3 }]);
  await p.stop();
  assert.is((await restarts(dir)).status, "converged", "the instance can start again");
});

test("a getter whose first answer is bad is rejected, whatever it says later; nothing is applied", async () => {
  const dir = tempDir("getter-bad");
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await p.settled();
  const value = turncoat("three", 3);
  const error = await p.observe({ get workers() { return value.read(); } }).then(() => null, (e) => e);
  assert.is(error?.code, "VED_BAD_OBSERVATION");
  assert.is(value.reads(), 1);
  await p.stop();
  assert.equal(journalRecords(dir).filter((r) => r.t === "observe"), []);
});

test("a Proxy answering differently on each read is read once", async () => {
  const dir = tempDir("proxy");
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await p.settled();
  const value = turncoat(3, "three");
  const trapped = new Proxy({ workers: 0 }, {
    get: (target, key) => (key === "workers" ? value.read() : target[key]),
    getOwnPropertyDescriptor: (target, key) => ({ ...Reflect.getOwnPropertyDescriptor(target, key) }),
  });
  assert.equal(await p.observe(trapped), { applied: true });
  const throwing = new Proxy({}, { ownKeys: () => { throw new Error("no keys today"); } });
  const error = await p.observe(throwing).then(() => null, (e) => e);
  assert.is(error?.code, "VED_BAD_OBSERVATION");
  assert.match(error.message, "observation could not be read: no keys today");
  await p.stop();
  assert.equal(journalRecords(dir).filter((r) => r.t === "observe").map((r) => r.set), [{ workers: 3 }]);
  assert.is((await restarts(dir)).status, "converged");
});

test("observe options are read once: a version or key getter cannot turn into a bad value", async () => {
  const dir = tempDir("options");
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await p.settled();
  const version = turncoat(5, "five");
  const key = turncoat("k1", { not: "a string" });
  const options = { get version() { return version.read(); }, get key() { return key.read(); } };
  assert.equal(await p.observe({ workers: 2 }, options), { applied: true });
  await p.stop();
  const [record] = journalRecords(dir).filter((r) => r.t === "observe");
  assert.is(record.version, 5);
  assert.is(record.key, "k1");
  assert.is((await restarts(dir)).status, "converged");
});

test("create() reads its state, params and options once", async () => {
  const dir = tempDir("create");
  const state = turncoat(4, "four");
  const id = turncoat("p", 42);
  const p = WorkerPool.create({
    get id() { return id.read(); },
    store: fileStore(dir),
    state: { get workers() { return state.read(); } },
  });
  assert.is(p.id, "p");
  await p.start();
  assert.is(state.reads(), 1);
  await p.stop();
  const [init] = journalRecords(dir);
  assert.equal(init.state, { workers: 4 });
});

test("effect handlers are read once: a getter cannot swap a handler for a non-function", async () => {
  const calls = [];
  const handler = turncoat(async (args) => calls.push(args), "not a function");
  const b = await Booter.create({ effects: { get boot() { return handler.read(); } } }).start();
  await b.settled();
  assert.equal(calls, [{ count: 3 }]);
  assert.is(handler.reads(), 1);
  await b.stop();
});

test.run();
