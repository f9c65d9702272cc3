// The vedc command line, run in this process with its output captured (see
// helpers.js `cli`); plain node runs what a build wrote, as a user would.
// What only a real vedc process shows (exit status, streams, signals, a
// terminal) is in process.test.js; what each broken program prints is data,
// in fixtures.test.js.
import { test, run, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { writeFileSync, copyFileSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { cli, plainEnv } from "./helpers.js";

/** A run of plain node in a folder with nothing installed. */
const node = (dir, ...args) => run(process.execPath, args, { cwd: dir, env: plainEnv });

test("vedc build writes a bundle and .d.ts that plain node runs from an empty folder, as the seed tells", async () => {
  const out = tempDir("build");
  const r = await cli(["build", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, `${join(out, "worker-pool.js")} (`);
  assert.match(r.stdout, /kB\)/);
  const app = tempDir("app");
  copyFileSync(join(out, "worker-pool.js"), join(app, "worker-pool.js"));
  writeFileSync(
    join(app, "main.mjs"),
    `import WorkerPool from "./worker-pool.js";
const pool = WorkerPool.create();
const ticks = [];
pool.on("transition", (e) => ticks.push(e.name));
await pool.start();
await pool.settled();
console.log(ticks.length, ticks.join(","));
ticks.length = 0;
await pool.observe({ workers: 3 });
await pool.settled();
console.log(ticks.length, ticks.join(","));
ticks.length = 0;
await pool.observe({ workers: 8 });
const s = await pool.settled();
console.log(ticks.length, ticks.join(","), s.status, s.state.workers);
`,
  );
  const main = await node(app, "main.mjs");
  assert.is(main.stderr, "");
  assert.is(main.stdout, "5 scale_up,scale_up,scale_up,scale_up,scale_up\n2 scale_up,scale_up\n3 scale_down,scale_down,scale_down converged 5\n");
});

test("--format cjs builds a bundle that require() loads", async () => {
  const out = tempDir("cjs");
  assert.is((await cli(["build", "examples/worker-pool-indented.ved", "--outdir", out, "--format", "cjs", "--minify"])).status, 0);
  writeFileSync(join(out, "main.cjs"), `const { WorkerPool } = require("./worker-pool-indented.js"); console.log(WorkerPool.reconcile({ workers: 9 }).transitions.length);`);
  writeFileSync(join(out, "package.json"), `{"type": "commonjs"}`);
  assert.is((await node(out, "main.cjs")).stdout, "4\n");
});

test("--sourcemap writes a map beside the bundle and links it", async () => {
  const out = tempDir("map");
  assert.is((await cli(["build", "examples/worker-pool.ved", "--outdir", out, "--sourcemap"])).status, 0);
  assert.ok(existsSync(join(out, "worker-pool.js.map")));
  assert.match(readFileSync(join(out, "worker-pool.js"), "utf8"), "//# sourceMappingURL=worker-pool.js.map");
});

test("with --sourcemap and node --enable-source-maps, a step's error points at the .ved statement", async () => {
  const dir = tempDir("trace");
  writeFileSync(join(dir, "split.ved"), "domain Split {\n  state { x: int = 10; d: int }\n  goal x < 0\n  transition split {\n    step {\n      let half = x / 2\n      x = half / d\n    }\n  }\n}\n");
  assert.is((await cli(["build", "split.ved", "--outdir", "out", "--sourcemap"], { cwd: dir })).status, 0);
  writeFileSync(join(dir, "main.mjs"), `import Split from "./out/split.js";\nconst r = Split.reconcile({});\nconsole.log(r.error.message);\nconsole.log(r.error.cause.stack);\n`);
  const r = await node(dir, "--enable-source-maps", "main.mjs");
  assert.match(r.stdout, "Split: transition 'split' failed: division by zero at split.ved:7:11\n", r.stdout + r.stderr);
  assert.match(r.stdout, `(${join(dir, "split.ved")}:7:7)`, r.stdout + r.stderr);
});

test("vedc run tells the seed's story", async () => {
  const r = await cli(["run", "examples/worker-pool.ved", "--observe", "workers=3", "--observe", "workers=8"]);
  assert.is(r.status, 0, r.stderr);
  const ticks = r.stdout.split("\n").filter((l) => l.trim().startsWith("tick"));
  assert.equal(ticks.map((l) => l.match(/→ (\w+):/)[1]), [...Array(5).fill("scale_up"), "scale_up", "scale_up", "scale_down", "scale_down", "scale_down"]);
  assert.match(r.stdout, "  tick 1: workers == 5 fails → scale_up: workers 0 → 1\n");
  assert.match(r.stdout, "observe workers = 3: workers 5 → 3\n");
  assert.match(r.stdout, "  tick 10: workers == 5 fails → scale_down: workers 6 → 5\n  converged at tick 10");
  assert.match(r.stdout, "final: converged after 10 ticks, workers = 5\n");
  assert.is((await cli(["run", "examples/worker-pool.ved", "--observe", "workers=3", "--observe", "workers=8"])).stdout, r.stdout, "reproducible");
});

test("vedc run reports a bad observation or state as a user error", async () => {
  const bad = await cli(["run", "examples/worker-pool.ved", "--observe", "wrkers=3"]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, "vedc: --observe: WorkerPool: observation has unknown field 'wrkers'");
  const state = await cli(["run", "examples/worker-pool.ved", "--state", "workers=true"]);
  assert.is(state.status, 1);
  assert.match(state.stderr, "'workers' is an int");
  const syntax = await cli(["run", "examples/worker-pool.ved", "--observe", "workers"]);
  assert.match(syntax.stderr, "vedc: --observe workers: expected name=value");
  assert.is(syntax.stdout, "", "flags are checked before anything runs");
  const limit = await cli(["run", "examples/worker-pool.ved", "--max-ticks", "2"]);
  assert.is(limit.status, 1);
  assert.match(limit.stdout, "final: limit after 2 ticks");
});

test("vedc emit prints formatted TypeScript, and --ir prints the IR as JSON", async () => {
  const ts = await cli(["emit", "examples/worker-pool.ved"]);
  assert.is(ts.status, 0);
  assert.match(ts.stdout, 'import * as $rt from "vedc/runtime";');
  assert.match(ts.stdout, "if (s.workers < 5) {\n    s.workers = $rt.int(s.workers + 1,");
  const ir = JSON.parse((await cli(["emit", "examples/worker-pool.ved", "--ir"])).stdout);
  assert.is(ir.irVersion, 7);
  assert.equal(ir.domains[0].transitions.map((t) => t.name), ["scale_up", "scale_down"]);
});

test("vedc check passes a good file and prints its domains", async () => {
  const r = await cli(["check", "examples/worker-pool.ved", "examples/worker-pool-indented.ved"]);
  assert.is(r.status, 0);
  assert.is(r.stdout, "examples/worker-pool.ved: ok (WorkerPool)\nexamples/worker-pool-indented.ved: ok (WorkerPool)\n");
});

test("every command has --help", async () => {
  for (const command of [[], ["build"], ["check"], ["run"], ["emit"]]) {
    const r = await cli([...command, "--help"]);
    assert.is(r.status, 0);
    assert.match(r.stdout, "Usage: vedc");
  }
});

test("a broken file does not stop the others from building", async () => {
  const out = tempDir("partial");
  const r = await cli(["build", "tests/fixtures/broken/unknown-name/input.ved", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(r.status, 1);
  assert.ok(existsSync(join(out, "worker-pool.js")));
  assert.ok(!existsSync(join(out, "input.js")));
});

test("a missing file or a bad flag is one line, exit 1", async () => {
  const missing = await cli(["check", "nope.ved"]);
  assert.equal([missing.status, missing.stderr], [1, "vedc: cannot read nope.ved: no such file\n"]);
  const flag = await cli(["build", "examples/worker-pool.ved", "--format", "umd"]);
  assert.is(flag.status, 1);
  assert.match(flag.stderr, "Allowed choices are esm, cjs");
  assert.is((await cli(["frobnicate"])).status, 1);
});

test.run();
