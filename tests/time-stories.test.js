// The examples that read `now`, each told as a story through `vedc run` with a
// simulated clock (--now, then --advance between observations): every wait,
// every wake at the instant waited for, and the times and durations in Ved's
// words. The clock never really waits, so each story is exact.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { cli } from "./helpers.js";

/** Runs `vedc run ...args` and compares its whole output. */
async function story(args, expected, status = 0) {
  const r = await cli(["run", ...args]);
  assert.is(r.stderr, "");
  assert.fixture(r.stdout, expected);
  assert.is(r.status, status);
}

// A burst of 350 messages needs four workers: the first is added at once, then one a cooldown (1m); the clock moved by 30 s changes nothing, by 5 min it wakes at each cooldown's end. The queue empties: it scales down without waiting.
test("the queue-worker autoscaler adds one worker per cooldown, and scales down at once", async () => {
  await story(
    [
      "examples/queue-workers.ved",
      "--now",
      "2026-12-01T10:00:00Z",
      "--observe",
      "queue=350",
      "--advance",
      "30s",
      "--advance",
      "5m",
      "--observe",
      "queue=0",
    ],
    `QueueWorkers (examples/queue-workers.ved)
  state  queue = 0, workers = 1, last_scaled = 1970-01-01T00:00:00.000Z
  params per_worker = 100, max_workers = 10, cooldown = 1m
  goal   sized: workers == wanted
start at 2026-12-01T10:00:00.000Z
  converged at tick 0: the goal holds; sleeping
observe queue = 350: queue 0 → 350
  tick 1: sized fails → scale_up: workers 1 → 2, last_scaled 1970-01-01T00:00:00.000Z → 2026-12-01T10:00:00.000Z
  waiting until 2026-12-01T10:01:00.000Z (in 1m; transition scale_up at last_scaled + cooldown): sized fails and no transition is valid before then
advance 30s: 2026-12-01T10:00:00.000Z → 2026-12-01T10:00:30.000Z
advance 5m: 2026-12-01T10:00:30.000Z → 2026-12-01T10:05:30.000Z
  wake at 2026-12-01T10:01:00.000Z
  tick 2: sized fails → scale_up: workers 2 → 3, last_scaled 2026-12-01T10:00:00.000Z → 2026-12-01T10:01:00.000Z
  waiting until 2026-12-01T10:02:00.000Z (in 1m; transition scale_up at last_scaled + cooldown): sized fails and no transition is valid before then
  wake at 2026-12-01T10:02:00.000Z
  tick 3: sized fails → scale_up: workers 3 → 4, last_scaled 2026-12-01T10:01:00.000Z → 2026-12-01T10:02:00.000Z
  converged at tick 3: the goal holds; sleeping
observe queue = 0: queue 350 → 0
  tick 4: sized fails → scale_down: workers 4 → 3
  tick 5: sized fails → scale_down: workers 3 → 2
  tick 6: sized fails → scale_down: workers 2 → 1
  converged at tick 6: the goal holds; sleeping
final: converged after 6 ticks, queue = 0, workers = 1, last_scaled = 2026-12-01T10:02:00.000Z
`,
  );
});

