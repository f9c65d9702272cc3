// The file store's promises under damage and faults, one by one: a torn tail
// is cut off and anything else refused, leaving every file as it was; a
// failed commit is rejected and never comes back; a snapshot that cannot be
// written does not turn a durable commit into a rejection; every write is
// whole; an instance id is a folder name or refused at create().
import * as assert from "uvu/assert";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test, tempDir } from "./harness.js";
import { load, seed } from "./helpers.js";
import { faultyFs } from "./fault-fs.js";
import { fileStoreOn } from "../lib/runtime/store/file.js";

const { WorkerPool, fileStore } = await load(seed);

const folder = (dir, id = "p") => join(dir, id);
const journals = (dir, id = "p") => readdirSync(folder(dir, id)).filter((f) => f.startsWith("journal-")).sort().map((f) => join(folder(dir, id), f));

/** Every file of an instance's folder, by name, as bytes. */
function contents(dir, id = "p") {
  return Object.fromEntries(readdirSync(folder(dir, id)).sort().map((name) => [name, readFileSync(join(folder(dir, id), name))]));
}

/** An instance with a few commits on disk, each observation its own commit (its own line). */
async function history(dir, observations = 4, options = {}) {
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir, options) }).start();
  await p.settled();
  for (let i = 0; i < observations; i++) {
    await p.observe({ workers: i }, { key: `k${i}` });
    await p.settled();
  }
  await p.stop();
}

/** The keys an instance folder's journal holds, read through a healthy store. */
async function keysIn(dir, id = "p") {
  const journal = await fileStore(dir).open(id, "WorkerPool");
  const image = await journal.recover();
  await journal.close();
  return new Set(image?.keys ?? []);
}

/** Opening must fail with VED_STORE_CORRUPT naming `file` (and `detail`), leaving every file byte-identical. */
async function refuses(dir, file, detail) {
  const before = contents(dir);
  const error = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.ok(error, "the damaged instance was started");
  assert.is(error.code, "VED_STORE_CORRUPT", error.message);
  assert.ok(error.message.startsWith(`${file}: `), `names the file: ${error.message}`);
  if (detail) assert.match(error.message, detail);
  assert.equal(contents(dir), before, "every file is left exactly as it was");
}

function flipByte(file, lineIndex, lines = readFileSync(file, "utf8").split("\n")) {
  const line = lines[lineIndex];
  const at = line.lastIndexOf('"seq":') + 6;
  lines[lineIndex] = line.slice(0, at) + String((Number(line[at]) + 1) % 10) + line.slice(at + 1);
  writeFileSync(file, lines.join("\n"));
}

test("a torn tail (the start of a line, cut short; or a whole line missing its newline) is cut off", async () => {
  const dir = tempDir("torn");
  await history(dir);
  const [file] = journals(dir);
  const good = readFileSync(file);
  const lastLine = good.toString("utf8").split("\n").at(-2);
  const tails = ['3f1c0a9d22b1 [{"t":"observe","seq":99,"se', "3f1c0a", `${lastLine.replace(/"seq":\d+/, '"seq":999')}`, `3f1c0a9d22b1 [{"t":"ob${"\0".repeat(300)}`, "\0".repeat(4096)];
  for (const tail of tails) {
    writeFileSync(file, Buffer.concat([good, Buffer.from(tail)]));
    const p = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
    assert.equal((await p.settled()).state, { workers: 5 }, JSON.stringify(tail.slice(0, 20)));
    await p.stop();
    assert.equal(readFileSync(file), good, `the torn bytes were cut off: ${JSON.stringify(tail.slice(0, 20))}`);
  }
});

test("damage to the last two commits (a flipped byte in each) is refused, not cut off", async () => {
  const dir = tempDir("two");
  await history(dir);
  const [file] = journals(dir);
  const lines = readFileSync(file, "utf8").split("\n");
  flipByte(file, lines.length - 2, lines);
  flipByte(file, lines.length - 3, lines);
  await refuses(dir, file, `line ${lines.length - 2} is damaged but later lines are intact`);
});

