import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, writeFileSync, copyFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { cli, plainEnv, root } from "./helpers.js";

const fresh = (name) => mkdtempSync(join(tmpdir(), `vedc-${name}-`));

/** A run of plain node in a folder with nothing installed. */
function node(dir, file) {
  const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", env: plainEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("vedc build writes a bundle and .d.ts that plain node runs from an empty folder, as the seed tells", () => {
  const out = fresh("build");
  const r = cli(["build", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, `${join(out, "worker-pool.js")} (`);
  assert.match(r.stdout, /kB\)/);
  const app = fresh("app");
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
  const run = node(app, "main.mjs");
  assert.is(run.stderr, "");
  assert.is(run.stdout, "5 scale_up,scale_up,scale_up,scale_up,scale_up\n2 scale_up,scale_up\n3 scale_down,scale_down,scale_down converged 5\n");
});

test("--format cjs builds a bundle that require() loads", () => {
  const out = fresh("cjs");
  assert.is(cli(["build", "examples/worker-pool-indented.ved", "--outdir", out, "--format", "cjs", "--minify"]).status, 0);
  writeFileSync(join(out, "main.cjs"), `const { WorkerPool } = require("./worker-pool-indented.js"); console.log(WorkerPool.reconcile({ workers: 9 }).transitions.length);`);
  writeFileSync(join(out, "package.json"), `{"type": "commonjs"}`);
  assert.is(node(out, "main.cjs").stdout, "4\n");
});

test("--sourcemap writes a map beside the bundle and links it", () => {
  const out = fresh("map");
  assert.is(cli(["build", "examples/worker-pool.ved", "--outdir", out, "--sourcemap"]).status, 0);
  assert.ok(existsSync(join(out, "worker-pool.js.map")));
  assert.match(readFileSync(join(out, "worker-pool.js"), "utf8"), "//# sourceMappingURL=worker-pool.js.map");
});

test("with --sourcemap and node --enable-source-maps, a step's error points at the .ved statement", () => {
  const dir = fresh("trace");
  writeFileSync(join(dir, "split.ved"), "domain Split {\n  state { x: int = 10; d: int }\n  goal x < 0\n  transition split {\n    step {\n      let half = x / 2\n      x = half / d\n    }\n  }\n}\n");
  assert.is(cli(["build", "split.ved", "--outdir", "out", "--sourcemap"], { cwd: dir }).status, 0);
  writeFileSync(join(dir, "main.mjs"), `import Split from "./out/split.js";\nconst r = Split.reconcile({});\nconsole.log(r.error.message);\nconsole.log(r.error.cause.stack);\n`);
  const r = spawnSync(process.execPath, ["--enable-source-maps", "main.mjs"], { cwd: dir, encoding: "utf8", env: plainEnv });
  assert.match(r.stdout, "Split: transition 'split' failed: division by zero at split.ved:7:11\n");
  assert.match(r.stdout, `(${join(dir, "split.ved")}:7:7)`);
});

test("the .d.ts types the state: a wrong field type fails to compile", () => {
  const out = fresh("types");
  assert.is(cli(["build", "examples/worker-pool.ved", "--outdir", out]).status, 0);
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const tsconfig = (file) => JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] }, files: [file] });
  // An ESM TypeScript project, as a user would have it.
  writeFileSync(join(out, "package.json"), `{"type": "module"}`);
  writeFileSync(join(out, "good.mts"), `import WorkerPool, { type WorkerPoolState } from "./worker-pool.js";
const s: WorkerPoolState = WorkerPool.reconcile({ workers: 1 }).state;
const n: number = s.workers;
const i = WorkerPool.create({ id: "a", maxTicks: 10 });
i.on("transition", (e) => e.after.workers + e.tick);
export const done: Promise<{ applied: boolean }> = i.observe({ workers: n });
`);
  writeFileSync(join(out, "tsconfig.json"), tsconfig("good.mts"));
  const good = spawnSync(process.execPath, [tsc, "-p", out], { encoding: "utf8" });
  assert.is(good.status, 0, good.stdout);
  writeFileSync(join(out, "bad.mts"), `import WorkerPool from "./worker-pool.js";\nWorkerPool.create().observe({ workers: "3" });\n`);
  writeFileSync(join(out, "tsconfig.json"), tsconfig("bad.mts"));
  const bad = spawnSync(process.execPath, [tsc, "-p", out], { encoding: "utf8" });
  assert.is(bad.status, 2);
  assert.match(bad.stdout, "Type 'string' is not assignable to type 'number'");
});

test("the autoscaler's .d.ts types its params, effects and enum state", () => {
  const out = fresh("types2");
  assert.is(cli(["build", "examples/autoscaler.ved", "--outdir", out]).status, 0);
  writeFileSync(join(out, "package.json"), `{"type": "module"}`);
  const tsc = (file) => {
    writeFileSync(join(out, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] }, files: [file] }));
    return spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", out], { encoding: "utf8" });
  };
  writeFileSync(join(out, "good.mts"), `import Autoscaler from "./autoscaler.js";
const a = Autoscaler.create({
  params: { capacity: 50 },
  state: { phase: "scaling_up" },
  effects: { boot: ({ count }) => { const n: number = count; void n; }, terminate: async () => {} },
});
const r = Autoscaler.reconcile({ load: 10 }, { params: { max_workers: 3 } });
for (const e of r.effects) if (e.name === "boot") { const c: number = e.args.count; void c; }
export const phase: "steady" | "scaling_up" | "scaling_down" = r.state.phase;
export { a };
`);
  const good = tsc("good.mts");
  assert.is(good.status, 0, good.stdout);
  for (const [bad, message] of [
    ['Autoscaler.create({ params: { capacity: "x" } });', "Type 'string' is not assignable to type 'number'"],
    ['Autoscaler.create({ state: { phase: "paused" } });', `Type '"paused"' is not assignable`],
    ["Autoscaler.create({ effects: { boot: (a: { count: string }) => {}, terminate: () => {} } });", "not assignable"],
    ["Autoscaler.create({ effects: { boot: () => {} } });", "Property 'terminate' is missing"],
  ]) {
    writeFileSync(join(out, "bad.mts"), `import Autoscaler from "./autoscaler.js";\n${bad}\n`);
    const r = tsc("bad.mts");
    assert.is(r.status, 2, bad);
    assert.match(r.stdout, message, bad);
  }
});

