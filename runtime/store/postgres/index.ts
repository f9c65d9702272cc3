// vedc/postgres: postgresStore(), instances that outlive the machine they run
// on, and replica(), one of several processes driving them. The tables are in
// schema.ts, a journal under its lease in journal.ts (its one-statement
// commits in commit.ts), the inbox between replicas in inbox.ts, and replicas
// in replica.ts.
import pg from "pg";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { CorruptStoreError, InstanceLockedError } from "../../errors.js";
import type { Journal, StateOf, Store } from "../../api.js";
import * as inbox from "./inbox.js";
import type { InboxMessage } from "./inbox.js";
import { PostgresJournal, release } from "./journal.js";
import { query } from "./connection.js";
import { commitStatements } from "./commit.js";
import { migrate, tables } from "./schema.js";

export { FencedError } from "./journal.js";
export type { InboxMessage } from "./inbox.js";
export { replica, type Replica, type ReplicaOptions, type ReplicaObserveResult } from "./replica.js";
export { readPostgresStore, type PostgresReaderOptions } from "./reader.js";

export interface PostgresStoreOptions {
  /** A connection string, e.g. `postgresql://user@host/db`. Or give `pool`. */
  connectionString?: string;
  /** A pg Pool of your own; the store does not end it. */
  pool?: pg.Pool;
  /** The schema the store's tables live in. Default "vedc". */
  schema?: string;
  /**
   * Milliseconds a lease lasts without renewal: the failover bound. Default
   * 10,000. Also how long the store rides out a database it cannot reach:
   * statements that may be tried again are, for up to a lease.
   */
  lease?: number;
  /** Names this process as an owner. Default: host, pid and a random suffix. */
  owner?: string;
}

export interface PostgresStore extends Store {
  readonly owner: string;
  readonly lease: number;
  readonly pool: pg.Pool;
  /** Creates or migrates the tables; done on first use anyway. */
  migrate(): Promise<void>;
  /** Instances of `domain` no live replica drives: ids whose lease ran out, or that never had an owner. */
  orphans(domain: string): Promise<string[]>;
  /** Distinct owners holding a live lease, this one included when it holds any. */
  owners(): Promise<string[]>;
  /** Sends an observation to whichever replica drives the instance. */
  send(id: string, patch: StateOf, options?: { version?: number; key?: string }): Promise<void>;
  /**
   * Calls `fn(id)` when an observation is sent to an instance; resolves once
   * listening, with a function that stops. The connection is made again when
   * it drops; `reconnected` is called then (what was sent meanwhile woke no
   * one), and `error` with what went wrong.
   */
  listen(fn: (id: string) => void, hooks?: { reconnected?: () => void; error?: (error: Error) => void }): Promise<() => Promise<void>>;
  /** The observations waiting in an instance's inbox, oldest first. */
  inbox(id: string): Promise<InboxMessage[]>;
  /** The ids among `ids` with observations waiting in their inbox. */
  inboxWaiting(ids: string[]): Promise<string[]>;
  /** Removes inbox messages once they are applied. */
  ackInbox(rows: number[]): Promise<void>;
  /** Ends the store's own pool. */
  close(): Promise<void>;
}

export function postgresStore(options: PostgresStoreOptions = {}): PostgresStore {
  if (!options.pool && !options.connectionString) throw new TypeError("postgresStore needs a connectionString or a pool");
  const lease = options.lease ?? 10_000;
  if (!Number.isFinite(lease) || lease < 100) throw new RangeError(`lease must be at least 100 ms, got ${lease}`);
  // keepAlive and a connect timeout: a server that vanished without closing its sockets is noticed, and retried, within the lease.
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 10, keepAlive: true, connectionTimeoutMillis: Math.min(5_000, Math.ceil(lease / 2)) });
  const ownsPool = !options.pool;
  // An idle connection the server drops (a restart, a failover) is replaced on the next query: its error is not fatal, in our pool or yours.
  pool.on("error", () => {});
  const db = tables(pool, options.schema ?? "vedc");
  const { t } = db;
  /** How long a statement that may be retried is, from now. */
  const within = () => Date.now() + lease;
  const statements = commitStatements(t);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let migrated: Promise<void> | null = null;
  const migrateOnce = () =>
    (migrated ??= migrate(db, within()).catch((error) => {
      migrated = null;
      throw error;
    }));

  return {
    owner,
    lease,
    pool,
    migrate: migrateOnce,
    async open(id: string, domain: string): Promise<Journal> {
      await migrateOnce();
      const until = within();
      await query(pool, `INSERT INTO ${t("instances")} (id, domain) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, domain], until, true);
      // Taking the lease is not idempotent (it bumps the fence): only connecting is retried.
      const sent = Date.now();
      const claimed = await query(
        pool,
        `UPDATE ${t("instances")} SET owner = $2, fence = fence + 1, lease_until = now() + make_interval(secs => $3::double precision / 1000)
         WHERE id = $1 AND (owner IS NULL OR lease_until < now())
         RETURNING fence, domain, seq, state, ticks, last_version, version_spent`,
        [id, owner, lease],
        until,
        false,
      );
      if (claimed.rowCount === 0) {
        const holder = (await query(pool, `SELECT owner FROM ${t("instances")} WHERE id = $1`, [id], until, true)).rows[0]?.owner;
        throw new InstanceLockedError(id, `replica ${holder}`);
      }
      const row = claimed.rows[0];
      if (row.domain !== domain) {
        await release(pool, t, id, owner, Number(row.fence));
        throw new CorruptStoreError(`${db.schema}.instances '${id}'`, `this instance belongs to domain '${row.domain}', not '${domain}'`);
      }
      return new PostgresJournal(pool, t, statements, id, owner, Number(row.fence), lease, sent, row);
    },
    async orphans(domain: string) {
      await migrateOnce();
      const r = await pool.query(`SELECT id FROM ${t("instances")} WHERE domain = $1 AND (owner IS NULL OR lease_until < now()) ORDER BY id`, [domain]);
      return r.rows.map((x) => x.id as string);
    },
    async owners() {
      await migrateOnce();
      const r = await pool.query(`SELECT DISTINCT owner FROM ${t("instances")} WHERE owner IS NOT NULL AND lease_until > now() ORDER BY owner`);
      return r.rows.map((x) => x.owner as string);
    },
    async send(id, patch, opts = {}) {
      await migrateOnce();
      await inbox.send(db, id, patch, opts, within());
    },
    async listen(fn, hooks = {}) {
      await migrateOnce();
      return inbox.listen(db, { notified: fn, reconnected: hooks.reconnected ?? (() => {}), error: hooks.error ?? (() => {}) });
    },
    inbox: (id) => inbox.messages(db, id, within()),
    inboxWaiting: (ids) => inbox.waiting(db, ids, within()),
    ackInbox: (rows) => inbox.remove(db, rows, within()),
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
