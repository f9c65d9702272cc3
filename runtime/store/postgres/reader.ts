// A PostgreSQL store read without owning it: plain SELECTs, on connections
// that are read-only (default_transaction_read_only), so that no statement
// here could write even by mistake. No lease is taken, no row locked, no
// fence bumped: a live replica goes on as if no one looked.
import pg from "pg";
import type { Image, JournalRecord, OutboxEntry, StateOf } from "../../api.js";
import { StoreReadError, type StoredInstance, type StoreReader } from "../reader.js";
import { tables } from "./schema.js";

export interface PostgresReaderOptions {
  connectionString: string;
  /** The schema the store's tables live in. Default "vedc". */
  schema?: string;
}

interface Row {
  id: string;
  domain: string;
  seq: string;
  state: StateOf | null;
  ticks: string;
  last_version: number | null;
  version_spent: boolean;
  owner: string | null;
  fence: string;
  lease_until: number | null;
  live: boolean | null;
  last_change: number | null;
  failed: number;
}

export function readPostgresStore(options: PostgresReaderOptions): StoreReader {
  const schema = options.schema ?? "vedc";
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2, options: "-c default_transaction_read_only=on", connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops is replaced on the next query; the query that needs it reports the failure.
  pool.on("error", () => {});
  const { t } = tables(pool, schema);
  const where = `${describe(options.connectionString)}, schema ${schema}`;
  let checked: Promise<void> | null = null;

  const run = async (text: string, values: unknown[] = []): Promise<pg.QueryResult> => {
    checked ??= present();
    await checked;
    return pool.query(text, values);
  };

  /** Refuses, in words, a database that cannot be reached or holds no vedc store. */
  const present = async (): Promise<void> => {
    let found: string | null;
    try {
      found = (await pool.query("SELECT to_regclass($1) AS t", [`${pg.escapeIdentifier(schema)}.instances`])).rows[0].t;
    } catch (error) {
      checked = null;
      throw new StoreReadError(`cannot read the PostgreSQL store at ${where}: ${(error as Error).message}`, { cause: error });
    }
    if (found === null) throw new StoreReadError(`there is no vedc store at ${where}: no table ${schema}.instances (a controller creates it on first use)`);
  };

  const columns = `i.id, i.domain, i.seq, i.state, i.ticks, i.last_version, i.version_spent, i.owner, i.fence,
      extract(epoch from i.lease_until) * 1000 AS lease_until, i.lease_until > now() AS live,
      (SELECT (j.record->>'at')::float8 FROM ${t("journal")} j WHERE j.id = i.id AND j.seq = i.seq) AS last_change,
      (SELECT count(*) FROM ${t("journal")} j WHERE j.id = i.id AND j.record->>'t' = 'effect' AND j.record->>'outcome' = 'failed')::int AS failed`;

  return {
    where,
    async list() {
      const rows = (await run(`SELECT ${columns} FROM ${t("instances")} i ORDER BY i.id COLLATE "C"`)).rows as Row[];
      const outboxes = new Map<string, OutboxEntry[]>();
      for (const r of (await run(`SELECT id, entry FROM ${t("outbox")} ORDER BY id, seq, key`)).rows) {
        const list = outboxes.get(r.id) ?? [];
        list.push(r.entry);
        outboxes.set(r.id, list);
      }
      return rows.map((row) => instanceOf(row, outboxes.get(row.id) ?? [], []));
    },
    async read(id) {
      const row = (await run(`SELECT ${columns} FROM ${t("instances")} i WHERE i.id = $1`, [id])).rows[0] as Row | undefined;
      if (!row) return null;
      const outbox = (await run(`SELECT entry FROM ${t("outbox")} WHERE id = $1 ORDER BY seq, key`, [id])).rows.map((r) => r.entry as OutboxEntry);
      const records = (await run(`SELECT record FROM ${t("journal")} WHERE id = $1 ORDER BY seq`, [id])).rows;
      return instanceOf(row, outbox, records.map((r) => r.record as JournalRecord));
    },
    close: () => pool.end(),
  };
}

function instanceOf(row: Row, outbox: OutboxEntry[], records: JournalRecord[]): StoredInstance {
  const image: Image | null = row.state === null ? null : { seq: Number(row.seq), state: row.state, ticks: Number(row.ticks), outbox, lastVersion: row.last_version, versionSpent: row.version_spent, keys: [] };
  return {
    id: row.id,
    domain: row.domain,
    image,
    problem: image === null ? "no commit yet: a replica opened it and has written nothing" : null,
    records,
    firstKept: records[0]?.seq ?? 1,
    base: null,
    lastChange: row.last_change,
    failedEffects: row.failed,
    owner: row.owner === null ? null : { name: row.owner, live: row.live === true, leaseUntil: row.lease_until === null ? null : Number(row.lease_until), fence: Number(row.fence) },
  };
}

/** The server and database a connection string names, without its password. */
function describe(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    // Not a URL (a keyword connection string): said without repeating it, since it may hold a password.
    return "the database its connection string names";
  }
}
