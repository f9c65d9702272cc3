import { sleep, test } from "./harness.js";
import * as assert from "uvu/assert";
import { load, seed } from "./helpers.js";

const { WorkerPool } = await load(seed, "worker-pool.ved");

/** Records what an instance did, tick by tick. */
function record(instance) {
  const log = [];
  instance.on("transition", (e) => log.push(`${e.tick}:${e.name}`));
  instance.on("observed", (e) => log.push(`observe ${JSON.stringify(e.patch)}`));
  instance.on("converged", () => log.push("converged"));
  instance.on("stuck", (e) => log.push(`stuck ${e.failing.join(",")}`));
  instance.on("error", (e) => log.push(`error ${e.message}`));
  return log;
}

test("the seed's scenario: five scale_up, then two after a crash, then three scale_down after drift", async () => {
  const pool = WorkerPool.create();
  const log = record(pool);
  await pool.start();
  let s = await pool.settled();
  assert.equal(s, { status: "converged", state: { workers: 5 }, ticks: 5 });
  await pool.observe({ workers: 3 });
  s = await pool.settled();
  assert.equal([s.state.workers, s.ticks], [5, 7]);
  await pool.observe({ workers: 8 });
  s = await pool.settled();
  assert.equal([s.state.workers, s.ticks], [5, 10]);
  assert.equal(log, [
    "1:scale_up", "2:scale_up", "3:scale_up", "4:scale_up", "5:scale_up", "converged",
    'observe {"workers":3}', "6:scale_up", "7:scale_up", "converged",
    'observe {"workers":8}', "8:scale_down", "9:scale_down", "10:scale_down", "converged",
  ]);
});

test("reconcile is the pure loop: state in, state and transitions out", () => {
  const r = WorkerPool.reconcile({ workers: 8 });
  assert.equal(r.status, "converged");
  assert.equal(r.state, { workers: 5 });
  assert.equal(r.transitions, ["scale_down", "scale_down", "scale_down"]);
  assert.equal(WorkerPool.reconcile({}).transitions.length, 5);
  assert.ok(Object.isFrozen(r.state));
});

test("observations that arrive together are applied at the next tick boundary, in order, and the loop acts on the latest", async () => {
  const pool = await WorkerPool.create().start();
  await pool.settled();
  const log = record(pool);
  // Two alerts at the same moment: both are taken in before the next tick, so no step acts on the first, already stale.
  await Promise.all([pool.observe({ workers: 4 }), pool.observe({ workers: 6 })]);
  await pool.settled();
  assert.equal(log, ['observe {"workers":4}', 'observe {"workers":6}', "6:scale_down", "converged"]);
});

test("a bad observation is rejected with the field and type, and nothing is applied", async () => {
  const pool = await WorkerPool.create().start();
  await pool.settled();
  const cases = [
    [{ wrkers: 3 }, "unknown field 'wrkers'"],
    [{ workers: "3" }, "'workers' is an int"],
    [{ workers: 2.5 }, "'workers' is an int"],
    [{ workers: NaN }, "'workers' is an int"],
    [{ workers: 3, extra: true }, "unknown field 'extra'"],
    [JSON.parse('{"__proto__": {"workers": 1}}'), "unknown field '__proto__'"],
    [null, "must be an object"],
    [[1], "must be an object"],
  ];
  for (const [patch, message] of cases) {
    try {
      await pool.observe(patch);
      assert.unreachable(`accepted ${JSON.stringify(patch)}`);
    } catch (e) {
      assert.instance(e, Error);
      assert.match(e.message, message);
    }
  }
  assert.equal((await pool.settled()).state, { workers: 5 });
  assert.is((await pool.settled()).ticks, 5);
});

test("getState is a frozen copy", async () => {
  const pool = await WorkerPool.create({ state: { workers: 2 } }).start();
  await pool.settled();
  const state = pool.getState();
  assert.ok(Object.isFrozen(state));
  assert.throws(() => {
    "use strict";
    state.workers = 1;
  });
  assert.is(pool.getState().workers, 5);
});

