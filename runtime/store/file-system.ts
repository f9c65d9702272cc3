// The file operations a file store performs, as one small interface that the
// store takes (by default node:fs/promises). Everything the journal, the
// snapshot and the lock do to the disk goes through it, so the tests can fail
// any single call — a short write, ENOSPC, EIO, EACCES — or stop the process
// at it, at every call site, the way SQLite's tests do. Internal: not part of
// the public fileStore() options.
import * as fsp from "node:fs/promises";
import { StoreIOError } from "../errors.js";

export interface StoreFile {
  /** Writes at the file's position (append mode: its end); may write fewer bytes than asked. */
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number; mtimeMs: number; ino: number }>;
  truncate(length: number): Promise<void>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreFileSystem {
  /** `flags` as node:fs takes them: "r", "a", "w", "wx", "r+". */
  open(path: string, flags: string): Promise<StoreFile>;
  readFile(path: string): Promise<Uint8Array>;
  rename(from: string, to: string): Promise<void>;
  /** Creates `path` as a second name of `existing`; fails with EEXIST when `path` exists: an atomic exclusive create. */
  link(existing: string, path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Creates the folder and its parents; nothing when it exists. */
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

export const nodeFileSystem: StoreFileSystem = {
  open: (path, flags) => fsp.open(path, flags),
  readFile: (path) => fsp.readFile(path),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, path) => fsp.link(existing, path),
  unlink: (path) => fsp.unlink(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true });
  },
  readdir: (path) => fsp.readdir(path),
};

/** The system's code of a failed call (ENOSPC, EIO…), or a word for an error that has none. */
export function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : "an error";
}

/** A StoreIOError for a failed call on `path`, keeping the system's message. */
export function ioError(path: string, operation: string, cause: unknown, detail = "", outcome: StoreIOError["outcome"] = null): StoreIOError {
  const errno = errnoOf(cause);
  const said = (cause as Error | undefined)?.message ?? String(cause);
  const message = said.startsWith(errno) ? said : `${errno}: ${said}`;
  return new StoreIOError(path, operation, errno, detail ? `${message}; ${detail}` : message, outcome, { cause });
}

/**
 * Writes every byte of `data`, looping on short writes (a disk filling up
 * writes part of a buffer and says so). A write that makes no progress
 * fails: the bytes never silently go missing.
 */
export async function writeAll(file: StoreFile, data: Uint8Array): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done);
    if (!(bytesWritten > 0)) throw Object.assign(new Error(`a write of ${data.length - done} bytes wrote nothing`), { code: "EIO" });
    done += bytesWritten;
  }
}

/** Makes a folder's entries (a new, renamed or deleted file) durable. */
export async function syncFolder(fs: StoreFileSystem, folder: string): Promise<void> {
  const handle = await fs.open(folder, "r");
  await closingOnError(handle, () => handle.sync());
  await handle.close();
}

/** Writes a new file whole and durably: created, written, synced, closed. */
export async function writeFileDurably(fs: StoreFileSystem, path: string, data: Uint8Array, flags = "w", sync = true): Promise<void> {
  const handle = await fs.open(path, flags);
  await closingOnError(handle, async () => {
    await writeAll(handle, data);
    if (sync) await handle.sync();
  });
  await handle.close();
}

/** Runs `work`; if it fails, closes the file (ignoring a second error) and rethrows the first. */
export async function closingOnError(file: StoreFile, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await file.close().catch(() => {});
    throw error;
  }
}
