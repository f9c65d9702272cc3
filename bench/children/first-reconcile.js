// A user's cold start: a fresh process imports the bundle given as the
// argument and runs the first reconcile.
import { pathToFileURL } from "node:url";

const { default: WorkerPool } = await import(pathToFileURL(process.argv[2]).href);
const result = WorkerPool.reconcile({ workers: 0 });
if (result.status !== "converged" || result.state.workers !== 5) throw new Error(`the first reconcile ended ${result.status}`);
