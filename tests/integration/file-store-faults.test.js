// The file store's promises with the disk failing at every point, the way
// SQLite tests its I/O:
// - every observation whose observe() resolved is in the journal after a
//   restart with a healthy disk;
// - an observation that was rejected is never applied later (unless its error
//   says the outcome is unknown: the disk refused even to cut the journal back);
// - the instance recovers, or refuses clearly; it never silently loses.
// First a real full disk (a 64 KB tmpfs); then every file operation of a
// scenario (journal, snapshot, lock, recovery) failed in turn with ENOSPC,
// EIO, EACCES, a short write, a disk that stays full, a disk that dies; then
// a real child process stopped and SIGKILLed at each operation.
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, tempDir, cleanup, spawn, untilOutput } from "../harness.js";
import { root, seed } from "../helpers.js";
import { allocates, faultyFs } from "../fault-fs.js";
import { compile, bundle } from "../../lib/compiler/index.js";
import { fileStoreOn } from "../../lib/runtime/store/file.js";
import { ID, PREFIX_KEYS, SNAPSHOT_EVERY, prepare, run } from "./file-store/scenario.mjs";

// Made once for the whole file (a test's tempDir is removed when that test ends).
const work = mkdtempSync(join(tmpdir(), "vedc-faults-"));
test.after(() => rmSync(work, { recursive: true, force: true }));
const bundlePath = join(work, "pool.js");
const compiled = await compile(seed, { filename: "pool.ved" });
writeFileSync(bundlePath, (await bundle(compiled.code, { outfile: "pool.js" })).code);
const { WorkerPool, fileStore } = await import(bundlePath);

/** A folder on a RAM disk when there is one: the sweep fsyncs hundreds of times per run. */
function scratch(name) {
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = mkdtempSync(join(base, `vedc-${name}-`));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The promises, checked through a healthy store: the prefix and every
 * acknowledged key are there, no rejected key is (unless its outcome is
 * unknown), every rejection says what failed, and the instance runs again.
 */
async function promisesHold(dir, outcomes, label) {
  let journal;
  try {
    journal = await fileStore(dir).open(ID, "WorkerPool");
  } catch (error) {
    assert.unreachable(`${label}: the instance could not be recovered: ${error.message}`);
  }
  const image = await journal.recover();
  await journal.close();
  const keys = new Set(image?.keys ?? []);
  for (const key of PREFIX_KEYS) assert.ok(keys.has(key), `${label}: ${key}, committed before the faults, is lost`);
  for (const [key, { outcome, error }] of outcomes) {
    if (key === "start") {
      assert.match(error.message, /E[A-Z]+/, `${label}: start failed without saying how: ${error.message}`);
      continue;
    }
    if (outcome === "acked") assert.ok(keys.has(key), `${label}: ${key} was acknowledged, and is lost`);
    if (outcome !== "rejected") continue;
    assert.ok(/failed: E[A-Z]+/.test(error.message) || /the instance is failed/.test(error.message), `${label}: ${key} was rejected without a clear reason: ${error.message}`);
    if (error.cause?.outcome !== "unknown") assert.ok(!keys.has(key), `${label}: ${key} was rejected, and is applied after a restart`);
  }
  const again = await WorkerPool.create({ id: ID, store: fileStore(dir) }).start();
  const settled = await again.settled();
  await again.stop();
  assert.equal(settled.state, { workers: 5 }, `${label}: the recovered instance converges`);
}

/** A copy of an instance folder with the scenario's healthy prefix, made once. */
const template = join(work, "template");
mkdirSync(template);
await prepare(template, WorkerPool, fileStore(template, { snapshotEvery: SNAPSHOT_EVERY }));
function fromTemplate(name) {
  const dir = scratch(name);
  cpSync(template, dir, { recursive: true });
  return dir;
}

async function runWith(decide) {
  const dir = fromTemplate("run");
  const { fs, calls } = faultyFs(decide);
  const outcomes = new Map();
  await run(WorkerPool, fileStoreOn(fs, dir, { snapshotEvery: SNAPSHOT_EVERY }), (key, outcome, error) => outcomes.set(key, { outcome, error }));
  return { dir, calls, outcomes };
}

test("a real full disk (64 KB tmpfs): nothing acknowledged is lost, nothing rejected comes back", async () => {
  const mount = tempDir("tmpfs");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount]);
  } catch {
    console.log("  (skipped: cannot mount a tmpfs here)");
    return;
  }
  // Lazily: a file a failed assertion left open must not keep the mount alive.
  cleanup(() => execFileSync("umount", ["-l", mount]));
  let lost = 0;
  for (const snapshotEvery of [5_000, 16, 16]) {
    const dir = join(mount, "data");
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(mount, "filler"), Buffer.alloc(40_000));
    const p = await WorkerPool.create({ id: "p", store: fileStore(dir, { snapshotEvery }) }).start();
    const errors = [];
    p.on("error", (e) => errors.push(e));
    const acked = [];
    const rejected = new Map();
    for (let round = 0; rejected.size === 0 && round < 1000; round++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) => {
          const key = `k${round * 20 + j}`;
          return p.observe({ workers: j % 9 }, { key }).then(() => acked.push(key), (e) => rejected.set(key, e));
        }),
      );
    }
    assert.ok(rejected.size > 0, "the disk filled up");
    const status = p.status();
    await p.stop();
    rmSync(join(mount, "filler"));
    const again = await WorkerPool.create({ id: "p", store: fileStore(dir, { snapshotEvery }) }).start();
    for (const key of acked) if ((await again.observe({ workers: 1 }, { key })).applied) lost++;
    for (const key of rejected.keys()) assert.equal(await again.observe({ workers: 1 }, { key }), { applied: true }, `${key} was rejected but is applied`);
    await again.stop();
    assert.is(lost, 0, `acknowledged observations lost (of ${acked.length})`);
    const [first] = rejected.values();
    assert.match(first.message, /\/journal-\d+\.log: (writing|syncing|creating) .*failed: ENOSPC/, "the error names the journal and the errno");
    assert.is(status, "failed", "the instance stopped");
  }
});

