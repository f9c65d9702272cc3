// The disk's own rate, the baseline for the file store: `write` then
// `datasync` of the same bytes, one after another, appended to a fresh file
// in the folder the file store writes in — what the file store does per
// commit, without the store.
import { readFileSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";

/** A side that appends `bytes` (a Buffer) and datasyncs, over and over, for `runMs`; returns how many it made durable. */
export function rawFsync(name, bytes) {
  return {
    name,
    bytes: bytes.length,
    run: async (runMs, dir) => {
      const path = join(dir, `raw-${bytes.length}.log`);
      const handle = await open(path, "a");
      try {
        let fsyncs = 0;
        const start = performance.now();
        do {
          await handle.write(bytes);
          await handle.datasync();
          fsyncs++;
        } while (performance.now() - start < runMs);
        return { fsyncs, ms: performance.now() - start };
      } finally {
        await handle.close();
        await rm(path, { force: true });
      }
    },
  };
}

/** `bytes` long, made of copies of `line` (and a piece of one). */
export function repeat(line, bytes) {
  const one = Buffer.from(line);
  const out = Buffer.alloc(Math.max(1, Math.round(bytes)));
  for (let at = 0; at < out.length; at += one.length) one.copy(out, at);
  return out;
}

/** What a folder is on, as the mount table says (Linux): `ext4 on /dev/vda`. */
export function describeDisk(dir) {
  try {
    const mounts = readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((line) => line.split(" "))
      .filter((fields) => fields.length > 2 && (dir === fields[1] || dir.startsWith(fields[1].endsWith("/") ? fields[1] : `${fields[1]}/`)));
    const mount = mounts.sort((a, b) => b[1].length - a[1].length)[0];
    return mount ? `${mount[2]} on ${mount[0]}` : "unknown";
  } catch {
    return "unknown";
  }
}
