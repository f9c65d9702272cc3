// What decides whether `vedc build --verify` can be trusted: a path that ends
// just outside the region where every goal holds has converged; string and
// float fields explore the regions their source declares, and the report says
// which fields were held fixed; `build --verify` takes --bound and --param.
import { tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check } from "../lib/compiler/index.js";
import { verifyDomain } from "../lib/compiler/6-verify/verify.js";
import { formatVerification } from "../lib/compiler/6-verify/report.js";
import { cli, load } from "./helpers.js";

async function verify(source, options = {}) {
  const { ir, diagnostics } = check(source, { filename: "test.ved" });
  if (!ir) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const module = await load(source, "test.ved");
  return ir.domains.map((d) => verifyDomain(ir, module[d.name], options));
}

// ---- converging just outside the region ---------------------------------------------------

test("a path that ends just outside the bound, where every goal holds, converges", async () => {
  const r = await cli(["verify", "examples/worker-pool.ved", "--bound", "workers=0..4"]);
  assert.is(r.status, 0, r.stdout);
  const lines = r.stdout.split("\n");
  assert.equal(lines.slice(0, 5), ["WorkerPool: verified — all 5 states converge within 5 ticks (worst: workers = 0)", "  region: workers in 0..4 (bound)", "", "  5 states converge just outside the region, where every goal holds; from workers = 0:", "    workers = 0"]);
  assert.equal(lines.slice(9), ["    → scale_up → workers = 5", "    ✓ converged after 5 ticks, outside the region: workers = 5 is outside 0..4", ""]);
  // Inside a wider bound nothing ends outside, and the report says nothing about it.
  const wide = await cli(["verify", "examples/worker-pool.ved", "--bound", "workers=0..7", "--json"]);
  assert.is(JSON.parse(wide.stdout).domains[0].convergedOutside, null);
});

test("a path that leaves the region with a goal failing still leaves it", async () => {
  const source = "domain Up {\n  state {\n    x: int\n  }\n  goal x == 3\n  transition up when x < 3 { step { x += 2 } }\n}\n";
  const [v] = await verify(source, { bounds: { x: { min: 0, max: 3 } } });
  // 0 → 2 → 4: outside, and 4 != 3. 1 → 3 converges inside; 3 already holds.
  assert.equal(v.counts, { converges: 2, oscillates: 0, stuck: 0, leaves: 2, error: 0, limit: 0 });
  assert.equal(v.convergedOutside, null);
  assert.equal(v.counterexamples[0].trace.end, { kind: "leaves", outside: [{ field: "x", value: 4, region: "0..3" }] });
});

test("with effect outcomes, a completion that lands just outside the region with every goal met converges", async () => {
  const source = `domain Fleet {
  state {
    nodes: int
    owned joining: int in 0..3
  }
  param want: int = 3
  effect join(n: int) {
    done { nodes += n; joining -= n }
    failed { joining -= n }
  }
  goal enough: nodes + joining == want
  transition grow when nodes + joining < want {
    step {
      joining += want - nodes - joining
      join(joining)
    }
  }
}`;
  const [v] = await verify(source, { bounds: { nodes: { min: 0, max: 2 } } });
  assert.ok(v.verified, formatVerification(v));
  assert.is(v.convergedOutside.states, 3);
  const t = v.convergedOutside.trace;
  assert.equal(t.steps.map((s) => s.transition), ["grow", "join done"]);
  assert.equal(t.end, { kind: "converged", outside: [{ field: "nodes", value: 3, region: "0..2" }] });
});

// ---- declared regions for strings and floats -----------------------------------------------

