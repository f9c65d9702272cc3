// vedc verify and the range syntax: every example verifies; deliberately
// broken domains are caught with the right verdict and the exact trace; the
// verdicts agree with the runtime's own reconcile, state by state.
import { tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { check } from "../lib/compiler/index.js";
import { verifyDomain, VerifyError } from "../lib/compiler/6-verify/verify.js";
import { formatVerification } from "../lib/compiler/6-verify/report.js";
import { cli, load, root } from "./helpers.js";

const fixture = (name) => `tests/fixtures/verify/${name}/input.ved`;
const read = (path) => readFileSync(join(root, path), "utf8");

/** Verifies every domain of `source` through the stage API, on the bundle a build would give. */
async function verify(source, options = {}, filename = "test.ved") {
  const { ir, diagnostics } = check(source, { filename });
  if (!ir) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const module = await load(source, filename);
  return ir.domains.map((d) => verifyDomain(ir, module[d.name], options));
}

const errors = (source) => check(source, { filename: "r.ved" }).diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}`);

// ---- the range syntax ------------------------------------------------------------------

test("a range is lowered to the field's range and an invariant named after it", () => {
  const { ir, diagnostics } = check("domain A {\n  state {\n    x: int in -2..7 = 3\n    y: int\n  }\n  invariant y >= 0\n}\n", { filename: "r.ved" });
  assert.equal(diagnostics, []);
  const [x, y] = ir.domains[0].fields;
  assert.equal([x.range, x.initial, y.range], [{ min: -2, max: 7 }, 3, null]);
  assert.equal(
    ir.domains[0].invariants.map((i) => [i.name, i.text]),
    [
      ["x in -2..7", "x >= -2 && x <= 7"],
      [null, "y >= 0"],
    ],
  );
  assert.equal(ir.domains[0].invariants[0].span, { line: 3, col: 12, endLine: 3, endCol: 20 });
  assert.is(ir.irVersion, 7);
});

test("a range must not be empty, must be on a number, and must hold the initial value", () => {
  assert.equal(errors("domain A { state { x: int in 10..0 } }"), ["VED0209 1:27 the range 10..0 of 'x' is empty: 10 is above 0"]);
  assert.equal(errors("domain A { state { x: float in 0..1 } }"), ["VED0230 1:29 the float range of 'x' needs a step: the grain vedc verify explores it at"]);
  assert.equal(errors("enum P { a }\ndomain A { state { p: P in 0..1 } }"), ["VED0210 2:25 a range needs an int or float field, but 'p' is a P"]);
  assert.equal(errors("domain A { state { x: int in 1..10 } }"), ["VED0211 1:27 'x' starts at 0, the default of an int, outside its range 1..10"]);
  assert.equal(errors("domain A { state { x: int in 1..10 = 11 } }"), ["VED0211 1:38 'x' starts at 11, outside its range 1..10"]);
  assert.equal(errors("domain A { state { x: int in 0..99999999999999999999 } }"), ["VED0205 1:33 99999999999999999999 is outside the range of an int"]);
  assert.equal(errors("domain A { state { x: int in 0..1.5 } }"), ["VED0233 1:33 'x' is an int, but an end of its range is a float"]);
  assert.equal(errors("domain A { state { x: int in 5..5 = 5; y: int in -3..-1 = -1 } }"), []);
});

test("`in` stays an ordinary name everywhere but after a field's type", () => {
  assert.equal(errors("domain A { state { in: int in 0..3\n  x: int } goal in == x\n transition t { step { x = in } } }"), []);
});

test("the runtime enforces a range: an observation outside is rejected, a transition leaving it is an error", async () => {
  const { Up } = await load("domain Up {\n  state {\n    x: int in 0..5\n  }\n  goal x == 9\n  transition up { step { x += 1 } }\n}\n");
  const up = await Up.create({ state: { x: 5 } }).start();
  await up
    .observe({ x: 6 })
    .then(
      () => assert.unreachable(),
      (e) => assert.match(e.message, "would break invariant 'x in 0..5'"),
    );
  await up.stop();
  const r = Up.reconcile({ x: 3 });
  assert.equal([r.status, r.state.x, r.transitions], ["error", 5, ["up", "up"]]);
  assert.is(r.error.message, "Up: transition 'up' would break invariant 'x in 0..5'; it was not applied");
  assert.throws(() => Up.reconcile({ x: -1 }), /would break invariant 'x in 0..5'/);
});

// ---- every example verifies ------------------------------------------------------------------

/** Bounds small enough to keep the suite fast; an example not listed here gets the defaults. */
const EXAMPLE_BOUNDS = {
  "worker-pool.ved": { workers: { min: 0, max: 300 } },
  "worker-pool-indented.ved": { workers: { min: 0, max: 300 } },
  "autoscaler.ved": { load: { min: 0, max: 400 }, workers: { min: 0, max: 8 }, pending: { min: 0, max: 8 } },
};

/**
 * Examples that do not verify, each with the test pinning exactly why. When
 * an example is changed to verify, its entry goes and the plain test applies.
 */
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ved"));

for (const name of examples) {
  test(`examples/${name} verifies`, async () => {
    const results = await verify(read(`examples/${name}`), { bounds: EXAMPLE_BOUNDS[name] ?? {} }, `examples/${name}`);
    for (const v of results) assert.ok(v.verified, formatVerification(v));
  });
}

test("the seed's WorkerPool verifies over 0..1000, worst case 995 ticks from 1000", async () => {
  const r = await cli(["verify", "examples/worker-pool.ved", "--bound", "workers=0..1000"]);
  assert.is(r.stderr, "");
  assert.is(r.stdout, "WorkerPool: verified — all 1,001 states converge within 995 ticks (worst: workers = 1000)\n  region: workers in 0..1000 (bound)\n");
  assert.is(r.status, 0);
});

// ---- broken domains: the right verdict and the exact trace ---------------------------------------

test("an oscillating domain: the cycle, transition by transition", async () => {
  const [v] = await verify(read(fixture("oscillate")));
  assert.is(v.verified, false);
  assert.equal(v.counts, { converges: 7, oscillates: 4, stuck: 0, leaves: 0, error: 0, limit: 0 });
  assert.is(v.counterexamples.length, 1);
  const [c] = v.counterexamples;
  assert.equal([c.kind, c.states], ["oscillates", 4]);
  assert.equal(c.trace, {
    start: { x: 0 },
    steps: [
      { tick: 1, transition: "climb", changes: { x: 1 }, effects: [] },
      { tick: 2, transition: "climb", changes: { x: 2 }, effects: [] },
      { tick: 3, transition: "climb", changes: { x: 3 }, effects: [] },
      { tick: 4, transition: "bounce", changes: { x: 1 }, effects: [] },
    ],
    end: { kind: "cycle", tick: 1 },
  });
  const r = await cli(["verify", fixture("oscillate")]);
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    `Bounce: FAILED — of 11 states, 7 converge, 4 oscillate
  region: x in 0..10 (declared)

  oscillates — 4 states end in this cycle; from x = 0:
    x = 0
    → climb → x = 1
    → climb → x = 2
    → climb → x = 3
    → bounce → x = 1  ↺ back to the state after tick 1
    ✗ this cycle of 3 ticks repeats forever, and goal x == 5 never holds