test("the first valid transition in declaration order wins, one per tick", async () => {
  const { D } = await load(`domain D { state { x: int; y: int }
    goal x == 2 && y == 2
    transition first { step { if y < 2 { y += 1 } } }
    transition second { step { if x < 2 { x += 1 } } }
  }`);
  assert.equal(D.reconcile({}).transitions, ["first", "first", "second", "second"]);
});

test("a transition whose step changes nothing is not valid", async () => {
  const { D } = await load(`domain D { state { x: int }
    goal x == 1
    transition noop { step { x = x } }
    transition set { step { x = 1 } }
  }`);
  assert.equal(D.reconcile({}).transitions, ["set"]);
});

test("stuck: the goal fails and no transition is valid; it says which goals fail", async () => {
  const { D } = await load(`domain D { state { x: int; ok: bool }
    goal x == 3
    goal ok
    transition up { step { if x < 3 { x += 1 } } }
  }`);
  const r = D.reconcile({});
  assert.equal([r.status, r.state.x, r.failing], ["stuck", 3, ["ok"]]);
  const i = D.create();
  const log = record(i);
  await i.start();
  assert.is((await i.settled()).status, "stuck");
  assert.equal(log.at(-1), "stuck ok");
  await i.observe({ ok: true });
  assert.is((await i.settled()).status, "converged");
});

test("a loop that never converges stops at the tick bound and names the transitions", async () => {
  const { D } = await load(`domain D { state { x: int }
    goal x == 10
    transition up { step { if x == 0 { x = 1 } } }
    transition down { step { if x == 1 { x = 0 } } }
  }`);
  const r = D.reconcile({}, { maxTicks: 50 });
  assert.is(r.status, "limit");
  assert.is(r.transitions.length, 50);
  assert.match(r.error.message, "did not converge within 50 ticks; still firing: up, down");
  const i = D.create({ maxTicks: 20 });
  const log = record(i);
  await i.start();
  assert.equal(await i.settled().then((s) => [s.status, s.ticks]), ["limit", 20]);
  assert.match(log.at(-1), "error D did not converge within 20 ticks");
  assert.throws(() => D.reconcile({}, { maxTicks: 0 }), /maxTicks must be a positive integer/);
});

test("a step that throws is atomic: the state stays and the error names the transition and place", async () => {
  const { D } = await load(`domain D {
  state { x: int = 10; d: int }
  goal x < 0
  transition split {
    step {
      x = x / d
      x -= 1
    }
  }
}`, "div.ved");
  const r = D.reconcile({});
  assert.is(r.status, "error");
  assert.equal(r.state, { x: 10, d: 0 });
  assert.is(r.error.message, "D: transition 'split' failed: division by zero at div.ved:6:11");
  const i = D.create();
  const log = record(i);
  await i.start();
  assert.is((await i.settled()).status, "error");
  await i.observe({ d: 3 });
  const s = await i.settled();
  assert.equal([s.status, s.state.x], ["converged", -1]);
  assert.match(log.join("\n"), "error D: transition 'split' failed");
});

test("int division truncates toward zero and % keeps the dividend's sign", async () => {
  const { D } = await load(`domain D { state { a: int; b: int; q: int; r: int; done: bool }
    goal done
    transition calc { step { q = a / b; r = a % b; done = true } }
  }`);
  const run = (a, b) => {
    const { state } = D.reconcile({ a, b });
    return [state.q, state.r];
  };
  assert.equal(run(7, 2), [3, 1]);
  assert.equal(run(-7, 2), [-3, -1]);
  assert.equal(run(7, -2), [-3, 1]);
  assert.equal(run(-7, -2), [3, -1]);
  assert.ok(Object.is(run(-1, 2)[0], 0), "no -0 in state");
  assert.equal(run(9007199254740991, 3), [3002399751580330, 1]);
  assert.equal(run(9007199254740990, 9007199254740991), [0, 9007199254740990]);
});

