// Fresh node processes, for what only a cold process shows: startup, the
// first import, a heap that holds nothing else.
import { spawnSync } from "node:child_process";
import { root } from "./paths.js";

/** Runs `node ...args` to the end; returns its wall time in ms and its stdout. Throws when it fails. */
export function node(args, options = {}) {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: options.cwd ?? root, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status ?? r.signal}:\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** Runs a child that prints one JSON document, and returns it. */
export function nodeJson(args, options) {
  return JSON.parse(node(args, options).stdout);
}

const EMPTY = "bench/children/empty.js";

/** The wall time (ms) of a node process that loads an empty file: what every child pays before its own work. */
export function emptyProcess() {
  return node([EMPTY]).ms;
}
