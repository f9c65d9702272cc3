// What TypeScript makes of vedc's output: the .d.ts beside each bundle types
// the state, params, effects and enum state, and the emitted module itself
// type-checks under strict settings. Each check runs tsc (seconds apiece),
// which is why these live in the integration tier.
import { test, run, tempDir } from "../harness.js";
import * as assert from "uvu/assert";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../lib/compiler/index.js";
import { cli, root, seed } from "../helpers.js";

const compilerOptions = { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] };

/** Type-checks `file` in `dir`, an ESM TypeScript project as a user would have it. */
function tsc(dir, file) {
  writeFileSync(join(dir, "package.json"), `{"type": "module"}`);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: [file] }));
  return run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", dir]);
}

test("the .d.ts types the state: a wrong field type fails to compile", async () => {
  const out = tempDir("types");
  assert.is((await cli(["build", "examples/worker-pool.ved", "--outdir", out])).status, 0);
  writeFileSync(join(out, "good.mts"), `import WorkerPool, { type WorkerPoolState } from "./worker-pool.js";
const s: WorkerPoolState = WorkerPool.reconcile({ workers: 1 }).state;
const n: number = s.workers;
const i = WorkerPool.create({ id: "a", maxTicks: 10 });
i.on("transition", (e) => e.after.workers + e.tick);
export const done: Promise<{ applied: boolean }> = i.observe({ workers: n });
`);
  const good = await tsc(out, "good.mts");
  assert.is(good.status, 0, good.stdout);
  writeFileSync(join(out, "bad.mts"), `import WorkerPool from "./worker-pool.js";\nWorkerPool.create().observe({ workers: "3" });\n`);
  const bad = await tsc(out, "bad.mts");
  assert.is(bad.status, 2);
  assert.match(bad.stdout, "Type 'string' is not assignable to type 'number'");
});

test("the zone spreader's .d.ts types each map as a record of its members: a patch may give some keys; an unknown key or a wrong value fails to compile", async () => {
  const out = tempDir("types-maps");
  assert.is((await cli(["build", "examples/zone-spreader.ved", "--outdir", out])).status, 0);
  writeFileSync(join(out, "good.mts"), `import ZoneSpreader from "./zone-spreader.js";
const r = ZoneSpreader.reconcile({ replicas: { b: 7 } });
const a: number = r.state.replicas.a;
const up: boolean = r.state.healthy.c;
const i = ZoneSpreader.create({ id: "z", state: { healthy: { b: false } } });
export const done = i.observe({ replicas: { c: 1 } });
export { a, up };
`);
  const good = await tsc(out, "good.mts");
  assert.is(good.status, 0, good.stdout);
  for (const [bad, message] of [
    ["ZoneSpreader.reconcile({ replicas: { d: 1 } });", "'d' does not exist"],
    ['ZoneSpreader.reconcile({ replicas: { a: "1" } });', "Type 'string' is not assignable to type 'number'"],
    ["ZoneSpreader.reconcile({ replicas: 3 });", /not assignable|no properties in common/],
  ]) {
    writeFileSync(join(out, "bad.mts"), `import ZoneSpreader from "./zone-spreader.js";\n${bad}\n`);
    const result = await tsc(out, "bad.mts");
    assert.is(result.status, 2, bad);
    assert.match(result.stdout, message, bad);
  }
});

test("the autoscaler's .d.ts types its params, effects and enum state", async () => {
  const out = tempDir("types2");
  assert.is((await cli(["build", "examples/autoscaler.ved", "--outdir", out])).status, 0);
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
  const good = await tsc(out, "good.mts");
  assert.is(good.status, 0, good.stdout);
  for (const [bad, message] of [
    ['Autoscaler.create({ params: { capacity: "x" } });', "Type 'string' is not assignable to type 'number'"],
    ['Autoscaler.create({ state: { phase: "paused" } });', `Type '"paused"' is not assignable`],
    ["Autoscaler.create({ effects: { boot: (a: { count: string }) => {}, terminate: () => {} } });", "not assignable"],
    ["Autoscaler.create({ effects: { boot: () => {} } });", "Property 'terminate' is missing"],
  ]) {
    writeFileSync(join(out, "bad.mts"), `import Autoscaler from "./autoscaler.js";\n${bad}\n`);
    const r = await tsc(out, "bad.mts");
    assert.is(r.status, 2, bad);
    assert.match(r.stdout, message, bad);
  }
}, { timeout: 120_000 });

test("the emitted module type-checks under strict TypeScript against vedc/runtime", async () => {
  const { code } = await compile(seed, { filename: "worker-pool.ved" });
  const dir = tempDir("emit");
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules/vedc"), "dir");
  writeFileSync(join(dir, "pool.ts"), code);
  writeFileSync(join(dir, "main.ts"), `import WorkerPool, { type WorkerPoolState } from "./pool.js";\nconst s: WorkerPoolState = WorkerPool.reconcile({}).state;\nexport const n: number = s.workers;\n`);
  const r = await tsc(dir, "main.ts");
  assert.is(r.status, 0, r.stdout);
});

test.run();
