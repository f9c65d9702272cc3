// One instance's journal on PostgreSQL, held under a lease with a fencing
// token. Opening takes the instance's row and bumps `fence`; every commit is
// one statement that first updates the row WHERE owner and fence are still
// ours and the lease has not run out, so a writer that lost its lease —
// frozen, partitioned, slow — fails instead of overwriting. The owner renews
// the lease at a third of its length, and counts it lost at its own deadline
// (measured from before the renewal was sent), before the database would let
// another replica take over; a lost lease stops the instance. While the
// database cannot be reached, renewals and commits are tried again; the
// lease's deadline bounds that: past it the instance stops, and a replica
// takes it up again once the database is back.
import type pg from "pg";
import { VedError } from "../../errors.js";
import { applyRecord, emptyImage, KEY_MEMORY } from "../../image.js";
import type { Image, Journal, JournalRecord, OutboxEntry, StateOf } from "../../api.js";
import { every, type Timer } from "../../timers.js";
import { isTransient, KeptClient, query, retryAfter } from "./connection.js";
import { commitOf, type Commit, type Statement } from "./commit.js";
import { pendingArray } from "./schema.js";

/** A commit refused because another replica now owns the instance, or may: its lease ran out, or could not be renewed in time. */
export class FencedError extends VedError {
  constructor(
    readonly id: string,
    why = "its lease ran out",
    cause?: unknown,
  ) {
    super("VED_FENCED", `instance '${id}' is driven by another replica now, or may be (${why}); this one may not write`, cause === undefined ? undefined : { cause });
    this.name = "FencedError";
  }
}

/** Lets the lease go. If that fails, the lease runs out by itself within its length: the failover bound holds either way. */
export async function release(pool: pg.Pool, t: (n: string) => string, id: string, owner: string, fence: number): Promise<void> {
  await pool.query(`UPDATE ${t("instances")} SET owner = NULL, lease_until = NULL WHERE id = $1 AND owner = $2 AND fence = $3`, [id, owner, fence]).catch(() => {});
}

