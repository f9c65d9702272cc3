// Typed .ved imports: `vedc types` writes pool.d.ved.ts beside pool.ved, and
// TypeScript (with allowArbitraryExtensions) types `import ... from "./pool.ved"`
// by it: state, params, effect handler arguments and events.
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, root } from "../helpers.js";

const dir = tempDir("types");
mkdirSync(join(dir, "node_modules"));
symlinkSync(root, join(dir, "node_modules/vedc"), "dir");
writeFileSync(join(dir, "package.json"), `{"type": "module"}`);
copyFileSync(join(root, "examples/worker-pool.ved"), join(dir, "pool.ved"));
copyFileSync(join(root, "examples/autoscaler.ved"), join(dir, "autoscaler.ved"));

/** Type-checks `source` as a bundler app's module would be: moduleResolution bundler, allowArbitraryExtensions. */
function tsc(source) {
  writeFileSync(join(dir, "app.ts"), source);
  const compilerOptions = { strict: true, noEmit: true, module: "esnext", moduleResolution: "bundler", target: "es2022", allowArbitraryExtensions: true, types: [] };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["app.ts"] }));
  return run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir });
}

test("vedc types writes <name>.d.ved.ts beside each source", async () => {
  const r = await cli(["types", "pool.ved", "autoscaler.ved"], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "pool.ved → pool.d.ved.ts\nautoscaler.ved → autoscaler.d.ved.ts\n");
  const dts = readFileSync(join(dir, "autoscaler.d.ved.ts"), "utf8");
  assert.match(dts, 'import type * as $rt from "vedc/runtime";');
  assert.match(dts, "export interface AutoscalerState {");
  assert.match(dts, 'phase: "steady" | "scaling_up" | "scaling_down";');
  // In Prettier's style (no config here: its defaults), as the app's `prettier --check` wants it.
  assert.match(dts, "declare const Autoscaler$domain: $rt.Domain<\n  AutoscalerState,\n  AutoscalerParams,\n  AutoscalerEffects\n>;");
  assert.match(dts, "export { Autoscaler$domain as Autoscaler, Autoscaler$domain as default };");
  assert.not.match(dts, "interface Instance", "the runtime's types are imported, not copied");
});

test("a consumer using the types correctly type-checks", async () => {
  const r = await tsc(`import WorkerPool, { type WorkerPoolState } from "./pool.ved";
import Autoscaler, { fileStore, type AutoscalerParams } from "./autoscaler.ved";

const healed: WorkerPoolState = WorkerPool.reconcile({ workers: 8 }).state;
const params: Partial<AutoscalerParams> = { capacity: 50 };
const scaler = Autoscaler.create({
  params,
  state: { phase: "scaling_up", load: healed.workers },
  store: fileStore("/tmp/autoscaler"),
  effects: { boot: async ({ count }, { key }) => void [count.toFixed(), key.length], terminate: () => {} },
});
scaler.on("transition", ({ name, after }) => void [name.length, after.workers + after.pending, after.phase === "steady"]);
scaler.on("effect", (e) => {
  if (e.name === "boot") void e.args.count.toFixed();
});
export const done: Promise<{ applied: boolean }> = scaler.observe({ load: 10 });
`);
  assert.is(r.status, 0, r.stdout);
});

test("a consumer misusing them fails to type-check, at each misuse", async () => {
  const r = await tsc(`import WorkerPool from "./pool.ved";
import Autoscaler from "./autoscaler.ved";

WorkerPool.reconcile({ workers: "8" });
Autoscaler.create({ params: { capacity: "x" } });
Autoscaler.create({ state: { phase: "paused" } });
Autoscaler.create({ effects: { boot: (args: { count: string }) => {}, terminate: () => {} } });
Autoscaler.create({ effects: { boot: () => {} } });
Autoscaler.create().on("transition", (e) => e.after.wrkers);
`);
  assert.is(r.status, 2);
  const lines = (n) => r.stdout.split("\n").filter((l) => l.startsWith(`app.ts(${n},`));
  assert.match(lines(4)[0], "Type 'string' is not assignable to type 'number'");
  assert.match(lines(5)[0], "Type 'string' is not assignable to type 'number'");
  assert.match(lines(6)[0], `Type '"paused"' is not assignable`);
  assert.match(lines(7)[0], "is not assignable to type '(args: { count: number; }");
  assert.match(lines(8)[0], "Property 'terminate' is missing");
  assert.match(lines(9)[0], "Property 'wrkers' does not exist");
});

test("vedc types reports a broken file and writes nothing for it", async () => {
  const r = await cli(["types", "tests/fixtures/broken/unknown-name/input.ved"]);
  assert.is(r.status, 1);
  assert.match(r.stderr, "tests/fixtures/broken/unknown-name/input.ved:5:8: error VED0100");
  assert.not.ok(existsSync(join(root, "tests/fixtures/broken/unknown-name/input.d.ved.ts")));
});

test.run();
