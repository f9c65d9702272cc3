// Reading an instance folder back: the snapshot, then every journal after it.
// Nothing here writes: damage of any kind is refused with CorruptStoreError
// naming the file and line, and the folder is left exactly as it was. The
// one thing recovery may repair, a torn tail on the newest journal, is
// reported to the caller, which cuts it off only once everything has been
// read and found sound.
import { join } from "node:path";
import { CorruptStoreError } from "../errors.js";
import { applyRecord, emptyImage } from "../image.js";
import type { Image, JournalRecord } from "../api.js";
import { decodeLine, decodeLog } from "./codec.js";
import { errnoOf, ioError, type StoreFileSystem } from "./file-system.js";

/**
 * What a snapshot file holds. Format 2 names the instance and the journal
 * that holds the records after the image, so a snapshot of another instance,
 * or one whose following journal was deleted, is refused; format 1 (older
 * vedc) is read without those checks.
 */
export interface Snapshot {
  format: 2;
  id: string;
  domain: string;
  image: Image;
  journal: string;
}

const SEGMENT = /^journal-(\d{12})\.log$/;

/** Whether a folder with these entries holds an instance: a snapshot or a journal (a LOCK alone is an instance opened and never committed). */
export function holdsInstance(names: readonly string[]): boolean {
  return names.some((n) => n === "snapshot" || SEGMENT.test(n));
}

export function segmentName(start: number): string {
  return `journal-${String(start).padStart(12, "0")}.log`;
}

export interface Recovered {
  image: Image | null;
  /** The domain and id the folder says it holds (the id only when a snapshot or the first record names it). */
  domain: string | null;
  id: string | null;
  /** With `visit`: the snapshot's image as read, before any journal (null without a snapshot). */
  snapshot: Image | null;
  /** Every journal file, oldest first. */
  segments: string[];
  /** The newest journal's length without its torn tail, and whether it has one. */
  tail: { goodLength: number; torn: boolean } | null;
}

/**
 * Reads the folder of instance `id` of `domain`; a reader that does not know
 * them yet (vedc inspect) passes null and is told what the folder says.
 * `visit` sees every record read, in order, those the snapshot covers too.
 */
export async function recoverFolder(fs: StoreFileSystem, folder: string, id: string | null, domain: string | null, visit?: (record: JournalRecord) => void): Promise<Recovered> {
  const snapshotPath = join(folder, "snapshot");
  const snapshot = readSnapshot(await readIfExists(fs, snapshotPath), snapshotPath, id, domain);
  let image = snapshot?.image ?? null;
  let found = { domain: snapshot?.domain ?? null, id: snapshot?.id ?? null };
  const base = visit && image ? structuredClone(image) : null;
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    throw ioError(folder, "listing the instance's folder", error);
  }
  const segments = names.filter((n) => SEGMENT.test(n)).sort();
  if (snapshot?.journal !== undefined && !segments.includes(snapshot.journal)) {
    throw new CorruptStoreError(snapshotPath, `the snapshot holds records up to ${snapshot.image.seq} and says ${snapshot.journal} holds the ones after them, but ${snapshot.journal} is missing`);
  }
  let tail: Recovered["tail"] = null;
  for (const [i, name] of segments.entries()) {
    const path = join(folder, name);
    const bytes = await readIfExists(fs, path);
    if (bytes === null) throw new CorruptStoreError(path, "the journal vanished while it was being read");
    const log = decodeLog<JournalRecord>(bytes, path, (p, d) => new CorruptStoreError(p, d));
    const last = i === segments.length - 1;
    if (log.torn && !last) throw new CorruptStoreError(path, "a journal other than the newest ends in a torn line");
    for (const r of log.records) {
      visit?.(r);
      if (r.t === "init" && image === null) {
        if (r.domain !== undefined && domain !== null && r.domain !== domain) throw new CorruptStoreError(path, `this instance belongs to domain '${r.domain}', not '${domain}'`);
        found = { domain: r.domain ?? null, id: r.id ?? null };
        image = emptyImage({});
        applyRecord(image, r);
        continue;
      }
      if (image === null) throw new CorruptStoreError(path, `record ${r.seq} comes before the instance's first record`);
      if (r.seq <= image.seq) continue; // already in the snapshot
      if (r.seq !== image.seq + 1 || r.t === "init") throw new CorruptStoreError(path, `record ${image.seq + 1} is missing (found ${r.t} record ${r.seq})`);
      applyRecord(image, r);
    }
    if (last) tail = { goodLength: log.goodLength, torn: log.torn };
  }
  return { image, segments, tail, ...found, snapshot: base };
}

/** The snapshot in `bytes`, checked against the instance it is read for; null when there is none. */
function readSnapshot(bytes: Buffer | null, path: string, id: string | null, domain: string | null): (Omit<Snapshot, "format" | "journal" | "id"> & { journal?: string; id?: string }) | null {
  if (bytes === null) return null;
  const text = bytes.toString("utf8");
  const value = text.endsWith("\n") && text.indexOf("\n") === text.length - 1 ? (decodeLine(text.slice(0, -1)) as Partial<Snapshot> | { format: 1 } | undefined) : undefined;
  if (!value || typeof value !== "object" || (value.format !== 1 && value.format !== 2)) throw new CorruptStoreError(path, "the snapshot is damaged (its checksum does not match, or it is not one whole line)");
  const s = value as Partial<Snapshot>;
  if (!isImage(s.image)) throw new CorruptStoreError(path, "the snapshot holds no instance image");
  if (typeof s.domain !== "string") throw new CorruptStoreError(path, "the snapshot names no domain");
  if (domain !== null && s.domain !== domain) throw new CorruptStoreError(path, `this instance belongs to domain '${s.domain}', not '${domain}'`);
  if (value.format === 1) return { domain: s.domain, image: s.image };
  if (id !== null && s.id !== id) throw new CorruptStoreError(path, `this is the snapshot of instance '${String(s.id)}', not '${id}'`);
  if (typeof s.journal !== "string" || !SEGMENT.test(s.journal)) throw new CorruptStoreError(path, "the snapshot does not say which journal follows it");
  return { domain: s.domain, image: s.image, journal: s.journal, id: s.id };
}

/** The contents of a file, or null when there is none. */
async function readIfExists(fs: StoreFileSystem, path: string): Promise<Buffer | null> {
  try {
    const bytes = await fs.readFile(path);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return null;
    throw ioError(path, "reading", error);
  }
}

function isImage(value: unknown): value is Image {
  const i = value as Image | null;
  return typeof i === "object" && i !== null && Number.isSafeInteger(i.seq) && typeof i.state === "object" && i.state !== null && Number.isSafeInteger(i.ticks) && Array.isArray(i.outbox) && Array.isArray(i.keys);
}