// Observed in the middle of a wait, a bigger queue does not cut the cooldown short; the story ends waiting (exit 0), with the instant it waits for.
test("a longer cooldown given as a param, and a change observed during the wait", async () => {
  await story(
    [
      "examples/queue-workers.ved",
      "--now",
      "2026-12-01T10:00:00Z",
      "--param",
      "cooldown=2m",
      "--observe",
      "queue=350",
      "--advance",
      "90s",
      "--observe",
      "queue=420",
      "--advance",
      "3m",
    ],
    `QueueWorkers (examples/queue-workers.ved)
  state  queue = 0, workers = 1, last_scaled = 1970-01-01T00:00:00.000Z
  params per_worker = 100, max_workers = 10, cooldown = 1m (given: cooldown = 2m)
  goal   sized: workers == wanted
start at 2026-12-01T10:00:00.000Z
  converged at tick 0: the goal holds; sleeping
observe queue = 350: queue 0 → 350
  tick 1: sized fails → scale_up: workers 1 → 2, last_scaled 1970-01-01T00:00:00.000Z → 2026-12-01T10:00:00.000Z
  waiting until 2026-12-01T10:02:00.000Z (in 2m; transition scale_up at last_scaled + cooldown): sized fails and no transition is valid before then
advance 1m30s: 2026-12-01T10:00:00.000Z → 2026-12-01T10:01:30.000Z
observe queue = 420: queue 350 → 420
  waiting until 2026-12-01T10:02:00.000Z (in 30s; transition scale_up at last_scaled + cooldown): sized fails and no transition is valid before then
advance 3m: 2026-12-01T10:01:30.000Z → 2026-12-01T10:04:30.000Z
  wake at 2026-12-01T10:02:00.000Z
  tick 2: sized fails → scale_up: workers 2 → 3, last_scaled 2026-12-01T10:00:00.000Z → 2026-12-01T10:02:00.000Z
  waiting until 2026-12-01T10:04:00.000Z (in 2m; transition scale_up at last_scaled + cooldown): sized fails and no transition is valid before then
  wake at 2026-12-01T10:04:00.000Z
  tick 3: sized fails → scale_up: workers 3 → 4, last_scaled 2026-12-01T10:02:00.000Z → 2026-12-01T10:04:00.000Z
  waiting until 2026-12-01T10:06:00.000Z (in 2m; transition scale_up at last_scaled + cooldown): sized fails and no transition is valid before then
final: waiting until 2026-12-01T10:06:00.000Z after 3 ticks, queue = 420, workers = 4, last_scaled = 2026-12-01T10:04:00.000Z
`,
  );
});

// A low error rate changes nothing; each step waits for its 10 min bake, the last one too.
test("the rollout moves a step per bake time and finishes once the last step has baked", async () => {
  await story(
    [
      "examples/rollout.ved",
      "--now",
      "2026-12-01T10:00:00Z",
      "--advance",
      "10m",
      "--observe",
      "error_rate=0.01",
      "--advance",
      "30m",
    ],
    `Rollout (examples/rollout.ved)
  state  percent = 0, error_rate = 0, last_step = 1970-01-01T00:00:00.000Z, phase = rolling
  params step_size = 25, bake = 10m, max_error_rate = 0.05
  goal   finished: phase != Phase.rolling
start at 2026-12-01T10:00:00.000Z
  tick 1: finished fails → advance: percent 0 → 25, last_step 1970-01-01T00:00:00.000Z → 2026-12-01T10:00:00.000Z
  waiting until 2026-12-01T10:10:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
advance 10m: 2026-12-01T10:00:00.000Z → 2026-12-01T10:10:00.000Z
  wake at 2026-12-01T10:10:00.000Z
  tick 2: finished fails → advance: percent 25 → 50, last_step 2026-12-01T10:00:00.000Z → 2026-12-01T10:10:00.000Z
  waiting until 2026-12-01T10:20:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
observe error_rate = 0.01: error_rate 0 → 0.01
  waiting until 2026-12-01T10:20:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
advance 30m: 2026-12-01T10:10:00.000Z → 2026-12-01T10:40:00.000Z
  wake at 2026-12-01T10:20:00.000Z
  tick 3: finished fails → advance: percent 50 → 75, last_step 2026-12-01T10:10:00.000Z → 2026-12-01T10:20:00.000Z
  waiting until 2026-12-01T10:30:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
  wake at 2026-12-01T10:30:00.000Z
  tick 4: finished fails → advance: percent 75 → 100, last_step 2026-12-01T10:20:00.000Z → 2026-12-01T10:30:00.000Z
  waiting until 2026-12-01T10:40:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
  wake at 2026-12-01T10:40:00.000Z
  tick 5: finished fails → complete: phase rolling → done
  converged at tick 5: the goal holds; sleeping
final: converged after 5 ticks, percent = 100, error_rate = 0.01, last_step = 2026-12-01T10:30:00.000Z, phase = done
`,
  );
});

