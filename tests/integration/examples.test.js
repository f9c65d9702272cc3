// The examples a reader is told to run, run as they are told: built with
// vedc, then plain node runs the script beside them.
import { run, spawn, tempDir, test, untilOutput } from "../harness.js";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, plainEnv, root } from "../helpers.js";

/** What the cloud did in each phase, as the script's last line says: the fewest calls that heal it. */
const EXACT = "cloud: start booted 5; outage booted 2 stopped 0; drift booted 0 stopped 3";

async function cloudPool() {
  const dir = tempDir("cloud-pool");
  mkdirSync(join(dir, "examples"));
  assert.is((await cli(["build", join(root, "examples/cloud-pool.ved"), "--outdir", join(dir, "dist")])).status, 0);
  copyFileSync(join(root, "examples/cloud-pool.mjs"), join(dir, "examples/cloud-pool.mjs"));
  return dir;
}

test("the cloud-pool example heals a flaky cloud with exactly the calls it needs, run after run, resuming from its store", async () => {
  const dir = await cloudPool();
  for (let round = 0; round < 10; round++) {
    const r = await run(process.execPath, ["examples/cloud-pool.mjs"], { cwd: dir, env: plainEnv });
    assert.is(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, "== healed after the crash: 5 machines running");
    assert.match(r.stdout, "== healed after the drift: 5 machines running");
    // No overshoot, whatever failed or arrived late: 2 boots after the outage, 3 machines stopped after the drift.
    assert.is(r.stdout.trim().split("\n").pop(), EXACT, `round ${round + 1}:\n${r.stdout}`);
  }
}, { timeout: 180_000 });

test("killed with SIGKILL mid-run, the cloud-pool example resumes from its journal and heals exactly again", async () => {
  const dir = await cloudPool();
  for (const when of ["!! an availability zone goes down", "!! someone boots 3 extra machines", "cloud: boot"]) {
    const child = spawn(process.execPath, ["examples/cloud-pool.mjs"], { cwd: dir, env: plainEnv });
    await untilOutput(child, (out) => out.stdout.includes(when), `'${when}'`);
    child.child.kill("SIGKILL");
    assert.equal(await child.exited, { code: null, signal: "SIGKILL" });
    const r = await run(process.execPath, ["examples/cloud-pool.mjs"], { cwd: dir, env: plainEnv });
    assert.is(r.status, 0, r.stderr + r.stdout);
    assert.is(r.stdout.trim().split("\n").pop(), EXACT, `after a kill at '${when}':\n${r.stdout}`);
  }
}, { timeout: 120_000 });

test.run();
