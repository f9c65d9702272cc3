// Writing what a command produces: all of a command's files or none of them,
// and a failure is one clear line naming the path, never a raw errno.
//
// Each file is written beside its destination under a temporary name first;
// only when every one is complete are they renamed into place. A full disk,
// a read-only folder or a directory where a file should go then leaves the
// old files as they were (a source `vedc fmt --write` was rewriting is never
// left half-written), and nothing new half-written behind.
import { chmod, mkdir, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fsReason, UserError } from "./io.js";

export async function writeFiles(files: [path: string, data: string | Uint8Array][]): Promise<void> {
  const staged: [tmp: string, final: string, path: string][] = [];
  try {
    for (const [path, text] of files) {
      const final = await destination(path);
      const tmp = join(dirname(final), `.${basename(final)}.vedc-${process.pid}.tmp`);
      staged.push([tmp, final, path]);
      // The new text goes beside the file first: its folder must take a new file, which a permission may forbid.
      await attempt(path, () => writeFile(tmp, text), dirname(path));
      // A rewritten file keeps its permissions.
      const mode = await stat(final).then((s) => s.mode, () => null);
      if (mode !== null) await attempt(path, () => chmod(tmp, mode));
    }
    for (const [tmp, final, path] of staged) await attempt(path, () => rename(tmp, final));
  } finally {
    await Promise.all(staged.map(([tmp]) => rm(tmp, { force: true }).catch(() => {})));
  }
}

/**
 * Creates an output folder and those above it, or says in one line why it
 * cannot be one. One level at a time, so the error is the real one (a
 * recursive mkdir reports a read-only file system as a missing folder).
 */
export async function makeOutputDir(dir: string): Promise<void> {
  const refuse = (why: string) => new UserError(`cannot write to ${dir}: ${why}`);
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    let s;
    try {
      s = await stat(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw refuse(fsReason(e));
    }
    if (s?.isDirectory()) break;
    if (s) throw refuse(`${d === resolve(dir) ? "it is" : `${d} is`} a file, not a directory`);
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw refuse(fsReason(e));
    }
  }
}

/** Where `path` really is: a symlink is written through, not replaced. */
async function destination(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** Runs a file operation for `path`; `folder`, when given, is named if a permission stops it. */
async function attempt(path: string, action: () => Promise<unknown>, folder?: string): Promise<void> {
  try {
    await action();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const where = folder !== undefined && (code === "EACCES" || code === "EPERM") ? ` (writing beside it, in ${folder})` : "";
    throw new UserError(`cannot write ${path}: ${fsReason(e)}${where}`);
  }
}
