// What vedc build says about what it wrote: one line per file with sizes raw
// and gzipped, colour only on a terminal, and with --json one JSON document.
import { test, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { cli } from "./helpers.js";

const fresh = () => tempDir("output");

test("one line per file: each file written, with its size and gzipped size", async () => {
  const out = fresh();
  const r = await cli(["build", "examples/worker-pool.ved", "--outdir", out, "--sourcemap"]);
  assert.is(r.status, 0, r.stderr);
  const js = join(out, "worker-pool.js");
  const size = (path) => `${(readFileSync(path).length / 1024).toFixed(1)} kB`;
  const gzip = (path) => `${(gzipSync(readFileSync(path)).length / 1024).toFixed(1)} kB`;
  const dts = join(out, "worker-pool.d.ts");
  assert.is(r.stdout, `examples/worker-pool.ved → ${js} (${size(js)}, gzip ${gzip(js)}), ${dts} (${size(dts)}, gzip ${gzip(dts)}), ${js}.map (${size(`${js}.map`)})\n`);
});

test("colour only on a terminal, or when forced", async () => {
  const out = fresh();
  const build = (options) => cli(["build", "examples/worker-pool.ved", "--outdir", out], options);
  assert.match((await build({ env: { FORCE_COLOR: "1" } })).stdout, "\x1b[");
  assert.match((await build({ env: {}, tty: true })).stdout, "\x1b[");
  assert.not.match((await build({ env: {} })).stdout, "\x1b[");
  assert.not.match((await build({ env: { NO_COLOR: "1" }, tty: true })).stdout, "\x1b[");
});

test("--json prints one document: files written, sizes, gzip sizes, diagnostics", async () => {
  const out = fresh();
  const r = await cli(["build", "examples/worker-pool.ved", "tests/fixtures/broken/unknown-name/input.ved", "nope.ved", "--outdir", out, "--json"]);
  assert.is(r.status, 1);
  assert.is(r.stderr, "", "nothing but the document");
  const { files } = JSON.parse(r.stdout);
  assert.equal(files.map((f) => [f.file, f.built]), [["examples/worker-pool.ved", true], ["tests/fixtures/broken/unknown-name/input.ved", false], ["nope.ved", false]]);
  for (const w of files[0].written) {
    const bytes = readFileSync(w.path);
    assert.equal([w.bytes, w.gzip], [bytes.length, gzipSync(bytes).length], w.path);
  }
  assert.equal(files[0].written.map((w) => w.path), [join(out, "worker-pool.js"), join(out, "worker-pool.d.ts")]);
  assert.equal(files[1].diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.col]), [["VED0100", 5, 8]]);
  assert.is(files[2].error, "cannot read nope.ved: no such file");
});

test("a missing file does not stop the others from building", async () => {
  const r = await cli(["build", "nope.ved", "examples/worker-pool.ved", "--outdir", fresh()]);
  assert.is(r.status, 1);
  assert.is(r.stderr, "vedc: cannot read nope.ved: no such file\n");
  assert.match(r.stdout, "examples/worker-pool.ved → ");
});

test.run();
