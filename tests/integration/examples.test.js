// The examples a reader is told to run, run as they are told: built with
// vedc, then plain node runs the script beside them.
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, plainEnv, root } from "../helpers.js";

test("the cloud-pool example heals a flaky cloud through crashes and drift, and resumes from its store", async () => {
  const dir = tempDir("cloud-pool");
  mkdirSync(join(dir, "examples"));
  assert.is((await cli(["build", join(root, "examples/cloud-pool.ved"), "--outdir", join(dir, "dist")])).status, 0);
  copyFileSync(join(root, "examples/cloud-pool.mjs"), join(dir, "examples/cloud-pool.mjs"));
  for (let round = 0; round < 2; round++) {
    const r = await run(process.execPath, ["examples/cloud-pool.mjs"], { cwd: dir, env: plainEnv });
    assert.is(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, "== healed after the crash: 5 machines running");
    assert.match(r.stdout, "== healed after the drift: 5 machines running");
  }
}, { timeout: 120_000 });

test.run();
