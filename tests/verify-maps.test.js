// vedc verify over map fields: a map is explored one axis per key
// (replicas[a]), the states given to the bundle's tick are real states with
// a map as an object, the verdicts are the runtime's own, traces name the
// per-key transitions (add(b)) and print maps readably, and --bound takes a
// whole map or one key of it.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { check } from "../lib/compiler/index.js";
import { checkOptions, verifyDomain, VerifyError } from "../lib/compiler/6-verify/verify.js";
import { formatVerification } from "../lib/compiler/6-verify/report.js";
import { cli, load, root } from "./helpers.js";

async function verify(source, options = {}) {
  const { ir, diagnostics } = check(source, { filename: "test.ved" });
  if (!ir) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const module = await load(source, "test.ved");
  return ir.domains.map((d) => verifyDomain(ir, module[d.name], options));
}

// The zone spreader: per_zone replicas in each healthy zone, none in an unhealthy one.
const spreader = (add = "healthy[z] && replicas[z] < per_zone", range = "0..5") => `enum Zone { a, b, c }

domain Spreader {
  state {
    replicas: map<Zone, int in ${range}>
    healthy: map<Zone, bool> = true
  }
  param per_zone: int = 2
  let total = sum(z in Zone: replicas[z])
  invariant total <= 15
  goal all z in Zone: healthy[z] => replicas[z] == per_zone
  transition add(z: Zone) when ${add} {
    step { replicas[z] += 1 }
  }
  transition remove(z: Zone) when replicas[z] > per_zone || !healthy[z] && replicas[z] > 0 {
    step { replicas[z] -= 1 }
  }
}
`;

test("the zone spreader verifies over every key of both maps: 6^3 × 2^3 states, the worst said with its maps", async () => {
  const [v] = await verify(spreader());
  assert.equal([v.verified, v.states, v.invalid, v.counts.converges, v.worst.ticks], [true, 1728, 0, 1728, 13]);
  assert.equal(v.worst.state, { replicas: { a: 5, b: 5, c: 5 }, healthy: { a: false, b: false, c: true } });
  assert.equal(
    v.region.map((f) => [f.field, f.map, f.size]),
    [
      ["replicas[a]", { field: "replicas", key: "a", enum: "Zone" }, 6],
      ["replicas[b]", { field: "replicas", key: "b", enum: "Zone" }, 6],
      ["replicas[c]", { field: "replicas", key: "c", enum: "Zone" }, 6],
      ["healthy[a]", { field: "healthy", key: "a", enum: "Zone" }, 2],
      ["healthy[b]", { field: "healthy", key: "b", enum: "Zone" }, 2],
      ["healthy[c]", { field: "healthy", key: "c", enum: "Zone" }, 2],
    ],
  );
  assert.equal(formatVerification(v).split("\n").slice(0, 3), [
    "Spreader: verified — all 1,728 states converge within 13 ticks (worst: replicas = { a: 5, b: 5, c: 5 }, healthy = { a: false, b: false, c: true })",
    "  region: replicas[a, b, c] in 0..5 (declared), healthy[a, b, c] in {false, true}",
    "  params: per_zone = 2",
  ]);
});

test("the verdicts are the runtime's reconcile, state by state, each state a real object with its maps", async () => {
  const source = spreader("healthy[z] && z != Zone.c && replicas[z] < per_zone", "0..3");
  const [v] = await verify(source);
  const { Spreader } = await load(source, "test.ved");
  const statuses = { converged: 0, stuck: 0, error: 0, limit: 0 };
  let longest = 0;
  const bools = [false, true];
  for (let a = 0; a <= 3; a++)
    for (let b = 0; b <= 3; b++)
      for (let c = 0; c <= 3; c++)
        for (const ha of bools)
          for (const hb of bools)
            for (const hc of bools) {
              const r = Spreader.reconcile({ replicas: { a, b, c }, healthy: { a: ha, b: hb, c: hc } }, { maxTicks: 1000 });
              statuses[r.status]++;
              if (r.status === "converged") longest = Math.max(longest, r.transitions.length);
            }
  assert.equal(statuses, { converged: v.counts.converges, stuck: v.counts.stuck, error: v.counts.error, limit: v.counts.oscillates + v.counts.leaves });
  // Stuck: c healthy and short of per_zone, whatever a and b hold; a quarter of the states.
  assert.equal([v.states, v.counts.converges, v.counts.stuck, longest], [512, 384, 128, v.worst.ticks]);
});

