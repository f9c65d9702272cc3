// A child the file-store crash test stops at its n-th file operation: it runs
// the fault scenario's faulty phase through a file system that, at call n,
// stops the process (before the call, or in the middle of a write) for the
// parent to SIGKILL. Each acknowledgement is written synchronously to
// stdout, so none is lost with the process.
import { writeSync } from "node:fs";
import { faultyFs } from "../../fault-fs.js";
import { fileStoreOn } from "../../../lib/runtime/store/file.js";
import { run, SNAPSHOT_EVERY } from "./scenario.mjs";

const [bundle, dir, stopAt, mode] = process.argv.slice(2);
const { WorkerPool } = await import(bundle);
const { fs } = faultyFs((call) => (call.n === Number(stopAt) ? `stop-${mode}` : undefined));
await run(WorkerPool, fileStoreOn(fs, dir, { snapshotEvery: SNAPSHOT_EVERY }), (key, outcome, error) => {
  writeSync(1, `${outcome} ${key} ${error ? JSON.stringify(error.message) : ""}\n`);
});
writeSync(1, "done\n");
