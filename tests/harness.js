// The test harness: uvu's `test`, with two guarantees no test can forget.
//
// - Every test has a deadline (30 s unless it says otherwise). A test that
//   waits forever fails with its name, instead of hanging the run.
// - Whatever a test starts through the harness — a child process, a folder,
//   a timer, anything given to `cleanup` — is stopped or removed after the
//   test, whether its assertions passed, failed or timed out. What a file
//   starts outside its tests (a server its tests share, a folder) is stopped
//   when that file's tests are done; whatever is left when the run ends is
//   stopped then.
//
// Waiting on a child is done on its output, its exit, a file or a condition,
// with a generous deadline (`untilOutput`, `untilFile`, `until`), never with a
// fixed sleep that load can beat. Child processes are never run with
// spawnSync: a blocked event loop would stop the deadline too.
import { test as uvuTest } from "uvu";
import { spawn as spawnProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DEFAULT_TIMEOUT = 30_000;

/** Cleanups of the test running now; null between tests. */
let testScope = null;
/** Cleanups of what the file being loaded started outside its tests. */
let fileScope = [];
/** Cleanups for the end of the file whose tests are running. */
let runningFileScope = null;
/** Cleanups of files whose tests have not finished yet: run when the run ends, at the latest. */
const openFiles = new Set();
/** Children still running, across tests: killed when the process exits, whatever happens. */
const alive = new Set();
/** How long each test took, for `TEST_TIMES=1 node tests/run.js`. */
export const timings = [];

/**
 * Runs `fn` after the current test, whatever its outcome; called outside a
 * test (at a file's top level), or with `afterFile` for what later tests of
 * the file use too, after the file's last test.
 */
export function cleanup(fn, { afterFile = false } = {}) {
  (afterFile ? (runningFileScope ?? fileScope) : (testScope ?? fileScope)).push(fn);
}

const CLEANUP_TIMEOUT = 30_000;

/** Runs cleanups last first; one that fails or hangs is reported, and the others still run. */
async function runCleanups(fns) {
  for (const fn of fns.splice(0).reverse()) {
    try {
      await withDeadline(Promise.resolve().then(fn), CLEANUP_TIMEOUT, "cleanup");
    } catch (error) {
      process.stderr.write(`cleanup failed: ${error?.stack ?? error}\n`);
    }
  }
}

function withDeadline(promise, ms, name) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name === "cleanup" ? "a cleanup" : `test "${name}"`} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** `test(name, fn, { timeout })`: uvu's test, with a deadline and cleanup. */
export function test(name, fn, options = {}) {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  uvuTest(name, async (context) => {
    const scope = (testScope = []);
    const started = performance.now();
    try {
      await withDeadline(Promise.resolve().then(() => fn(context)), timeout, name);
    } finally {
      testScope = null;
      await runCleanups(scope);
      timings.push({ name, ms: performance.now() - started });
    }
  });
}
/** Queues the file's tests; what the file started outside them is cleaned up after its last. */
test.run = () => {
  const scope = fileScope;
  fileScope = [];
  openFiles.add(scope);
  uvuTest.before(() => {
    runningFileScope = scope;
  });
  uvuTest.after(async () => {
    runningFileScope = null;
    openFiles.delete(scope);
    await runCleanups(scope);
  });
  uvuTest.run();
};
test.skip = (name, fn) => uvuTest.skip(name, fn);
test.before = (fn) => uvuTest.before(fn);
test.after = (fn) => uvuTest.after(fn);

/** Stops whatever is left: the runner calls it when the run ends, failed or not. */
export async function finish() {
  for (const scope of [fileScope, ...openFiles]) await runCleanups(scope);
  openFiles.clear();
  killAll();
}

/**
 * A fresh temporary folder, removed after the test; made outside a test, or
 * with `afterFile` (a folder the file's later tests use), after the file.
 */
export function tempDir(name = "test", { afterFile = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `vedc-${name}-`));
  cleanup(() => rmSync(dir, { recursive: true, force: true }), { afterFile });
  return dir;
}

