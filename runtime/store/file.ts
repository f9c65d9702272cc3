// fileStore(dir): the embedded store for a real deployment, on one machine.
//
// Each instance has a folder holding
//   LOCK                 its owner (lock.ts); a second owner is refused
//   snapshot             the image at some record, and the journal that follows it
//   journal-<seq>.log    records after it, one checksummed line per commit (codec.ts)
// A commit appends one line to the newest journal and datasyncs once, so
// every change in a batch shares one fsync (the instance batches while the
// previous commit is in flight: group commit). A commit is acknowledged only
// once every byte of its line is written and datasynced; if any step fails,
// the journal is cut back to its last good length before the failure is
// reported, so a failed commit's records never come back after a restart.
//
// Every SNAPSHOT_EVERY records the image is written as a new snapshot and
// older journals are deleted. The journal stays authoritative: a snapshot
// that cannot be written is reported (the instance's 'error' event) and
// tried again SNAPSHOT_EVERY records later, and the commit it followed
// stands. Recovery (recovery.ts) reads the snapshot and the journals after
// it; it cuts off a torn tail and refuses anything else.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { applyRecord, cloneImage, emptyImage } from "../image.js";
import type { Image, Journal, JournalRecord, Store } from "../api.js";
import type { StoreIOError } from "../errors.js";
import { loneSurrogate } from "../text.js";
import { encodeLine } from "./codec.js";
import { closingOnError, ioError, nodeFileSystem, syncFolder, writeAll, writeFileDurably, type StoreFile, type StoreFileSystem } from "./file-system.js";
import { takeLock, type HeldLock } from "./lock.js";
import { recoverFolder, segmentName, type Snapshot } from "./recovery.js";

export const SNAPSHOT_EVERY = 5_000;

export interface FileStoreOptions {
  /** Records between snapshots. Default 5,000. */
  snapshotEvery?: number;
}

export function fileStore(dir: string, options: FileStoreOptions = {}): Store {
  return fileStoreOn(nodeFileSystem, dir, options);
}

/** A file store doing its file operations through `fs`: how the tests inject faults. Not exported from the runtime. */
export function fileStoreOn(fs: StoreFileSystem, dir: string, options: FileStoreOptions = {}): Store {
  const snapshotEvery = options.snapshotEvery ?? SNAPSHOT_EVERY;
  if (!Number.isSafeInteger(snapshotEvery) || snapshotEvery < 1) throw new RangeError(`fileStore: snapshotEvery must be a whole number >= 1, got ${String(snapshotEvery)}`);
  return {
    async open(id: string, domain: string): Promise<Journal> {
      const folder = join(dir, folderName(id));
      try {
        await fs.mkdir(folder);
      } catch (error) {
        throw ioError(folder, "creating the instance's folder", error);
      }
      const lock = await takeLock(fs, folder, id);
      try {
        return await FileJournal.open(fs, folder, id, domain, snapshotEvery, lock);
      } catch (error) {
        await lock.release();
        throw error;
      }
    },
  };
}

/** A folder name for any id: no separators, no `.` or `..`, not too long. Refuses an id that is not valid Unicode. */
export function folderName(id: string): string {
  const bad = loneSurrogate(id);
  if (bad >= 0) throw new TypeError(`instance id ${JSON.stringify(id)} is not valid Unicode text (a lone surrogate at index ${bad}), so it cannot name a folder`);
  const safe = encodeURIComponent(id).replace(/\./g, "%2E").replace(/\*/g, "%2A");
  return safe.length <= 120 ? safe : `${safe.slice(0, 80)}~${createHash("sha256").update(id).digest("hex").slice(0, 32)}`;
}

class FileJournal implements Journal {
  /** The image as committed: what the next snapshot will hold. */
  private image: Image | null = null;
  /** The newest journal, which commits append to, and its length up to the end of its last good line. */
  private segment: { path: string; file: StoreFile; length: number } | null = null;
  /** Journals before the newest: deleted once a snapshot covers them. */
  private older: string[] = [];
  private sinceSnapshot = 0;
  private closed = false;
  /** Set once a commit has failed: the journal takes no more. */
  private failed: Error | null = null;
  private readonly troubleListeners: ((error: Error) => void)[] = [];

  private constructor(
    private readonly fs: StoreFileSystem,
    private readonly folder: string,
    private readonly id: string,
    private readonly domain: string,
    private readonly snapshotEvery: number,
    private readonly lock: HeldLock,
  ) {}

