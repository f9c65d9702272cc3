// The PostgreSQL store (runtime/store/postgres/), for the durable suite,
// on a throwaway server that tests/integration/pg-server.js starts (a fresh cluster on
// a loopback port; fsync off as the tests run it, or on as production does). Each open()
// gets tables of its own, in a fresh schema dropped again by close(), so
// every round starts from empty tables. Commits are counted on the way
// through (see counting.js).
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { postgresStore } from "../../lib/runtime/store/postgres/index.js";
import { counting } from "./counting.js";

let opened = 0;

export default {
  name: "PostgreSQL",
  async open({ url }) {
    const schema = `bench_${process.pid}_${++opened}`;
    const pg = postgresStore({ connectionString: url, schema });
    const { store, counts } = counting(pg);
    return {
      create: (domain, options) => domain.create({ ...options, store }),
      counts,
      close: async () => {
        await pg.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pg.close();
      },
    };
  },
};

/** Whether PostgreSQL's server binaries are here, where tests/integration/pg-server.js looks: /usr/lib/postgresql/<version>/bin, or the PATH. */
export function postgresInstalled() {
  const base = "/usr/lib/postgresql";
  if (existsSync(base) && readdirSync(base).some((version) => existsSync(join(base, version, "bin", "initdb")))) return true;
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, "initdb")));
}

/** Starts a throwaway server with tests/integration/pg-server.js: `{ url, dir, stop }`. */
export async function startServer({ fsync = false } = {}) {
  const { startPostgres } = await import("../../tests/integration/pg-server.js");
  return startPostgres({ fsync });
}
