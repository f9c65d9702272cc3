// A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary
// folder, on a free loopback port, removed afterwards. initdb refuses to run
// as root, so as root the server runs as the `postgres` user.
//
// The server is stopped through the harness's `cleanup`: after the test that
// started it, or after the file's last test when started at its top level;
// and, should the run die first, when the process exits.
import { execFileSync, spawn } from "node:child_process";
import { cleanup } from "../harness.js";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

function binDir() {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, "bin/initdb"))) return join(base, v, "bin");
  }
  return ""; // rely on PATH
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Starts a server; resolves with its connection string, `dir` (the
 * cluster's folder, removed by `stop`), `restart` (a crash
 * and a start of the same cluster on the same port) and `stop` (which the
 * harness also calls, and the process's exit). `fsync`: off for the tests
 * (nothing they check needs the disk, and they run faster); on, as
 * PostgreSQL ships, for measuring what production pays (bench/).
 */
export async function startPostgres({ fsync = false } = {}) {
  const bin = binDir();
  const tool = (name) => (bin ? join(bin, name) : name);
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), "vedc-pg-"));
  const data = join(dir, "data");
  const as = (cmd, args) => (root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  let server = null;
  let stopped = false;
  const running = () => server !== null && server.exitCode === null && server.signalCode === null;
  /** Synchronous, so that it can run as the process exits. pg_ctl, not a signal: as root the server runs under runuser, which does not pass signals on. Immediate: the backends die at once, as in a crash. */
  const kill = () => {
    if (!running()) return;
    const [stopCmd, stopArgs] = as(tool("pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"]);
    try {
      execFileSync(stopCmd, stopArgs, { stdio: "ignore", timeout: 30_000 });
    } catch {
      server.kill("SIGKILL");
    }
  };
  const exited = () => (running() ? new Promise((resolve) => server.on("exit", resolve)) : Promise.resolve());
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stopNow);
    kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const stop = async () => {
    const done = exited();
    stopNow();
    await done;
  };
  process.on("exit", stopNow);
  cleanup(stop);

  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const [initCmd, initArgs] = as(tool("initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  execFileSync(initCmd, initArgs, { stdio: "ignore", timeout: 120_000 });
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;

  /** Starts `postgres` on the cluster, and waits until it accepts connections. */
  const start = async () => {
    const [cmd, args] = as(tool("postgres"), ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", `fsync=${fsync ? "on" : "off"}`, "-c", "max_connections=200"]);
    server = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    server.stderr.on("data", (d) => (log += d));
    const ready = Date.now() + 30_000;
    for (;;) {
      try {
        execFileSync(tool("pg_isready"), ["-h", "127.0.0.1", "-p", String(port)], { stdio: "ignore", timeout: 5_000 });
        return;
      } catch {
        if (Date.now() > ready || server.exitCode !== null) {
          await stop();
          throw new Error(`PostgreSQL did not start:\n${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  await start();
  return {
    url,
    dir: data,
    /** Stops the server as a crash would, waits `downFor` ms (or until `downFor()` resolves), and starts the same cluster on the same port. */
    async restart(downFor = 300) {
      const done = exited();
      kill();
      await done;
      await (typeof downFor === "function" ? downFor() : new Promise((resolve) => setTimeout(resolve, downFor)));
      await start();
    },
    stop,
  };
}

/** An instance's journal records, in order, read straight from the store's tables (the records view: the journal's and those still in the instance's row). */
export async function journalOf(url, id) {
  const { default: pg } = await import("pg");
  const c = new pg.Client(url);
  await c.connect();
  try {
    const { rows } = await c.query("SELECT record FROM vedc.records WHERE id = $1 ORDER BY seq", [id]);
    return rows.map((r) => r.record);
  } finally {
    await c.end();
  }
}