`,
  );
});

test("a domain stuck for some states: the path there, and the goals that fail", async () => {
  const [v] = await verify(read(fixture("stuck")));
  assert.equal(v.counts, { converges: 6, oscillates: 0, stuck: 5, leaves: 0, error: 0, limit: 0 });
  const [c] = v.counterexamples;
  assert.equal([v.counterexamples.length, c.kind, c.states], [1, "stuck", 5]);
  assert.equal(c.trace.start, { level: 1 });
  assert.equal(c.trace.steps.map((s) => [s.transition, s.changes.level]), [["fill", 3], ["fill", 5], ["fill", 7], ["fill", 9]]);
  assert.equal(c.trace.end, { kind: "stuck", failing: ["full"] });
  const r = await cli(["verify", fixture("stuck")]);
  assert.is(r.status, 1);
  assert.match(r.stdout, "  stuck — 5 states end stuck here; from level = 1:\n    level = 1\n    → fill → level = 3\n    → fill → level = 5\n    → fill → level = 7\n    → fill → level = 9\n    ✗ stuck: full fails, and no transition is valid\n");
});

test("a domain that runs away: the path out of the region", async () => {
  const [v] = await verify(read(fixture("runaway")), { bounds: { count: { min: 0, max: 20 } } });
  assert.equal(v.counts, { converges: 11, oscillates: 0, stuck: 0, leaves: 10, error: 0, limit: 0 });
  const [c] = v.counterexamples;
  assert.equal([v.counterexamples.length, c.kind, c.states], [1, "leaves", 10]);
  assert.equal(c.trace.start, { count: 11 });
  assert.equal(c.trace.steps.map((s) => `${s.transition}:${s.changes.count}`), ["advance:12", "advance:13", "advance:14", "advance:15", "advance:16", "advance:17", "advance:18", "advance:19", "advance:20", "advance:21"]);
  assert.equal(c.trace.end, { kind: "leaves", outside: [{ field: "count", value: 21, region: "0..20" }] });

  // With no range and no bound, the default range, and the report says so; a long trace is shortened.
  const r = await cli(["verify", fixture("runaway")]);
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    `Counter: FAILED — of 101 states, 11 converge, 90 leave the region
  region: count in 0..100 (default)
  count has no declared range and no bound: it takes the default 0..100, widened to hold the initial value

  leaves the region — 90 states end by this way out; from count = 11:
    count = 11
    → advance → count = 12
    → advance → count = 13
    → advance → count = 14
    → advance → count = 15
    → advance → count = 16
    → advance → count = 17
    … ticks 7 to 84 …
    → advance → count = 96
    → advance → count = 97
    → advance → count = 98
    → advance → count = 99
    → advance → count = 100
    → advance → count = 101
    ✗ leaves the region: count = 101 is outside 0..100
