// One owner per instance folder, always: the LOCK file.
//
// Taking the lock. The owner's record (owner.ts: pid, host, boot id, start
// time, PID namespace, and a random token) is written whole to a temporary
// file, then link()ed to LOCK. link() fails if LOCK exists, so creating the
// lock is atomic and a LOCK is never seen half-written.
//
// Taking over a stale lock (its owner is gone). Only the holder of a claim
// may replace a stale LOCK: the claim is `LOCK.claim-<key of that LOCK>`,
// created by the same exclusive link(), so among any number of contenders
// exactly one wins it. The winner reads LOCK again — still the stale one? —
// and rename()s its own record over it. Nothing else ever replaces or removes
// a LOCK whose owner is gone, so between that second read and the rename no
// one can change it. A claim whose holder died is itself taken over the same
// way (`LOCK.claim-<key of that claim>`), so a contender killed mid-takeover
// blocks no one.
//
// An unreadable LOCK (empty, garbage, pid 0 or -1: an older vedc killed
// between creating the file and writing its pid, or a damaged file) is stale
// once it is UNREADABLE_GRACE_MS old by its mtime; younger, it may still be
// being written, and is refused.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { InstanceLockedError } from "../errors.js";
import { judge, thisProcess, type Owner, type Verdict } from "./owner.js";
import { errnoOf, ioError, writeFileDurably, type StoreFileSystem } from "./file-system.js";

export const UNREADABLE_GRACE_MS = 5_000;
/** Claims of dead claimants stepped over, at most: each one is a contender killed in the middle of a takeover. */
const MAX_CLAIMS = 16;

export interface HeldLock {
  /** Removes LOCK if it is still this owner's. */
  release(): Promise<void>;
}

// Both kept once per process, not per copy of this module: an app may load several bundles, each with its runtime.
const shared = ((globalThis as { [key: symbol]: unknown })[Symbol.for("vedc.fileStore.locks")] ??= { held: new Set<string>(), abandoned: new Set<string>() }) as { held: Set<string>; abandoned: Set<string> };
/** Folders whose lock this process holds (or is taking): a second open here is refused without touching the disk. */
const heldHere = shared.held;
/** Tokens of locks this process released but could not delete: stale, whatever their pid says. */
const abandoned = shared.abandoned;

interface LockFile {
  /** Names this version of the file in claims: its token, or its inode and mtime for an unreadable one. */
  key: string;
  token?: string;
  owner: Owner | null;
  mtimeMs: number;
}

/** Takes the folder's lock, or throws InstanceLockedError naming the live owner. */
export async function takeLock(fs: StoreFileSystem, folder: string, id: string): Promise<HeldLock> {
  if (heldHere.has(folder)) throw new InstanceLockedError(id, "this process");
  heldHere.add(folder);
  try {
    const { procIsOurs: _, ...owner } = await thisProcess();
    const token = randomUUID();
    const mine = join(folder, `LOCK.${token}.tmp`);
    try {
      await writeFileDurably(fs, mine, Buffer.from(`${JSON.stringify({ ...owner, token })}\n`), "wx", false);
    } catch (error) {
      throw ioError(mine, "writing the lock", error);
    }
    try {
      await acquire(fs, folder, id, mine, token);
    } catch (error) {
      // Whatever of ours could not be removed (a claim, the temporary file) is litter from now on, for this process too.
      abandoned.add(token);
      throw error;
    } finally {
      // A temporary file left behind is litter that names a token no LOCK holds: swept later, harmless meanwhile.
      await fs.unlink(mine).catch(() => {});
    }
    await sweep(fs, folder);
    return { release: () => release(fs, folder, token) };
  } catch (error) {
    heldHere.delete(folder);
    throw error;
  }
}

async function acquire(fs: StoreFileSystem, folder: string, id: string, mine: string, token: string): Promise<void> {
  const path = join(folder, "LOCK");
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      await fs.link(mine, path);
      return;
    } catch (error) {
      if (errnoOf(error) !== "EEXIST") throw ioError(path, "creating the lock", error);
    }
    const current = await readLock(fs, path);
    if (current === null) continue; // released meanwhile: try again
    const verdict = await verdictOn(current);
    if (verdict.alive) throw new InstanceLockedError(id, verdict.holder);
    if (await replace(fs, folder, current, mine, token, id)) return;
  }
  throw new InstanceLockedError(id, "another process (the lock kept changing hands while this one tried to take it)");
}

/** Replaces the stale `stale` LOCK with ours, if we win the claim on it. False when it changed meanwhile. */
async function replace(fs: StoreFileSystem, folder: string, stale: LockFile, mine: string, token: string, id: string): Promise<boolean> {
  const made: string[] = [];
  const dead: string[] = [];
  let replaced = false;
  try {
    if (!(await claim(fs, folder, stale.key, mine, token, id, made, dead))) return false;
    const path = join(folder, "LOCK");
    const now = await readLock(fs, path);
    if (now === null || now.key !== stale.key) return false;
    try {
      await fs.rename(mine, path);
    } catch (error) {
      throw ioError(path, "taking over the lock", error);
    }
    replaced = true;
    return true;
  } finally {
    // Our claims; and, once LOCK is ours, the claims of dead contenders on the lock we replaced (no one can use them now).
    for (const name of replaced ? [...made, ...dead] : made) await fs.unlink(name).catch(() => {});
  }
}