test("expressions follow the usual precedence", async () => {
  const { D } = await load(`domain D { state { x: int; b: bool; done: bool }
    goal done
    transition calc { step { x = 2 + 3 * 4 - 10 / 5 % 3; b = !false && 1 < 2 || false == true; done = true } }
  }`);
  const { state } = D.reconcile({});
  assert.equal([state.x, state.b], [2 + 3 * 4 - (Math.trunc(10 / 5) % 3), true]);
});

test("else-if chains pick one branch", async () => {
  const { D } = await load(`domain D { state { x: int; out: int; done: bool }
    goal done
    transition t { step {
      if x < 0 { out = -1 } else if x == 0 { out = 0 } else { out = 1 }
      done = true
    } }
  }`);
  assert.equal([-5, 0, 5].map((x) => D.reconcile({ x }).state.out), [-1, 0, 1]);
});

test("initial values: declared, or zero and false", async () => {
  const { D } = await load(`domain D { state { a: int = -3; b: bool = true; c: int; d: bool } }`);
  assert.equal(D.initial(), { a: -3, b: true, c: 0, d: false });
  assert.equal(D.create({ state: { c: 4 } }).getState(), { a: -3, b: true, c: 4, d: false });
  assert.throws(() => D.create({ state: { c: true } }), /'c' is an int/);
});

test("several goals: all must hold", async () => {
  const { D } = await load(`domain D { state { x: int; y: int }
    goal x == 1
    goal y == 1
    transition a { step { if x < 1 { x += 1 } } }
    transition b { step { if y < 1 { y += 1 } } }
  }`);
  assert.equal(D.reconcile({}).transitions, ["a", "b"]);
  assert.equal(D.meta.goals.map((g) => g.text), ["x == 1", "y == 1"]);
});

test("meta describes the domain as data", () => {
  assert.equal(WorkerPool.meta, {
    name: "WorkerPool",
    file: "worker-pool.ved",
    fields: [{ name: "workers", type: "int", initial: 0 }],
    params: [],
    effects: [],
    invariants: [],
    goals: [{ name: null, text: "workers == 5", line: 6, col: 1 }],
    transitions: [
      { name: "scale_up", line: 7, col: 1 },
      { name: "scale_down", line: 14, col: 1 },
    ],
    readsNow: false,
  });
  assert.ok(Object.isFrozen(WorkerPool.meta.fields[0]));
});

test("stop rejects queued observations and ends the loop", async () => {
  const pool = WorkerPool.create();
  const pending = pool.observe({ workers: 1 });
  pool.stop();
  await pending.then(() => assert.unreachable("applied after stop"), (e) => assert.match(e.message, "stopped"));
  assert.is((await pool.settled()).status, "stopped");
  await pool.observe({ workers: 1 }).then(() => assert.unreachable(), (e) => assert.match(e.message, "stopped"));
});

test("an observation made before start waits for start", async () => {
  const pool = WorkerPool.create();
  let applied = false;
  const p = pool.observe({ workers: 9 }).then(() => (applied = true));
  await sleep(10);
  assert.is(applied, false);
  await pool.start();
  await p;
  const s = await pool.settled();
  // Taken in at the first tick boundary: the loop starts from what it was told, 9, not from 0.
  assert.equal([s.status, s.state.workers, s.ticks], ["converged", 5, 4]);
});

test("a throwing listener does not break the loop; it is reported as an error event", async () => {
  const pool = WorkerPool.create();
  const errors = [];
  pool.on("transition", () => {
    throw new Error("listener bug");
  });
  pool.on("error", (e) => errors.push(e.message));
  await pool.start();
  assert.is((await pool.settled()).state.workers, 5);
  assert.is(errors.length, 5);
});

test("on returns an unsubscribe function", async () => {
  const pool = WorkerPool.create();
  let n = 0;
  const off = pool.on("transition", () => n++ === 1 && off());
  await pool.start();
  await pool.settled();
  assert.is(n, 2);
});

test.run();
