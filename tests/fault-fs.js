// A fault-injecting file system for the file store, the way SQLite tests its
// I/O: every call the store makes (open, read, write, datasync, sync,
// truncate, close, rename, link, unlink, mkdir, readdir) is counted and
// labelled with the file it touches, and `decide(n, call)` may turn the n-th
// call into a failure (ENOSPC, EIO, EACCES…), a short write, or a stop of the
// whole process (for the crash tests, which then SIGKILL it).
import { writeSync } from "node:fs";
import { basename } from "node:path";
import { nodeFileSystem } from "../lib/runtime/store/file-system.js";

/** What a call touches, without the random parts: "journal", "snapshot.tmp", "LOCK", "LOCK.tmp", "LOCK.claim", "folder". */
export function kindOf(path) {
  const name = basename(path);
  if (name.startsWith("journal-")) return "journal";
  if (name.startsWith("LOCK.claim-")) return "LOCK.claim";
  if (name.startsWith("LOCK.") && name.endsWith(".tmp")) return "LOCK.tmp";
  if (name === "LOCK" || name === "snapshot" || name === "snapshot.tmp") return name;
  return "folder";
}

function injected(code, call) {
  return Object.assign(new Error(`${code}: injected fault, ${call.op} '${call.path}'`), { code, syscall: call.op, path: call.path });
}

/** Stops this process at once (SIGSTOP), after saying where on stdout; the parent kills it. */
function stopHere(call) {
  writeSync(1, `stopped at ${call.n} ${call.op} ${kindOf(call.path)}\n`);
  process.kill(process.pid, "SIGSTOP");
}

/**
 * A file system that counts calls into `calls` ({ n, op, path, site }) and
 * asks `decide(call)` what to do with each: undefined (do it), an errno
 * string (fail with it), "short" (a write of half the bytes), or
 * "stop-before" / "stop-after" / "stop-torn" (stop the process before the
 * call, after it, or in the middle of a write). `jitter` pauses up to that
 * many ms before every call.
 */
export function faultyFs(decide = () => undefined, { base = nodeFileSystem, jitter = 0 } = {}) {
  const calls = [];
  const through = async (op, path, run, write, flags) => {
    const call = { n: calls.length + 1, op, path, flags, site: `${op} ${kindOf(path)}` };
    calls.push(call);
    // A random pause before each call (up to `jitter` ms) widens every race window between processes.
    if (jitter > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * jitter));
    const action = decide(call);
    if (action === undefined) return run();
    if (action === "stop-before") stopHere(call);
    if (action === "stop-after") {
      const result = await run();
      stopHere(call);
      return result;
    }
    if (action === "short" || action === "stop-torn") {
      if (!write) return run();
      const result = await write();
      if (action === "stop-torn") stopHere(call);
      return result;
    }
    if (typeof action === "string" && /^E[A-Z]+$/.test(action)) {
      // A close that fails still releases the descriptor (as close(2) does on Linux).
      if (op === "close") await run().catch(() => {});
      throw injected(action, call);
    }
    return run();
  };
  const wrapFile = (file, path) => ({
    write: (buffer, offset, length) =>
      through("write", path, () => file.write(buffer, offset, length), length > 1 ? () => file.write(buffer, offset, Math.floor(length / 2)) : undefined),
    read: (buffer, offset, length, position) => through("read", path, () => file.read(buffer, offset, length, position)),
    stat: () => through("stat", path, () => file.stat()),
    truncate: (length) => through("truncate", path, () => file.truncate(length)),
    datasync: () => through("datasync", path, () => file.datasync()),
    sync: () => through("sync", path, () => file.sync()),
    close: () => through("close", path, () => file.close()),
  });
  const fs = {
    open: async (path, flags) => wrapFile(await through("open", path, () => base.open(path, flags), undefined, flags), path),
    readFile: (path) => through("read", path, () => base.readFile(path)),
    rename: (from, to) => through("rename", to, () => base.rename(from, to)),
    link: (existing, path) => through("link", path, () => base.link(existing, path)),
    unlink: (path) => through("unlink", path, () => base.unlink(path)),
    mkdir: (path) => through("mkdir", path, () => base.mkdir(path)),
    readdir: (path) => through("readdir", path, () => base.readdir(path)),
  };
  return { fs, calls };
}

/** Whether a full disk refuses `call`: whatever may allocate space (a write, a new file or name). Reading, truncating, renaming and deleting still work. */
export function allocates(call) {
  return call.op === "write" || call.op === "link" || call.op === "mkdir" || (call.op === "open" && /[wx]/.test(call.flags));
}
