// The whole language, construct by construct, through the whole pipeline:
// each test compiles Ved, bundles it with the runtime, and runs it.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { check } from "../lib/compiler/index.js";
import { load, root } from "./helpers.js";

/** Codes of the diagnostics of one severity. */
function codes(source, severity = "error") {
  return check(source, { filename: "t.ved" }).diagnostics.filter((d) => d.severity === severity).map((d) => d.code);
}

test("enums: members by name, the first is the default, held as strings", async () => {
  const { D } = await load(`enum Phase { idle, scaling, done }
domain D {
  state { phase: Phase; n: int }
  goal phase == Phase.done
  transition go when phase == Phase.idle { step { phase = Phase.scaling } }
  transition finish when phase == Phase.scaling { step { phase = Phase.done; n += 1 } }
}`);
  assert.is(D.initial().phase, "idle");
  const r = D.reconcile({});
  assert.equal([r.transitions, r.state], [["go", "finish"], { phase: "done", n: 1 }]);
  assert.equal(D.meta.fields[0], { name: "phase", type: "Phase", members: ["idle", "scaling", "done"], initial: "idle" });
  assert.throws(() => D.reconcile({ phase: "paused" }), /'phase' is a Phase \(one of "idle", "scaling", "done"\)/);
  assert.equal(codes("enum P { a, b }\ndomain D { state { p: P }\n goal p == P.c }"), ["VED0100"]);
  assert.equal(codes("enum P { a, a }\ndomain D { state { p: P } }"), ["VED0109"]);
  assert.equal(codes("enum P { a }\nenum Q { a }\ndomain D { state { p: P }\n goal p == Q.a }"), ["VED0200"]);
});

test("floats: ints mix in, a float never silently becomes an int", async () => {
  const { D } = await load(`domain D {
  state { ratio: float = 0.5; n: int = 3; done: bool }
  goal done
  transition t { step { ratio = ratio * n + 1; ratio += 1; done = true } }
}`);
  assert.equal(D.reconcile({}).state, { ratio: 3.5, n: 3, done: true });
  assert.equal(codes("domain D { state { n: int; f: float }\n transition t { step { n = f } } }"), ["VED0203"]);
  assert.equal(codes("domain D { state { n: int }\n transition t { step { n += 0.5 } } }"), ["VED0203"]);
  assert.equal(codes("domain D { state { f: float = 1 }\n transition t { step { f = 2 } } }"), []);
  assert.throws(() => D.reconcile({ ratio: Infinity }), /'ratio' is a float \(a finite number\)/);
});

test("an int result outside the safe range is an error of the step, never a rounding", async () => {
  const { D } = await load(`domain D {
  state { n: int = 9007199254740990; done: bool }
  goal done
  transition t { step { n = n * 2; done = true } }
}`, "big.ved");
  const r = D.reconcile({});
  assert.is(r.status, "error");
  assert.equal(r.state.n, 9007199254740990);
  assert.match(r.error.message, "D: transition 't' failed: int overflow");
  assert.match(r.error.message, "at big.ved:4:29");
});

test("strings: equality, concatenation, +=, and escapes", async () => {
  const { D } = await load(`domain D {
  state { name: string = "pool"; log: string; done: bool }
  goal done
  transition t { step { log = name + "\\t\\"q\\"\\n"; log += "\\u{1F600}\\\\"; done = log != "" } }
}`);
  assert.equal(D.reconcile({}).state.log, 'pool\t"q"\n\u{1F600}\\');
  assert.equal(codes('domain D { state { s: string }\n goal s == 1 }'), ["VED0200"]);
  assert.equal(codes('domain D { state { s: string }\n goal s + 1 == "a" }'), ["VED0200"]);
  assert.equal(codes('domain D { state { s: string }\n goal s == "\\q" }'), ["VED0010"]);
  assert.equal(codes('domain D { state { s: string }\n goal s == "\\u{110000}" }'), ["VED0010"]);
  assert.equal(codes('domain D { state { s: string }\n goal s == "abc }'), ["VED0011"]);
});