export class PostgresJournal implements Journal {
  private image: Image | null = null;
  private renewer: Timer | null = null;
  /** Our own deadline for the lease, by our clock: past it, we act no more. */
  private deadline: number;
  private lost: Error | null = null;
  private readonly lostListeners: ((error: Error) => void)[] = [];
  private readonly renewedListeners: (() => void)[] = [];
  private closed = false;
  /** The connection commits go over, kept between commits that follow one another. */
  private readonly connection: KeptClient;
  /** How long the row's pending records are, in bytes: a commit that would take it past PENDING_BYTES moves them (commit.ts). */
  private pendingBytes: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly t: (n: string) => string,
    /** The commit statement for a commit's parts (commit.ts). */
    private readonly statement: (parts: Commit["parts"]) => Statement,
    private readonly id: string,
    private readonly owner: string,
    private readonly fence: number,
    private readonly lease: number,
    sent: number,
    private readonly row: { seq: string; state: StateOf | null; ticks: string; last_version: number | null; version_spent: boolean; pending_bytes: number },
  ) {
    this.deadline = sent + lease;
    this.pendingBytes = row.pending_bytes;
    this.connection = new KeptClient(pool);
    this.renewer = every(Math.max(50, Math.floor(lease / 3)), () => void this.renew(), { unref: true });
  }

  async recover(): Promise<Image | null> {
    if (this.row.state === null) return null;
    const [outbox, keys, first] = await Promise.all([
      query(this.pool, `SELECT entry FROM ${this.t("outbox")} WHERE id = $1 ORDER BY seq, key`, [this.id], this.deadline, true),
      query(this.pool, `SELECT key FROM (SELECT key, seq FROM ${this.t("observed_keys")} WHERE id = $1 ORDER BY seq DESC LIMIT ${KEY_MEMORY}) k ORDER BY seq`, [this.id], this.deadline, true),
      // The instance's params are in its init record, its first: in the journal's first row, or still in the instance's row.
      query(
        this.pool,
        `SELECT coalesce((SELECT (records->0)::jsonb FROM ${this.t("journal")} WHERE id = $1 ORDER BY seq LIMIT 1), (SELECT ${pendingArray("pending")}->0 FROM ${this.t("instances")} WHERE id = $1)) AS record`,
        [this.id],
        this.deadline,
        true,
      ),
    ]);
    const init = first.rows[0]?.record as JournalRecord | undefined;
    this.image = {
      seq: Number(this.row.seq),
      state: this.row.state,
      ticks: Number(this.row.ticks),
      outbox: outbox.rows.map((r) => r.entry as OutboxEntry),
      lastVersion: this.row.last_version,
      versionSpent: this.row.version_spent,
      keys: keys.rows.map((r) => r.key as string),
      ...(init?.t === "init" && init.params !== undefined ? { params: init.params } : {}),
    };
    return structuredClone(this.image);
  }

  /**
   * One statement (see commit.ts): the fenced row update with the records,
   * and the journal (every so often), outbox and keys only when it held. A commit that fails because the
   * database went away is tried again until the lease's deadline. Trying
   * again is safe even when the failed try did land (the connection dropped
   * after the statement was sent): the row's seq then already is this
   * commit's, and that is taken as done.
   */
  async commit(records: JournalRecord[]): Promise<void> {
    this.check();
    if (records.length === 0) return;
    const image = this.image ?? emptyImage({});
    const from = image.seq;
    // The row's next values. The outbox and keys are not in the row, so they are not copied (the keys run to thousands).
    const next: Image = { ...image, state: { ...image.state }, outbox: [], keys: [] };
    for (const r of records) applyRecord(next, r);
    try {
      // The first try on its own: the retry loop (and its closures) is paid for only once a try has failed.
      await this.write(records, next, from, false);
    } catch (first) {
      try {
        await retryAfter(first, () => this.write(records, next, from, true), this.deadline, () => this.check());
      } catch (error) {
        // Still unreachable as the deadline comes: the lease is as good as lost, and is counted so.
        if (isTransient(error)) this.lose(new FencedError(this.id, `the database could not be reached before its lease ran out: ${(error as Error).message}`, error));
        throw this.lost ?? error;
      }
    }
    for (const r of records) applyRecord(image, r);
    this.image = image;
  }

  private async write(records: JournalRecord[], image: Image, from: number, retry: boolean): Promise<void> {
    const { parts, values, pendingBytes } = commitOf({ id: this.id, owner: this.owner, fence: this.fence }, records, image, from, this.pendingBytes);
    // Neither connecting nor the statement is retried here: commit() retries, checking the lease first, and a try after one that failed learns from the row's seq whether that one landed.
    const { name, text } = this.statement(parts);
    const r = await this.connection.query({ name, text, values }, 0);
    // One row when the fence held; none, and nothing written, when it did not. An earlier try that did land left the row ours and at this commit's seq, and its pending as this try would have.
    if (r.rowCount !== 0 || (retry && (await this.landed(image.seq)))) {
      this.pendingBytes = pendingBytes;
      return;
    }
    throw this.fenced();
  }

  /** Whether an earlier try of this commit landed: the row is still ours and already at its seq. */
  private async landed(seq: number): Promise<boolean> {
    const r = await this.connection.query({ text: `SELECT seq FROM ${this.t("instances")} WHERE id = $1 AND owner = $2 AND fence = $3`, values: [this.id, this.owner, this.fence] }, 0);
    return r.rowCount === 1 && Number(r.rows[0].seq) === seq;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.renewer?.clear();
    this.connection.close();
    if (!this.lost) await release(this.pool, this.t, this.id, this.owner, this.fence);
  }

  onLost(listener: (error: Error) => void): void {
    this.lostListeners.push(listener);
  }

  onRenewed(listener: () => void): void {
    this.renewedListeners.push(listener);
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
      for (const l of this.renewedListeners) l();
    } catch (error) {
      // A renewal that fails for a moment is retried; the deadline decides when it is lost.
      if (error instanceof FencedError) this.lose(error);
      else if (Date.now() >= this.deadline) this.lose(new FencedError(this.id, `the database could not be reached before its lease ran out: ${(error as Error).message}`, error));
      // Otherwise: a blip; the next renewal tries again.
    }
  }

  private fenced(): FencedError {
    return new FencedError(this.id);
  }

  private lose(error: Error): void {
    if (this.lost) return;
    this.lost = error;
    this.renewer?.clear();
    this.connection.close();
    for (const l of this.lostListeners) l(error);
  }
}

