// What `vedc build --target lambda` writes, loaded the way AWS's Node runtime
// loads a handler: alone in a folder, `import()` of a .mjs and `require` of a
// .cjs, with require(esm) turned off (--no-experimental-require-module), as
// on the runtimes that lack it. The .cjs must load whatever the package.json
// around it says, and the --zip archive must hold exactly what runs.
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, root } from "../helpers.js";

const fixture = join(root, "tests/fixtures/params");
const out = tempDir("lambda-package");

/** Builds the fixture for the lambda target in `format`, with --zip. */
async function build(format, extra = []) {
  const dir = join(out, format + extra.join(""));
  const r = await cli(["build", join(fixture, "pool.ved"), "--target", "lambda", "--format", format, "--effects", join(fixture, "effects.mjs"), "--zip", "--outdir", dir, ...extra]);
  assert.is(r.status, 0, r.stderr);
  return { dir, stdout: r.stdout };
}

/** Invokes the handler in `file` (a path in `folder`) as the Lambda runtime would, in a fresh node, with two events. */
async function invoke(folder, file) {
  const load = file.endsWith(".mjs") ? `await import(${JSON.stringify(new URL(`file://${join(folder, file)}`).href)})` : `require(${JSON.stringify(join(folder, file))})`;
  const script = `const m = ${load};
const context = { getRemainingTimeInMillis: () => 10000 };
const a = await m.handler({ id: "a", params: { target: 3 } }, context);
const b = await m.handler({ id: "b", params: { target: 1 } }, context);
console.log(JSON.stringify([a.state, b.state]));`;
  // CommonJS -e has no top-level await: the same script in an async function.
  const args = file.endsWith(".mjs") ? ["--input-type=module", "-e", script] : ["-e", `(async () => { ${script} })().catch((e) => { console.error(e); process.exit(1); })`];
  const r = await run(process.execPath, ["--no-experimental-require-module", ...args], { cwd: folder, env: { PATH: process.env.PATH, VEDC_STORE_DIR: join(folder, "..", `${file}-store`) } });
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
}

/** A folder holding only `files` (copied from `from`), and a package.json when `type` is given. */
function alone(name, from, files, type) {
  const folder = join(out, name, "task");
  mkdirSync(folder, { recursive: true });
  for (const f of files) copyFileSync(join(from, f), join(folder, f));
  if (type) writeFileSync(join(folder, "package.json"), JSON.stringify({ type }));
  return folder;
}

const story = (stdout) => stdout.trim().split("\n");
const builds = { esm: await build("esm"), cjs: await build("cjs"), mapped: await build("esm", ["--sourcemap"]) };

test("an ES module bundle is a .mjs: imported alone from an empty folder, its handler runs", async () => {
  const { dir, stdout } = builds.esm;
  assert.match(stdout, /pool\.mjs \(\d+\.\d kB, gzip \d+\.\d kB\), .*pool\.d\.mts .*pool\.zip .*; cold start \d+ ms/);
  const lines = story(await invoke(alone("esm", dir, ["pool.mjs"]), "pool.mjs"));
  assert.equal(lines, ["a 1", "a 2", "a 3", "b 1", JSON.stringify([{ workers: 3 }, { workers: 1 }])]);
});

test("a CommonJS bundle is a .cjs: required alone, or beside a package.json of either type, its handler runs", async () => {
  const { dir } = builds.cjs;
  for (const type of [undefined, "module", "commonjs"]) {
    const lines = story(await invoke(alone(`cjs-${type}`, dir, ["pool.cjs"], type), "pool.cjs"));
    assert.equal(lines.at(-1), JSON.stringify([{ workers: 3 }, { workers: 1 }]), `with type ${type}`);
  }
});

test("--zip holds exactly what runs, at its root: the bundle (and its map with --sourcemap), and it runs unpacked", async () => {
  for (const [name, expected] of [
    ["esm", ["pool.mjs"]],
    ["cjs", ["pool.cjs"]],
    ["mapped", ["pool.mjs", "pool.mjs.map"]],
  ]) {
    const { dir } = builds[name];
    const listing = await run("unzip", ["-Z1", join(dir, "pool.zip")]);
    assert.is(listing.status, 0, listing.stderr);
    assert.equal(listing.stdout.trim().split("\n").sort(), expected);
    const folder = join(out, `unzipped-${name}`);
    mkdirSync(folder, { recursive: true });
    const unzipped = await run("unzip", ["-q", join(dir, "pool.zip"), "-d", folder]);
    assert.is(unzipped.status, 0, unzipped.stderr);
    assert.equal(readdirSync(folder).sort(), expected);
    assert.equal(story(await invoke(folder, expected[0])).at(-1), JSON.stringify([{ workers: 3 }, { workers: 1 }]));
  }
});

test("the archive is the same bytes for the same code: a rebuild deploys nothing new", async () => {
  const { readFileSync } = await import("node:fs");
  const first = readFileSync(join(builds.esm.dir, "pool.zip"));
  const second = await cli(["build", join(fixture, "pool.ved"), "--target", "lambda", "--effects", join(fixture, "effects.mjs"), "--zip", "--outdir", join(out, "again")]);
  assert.is(second.status, 0, second.stderr);
  assert.ok(first.equals(readFileSync(join(out, "again", "pool.zip"))));
});

test("--zip is refused without --target lambda, and nothing is written", async () => {
  const dir = join(out, "refused");
  const r = await cli(["build", join(fixture, "pool.ved"), "--zip", "--outdir", dir]);
  assert.is(r.status, 1);
  assert.is(r.stderr, "vedc: --zip goes with --target lambda: it writes the function's deployment archive\n");
  assert.not.ok((await import("node:fs")).existsSync(dir));
});

test.run();
