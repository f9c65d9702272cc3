import { test } from "./harness.js";
import * as assert from "uvu/assert";
import * as prettier from "prettier";
import { compile, check } from "../lib/compiler/index.js";
import { TraceMap, eachMapping, originalPositionFor } from "@jridgewell/trace-mapping";
import { load, seed } from "./helpers.js";

const { code, ir, map } = await compile(seed, { filename: "worker-pool.ved" });

test("each goal and step is a named straight-line function, the Ved it came from above it", () => {
  assert.match(code, "// goal workers == 5 (worker-pool.ved:6)\nfunction WorkerPool$goal$1(");
  assert.match(code, "): boolean {\n  return s.workers === 5;\n}");
  assert.match(code, "// transition scale_up (worker-pool.ved:7)\nfunction WorkerPool$step$scale_up(");
  assert.match(code, '): void {\n  if (s.workers < 5) {\n    s.workers = $rt.int(s.workers + 1, "worker-pool.ved:10:1");\n  }\n}');
  assert.match(code, "function WorkerPool$copy(s: Readonly<WorkerPoolState>): WorkerPoolState {\n  return { workers: s.workers };\n}");
});

test("the loop is written out for the domain: each transition tried by name, a change found field by field", () => {
  assert.match(code, "    // transition scale_up\n    WorkerPool$step$scale_up(d, p, fx);\n    if (d.workers !== s.workers) return $rt.changed(fired, 0);\n");
  assert.match(code, "    // transition scale_down\n    trying = 1;\n    WorkerPool$step$scale_down(d, p, fx);\n    if (d.workers !== s.workers) return $rt.changed(fired, 1);\n");
  assert.match(code, "if (WorkerPool$converged(s, p)) return $rt.CONVERGED;");
  assert.not.match(code, /\[\s*\(s, p/, "no positional tables of functions");
});

test("the module imports only the runtime, exports the domain by name and as default", () => {
  assert.equal(code.match(/^import .*$/gm), ['import * as $rt from "vedc/runtime";']);
  assert.match(code, "export { WorkerPool$domain as WorkerPool, WorkerPool$domain as default };");
  assert.match(code, "export interface WorkerPoolState {");
});

test("the output is already formatted by prettier", async () => {
  assert.is(await prettier.format(code, { parser: "typescript" }), code);
});

/** Each mapping of a compiled module: the generated line's text, and the Ved line and column (1-based) it points at. */
function mappingsOf(code, map) {
  const lines = code.split("\n");
  const found = [];
  eachMapping(new TraceMap(map), (m) => found.push([lines[m.generatedLine - 1].trim(), m.originalLine, m.originalColumn + 1]));
  return found;
}

test("the source map points each step statement at its Ved line and column", async () => {
  const m = JSON.parse(map);
  assert.equal(m.sources, ["worker-pool.ved"]);
  assert.equal(m.sourcesContent, [seed]);
  assert.not.match(code, "@ved", "markers are removed");
  assert.equal(mappingsOf(code, map), [
    ["return s.workers === 5;", 6, 1],
    ["if (s.workers < 5) {", 9, 1],
    ['s.workers = $rt.int(s.workers + 1, "worker-pool.ved:10:1");', 10, 1],
    ["if (s.workers > 5) {", 16, 1],
    ['s.workers = $rt.int(s.workers - 1, "worker-pool.ved:17:1");', 17, 1],
  ]);
  // Statements that share a line are told apart by their columns; a goal and a guard map to their declarations.
  const source = "domain D {\n  state { a: int; b: int }\n  goal a == 3\n  transition t when a < 3 {\n    step {\n      let next = a + 1\n      if next > b { b = next; a = next } else { a = next }\n    }\n  }\n}\n";
  const compiled = await compile(source, { filename: "d.ved" });
  assert.equal(mappingsOf(compiled.code, compiled.map), [
    ["return s.a === 3;", 3, 3],
    ["return s.a < 3;", 4, 3],
    ['const l$next = $rt.int(s.a + 1, "d.ved:6:18");', 6, 7],
    ["if (l$next > s.b) {", 7, 7],
    ["s.b = l$next;", 7, 21],
    ["s.a = l$next;", 7, 31],
    ["s.a = l$next;", 7, 49],
  ]);
  // What a debugger asks: the position of a generated statement, back in the .ved file.
  const line = code.split("\n").findIndex((l) => l.includes("s.workers - 1")) + 1;
  assert.equal(originalPositionFor(new TraceMap(map), { line, column: 8 }), { source: "worker-pool.ved", line: 17, column: 0, name: null });
});

test("the IR is plain JSON-serialisable data", () => {
  assert.equal(JSON.parse(JSON.stringify(ir)), ir);
  assert.equal(ir.domains[0].fields, [{ name: "workers", type: { kind: "int" }, key: null, initial: 0, range: null, values: null, owned: false, span: { line: 3, col: 1, endLine: 3, endCol: 13 } }]);
  const up = ir.domains[0].transitions[0];
  assert.equal(up.step[0].cond, { kind: "binary", type: { kind: "bool" }, op: "<", left: { kind: "field", type: { kind: "int" }, name: "workers" }, right: { kind: "const", type: { kind: "int" }, value: 5 }, span: { line: 9, col: 4, endLine: 9, endCol: 15 } });
});

test("goal text is normalised source with only the parentheses it needs", () => {
  const { ir } = check("domain D { state { a: int; b: int; ok: bool }\n goal ((a))==1\n goal (a + b) * 2 == a - (b - 1)\n goal !(ok && a > 1) || -(-a) == 1 }");
  assert.equal(ir.domains[0].goals.map((g) => g.text), ["a == 1", "(a + b) * 2 == a - (b - 1)", "!(ok && a > 1) || -(-a) == 1"]);
});

test("division and remainder carry their Ved location for the run-time error", async () => {
  const { code } = await compile("domain D { state { a: int; b: int }\n transition t { step { a = a / b; b = a % 2 } } }", { filename: "d.ved" });
  assert.match(code, 's.a = $rt.div(s.a, s.b, "d.ved:2:28");');
  assert.match(code, 's.b = $rt.mod(s.a, 2, "d.ved:2:39");');
});

test("a file name cannot inject code into the module", async () => {
  const evil = 'x.ved"); globalThis.pwned = 1; ("\n*/ globalThis.pwned = 2; //\u2028globalThis.pwned = 3;';
  const mod = await load("domain D { state { x: int }\n goal x == 1\n transition t { step { x = 1 / 1 } } }", evil);
  assert.is(globalThis.pwned, undefined);
  assert.is(mod.D.meta.file, evil);
  assert.is(mod.D.reconcile({}).state.x, 1);
});

test("names that mean something in JavaScript behave as plain Ved names", async () => {
  const mod = await load(`domain default {
    state { constructor: int; toString: bool; prototype: int; class: int; then: int }
    goal constructor == 2 && toString && prototype == 1 && class == 3 && then == 4
    transition await { step { constructor = 2; toString = true; prototype = 1; class = 3; then = 4 } }
  }
  domain Object { state { valueOf: int }; goal valueOf == 1; transition hasOwnProperty { step { valueOf = 1 } } }`);
  const r = mod.default.reconcile({});
  assert.equal([r.status, r.transitions], ["converged", ["await"]]);
  assert.equal(r.state, { constructor: 2, toString: true, prototype: 1, class: 3, then: 4 });
  assert.equal(mod.Object.reconcile({}).state, { valueOf: 1 });
  assert.is(typeof Object.keys, "function", "the global Object is untouched");
});

test("strings holding quotes, backticks, ${, */, </script> and U+2028 stay data", async () => {
  const nasty = ['"', "`", "${globalThis.pwned = 4}", "*/ globalThis.pwned = 5; /*", "</script><script>globalThis.pwned = 6</script>", "\u2028globalThis.pwned = 7", "\\", "'"];
  const ved = nasty.map((t) => JSON.stringify(t).replace(/\\u2028/g, "\\u{2028}")).join(" + ");
  const mod = await load(`domain S {
  state { text: string = "start"; done: bool }
  param label: string = ${JSON.stringify(nasty[2])}
  effect say(words: string)
  invariant fine: text != "\\\\"
  goal named: done
  transition t { step { say(label + "\\n"); text = ${ved}; done = true } }
}`);
  const r = mod.S.reconcile({});
  assert.is(globalThis.pwned, undefined);
  assert.is(r.state.text, nasty.join(""));
  assert.equal(r.effects, [{ name: "say", args: { words: nasty[2] + "\n" } }]);
});

test("names that mean something in JavaScript, in every place a name goes", async () => {
  const mod = await load(`enum then { constructor, prototype, await }
domain class {
  state { toString: int; valueOf: then; default: bool }
  param constructor: int = 2
  let prototype = constructor + 1
  effect then(await: int, class: string)
  invariant await: toString >= 0
  goal constructor: toString == prototype
  goal default: valueOf == then.await
  transition __defineGetter__ when !default {
    step {
      let yield = prototype
      then(yield, "x")
      toString = yield
      valueOf = then.await
      default = true
    }
  }
}`);
  const calls = [];
  const i = await mod.class.create({ effects: { then: (args) => calls.push(args) } }).start();
  const s = await i.settled();
  assert.equal([s.status, s.state], ["converged", { toString: 3, valueOf: "await", default: true }]);
  assert.equal(calls, [{ await: 3, class: "x" }]);
  assert.equal(mod.class.reconcile({}, { params: { constructor: 5 } }).state.toString, 6);
  assert.is(mod.default, mod.class);
});

test("a domain with no fields or no goals still compiles to a working module", async () => {
  const mod = await load("domain Empty { state { } }\ndomain NoGoal { state { x: int } transition t { step { x = 1 } } }");
  assert.equal(mod.Empty.reconcile({}), { state: {}, status: "converged", transitions: [], effects: [], failing: [] });
  assert.is(mod.NoGoal.reconcile({}).status, "converged");
});

test.run();
