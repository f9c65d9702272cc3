// Properties checked over many generated inputs (fast-check).
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { check, compile } from "../lib/compiler/index.js";
import { load, root, seed } from "./helpers.js";

const examples = readdirSync(`${root}/examples`).map((f) => readFileSync(`${root}/examples/${f}`, "utf8"));

/** Diagnostics or IR, never a throw; every diagnostic located and coded. */
function answers(source) {
  const { ir, diagnostics } = check(source);
  assert.ok(ir !== null || diagnostics.some((d) => d.severity === "error"));
  for (const d of diagnostics) assert.ok(d.span.start.line >= 1 && d.span.start.col >= 1 && /^VED\d{4}$/.test(d.code), JSON.stringify(d));
  return ir;
}

const { WorkerPool } = await load(seed);

test("from any number of workers the pool converges to 5, in |workers - 5| ticks, in the right direction", () => {
  fc.assert(
    fc.property(fc.integer({ min: -1000, max: 1000 }), (workers) => {
      const r = WorkerPool.reconcile({ workers });
      const want = workers < 5 ? "scale_up" : "scale_down";
      return r.status === "converged" && r.state.workers === 5 && r.transitions.length === Math.abs(workers - 5) && r.transitions.every((t) => t === want);
    }),
  );
});

test("any sequence of observations ends converged at 5, with one tick per unit of drift", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 8 }), async (observations) => {
      const pool = await WorkerPool.create().start();
      await pool.settled();
      let expected = 5;
      for (const workers of observations) {
        await pool.observe({ workers });
        expected += Math.abs(workers - 5);
      }
      const s = await pool.settled();
      await pool.stop();
      return s.status === "converged" && s.state.workers === 5 && s.ticks === expected;
    }),
    { numRuns: 50 },
  );
});

const words = ["domain", "enum", "state", "param", "let", "effect", "invariant", "goal", "transition", "when", "step", "if", "else", "{", "}", "(", ")", "x", "P", ".", ",", "int", "float", "string", "bool", ":", "=", "==", "+=", "*=", "-", "!", "&&", "1", "2.5", '"s"', '"\\q"', "true", ";", "\n", "/*", "*/", "//", "@", "min", "clamp"];

test("the compiler answers any input with diagnostics or IR, never a crash", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), fc.array(fc.constantFrom(...words), { maxLength: 60 }).map((w) => w.join(" "))), (source) => {
      answers(source);
    }),
    { numRuns: 2000 },
  );
});

test("mutated examples (characters deleted, inserted, replaced) get diagnostics or IR, never a crash", () => {
  const mutation = fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: fc.string({ maxLength: 4 }) });
  fc.assert(
    fc.property(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }), (source, mutations) => {
      let text = source;
      for (const { at, cut, insert } of mutations) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(i + cut);
      }
      answers(text);
    }),
    { numRuns: 1000 },
  );
});

test("random bytes as a file are refused with a location", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
      answers(new TextDecoder().decode(bytes));
    }),
    { numRuns: 500 },
  );
});

test("big inputs: a 5 MB file, 10,000 nested parentheses, a 10,000-line domain, a 10,000-term sum", async () => {
  answers("domain A { state { x: int }\n goal x == 1\n transition t { step { x = 1 } } }\n/*" + "x".repeat(5 * 1024 * 1024) + "*/");
  answers("domain A { state { x: int }\n goal x == 1\n transition t { step { x = 1 } } }\n// " + "y".repeat(5 * 1024 * 1024));
  const deep = check("domain A { state { x: int } goal " + "(".repeat(10000) + "x" + ")".repeat(10000) + " == 1 }");
  assert.equal(deep.diagnostics.map((d) => d.code), ["VED0007"]);
  const sum = check("domain A { state { x: int }\n goal " + Array(10000).fill("x").join(" + ") + " == 1 }");
  assert.equal(sum.diagnostics.map((d) => d.code), ["VED0007"]);
  const lines = ["domain Big {", "state {"];
  for (let i = 0; i < 5000; i++) lines.push(`f${i}: int`);
  lines.push("}");
  for (let i = 0; i < 4990; i++) lines.push(`transition t${i} { step { if f${i} < 5 { f${i} += 1 } } }`);
  lines.push("goal f0 == 5", "}");
  const big = await compile(lines.join("\n"), { filename: "big.ved", format: false });
  assert.equal(big.diagnostics, []);
  assert.ok(big.code.length > 100_000);
});

test("truncating the seed anywhere gives a located error or a smaller valid program, never a crash", () => {
  let valid = 0;
  for (let i = 0; i < seed.length; i++) {
    const { ir, diagnostics } = check(seed.slice(0, i));
    if (ir) valid++;
    else assert.ok(diagnostics.length > 0 && diagnostics[0].span.start.line >= 1, `prefix of length ${i}`);
  }
  // Only the cuts just after a closing brace of the domain or of a transition leave a whole program.
  assert.ok(valid > 0 && valid < 20);
});

