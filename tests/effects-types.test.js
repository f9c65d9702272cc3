// `vedc build --target lambda|node --effects <file>` type-checks the effects
// module against the domain's generated <Domain>Effects before it writes
// anything: an export that takes the wrong arguments, or is no function, is
// an error located in the effects module (file:line:col), exit 1, nothing
// written, and --json does not call the file built. A .js or .mjs module is
// checked with the types TypeScript infers (and its JSDoc).
import { test, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "./helpers.js";

const dir = tempDir("effects-types");
writeFileSync(
  join(dir, "pool.ved"),
  `domain Pool {
  state { workers: int }
  effect boot(count: int, zone: string)
  effect terminate(count: int)
  goal workers == 3
  transition up when workers < 3 { step { boot(1, "a"); workers += 1 } }
  transition down when workers > 3 { step { terminate(1); workers -= 1 } }
}
`,
);

/** Writes an effects module and builds the pool with it; resolves with the CLI's result. */
async function buildWith(name, source, extra = []) {
  writeFileSync(join(dir, name), source);
  const outdir = join(dir, `out-${name}`);
  const r = await cli(["build", "pool.ved", "--target", "lambda", "--effects", name, "--outdir", outdir, ...extra], { cwd: dir });
  return { ...r, outdir };
}

test("a wrong argument type and a non-function export are located errors; nothing is written", async () => {
  const r = await buildWith("bad.ts", `export function boot(args: { count: string; zone: string }): void {\n  void args;\n}\n\nexport const terminate = 5;\n`);
  assert.is(r.status, 1);
  assert.match(r.stderr, "bad.ts:1:17: error: 'boot' does not handle the effect boot(count: int, zone: string): Type '(args: { count: string; zone: string; }) => void' does not satisfy the expected type");
  assert.match(r.stderr, "Type 'number' is not assignable to type 'string'");
  assert.match(r.stderr, "bad.ts:5:14: error: 'terminate' must be a function (args, ctx) handling the effect terminate(count: int), but its type is 5");
  assert.match(r.stderr, "vedc: pool.ved: not built: the effects module does not fit Pool's effects (boot, terminate)");
  assert.not.ok(existsSync(r.outdir), "nothing written");
});

test("--json says not built and lists each problem with its location; nothing on stderr", async () => {
  const r = await buildWith("bad-json.ts", `export const boot = (args: { count: number; zone: number }) => {};\nexport function terminate() {}\n`, ["--json"]);
  assert.is(r.status, 1);
  assert.is(r.stderr, "");
  const [file] = JSON.parse(r.stdout).files;
  assert.is(file.built, false);
  assert.equal(file.written, []);
  assert.equal(file.effectProblems.map((p) => [p.effect, p.line, p.column]), [["boot", 1, 14]]);
  assert.match(file.error, "does not fit Pool's effects (boot)");
});

test("a JavaScript effects module: inferred types and JSDoc are checked, a non-function export refused", async () => {
  const ok = await buildWith("ok.mjs", `export function boot(args, ctx) { void args, ctx; }\nexport async function terminate({ count }) { void count; }\n`);
  assert.is(ok.status, 0, ok.stderr);
  const jsdoc = await buildWith("jsdoc.js", `/** @param {{ count: boolean }} args */\nexport function boot(args) { void args; }\nexport const terminate = "no";\n`);
  assert.is(jsdoc.status, 1);
  assert.match(jsdoc.stderr, "jsdoc.js:2:17: error: 'boot' does not handle the effect boot(count: int, zone: string)");
  assert.match(jsdoc.stderr, "jsdoc.js:3:14: error: 'terminate' must be a function (args, ctx) handling the effect terminate(count: int), but its type is \"no\"");
});

test("handlers that fit build, whatever they import that is not installed here", async () => {
  const r = await buildWith("fits.ts", `import type { Thing } from "not-installed";\nexport async function boot(args: { count: number; zone: string }, ctx: { key: string }): Promise<void> { void args, ctx; }\nexport const terminate = (args: { count: number }) => { void args; };\n`);
  assert.is(r.status, 0, r.stderr);
});

test.run();