`,
  );
});

test("a domain that divides by zero for some states: the path and the statement", async () => {
  const [v] = await verify(read(fixture("divide")), {}, fixture("divide"));
  assert.equal(v.counts, { converges: 21, oscillates: 0, stuck: 0, leaves: 0, error: 19, limit: 0 });
  // Nine states raise it (rounds = 3 with work left); the first path into one starts at rounds = 0, work = 8.
  assert.is(v.counterexamples.length, 9);
  assert.ok(v.counterexamples.every((c) => c.kind === "error" && c.trace.end.message === v.counterexamples[0].trace.end.message));
  const [c] = v.counterexamples;
  assert.equal(c.trace.start, { rounds: 0, work: 8 });
  assert.equal(c.trace.steps.map((s) => [s.transition, s.changes]), [
    ["round", { rounds: 1, work: 7 }],
    ["round", { rounds: 2, work: 5 }],
    ["round", { rounds: 3, work: 1 }],
  ]);
  assert.equal(c.trace.end, { kind: "error", transition: "round", message: "Backlog: transition 'round' failed: division by zero at tests/fixtures/verify/divide/input.ved:11:25" });
  const r = await cli(["verify", fixture("divide")]);
  assert.is(r.status, 1);
  assert.is(
    r.stdout,
    `Backlog: FAILED — of 40 states, 21 converge, 19 fail with an error
  region: rounds in 0..3 (declared), work in 0..9 (declared)

  error — 19 states end in this error, raised in 9 states; the first, from rounds = 0, work = 8:
    rounds = 0, work = 8
    → round → rounds = 1, work = 7
    → round → rounds = 2, work = 5
    → round → rounds = 3, work = 1
    ✗ Backlog: transition 'round' failed: division by zero at tests/fixtures/verify/divide/input.ved:11:25