// `reconcile` is written with the fields in locals (locals-loop.ts); `tick` over state objects. They must be one loop.
const Autoscaler = (await load(readFileSync(`${root}/examples/autoscaler.ved`, "utf8"), "autoscaler.ved")).Autoscaler;

/** `reconcile`, as `tick` applied until it stops: the same transitions, effects, final state and status. */
function byTicks(domain, state, params) {
  const transitions = [];
  const effects = [];
  for (;;) {
    const t = domain.tick(state, { params });
    if (t.kind !== "applied") return { state, status: t.kind, transitions, effects, error: t.kind === "error" ? t.error.message : undefined };
    transitions.push(t.name);
    effects.push(...t.effects);
    state = t.state;
  }
}

test("the reconcile over locals applies exactly what ticking over objects does, errors and invariants included", () => {
  // A scale-up that would break `bounded` (2 running + 13 asked for > 10), and a division by zero (capacity 0), each seen both ways.
  for (const [state, params, message] of [
    [{ load: 1000, workers: 2, pending: 0, stopping: 5, phase: "steady" }, { capacity: 100, max_workers: 10 }, /bounded/],
    [{ load: 10, workers: 1, pending: 0, stopping: 0, phase: "steady" }, { capacity: 0, max_workers: 10 }, /division by zero/],
  ]) {
    const r = Autoscaler.reconcile(state, { params });
    assert.is(r.status, "error");
    assert.match(r.error.message, message);
    assert.is(r.error.message, byTicks(Autoscaler, state, params).error);
  }
  const int = fc.integer({ min: -1, max: 12 });
  fc.assert(
    fc.property(
      fc.record({ load: fc.integer({ min: 0, max: 3000 }), workers: int, pending: int, stopping: int, phase: fc.constantFrom("steady", "scaling_up", "scaling_down") }),
      fc.record({ capacity: fc.integer({ min: -1, max: 300 }), max_workers: fc.integer({ min: 0, max: 30 }) }),
      (state, params) => {
        let r;
        try {
          r = Autoscaler.reconcile(state, { params });
        } catch (error) {
          // A state that breaks an invariant is refused before any tick.
          assert.match(error.message, /invariant/);
          return;
        }
        const want = byTicks(Autoscaler, state, params);
        assert.equal(r.transitions, want.transitions);
        assert.equal(r.status, want.status);
        assert.equal(r.error?.message, want.error);
        if (r.status !== "error") assert.equal(r.effects, want.effects);
        assert.equal({ ...r.state }, { ...want.state });
      },
    ),
  );
});

// A map holds a local per key in the reconcile over locals, and a key known only at run time picks among them.
const { Homes } = await load(`enum Zone { a, b, c }
domain Homes {
  state {
    replicas: map<Zone, int in 0..6>
    home: Zone
    moves: int
  }
  param want: int = 3
  let total = sum(z in Zone: replicas[z])
  invariant total <= 12
  goal replicas[home] == want
  goal all z in Zone: z == home || replicas[z] <= 1
  transition grow when replicas[home] < want { step { replicas[home] += 1; moves += 1 } }
  transition shrink(z: Zone) when z != home && replicas[z] > 1 { step { replicas[z] -= 1 } }
  transition settle when replicas[home] > want { step { replicas[home] = want; home = if home == Zone.c then Zone.a else home } }
}`, "homes.ved");

test("over maps too: the reconcile over locals (a local per key; a key known at run time picks among them) applies exactly what ticking over objects does", () => {
  const count = fc.integer({ min: -1, max: 7 });
  fc.assert(
    fc.property(
      fc.record({ replicas: fc.record({ a: count, b: count, c: count }, { requiredKeys: [] }), home: fc.constantFrom("a", "b", "c"), moves: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) }, { requiredKeys: [] }),
      fc.integer({ min: -2, max: 8 }),
      (state, want) => {
        let r;
        try {
          r = Homes.reconcile(state, { params: { want } });
        } catch (error) {
          assert.match(error.message, /invariant/);
          return;
        }
        // Ticking from the whole state the input makes (its map's missing keys at their initial values).
        const init = Homes.initial();
        const want_ = byTicks(Homes, { ...init, ...state, replicas: { ...init.replicas, ...state.replicas } }, { want });
        assert.equal(r.transitions, want_.transitions);
        assert.equal(r.status, want_.status);
        assert.equal(r.error?.message, want_.error);
        assert.equal(JSON.parse(JSON.stringify(r.state)), JSON.parse(JSON.stringify(want_.state)));
      },
    ),
    { numRuns: 500 },
  );
  // The generated reconcile keeps the map's keys in locals (not the loop over objects).
  assert.ok(Homes.reconcile({ home: "b" }).transitions.length === 3);
});

test.run();
