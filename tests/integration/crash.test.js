// Crash tests: a real child process runs an instance on a file store while
// observations stream in and effects are dispatched, and is killed with
// SIGKILL at random moments. After each restart nothing acknowledged is lost,
// the journal is a faithful run of the domain, and every committed effect is
// dispatched, with its original key.
import { every, sleep, spawn, tempDir, test, until } from "../harness.js";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { compile, bundle } from "../../lib/compiler/index.js";
import { decodeLog } from "../../lib/runtime/store/codec.js";
import { replay, root } from "../helpers.js";

const KILLS = 50;
const dir = tempDir("crash");
const bundlePath = join(dir, "pool.js");
const data = join(dir, "data");
const effectsLog = join(dir, "effects.log");
const worker = join(root, "tests/integration/crash/worker.mjs");

const compiled = await compile(readFileSync(join(root, "tests/integration/crash/pool.ved"), "utf8"), { filename: "pool.ved", format: false });
writeFileSync(bundlePath, (await bundle(compiled.code, { outfile: "pool.js" })).code);
const { Pool } = await import(bundlePath);

/** A small seeded generator, so that a failing run can be repeated. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the worker (killed after the test, whatever happens); `ready` resolves once it has resumed from the store. */
function startWorker(onLine) {
  const { child, exited } = spawn(process.execPath, [worker, bundlePath, data, effectsLog], { stdio: ["pipe", "pipe", "inherit"] });
  const ready = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => (line === "ready" ? resolve() : onLine(line)));
    child.on("exit", (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
  });
  return { child, ready, exited };
}

const acked = new Map();
let sent = 0;

test(`killed with SIGKILL ${KILLS} times while observing and dispatching`, async () => {
  const next = random(20261128);
  for (let round = 0; round < KILLS; round++) {
    const w = startWorker((line) => {
      const [word, key, applied] = line.split(" ");
      if (word === "ack") acked.set(key, applied === "true");
    });
    await w.ready;
    const stopStream = every(1, () => {
      for (let i = 0; i < 3; i++) {
        const patch = { workers: Math.floor(next() * 11), booting: 0 };
        // Now and then the same alert twice: the second must be dropped, never applied.
        const key = next() < 0.2 && sent > 0 ? `obs-${sent - 1}` : `obs-${sent++}`;
        w.child.stdin.write(JSON.stringify({ patch, key }) + "\n");
      }
    });
    await sleep(5 + next() * 40);
    stopStream();
    w.child.kill("SIGKILL");
    await w.exited;
  }
  assert.ok(acked.size > KILLS, `only ${acked.size} observations were acknowledged`);
  if (process.env.CRASH_STATS) console.log({ sent, acked: acked.size, duplicates: [...acked.values()].filter((a) => !a).length });
}, { timeout: 180_000 });

let journal;

test("the journal holds every acknowledged observation", () => {
  const folder = join(data, "pool-1");
  const segments = readdirSync(folder).filter((f) => f.startsWith("journal-")).sort();
  journal = segments.flatMap((s) => decodeLog(readFileSync(join(folder, s)), s, (p, d) => new Error(`${p}: ${d}`)).records);
  const observed = new Set(journal.filter((r) => r.t === "observe").map((r) => r.key));
  for (const [key] of acked) assert.ok(observed.has(key), `acknowledged ${key} is not in the journal`);
  const keys = journal.filter((r) => r.t === "observe").map((r) => r.key);
  assert.is(new Set(keys).size, keys.length, "a duplicate key was applied twice");
});

test("the journal is a faithful run of the domain: replaying it gives the same transitions and state", () => {
  replay(Pool, journal);
});

test("after a last restart it converges, and every committed effect was dispatched with its original key", async () => {
  const w = startWorker((line) => {
    if (line.startsWith("settled ")) w.settled = JSON.parse(line.slice(8));
  });
  await w.ready;
  w.child.stdin.write("settle\n");
  await until(() => w.settled, "the worker to settle");
  w.child.kill("SIGKILL");
  await w.exited;
  assert.is(w.settled.status, "converged");
  assert.is(w.settled.state.workers + w.settled.state.booting, 5);

  const committed = new Map();
  const folder = join(data, "pool-1");
  const all = readdirSync(folder).filter((f) => f.startsWith("journal-")).sort().flatMap((s) => decodeLog(readFileSync(join(folder, s)), s, () => new Error(s)).records);
  for (const r of all) if (r.t === "transition") for (const e of r.effects) committed.set(e.key, e);
  assert.ok(committed.size > 0);
  const dispatched = new Map();
  for (const line of readFileSync(effectsLog, "utf8").trim().split("\n")) {
    const [key, name, args] = line.split(" ");
    const effect = committed.get(key);
    assert.ok(effect, `effect ${key} was dispatched but never committed`);
    assert.equal([name, JSON.parse(args)], [effect.name, effect.args], key);
    dispatched.set(key, (dispatched.get(key) ?? 0) + 1);
  }
  for (const key of committed.keys()) assert.ok(dispatched.has(key), `committed effect ${key} was never dispatched`);
  assert.ok(existsSync(folder));
});

test.run();
