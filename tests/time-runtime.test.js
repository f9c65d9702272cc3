// Time in the runtime, through real instances of compiled domains on a manual
// clock: an instance reads the clock once per tick and journals it; waiting is
// a status of its own, with until, in settled(), events and inspect; exactly
// one timer is armed per instance, and one per fleet however many instances
// wait; a restart computes the deadline again from the recovered state, so it
// fires at the original instant; a goal that expires wakes its instance; and
// the serverless handler says when to invoke it again.
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileStore, manualClock } from "../lib/runtime/index.js";
import { lambdaHandler } from "../lib/runtime/targets/lambda.js";
import { prometheus } from "../lib/runtime/observability/index.js";
import { parsePrometheus, valueOf } from "./prometheus-text.js";
import { cli, load, root } from "./helpers.js";
import { tempDir, test } from "./harness.js";

const workersFile = join(root, "examples/queue-workers.ved");
const { QueueWorkers } = await load(readFileSync(workersFile, "utf8"), "queue-workers.ved");
const { Backup } = await load(readFileSync(join(root, "examples/backup.ved"), "utf8"), "backup.ved");
const { WorkerPool } = await load(readFileSync(join(root, "examples/worker-pool.ved"), "utf8"), "worker-pool.ved");

const T0 = Date.parse("2026-12-01T10:00:00Z");
const MINUTE = 60_000;

/** A manual clock that also counts the timers live on it: an instance must never hold more than one. */
function countingClock(start = T0) {
  const inner = manualClock(start);
  let live = 0;
  let most = 0;
  let reads = 0;
  return {
    now: () => (reads++, inner.now()),
    set: (at) => inner.set(at),
    next: () => inner.next(),
    live: () => live,
    most: () => most,
    reads: () => reads,
    setTimer(at, fn) {
      let on = true;
      const end = () => on && ((on = false), live--);
      most = Math.max(most, ++live);
      const off = inner.setTimer(at, () => (end(), fn()));
      return () => (end(), off());
    },
  };
}

test("a cooldown is waiting, not stuck: settled() and the waiting event say until when, one timer is armed, and the wake comes at that instant", async () => {
  const clock = countingClock();
  const q = QueueWorkers.create({ clock });
  const waits = [];
  const reasons = [];
  q.on("waiting", (e) => (waits.push([e.until, e.at, e.failing]), reasons.push(e.reason)));
  await q.start();
  await q.observe({ queue: 350 });
  assert.equal(await q.settled(), { status: "waiting", until: T0 + MINUTE, ticks: 1, state: { queue: 350, workers: 2, last_scaled: T0 } });
  assert.equal(waits, [[T0 + MINUTE, T0, ["sized"]]], "stamped with the clock's instant");
  assert.equal(reasons, ["transition scale_up at last_scaled + cooldown"], "what the instant is, in Ved");
  assert.is(q.status(), "waiting");
  assert.is(clock.live(), 1);
  // Half the cooldown: nothing happens.
  clock.set(T0 + 30_000);
  assert.is((await q.settled()).ticks, 1);
  clock.set(clock.next());
  assert.equal(await q.settled(), { status: "waiting", until: T0 + 2 * MINUTE, ticks: 2, state: { queue: 350, workers: 3, last_scaled: T0 + MINUTE } });
  // The queue empties while it waits: it scales down at once, and its timer goes.
  await q.observe({ queue: 0 });
  const s = await q.settled();
  assert.equal([s.status, s.state.workers, s.until], ["converged", 1, undefined]);
  assert.is(clock.live(), 0, "no timer left: nothing will wake it");
  assert.is(clock.most(), 1, "never more than one timer");
  await q.stop();
});