// At 50 % an error rate of 0.2 arrives: it aborts at once, without waiting for the bake to end.
test("the rollout aborts on a high error rate in the middle of a bake", async () => {
  await story(
    [
      "examples/rollout.ved",
      "--now",
      "2026-12-01T10:00:00Z",
      "--advance",
      "10m",
      "--observe",
      "error_rate=0.2",
    ],
    `Rollout (examples/rollout.ved)
  state  percent = 0, error_rate = 0, last_step = 1970-01-01T00:00:00.000Z, phase = rolling
  params step_size = 25, bake = 10m, max_error_rate = 0.05
  goal   finished: phase != Phase.rolling
start at 2026-12-01T10:00:00.000Z
  tick 1: finished fails → advance: percent 0 → 25, last_step 1970-01-01T00:00:00.000Z → 2026-12-01T10:00:00.000Z
  waiting until 2026-12-01T10:10:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
advance 10m: 2026-12-01T10:00:00.000Z → 2026-12-01T10:10:00.000Z
  wake at 2026-12-01T10:10:00.000Z
  tick 2: finished fails → advance: percent 25 → 50, last_step 2026-12-01T10:00:00.000Z → 2026-12-01T10:10:00.000Z
  waiting until 2026-12-01T10:20:00.000Z (in 10m; transitions advance, complete at last_step + bake): finished fails and no transition is valid before then
observe error_rate = 0.2: error_rate 0 → 0.2
  tick 3: finished fails → abort: percent 50 → 0, phase rolling → aborted
  converged at tick 3: the goal holds; sleeping
final: converged after 3 ticks, percent = 0, error_rate = 0.2, last_step = 2026-12-01T10:10:00.000Z, phase = aborted
`,
  );
});

// Never backed up: it starts one at once; once it is done the goal holds until a day later, when the instance wakes by itself and starts the next. Half a day more changes nothing.
test("the backup's goal expires a day after each backup, and the instance wakes itself to run the next", async () => {
  await story(
    [
      "examples/backup.ved",
      "--now",
      "2026-12-01T03:00:00Z",
      "--outcomes",
      "done",
      "--advance",
      "1d",
      "--advance",
      "12h",
    ],
    `Backup (examples/backup.ved)
  state  last_backup = 1970-01-01T00:00:00.000Z, running = false
  params every = 1d
  goal   fresh: running || now - last_backup < every
start at 2026-12-01T03:00:00.000Z
  tick 1: fresh fails → start_backup: running false → true
    effect backup()
  converged at tick 1: the goal holds; sleeping
  tick 2: backup done: last_backup 1970-01-01T00:00:00.000Z → 2026-12-01T03:00:00.000Z, running true → false
  converged at tick 2: the goal holds; sleeping until 2026-12-02T03:00:00.000Z (in 1d)
advance 1d: 2026-12-01T03:00:00.000Z → 2026-12-02T03:00:00.000Z
  wake at 2026-12-02T03:00:00.000Z
  tick 3: fresh fails → start_backup: running false → true
    effect backup()
  converged at tick 3: the goal holds; sleeping
  tick 4: backup done: last_backup 2026-12-01T03:00:00.000Z → 2026-12-02T03:00:00.000Z, running true → false
  converged at tick 4: the goal holds; sleeping until 2026-12-03T03:00:00.000Z (in 1d)
advance 12h: 2026-12-02T03:00:00.000Z → 2026-12-02T15:00:00.000Z
final: converged until 2026-12-03T03:00:00.000Z after 4 ticks, last_backup = 2026-12-02T03:00:00.000Z, running = false
`,
  );
});

test.run();
