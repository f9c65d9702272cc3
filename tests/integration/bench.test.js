import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { plainEnv, root } from "../helpers.js";

// The bench at its tiny size: it must keep working. No test here asserts a
// time; machines are too noisy for that, and the numbers are for people.
test("npm run bench --quick completes, prints its tables and writes well-formed JSON", async () => {
  const out = join(tempDir("bench-test"), "bench.json");
  const r = await run(process.execPath, ["bench/run.js", "--quick", "--out", out], { cwd: root, env: plainEnv });
  const written = r.status === 0 ? readFileSync(out, "utf8") : null;
  assert.is(r.status, 0, r.stderr);
  for (const title of ["Chaos workload", "Bursts", "Verification", "Compiling", "Size scaling", "What ships", "Cold start", "Scale", "Durable, file store", "group-commit ceiling", "Durable, PostgreSQL store", "Waiting", "Goals"])
    assert.ok(r.stdout.includes(title), `no '${title}' table in:\n${r.stdout}`);

  const json = JSON.parse(written);
  assert.is(json.quick, true);
  assert.type(json.machine.node, "string");
  assert.type(json.machine.cpu, "string");
  assert.equal(Object.keys(json.results), ["chaos", "burst", "verify", "compile", "ship", "scale", "durable", "waiting"]);
  assert.is(json.results.waiting.fleet.ticksWhileWaiting.median, 0, "nothing ticks while instances wait");
  assert.is(json.results.waiting.fleet.timersArmed.median, 1, "a fleet arms one timer");
  assert.ok(json.results.burst.sizes.every((s) => s.ved.median > 0 && s.xstate.median > 0), "burst rates");
  assert.ok(json.results.verify.ved.median > 0 && json.results.verify.hand.median > 0, "verify rates");
  for (const side of Object.values(json.results.chaos.sides)) {
    assert.ok(side.observationsPerSecond.median > 0);
    assert.ok(side.observationsPerSecond.samples.every(Number.isFinite));
  }
  assert.ok(json.results.ship.size.gzipped > 0);
  assert.equal(json.results.compile.scaling.map((s) => s.name), ["one step", "one enum", "many domains"]);
  assert.ok(json.results.compile.scaling.every((s) => Number.isFinite(s.ratios.x4) && s.points.length === 3), "size scaling ratios");
  const rates = (summary) => summary.median > 0 && summary.samples.every(Number.isFinite);
  const { file, postgres } = json.results.durable;
  for (const w of Object.values(file.windows)) {
    assert.ok(rates(w.observationsPerSecond) && rates(w.commitsPerSecond) && rates(w.ceiling), "file store windows");
    assert.ok(w.commitBytes > 0);
  }
  for (const raw of [file.raw.line, ...Object.values(file.raw.batches)]) assert.ok(rates(raw.fsyncsPerSecond) && raw.bytes > 0, "raw fsync rates");
  // Without PostgreSQL's binaries the suite says so and skips; with them, it measures.
  if (postgres.skipped) assert.match(r.stdout, /PostgreSQL store: skipped/);
  else {
    // Measured twice: on a server with fsync on (the goal's) and on one with fsync off.
    for (const [key, fsync] of [["fsyncOn", "on"], ["fsyncOff", "off"]]) {
      const server = postgres[key];
      assert.is(server.fsync, fsync);
      assert.ok(rates(server.update.updatesPerSecond), "UPDATE loop");
      for (const w of Object.values(server.windows)) assert.ok(rates(w.observationsPerSecond) && rates(w.commitsPerSecond), "PostgreSQL store windows");
    }
    assert.match(r.stdout, /PostgreSQL store, fsync on:/);
    assert.match(r.stdout, /PostgreSQL store, fsync off:/);
  }
  assert.ok(json.goals.length >= 4);
  for (const g of json.goals) {
    assert.type(g.goal, "string");
    assert.type(g.met, "boolean");
    assert.ok(Number.isFinite(g.value));
  }
  // Every suite, each in its own processes: longer than a test's default deadline on a loaded machine.
}, { timeout: 90_000 });

test.run();