test("the instant of each tick is journaled with its transition, and history and inspect say waiting, in Ved's words", async () => {
  const dir = tempDir("time-journal");
  const start = Date.now();
  const clock = manualClock(start);
  const q = QueueWorkers.create({ id: "q", store: fileStore(dir), clock, params: { cooldown: 3_600_000 } });
  await q.start();
  await q.observe({ queue: 250 });
  await q.settled();
  await q.stop();
  const history = await cli(["history", "q", "--store", dir, "--domain", workersFile, "--json"]);
  assert.is(history.status, 0, history.stderr);
  const { records, lines } = JSON.parse(history.stdout);
  const transition = records.find((r) => r.t === "transition");
  assert.equal([transition.now, transition.set.last_scaled], [start, start]);
  assert.ok(lines.some((l) => l.t === "waiting" && l.text.includes(`waiting until ${new Date(start + 3_600_000).toISOString()} (in 1h)`)), JSON.stringify(lines, null, 1));
  const inspect = await cli(["inspect", "q", "--store", dir, "--domain", workersFile]);
  assert.match(inspect.stdout, `status   waiting until ${new Date(start + 3_600_000).toISOString()} (in `);
  assert.match(inspect.stdout, `last_scaled = ${new Date(start).toISOString()}`);
  assert.match(inspect.stdout, "cooldown = 1h");
  const table = JSON.parse((await cli(["inspect", "--store", dir, "--domain", workersFile, "--json"])).stdout);
  assert.equal([table.instances[0].status, table.instances[0].until], ["waiting", start + 3_600_000]);
});

test("a restart computes the deadline again from the recovered state: it fires at the original instant, not a new full cooldown", async () => {
  const dir = tempDir("time-restart");
  const first = QueueWorkers.create({ id: "q", store: fileStore(dir), clock: manualClock(T0) });
  await first.start();
  await first.observe({ queue: 250 });
  assert.is((await first.settled()).until, T0 + MINUTE);
  await first.stop();
  // Back 40 s later: 20 s of the cooldown are left, not a minute.
  const clock = countingClock(T0 + 40_000);
  const second = QueueWorkers.create({ id: "q", store: fileStore(dir), clock });
  await second.start();
  assert.equal(await second.settled(), { status: "waiting", until: T0 + MINUTE, ticks: 1, state: { queue: 250, workers: 2, last_scaled: T0 } });
  assert.is(clock.next(), T0 + MINUTE);
  clock.set(T0 + MINUTE);
  const s = await second.settled();
  assert.equal([s.status, s.state.workers, s.state.last_scaled], ["converged", 3, T0 + MINUTE]);
  await second.stop();
});

test("a fleet of 1,000 waiting instances keeps one timer on its clock, and wakes each at its instant", async () => {
  const clock = countingClock();
  const fleet = QueueWorkers.fleet({ clock });
  const ids = Array.from({ length: 1_000 }, (_, i) => `q-${i}`);
  // They observe in ten batches 1 s apart: ten instants to wake at.
  for (const [i, id] of ids.entries()) {
    if (i % 100 === 0) clock.set(T0 + i * 10);
    await fleet.observe(id, { queue: 250 });
  }
  await fleet.settled();
  const instances = await Promise.all(ids.map((id) => fleet.instance(id)));
  assert.equal([...new Set(instances.map((i) => i.status()))], ["waiting"]);
  assert.is(clock.live(), 1, "one timer for all of them");
  clock.set(T0 + MINUTE + 10_000);
  await fleet.settled();
  assert.equal([...new Set(instances.map((i) => `${i.status()} ${i.getState().workers}`))], ["converged 3"]);
  assert.is(clock.live(), 0);
  assert.equal((await fleet.metrics()).transitions, { scale_up: 2_000 });
  await fleet.stop();
});

test("a goal that reads now expires: converged with until, the instance wakes itself then and does what it takes", async () => {
  const clock = countingClock(Date.parse("2026-12-01T03:00:00Z"));
  const backups = [];
  const b = Backup.create({ clock, effects: { backup: () => void backups.push(clock.now()) } });
  const converged = [];
  b.on("converged", (e) => converged.push(e.until ?? null));
  await b.start();
  const day = 86_400_000;
  let s = await b.settled();
  const first = s.state.last_backup;
  assert.equal([s.status, s.until], ["converged", first + day]);
  clock.set(clock.next());
  s = await b.settled();
  assert.equal([s.status, s.state.last_backup, s.until], ["converged", first + day, first + 2 * day]);
  assert.is(backups.length, 2);
  assert.ok(converged.includes(first + day) && converged.includes(first + 2 * day));
  assert.is(clock.most(), 1);
  await b.stop();
  assert.is(clock.live(), 0, "stop() cancels the wake");
});

