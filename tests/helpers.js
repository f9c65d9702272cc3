// Shared by the tests: compile Ved source and load the bundle the way a user
// would run it, plus a child-process runner for the CLI.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";
import { compile, bundle } from "../lib/compiler/index.js";

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

/** Runs the vedc CLI in a child process. */
export function cli(args, options = {}) {
  const r = spawnSync(process.execPath, [vedc, ...args], { encoding: "utf8", cwd: options.cwd ?? root, env: plainEnv });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
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
