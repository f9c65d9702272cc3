// One owner per file-store instance: a live owner's LOCK is never taken; a
// lock whose owner is gone — killed, a reused pid, another boot, a dead
// container's PID namespace, or a lock left empty, garbled or with pid 0 or
// -1 — is taken over. (The many-process race is tests/integration/lock-race.)
import * as assert from "uvu/assert";
import { existsSync, readFileSync, readdirSync, readlinkSync, utimesSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { test, tempDir, spawn, untilOutput } from "./harness.js";
import { load, seed } from "./helpers.js";

const { WorkerPool, fileStore } = await load(seed);

const hasProc = existsSync("/proc/self/stat");
const boot = hasProc ? readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() : undefined;
const pidns = hasProc ? readlinkSync("/proc/self/ns/pid") : undefined;
const startOf = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
};

/** A fresh store with instance "p" created once, and its LOCK path. */
async function prepared() {
  const dir = tempDir("lock");
  const p = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await p.stop();
  return { dir, lock: join(dir, "p", "LOCK") };
}

function writeLock(path, content, ageSeconds = 60) {
  writeFileSync(path, content);
  const then = Date.now() / 1000 - ageSeconds;
  utimesSync(path, then, then);
}

const open = (dir) => WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then((p) => ({ p }), (error) => ({ error }));

/** The stale lock is taken over: the instance runs, LOCK names this process, and nothing of the takeover is left. */
async function takesOver(dir, lock, what) {
  const { p, error } = await open(dir);
  assert.ok(p, `${what}: ${error?.message}`);
  assert.is(JSON.parse(readFileSync(lock, "utf8")).pid, process.pid, `${what}: LOCK is ours`);
  assert.equal(readdirSync(join(dir, "p")).filter((n) => n.startsWith("LOCK.")), [], `${what}: no claim or temporary file is left`);
  await p.stop();
  assert.ok(!existsSync(lock), `${what}: LOCK is removed on stop`);
}

async function refused(dir, holder) {
  const { p, error } = await open(dir);
  if (p) await p.stop();
  assert.ok(error, "a second owner was let in");
  assert.is(error.code, "VED_INSTANCE_LOCKED", error.message);
  assert.match(error.message, holder);
}

test("an empty, garbled, pid 0 or pid -1 lock is taken over once it is old; a young unreadable one is refused", async () => {
  const { dir, lock } = await prepared();
  for (const content of ["", "garbage\n", "\0\0\0\0", `0 ${hostname()}\n`, `-1 ${hostname()}\n`, `{"pid":0,"host":"${hostname()}"}\n`, `{"pid":-1,"host":"${hostname()}"}`]) {
    writeLock(lock, content, 1);
    await refused(dir, "LOCK is unreadable (empty, or not a lock) and only");
    writeLock(lock, content, 6);
    await takesOver(dir, lock, JSON.stringify(content));
  }
});

test("a lock holding this very pid from an earlier process (a restart as PID 1 of a new container) is taken over", async () => {
  const { dir, lock } = await prepared();
  // An older vedc's lock: just "<pid> <host>".
  writeLock(lock, `${process.pid} ${hostname()}\n`);
  await takesOver(dir, lock, "legacy lock with our pid");
  if (!hasProc) return;
  writeLock(lock, JSON.stringify({ pid: process.pid, host: hostname(), boot, start: "1", pidns }));
  await takesOver(dir, lock, "our pid, another start time");
});

test("a lock of a dead process, of another boot, or of a PID namespace with no such process now, is taken over", async () => {
  const { dir, lock } = await prepared();
  const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
  writeLock(lock, `${dead} ${hostname()}\n`);
  await takesOver(dir, lock, "dead pid");
  if (!hasProc) return;
  writeLock(lock, JSON.stringify({ pid: process.pid, host: hostname(), boot: "00000000-0000-0000-0000-000000000000", start: startOf(process.pid), pidns }));
  await takesOver(dir, lock, "another boot");
  writeLock(lock, JSON.stringify({ pid: 1, host: hostname(), boot, start: "987654321", pidns: "pid:[1]" }));
  await takesOver(dir, lock, "a PID namespace with no such process");
});

test("a live owner's lock is never taken: in this process, in another, on another host; a reused pid is told apart", async () => {
  const { dir, lock } = await prepared();
  const held = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await refused(dir, "instance 'p' is already open in this process");
  await held.stop();
  const child = spawn(process.execPath, ["-e", "console.log('up'); setInterval(() => {}, 1000)"]);
  await untilOutput(child, (o) => o.stdout.includes("up"), "the child to start");
  const pid = child.child.pid;
  writeLock(lock, `${pid} ${hostname()}\n`);
  await refused(dir, `instance 'p' is already open in process ${pid};`);
  writeLock(lock, JSON.stringify({ pid: 4242, host: "elsewhere.example", boot, start: "5", pidns }));
  await refused(dir, "already open in process 4242 on elsewhere.example");
  if (hasProc) {
    writeLock(lock, JSON.stringify({ pid, host: hostname(), boot, start: startOf(pid), pidns }));
    await refused(dir, `instance 'p' is already open in process ${pid};`);
    // The same pid with another start time: the pid was reused, the owner is gone.
    writeLock(lock, JSON.stringify({ pid, host: hostname(), boot, start: String(Number(startOf(pid)) - 1), pidns }));
    await takesOver(dir, lock, "a reused pid");
  }
  child.child.kill("SIGKILL");
  await child.exited;
  writeLock(lock, `${pid} ${hostname()}\n`);
  await takesOver(dir, lock, "the child, once killed");
});

test("a contender killed in the middle of a takeover blocks no one; a live one taking over is respected", async () => {
  if (!hasProc) return;
  const { dir, lock } = await prepared();
  const token = "00000000-0000-4000-8000-000000000001";
  const claimant = "00000000-0000-4000-8000-000000000002";
  const deadOwner = { pid: 1, host: hostname(), boot, start: "987654321", pidns: "pid:[1]" };
  writeLock(lock, JSON.stringify({ ...deadOwner, token }));
  // A claim on that lock by a contender that died (another boot), and a claim on that claim by one that died too.
  writeLock(join(dir, "p", `LOCK.claim-${token}`), JSON.stringify({ ...deadOwner, boot: "another-boot", token: claimant }));
  writeLock(join(dir, "p", `LOCK.claim-${claimant}`), JSON.stringify({ ...deadOwner, start: "987654322", token: "00000000-0000-4000-8000-000000000003" }));
  await takesOver(dir, lock, "over two dead claimants");
  const child = spawn(process.execPath, ["-e", "console.log('up'); setInterval(() => {}, 1000)"]);
  await untilOutput(child, (o) => o.stdout.includes("up"), "the child to start");
  writeLock(lock, JSON.stringify({ ...deadOwner, token }));
  writeLock(join(dir, "p", `LOCK.claim-${token}`), JSON.stringify({ pid: child.child.pid, host: hostname(), boot, start: startOf(child.child.pid), pidns, token: claimant }));
  await refused(dir, `process ${child.child.pid}, which is taking it over from an owner that is gone`);
});

test.run();
