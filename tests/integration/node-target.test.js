// The node target's controller on a file store: its input is JSON lines of
// { id, params?, observe?, key?, version? }; a line that is not such an
// object is refused with a message naming its line, and the rest go on; when
// stdin ends it lets every instance settle and exits 0. Each instance keeps
// the params its first line gave it across a restart.
import { spawn, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { cli, root } from "../helpers.js";

const fixture = join(root, "tests/fixtures/params");
const dir = tempDir("node-target");
const built = await cli(["build", join(fixture, "pool.ved"), "--target", "node", "--effects", join(fixture, "effects.mjs"), "--outdir", dir]);
const store = join(dir, "store");

/** Runs the controller with `lines` on its stdin, then closes it; resolves with its exit and output. */
async function controller(lines, env = {}) {
  const proc = spawn(process.execPath, [join(dir, "pool.mjs")], { env: { PATH: process.env.PATH, VEDC_STORE_DIR: store, ...env } });
  proc.child.stdin.end(lines.map((l) => l + "\n").join(""));
  const { code } = await proc.exited;
  return { code, ...proc.out, resized: proc.out.stdout.trim().split("\n").filter(Boolean) };
}

test("two pools with their own params side by side; bad lines refused by line number; exit 0 when stdin ends", async () => {
  assert.is(built.status, 0, built.stderr);
  const r = await controller(["42", "{}", "[]", "not json", JSON.stringify({ id: "a", params: { target: 3 } }), JSON.stringify({ id: "b", params: { target: 1 }, observe: { workers: 0 } }), JSON.stringify({ id: "c", params: "big" })]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, '[Pool] line 1 refused: line 1 must be a JSON object { "id": ..., "params"?: {...}, "observe"?: {...}, "key"?: ..., "version"?: ... }, not a number (42)');
  assert.match(r.stderr, "[Pool] line 2 refused: line 2 needs an instance id");
  assert.match(r.stderr, "[Pool] line 3 refused: line 3 must be a JSON object");
  assert.match(r.stderr, "not an array");
  assert.match(r.stderr, "[Pool] line 4 refused: not JSON");
  assert.match(r.stderr, "[Pool] line 7 refused: the params in line 7 must be an object of param values, not a string (\"big\")");
  assert.match(r.stderr, "[Pool] end of input: stopping");
  assert.equal(r.resized.filter((l) => l.startsWith("a ")), ["a 1", "a 2", "a 3"]);
  // b converges to 1 from its initial 0, and again after the observed 0.
  const b = r.resized.filter((l) => l.startsWith("b "));
  assert.ok(b.length > 0 && b.every((l) => l === "b 1"), b.join(", "));
});

test("after a restart each pool heals to its own params, given none", async () => {
  const r = await controller([JSON.stringify({ id: "a", observe: { workers: 0 } }), JSON.stringify({ id: "b", observe: { workers: 4 } })]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.resized.filter((l) => l.startsWith("a ")), ["a 1", "a 2", "a 3"]);
  assert.equal(r.resized.filter((l) => l.startsWith("b ")), ["b 3", "b 2", "b 1"]);
  const wrong = await controller([JSON.stringify({ id: "a", params: { target: 8 }, observe: { workers: 0 } })]);
  assert.is(wrong.code, 0, wrong.stderr);
  assert.match(wrong.stderr, "line 1: observation for 'a' refused: instance 'a' runs with target = 3, the params it was created with, and was given target = 8");
  assert.equal(wrong.resized, []);
});

test("VEDC_INPUT=none reads no input: it runs until SIGTERM; another value is refused", async () => {
  const proc = spawn(process.execPath, [join(dir, "pool.mjs")], { env: { PATH: process.env.PATH, VEDC_STORE_DIR: store, VEDC_INPUT: "none" } });
  proc.child.stdin.end();
  const { untilOutput } = await import("../harness.js");
  await untilOutput(proc, (o) => o.stderr.includes("fleet on"), "the controller's start");
  assert.ok(proc.running(), "still running after stdin ended");
  proc.child.kill("SIGTERM");
  const { code } = await proc.exited;
  assert.is(code, 0, proc.out.stderr);
  const bad = await controller([], { VEDC_INPUT: "file" });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, "VEDC_INPUT must be stdin");
});

test.run();
