// A serverless cold start: a fresh process imports a `--target lambda`
// bundle (runtime, pg and the effect handlers inside) and runs its domain's
// first reconcile, as the first invocation's work begins.
import { pathToFileURL } from "node:url";

const { domain } = await import(pathToFileURL(process.argv[2]).href);
const result = domain.reconcile({});
if (result.status !== "converged") throw new Error(`the first reconcile ended ${result.status}`);