const errors = (source) => check(source, { filename: "r.ved" }).diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}${d.hint ? ` (${d.hint})` : ""}`);
const field = (decl) => `domain A {\n  state {\n    ${decl}\n  }\n}\n`;

test("a string set and a float range with a step are lowered to the field and to an invariant", () => {
  const { ir, diagnostics } = check(field('holder: string in {"", "node-1", "node-2"}\n    rate: float in 0.0..1.0 by 0.1 = 0.5\n    n: int in {1, 2, 4} = 2'), { filename: "r.ved" });
  assert.equal(diagnostics, []);
  assert.is(ir.irVersion, 7);
  const [holder, rate, n] = ir.domains[0].fields;
  assert.equal([holder.values, holder.range, holder.initial], [["", "node-1", "node-2"], null, ""]);
  assert.equal([rate.range, rate.values, rate.initial], [{ min: 0, max: 1, step: 0.1 }, null, 0.5]);
  assert.equal([n.values, n.range], [[1, 2, 4], null]);
  assert.equal(
    ir.domains[0].invariants.map((i) => [i.name, i.text]),
    [
      ['holder in {"", "node-1", "node-2"}', 'holder == "" || holder == "node-1" || holder == "node-2"'],
      ["rate in 0.0..1.0", "rate >= 0.0 && rate <= 1.0"],
      ["n in {1, 2, 4}", "n == 1 || n == 2 || n == 4"],
    ],
  );
});

test("a bad region is a located error with a code and a hint", () => {
  const cases = [
    ["holder: string in {}", ["VED0231 3:20 the set of values of 'holder' is empty: it could hold nothing (list the values it may hold: holder: string in {\"a\", \"b\"})"]],
    ['holder: string in {"", "a", "a"}', ["VED0232 3:33 \"a\" is in the set of 'holder' twice (list each value once)"]],
    ['holder: string in {"", 1}', ["VED0233 3:28 'holder' is a string, but a value in its set is an int"]],
    ['holder: string in {"a", "b"}', ['VED0211 3:20 \'holder\' starts at "", the default of a string, outside its values {"a", "b"} (give it an initial value inside: holder: string in {"a", "b"} = "a")']],
    ['holder: string in {"a", "b"} = "c"', ['VED0211 3:36 \'holder\' starts at "c", outside its values {"a", "b"} (give it an initial value inside: holder: string in {"a", "b"} = "a")']],
    ["holder: string in 0..1", ['VED0210 3:20 a range needs an int or float field, but \'holder\' is a string (list its values instead: holder: string in {"a", "b"})']],
    ["ready: bool in {true}", ["VED0210 3:17 a set of values needs an int, float or string field, but 'ready' is a bool (a bool field takes every value already: drop the set)"]],
    ["rate: float in 0.0..1.0", ["VED0230 3:17 the float range of 'rate' needs a step: the grain vedc verify explores it at (add one: rate: float in 0.0..1.0 by 0.1)"]],
    ["rate: float in 0.0..1.0 by 0.0", ["VED0230 3:32 the step of a range must be above 0, but 'rate' steps by 0.0 (step up from the low end: by 0.1)"]],
    ["rate: float in 0.0..50.0 by -5.0", ["VED0230 3:33 the step of a range must be above 0, but 'rate' steps by -5.0 (step up from the low end: by 1)"]],
    ["n: int in 0..9 by 3", ["VED0230 3:23 an int range takes every int between its ends: 'n' needs no step (drop `by 3`)"]],
    ["rate: float in 1.0..0.0 by 0.1", ["VED0209 3:17 the range 1.0..0.0 of 'rate' is empty: 1.0 is above 0.0 (write 0.0..1.0)"]],
    ["rate: float in 0.5..1.0 by 0.1", ["VED0211 3:17 'rate' starts at 0, the default of a float, outside its range 0.5..1.0 (give it an initial value inside: rate: float in 0.5..1.0 by 0.1 = 0.5)"]],
    ["n: int in {1, 2.5}", ["VED0233 3:19 'n' is an int, but a value in its set is a float"]],
  ];
  for (const [decl, expected] of cases) assert.equal(errors(field(decl)), expected, decl);
  // `by` stays an ordinary name elsewhere.
  assert.equal(errors("domain A {\n  state {\n    r: float in 0.0..1.0 by 0.5\n    by: int\n  }\n  goal by == 0 && r == 0.0\n  transition t when by > 0 { step { by -= 1 } }\n}\n"), []);
});

test("the runtime rejects an observation outside a declared set or float range", async () => {
  const { Lock } = await load('domain Lock {\n  state {\n    holder: string in {"", "a"}\n    rate: float in 0.0..1.0 by 0.1\n  }\n  goal holder == "a"\n  transition take when holder == "" { step { holder = "a" } }\n}\n');
  assert.throws(() => Lock.reconcile({ holder: "b" }), /would break invariant 'holder in \{"", "a"\}'/);
  assert.throws(() => Lock.reconcile({ rate: 1.5 }), /would break invariant 'rate in 0.0..1.0'/);
  // Any float inside the range is a value it may hold: the step is only verify's grain.
  assert.equal(Lock.reconcile({ rate: 0.35 }).status, "converged");
});

test("a leader lock that assigns holder = \"node-1\" verifies over its declared set", async () => {
  const source = `domain LeaderLock {
  state {
    holder: string in {"", "node-1", "node-2"}
    healthy: bool = true
  }
  goal held: holder != "" && healthy
  transition acquire when holder == "" {
    step { holder = "node-1" }
  }
  transition release when !healthy && holder != "" {
    step {
      holder = ""
      healthy = true
    }
  }
}`;
  const [v] = await verify(source);
  assert.ok(v.verified, formatVerification(v));
  assert.equal(v.region[0], { field: "holder", type: "string", source: "declared", values: ["", "node-1", "node-2"], size: 3 });
  assert.is(v.states, 6);
  // A --bound may narrow a declared set, not leave it.
  const [narrow] = await verify(source, { bounds: { holder: { values: ["", "node-2"] } } });
  // acquire takes holder to "node-1", outside: converged when healthy, leaving the region when not.
  assert.equal([narrow.states, narrow.convergedOutside.states, narrow.counts.leaves], [4, 2, 1]);
  await verify(source, { bounds: { holder: { values: ["node-3"] } } }).then(
    () => assert.unreachable(),
    (e) => assert.is(e.message, 'LeaderLock.holder is declared in {"", "node-1", "node-2"}, and "node-3" is not one of them'),
  );
});

test("a rollout with a float error rate shows its stuck state at error_rate = 1.0", async () => {
  const rollout = `domain Rollout {
  state {
    stage: int in 0..4
    error_rate: float in 0.0..1.0 by 0.1
  }
  param max_error: float = 0.5
  goal done: stage == 4
  transition advance when stage < 4 && error_rate < max_error {
    step { stage += 1 }
  }
  transition recover when error_rate >= max_error && error_rate < 1.0 {
    step { error_rate -= 0.1 }
  }
}`;
  const [v] = await verify(rollout);
  assert.not.ok(v.verified);
  assert.equal(v.region[1].grid, { min: 0, max: 1, step: 0.1 });
  assert.equal(v.region[1].values, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  // recover steps down by 0.1 from 0.9 to 0.4 exactly, as the grid has it, however the floats round: only 1.0 is stuck.
  assert.equal(v.counts, { converges: 51, oscillates: 0, stuck: 4, leaves: 0, error: 0, limit: 0 });
  const text = formatVerification(v);
  assert.match(text, "region: stage in 0..4 (declared), error_rate in 0.0..1.0 by 0.1 (declared)\n");
  assert.match(text, "from stage = 0, error_rate = 1.0:\n    stage = 0, error_rate = 1.0\n    ✗ stuck: done fails, and no transition is valid\n");
  // A range bound keeps the declared step.
  const [bound] = await verify(rollout, { bounds: { error_rate: { min: 0, max: 0.5 } } });
  assert.equal(bound.region[1].values, [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
});

test("the formatter, and hover, know sets and float ranges", async () => {
  const { formatSource } = await import("../lib/compiler/format/index.js");
  const messy = 'domain L {\n  state {\n    holder:   string in {"",   "a" , "b",}\n    rate: float in 0.0 .. 1.0   by 0.1 = 0.5\n  }\n}\n';
  const tidy = 'domain L {\n  state {\n    holder: string in {"", "a", "b"}\n    rate: float in 0.0..1.0 by 0.1 = 0.5\n  }\n}\n';
  assert.is((await formatSource(messy, { filename: "l.ved" })).formatted, tidy);
  const { symbolAt } = await import("../lib/compiler/lsp/symbol-at.js");
  const { analysisOf } = await import("../lib/compiler/lsp/document.js");
  const analysis = analysisOf(tidy, "l.ved");
  assert.is(symbolAt(analysis, tidy.indexOf("holder")).signature, '(field) holder: string in {"", "a", "b"}');
  assert.is(symbolAt(analysis, tidy.indexOf("rate")).signature, "(field) rate: float in 0.0..1.0 by 0.1 = 0.5");
});

// ---- vedc build --verify takes --bound and --param ------------------------------------------

test("vedc build --verify takes --bound and --param as vedc verify does", async () => {
  const out = tempDir("build-verify-flags");
  const bounded = await cli(["build", "--verify", "--bound", "workers=0..4", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(bounded.status, 0, bounded.stderr);
  assert.match(bounded.stdout, "WorkerPool: verified — all 5 states converge within 5 ticks (worst: workers = 0)\n  5 states converge just outside the region, where every goal holds (vedc verify shows how)\n");
  assert.ok(existsSync(join(out, "worker-pool.js")));

  const file = join(out, "pool.ved");
  writeFileSync(file, "domain P {\n  state {\n    n: int in 0..10\n  }\n  param target: int = 5\n  goal n == target\n  transition up when n < target { step { n += 1 } }\n  transition down when n > target { step { n -= 1 } }\n}\n");
  const ok = await cli(["build", "--verify", "--param", "target=7", file, "--outdir", out]);
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, "P: verified — all 11 states converge within 7 ticks (worst: n = 0)\n");
  // A target outside the range: n can never reach it; build refuses, naming the params it used.
  const bad = await cli(["build", "--verify", "--param", "target=12", file, "--outdir", join(out, "bad")]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, "params: target = 12");
  assert.match(bad.stderr, `${file}: not built: P does not verify\n`);
  assert.not.ok(existsSync(join(out, "bad", "pool.js")));
});

test("a bad --bound or --param to vedc build --verify is one line, and nothing is built", async () => {
  const out = tempDir("build-verify-bad");
  const unknown = await cli(["build", "--verify", "--bound", "wrkers=0..4", "examples/worker-pool.ved", "--outdir", out]);
  assert.equal([unknown.status, unknown.stdout], [1, ""]);
  assert.is(unknown.stderr, "examples/worker-pool.ved: not built: it cannot be verified: --bound wrkers=0..4: no field 'wrkers' in WorkerPool (did you mean 'workers'?)\n");
  const param = await cli(["build", "--verify", "--param", "target=5", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(param.stderr, "examples/worker-pool.ved: not built: it cannot be verified: --param target=5: no param 'target' in WorkerPool (params: none)\n");
  const without = await cli(["build", "--bound", "workers=0..4", "examples/worker-pool.ved", "--outdir", out]);
  assert.equal([without.status, without.stderr], [1, "vedc: --bound and --param go with --verify: they set the region and the params it verifies with\n"]);
  assert.not.ok(existsSync(join(out, "worker-pool.js")));
});

test.run();
