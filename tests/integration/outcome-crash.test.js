// An effect's outcome survives a crash exactly once: killed after its handler
// succeeded but before its `done` block was committed, the instance dispatches
// the effect again with the same key after a restart (the handler, idempotent
// by that key, changes nothing) and applies the outcome once.
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundle, compile } from "../../lib/compiler/index.js";
import { root } from "../helpers.js";

const source = `domain Pool {
  state {
    machines: int
    owned booting: int
    owned booted: int
  }
  effect boot(count: int) {
    done { booting -= count; machines += count; booted += 1 }
  }
  goal sized: machines + booting == 3
  transition scale_up when machines + booting < 3 {
    step {
      boot(3 - machines - booting)
      booting += 3 - machines - booting
    }
  }
}`;

test("killed between an effect's success and its done tick, the outcome is applied exactly once after a restart", async () => {
  const dir = tempDir("outcome-crash");
  const { code } = await compile(source, { filename: "pool.ved", format: false });
  const bundlePath = join(dir, "pool.mjs");
  writeFileSync(bundlePath, (await bundle(code, { outfile: "pool.js" })).code);
  const worker = join(root, "tests/integration/outcome/worker.mjs");
  const store = join(dir, "store");
  const cloud = join(dir, "cloud");

  const first = await run(process.execPath, [worker, bundlePath, store, cloud, "die-after-handler"]);
  assert.is(first.signal, "SIGKILL", first.stderr);
  assert.match(first.stdout, "handled pool:2:0 3");
  assert.not.match(first.stdout, "outcome");

  const second = await run(process.execPath, [worker, bundlePath, store, cloud, "live"]);
  assert.is(second.status, 0, second.stderr);
  // Owed after the crash: dispatched again with its key, its outcome applied once.
  assert.match(second.stdout, "handled pool:2:0 3\noutcome boot done pool:2:0\n");
  assert.match(second.stdout, `settled {"machines":3,"booting":0,"booted":1} 2`);
  assert.equal(readFileSync(cloud, "utf8"), "pool:2:0\n", "the cloud did it once");

  // Once committed, nothing is owed: a third start changes nothing and calls nothing.
  const third = await run(process.execPath, [worker, bundlePath, store, cloud, "live"]);
  assert.is(third.status, 0, third.stderr);
  assert.not.match(third.stdout, "handled");
  assert.match(third.stdout, `settled {"machines":3,"booting":0,"booted":1} 2`);
});

test.run();