/** Resolves after `ms`. For pacing what a test does, never for waiting on a child: see `until`. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `fn` every `ms` until the test ends (or `stop()` is called). */
export function every(ms, fn) {
  const timer = setInterval(fn, ms);
  const stop = () => clearInterval(timer);
  cleanup(stop);
  return stop;
}

/**
 * Starts a child process that is killed (SIGKILL) after the test unless it
 * has exited. The result has `out` (stdout and stderr so far, as text),
 * `exited` (a promise of `{ code, signal }`), and the child itself.
 */
export function spawn(command, args, options = {}) {
  const child = spawnProcess(command, args, { stdio: ["pipe", "pipe", "pipe"], ...options });
  alive.add(child);
  const out = { stdout: "", stderr: "" };
  const watchers = new Set();
  const notify = () => {
    for (const w of watchers) w();
  };
  child.stdout?.setEncoding("utf8").on("data", (d) => ((out.stdout += d), notify()));
  child.stderr?.setEncoding("utf8").on("data", (d) => ((out.stderr += d), notify()));
  // A write to a child that has died is the test's business (it sees the exit), not a crash of the run.
  child.stdin?.on("error", () => {});
  let resolveDied;
  const died = new Promise((resolve) => (resolveDied = resolve));
  child.on("exit", () => (alive.delete(child), resolveDied()));
  // "close", not "exit": by then every byte the child wrote has been read.
  const exited = new Promise((resolve) =>
    child.on("close", (code, signal) => {
      resolve({ code, signal });
      notify();
    }),
  );
  child.on("error", (error) => {
    out.stderr += `spawn ${command}: ${error.message}\n`;
    // It never started: there is nothing to wait for or to kill.
    if (child.pid === undefined) (alive.delete(child), resolveDied());
  });
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  cleanup(async () => {
    if (!running()) return;
    child.kill("SIGKILL");
    // Its exit, not the close of its pipes, which a grandchild may hold open.
    await died;
  });
  return { child, out, exited, running, watchers };
}

/**
 * Runs a command to its end, as spawnSync would but without blocking the
 * event loop (so the test's deadline holds), and kills it if the test ends
 * first. Resolves with `{ status, signal, stdout, stderr }`; `input` is
 * written to its stdin, which is then closed.
 */
export async function run(command, args, { input, ...options } = {}) {
  const proc = spawn(command, args, options);
  if (input !== undefined) proc.child.stdin.write(input);
  proc.child.stdin?.end();
  const { code, signal } = await proc.exited;
  return { status: code, signal, stdout: proc.out.stdout, stderr: proc.out.stderr };
}

/** Waits until `check(out)` holds for a child started by `spawn`, or fails after `ms` with what it printed. */
export function untilOutput(proc, check, what, ms = 20_000) {
  return new Promise((resolve, reject) => {
    const look = () => {
      if (check(proc.out)) {
        done();
        resolve(proc.out);
      } else if (!proc.running()) {
        done();
        reject(new Error(`the child exited before ${what}\nstdout: ${proc.out.stdout}\nstderr: ${proc.out.stderr}`));
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}\nstdout: ${proc.out.stdout}\nstderr: ${proc.out.stderr}`));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      proc.watchers.delete(look);
    };
    proc.watchers.add(look);
    look();
  });
}

/**
 * Waits until `condition()` (which may be async) is truthy, polling every
 * `interval` ms, and resolves with its value; fails after `ms` saying `what`.
 */
export async function until(condition, what, ms = 20_000, interval = 10) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(interval);
  }
}

/** Waits until `check(path)` holds (the file exists, by default), or fails after `ms`. */
export function untilFile(path, check = () => existsSync(path), ms = 20_000) {
  return until(() => check(path), path, ms);
}

/** Kills every child still alive; `finish` calls it, and so does the process on its way out. */
export function killAll() {
  for (const child of alive) child.kill("SIGKILL");
}
process.on("exit", killAll);
