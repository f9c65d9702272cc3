// A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary
// folder, on a free loopback port, removed afterwards. initdb refuses to run
// as root, so as root the server runs as the `postgres` user.
import { execFileSync, spawn } from "node:child_process";
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

/** Starts a server; resolves with its connection string, a restart function and a stop function. */
export async function startPostgres() {
  const bin = binDir();
  const tool = (name) => (bin ? join(bin, name) : name);
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), "vedc-pg-"));
  const data = join(dir, "data");
  let uid;
  if (root) {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const as = (cmd, args) => (root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  const [initCmd, initArgs] = as(tool("initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  execFileSync(initCmd, initArgs, { stdio: "ignore" });
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let server = await run(tool, as, data, dir, port);
  const stopServer = async () => {
    // pg_ctl, not a signal: as root the server runs under runuser, which does not pass SIGINT on.
    // Immediate: the backends die at once, as in a crash; the next start recovers from the WAL.
    const [stopCmd, stopArgs] = as(tool("pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"]);
    try {
      execFileSync(stopCmd, stopArgs, { stdio: "ignore" });
    } catch {
      server.kill("SIGKILL");
    }
    await new Promise((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve() : server.on("exit", resolve)));
  };
  return {
    url,
    /** Stops the server as a crash would, waits `downFor` ms (or until `downFor()` resolves), and starts the same cluster on the same port. */
    async restart(downFor = 300) {
      await stopServer();
      await (typeof downFor === "function" ? downFor() : new Promise((resolve) => setTimeout(resolve, downFor)));
      server = await run(tool, as, data, dir, port);
    },
    async stop() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `postgres` on the cluster in `data`, and waits until it accepts connections. */
async function run(tool, as, data, dir, port) {
  const [cmd, args] = as(tool("postgres"), ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]);
  const server = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr.on("data", (d) => (log += d));
  const ready = Date.now() + 20_000;
  for (;;) {
    try {
      execFileSync(tool("pg_isready"), ["-h", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
      return server;
    } catch {
      if (Date.now() > ready || server.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** An instance's journal records, in order, read straight from the store's table. */
export async function journalOf(url, id) {
  const { default: pg } = await import("pg");
  const c = new pg.Client(url);
  await c.connect();
  try {
    const { rows } = await c.query("SELECT record FROM vedc.journal WHERE id = $1 ORDER BY seq", [id]);
    return rows.map((r) => r.record);
  } finally {
    await c.end();
  }
}
