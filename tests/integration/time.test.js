// Time, live, in real processes: a cooldown domain built into a node
// controller scales no faster than its cooldown and does scale once it has
// passed, waking itself (one wait said per cooldown: nothing polls); killed
// with SIGKILL while it waits and restarted, it fires at the original
// deadline, not a new full cooldown; and a domain whose goal reads `now`
// (a backup that must be fresh) wakes itself each time the goal expires.
import { sleep, spawn, tempDir, test, untilOutput } from "../harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, root } from "../helpers.js";

const dir = tempDir("time");
const workers = await cli(["build", join(root, "examples/queue-workers.ved"), "--target", "node", "--outdir", dir]);
writeFileSync(join(dir, "backup-effects.mjs"), "export const backup = () => {};\n");
const backup = await cli(["build", join(root, "examples/backup.ved"), "--target", "node", "--effects", join(dir, "backup-effects.mjs"), "--outdir", dir]);

/** A controller on its own file store, its stdin kept open (it runs until killed); `logs()` are its JSON log lines so far. */
function controller(bundle, store) {
  const proc = spawn(process.execPath, [join(dir, bundle)], { env: { PATH: process.env.PATH, VEDC_STORE_DIR: join(dir, store) } });
  const logs = () => proc.out.stderr.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const send = (line) => proc.child.stdin.write(JSON.stringify(line) + "\n");
  return { proc, logs, send };
}

const transitions = (logs) => logs.filter((l) => l.event === "transition");

test("a cooldown of 400 ms: never two scale-ups within it, each one once it has passed, and one wait per cooldown", async () => {
  assert.is(workers.status, 0, workers.stderr);
  const c = controller("queue-workers.mjs", "store-a");
  c.send({ id: "q", params: { cooldown: 400 }, observe: { queue: 450 } });
  await untilOutput(c.proc, () => transitions(c.logs()).length === 4 && c.logs().some((l) => l.event === "converged"), "four scale-ups and convergence");
  const ups = transitions(c.logs());
  assert.equal(ups.map((l) => l.set.workers), [2, 3, 4, 5]);
  const at = ups.map((l) => l.set.last_scaled);
  for (let i = 1; i < at.length; i++) {
    const gap = at[i] - at[i - 1];
    assert.ok(gap >= 400, `scale-up ${i + 1} came ${gap} ms after the one before, within the cooldown`);
    assert.ok(gap < 400 + 250, `scale-up ${i + 1} came ${gap} ms after the one before: late`);
  }
  const waits = c.logs().filter((l) => l.event === "waiting");
  // After each of the first three scale-ups it waits once, until exactly the end of the cooldown; no other wake happens.
  assert.equal(waits.map((w) => Date.parse(w.until)), at.slice(0, 3).map((t) => t + 400));
  await sleep(500);
  assert.is(c.logs().filter((l) => l.event === "waiting").length, 3, "converged: nothing wakes it");
});

test("SIGKILL while waiting, then a restart: it fires at the original deadline, not a new full cooldown", async () => {
  const cooldown = 1_500;
  const first = controller("queue-workers.mjs", "store-b");
  first.send({ id: "q", params: { cooldown }, observe: { queue: 250 } });
  await untilOutput(first.proc, () => first.logs().some((l) => l.event === "waiting"), "the first wait");
  const t0 = transitions(first.logs())[0].set.last_scaled;
  const wait = first.logs().find((l) => l.event === "waiting");
  assert.is(Date.parse(wait.until), t0 + cooldown);
  // Well into the wait, and durable: killed without a chance to do anything.
  await sleep(Math.max(0, t0 + 600 - Date.now()));
  first.proc.child.kill("SIGKILL");
  await first.proc.exited;
  const restarted = Date.now();
  const second = controller("queue-workers.mjs", "store-b");
  await untilOutput(second.proc, () => transitions(second.logs()).length >= 1, "the scale-up after the restart");
  const t1 = transitions(second.logs())[0].set.last_scaled;
  assert.equal(transitions(second.logs())[0].set.workers, 3);
  assert.ok(t1 >= t0 + cooldown, `fired ${t1 - t0} ms after the first scale-up: within the cooldown`);
  assert.ok(t1 < restarted + cooldown - 300, `fired ${t1 - restarted} ms after the restart: a new full cooldown, not the original deadline (${t0 + cooldown - restarted} ms after it)`);
});

test("a goal that reads now wakes its instance when it expires: a backup every 300 ms, with nothing observed", async () => {
  assert.is(backup.status, 0, backup.stderr);
  const c = controller("backup.mjs", "store-c");
  c.send({ id: "nightly", params: { every: 300 } });
  const outcomes = () => c.logs().filter((l) => l.event === "outcome" && l.outcome === "done");
  await untilOutput(c.proc, () => outcomes().length >= 3, "three backups");
  const done = outcomes().map((l) => l.set.last_backup);
  for (let i = 1; i < done.length; i++) assert.ok(done[i] - done[i - 1] >= 300, `backup ${i + 1} came ${done[i] - done[i - 1]} ms after the one before`);
  const converged = c.logs().filter((l) => l.event === "converged" && l.until);
  assert.ok(converged.length >= 2, "each backup converges with the instant the goal expires");
  assert.is(Date.parse(converged[0].until), done[0] + 300);
});

test.run();