test("vedc run tells the seed's story", () => {
  const r = cli(["run", "examples/worker-pool.ved", "--observe", "workers=3", "--observe", "workers=8"]);
  assert.is(r.status, 0, r.stderr);
  const ticks = r.stdout.split("\n").filter((l) => l.trim().startsWith("tick"));
  assert.equal(ticks.map((l) => l.match(/→ (\w+):/)[1]), [...Array(5).fill("scale_up"), "scale_up", "scale_up", "scale_down", "scale_down", "scale_down"]);
  assert.match(r.stdout, "  tick 1: workers == 5 fails → scale_up: workers 0 → 1\n");
  assert.match(r.stdout, "observe workers = 3: workers 5 → 3\n");
  assert.match(r.stdout, "  tick 10: workers == 5 fails → scale_down: workers 6 → 5\n  converged at tick 10");
  assert.match(r.stdout, "final: converged after 10 ticks, workers = 5\n");
  assert.is(cli(["run", "examples/worker-pool.ved", "--observe", "workers=3", "--observe", "workers=8"]).stdout, r.stdout, "reproducible");
});

test("vedc run reports a bad observation or state as a user error", () => {
  const bad = cli(["run", "examples/worker-pool.ved", "--observe", "wrkers=3"]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, "vedc: --observe: WorkerPool: observation has unknown field 'wrkers'");
  const state = cli(["run", "examples/worker-pool.ved", "--state", "workers=true"]);
  assert.is(state.status, 1);
  assert.match(state.stderr, "'workers' is an int");
  const syntax = cli(["run", "examples/worker-pool.ved", "--observe", "workers"]);
  assert.match(syntax.stderr, "vedc: --observe workers: expected name=value");
  assert.is(syntax.stdout, "", "flags are checked before anything runs");
  const limit = cli(["run", "examples/worker-pool.ved", "--max-ticks", "2"]);
  assert.is(limit.status, 1);
  assert.match(limit.stdout, "final: limit after 2 ticks");
});

test("vedc emit prints formatted TypeScript, and --ir prints the IR as JSON", () => {
  const ts = cli(["emit", "examples/worker-pool.ved"]);
  assert.is(ts.status, 0);
  assert.match(ts.stdout, 'import * as $rt from "vedc/runtime";');
  assert.match(ts.stdout, "if (s.workers < 5) {\n    s.workers = $rt.int(s.workers + 1,");
  const ir = JSON.parse(cli(["emit", "examples/worker-pool.ved", "--ir"]).stdout);
  assert.is(ir.irVersion, 3);
  assert.equal(ir.domains[0].transitions.map((t) => t.name), ["scale_up", "scale_down"]);
});

test("vedc check passes a good file and prints its domains", () => {
  const r = cli(["check", "examples/worker-pool.ved", "examples/worker-pool-indented.ved"]);
  assert.is(r.status, 0);
  assert.is(r.stdout, "examples/worker-pool.ved: ok (WorkerPool)\nexamples/worker-pool-indented.ved: ok (WorkerPool)\n");
});

test("every command has --help", () => {
  for (const command of [[], ["build"], ["check"], ["run"], ["emit"]]) {
    const r = cli([...command, "--help"]);
    assert.is(r.status, 0);
    assert.match(r.stdout, "Usage: vedc");
  }
});

const brokenDir = join(root, "tests/fixtures/broken");
const binary = join(fresh("binary"), "binary.ved");
writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]));
const broken = [...readdirSync(brokenDir).map((f) => join("tests/fixtures/broken", f)), binary];

test("there are at least a dozen broken programs", () => {
  assert.ok(broken.length >= 12);
});

for (const file of broken) {
  test(`a clear located error, exit 1, no stack trace: ${file.split("/").pop()}`, () => {
    for (const command of ["check", "build", "run", "emit"]) {
      const r = cli([command, file, ...(command === "build" ? ["--outdir", fresh("broken")] : [])]);
      assert.is(r.status, 1, `${command} ${file}`);
      assert.is(r.stdout, "", `${command} printed output`);
      assert.match(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: error VED\\d{4}: `));
      assert.not.match(r.stderr, /^\s+at /m, "no stack trace");
      assert.not.match(r.stderr, "internal error");
    }
  });
}

test("a broken file does not stop the others from building", () => {
  const out = fresh("partial");
  const r = cli(["build", "tests/fixtures/broken/unknown-name.ved", "examples/worker-pool.ved", "--outdir", out]);
  assert.is(r.status, 1);
  assert.ok(existsSync(join(out, "worker-pool.js")));
  assert.ok(!existsSync(join(out, "unknown-name.js")));
});

test("a missing file or a bad flag is one line, exit 1", () => {
  const missing = cli(["check", "nope.ved"]);
  assert.equal([missing.status, missing.stderr], [1, "vedc: cannot read nope.ved: no such file\n"]);
  const flag = cli(["build", "examples/worker-pool.ved", "--format", "umd"]);
  assert.is(flag.status, 1);
  assert.match(flag.stderr, "Allowed choices are esm, cjs");
  assert.is(cli(["frobnicate"]).status, 1);
});

test.run();