`,
  );
});

test("the verdicts agree with the runtime's reconcile, state by state", async () => {
  // reconcile runs the real loop from each state: verify's counts must be its statuses,
  // with 'limit' for a cycle or a runaway, and its worst case the longest run.
  const cases = [
    [fixture("oscillate"), { x: [0, 10] }, {}],
    [fixture("stuck"), { level: [0, 10] }, {}],
    [fixture("runaway"), { count: [0, 20] }, { bounds: { count: { min: 0, max: 20 } } }],
    [fixture("divide"), { rounds: [0, 3], work: [0, 9] }, {}],
    ["examples/worker-pool.ved", { workers: [0, 60] }, { bounds: { workers: { min: 0, max: 60 } } }],
  ];
  for (const [path, ranges, options] of cases) {
    const source = read(path);
    const [v] = await verify(source, options, path);
    const module = await load(source, path);
    const domain = module[v.domain];
    const statuses = { converged: 0, stuck: 0, error: 0, limit: 0 };
    let longest = 0;
    const fields = Object.entries(ranges);
    const each = (i, state) => {
      if (i === fields.length) {
        const r = domain.reconcile(state, { maxTicks: 1000 });
        statuses[r.status]++;
        if (r.status === "converged") longest = Math.max(longest, r.transitions.length);
        return;
      }
      const [name, [lo, hi]] = fields[i];
      for (let x = lo; x <= hi; x++) each(i + 1, { ...state, [name]: x });
    };
    each(0, {});
    assert.equal(statuses, { converged: v.counts.converges, stuck: v.counts.stuck, error: v.counts.error, limit: v.counts.oscillates + v.counts.leaves }, path);
    assert.is(longest, v.worst.ticks, path);
  }
});

// ---- more of the model ----------------------------------------------------------------------

test("states that break an invariant as they stand are counted apart, not failures", async () => {
  const [v] = await verify("domain A {\n  state {\n    x: int in 0..9\n  }\n  invariant x != 3 && x != 4\n  goal x == 0\n  transition down when x > 4 || x < 3 { step { x = max(x - 1, 0) } }\n}\n");
  assert.equal([v.verified, v.states, v.invalid, v.counts.converges], [false, 10, 2, 3]);
  // From 5 the step down to 4 would break the invariant: an error, as the runtime has it.
  assert.equal(v.counterexamples.map((c) => [c.kind, c.states, c.trace.end.message]), [["error", 5, "A: transition 'down' would break invariant 'x != 3 && x != 4'; it was not applied"]]);
  const [ok] = await verify("domain B {\n  state {\n    x: int in 0..9\n  }\n  invariant x != 3\n  goal x == 3 || x < 3\n  transition down when x > 3 { step { x -= 1 } }\n}\n");
  assert.equal([ok.verified, ok.invalid, ok.counts.converges], [false, 1, 3]);
  assert.match(formatVerification(ok), "1 of the 10 states breaks an invariant as it stands");
});

test("a transition that only calls an effect fires once for the state it finds, then the domain is stuck; bools and enums take every value", async () => {
  const [v] = await verify("enum Mode { idle, busy }\ndomain Pinger {\n  state {\n    up: bool\n    mode: Mode\n  }\n  effect ping(n: int)\n  goal up\n  transition wake when mode == Mode.busy { step { up = true } }\n  transition nudge when !up { step { ping(1) } }\n}\n");
  assert.equal(v.region.map((f) => [f.field, f.values, f.source]), [["up", [false, true], "all"], ["mode", ["idle", "busy"], "all"]]);
  assert.equal([v.states, v.counts.converges, v.counts.stuck, v.counts.oscillates], [4, 3, 1, 0]);
  const [c] = v.counterexamples;
  assert.equal(c.trace, { start: { up: false, mode: "idle" }, steps: [{ tick: 1, transition: "nudge", changes: {}, effects: [{ name: "ping", args: { n: 1 } }] }], end: { kind: "stuck", failing: ["up"] } });
  assert.match(formatVerification(v), "    → nudge → (no change); calls ping(n = 1)\n    ✗ stuck: up fails, and no transition is valid");
});

test("strings and floats are held at their initial value unless bound; changing one leaves the region", async () => {
  const source = 'domain Label {\n  state {\n    name: string = "a"\n    ratio: float = 0.5\n    n: int in 0..3\n  }\n  goal n == 0 && name == "a"\n  transition down when n > 0 { step { n -= 1 } }\n  transition tag when n == 0 && name != "a" { step { name = "a" } }\n}\n';
  const [held] = await verify(source);
  assert.ok(held.verified);
  assert.equal(held.region.map((f) => [f.field, f.source, f.size]), [["name", "held", 1], ["ratio", "held", 1], ["n", "declared", 4]]);
  assert.match(formatVerification(held), 'name and ratio are held at their initial value: a string or float field varies only when its region is declared (name: string in {"a", "other"}) or bound');
  const [bound] = await verify(source, { bounds: { name: { values: ["a", "b"] }, ratio: { min: 0, max: 2 } } });
  assert.equal([bound.states, bound.verified, bound.worst], [24, true, { ticks: 4, state: { name: "b", ratio: 0, n: 3 } }]);
  const [out] = await verify(source.replace('name = "a"', 'name = "c"'), { bounds: { name: { values: ["a", "b"] } } });
  assert.equal(out.counterexamples.map((c) => c.trace.end), [{ kind: "leaves", outside: [{ field: "name", value: "c", region: '"a", "b"' }] }]);
});

test("params: defaults unless given; a state needing more ticks than the bound is too slow", async () => {
  const source = "domain T {\n  state {\n    x: int in 0..50\n  }\n  param target: int = 10\n  goal x == target\n  transition up when x < target { step { x += 1 } }\n  transition down when x > target { step { x -= 1 } }\n}\n";
  const [v] = await verify(source, { params: { target: 40 }, maxTicks: 30 });
  assert.equal(v.params, [{ name: "target", type: "int", value: 40 }]);
  assert.equal([v.counts.converges, v.counts.limit, v.worst.ticks], [41, 10, 40]);
  const slow = v.counterexamples.find((c) => c.kind === "limit");
  assert.equal([slow.states, slow.ticks, slow.trace.start, slow.trace.end], [10, 40, { x: 0 }, { kind: "converged" }]);
  await verify(source, { params: { target: "x" } }).then(
    () => assert.unreachable(),
    (e) => assert.ok(e instanceof VerifyError && e.message === `T: param 'target' is an int, and "x" is not one`, e.message),
  );
});

test("an invariant that cannot be evaluated in a state is an error there", async () => {
  const [v] = await verify("domain D {\n  state {\n    x: int in 0..2\n  }\n  invariant 6 / x > 0 || x == 0\n  goal x == 1\n  transition t when x != 1 { step { x = 1 } }\n}\n", {}, "d.ved");
  assert.equal(v.counterexamples.map((c) => [c.kind, c.trace.start, c.trace.end]), [["error", { x: 0 }, { kind: "error", transition: null, message: "D: invariant '6 / x > 0 || x == 0' failed: division by zero at d.ved:5:13" }]]);
});

test("a million states: two int fields over 0..999", async () => {
  const [v] = await verify("domain Grid {\n  state {\n    x: int in 0..999\n    y: int in 0..999\n  }\n  goal x == 500 && y == 500\n  transition right when x < 500 { step { x += 1 } }\n  transition left when x > 500 { step { x -= 1 } }\n  transition up when y < 500 { step { y += 1 } }\n  transition down when y > 500 { step { y -= 1 } }\n}\n");
  assert.equal([v.verified, v.states, v.counts.converges, v.worst], [true, 1_000_000, 1_000_000, { ticks: 1000, state: { x: 0, y: 0 } }]);
});

test("a region too large is refused with a message to narrow it", async () => {
  await verify("domain Big {\n  state {\n    a: int in 0..9999\n    b: int in 0..9999\n  }\n}\n").then(
    () => assert.unreachable(),
    (e) => assert.is(e.message, "Big: the region has 100,000,000 states (a: 10,000, b: 10,000), more than the 50,000,000 the verifier explores; narrow it with --bound field=lo..hi, or declare ranges in the source (workers: int in 0..100)"),
  );
  const r = await cli(["verify", "examples/autoscaler.ved", "--bound", "load=0..2000"]);
  assert.equal([r.status, r.stdout], [1, ""]);
  assert.match(r.stderr, /^vedc: Autoscaler: the region has [\d,]+ states \(load: 2,001, /);
});

// ---- the command line ----------------------------------------------------------------------------

test("--json prints every result and counterexample as data", async () => {
  const r = await cli(["verify", fixture("divide"), "--json"]);
  assert.is(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(Object.keys(out), ["file", "verified", "domains"]);
  assert.equal([out.file, out.verified, out.domains.length], [fixture("divide"), false, 1]);
  const [d] = out.domains;
  assert.equal(Object.keys(d), ["domain", "file", "verified", "goals", "params", "maxTicks", "region", "states", "invalid", "counts", "convergedOutside", "worst", "counterexamples", "seconds"]);
  assert.equal(d.region, [
    { field: "rounds", type: "int", source: "declared", min: 0, max: 3, size: 4 },
    { field: "work", type: "int", source: "declared", min: 0, max: 9, size: 10 },
  ]);
  assert.equal([d.states, d.invalid, d.maxTicks, d.goals], [40, 0, 10000, ["work == 0"]]);
  // All nine, not only the first shown as text; together they cover every failing state.
  assert.is(d.counterexamples.length, 9);
  assert.is(d.counterexamples.reduce((n, c) => n + c.states, 0), d.counts.error);
  assert.equal(Object.keys(d.counterexamples[0]), ["kind", "states", "trace"]);
  assert.equal(Object.keys(d.counterexamples[0].trace), ["start", "steps", "end"]);
});

test("--bound, --param and --max-ticks on the command line", async () => {
  const r = await cli(["verify", "examples/autoscaler.ved", "--bound", "load=0..200", "--bound", "workers=0..4", "--bound", "pending=0", "--bound", "stopping=0", "--bound", "phase=steady", "--param", "max_workers=4", "--max-ticks", "5"]);
  assert.is(r.stderr, "");
  assert.match(r.stdout, "  region: load in 0..200 (bound), workers in 0..4 (bound), pending in {0} (bound), stopping in {0} (bound), phase in {steady} (bound)\n");
  assert.match(r.stdout, "\n  params: capacity = 100, min_workers = 1, max_workers = 4\n");
  // scale_up asks for boots, so pending leaves {0}.
  assert.match(r.stdout, "leaves the region");
  assert.is(r.status, 1);
});

test("a bad --bound or --param is one line and exit 1, before anything runs", async () => {
  const cases = [
    [["--bound", "wrkers=0..10"], "vedc: --bound wrkers=0..10: no field 'wrkers' in WorkerPool (did you mean 'workers'?)\n"],
    [["--bound", "workers=10..0"], "vedc: --bound workers=10..0: the range is empty, 10 is above 0; write workers=0..10\n"],
    [["--bound", "workers"], "vedc: --bound workers: expected field=lo..hi or field=value,value,..., e.g. --bound workers=0..100\n"],
    [["--bound", "workers=0..x"], "vedc: --bound workers=0..x: a range is two integers, lo..hi, e.g. --bound workers=0..100\n"],
    [["--bound", "workers=1,two"], 'vedc: WorkerPool.workers is an int, and "two" is not an int\n'],
    [["--param", "target=5"], "vedc: --param target=5: no param 'target' in WorkerPool (params: none)\n"],
  ];
  for (const [args, message] of cases) {
    const r = await cli(["verify", "examples/worker-pool.ved", ...args]);
    assert.equal([r.status, r.stdout, r.stderr], [1, "", message], args.join(" "));
  }
  const declared = await cli(["verify", fixture("stuck"), "--bound", "level=0..20"]);
  assert.is(declared.stderr, "vedc: Tank.level is declared in 0..10: a bound may narrow that range, not leave it\n");
});

test("vedc build --verify builds a domain that verifies and refuses one that does not", async () => {
  const out = tempDir("verify");
  const ok = await cli(["build", "--verify", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, "WorkerPool: verified — all 101 states converge within 95 ticks (worst: workers = 100)\n");
  assert.ok(existsSync(join(out, "worker-pool.js")));
  const bad = await cli(["build", "--verify", fixture("oscillate"), "--outdir", out]);
  assert.is(bad.status, 1);
  assert.is(bad.stdout, "");
  assert.match(bad.stderr, "Bounce: FAILED — of 11 states, 7 converge, 4 oscillate\n");
  assert.match(bad.stderr, `${fixture("oscillate")}: not built: Bounce does not verify\n`);
  assert.not.ok(existsSync(join(out, "input.js")));
  // Without --verify it builds as before.
  assert.is((await cli(["build", fixture("oscillate"), "--outdir", out])).status, 0);
  assert.ok(existsSync(join(out, "input.js")));
});

test("vedc verify has --help, and a file with errors prints its diagnostics", async () => {
  const help = await cli(["verify", "--help"]);
  assert.is(help.status, 0);
  for (const flag of ["--bound", "--param", "--max-ticks", "--json"]) assert.match(help.stdout, flag);
  const broken = await cli(["verify", "tests/fixtures/broken/unknown-name/input.ved"]);
  assert.equal([broken.status, broken.stdout], [1, ""]);
  assert.match(broken.stderr, "VED0100");
});

test.run();
