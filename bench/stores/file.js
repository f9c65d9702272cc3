// The file store (runtime/store/file.ts), for the durable suite: each open()
// is a fresh folder inside `dir` — the folder the raw fsync baseline writes
// in, so both use the same disk — removed again by close(). Commits are
// counted on the way through (see counting.js).
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileStore } from "../../lib/runtime/index.js";
import { encodeLine } from "../../lib/runtime/store/codec.js";
import { counting } from "./counting.js";

export default {
  name: "file",
  /** `bytes`: also sum the journal lines' sizes (costs an encoding per record; for unmeasured runs). */
  async open({ dir, bytes = false }) {
    const folder = await mkdtemp(join(dir, "file-store-"));
    const { store, counts } = counting(fileStore(folder), { bytes: bytes ? (record) => Buffer.byteLength(encodeLine(record)) : undefined });
    return {
      create: (domain, options) => domain.create({ ...options, store }),
      counts,
      close: () => rm(folder, { recursive: true, force: true }),
    };
  },
};
