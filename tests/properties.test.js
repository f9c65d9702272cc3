// Properties checked over many generated inputs (fast-check).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { check } from "../lib/compiler/index.js";
import { load, seed } from "./helpers.js";

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
      const pool = WorkerPool.create().start();
      await pool.settled();
      let expected = 5;
      for (const workers of observations) {
        await pool.observe({ workers });
        expected += Math.abs(workers - 5);
      }
      const s = await pool.settled();
      pool.stop();
      return s.status === "converged" && s.state.workers === 5 && s.ticks === expected;
    }),
    { numRuns: 50 },
  );
});

const words = ["domain", "state", "goal", "transition", "step", "if", "else", "{", "}", "(", ")", "x", "int", "bool", ":", "=", "==", "+=", "-", "!", "&&", "1", "true", ";", "\n", "/*", "*/", "//", "@"];

test("the compiler answers any input with diagnostics or IR, never a crash", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom(...words), { maxLength: 60 }).map((w) => w.join(" "))), (source) => {
      const { ir, diagnostics } = check(source);
      assert.ok(ir !== null || diagnostics.some((d) => d.severity === "error"));
      for (const d of diagnostics) assert.ok(d.span.start.line >= 1 && d.span.start.col >= 1 && /^VED\d{4}$/.test(d.code));
    }),
    { numRuns: 2000 },
  );
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

test.run();