test("params: defaults, overrides at create and reconcile, validated, read-only", async () => {
  const { Pool } = await load(`domain Pool {
  state { workers: int }
  param target: int = 5
  goal workers == target
  transition up when workers < target { step { workers += 1 } }
  transition down when workers > target { step { workers -= 1 } }
}`);
  assert.equal(Pool.params(), { target: 5 });
  assert.is(Pool.reconcile({}).state.workers, 5);
  assert.is(Pool.reconcile({}, { params: { target: 2 } }).state.workers, 2);
  const i = await Pool.create({ params: { target: 3 } }).start();
  assert.is((await i.settled()).state.workers, 3);
  assert.throws(() => Pool.create({ params: { target: "3" } }), /params sets 'target' to "3", but 'target' is an int/);
  assert.throws(() => Pool.reconcile({}, { params: { size: 3 } }), /unknown param 'size'/);
  assert.equal(codes("domain D { state { x: int }\n param t: int = 1\n transition a { step { t = 2; x = t } } }"), ["VED0112"]);
  assert.equal(codes("domain D { state { x: int }\n param t: int\n goal x == t }"), ["VED0111"]);
});

test("lets: derived values recomputed wherever they are read", async () => {
  const { D } = await load(`domain D {
  state { load: int; workers: int }
  param capacity: int = 10
  let needed = (load + capacity - 1) / capacity
  let desired = max(needed, 1)
  goal workers == desired
  transition up when workers < desired { step { workers += 1 } }
  transition down when workers > desired { step { workers -= 1 } }
}`);
  assert.is(D.reconcile({ load: 45 }).state.workers, 5);
  const i = await D.create({ state: { load: 45 } }).start();
  await i.settled();
  await i.observe({ load: 0 });
  assert.is((await i.settled()).state.workers, 1);
  assert.equal(codes("domain D { state { x: int }\n let a = b + 1\n let b = a\n goal x == a }"), ["VED0116"]);
  assert.equal(codes("domain D { state { x: int }\n let a = 1\n transition t { step { a = 2; x = 1 } } }"), ["VED0112"]);
});

const booter = `domain Pool {
  state { workers: int; asked: int }
  effect boot(count: int, zone: string)
  goal workers + asked == 3
  transition scale when workers + asked < 3 {
    step {
      boot(3 - workers - asked, "eu-1")
      asked = 3 - workers
    }
  }
}`;

test("effects: reconcile returns them with args keyed by parameter name", async () => {
  const { Pool } = await load(booter);
  const r = Pool.reconcile({ workers: 1 });
  assert.equal(r.effects, [{ name: "boot", args: { count: 2, zone: "eu-1" } }]);
  assert.equal(r.state, { workers: 1, asked: 2 });
});

test("effects: handlers run after their transition is committed; a failure is reported", async () => {
  const { Pool } = await load(booter);
  const calls = [];
  const errors = [];
  const pool = Pool.create({
    id: "pool-7",
    effectPolicy: { attempts: 1 },
    effects: {
      boot: async (args, { signal, ...ctx }) => {
        calls.push([args, ctx, pool.getState().asked, signal instanceof AbortSignal]);
        if (args.count === 1) throw new Error("quota exceeded");
      },
    },
  });
  pool.on("effect-failed", (e) => errors.push(e.error.message));
  await pool.start();
  await pool.settled();
  assert.equal(calls, [[{ count: 3, zone: "eu-1" }, { id: "pool-7", transition: "scale", tick: 1, key: "pool-7:2:0", attempt: 1 }, 3, true]]);
  await pool.observe({ workers: 2, asked: 0 });
  await pool.settled();
  assert.equal(errors, ["Pool: effect 'boot' (from transition 'scale') failed: quota exceeded"]);
  assert.throws(() => Pool.create({ effects: {} }), /no handler for effect 'boot'/);
  assert.throws(() => Pool.create({ effects: { boot() {}, reboot() {} } }), /there is no effect 'reboot'/);
});

