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
      return new MemoryJournal(id, images, open);
    },
  };
}

/** One instance's journal: a class, not closures, so that each of many idle instances keeps one small object. */
class MemoryJournal implements Journal {
  constructor(
    private readonly id: string,
    private readonly images: Map<string, Image>,
    private readonly opened: Set<string>,
  ) {}

  async recover(): Promise<Image | null> {
    const image = this.images.get(this.id);
    return image ? cloneImage(image) : null;
  }

  async commit(records: JournalRecord[]): Promise<void> {
    let image = this.images.get(this.id);
    for (const r of records) {
      if (!image) this.images.set(this.id, (image = emptyImage({})));
      applyRecord(image, r);
    }
  }

  async close(): Promise<void> {
    this.opened.delete(this.id);
  }
}
