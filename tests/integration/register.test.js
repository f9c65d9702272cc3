// `node --import vedc/register app.mjs`: plain Node imports .ved files. The
// seed's WorkerPool, imported straight from examples/worker-pool.ved, tells its
// story; a step's error points at the Ved statement (source maps); a .ved that
// does not compile fails its import with the CLI's diagnostics and no stack
// of the loader's.
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "../helpers.js";

const dir = tempDir("register");
/** Runs `script` (written into dir) under vedc/register, from the repository, where vedc resolves to itself. */
async function node(name, script) {
  const file = join(dir, name);
  writeFileSync(file, script);
  return run(process.execPath, ["--import", "vedc/register", file], { cwd: root, env: { PATH: process.env.PATH, NO_COLOR: "1" } });
}
const ved = (path) => JSON.stringify(pathToFileURL(join(root, path)).href);

test("a script importing examples/worker-pool.ved tells the seed's story: 5 ticks up, 2 after a crash, 3 down after rogue servers", async () => {
  const r = await node(
    "story.mjs",
    `import { WorkerPool } from ${ved("examples/worker-pool.ved")};
const pool = WorkerPool.create();
let ticks = 0;
pool.on("transition", () => ticks++);
const told = async (what) => { await pool.settled(); console.log(what, ticks, pool.getState().workers); ticks = 0; };
await pool.start();
await told("boot");
await pool.observe({ workers: 3 });
await told("crash");
await pool.observe({ workers: 8 });
await told("rogue");
await pool.stop();
`,
  );
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, "boot 5 5\ncrash 2 5\nrogue 3 5\n");
});

test("an error in a step points at the .ved line", async () => {
  writeFileSync(join(dir, "div.ved"), "domain Div {\n  state { n: int }\n  goal n == 1\n  transition t when n < 1 {\n    step {\n      n = 10 / n\n    }\n  }\n}\n");
  const r = await node("div.mjs", `import { Div } from "./div.ved";\nconst e = Div.reconcile({}).error;\nconsole.log(e.cause.stack);\n`);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, "division by zero at");
  assert.match(r.stdout, /at Div\$step\$t \(.*div\.ved:6:\d+\)/);
});

test("a .ved that does not compile fails its import with the CLI's diagnostic", async () => {
  writeFileSync(join(dir, "bad.ved"), "domain A {\n  state { n: int }\n  goal n == 1\n  transition t when n < 1 { step { n += k } }\n}\n");
  const r = await node("bad.mjs", `import "./bad.ved";\n`);
  assert.is(r.status, 1);
  assert.match(r.stderr, /bad\.ved:4:41: error VED0100: unknown name 'k' in domain 'A'\n  2 \|   state \{ n: int \}/);
  assert.match(r.stderr, "hint: did you mean 'n'?");
  assert.not.match(r.stderr, "register-hooks");
  assert.not.match(r.stderr, "VedCompileError");
  // Caught, it is an Error like any other.
  const caught = await node("caught.mjs", `try { await import("./bad.ved"); } catch (e) { console.log(e instanceof Error, e.name); }\n`);
  assert.is(caught.stdout, "true VedCompileError\n", caught.stderr);
});

test.run();