test("effects: a step that only calls an effect is valid once for the state it finds, and warned about", async () => {
  const source = `domain D {
  state { n: int }
  effect ping()
  goal n == 1
  transition poke { step { ping() } }
}`;
  assert.equal(codes(source, "warning"), ["VED0303"]);
  const { D } = await load(source);
  const r = D.reconcile({}, { maxTicks: 3 });
  // Called once, not once per tick: then the domain waits for the state to change.
  assert.equal([r.status, r.transitions, r.effects], ["stuck", ["poke"], [{ name: "ping", args: {} }]]);
  assert.equal(codes("domain D { state { n: int }\n effect boot(c: int)\n transition t { step { boot(true); n = 1 } } }"), ["VED0208"]);
  assert.equal(codes("domain D { state { n: int }\n effect boot(c: int)\n transition t { step { boot(); n = 1 } } }"), ["VED0114"]);
  assert.equal(codes("domain D { state { n: int }\n effect boot(c: int)\n transition t { step { n = boot(1) } } }"), ["VED0113"]);
  assert.equal(codes("domain D { state { n: int }\n transition t { step { reboot(1); n = 1 } } }"), ["VED0113"]);
});

const guarded = `domain Pool {
  state { workers: int }
  invariant capped: workers <= 10
  goal workers == 12
  transition up { step { workers += 1 } }
}`;

test("invariants: a transition that would break one is not applied, and the error names both", async () => {
  const { Pool } = await load(guarded);
  const r = Pool.reconcile({ workers: 8 });
  assert.equal([r.status, r.state.workers, r.transitions.length], ["error", 10, 2]);
  assert.is(r.error.message, "Pool: transition 'up' would break invariant 'capped'; it was not applied");
});

test("invariants: an observation or initial state that would break one is rejected, nothing applied", async () => {
  const { Pool } = await load(guarded.replace("goal workers == 12", "goal workers == 5").replace("{ workers += 1 }", "{ if workers < 5 { workers += 1 } }"));
  const pool = await Pool.create().start();
  await pool.settled();
  await pool.observe({ workers: 11 }).then(
    () => assert.unreachable("applied"),
    (e) => assert.is(e.message, "Pool: this observation would break invariant 'capped'; nothing was applied"),
  );
  assert.equal((await pool.settled()).state.workers, 5);
  assert.throws(() => Pool.create({ state: { workers: 20 } }), /the initial state would break invariant 'capped'/);
});

test("named goals name themselves in stuck reports", async () => {
  const { D } = await load(`domain D {
  state { x: int; ready: bool }
  goal sized: x == 2
  goal up: ready
  transition grow when x < 2 { step { x += 1 } }
}`);
  const r = D.reconcile({});
  assert.equal([r.status, r.failing], ["stuck", ["up"]]);
  assert.equal(codes("domain D { state { x: int }\n goal a: x == 1\n goal a: x == 2\n transition t { step { x = 1 } } }"), ["VED0101"]);
});

test("guards: a transition is valid only when its guard holds", async () => {
  const { D } = await load(`domain D {
  state { x: int; open: bool }
  goal x == 3
  transition grow when open { step { x += 1 } }
}`);
  assert.is(D.reconcile({}).status, "stuck");
  assert.equal(D.reconcile({ open: true }).transitions, ["grow", "grow", "grow"]);
  assert.equal(codes("domain D { state { x: int }\n goal x == 1\n transition t when x { step { x = 1 } } }"), ["VED0202"]);
});

