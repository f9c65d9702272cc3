// The bounds the effect policy promises. `maxInFlight` counts handlers that
// are actually running — one whose attempt timed out but which ignores its
// abort signal still holds its slot — and `settled()` waits for every one of
// them. Delays past Node's timer limit (2^31 - 1 ms, about 24.8 days, which
// Node would take as 1 ms) really wait: checked on Node's own mock clock,
// which keeps that limit as real timers do.
import * as assert from "uvu/assert";
import { mock } from "node:test";
import { test } from "./harness.js";
import { load } from "./helpers.js";

const { Fan } = await load(`domain Fan {
  state { sent: int; wanted: int }
  effect ping(n: int)
  goal sent == wanted
  transition send when sent < wanted { step { sent += 1; ping(sent) } }
}`);

/** Resolves on the next turn of the event loop: whatever a timer or I/O callback started has started. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Resolves the first time `event` is emitted with a payload `test` accepts. */
const next = (instance, event, test = () => true) =>
  new Promise((resolve) => {
    const off = instance.on(event, (e) => test(e) && (off(), resolve(e)));
  });

/** Waits, a turn of the event loop at a time, until `check()` holds (the test's deadline bounds it). */
async function until(check) {
  while (!check()) await turn();
}

/** Handlers that ignore their signal: each call waits until the test lets it go; with `firstOnly`, only first attempts wait. */
function stubborn({ firstOnly = false } = {}) {
  const calls = [];
  let running = 0;
  let most = 0;
  const ping = (args, ctx) => {
    running++;
    most = Math.max(most, running);
    return new Promise((resolve) => {
      const finish = () => (running--, resolve());
      calls.push({ args, ctx, finish });
      if (firstOnly && ctx.attempt > 1) finish();
    });
  };
  return { ping, calls, running: () => running, most: () => most };
}

/** Every event of these kinds the instance emits, from now on. */
function record(instance, ...kinds) {
  const seen = [];
  for (const kind of kinds) instance.on(kind, (e) => seen.push({ kind, ...e }));
  return seen;
}

test("maxInFlight: 1 runs one handler at a time, even when handlers ignore their timeout; retries wait for the slot", async () => {
  const h = stubborn({ firstOnly: true });
  const i = Fan.create({ state: { wanted: 6 }, effects: { ping: h.ping }, effectPolicy: { maxInFlight: 1, timeout: 5, attempts: 2, baseDelay: 0 } });
  const events = record(i, "effect-retry", "effect-succeeded");
  let settled = false;
  await i.start();
  void i.settled().then(() => (settled = true));
  const succeeded = () => events.filter((e) => e.kind === "effect-succeeded").length;
  const timedOut = (call) => events.some((e) => e.kind === "effect-retry" && e.key === call.ctx.key);
  let finished = 0;
  while (succeeded() < 6) {
    // Each first attempt times out, and its handler goes on running until the test lets it go.
    let hung;
    await until(() => (hung = h.calls.find((c) => c.ctx.attempt === 1 && !c.done && timedOut(c))) || succeeded() === 6);
    if (!hung) break;
    await turn();
    assert.is(h.running(), 1, "nothing started beside the timed-out handler, not even its own retry");
    assert.is(settled, false, "settled() waits for the handler that still runs");
    hung.done = true;
    hung.finish();
    finished++;
  }
  await i.settled();
  assert.is(finished, 6);
  assert.is(h.most(), 1, "never two handlers at once");
  assert.equal(i.metrics().effects, { started: 12, succeeded: 6, retried: 6, failed: 0 });
  await i.stop();
});

test("settled() resolves only once every handler has returned, timed out or not", async () => {
  const h = stubborn();
  const i = Fan.create({ state: { wanted: 4 }, effects: { ping: h.ping }, effectPolicy: { maxInFlight: 4, timeout: 5, attempts: 1 } });
  const events = record(i, "effect-failed");
  let settled = false;
  await i.start();
  void i.settled().then(() => (settled = true));
  await until(() => events.length === 4);
  await turn();
  assert.is(h.running(), 4, "all four timed out and were reported failed, and all four still run");
  assert.is(settled, false);
  for (const c of h.calls.slice(0, 3)) c.finish();
  await turn();
  assert.is(settled, false, "one still runs");
  h.calls[3].finish();
  const s = await i.settled();
  assert.is(settled, true);
  assert.is(s.status, "converged");
  await i.stop();
});