/** Wins the claim on the file with `key`, stepping over dead claimants; throws when a live one holds it. */
async function claim(fs: StoreFileSystem, folder: string, key: string, mine: string, token: string, id: string, made: string[], dead: string[]): Promise<boolean> {
  for (;;) {
    const path = join(folder, `LOCK.claim-${key}`);
    try {
      await fs.link(mine, path);
      made.push(path);
      return true;
    } catch (error) {
      if (errnoOf(error) !== "EEXIST") throw ioError(path, "claiming the lock", error);
    }
    const holder = await readLock(fs, path);
    if (holder === null) return false; // its holder finished or gave up: look at LOCK again
    if (holder.token === token) {
      made.push(path);
      return true;
    }
    const verdict = await verdictOn(holder);
    if (verdict.alive) throw new InstanceLockedError(id, `${verdict.holder}, which is taking it over from an owner that is gone`);
    if (dead.length >= MAX_CLAIMS) throw new InstanceLockedError(id, `another process: ${MAX_CLAIMS} contenders died while taking its lock over; remove the LOCK.claim-* files in ${folder} if no process uses it`);
    dead.push(path);
    key = holder.key;
  }
}

/** Removes LOCK if it is still ours; if that fails, this process treats it as stale from now on. */
async function release(fs: StoreFileSystem, folder: string, token: string): Promise<void> {
  try {
    const path = join(folder, "LOCK");
    // A LOCK that cannot be read is not known to be ours: left alone, and our token counted as stale (below).
    const current = await readLock(fs, path).catch(() => null);
    if (current?.token !== token) {
      abandoned.add(token);
      return;
    }
    await fs.unlink(path).catch(() => abandoned.add(token));
  } finally {
    heldHere.delete(folder);
  }
}

/** Removes what contenders killed mid-way left behind: their temporary files and claims, once their writers are gone. */
async function sweep(fs: StoreFileSystem, folder: string): Promise<void> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith("LOCK.")) continue;
    const path = join(folder, name);
    // Sweeping is tidying only: a claim that cannot be read or removed now is swept by a later owner.
    const file = await readLock(fs, path).catch(() => null);
    if (file !== null && !(await verdictOn(file)).alive) await fs.unlink(path).catch(() => {});
  }
}

async function verdictOn(file: LockFile): Promise<Verdict> {
  if (file.token !== undefined && abandoned.has(file.token)) return { alive: false, why: "this process released it" };
  if (file.owner !== null) return judge(file.owner);
  const age = Date.now() - file.mtimeMs;
  if (age >= UNREADABLE_GRACE_MS) return { alive: false, why: `it is unreadable and ${Math.round(age / 1000)} s old` };
  return { alive: true, holder: `another process: its LOCK is unreadable (empty, or not a lock) and only ${Math.max(0, Math.round(age))} ms old, so it may still be being written; it is taken over once it is ${UNREADABLE_GRACE_MS / 1000} s old` };
}

/** Reads a lock (or claim) file: null when there is none. */
async function readLock(fs: StoreFileSystem, path: string): Promise<LockFile | null> {
  let handle;
  try {
    handle = await fs.open(path, "r");
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return null;
    throw ioError(path, "reading the lock", error);
  }
  try {
    const { ino, mtimeMs } = await handle.stat();
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const { owner, token } = parseLock(buffer.toString("utf8", 0, bytesRead));
    return { key: token ?? `i${ino}-${Math.floor(mtimeMs)}`, token, owner, mtimeMs };
  } catch (error) {
    throw ioError(path, "reading the lock", error);
  } finally {
    // A read-only handle: closing it cannot lose anything.
    await handle.close().catch(() => {});
  }
}

/** A lock's owner: this version's JSON record, or an older vedc's `<pid> <host>`; null for anything else. */
function parseLock(text: string): { owner: Owner | null; token?: string } {
  const legacy = /^(\d+) (\S+)\n?$/.exec(text);
  if (legacy) return { owner: Number(legacy[1]) > 0 ? { pid: Number(legacy[1]), host: legacy[2] } : null };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: an unreadable lock, which the caller judges by its age (UNREADABLE_GRACE_MS).
    return { owner: null };
  }
  if (typeof value !== "object" || value === null) return { owner: null };
  const token = typeof value.token === "string" && /^[0-9a-f-]{36}$/.test(value.token) ? value.token : undefined;
  const { pid, host, boot, start, pidns } = value;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || typeof host !== "string" || host === "") return { owner: null, token };
  const owner: Owner = { pid: pid as number, host };
  if (typeof boot === "string") owner.boot = boot;
  if (typeof start === "string") owner.start = start;
  if (typeof pidns === "string") owner.pidns = pidns;
  return { owner, token };
}

/**
 * Who holds the folder's lock, read without changing anything (for vedc
 * inspect): null when there is no LOCK; else the owner it names, if it names
 * one, and whether that owner still runs.
 */
export async function lockHolder(fs: StoreFileSystem, folder: string): Promise<{ owner: Owner | null; verdict: Verdict } | null> {
  const file = await readLock(fs, join(folder, "LOCK"));
  return file === null ? null : { owner: file.owner, verdict: await verdictOn(file) };
}
