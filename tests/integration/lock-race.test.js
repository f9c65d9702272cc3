// One owner, always. Eight real processes race, round after round, for one
// instance whose lock is stale — its owner SIGKILLed, or the lock empty,
// garbled, pid 0 or -1, of another boot, of a dead PID namespace — or free:
// exactly one of them runs it, every time, and the others are told
// VED_INSTANCE_LOCKED. Half the rounds pause randomly before every file
// operation, to widen every window between reading a lock and taking it.
// Then the container case for real: a process that is PID 1 of a new PID
// namespace takes over the lock of a dead PID 1 of another, and a live one's
// lock is never taken.
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { test, spawn, untilOutput } from "../harness.js";
import { root, seed } from "../helpers.js";
import { compile, bundle } from "../../lib/compiler/index.js";

const CONTENDERS = 8;
const ROUNDS = 120;

const work = mkdtempSync(join(tmpdir(), "vedc-lock-race-"));
test.after(() => rmSync(work, { recursive: true, force: true }));
const bundlePath = join(work, "pool.js");
const compiled = await compile(seed, { filename: "pool.ved" });
writeFileSync(bundlePath, (await bundle(compiled.code, { outfile: "pool.js" })).code);
const { WorkerPool, fileStore } = await import(bundlePath);
const child = join(root, "tests/integration/file-store/lock-child.mjs");

/** A contender: a child process that answers each command with one line. */
async function contender(dir) {
  const proc = spawn(process.execPath, [child, bundlePath, dir]);
  let seen = 0;
  const next = async (what) => {
    await untilOutput(proc, (o) => o.stdout.split("\n").length - 1 > seen, what, 60_000);
    return proc.out.stdout.split("\n")[seen++];
  };
  assert.is(await next("the contender to start"), "ready");
  return { proc, pid: proc.child.pid, send: (line) => proc.child.stdin.write(`${line}\n`), next };
}

function staleLock(path, content) {
  writeFileSync(path, content);
  const then = Date.now() / 1000 - 60;
  utimesSync(path, then, then);
}

/** The pid a LOCK names (this version's JSON record, or an older vedc's "<pid> <host>"). */
function lockOwner(path) {
  const text = readFileSync(path, "utf8");
  return text.startsWith("{") ? JSON.parse(text) : { pid: Number(text.split(" ")[0]) };
}

const dead = () => {
  const proc = execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(proc);
};

test(`${CONTENDERS} processes race for a stale or free lock, ${ROUNDS} rounds: exactly one runs the instance each time`, async () => {
  const dir = join(work, "race");
  const first = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await first.stop();
  const lock = join(dir, "p", "LOCK");
  const contenders = await Promise.all(Array.from({ length: CONTENDERS }, () => contender(dir)));
  const kinds = [
    ["its owner SIGKILLed", null],
    ["empty", () => ""],
    ["garbled", () => "\u0000not a lock at all\n"],
    ["pid 0", () => `0 ${hostname()}\n`],
    ["pid -1", () => `-1 ${hostname()}\n`],
    ["of a dead pid", () => `${dead()} ${hostname()}\n`],
    ["of another boot", () => JSON.stringify({ pid: process.pid, host: hostname(), boot: "another-boot", start: "1" })],
    ["of a dead PID namespace", () => JSON.stringify({ pid: 1, host: hostname(), start: "987654321", pidns: "pid:[1]" })],
    ["free", undefined],
  ];
  let winner = null;
  const tally = {};
  for (let round = 0; round < ROUNDS; round++) {
    const [kind, content] = kinds[round % kinds.length];
    if (winner && content === null) {
      // The owner dies without unlocking: a real stale lock. A fresh contender takes its place.
      winner.proc.child.kill("SIGKILL");
      await winner.proc.exited;
      contenders[contenders.indexOf(winner)] = await contender(dir);
    } else if (winner) {
      winner.send("release");
      assert.is(await winner.next("the release"), "released");
      if (content) staleLock(lock, content());
    }
    const jitter = round % 2 === 1;
    for (const c of contenders) c.send(jitter ? "go jitter" : "go");
    const answers = await Promise.all(contenders.map((c) => c.next(`round ${round}'s answer`)));
    const won = contenders.filter((_, i) => answers[i].startsWith("won"));
    assert.is(won.length, 1, `round ${round} (lock ${kind}${jitter ? ", with pauses" : ""}): ${won.length} winners: ${answers.join(" | ")}`);
    for (const answer of answers) if (!answer.startsWith("won")) assert.is(answer, "locked VED_INSTANCE_LOCKED", `round ${round}`);
    assert.is(lockOwner(lock).pid, won[0].pid, "LOCK names the winner");
    winner = won[0];
    tally[kind] = (tally[kind] ?? 0) + 1;
  }
  console.log(`  ${ROUNDS} rounds × ${CONTENDERS} processes, exactly one winner each: ${Object.entries(tally).map(([k, n]) => `${n} ${k}`).join(", ")}`);
}, { timeout: 300_000 });

test("a container restart: PID 1 of a new PID namespace takes over a dead PID 1's lock; a live one's is never taken", async () => {
  try {
    execFileSync("unshare", ["--pid", "--fork", "--mount-proc", "true"]);
  } catch {
    console.log("  (skipped: cannot create a PID namespace here)");
    return;
  }
  const dir = join(work, "namespaces");
  const inNamespace = async () => {
    const proc = spawn("unshare", ["--pid", "--fork", "--mount-proc", "--kill-child", process.execPath, child, bundlePath, dir]);
    await untilOutput(proc, (o) => o.stdout.includes("ready"), "the contender to start", 60_000);
    proc.child.stdin.write("go\n");
    await untilOutput(proc, (o) => /won|locked/.test(o.stdout), "its answer", 60_000);
    return proc;
  };
  const a = await inNamespace();
  assert.match(a.out.stdout, "won 1", "PID 1 of its namespace runs the instance");
  const owner = lockOwner(join(dir, "p", "LOCK"));
  assert.is(owner.pid, 1);
  // Seen from here (the parent namespace), the owner is alive: refused.
  const refused = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.is(refused?.code, "VED_INSTANCE_LOCKED", "a live owner in a child namespace was let go");
  assert.match(refused.message, `of another PID namespace (${owner.pidns})`);
  // The container dies: its PID 1 is killed (through its pid here), and unshare exits with it.
  const inner = Number(readFileSync(`/proc/${a.child.pid}/task/${a.child.pid}/children`, "utf8").trim().split(" ")[0]);
  process.kill(inner, "SIGKILL");
  await a.exited;
  // The restarted container's process is PID 1 again, of another namespace: it takes the dead owner's lock.
  const b = await inNamespace();
  assert.match(b.out.stdout, "won 1", `the restarted PID 1 is locked out: ${b.out.stdout}`);
  // The kernel may give the new namespace the dead one's inode number (pid:[…] reused): then the lock's
  // start time is what tells the new PID 1 from the dead one, and it must still have won.
  const taken = lockOwner(join(dir, "p", "LOCK"));
  assert.ok(taken.pidns !== owner.pidns || taken.start !== owner.start, "the lock names the new PID 1, not the dead one");
  const still = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start().then(() => null, (e) => e);
  assert.is(still?.code, "VED_INSTANCE_LOCKED");
  b.child.stdin.write("release\n");
  await untilOutput(b, (o) => o.stdout.includes("released"), "the release");
  const c = await WorkerPool.create({ id: "p", store: fileStore(dir) }).start();
  await c.stop();
}, { timeout: 120_000 });

test.run();
