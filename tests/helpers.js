// Shared by the tests: compile Ved source and load the bundle the way a user
// would run it, and the CLI run in this process (the usual way) or in a child
// process (for what only a process shows: exit codes, signals, streams).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";
import { compile, bundle } from "../lib/compiler/index.js";
import { main } from "../lib/bin/cli/main.js";
import { run } from "./harness.js";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const vedc = fileURLToPath(new URL("../bin/vedc.js", import.meta.url));

/** Compiles and bundles `source`, then imports the bundle: what `vedc build` gives a user. */
export async function load(source, filename = "test.ved") {
  const result = await compile(source, { filename });
  if (!result.code) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const { code } = await bundle(result.code, { outfile: "test.js" });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

/** The environment of a child process: no colour, whatever the test runner set. */
export const plainEnv = { ...process.env, NO_COLOR: "1" };
delete plainEnv.FORCE_COLOR;

/** A writer that keeps what is written, as a terminal (`isTTY`) or not. */
function capture(isTTY) {
  const writer = { text: "", isTTY, write: (chunk) => ((writer.text += chunk), true) };
  return writer;
}

/**
 * Runs the vedc CLI in this process, as `vedc ...args` in `cwd` (the
 * repository's root by default) would, with its output captured. `env` is
 * what the CLI sees of the environment (no colour unless it says so); `tty`
 * makes stdout and stderr terminals. Resolves with `{ status, stdout, stderr }`.
 */
export async function cli(args, { cwd = root, env = { NO_COLOR: "1" }, tty = false } = {}) {
  const stdout = capture(tty);
  const stderr = capture(tty);
  // Tests run one at a time, so the process's folder can be the command's while it runs.
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const status = await main(["node", "vedc", ...args], { stdout, stderr, stdin: Readable.from([]), env });
    return { status, stdout: stdout.text, stderr: stderr.text };
  } finally {
    process.chdir(previous);
  }
}

/** Runs the vedc CLI in a child process (killed if the test ends first). */
export function cliProcess(args, { cwd = root, env = plainEnv, input } = {}) {
  return run(process.execPath, [vedc, ...args], { cwd, env, input });
}

export const seed = `domain WorkerPool {
state {
workers: int
}
}
goal workers == 5
transition scale_up {
step {
if workers < 5 {
workers += 1
}
}
}
transition scale_down {
step {
if workers > 5 {
workers -= 1
}
}
}
`;

/**
 * Replays a journal through a domain's own tick: every transition record must
 * be exactly what the domain does from the state before it. Returns the state
 * the journal ends in.
 */
export function replay(domain, journal) {
  let state;
  for (const r of journal) {
    if (r.t === "init") state = { ...r.state };
    else if (r.t === "observe") state = { ...state, ...r.set };
    else if (r.t === "transition") {
      const outcome = domain.tick(state);
      assert.is(outcome.kind, "applied", `record ${r.seq}`);
      assert.is(outcome.name, r.name, `record ${r.seq}`);
      assert.equal(outcome.effects, r.effects.map((e) => ({ name: e.name, args: e.args })), `record ${r.seq}`);
      state = { ...state, ...r.set };
      assert.equal(outcome.state, state, `record ${r.seq}`);
    }
  }
  return state;
}

/** Every file under `dir` with its bytes and mtime, and every folder's mtime (a file made and removed again changes it): what "nothing was written" is checked against. */
export function fingerprint(dir) {
  const files = {};
  const walk = (d) => {
    files[`${d.slice(dir.length)}/`] = { mtime: statSync(d).mtimeMs };
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else files[path.slice(dir.length)] = { bytes: readFileSync(path).toString("base64"), mtime: st.mtimeMs };
    }
  };
  walk(dir);
  return files;
}

/** The maps example of issue 19, as written: maps over an enum, a fold, a quantifier, per-key transitions. */
export const zones = `enum Zone { a, b, c }

domain Spreader {
  state {
    replicas: map<Zone, int in 0..5>
    healthy: map<Zone, bool> = true
  }
  param per_zone: int = 2
  let total = sum(z in Zone: replicas[z])
  invariant total <= 15
  goal all z in Zone: healthy[z] => replicas[z] == per_zone
  transition add(z: Zone) when healthy[z] && replicas[z] < per_zone {
    step { replicas[z] += 1 }
  }
  transition remove(z: Zone) when replicas[z] > per_zone || !healthy[z] && replicas[z] > 0 {
    step { replicas[z] -= 1 }
  }
}
`;
