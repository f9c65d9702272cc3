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
