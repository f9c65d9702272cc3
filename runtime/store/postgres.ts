// postgresStore(): instances that outlive the machine they run on.
//
// Tables (in `schema`, created and migrated on first use):
//   instances     one row per instance: its image (state, ticks, last version,
//                 seq), and who drives it: owner, fence, lease_until
//   journal       every record, by (id, seq)
//   outbox        effects committed and not yet finished
//   observed_keys keys of applied observations, for dropping duplicates
//   inbox         observations sent to an instance another replica drives
//
// Ownership is a lease with a fencing token. Opening an instance takes its
// row (when free, or its lease expired) and bumps `fence`; every commit is one
// transaction that first updates the row WHERE owner and fence are still ours
// and the lease has not run out, so a writer that lost its lease — frozen,
// partitioned, slow — fails instead of overwriting. The owner renews the lease
// at a third of its length, and counts it lost at its own deadline (measured
// from before the renewal was sent), before the database would let another
// replica take over; a lost lease stops the instance.
import pg from "pg";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { CorruptStoreError, InstanceLockedError, VedError } from "../errors.js";
import { applyRecord, emptyImage, KEY_MEMORY } from "../image.js";
import type { Image, Journal, JournalRecord, OutboxEntry, StateOf, Store } from "../types.js";

export interface PostgresStoreOptions {
  /** A connection string, e.g. `postgresql://user@host/db`. Or give `pool`. */
  connectionString?: string;
  /** A pg Pool of your own; the store does not end it. */
  pool?: pg.Pool;
  /** The schema the store's tables live in. Default "vedc". */
  schema?: string;
  /** Milliseconds a lease lasts without renewal: the failover bound. Default 10,000. */
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
  /** Calls `fn(id)` when an observation is sent to an instance; resolves once listening. */
  listen(fn: (id: string) => void): Promise<() => Promise<void>>;
  /** The observations waiting in an instance's inbox, oldest first. */
  inbox(id: string): Promise<InboxMessage[]>;
  /** Removes inbox messages once they are applied. */
  ackInbox(rows: number[]): Promise<void>;
  /** Ends the store's own pool. */
  close(): Promise<void>;
}

/** An observation sent to an instance through the database. Applied with its key, so applying it twice is harmless. */
export interface InboxMessage {
  row: number;
  patch: StateOf;
  version?: number;
  key: string;
}

/** A commit refused because another replica now owns the instance. */
export class FencedError extends VedError {
  constructor(readonly id: string) {
    super("VED_FENCED", `instance '${id}' is driven by another replica now (its lease ran out); this one may not write`);
    this.name = "FencedError";
  }
}

const SCHEMA_VERSION = 1;