test("every file operation of the journal, snapshot, lock and recovery failed in turn: the promises hold", async () => {
  const healthy = await runWith(() => undefined);
  const count = healthy.calls.length;
  assert.ok(count > 100, `the scenario makes ${count} file operations`);
  assert.ok([...healthy.outcomes.values()].every((o) => o.outcome === "acked"));
  const sites = new Set(healthy.calls.map((c) => c.site));
  const kinds = {
    ENOSPC: (n) => (call) => (call.n === n ? "ENOSPC" : undefined),
    EIO: (n) => (call) => (call.n === n ? "EIO" : undefined),
    EACCES: (n) => (call) => (call.n === n ? "EACCES" : undefined),
    short: (n) => (call) => (call.n === n ? "short" : undefined),
    // The disk fills at call n: a write there is cut short, and from then on nothing that allocates succeeds.
    full: (n) => (call) => (call.n === n && call.op === "write" ? "short" : call.n >= n && allocates(call) ? "ENOSPC" : undefined),
    // The disk dies at call n: every call from then on fails.
    dead: (n) => (call) => (call.n >= n ? "EIO" : undefined),
  };
  const tally = { runs: 0, acked: 0, rejected: 0, unknown: 0, startFailed: 0 };
  for (const [kind, decide] of Object.entries(kinds)) {
    const unknownBefore = tally.unknown;
    for (let n = 1; n <= count; n++) {
      if (kind === "short" && healthy.calls[n - 1].op !== "write") continue;
      const { dir, outcomes } = await runWith(decide(n));
      await promisesHold(dir, outcomes, `${kind} at call ${n} (${healthy.calls[n - 1].site})`);
      rmSync(dir, { recursive: true, force: true });
      tally.runs++;
      for (const { outcome, error } of outcomes.values()) {
        if (outcome === "acked") tally.acked++;
        if (outcome === "rejected") tally.rejected++;
        if (error?.cause?.outcome === "unknown") tally.unknown++;
        if (outcome === "failed") tally.startFailed++;
      }
    }
    // Only a disk that refuses even to cut the journal back leaves a commit's outcome unknown.
    if (kind !== "dead") assert.is(tally.unknown, unknownBefore, `${kind}: every rejected commit was cut back`);
  }
  console.log(`  ${count} file operations at ${sites.size} call sites; ${tally.runs} faulty runs: ${tally.acked} acknowledged, ${tally.rejected} rejected (${tally.unknown} with an unknown outcome), ${tally.startFailed} starts refused`);
}, { timeout: 600_000 });

test("a real process stopped and SIGKILLed at each file operation: recovery keeps every acknowledgement", async () => {
  const healthy = await runWith(() => undefined);
  const points = [];
  for (let n = 1; n <= healthy.calls.length + 1; n++) {
    points.push([n, "before"]);
    if (healthy.calls[n - 1]?.op === "write") points.push([n, "torn"]);
  }
  const child = join(root, "tests/integration/file-store/crash-child.mjs");
  let killed = 0;
  const crashAt = async ([n, mode]) => {
    const dir = fromTemplate("crash");
    const proc = spawn(process.execPath, [child, bundlePath, dir, String(n), mode]);
    const out = await untilOutput(proc, (o) => o.stdout.includes("stopped at") || o.stdout.includes("done\n") || !proc.running(), `call ${n}`, 60_000).catch(() => proc.out);
    if (out.stdout.includes("stopped at")) {
      proc.child.kill("SIGKILL");
      killed++;
    }
    const { code, signal } = await proc.exited;
    assert.ok(signal === "SIGKILL" || code === 0, `call ${n} ${mode}: the child failed: ${out.stderr}`);
    const outcomes = new Map();
    for (const line of out.stdout.split("\n")) {
      const [outcome, key, ...message] = line.split(" ");
      if (outcome === "acked" || outcome === "rejected" || outcome === "failed") outcomes.set(key, { outcome, error: new Error(message.join(" ")) });
    }
    assert.ok(![...outcomes.values()].some((o) => o.outcome !== "acked"), `call ${n} ${mode}: nothing fails without a fault: ${out.stdout}`);
    await promisesHold(dir, outcomes, `stopped ${mode} call ${n}`);
    rmSync(dir, { recursive: true, force: true });
  };
  // Two at a time: the machine has two cores.
  for (let i = 0; i < points.length; i += 2) await Promise.all(points.slice(i, i + 2).map(crashAt));
  assert.ok(killed >= healthy.calls.length, `killed ${killed} times`);
  console.log(`  ${points.length} crash points (${healthy.calls.length} operations, stopped before each, and in the middle of each write): ${killed} SIGKILLs, every acknowledgement kept`);
}, { timeout: 600_000 });

test.run();