  static async open(fs: StoreFileSystem, folder: string, id: string, domain: string, snapshotEvery: number, lock: HeldLock): Promise<FileJournal> {
    const journal = new FileJournal(fs, folder, id, domain, snapshotEvery, lock);
    const { image, segments, tail } = await recoverFolder(fs, folder, id, domain);
    journal.image = image;
    const newest = segments.at(-1);
    if (newest !== undefined && tail !== null) {
      const path = join(folder, newest);
      journal.older = segments.slice(0, -1).map((name) => join(folder, name));
      let file: StoreFile;
      try {
        file = await fs.open(path, "a");
      } catch (error) {
        throw ioError(path, "opening the journal", error);
      }
      journal.segment = { path, file, length: tail.goodLength };
      if (tail.torn) {
        // A crash cut the last append short: nothing after the last whole line was ever acknowledged.
        try {
          await closingOnError(file, async () => {
            await file.truncate(tail.goodLength);
            await file.datasync();
          });
        } catch (error) {
          throw ioError(path, "cutting off the torn last line", error);
        }
      }
    }
    return journal;
  }

  async recover(): Promise<Image | null> {
    return this.image && cloneImage(this.image);
  }

  onTrouble(listener: (error: Error) => void): void {
    this.troubleListeners.push(listener);
  }

  async commit(records: JournalRecord[]): Promise<void> {
    if (this.closed) throw new Error(`the journal in ${this.folder} is closed`);
    if (this.failed) throw this.failed;
    if (records.length === 0) return;
    if (!this.segment) {
      try {
        this.segment = await this.createSegment(records[0].seq);
      } catch (error) {
        throw (this.failed = ioError(join(this.folder, segmentName(records[0].seq)), "creating the journal", error, "the commit was not applied", "not applied"));
      }
    }
    // One line for the whole commit: a torn commit is cut off whole.
    const line = Buffer.from(encodeLine(records));
    const segment = this.segment;
    let step = "writing";
    try {
      await writeAll(segment.file, line);
      step = "syncing";
      await segment.file.datasync();
    } catch (error) {
      throw (this.failed = await this.cutBack(segment, step, error));
    }
    segment.length += line.length;
    for (const r of records) {
      if (!this.image) this.image = emptyImage({});
      applyRecord(this.image, r);
    }
    this.sinceSnapshot += records.length;
    if (this.sinceSnapshot >= this.snapshotEvery) await this.snapshot();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Every commit is already datasynced: a failed close loses nothing.
    await this.segment?.file.close().catch(() => {});
    await this.lock.release();
  }

  /** After a failed write or sync: cuts the journal back to its last good line, so the failed commit can never reappear. */
  private async cutBack(segment: { path: string; file: StoreFile; length: number }, step: string, cause: unknown): Promise<StoreIOError> {
    try {
      await segment.file.truncate(segment.length);
      await segment.file.datasync();
    } catch (second) {
      return ioError(segment.path, `${step} a commit`, cause, `then cutting the journal back failed too (${(second as Error)?.message ?? String(second)}), so whether this commit survives a restart is unknown`, "unknown");
    }
    return ioError(segment.path, `${step} a commit`, cause, "the commit was not applied (the journal was cut back to its last good line)", "not applied");
  }

  private async createSegment(start: number): Promise<{ path: string; file: StoreFile; length: number }> {
    const path = join(this.folder, segmentName(start));
    const file = await this.fs.open(path, "wx");
    try {
      await syncFolder(this.fs, this.folder);
    } catch (error) {
      // Its name may not be durable: never append to it. The error thrown is the sync's; an empty
      // journal left behind holds no record, and recovery reads it as such.
      await file.close().catch(() => {});
      await this.fs.unlink(path).catch(() => {});
      throw error;
    }
    return { path, file, length: 0 };
  }

  /**
   * Writes the image as the snapshot, then deletes the journals it covers.
   * First a new journal starts (the one the snapshot names), so the records
   * after the image always have a home; then the snapshot is written whole
   * and renamed into place; only then are older journals deleted. A failure
   * at any step leaves every record in a journal: it is reported and the
   * next snapshot is tried snapshotEvery records later.
   */
  private async snapshot(): Promise<void> {
    this.sinceSnapshot = 0;
    const image = this.image!;
    const snapshotPath = join(this.folder, "snapshot");
    let step = "starting the journal after the snapshot";
    try {
      const next = await this.createSegment(image.seq + 1);
      const previous = this.segment!;
      this.segment = next;
      this.older.push(previous.path);
      // Everything in it is datasynced: a failed close loses nothing.
      await previous.file.close().catch(() => {});
      step = "writing the snapshot";
      const snapshot: Snapshot = { format: 2, id: this.id, domain: this.domain, image, journal: segmentName(image.seq + 1) };
      const tmp = `${snapshotPath}.tmp`;
      await writeFileDurably(this.fs, tmp, Buffer.from(encodeLine(snapshot)));
      await this.fs.rename(tmp, snapshotPath);
      await syncFolder(this.fs, this.folder);
      step = "deleting the journals the snapshot covers";
      while (this.older.length > 0) {
        await this.fs.unlink(this.older[0]);
        this.older.shift();
      }
      await syncFolder(this.fs, this.folder);
    } catch (error) {
      const trouble = ioError(snapshotPath, step, error, `the journal still holds every record, and the next snapshot is tried after ${this.snapshotEvery} more`);
      for (const listener of this.troubleListeners) listener(trouble);
    }
  }
}
