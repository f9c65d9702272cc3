// A contender in the lock race: it waits for "go" on stdin, then tries to
// start instance "p" of a file store, and prints "won" (it runs the instance)
// or "locked <code>". The winner holds the instance until "release".
// "go jitter" pauses a random 0-3 ms before each file operation, widening
// every window between reading a lock and taking it.
import { writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { faultyFs } from "../../fault-fs.js";
import { fileStoreOn } from "../../../lib/runtime/store/file.js";

const [bundle, dir] = process.argv.slice(2);
const { WorkerPool } = await import(bundle);
const say = (line) => writeSync(1, `${line}\n`);
let held = null;
say("ready");
for await (const line of createInterface({ input: process.stdin })) {
  if (line.startsWith("go")) {
    const { fs } = faultyFs(undefined, { jitter: line === "go jitter" ? 3 : 0 });
    try {
      held = await WorkerPool.create({ id: "p", store: fileStoreOn(fs, dir) }).start();
      await held.observe({ workers: 1 });
      say(`won ${process.pid}`);
    } catch (error) {
      say(`locked ${error.code ?? error.message}`);
    }
  } else if (line === "release") {
    await held?.stop();
    held = null;
    say("released");
  }
}
