// Polling cannot hold an instance up. `start()` waits for the first read, so
// that the instance learns the world before it acts; a read that never
// answers is cut off at `poll.timeout` and reported, and a first read the
// domain rejects is reported too — either way the instance starts and
// converges from what it has, and polling goes on.
import * as assert from "uvu/assert";
import { test } from "./harness.js";
import { load, seed } from "./helpers.js";

const { WorkerPool } = await load(seed);
const { Guarded } = await load(`domain Guarded {
  state { workers: int }
  invariant workers <= 10
  goal workers == 5
  transition up when workers < 5 { step { workers += 1 } }
  transition down when workers > 5 { step { workers -= 1 } }
}`);

/** Collects the instance's 'error' events. */
const errors = (instance) => {
  const seen = [];
  instance.on("error", (e) => seen.push(e.message));
  return seen;
};

test("a first read that never answers: start() resolves at poll.timeout, the error is reported, and the instance converges", async () => {
  let reads = 0;
  const i = WorkerPool.create({ poll: { every: 60_000, timeout: 50, read: () => (reads++, new Promise(() => {})) } });
  const seen = errors(i);
  await i.start();
  assert.is(i.status() === "idle", false, "started");
  assert.equal(await i.settled(), { status: "converged", state: { workers: 5 }, ticks: 5 }, "converged from its initial state");
  assert.is(reads, 1);
  assert.equal(seen, ["WorkerPool: polling failed: the read did not answer within 50 ms (poll.timeout)"]);
  await i.stop();
}, { timeout: 10_000 });

test("a later read that never answers does not stop polling: the next one comes on schedule", async () => {
  let reads = 0;
  let answered;
  const third = new Promise((resolve) => (answered = resolve));
  const i = WorkerPool.create({
    poll: {
      every: 5,
      timeout: 20,
      read: () => {
        reads++;
        if (reads === 2) return new Promise(() => {});
        if (reads === 3) answered();
        return null;
      },
    },
  });
  const seen = errors(i);
  await i.start();
  await third;
  assert.match(seen.join("\n"), "did not answer within 20 ms");
  await i.stop();
}, { timeout: 10_000 });

test("a first read the domain rejects for its type: reported, and the instance converges anyway", async () => {
  const i = WorkerPool.create({ poll: { every: 60_000, read: () => ({ workers: "three" }) } });
  const seen = errors(i);
  await i.start();
  assert.equal(await i.settled(), { status: "converged", state: { workers: 5 }, ticks: 5 });
  assert.is(seen.length, 1);
  assert.match(seen[0], "observation sets 'workers' to \"three\"");
  await i.stop();
});

test("a first read that would break an invariant: reported, and the instance converges anyway", async () => {
  const i = Guarded.create({ poll: { every: 60_000, read: () => ({ workers: 11 }) } });
  const seen = errors(i);
  await i.start();
  assert.equal(await i.settled(), { status: "converged", state: { workers: 5 }, ticks: 5 });
  assert.match(seen.join("\n"), "would break invariant 'workers <= 10'");
  await i.stop();
});

test("a first read that is applied is the first wake: the instance acts on what it read, not before", async () => {
  const i = WorkerPool.create({ poll: { every: 60_000, read: () => ({ workers: 7 }) } });
  const names = [];
  i.on("transition", (e) => names.push(e.name));
  await i.start();
  assert.equal(await i.settled(), { status: "converged", state: { workers: 5 }, ticks: 2 });
  assert.equal(names, ["scale_down", "scale_down"]);
  await i.stop();
});

test("poll options are checked: every and timeout must be finite, positive milliseconds", () => {
  const read = () => null;
  assert.throws(() => WorkerPool.create({ poll: { every: Infinity, read } }), /poll.every must be a finite number of milliseconds > 0, got Infinity/);
  assert.throws(() => WorkerPool.create({ poll: { every: 10, timeout: 0, read } }), /poll.timeout must be a finite number of milliseconds > 0, got 0/);
  assert.throws(() => WorkerPool.create({ poll: { every: 10, timeout: "1s", read } }), /poll.timeout must be a finite number/);
});

test.run();