test("a flipped byte in the last whole line, or in a middle line, is refused", async () => {
  const dir = tempDir("flip");
  await history(dir);
  const [file] = journals(dir);
  const original = readFileSync(file);
  const count = original.toString("utf8").split("\n").length - 1;
  flipByte(file, count - 1);
  await refuses(dir, file, `line ${count} is damaged and is a whole line (it ends in a newline), so no crash tore it`);
  writeFileSync(file, original);
  flipByte(file, 2);
  await refuses(dir, file, "line 3 is damaged but later lines are intact");
  // The last line's newline overwritten: a whole line, not a torn one.
  writeFileSync(file, Buffer.concat([original.subarray(0, -1), Buffer.from("x")]));
  await refuses(dir, file, `line ${count} (the last, `);
});

test("a journal replaced by garbage is refused, with or without newlines", async () => {
  const dir = tempDir("garbage");
  await history(dir);
  const [file] = journals(dir);
  writeFileSync(file, "this is not a journal");
  await refuses(dir, file, "line 1 (the last, 21 bytes with no newline) is not the start of a journal line");
  const noise = Buffer.alloc(3000);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251;
  writeFileSync(file, noise);
  await refuses(dir, file, "line 1 ");
});

test("a snapshot names the journal after it: that journal deleted, or an old snapshot restored, is refused", async () => {
  const dir = tempDir("deleted");
  await history(dir, 9, { snapshotEvery: 4 });
  const snapshot = join(folder(dir), "snapshot");
  const [file] = journals(dir);
  const saved = readFileSync(file);
  unlinkSync(file);
  await refuses(dir, snapshot, `says ${file.split("/").at(-1)} holds the ones after them, but ${file.split("/").at(-1)} is missing`);
  writeFileSync(file, saved);
  // A snapshot from before the last compaction: the journal it names is gone.
  const old = readFileSync(snapshot);
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir, { snapshotEvery: 4 }) }).start();
  for (let i = 0; i < 6; i++) await p.observe({ workers: i }, { key: `again${i}` });
  await p.stop();
  writeFileSync(snapshot, old);
  await refuses(dir, snapshot, "is missing");
});

test("a snapshot of another instance, or a damaged one, is refused", async () => {
  const dir = tempDir("foreign");
  await history(dir, 5, { snapshotEvery: 4 });
  const other = await WorkerPool.create({ id: "q", store: fileStore(dir, { snapshotEvery: 4 }) }).start();
  for (let i = 0; i < 6; i++) await other.observe({ workers: i + 1 });
  await other.stop();
  const snapshot = join(folder(dir), "snapshot");
  const own = readFileSync(snapshot);
  copyFileSync(join(folder(dir, "q"), "snapshot"), snapshot);
  await refuses(dir, snapshot, "this is the snapshot of instance 'q', not 'p'");
  writeFileSync(snapshot, own.toString("utf8").replace('"ticks":', '"ticks":1'));
  await refuses(dir, snapshot, "the snapshot is damaged");
});

test("every write is whole: short writes are completed, never acknowledged half-written", async () => {
  const dir = tempDir("short");
  const { fs, calls } = faultyFs((call) => (call.op === "write" ? "short" : undefined));
  const p = await WorkerPool.create({ id: "p", store: fileStoreOn(fs, dir, { snapshotEvery: 5 }) }).start();
  await Promise.all(Array.from({ length: 12 }, (_, i) => p.observe({ workers: i % 9 }, { key: `k${i}` })));
  await p.stop();
  assert.ok(calls.filter((c) => c.op === "write").length > 24, "writes were cut short and resumed");
  const keys = await keysIn(dir);
  for (let i = 0; i < 12; i++) assert.ok(keys.has(`k${i}`), `k${i} was acknowledged and is in the journal`);
});

