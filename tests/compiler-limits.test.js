// Inputs sized in megabytes, and the limits the compiler states. A 1 MB step
// and a 2,000-member enum check and compile correctly (speed is measured by
// the benchmarks, as ratios: `npm run bench`, the compile suite's size
// scaling); nesting past 256 levels, an `else if` chain as long, and a file
// past 8 MiB are refused with a located message instead of running out of
// stack or memory. The 5 MB file is in tests/integration/compiler-limits.test.js.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { check, compile, MAX_DEPTH, MAX_SOURCE_LENGTH } from "../lib/compiler/index.js";
import { load } from "./helpers.js";
import { elseIfChain, enumOf, step } from "../bench/lib/sizes.js";

test("a step of 77,000 statements (1 MB) checks, compiles and runs", async () => {
  const source = step(77_000);
  assert.ok(source.length > 1_000_000);
  const { ir, diagnostics } = check(source, { filename: "big.ved" });
  assert.equal(diagnostics.filter((d) => d.severity === "error"), []);
  assert.is(ir.domains[0].transitions[0].step.length, 77_000);
  const { Big } = await load(source, "big.ved");
  assert.equal(Big.reconcile({}).state, { x: 77_000 });
}, { timeout: 120_000 });

test("an enum of 2,000 members checks, its members in order, and compiles", async () => {
  const source = enumOf(2_000);
  const { ir, diagnostics } = check(source);
  assert.equal(diagnostics, []);
  assert.equal(ir.enums[0].members, Array.from({ length: 2_000 }, (_, i) => `m${i}`));
  const { D } = await load(source);
  assert.equal(D.reconcile({}).state, { e: "m1999" });
  assert.throws(() => D.create({ state: { e: "m2000" } }), /one of "m0"/);
}, { timeout: 60_000 });

test("a module too long for prettier keeps the printer's layout, but is the same code", async () => {
  const source = step(6_000);
  const formatted = await compile(source, { filename: "big.ved" });
  const plain = await compile(source, { filename: "big.ved", format: false });
  assert.is(formatted.code, plain.code);
  assert.ok(formatted.code.length > 256 * 1024);
}, { timeout: 60_000 });

test("an `else if` chain longer than the nesting limit is refused where it passes it", () => {
  const ok = check(elseIfChain(MAX_DEPTH - 10));
  assert.equal(ok.diagnostics.filter((d) => d.severity === "error"), []);
  const { diagnostics } = check(elseIfChain(10_000));
  assert.equal(diagnostics.map((d) => [d.code, d.message]), [["VED0007", `this \`else if\` chain nests deeper than ${MAX_DEPTH} levels`]]);
  assert.is(diagnostics[0].span.start.line, 8);
});

test("nesting past the limit is refused, whatever nests: parentheses, blocks, prefixes, operators", () => {
  const wrap = (expr) => `domain D {\n  state {\n    x: int\n  }\n  goal ${expr}\n}\n`;
  const cases = [
    wrap(`${"(".repeat(5_000)}x${")".repeat(5_000)} == 1`),
    wrap(`${"!".repeat(5_000)}true`),
    wrap(`${"- ".repeat(5_000)}x == 1`),
    wrap(`${Array(5_000).fill("x").join(" + ")} == 1`),
    `domain D {\n  state {\n    x: int\n  }\n  transition t {\n    step {\n${"if x < 1 {\n".repeat(5_000)}${"}\n".repeat(5_000)}    }\n  }\n}\n`,
  ];
  for (const source of cases) {
    const { diagnostics } = check(source);
    assert.equal(diagnostics.map((d) => d.code), ["VED0007"], source.slice(0, 80));
  }
});

test("a chain of lets each reading the next is refused past the limit, in either order, before it can overflow a stack", async () => {
  const chain = (n, reversed) => {
    let source = "domain D {\n  state {\n    x: int\n  }\n";
    for (let i = 0; i < n; i++) {
      const read = reversed ? (i === n - 1 ? "x" : `l${i + 1}`) : i === 0 ? "x" : `l${i - 1}`;
      source += `  let l${i} = ${read} + 1\n`;
    }
    return `${source}  goal ${reversed ? "l0" : `l${n - 1}`} >= 0\n  transition t when x < 1 {\n    step {\n      x = 1\n    }\n  }\n}\n`;
  };
  const errors = (source) => check(source).diagnostics.filter((d) => d.severity === "error");
  const { D } = await load(chain(MAX_DEPTH, false));
  assert.is(D.reconcile({}).status, "converged", "256 lets in a chain evaluate");
  assert.equal(errors(chain(20_000, false)).map((d) => [d.code, d.message]), [["VED0007", `let 'l${MAX_DEPTH}' starts a chain of more than ${MAX_DEPTH} lets, each reading the next`]]);
  assert.equal(errors(chain(50_000, true)).map((d) => [d.code, d.message, d.span.start.line]), [["VED0007", `let 'l0' starts a chain of more than ${MAX_DEPTH} lets, each reading the next`, 5]]);
}, { timeout: 60_000 });

test(`a file longer than ${MAX_SOURCE_LENGTH} characters is refused, pointing at the first character past it`, () => {
  const head = "domain D {\n  state {\n    x: int\n  }\n}\n";
  const source = head + "// " + "x".repeat(MAX_SOURCE_LENGTH);
  const { diagnostics } = check(source, { filename: "huge.ved" });
  assert.equal(diagnostics.map((d) => d.code), ["VED0013"]);
  assert.equal(diagnostics[0].span.start, { offset: MAX_SOURCE_LENGTH, line: 6, col: MAX_SOURCE_LENGTH - head.length + 1 });
  assert.equal(check(source.slice(0, MAX_SOURCE_LENGTH)).diagnostics.map((d) => d.code), [], "one character less is accepted");
}, { timeout: 60_000 });

test("a string of many escapes is decoded in linear time, and exactly", () => {
  const count = 100_000;
  const source = `domain D {\n  state {\n    s: string = "${"\\u{41}\\n".repeat(count)}"\n  }\n}\n`;
  const { ir } = check(source);
  assert.is(ir.domains[0].fields[0].initial, "A\n".repeat(count));
}, { timeout: 60_000 });

test.run();