export function postgresStore(options: PostgresStoreOptions = {}): PostgresStore {
  if (!options.pool && !options.connectionString) throw new TypeError("postgresStore needs a connectionString or a pool");
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 10 });
  const ownsPool = !options.pool;
  // An idle connection the server drops (a restart, a failover) is replaced on the next query; its error is not fatal.
  if (ownsPool) pool.on("error", () => {});
  const schema = pg.escapeIdentifier(options.schema ?? "vedc");
  const lease = options.lease ?? 10_000;
  if (!Number.isFinite(lease) || lease < 100) throw new RangeError(`lease must be at least 100 ms, got ${lease}`);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const t = (name: string) => `${schema}.${pg.escapeIdentifier(name)}`;
  let migrated: Promise<void> | null = null;

  const migrate = () =>
    (migrated ??= transaction(pool, async (c) => {
      // One migrator at a time, across every process sharing the database.
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
        await c.query(`INSERT INTO ${t("meta")} (key, value) VALUES ('schema_version', '1') ON CONFLICT (key) DO UPDATE SET value = '1'`);
      }
    }).catch((error) => {
      migrated = null;
      throw error;
    }));

  const store: PostgresStore = {
    owner,
    lease,
    pool,
    migrate,
    async open(id: string, domain: string): Promise<Journal> {
      await migrate();
      await pool.query(`INSERT INTO ${t("instances")} (id, domain) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, domain]);
      const sent = Date.now();
      const claimed = await pool.query(
        `UPDATE ${t("instances")} SET owner = $2, fence = fence + 1, lease_until = now() + make_interval(secs => $3::double precision / 1000)
         WHERE id = $1 AND (owner IS NULL OR lease_until < now())
         RETURNING fence, domain, seq, state, ticks, last_version`,
        [id, owner, lease],
      );
      if (claimed.rowCount === 0) {
        const holder = (await pool.query(`SELECT owner FROM ${t("instances")} WHERE id = $1`, [id])).rows[0]?.owner;
        throw new InstanceLockedError(id, `replica ${holder}`);
      }
      const row = claimed.rows[0];
      if (row.domain !== domain) {
        await release(pool, t, id, owner, Number(row.fence));
        throw new CorruptStoreError(`${schema}.instances '${id}'`, `this instance belongs to domain '${row.domain}', not '${domain}'`);
      }
      return new PostgresJournal(pool, t, id, owner, Number(row.fence), lease, sent, row);
    },
    async orphans(domain: string) {
      await migrate();
      const r = await pool.query(`SELECT id FROM ${t("instances")} WHERE domain = $1 AND (owner IS NULL OR lease_until < now()) ORDER BY id`, [domain]);
      return r.rows.map((x) => x.id as string);
    },
    async owners() {
      await migrate();
      const r = await pool.query(`SELECT DISTINCT owner FROM ${t("instances")} WHERE owner IS NOT NULL AND lease_until > now() ORDER BY owner`);
      return r.rows.map((x) => x.owner as string);
    },
    async send(id, patch, opts = {}) {
      await migrate();
      await transaction(pool, async (c) => {
        await c.query(`INSERT INTO ${t("inbox")} (id, patch, version, key) VALUES ($1, $2, $3, $4)`, [id, JSON.stringify(patch), opts.version ?? null, opts.key ?? null]);
        await c.query("SELECT pg_notify($1, $2)", [channel(schema), id]);
      });
    },
    async listen(fn) {
      await migrate();
      const client = await pool.connect();
      const onNotification = (n: pg.Notification) => n.channel === channel(schema) && n.payload && fn(n.payload);
      client.on("notification", onNotification);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel(schema))}`);
      return async () => {
        client.off("notification", onNotification);
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel(schema))}`).catch(() => {});
        client.release();
      };
    },
    async inbox(id) {
      const r = await pool.query(`SELECT row, patch, version, key FROM ${t("inbox")} WHERE id = $1 ORDER BY row`, [id]);
      return r.rows.map((x) => ({ row: Number(x.row), patch: x.patch, ...(x.version === null ? {} : { version: x.version }), key: x.key ?? `inbox-${x.row}` }));
    },
    async ackInbox(rows) {
      if (rows.length) await pool.query(`DELETE FROM ${t("inbox")} WHERE row = ANY($1::bigint[])`, [rows]);
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
  return store;
}

function channel(schema: string): string {
  return `vedc_inbox_${schema.replace(/\W/g, "")}`;
}

async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const result = await fn(c);
    await c.query("COMMIT");
    return result;
  } catch (error) {
    await c.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    c.release();
  }
}

async function release(pool: pg.Pool, t: (n: string) => string, id: string, owner: string, fence: number): Promise<void> {
  await pool.query(`UPDATE ${t("instances")} SET owner = NULL, lease_until = NULL WHERE id = $1 AND owner = $2 AND fence = $3`, [id, owner, fence]).catch(() => {});
}

class PostgresJournal implements Journal {
  private image: Image | null = null;
  private renewer: ReturnType<typeof setInterval> | null = null;
  /** Our own deadline for the lease, by our clock: past it, we act no more. */
  private deadline: number;
  private lost: Error | null = null;
  private readonly lostListeners: ((error: Error) => void)[] = [];
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly t: (n: string) => string,
    private readonly id: string,
    private readonly owner: string,
    private readonly fence: number,
    private readonly lease: number,
    sent: number,
    private readonly row: { seq: string; state: StateOf | null; ticks: string; last_version: number | null },
  ) {
    this.deadline = sent + lease;
    this.renewer = setInterval(() => void this.renew(), Math.max(50, Math.floor(lease / 3)));
    this.renewer.unref?.();
  }

  async recover(): Promise<Image | null> {
    if (this.row.state === null) return null;
    const [outbox, keys] = await Promise.all([
      this.pool.query(`SELECT entry FROM ${this.t("outbox")} WHERE id = $1 ORDER BY seq, key`, [this.id]),
      this.pool.query(`SELECT key FROM (SELECT key, seq FROM ${this.t("observed_keys")} WHERE id = $1 ORDER BY seq DESC LIMIT ${KEY_MEMORY}) k ORDER BY seq`, [this.id]),
    ]);
    this.image = {
      seq: Number(this.row.seq),
      state: this.row.state,
      ticks: Number(this.row.ticks),
      outbox: outbox.rows.map((r) => r.entry as OutboxEntry),
      lastVersion: this.row.last_version,
      keys: keys.rows.map((r) => r.key as string),
    };
    return structuredClone(this.image);
  }

  /** One transaction: the fenced row update first, then the journal, outbox and keys. */
  async commit(records: JournalRecord[]): Promise<void> {
    this.check();
    if (records.length === 0) return;
    const image = this.image ? structuredClone(this.image) : emptyImage({});
    for (const r of records) applyRecord(image, r);
    const t = this.t;
    await transaction(this.pool, async (c) => {
      const updated = await c.query(
        `UPDATE ${t("instances")} SET seq = $4, state = $5, ticks = $6, last_version = $7
         WHERE id = $1 AND owner = $2 AND fence = $3 AND lease_until > now()`,
        [this.id, this.owner, this.fence, image.seq, JSON.stringify(image.state), image.ticks, image.lastVersion],
      );
      if (updated.rowCount === 0) throw this.fenced();
      await c.query(`INSERT INTO ${t("journal")} (id, seq, record) SELECT $1, (r->>'seq')::bigint, r FROM jsonb_array_elements($2::jsonb) r`, [this.id, JSON.stringify(records)]);
      const added: OutboxEntry[] = [];
      const done: string[] = [];
      const keys: [string, number][] = [];
      for (const r of records) {
        if (r.t === "transition") added.push(...r.effects.map((e) => ({ ...e, seq: r.seq }) as OutboxEntry & { seq: number }));
        else if (r.t === "effect") done.push(r.key);
        else if (r.t === "observe" && r.key !== undefined) keys.push([r.key, r.seq]);
      }
      if (added.length) {
        await c.query(`INSERT INTO ${t("outbox")} (id, key, seq, entry) SELECT $1, e->>'key', (e->>'seq')::bigint, e - 'seq' FROM jsonb_array_elements($2::jsonb) e`, [this.id, JSON.stringify(added)]);
      }
      if (done.length) await c.query(`DELETE FROM ${t("outbox")} WHERE id = $1 AND key = ANY($2::text[])`, [this.id, done]);
      if (keys.length) {
        await c.query(`INSERT INTO ${t("observed_keys")} (id, key, seq) SELECT $1, k, s FROM unnest($2::text[], $3::bigint[]) AS u(k, s) ON CONFLICT DO NOTHING`, [this.id, keys.map((k) => k[0]), keys.map((k) => k[1])]);
        // Only the newest KEY_MEMORY keys are remembered, as in every store.
        await c.query(`DELETE FROM ${t("observed_keys")} WHERE id = $1 AND seq < (SELECT min(seq) FROM (SELECT seq FROM ${t("observed_keys")} WHERE id = $1 ORDER BY seq DESC LIMIT ${KEY_MEMORY}) newest)`, [this.id]);
      }
    });
    this.image = image;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.renewer) clearInterval(this.renewer);
    if (!this.lost) await release(this.pool, this.t, this.id, this.owner, this.fence);
  }

  onLost(listener: (error: Error) => void): void {
    this.lostListeners.push(listener);
  }

  assertOwner(): void {
    this.check();
  }

  /** Throws when the lease is, or may be, lost: nothing may be written or dispatched. */
  private check(): void {
    if (!this.lost && Date.now() >= this.deadline) this.lose(this.fenced());
    if (this.lost) throw this.lost;
  }

  private async renew(): Promise<void> {
    if (this.closed || this.lost) return;
    try {
      if (Date.now() >= this.deadline) return this.lose(this.fenced());
      const sent = Date.now();
      const r = await this.pool.query(
        `UPDATE ${this.t("instances")} SET lease_until = now() + make_interval(secs => $4::double precision / 1000)
         WHERE id = $1 AND owner = $2 AND fence = $3 AND lease_until > now()`,
        [this.id, this.owner, this.fence, this.lease],
      );
      if (r.rowCount === 0) throw this.fenced();
      this.deadline = sent + this.lease;
    } catch (error) {
      // A renewal that fails for a moment is retried; the deadline decides when it is lost.
      if (error instanceof FencedError) this.lose(error);
      else if (Date.now() >= this.deadline) this.lose(this.fenced());
      // Otherwise: a blip; the next renewal tries again.
    }
  }

  private fenced(): FencedError {
    return new FencedError(this.id);
  }

  private lose(error: Error): void {
    if (this.lost) return;
    this.lost = error;
    if (this.renewer) clearInterval(this.renewer);
    for (const l of this.lostListeners) l(error);
  }
}

export { replica, type Replica, type ReplicaOptions, type ReplicaObserveResult } from "../replica.js";
