// The durable image of an instance and how each journal record changes it.
// Pure: the stores, recovery and the tests' replay all use this one reducer,
// so "the state equals a replay of the committed journal" has one meaning.
import type { FieldValue, Image, JournalRecord, MapValue, StateOf } from "./api.js";

/** How many observation keys an instance remembers for dropping duplicates. */
export const KEY_MEMORY = 10_000;

export function emptyImage(state: StateOf): Image {
  return { seq: 0, state: { ...state }, ticks: 0, outbox: [], lastVersion: null, versionSpent: false, keys: [] };
}

/** Applies one record to an image, in place. Records must come in sequence order. */
export function applyRecord(image: Image, record: JournalRecord): void {
  if (record.seq <= image.seq && record.t !== "init") return; // already in the snapshot
  image.seq = record.seq;
  switch (record.t) {
    case "init":
      image.state = { ...record.state };
      if (record.params !== undefined) image.params = { ...record.params };
      return;
    case "observe":
      Object.assign(image.state, record.set);
      if (record.version !== undefined) {
        image.lastVersion = record.version;
        image.versionSpent = false;
      }
      if (record.key !== undefined) remember(image.keys, record.key);
      return;
    case "transition":
      Object.assign(image.state, record.set);
      image.ticks++;
      image.outbox.push(...record.effects);
      return;
    case "effect": {
      const i = image.outbox.findIndex((e) => e.key === record.key);
      if (i >= 0) image.outbox.splice(i, 1);
      if (record.set !== undefined) {
        // Its outcome block ran: a tick of its own, and news newer than the last version.
        Object.assign(image.state, record.set);
        image.ticks++;
        if (image.lastVersion !== null) image.versionSpent = true;
      }
      if (record.effects !== undefined) image.outbox.push(...record.effects);
      return;
    }
  }
}

/** Adds a key to a bounded, oldest-first list. */
export function remember(keys: string[], key: string): void {
  keys.push(key);
  if (keys.length > KEY_MEMORY) keys.splice(0, keys.length - KEY_MEMORY);
}

/** A deep copy, so a store's image and an instance's never share objects. */
export function cloneImage(image: Image): Image {
  return structuredClone(image);
}

/** The fields of `after` that differ from `before`; a map that differs is given whole. */
export function changes(before: StateOf, after: StateOf): StateOf {
  const set: StateOf = {};
  for (const k in after) if (before[k] !== after[k] && !sameMap(before[k], after[k])) set[k] = after[k];
  return set;
}

/** Whether two values are maps (a map field's objects) holding the same value for every key. */
function sameMap(a: FieldValue, b: FieldValue): boolean {
  if (typeof a !== "object" || typeof b !== "object") return false;
  for (const k in b) if (a[k] !== b[k]) return false;
  for (const k in a) if (!Object.hasOwn(b, k)) return false;
  return true;
}

/**
 * An observation's patch applied to a draft state. A map it gives (an
 * object, keyed by member) sets only the keys it names; the patch is then
 * made to hold the whole map, as the state does, so that what it records
 * (the journal, a replica) replaces the field whole, like any other.
 */
export function applyPatch(draft: StateOf, patch: StateOf): void {
  for (const k in patch) {
    const v = patch[k];
    if (typeof v === "object") {
      const whole = { ...(draft[k] as MapValue), ...v };
      draft[k] = whole;
      patch[k] = whole;
    } else draft[k] = v;
  }
}