test("step locals, *=, and the builtins min, max, abs and clamp", async () => {
  const { D } = await load(`domain D {
  state { a: int = -7; b: int = 3; out: int; f: float; done: bool }
  goal done
  transition t {
    step {
      let m = min(a, b, 0)
      let n = max(a, b)
      if m < 0 {
        let k = abs(m)
        out = k * n
      }
      out *= 2
      f = clamp(1.5, 0, 1)
      done = true
    }
  }
}`);
  assert.equal(D.reconcile({}).state, { a: -7, b: 3, out: 42, f: 1, done: true });
  const { C } = await load("domain C { state { x: int; lo: int = 5 }\n goal x == 1\n transition t { step { x = clamp(x, lo, 2) } } }", "c.ved");
  assert.match(C.reconcile({}).error.message, "clamp bounds are the wrong way round (5 > 2) at c.ved:3:28");
  assert.equal(codes("domain D { state { x: int }\n transition t { step { let workers = 1; x = workers } } }"), []);
  assert.equal(codes("domain D { state { x: int }\n transition t { step { let x = 1; x = 2 } } }"), ["VED0117"]);
  assert.equal(codes("domain D { state { x: int }\n transition t { step { let y = 1; y = 2; x = y } } }"), ["VED0112"]);
  assert.equal(codes("domain D { state { x: int }\n goal x == minimum(1, 2) }"), ["VED0113"]);
  assert.equal(codes("domain D { state { x: int }\n goal x == clamp(1, 2) }"), ["VED0114"]);
  assert.equal(codes("domain D { state { x: int; b: bool }\n goal x == abs(b) }"), ["VED0208"]);
});

test("several domains in one file are each exported", async () => {
  const mod = await load("domain A { state { x: int }\n goal x == 1\n transition t { step { x = 1 } } }\ndomain B { state { y: bool }\n goal y\n transition t { step { y = true } } }");
  assert.equal([mod.A.reconcile({}).state, mod.B.reconcile({}).state], [{ x: 1 }, { y: true }]);
  assert.is(mod.default, undefined);
});

test("warnings: unused names, transitions that can never be valid, goals with nothing to reach them", () => {
  const warn = (s) => codes(s, "warning");
  assert.equal(warn("domain D { state { x: int }\n param spare: int = 1\n let twice = x * 2\n goal x == 1\n transition t { step { let unused = 3; x = 1 } } }"), ["VED0300", "VED0300", "VED0300"]);
  assert.equal(warn("domain D { state { x: int }\n goal x == 1\n transition t when x > 5 && x < 3 { step { x = 1 } } }"), ["VED0301"]);
  assert.equal(warn("enum P { a, b }\ndomain D { state { p: P; x: int }\n goal x == 1\n transition t when p == P.a && p == P.b { step { x = 1 } } }"), ["VED0301"]);
  assert.equal(warn("domain D { state { x: int; r: bool }\n goal x == 1\n transition t when r && !r { step { x = 1 } } }"), ["VED0301"]);
  assert.equal(warn("domain D { state { x: int }\n goal x == 1\n transition t when x >= 2 && x <= 2 { step { x = 1 } } }"), []);
  assert.equal(warn("domain D { state { x: int }\n goal x == 1\n transition t { step { if x > 0 { } } } }"), ["VED0301"]);
  assert.equal(warn("domain D { state { x: int }\n goal x == 1 }"), ["VED0302"]);
});

test("the autoscaler example converges as written and calls its effects", async () => {
  const { Autoscaler } = await load(readFileSync(`${root}/examples/autoscaler.ved`, "utf8"), "autoscaler.ved");
  assert.equal(check(readFileSync(`${root}/examples/autoscaler.ved`, "utf8")).diagnostics, []);
  const booted = [];
  const terminated = [];
  const a = Autoscaler.create({
    state: { load: 450 },
    effects: { boot: ({ count }) => booted.push(count), terminate: ({ count }) => terminated.push(count) },
  });
  await a.start();
  let s = await a.settled();
  // The boot's outcome settles what was pending: the workers it booted are counted once.
  assert.equal([s.status, s.state], ["converged", { load: 450, workers: 5, pending: 0, stopping: 0, phase: "steady" }]);
  await a.observe({ load: 120 });
  s = await a.settled();
  assert.equal([s.status, s.state.workers, s.state.stopping, booted, terminated], ["converged", 2, 0, [4], [3]]);
  await a.observe({ workers: 30 }).then(() => assert.unreachable(), (e) => assert.match(e.message, "invariant 'bounded'"));
  assert.equal(Autoscaler.reconcile({ load: 100_000 }).state.pending, 19, "clamped to max_workers");
});

test.run();
