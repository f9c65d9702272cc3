// PostgreSQL's own rate, the baseline for the PostgreSQL store: a
// single-row UPDATE as a named prepared statement (parsed once, then only
// bound and run: one round trip each), autocommit (each its own
// transaction), one after another on one connection, on the same server.
import pg from "pg";

export const UPDATE = "UPDATE t SET v = $1 WHERE id = 1";

/** Creates the one-row table the loop updates. */
export async function setUpUpdate(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, v int NOT NULL)");
    await client.query("INSERT INTO t (id, v) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

export const updateLoop = {
  name: `prepared \`${UPDATE}\`, autocommit, one at a time`,
  run: async (runMs, url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let updates = 0;
      const start = performance.now();
      do {
        const r = await client.query({ name: "bench_update", text: UPDATE, values: [updates] });
        if (r.rowCount !== 1) throw new Error(`the UPDATE changed ${r.rowCount} rows`);
        updates++;
      } while (performance.now() - start < runMs);
      return { updates, ms: performance.now() - start };
    } finally {
      await client.end();
    }
  },
};
