// What a store holds, read without owning it: for `vedc inspect`, `vedc
// history` and `vedc console`, which run beside a live controller. A reader
// takes no lock and no lease and writes nothing; what it returns is the
// instance as last committed.
import type { Image, JournalRecord } from "../api.js";
import { VedError } from "../errors.js";

/** The store itself cannot be read: no such folder, no database there, no vedc tables in it. */
export class StoreReadError extends VedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("VED_STORE_READ", message, options);
    this.name = "StoreReadError";
  }
}

export interface StoredOwner {
  /** The process (file store) or replica (PostgreSQL) that holds the instance, in words. */
  name: string;
  /** Whether it still holds it: its process runs, or its lease has not run out. */
  live: boolean;
  /** PostgreSQL: when the lease runs out (ms since the epoch), and the fencing token. */
  leaseUntil?: number | null;
  fence?: number;
}

export interface StoredInstance {
  id: string;
  domain: string;
  /** The instance as last committed; null when it could not be read (see `problem`). */
  image: Image | null;
  /** Why it could not be read: damage, or an I/O error. */
  problem: string | null;
  /** The records the store still keeps, oldest first, when asked for (`read`); a file store keeps those after its last snapshot. */
  records: JournalRecord[];
  /** The number of the oldest record kept: those before it are folded into a snapshot. */
  firstKept: number;
  /** With `records`: the instance before the oldest record kept (a snapshot's image), or null when they start at its first record. */
  base: Image | null;
  /** When the instance last changed, in ms since the epoch, when its records say. */
  lastChange: number | null;
  /** Effects given up on (after their last attempt), among the records kept. */
  failedEffects: number;
  /** Who holds it; null when no one does. */
  owner: StoredOwner | null;
}

export interface StoreReader {
  /** Where the store is, in words: its folder, or its database and schema. */
  readonly where: string;
  /** Every instance, without its records. */
  list(): Promise<StoredInstance[]>;
  /** One instance with every record the store keeps; null when the store has no such instance. */
  read(id: string): Promise<StoredInstance | null>;
  close(): Promise<void>;
}

/** Counts, record by record, when an instance last changed and how many effects were given up on. */
export class Tally {
  lastChange: number | null = null;
  failedEffects = 0;

  visit(r: JournalRecord): void {
    if (typeof r.at === "number") this.lastChange = r.at;
    if (r.t === "effect" && r.outcome === "failed") this.failedEffects++;
  }
}
