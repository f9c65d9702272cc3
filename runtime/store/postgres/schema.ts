// The store's tables, in one schema, created and migrated on first use:
//   instances     one row per instance: its image (state, ticks, last version
//                 and whether it is spent, seq), and who drives it: owner,
//                 fence, lease_until
//   journal       every record, by (id, seq)
//   outbox        effects committed and not yet finished
//   observed_keys keys of applied observations, for dropping duplicates
//   inbox         observations sent to an instance another replica drives
import pg from "pg";
import { retrying, transaction } from "./connection.js";

export const SCHEMA_VERSION = 2;

/** Where the store's tables are: the pool, and each table's quoted, schema-qualified name. */
export interface Tables {
  readonly pool: pg.Pool;
  /** The quoted schema name. */
  readonly schema: string;
  /** A table's quoted, schema-qualified name. */
  t(name: string): string;
}

export function tables(pool: pg.Pool, schema: string): Tables {
  const quoted = pg.escapeIdentifier(schema);
  return { pool, schema: quoted, t: (name) => `${quoted}.${pg.escapeIdentifier(name)}` };
}

/** Creates the tables, or brings them up to this version; one migrator at a time across every process. Retried (it is idempotent) while the database is unreachable, until `until`. */
export async function migrate(db: Tables, until = 0): Promise<void> {
  const { schema, t } = db;
  await retrying(() => transaction(db.pool, async (c) => {
    await c.query("SELECT pg_advisory_xact_lock(hashtext('vedc.migrate'))");
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${t("meta")} (key text PRIMARY KEY, value text NOT NULL)`);
    const version = Number((await c.query(`SELECT value FROM ${t("meta")} WHERE key = 'schema_version'`)).rows[0]?.value ?? 0);
    if (version > SCHEMA_VERSION) throw new Error(`the tables in ${schema} are from a newer vedc (schema ${version}); upgrade vedc`);
    if (version < 1) {
      await c.query(`CREATE TABLE ${t("instances")} (
        id text PRIMARY KEY, domain text NOT NULL, seq bigint NOT NULL DEFAULT 0,
        state jsonb, ticks bigint NOT NULL DEFAULT 0, last_version double precision,
        owner text, fence bigint NOT NULL DEFAULT 0, lease_until timestamptz)`);
      await c.query(`CREATE TABLE ${t("journal")} (id text NOT NULL, seq bigint NOT NULL, record jsonb NOT NULL, PRIMARY KEY (id, seq))`);
      await c.query(`CREATE TABLE ${t("outbox")} (id text NOT NULL, key text NOT NULL, seq bigint NOT NULL, entry jsonb NOT NULL, PRIMARY KEY (id, key))`);
      await c.query(`CREATE TABLE ${t("observed_keys")} (id text NOT NULL, key text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (id, key))`);
      await c.query(`CREATE INDEX ON ${t("observed_keys")} (id, seq)`);
      await c.query(`CREATE TABLE ${t("inbox")} (row bigserial PRIMARY KEY, id text NOT NULL, patch jsonb NOT NULL, version double precision, key text)`);
      await c.query(`CREATE INDEX ON ${t("inbox")} (id, row)`);
    }
    if (version < 2) {
      // Whether an outcome has changed the state since the observation at last_version (Image.versionSpent).
      await c.query(`ALTER TABLE ${t("instances")} ADD COLUMN IF NOT EXISTS version_spent boolean NOT NULL DEFAULT false`);
    }
    if (version < SCHEMA_VERSION) {
      await c.query(`INSERT INTO ${t("meta")} (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = $1`, [String(SCHEMA_VERSION)]);
    }
  }), until);
}
