// The test harness: uvu's `test`, with two guarantees no test can forget.
//
// - Every test has a deadline (30 s unless it says otherwise). A test that
//   waits forever fails with its name, instead of hanging the run.
// - Whatever a test starts through the harness — a child process, a folder,
//   anything given to `cleanup` — is stopped or removed after the test,
//   whether its assertions passed, failed or timed out.
//
// Waiting on a child is done on its output or on a file, with a generous
// deadline (`untilOutput`, `untilFile`), never with a fixed sleep that load
// can beat.
import { test as uvuTest } from "uvu";
import { spawn as spawnProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DEFAULT_TIMEOUT = 30_000;

/** What the current test asked to be cleaned up, last first. */
let pending = [];
/** Children still running, across tests: killed at the latest when the run ends. */
const alive = new Set();

/** Runs `fn` after the current test, whatever its outcome. */
export function cleanup(fn) {
  pending.push(fn);
}

async function runCleanups() {
  const fns = pending.reverse();
  pending = [];
  for (const fn of fns) {
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${error?.stack ?? error}\n`);
    }
  }
}

function withDeadline(promise, ms, name) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test "${name}" did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** `test(name, fn, { timeout })`: uvu's test, with a deadline and cleanup. */
export function test(name, fn, options = {}) {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  uvuTest(name, async (context) => {
    try {
      await withDeadline(Promise.resolve().then(() => fn(context)), timeout, name);
    } finally {
      await runCleanups();
    }
  });
}
test.run = () => uvuTest.run();
test.skip = (name, fn) => uvuTest.skip(name, fn);
test.before = (fn) => uvuTest.before(fn);
test.after = (fn) => uvuTest.after(fn);

/** A fresh temporary folder, removed after the test. */
export function tempDir(name = "test") {
  const dir = mkdtempSync(join(tmpdir(), `vedc-${name}-`));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
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
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      alive.delete(child);
      resolve({ code, signal });
      notify();
    }),
  );
  child.on("error", () => {});
  const running = () => child.exitCode === null && child.signalCode === null;
  cleanup(async () => {
    if (!running()) return;
    child.kill("SIGKILL");
    await exited;
  });
  return { child, out, exited, running, watchers };
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

/** Waits until `check()` holds (a file exists, by default), polling every 10 ms, or fails after `ms`. */
export async function untilFile(path, check = () => existsSync(path), ms = 20_000) {
  const end = Date.now() + ms;
  while (!check(path)) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Kills every child still alive; the runner calls it when the run ends. */
export function killAll() {
  for (const child of alive) child.kill("SIGKILL");
}
