// What only a real vedc process shows: its exit status, colour on a real
// terminal, and a reader that goes away. Everything else about the CLI is
// tested in this process (cli.test.js and the others).
import { test, run, spawn, tempDir, untilOutput } from "./harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliProcess, plainEnv, root, vedc } from "./helpers.js";

const broken = "tests/fixtures/broken/unknown-name/input.ved";

test("the exit status: 0 for a good file, 1 for a broken one or a bad command, never a stack trace", async () => {
  const good = await cliProcess(["check", "examples/worker-pool.ved"]);
  assert.equal([good.status, good.stdout, good.stderr], [0, "examples/worker-pool.ved: ok (WorkerPool)\n", ""]);
  const bad = await cliProcess(["check", broken]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, `${broken}:5:8: error VED0100: `);
  assert.not.match(bad.stderr, /^\s+at /m);
  const unknown = await cliProcess(["frobnicate"]);
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr, "unknown command 'frobnicate'");
});

test("colour on a terminal, or when FORCE_COLOR asks; none in a pipe", async () => {
  const env = { ...plainEnv };
  delete env.NO_COLOR;
  // `script` gives the command a real terminal.
  const tty = await run("script", ["-qec", `${process.execPath} ${vedc} check ${broken}`, "/dev/null"], { cwd: root, env });
  assert.match(tty.stdout, `\x1b[1m${broken}:5:8\x1b[22m`);
  const forced = await cliProcess(["check", broken], { env: { ...env, FORCE_COLOR: "1" } });
  assert.match(forced.stderr, "\x1b[");
  const piped = await cliProcess(["check", broken], { env });
  assert.match(piped.stderr, `${broken}:5:8: error VED0100`);
  assert.not.match(piped.stderr, "\x1b[");
});

test("a reader that stops reading (vedc run … | head) ends vedc quietly, status 0", async () => {
  // Enough ticks that vedc is still writing when the reader has gone.
  const dir = tempDir("pipe");
  writeFileSync(join(dir, "count.ved"), "domain Count {\n  state { n: int }\n  goal n == 20000\n  transition up when n < 20000 { step { n += 1 } }\n}\n");
  const proc = spawn(process.execPath, [vedc, "run", join(dir, "count.ved"), "--max-ticks", "20000"], { env: plainEnv });
  await untilOutput(proc, (out) => out.stdout.includes("tick 1:"), "the first tick");
  proc.child.stdout.destroy();
  const { code } = await proc.exited;
  assert.is(proc.out.stderr, "", "no stack trace");
  assert.is(code, 0);
});

test.run();