test("a goal one key cannot reach: stuck, the state printed with its maps", async () => {
  const [v] = await verify(spreader("healthy[z] && z != Zone.c && replicas[z] < per_zone", "0..3"));
  const lines = formatVerification(v).split("\n");
  assert.equal(lines[0], "Spreader: FAILED — of 512 states, 384 converge, 128 get stuck");
  assert.equal(lines.slice(4, 7), [
    "  stuck — 128 states end stuck, in one of 8 states where the same goals fail; the first, from replicas = { a: 0, b: 0, c: 0 }, healthy = { a: false, b: false, c: true }:",
    "    replicas = { a: 0, b: 0, c: 0 }, healthy = { a: false, b: false, c: true }",
    "    ✗ stuck: all z in Zone: healthy[z] => replicas[z] == per_zone fails, and no transition is valid",
  ]);
  // The 8 stuck states: a and b at their targets (2 when healthy, else 0), c healthy at 0 or 1, which add(c) may not raise.
  const ends = v.counterexamples.map((c) => c.trace.steps.reduce((m, step) => ({ ...m, ...step.changes.replicas }), c.trace.start.replicas));
  assert.equal(ends.length, 8);
  assert.ok(ends.every((m) => m.c < 2 && m.a !== 1 && m.b !== 1));
  assert.ok(v.counterexamples.every((c) => c.trace.start.healthy.c && c.trace.steps.every((step) => step.transition !== "add(c)")));
});

test("an add that overshoots: a cycle of add(b) and remove(b), each step's change said key by key, as text and as data", async () => {
  const [v] = await verify(spreader("healthy[z] && replicas[z] <= per_zone"), { bounds: { healthy: { values: [true] }, "replicas[a]": { min: 2, max: 3 }, "replicas[c]": { min: 2, max: 3 } } });
  // Only a = b = c = 2 converges: it already meets the goal.
  assert.equal([v.verified, v.states, v.counts.converges, v.counts.oscillates], [false, 24, 1, 23]);
  const [c] = v.counterexamples;
  assert.equal(c.trace.start, { replicas: { a: 2, b: 0, c: 2 }, healthy: { a: true, b: true, c: true } });
  assert.equal(c.trace.steps.map((s) => [s.transition, s.changes]), [
    ["add(a)", { replicas: { a: 3 } }],
    ["add(b)", { replicas: { b: 1 } }],
    ["add(b)", { replicas: { b: 2 } }],
    ["add(b)", { replicas: { b: 3 } }],
    ["add(c)", { replicas: { c: 3 } }],
    ["remove(a)", { replicas: { a: 2 } }],
    ["add(a)", { replicas: { a: 3 } }],
  ]);
  assert.equal(formatVerification(v).split("\n").slice(1, 14), [
    "  region: replicas[a] in 2..3 (bound), replicas[b] in 0..5 (declared), replicas[c] in 2..3 (bound), healthy[a, b, c] in {true} (bound)",
    "  params: per_zone = 2",
    "",
    "  oscillates — 23 states end in one of 3 cycles through the same transitions; the first, from replicas = { a: 2, b: 0, c: 2 }, healthy = { a: true, b: true, c: true }:",
    "    replicas = { a: 2, b: 0, c: 2 }, healthy = { a: true, b: true, c: true }",
    "    → add(a) → replicas[a] = 3",
    "    → add(b) → replicas[b] = 1",
    "    → add(b) → replicas[b] = 2",
    "    → add(b) → replicas[b] = 3",
    "    → add(c) → replicas[c] = 3",
    "    → remove(a) → replicas[a] = 2",
    "    → add(a) → replicas[a] = 3  ↺ back to the state after tick 5",
    "    ✗ this cycle of 2 ticks repeats forever, and goal all z in Zone: healthy[z] => replicas[z] == per_zone never holds",
  ]);
});