/** Runs `fn` with Node's mock clock for setTimeout (its 2^31 - 1 ms limit included) and Date, restoring the real ones after. */
async function onMockClock(fn) {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  try {
    await fn((ms) => mock.timers.tick(ms));
  } finally {
    mock.timers.reset();
  }
}

/** Lets the instance's promises and immediates run, without letting mocked time pass. */
async function idle() {
  for (let k = 0; k < 5; k++) await turn();
}

const LONG = 2 ** 31; // one millisecond past what a Node timer can take

test("effectPolicy.timeout past Node's timer limit really waits that long", async () => {
  await onMockClock(async (advance) => {
    const h = stubborn();
    const i = Fan.create({ state: { wanted: 1 }, effects: { ping: h.ping }, effectPolicy: { timeout: LONG, attempts: 2, baseDelay: 0 } });
    const retries = [];
    i.on("effect-retry", (e) => retries.push(e));
    await i.start();
    while (h.calls.length === 0) await idle();
    advance(LONG - 1);
    await idle();
    assert.is(retries.length, 0, "not timed out a millisecond early");
    advance(1);
    await idle();
    assert.is(retries.length, 1, "timed out when the timeout passed");
    assert.match(retries[0].error.message, `timed out after ${LONG} ms`);
    h.calls[0].finish();
    await i.stop();
  });
});

test("effectPolicy.maxDelay past Node's timer limit: the retry waits the whole delay", async () => {
  await onMockClock(async (advance) => {
    let calls = 0;
    const i = Fan.create({
      state: { wanted: 1 },
      effects: { ping: () => (calls++, Promise.reject(new Error("down"))) },
      effectPolicy: { attempts: 2, baseDelay: 2 ** 33, maxDelay: 2 ** 33 },
    });
    const retried = next(i, "effect-retry");
    await i.start();
    const { delay } = await retried;
    assert.ok(delay >= 2 ** 32, `a delay of ${delay} ms`);
    advance(delay - 1);
    await idle();
    assert.is(calls, 1, "no second attempt before the delay has passed");
    advance(1);
    await idle();
    assert.is(calls, 2, "the second attempt came when the delay passed");
    await i.stop();
  });
});

test("poll.every past Node's timer limit reads again only when it has passed", async () => {
  await onMockClock(async (advance) => {
    let reads = 0;
    const i = Fan.create({ poll: { every: LONG, timeout: 10, read: () => (reads++, null) } });
    await i.start();
    assert.is(reads, 1, "the first read");
    advance(LONG - 1);
    await idle();
    assert.is(reads, 1, "not again a millisecond early");
    advance(1);
    await idle();
    assert.is(reads, 2, "again when the interval passed");
    await i.stop();
  });
});

test("timers past the limit are chained, so each wait is exact", async () => {
  const { after } = await import("../lib/runtime/timers.js");
  await onMockClock(async (advance) => {
    const fired = [];
    for (const ms of [0, 5, 2 ** 31 - 1, 2 ** 31, 3 * 2 ** 31 + 7]) after(ms, () => fired.push(ms));
    const cleared = after(2 ** 32, () => fired.push("cleared"));
    advance(2 ** 31);
    cleared.clear();
    advance(2 ** 31);
    assert.equal(fired, [0, 5, 2 ** 31 - 1, 2 ** 31]);
    advance(2 ** 31 + 6);
    assert.equal(fired, [0, 5, 2 ** 31 - 1, 2 ** 31], "not a millisecond early");
    advance(1);
    assert.equal(fired, [0, 5, 2 ** 31 - 1, 2 ** 31, 3 * 2 ** 31 + 7]);
  });
});

test.run();
