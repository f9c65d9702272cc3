// Where things are. Light on purpose: a child process timing a cold import
// of the compiler must not have loaded it already.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const SEED_PATH = "examples/worker-pool.ved";

export function readSeed() {
  return readFile(join(root, SEED_PATH), "utf8");
}
