// The clock as an input: the manual clock tests and `vedc run` use, the system
// clock everything else runs on, and the timer heap a fleet shares among its
// instances (one timer armed for the earliest instant, whatever their number).
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { manualClock, systemClock } from "../lib/runtime/clock.js";
import { timerHeap } from "../lib/runtime/timer-heap.js";
import { durationMs, durationText, parseTime, timeText } from "../lib/runtime/time-text.js";

test("a manual clock moves only when set, calling each timer that comes due in order, at its own instant", () => {
  const clock = manualClock(1_000);
  const seen = [];
  clock.setTimer(1_500, () => seen.push(["b", clock.now()]));
  clock.setTimer(1_200, () => seen.push(["a", clock.now()]));
  const cancel = clock.setTimer(1_300, () => seen.push(["cancelled", clock.now()]));
  clock.setTimer(9_000, () => seen.push(["later", clock.now()]));
  cancel();
  assert.is(clock.next(), 1_200);
  clock.set(2_000);
  assert.equal(seen, [["a", 1_200], ["b", 1_500]]);
  assert.is(clock.now(), 2_000);
  assert.is(clock.next(), 9_000);
  // Never back.
  clock.set(1_000);
  assert.is(clock.now(), 2_000);
  assert.throws(() => manualClock(1.5), /whole number of milliseconds/);
});

test("the system clock's timer fires at its instant, not before, and a cancelled one never", async () => {
  const clock = systemClock();
  const at = clock.now() + 30;
  let cancelledFired = false;
  clock.setTimer(clock.now() + 10, () => (cancelledFired = true))();
  const fired = await new Promise((resolve) => clock.setTimer(at, () => resolve(Date.now())));
  assert.ok(fired >= at, `fired at ${fired}, set for ${at}`);
  assert.is(cancelledFired, false);
});

test("a timer heap arms one timer underneath, for the earliest instant, whatever the number of timers set", () => {
  const clock = manualClock(0);
  const heap = timerHeap(clock);
  const fired = [];
  const cancels = [];
  // 10,000 timers at scattered instants, set in scrambled order.
  for (let i = 0; i < 10_000; i++) {
    const at = 1 + ((i * 7919) % 10_000);
    cancels.push(heap.setTimer(at, () => fired.push(at)));
  }
  assert.is(heap.pending, 10_000);
  // Armed again only when a timer earlier than every other was set: a handful of times, not 10,000.
  assert.ok(heap.armed < 50, `armed ${heap.armed} times`);
  assert.is(clock.next(), 1);
  const armedBefore = heap.armed;
  // Setting later timers arms nothing new: the earliest is unchanged.
  heap.setTimer(20_000, () => fired.push(20_000));
  assert.is(heap.armed, armedBefore);
  // Every odd one cancelled.
  cancels.forEach((cancel, i) => i % 2 === 1 && cancel());
  clock.set(5_000);
  assert.equal(fired, [...fired].sort((a, b) => a - b), "earliest first");
  assert.ok(fired.every((at) => at <= 5_000));
  clock.set(30_000);
  assert.is(fired.length, 5_001);
  assert.is(heap.pending, 0);
  assert.is(clock.next(), null, "nothing left armed underneath");
});

test("a timer heap's underlying timer follows its earliest instant as timers are set and cancelled", () => {
  const clock = manualClock(0);
  const heap = timerHeap(clock);
  const seen = [];
  const late = heap.setTimer(500, () => seen.push(500));
  assert.is(clock.next(), 500);
  const early = heap.setTimer(100, () => seen.push(100));
  assert.is(clock.next(), 100);
  early();
  assert.is(clock.next(), 500);
  late();
  assert.is(clock.next(), null);
  // A callback may set a timer for an instant already come: it fires on the clock's next move, not inside the one that called it.
  heap.setTimer(200, () => {
    seen.push(200);
    heap.setTimer(150, () => seen.push(150));
  });
  clock.set(300);
  assert.equal(seen, [200, 150]);
});

test("times and durations are said in Ved's words, and read back the same from the command line", () => {
  assert.is(timeText(Date.UTC(2026, 11, 1, 10, 1)), "2026-12-01T10:01:00.000Z");
  assert.is(durationText(90_000), "1m30s");
  for (const ms of [1, 250, 60_000, 90_000, 86_400_000 + 3_723_004]) assert.is(durationMs(durationText(ms)), ms);
  assert.is(durationMs("1m + 30s"), 90_000, "a sum, as Ved writes one");
  assert.is(durationMs("30"), null, "a number is not a duration: it needs its unit");
  assert.is(durationMs("soon"), null);
  assert.is(parseTime("2026-12-01T10:00:00Z"), Date.UTC(2026, 11, 1, 10));
  assert.is(parseTime("2026-12-01T10:00"), Date.UTC(2026, 11, 1, 10), "no zone is UTC");
  assert.is(parseTime("next tuesday"), null);
});

test.run();
