// A file store read without owning it. Nothing here writes, locks or
// creates: the folders are listed, each snapshot and journal is read through
// recovery.ts (which never writes; a torn tail is only reported), and each
// LOCK is read to say who holds the instance. A live controller may be
// appending meanwhile (a half-written last line reads as a torn tail, which
// holds nothing acknowledged) or replacing its snapshot (a folder read in the
// middle of that looks damaged for a moment): such a read is tried again
// before the instance is reported as damaged.
import { join } from "node:path";
import type { JournalRecord } from "../api.js";
import { CorruptStoreError, StoreIOError } from "../errors.js";
import { errnoOf, nodeFileSystem, type StoreFileSystem } from "./file-system.js";
import { folderName } from "./file.js";
import { lockHolder } from "./lock.js";
import { StoreReadError, Tally, type StoredInstance, type StoredOwner, type StoreReader } from "./reader.js";
import { holdsInstance, recoverFolder } from "./recovery.js";
import { sleep } from "../timers.js";

/** Reads tried again while a live owner replaces its snapshot. */
const TRIES = 5;

export function readFileStore(dir: string, fs: StoreFileSystem = nodeFileSystem): StoreReader {
  return {
    where: dir,
    async list() {
      const names = await folders(fs, dir);
      const read = await Promise.all(names.map((name) => readFolder(fs, dir, name, false)));
      return read.filter((i): i is StoredInstance => i !== null).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    read: (id) => readFolder(fs, dir, folderName(id), true),
    async close() {},
  };
}

/**
 * The ids of the instances a file store holds, without reading their
 * journals (but for an id too long to name its folder, read from the
 * folder): what a controller resumes when it starts.
 */
export async function storedIds(dir: string, fs: StoreFileSystem = nodeFileSystem): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return []; // A store not used yet: created on first use.
    throw new StoreReadError(`cannot list the file store in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const ids: string[] = [];
  for (const name of names.sort()) {
    let inside: string[];
    try {
      inside = await fs.readdir(join(dir, name));
    } catch (error) {
      if (errnoOf(error) === "ENOTDIR") continue; // A file beside the folders: not an instance.
      throw new StoreReadError(`cannot list ${join(dir, name)}: ${(error as Error).message}`, { cause: error });
    }
    if (!holdsInstance(inside)) continue;
    const id = idOf(name);
    ids.push(id !== name || folderName(name) === name ? id : ((await readFolder(fs, dir, name, false))?.id ?? name));
  }
  return ids;
}

/** The store's instance folders; refuses a store folder that is not there. */
async function folders(fs: StoreFileSystem, dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    const code = errnoOf(error);
    const why = code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "it is a file, not a folder" : (error as Error).message;
    throw new StoreReadError(`cannot read the file store in ${dir}: ${why}`, { cause: error });
  }
}

/** One instance's folder, or null when it is not one (no snapshot, no journal: nothing committed yet, or not vedc's). */
async function readFolder(fs: StoreFileSystem, dir: string, name: string, keep: boolean): Promise<StoredInstance | null> {
  const folder = join(dir, name);
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes(errnoOf(error))) return null;
    return unreadable(name, null, `${folder}: listing the folder failed: ${(error as Error).message}`);
  }
  if (!holdsInstance(names)) return null;
  const owner = await ownerOf(fs, folder);
  for (let attempt = 1; ; attempt++) {
    const records: JournalRecord[] = [];
    const tally = new Tally();
    try {
      const found = await recoverFolder(fs, folder, null, null, (r) => {
        tally.visit(r);
        if (keep) records.push(r);
      });
      const id = found.id ?? idOf(name);
      return {
        id,
        domain: found.domain ?? "?",
        image: found.image,
        problem: found.image === null ? "the folder holds no instance yet" : null,
        records,
        firstKept: records[0]?.seq ?? (found.image ? found.image.seq + 1 : 1),
        base: found.snapshot,
        lastChange: tally.lastChange,
        failedEffects: tally.failedEffects,
        owner,
      };
    } catch (error) {
      const racing = error instanceof CorruptStoreError || (error instanceof StoreIOError && error.errno === "ENOENT");
      if (racing && attempt < TRIES) {
        await sleep(20 * attempt);
        continue;
      }
      return unreadable(name, owner, (error as Error).message);
    }
  }
}

function unreadable(name: string, owner: StoredOwner | null, problem: string): StoredInstance {
  return { id: idOf(name), domain: "?", image: null, problem, records: [], firstKept: 1, base: null, lastChange: null, failedEffects: 0, owner };
}

/** The id a folder is named for, when its name is not a shortened one (those are named by their snapshot or first record). */
function idOf(name: string): string {
  try {
    const id = decodeURIComponent(name);
    if (folderName(id) === name) return id;
  } catch {
    // Not an encoded id: a shortened name, or a folder vedc did not make; shown as it is.
  }
  return name;
}

async function ownerOf(fs: StoreFileSystem, folder: string): Promise<StoredOwner | null> {
  const held = await lockHolder(fs, folder);
  if (held === null) return null;
  const name = held.owner ? `pid ${held.owner.pid} on ${held.owner.host}` : "an unreadable LOCK";
  return held.verdict.alive ? { name, live: true } : { name: `${name} (gone: ${held.verdict.why})`, live: false };
}