test("a domain that does not read now never reads the clock, and journals no instant", async () => {
  const clock = countingClock();
  const dir = tempDir("time-none");
  const pool = WorkerPool.create({ id: "p", store: fileStore(dir), clock });
  await pool.start();
  await pool.settled();
  await pool.stop();
  assert.is(clock.reads(), 0);
  const { records } = JSON.parse((await cli(["history", "p", "--store", dir, "--json"])).stdout);
  assert.ok(records.filter((r) => r.t === "transition").every((r) => !("now" in r)));
});

test("the serverless handler returns waiting with until and the schedule to wake it; invoked again then, it takes the next step", async () => {
  const handler = lambdaHandler(QueueWorkers, {}, { VEDC_STORE_DIR: tempDir("time-lambda"), VEDC_LOG_LEVEL: "silent" });
  const context = { getRemainingTimeInMillis: () => 10_000 };
  const before = Date.now();
  const first = await handler({ id: "q", params: { cooldown: 200 }, observe: { queue: 350 } }, context);
  assert.equal([first.status, first.transitions], ["waiting", ["scale_up"]]);
  assert.ok(first.until >= before + 200 && first.until <= Date.now() + 200, String(first.until - before));
  assert.match(first.schedule, /^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/);
  assert.ok(Date.parse(`${first.schedule.slice(3, -1)}Z`) >= first.until, "a schedule never fires early");
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, first.until - Date.now()) + 20));
  // What an EventBridge Scheduler one-off schedule delivers: the input it was given, { id }.
  const woken = await handler({ id: "q" }, context);
  assert.equal([woken.status, woken.transitions, woken.state.workers], ["waiting", ["scale_up"], 3]);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, woken.until - Date.now()) + 20));
  // Or a rule's scheduled event, naming the instance in its detail.
  const ruled = await handler({ "detail-type": "Scheduled Event", detail: { id: "q" } }, context);
  assert.equal([ruled.status, ruled.transitions, ruled.until], ["converged", ["scale_up"], undefined]);
});

test("metrics count instances by status, waiting among them, and wakes that ended waiting", async () => {
  const metrics = await prometheus();
  const clock = manualClock(T0);
  const fleet = QueueWorkers.fleet({ clock, telemetry: metrics });
  for (const id of ["a", "b", "c"]) await fleet.observe(id, { queue: id === "c" ? 0 : 250 });
  await fleet.settled();
  const f = parsePrometheus((await metrics.scrape()).body);
  const d = { domain: "QueueWorkers" };
  assert.is(valueOf(f, "vedc_instances", { ...d, status: "waiting" }), 2);
  assert.is(valueOf(f, "vedc_instances", { ...d, status: "converged" }), 1);
  assert.is(valueOf(f, "vedc_instances", { ...d, status: "stuck" }), 0);
  assert.is(valueOf(f, "vedc_wakes_total", { ...d, outcome: "waiting" }), 2);
  await fleet.stop();
});

test("outcomes and timers compose: a failed boot starts a retry cooldown, and the retry comes when it has passed", async () => {
  const source = `domain Pool {
  state {
    machines: int
    owned booting: bool
    last_failure: time
  }
  param retry_after: duration = 30s
  effect boot() {
    done { booting = false; machines += 1 }
    failed { booting = false; last_failure = now }
  }
  goal machines == 1
  transition start when machines < 1 && !booting && now - last_failure >= retry_after {
    step {
      booting = true
      boot()
    }
  }
}`;
  const { Pool } = await load(source, "retry.ved");
  const clock = manualClock(T0);
  const tries = [];
  const boot = async () => {
    tries.push(clock.now());
    if (tries.length === 1) throw Object.assign(new Error("503 Service Unavailable"), { final: true });
  };
  const p = Pool.create({ clock, effects: { boot }, effectPolicy: { attempts: 1 } });
  await p.start();
  const waiting = await p.settled();
  assert.equal([waiting.status, waiting.until, waiting.state], ["waiting", T0 + 30_000, { machines: 0, booting: false, last_failure: T0 }]);
  clock.set(T0 + 29_999);
  assert.is((await p.settled()).status, "waiting", "not a millisecond early");
  clock.set(T0 + 30_000);
  const healed = await p.settled();
  assert.equal([healed.status, healed.state.machines, tries], ["converged", 1, [T0, T0 + 30_000]]);
  await p.stop();
});

test.run();
