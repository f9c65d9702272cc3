// fileStore(dir): the embedded store for a real deployment, on one machine.
//
// Each instance has a folder holding
//   LOCK                 the owner's pid; a second owner is refused
//   snapshot             the image at some sequence number (written whole, then renamed)
//   journal-<seq>.log    records after it, one checksummed line per commit
// A commit appends its records to the current journal and fsyncs once, so
// every change in a batch shares one fsync (the instance batches while the
// previous commit is in flight: group commit). Every SNAPSHOT_EVERY records
// the image is written as a new snapshot and older journals are deleted.
// Recovery reads the snapshot and the journals after it; a torn last commit
// is cut off whole, anything worse is refused with CorruptStoreError.
import { mkdir, open, readFile, readdir, rename, rm, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { CorruptStoreError, InstanceLockedError } from "../errors.js";
import { applyRecord, cloneImage, emptyImage } from "../image.js";
import type { Image, Journal, JournalRecord, Store } from "../api.js";
import { decodeLine, decodeLog, encodeLine } from "./codec.js";

export const SNAPSHOT_EVERY = 5_000;

export interface FileStoreOptions {
  /** Records between snapshots. Default 5,000. */
  snapshotEvery?: number;
}

export function fileStore(dir: string, options: FileStoreOptions = {}): Store {
  const snapshotEvery = options.snapshotEvery ?? SNAPSHOT_EVERY;
  return {
    async open(id: string, domain: string): Promise<Journal> {
      const folder = join(dir, folderName(id));
      await mkdir(folder, { recursive: true });
      await lock(folder, id);
      try {
        return await FileJournal.open(folder, domain, snapshotEvery);
      } catch (error) {
        await unlink(join(folder, "LOCK")).catch(() => {});
        throw error;
      }
    },
  };
}

/** A folder name for any id: no separators, no `.` or `..`, not too long. */
export function folderName(id: string): string {
  const safe = encodeURIComponent(id).replace(/\./g, "%2E").replace(/\*/g, "%2A");
  return safe.length <= 120 ? safe : `${safe.slice(0, 80)}~${createHash("sha256").update(id).digest("hex").slice(0, 32)}`;
}

// ---- ownership ------------------------------------------------------------------

const heldHere = new Set<string>();

/** Takes the folder's LOCK, or refuses when a live process holds it. A dead owner's lock is taken over. */
async function lock(folder: string, id: string): Promise<void> {
  if (heldHere.has(folder)) throw new InstanceLockedError(id, "this process");
  const path = join(folder, "LOCK");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(`${process.pid} ${hostname()}\n`);
      await handle.sync();
      await handle.close();
      heldHere.add(folder);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const [pid, host] = (await readFile(path, "utf8").catch(() => "")).trim().split(" ");
    if (host === hostname() && Number(pid) > 0 && !alive(Number(pid))) {
      // The owner died (killed, crashed) without unlocking: its lock is stale.
      await rename(path, `${path}.stale-${process.pid}`).catch(() => {});
      await rm(`${path}.stale-${process.pid}`, { force: true });
      continue;
    }
    throw new InstanceLockedError(id, pid ? `process ${pid}${host && host !== hostname() ? ` on ${host}` : ""}` : "another process");
  }
  throw new InstanceLockedError(id, "another process");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// ---- the journal ----------------------------------------------------------------

interface Snapshot {
  format: 1;
  domain: string;
  image: Image;
}

class FileJournal implements Journal {
  /** The image as committed: what the next snapshot will hold. */
  private image: Image | null = null;
  private handle: FileHandle | null = null;
  private sinceSnapshot = 0;
  private closed = false;

  private constructor(
    private readonly folder: string,
    private readonly domain: string,
    private readonly snapshotEvery: number,
  ) {}

  static async open(folder: string, domain: string, snapshotEvery: number): Promise<FileJournal> {
    const journal = new FileJournal(folder, domain, snapshotEvery);
    await journal.load();
    return journal;
  }

  async recover(): Promise<Image | null> {
    return this.image && cloneImage(this.image);
  }

  async commit(records: JournalRecord[]): Promise<void> {
    if (this.closed) throw new Error(`the journal in ${this.folder} is closed`);
    if (records.length === 0) return;
    if (!this.handle) this.handle = await this.newSegment(records[0].seq);
    // One line for the whole commit: a torn commit is cut off whole.
    await this.handle.write(encodeLine(records));
    await this.handle.datasync();
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
    await this.handle?.close();
    heldHere.delete(this.folder);
    await unlink(join(this.folder, "LOCK")).catch(() => {});
  }

  /** Reads the snapshot and the journals after it; cuts off a torn tail. */
  private async load(): Promise<void> {
    const snapshotPath = join(this.folder, "snapshot");
    const snapshotText = await readFile(snapshotPath, "utf8").catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e)));
    if (snapshotText !== null) {
      const snapshot = decodeLine(snapshotText.replace(/\n$/, "")) as Snapshot | undefined;
      if (!snapshot || snapshot.format !== 1) throw new CorruptStoreError(snapshotPath, "the snapshot is damaged");
      this.checkDomain(snapshot.domain, snapshotPath);
      this.image = snapshot.image;
    }
    const segments = await this.segments();
    for (const [i, segment] of segments.entries()) {
      const path = join(this.folder, segment.name);
      const log = decodeLog<JournalRecord>(await readFile(path), path, (p, d) => new CorruptStoreError(p, d));
      const last = i === segments.length - 1;
      if (log.torn && !last) throw new CorruptStoreError(path, "a journal other than the newest ends in a damaged record");
      for (const r of log.records) {
        if (r.t === "init") {
          this.checkDomain((r as JournalRecord & { domain?: string }).domain, path);
          this.image = emptyImage({});
          applyRecord(this.image, r);
          continue;
        }
        if (!this.image) throw new CorruptStoreError(path, `record ${r.seq} comes before the instance's first record`);
        if (r.seq <= this.image.seq) continue;
        if (r.seq !== this.image.seq + 1) throw new CorruptStoreError(path, `record ${this.image.seq + 1} is missing (found ${r.seq})`);
        applyRecord(this.image, r);
      }
      if (last) {
        this.handle = await open(path, "r+");
        if (log.torn) {
          // A crash cut the last write short: nothing after the last whole record was ever acknowledged.
          await this.handle.truncate(log.goodLength);
          await this.handle.sync();
        }
        await this.handle.close();
        this.handle = await open(path, "a");
      }
    }
  }

  private checkDomain(found: string | undefined, path: string): void {
    if (found !== undefined && found !== this.domain) {
      throw new CorruptStoreError(path, `this instance belongs to domain '${found}', not '${this.domain}'`);
    }
  }

  private async segments(): Promise<{ name: string; start: number }[]> {
    const names = await readdir(this.folder);
    return names
      .map((name) => ({ name, m: /^journal-(\d+)\.log$/.exec(name) }))
      .filter((x) => x.m)
      .map((x) => ({ name: x.name, start: Number(x.m![1]) }))
      .sort((a, b) => a.start - b.start);
  }

  private async newSegment(start: number): Promise<FileHandle> {
    const handle = await open(join(this.folder, `journal-${String(start).padStart(12, "0")}.log`), "a");
    await syncFolder(this.folder);
    return handle;
  }

  /** Writes the image as the snapshot, then starts a new journal and deletes the old ones. */
  private async snapshot(): Promise<void> {
    const image = this.image!;
    const path = join(this.folder, "snapshot");
    const snapshot: Snapshot = { format: 1, domain: this.domain, image };
    const tmp = `${path}.tmp`;
    await writeFile(tmp, encodeLine(snapshot));
    const h = await open(tmp, "r+");
    await h.sync();
    await h.close();
    await rename(tmp, path);
    await syncFolder(this.folder);
    const old = await this.segments();
    await this.handle?.close();
    this.handle = await this.newSegment(image.seq + 1);
    for (const s of old) await unlink(join(this.folder, s.name));
    this.sinceSnapshot = 0;
  }
}

/** Makes a folder's entries (a new or renamed file) durable. */
async function syncFolder(folder: string): Promise<void> {
  const h = await open(folder, "r");
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
