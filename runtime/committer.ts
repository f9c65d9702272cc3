// Group commit for one instance. Changes go into an open batch; one batch is
// committed at a time, and while it is in flight the next one fills, so many
// changes share one write (and one fsync). What waits on a batch — an
// observation's acknowledgement, the effects its transitions called — is
// released only once the batch is durable.
//
// While the instance is in a burst of work that waits on nothing (taking in an
// observation, then the transitions it causes), it holds the committer: what
// it records goes into the open batch, and the commit starts when it lets go,
// so an observation and its transitions share one commit instead of taking two.
import type { Journal, JournalRecord, OutboxEntry } from "./api.js";

/** Someone waiting for a record to be durable. */
export interface Ack {
  ok(): void;
  fail(error: Error): void;
}

interface Batch {
  records: JournalRecord[];
  acks: Ack[];
  /** Effects dispatched once the batch is durable. */
  effects: OutboxEntry[];
}

export interface CommitHooks {
  /** A batch is durable: dispatch its effects. */
  durable(effects: OutboxEntry[]): void;
  /** A commit failed: stop the instance; returns the error to give whoever waited. */
  failed(cause: unknown): Error;
  /** Nothing is pending or in flight any more. */
  idle(): void;
}

const empty = (): Batch => ({ records: [], acks: [], effects: [] });

export class Committer {
  /** The open batch; null while nothing is pending, so that an idle instance keeps no empty batch. */
  private open: Batch | null = null;
  private committing: Promise<void> | null = null;
  private holding = false;

  constructor(
    private readonly journal: Journal,
    private readonly hooks: CommitHooks,
  ) {}

  /** Adds a record to the open batch; `ack` is told once it is durable, or that it never will be. */
  record(record: JournalRecord, ack?: Ack, effects?: OutboxEntry[]): void {
    // When it happened, for whoever reads the journal later (vedc inspect, vedc history).
    record.at = Date.now();
    const batch = this.batch();
    batch.records.push(record);
    if (ack) batch.acks.push(ack);
    if (effects && effects.length > 0) batch.effects.push(...effects);
    this.soon();
  }

  /** An acknowledgement that waits for everything recorded before it, with no record of its own. */
  after(ack: Ack): void {
    this.batch().acks.push(ack);
    this.soon();
  }

  /** Until release(), what is recorded waits in the open batch: the caller is in a burst of work that waits on nothing. */
  hold(): void {
    this.holding = true;
  }

  /** The burst is over: commits what it recorded, unless a commit is running (that one starts the next when it ends). */
  release(): void {
    this.holding = false;
    if (!this.committing && this.open !== null) void this.commit();
  }

  busy(): boolean {
    return this.committing !== null || this.open !== null;
  }

  /** Fails everything still waiting and drops the open batch: the instance has stopped acting. */
  abandon(error: Error): void {
    for (const ack of this.open?.acks ?? []) ack.fail(error);
    this.open = null;
  }

  /** Waits until everything recorded so far is durable. */
  async flush(): Promise<void> {
    while (this.busy()) {
      // Its failure is the instance's to report (hooks.failed), and is: here it is only waited for.
      if (this.committing) await this.committing.catch(() => {});
      else await this.commit();
    }
  }

  /** Starts a commit unless one is running or the committer is held; the running one starts the next when it ends, release() the held one. */
  private soon(): void {
    if (!this.committing && !this.holding) void this.commit();
  }

  /** The open batch, opened if none is. */
  private batch(): Batch {
    return (this.open ??= empty());
  }

  private async commit(): Promise<void> {
    const batch = this.open ?? empty();
    this.open = null;
    const done = this.journal.commit(batch.records);
    this.committing = done;
    try {
      await done;
    } catch (cause) {
      this.committing = null;
      const error = this.hooks.failed(cause);
      for (const ack of batch.acks) ack.fail(error);
      return;
    }
    this.committing = null;
    for (const ack of batch.acks) ack.ok();
    this.hooks.durable(batch.effects);
    if (this.open === null) this.hooks.idle();
    else if (!this.holding) void this.commit();
  }
}
