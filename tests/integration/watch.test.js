// vedc build --watch, run as a user runs it: a child process that rebuilds on
// every save, one line per build, prints errors where they happen and keeps
// going, and exits 0 on Ctrl-C.
import { spawn, tempDir, test, untilOutput } from "../harness.js";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plainEnv, root, seed, vedc } from "../helpers.js";

const BROKEN = readFileSync(join(root, "tests/fixtures/broken/unknown-name/input.ved"), "utf8");

/** Starts `vedc ...args` in `dir` (killed after the test); `until(test, what)` waits for its output to pass `test`. */
function start(dir, args) {
  const proc = spawn(process.execPath, [vedc, ...args], { cwd: dir, env: plainEnv });
  return { ...proc, until: (test, what) => untilOutput(proc, test, what) };
}

const lines = (text) => text.split("\n").filter(Boolean);

test("rebuilds a file when it changes, one line each, keeps going after an error, exits 0 on Ctrl-C", async () => {
  const dir = tempDir("watch");
  writeFileSync(join(dir, "pool.ved"), seed);
  writeFileSync(join(dir, "other.ved"), seed);
  const w = start(dir, ["build", "pool.ved", "other.ved", "--watch", "-o", "dist"]);
  await w.until((o) => o.stderr.includes("watching 2 files for changes; Ctrl-C to stop\n"), "the watcher");
  const first = lines(w.out.stdout);
  assert.is(first.length, 2);
  assert.match(first[0], /^\d\d:\d\d:\d\d pool\.ved → dist\/pool\.js \(\d+\.\d kB, gzip \d+\.\d kB\), dist\/pool\.d\.ts \(\d+\.\d kB, gzip \d+\.\d kB\) in \d+ ms$/);

  writeFileSync(join(dir, "pool.ved"), seed.replaceAll("5", "6"));
  await w.until((o) => lines(o.stdout).length === 3, "the rebuild");
  assert.match(lines(w.out.stdout)[2], /^\d\d:\d\d:\d\d pool\.ved changed → dist\/pool\.js \(.*\) in \d+ ms$/);
  assert.match(readFileSync(join(dir, "dist/pool.js"), "utf8"), "workers == 6");

  writeFileSync(join(dir, "pool.ved"), BROKEN);
  await w.until((o) => lines(o.stdout).length === 4, "the failed rebuild");
  assert.match(lines(w.out.stdout)[3], /^\d\d:\d\d:\d\d pool\.ved changed → not built: 1 error in \d+ ms$/);
  assert.match(w.out.stderr, "pool.ved:5:8: error VED0100: unknown name 'wrkers'");
  assert.match(w.out.stderr, "> 5 |   goal wrkers == 5");
  assert.match(readFileSync(join(dir, "dist/pool.js"), "utf8"), "workers == 6", "the last good build stays");

  writeFileSync(join(dir, "pool.ved"), seed);
  await w.until((o) => lines(o.stdout).length === 5, "the rebuild after the fix");
  assert.match(lines(w.out.stdout)[4], "pool.ved changed → dist/pool.js");
  assert.not.match(w.out.stdout, "other.ved changed", "only the changed file is rebuilt");

  w.child.kill("SIGINT");
  assert.equal(await w.exited, { code: 0, signal: null });
});

test("--watch --json prints each build as one JSON document per line", async () => {
  const dir = tempDir("watch-json");
  writeFileSync(join(dir, "pool.ved"), seed);
  const w = start(dir, ["build", "pool.ved", "--watch", "--json", "-o", "dist"]);
  await w.until((o) => o.stderr.includes("watching 1 file"), "the watcher");
  writeFileSync(join(dir, "pool.ved"), BROKEN);
  await w.until((o) => lines(o.stdout).length === 2, "the rebuild");
  const [built, broken] = lines(w.out.stdout).map((l) => JSON.parse(l));
  assert.equal([built.file, built.built, built.written.map((f) => f.path)], ["pool.ved", true, ["dist/pool.js", "dist/pool.d.ts"]]);
  assert.equal([broken.built, broken.diagnostics.map((d) => d.code)], [false, ["VED0100"]]);
  w.child.kill("SIGTERM");
  assert.is((await w.exited).code, 0);
});

const IMPORTER = 'import { Zone } from "./shared.ved"\n\ndomain Pool {\n  state {\n    zone: Zone\n    workers: int\n  }\n  goal workers == 2\n  transition up when workers < 2 {\n    step {\n      workers += 1\n    }\n  }\n}\n';

test("changing an imported file rebuilds the file that imports it, and an error there is reported in it", async () => {
  const dir = tempDir("watch-imports");
  writeFileSync(join(dir, "shared.ved"), "enum Zone { eu, us }\n");
  writeFileSync(join(dir, "pool.ved"), IMPORTER);
  const w = start(dir, ["build", "pool.ved", "--watch", "-o", "dist"]);
  await w.until((o) => o.stderr.includes("watching 1 file for changes"), "the watcher");
  assert.match(readFileSync(join(dir, "dist/pool.js"), "utf8"), '"eu", "us"');

  writeFileSync(join(dir, "shared.ved"), "enum Zone { ap, eu, us }\n");
  await w.until((o) => lines(o.stdout).length === 2, "the rebuild");
  assert.match(lines(w.out.stdout)[1], /^\d\d:\d\d:\d\d pool\.ved changed → dist\/pool\.js/);
  assert.match(readFileSync(join(dir, "dist/pool.js"), "utf8"), '"ap", "eu", "us"');

  writeFileSync(join(dir, "shared.ved"), "enum Zone { eu,, us }\n");
  await w.until((o) => lines(o.stdout).length === 3, "the failed rebuild");
  assert.match(lines(w.out.stdout)[2], /pool\.ved changed → not built: 2 errors/);
  assert.match(w.out.stderr, "shared.ved:1:16: error VED0003");
  assert.match(w.out.stderr, "> 1 | enum Zone { eu,, us }");
  assert.match(w.out.stderr, "pool.ved:1:22: error VED0124");

  w.child.kill("SIGINT");
  assert.equal(await w.exited, { code: 0, signal: null });
});

test.run();