test("a step that takes one key out of the region leaves it by that key; an invariant broken by one key is named by it", async () => {
  const source = `enum Zone { a, b }
domain Up {
  state { n: map<Zone, int> }
  goal all z in Zone: n[z] >= 3
  transition up(z: Zone) when n[z] < 3 { step { n[z] += 2 } }
}
`;
  const [v] = await verify(source, { bounds: { n: { min: 0, max: 3 }, "n[b]": { min: 0, max: 4 } } });
  // a: 0 → 2 → 4, outside 0..3 with b's goal still failing or not: leaves, or converges just outside.
  const leaves = v.counterexamples.find((c) => c.kind === "leaves");
  assert.equal(leaves.trace.end, { kind: "leaves", outside: [{ field: "n[a]", value: 4, region: "0..3" }] });
  assert.equal(leaves.trace.steps.at(-1).transition, "up(a)");
  assert.match(formatVerification(v), "✗ leaves the region: n[a] = 4 is outside 0..3");
  const [e] = await verify(spreader("healthy[z] && replicas[z] < 9"));
  assert.match(formatVerification(e), "✗ Spreader: transition 'add(a)' would break invariant 'replicas[Zone.a] in 0..5'; it was not applied");
});

test("--bound: a map's name bounds every key, replicas[a] one key and wins; the region is the product over every key", async () => {
  const [whole] = await verify(spreader(), { bounds: { replicas: { min: 1, max: 3 } } });
  assert.equal([whole.states, whole.region.filter((f) => f.map?.field === "replicas").map((f) => [f.min, f.max, f.source])], [3 ** 3 * 2 ** 3, [[1, 3, "bound"], [1, 3, "bound"], [1, 3, "bound"]]]);
  const [one] = await verify(spreader(), { bounds: { replicas: { min: 1, max: 3 }, "replicas[b]": { min: 0, max: 0 }, "healthy[c]": { values: [true] } } });
  assert.equal(one.states, 3 * 1 * 3 * 2 * 2 * 1);
  assert.equal(formatVerification(one).split("\n")[1], "  region: replicas[a] in 1..3 (bound), replicas[b] in 0..0 (bound), replicas[c] in 1..3 (bound), healthy[a, b] in {false, true}, healthy[c] in {true} (bound)");
  const r = await cli(["verify", "tests/fixtures/verify/map-overshoot/input.ved", "--bound", "replicas[a]=2..3", "--bound", "replicas[c]=2..3", "--bound", "healthy=true", "--json"]);
  const document = JSON.parse(r.stdout);
  assert.equal([r.status, document.domains[0].states, document.domains[0].counterexamples[0].trace.steps[1]], [1, 20, { tick: 2, transition: "add(b)", changes: { replicas: { b: 1 } }, effects: [] }]);
});

