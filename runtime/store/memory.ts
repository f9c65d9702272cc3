// The default store: keeps each instance's image in this process. Nothing
// survives a restart, but an instance stopped and created again with the
// same id and store resumes where it was, as with a durable store.
import { InstanceLockedError } from "../errors.js";
import { applyRecord, cloneImage, emptyImage } from "../image.js";
import type { Image, Journal, JournalRecord, Store } from "../api.js";

export function memoryStore(): Store {
  const images = new Map<string, Image>();
  const open = new Set<string>();
  return {
    async open(id: string): Promise<Journal> {
      if (open.has(id)) throw new InstanceLockedError(id, "this process");
      open.add(id);
      return {
        async recover() {
          const image = images.get(id);
          return image ? cloneImage(image) : null;
        },
        async commit(records: JournalRecord[]) {
          let image = images.get(id);
          for (const r of records) {
            if (!image) images.set(id, (image = emptyImage({})));
            applyRecord(image, r);
          }
        },
        async close() {
          open.delete(id);
        },
      };
    },
  };
}
