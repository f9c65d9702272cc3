// Which observations an instance drops before applying them: one whose key
// was seen among the last KEY_MEMORY applied is a duplicate; one whose
// version is below the last applied version is stale, and so is one at that
// version once an effect's outcome has changed the state since (the effect
// changed the world after that version: a report of it, arriving late, would
// undo what the outcome told). Only applied observations and outcomes count,
// and the filter is rebuilt from a store's image, so it survives a restart.
import type { Image } from "./api.js";
import { KEY_MEMORY, remember } from "./image.js";

export type DropReason = "duplicate" | "stale";

export interface ObservationIdentity {
  key?: string | undefined;
  version?: number | undefined;
}

export class ObservationFilter {
  private lastVersion: number | null;
  /** An outcome changed the state after the observation at lastVersion. */
  private spent: boolean;
  /** Oldest first, as the image keeps them; the set answers "seen?" at once. */
  private readonly keys: string[];
  private readonly seen: Set<string>;

  constructor(from: Pick<Image, "keys" | "lastVersion" | "versionSpent"> = { keys: [], lastVersion: null }) {
    this.lastVersion = from.lastVersion;
    this.spent = from.versionSpent ?? false;
    this.keys = [...from.keys];
    this.seen = new Set(this.keys);
  }

  /** Why an observation is dropped (a duplicate before a stale one), or null when it is to be applied. */
  verdict({ key, version }: ObservationIdentity): DropReason | null {
    if (key !== undefined && this.seen.has(key)) return "duplicate";
    if (version !== undefined && this.lastVersion !== null && (version < this.lastVersion || (version === this.lastVersion && this.spent))) return "stale";
    return null;
  }

  /** Counts an observation that was applied: its version is now the last, its key remembered. */
  applied({ key, version }: ObservationIdentity): void {
    if (version !== undefined) {
      this.lastVersion = version;
      this.spent = false;
    }
    if (key === undefined) return;
    // The keys `remember` is about to forget leave the set too.
    for (const old of this.keys.slice(0, Math.max(0, this.keys.length + 1 - KEY_MEMORY))) this.seen.delete(old);
    remember(this.keys, key);
    this.seen.add(key);
  }

  /** Counts an effect outcome that changed the state: a report at the last version is now older than what is known. */
  outcome(): void {
    if (this.lastVersion !== null) this.spent = true;
  }
}