test("a bound on a key the map has not, on a key of a field that is no map, or of the wrong kind: one line, exit 1", async () => {
  const file = "tests/fixtures/verify/map-overshoot/input.ved";
  const cases = [
    ["replicas[z]=0..3", "vedc: --bound replicas[z]=0..3: 'replicas' has no key 'z' (keys: a, b, c)\n"],
    ["per_zone[a]=0..3", "vedc: --bound per_zone[a]=0..3: no field 'per_zone' in Spreader (fields: replicas, healthy)\n"],
    ["healthy[b]=0..3", "vedc: Spreader.healthy[b] is a bool: bound it with a list of values, e.g. healthy[b]=true,false\n"],
    ["replicas[b]=0..9", "vedc: Spreader.replicas[b] is declared in 0..4: a bound may narrow that range, not leave it\n"],
    ["replicas[a=1", "vedc: --bound replicas[a=1: expected field=lo..hi or field=value,value,..., e.g. --bound workers=0..100\n"],
  ];
  for (const [bound, message] of cases) {
    const r = await cli(["verify", file, "--bound", bound]);
    assert.equal([r.status, r.stdout, r.stderr], [1, "", message], bound);
  }
  const flat = await cli(["verify", "examples/worker-pool.ved", "--bound", "workers[a]=0..3"]);
  assert.equal([flat.status, flat.stderr], [1, "vedc: --bound workers[a]=0..3: 'workers' is not a map, so it has no key 'a'; bound it as workers=...\n"]);
  const { ir } = check(readFileSync(`${root}/${file}`, "utf8"), { filename: file });
  assert.throws(() => checkOptions(ir, "Spreader", { bounds: { "replicas[d]": { min: 0, max: 1 } } }), (e) => e instanceof VerifyError && e.message === "Spreader.replicas has no key 'd': its keys are the members of Zone (a, b, c)");
});

test("a region too large is refused before anything runs, each key's size said, with how to bound a map", async () => {
  const source = `enum Zone { a, b, c, d, e }
domain Wide {
  state { replicas: map<Zone, int> }
  goal all z in Zone: replicas[z] == 1
  transition fix(z: Zone) when replicas[z] != 1 { step { replicas[z] = 1 } }
}
`;
  assert.throws(
    () => checkOptions(check(source, { filename: "w.ved" }).ir, "Wide"),
    (e) =>
      e instanceof VerifyError &&
      e.message ===
        "Wide: the region has 10,510,100,501 states (replicas[a]: 101, replicas[b]: 101, replicas[c]: 101, replicas[d]: 101, replicas[e]: 101), more than the 50,000,000 the verifier explores; narrow it with --bound field=lo..hi (a map's every key: --bound replicas=lo..hi; one key: --bound replicas[key]=lo..hi), or declare ranges in the source (workers: int in 0..100)",
  );
  const [v] = await verify(source, { bounds: { replicas: { min: 0, max: 3 } } });
  assert.equal([v.verified, v.states, v.worst.ticks], [true, 4 ** 5, 5]);
});

test("maps with effect outcomes and with time: owned keys start at their initial value, a time map is explored by age per key", async () => {
  const [boot] = await verify(`enum Zone { a, b }
domain Boot {
  state {
    up: map<Zone, bool>
    owned pending: map<Zone, bool>
  }
  effect start(z: Zone) {
    done { up[z] = true; pending[z] = false }
    failed { pending[z] = false }
  }
  goal all z in Zone: up[z]
  transition boot(z: Zone) when !up[z] && !pending[z] && z != Zone.b {
    step { pending[z] = true; start(z) }
  }
}
`);
  assert.equal([boot.verified, boot.states, boot.counts.stuck], [false, 4, 2]);
  const lines = formatVerification(boot).split("\n");
  assert.ok(lines.includes("  pending[a, b] are owned: every run starts with them at their initial value, and only the domain's own steps and outcomes change them"), lines.join("\n"));
  assert.ok(lines.includes("    ✗ stuck: all z in Zone: up[z] fails, and no transition is valid"), lines.join("\n"));
  const [lease] = await verify(`enum Zone { a, b }
domain Lease {
  state { renewed: map<Zone, time> }
  param ttl: duration = 1m
  goal all z in Zone: now - renewed[z] < ttl
  transition renew(z: Zone) when now - renewed[z] >= ttl { step { renewed[z] = now } }
}
`);
  assert.equal([lease.verified, lease.states, lease.worst.ticks], [true, 16, 2]);
  assert.match(formatVerification(lease), "(worst: renewed = { a: long ago, b: long ago })\n  region: renewed[a, b] by age (long ago, or now - 1m to now + 1m by 1m)");
});

test.run();