test("a commit that fails is rejected naming the file and errno, cut back, and never applied after a restart", async () => {
  for (const [op, errno] of [
    ["datasync", "EIO"],
    ["write", "ENOSPC"],
  ]) {
    const dir = tempDir("failed");
    let armed = false;
    // A full disk writes part of the line, then refuses the rest.
    let partial = false;
    const { fs } = faultyFs((call) => {
      if (!armed || call.op !== op || !call.path.includes("journal-")) return undefined;
      if (op === "write" && !partial) return (partial = true), "short";
      armed = false;
      return errno;
    });
    const p = await WorkerPool.create({ id: "p", store: fileStoreOn(fs, dir) }).start();
    await p.observe({ workers: 2 }, { key: "before" });
    await p.settled();
    const errors = [];
    p.on("error", (e) => errors.push(e));
    armed = true;
    const error = await p.observe({ workers: 7 }, { key: "failed" }).then(() => null, (e) => e);
    assert.ok(error, `a failed ${op} was acknowledged`);
    const [file] = journals(dir);
    assert.match(error.message, `${file}: `);
    assert.match(error.message, `failed: ${errno}: `);
    assert.match(error.message, "the commit was not applied");
    assert.is(error.cause.code, "VED_STORE_IO");
    assert.is(error.cause.errno, errno);
    assert.is(p.status(), "failed", "the instance stopped acting");
    assert.equal(
      errors.map((e) => e.message),
      [error.message],
    );
    await p.stop();
    assert.ok(!readFileSync(file, "utf8").includes('"failed"'), "nothing of the failed commit is left in the journal");
    const keys = await keysIn(dir);
    assert.ok(keys.has("before"));
    assert.ok(!keys.has("failed"), "the rejected observation is not applied after a restart");
    const again = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
    assert.equal(await again.observe({ workers: 7 }, { key: "failed" }), { applied: true }, "a retry is applied, not dropped as a duplicate");
    await again.stop();
  }
});

test("a snapshot that cannot be written leaves the commit acknowledged; it is reported and tried again", async () => {
  const dir = tempDir("snapshot");
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir, { snapshotEvery: 4 }) }).start();
  await p.settled();
  // A directory where the snapshot's temporary file goes: every write of it fails (EISDIR).
  mkdirSync(join(folder(dir), "snapshot.tmp"));
  const errors = [];
  p.on("error", (e) => errors.push(e));
  const results = [];
  for (let i = 0; i < 8; i++) results.push(await p.observe({ workers: i % 3 }, { key: `k${i}` }));
  assert.equal(results, Array(8).fill({ applied: true }), "every observation is acknowledged: its commit is durable");
  assert.ok(errors.length >= 1, "the failed snapshot is reported");
  assert.is(errors[0].code, "VED_STORE_IO");
  assert.match(errors[0].message, `${join(folder(dir), "snapshot")}: writing the snapshot failed: EISDIR`);
  assert.match(errors[0].message, "the journal still holds every record");
  assert.is((await p.settled()).status, "converged", "the instance goes on");
  rmdirSync(join(folder(dir), "snapshot.tmp"));
  for (let i = 8; i < 13; i++) await p.observe({ workers: i % 3 }, { key: `k${i}` });
  await p.stop();
  assert.ok(readdirSync(folder(dir)).includes("snapshot"), "the next snapshot was written");
  const again = await WorkerPool.create({ id: "p", store: fileStore(dir, { snapshotEvery: 4 }) }).start();
  for (let i = 0; i < 13; i++) assert.equal(await again.observe({ workers: 1 }, { key: `k${i}` }), { applied: false, reason: "duplicate" }, `k${i} survived`);
  await again.stop();
});

test("an id that cannot name a folder (a lone surrogate) is refused at create(), clearly", async () => {
  const dir = tempDir("ids");
  for (const id of ["a\uD800", "\uDC00b", "x\uDBFF\uDBFFy"]) {
    let error;
    try {
      WorkerPool.create({ id, store: fileStore(dir) });
    } catch (e) {
      error = e;
    }
    assert.instance(error, TypeError, JSON.stringify(id));
    assert.match(error.message, "is not valid Unicode text (a lone surrogate at index");
    const fleetError = await WorkerPool.fleet({ store: fileStore(dir) })
      .observe(id, { workers: 1 })
      .then(() => null, (e) => e);
    assert.match(fleetError?.message ?? "", "is not valid Unicode text");
  }
  // A well-formed pair is fine.
  const ok = await WorkerPool.create({ id: "emoji \uD83D\uDE00", store: fileStore(dir) }).start();
  await ok.stop();
  assert.equal(readdirSync(dir), [encodeURIComponent("emoji \uD83D\uDE00")]);
});

test("the torn tail is cut only after the whole folder is read: damage elsewhere leaves it too", async () => {
  const dir = tempDir("both");
  await history(dir);
  const [file] = journals(dir);
  flipByte(file, 1);
  appendFileSync(file, '3f1c0a9d22b1 [{"t":"obs');
  const size = statSync(file).size;
  await refuses(dir, file, "line 2 is damaged");
  assert.is(statSync(file).size, size);
});
test.run();
