// Checks values from the outside world (observations, initial states,
// params) against a domain's declarations before anything is applied: an
// unknown name or a wrongly typed value rejects the whole patch.
import { ObservationError } from "./errors.js";
import type { DomainMeta, StateOf, Value, ValueMeta } from "./api.js";

const tables = new WeakMap<readonly ValueMeta[], Map<string, ValueMeta>>();

function byName(list: readonly ValueMeta[]): Map<string, ValueMeta> {
  let map = tables.get(list);
  if (!map) {
    map = new Map(list.map((f) => [f.name, f]));
    tables.set(list, map);
  }
  return map;
}

/**
 * Throws ObservationError naming the first bad entry; returns the patch's
 * entries when all are good. `what` says what the patch is, for the message.
 */
export function validatePatch(meta: DomainMeta, declared: readonly ValueMeta[], patch: unknown, what: string, noun = "field"): [string, Value][] {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new ObservationError(`${meta.name}: ${what} must be an object, got ${describe(patch)}`);
  }
  const table = byName(declared);
  // Read once: each value is read here, exactly once, and these entries — not the caller's object — are what is
  // checked and then applied, so an object answering differently on a second read (a getter, a Proxy) gains nothing.
  let entries: [string, unknown][];
  try {
    entries = Object.entries(patch);
  } catch (error) {
    throw new ObservationError(`${meta.name}: ${what} could not be read: ${(error as Error)?.message ?? String(error)}`);
  }
  for (const [key, value] of entries) {
    const decl = table.get(key);
    if (!decl) {
      const known = declared.map((f) => f.name).join(", ") || "none";
      throw new ObservationError(`${meta.name}: ${what} has unknown ${noun} '${key}' (${noun}s: ${known})`, key);
    }
    const problem = checkValue(decl, value);
    if (problem) throw new ObservationError(`${meta.name}: ${what} sets '${key}' to ${describe(value)}, but '${key}' is ${problem}`, key);
  }
  return entries as [string, Value][];
}

/** Why `value` does not fit `decl`, or undefined when it does. */
function checkValue(decl: ValueMeta, value: unknown): string | undefined {
  switch (decl.type) {
    case "int":
      return Number.isSafeInteger(value) ? undefined : "an int (a safe integer)";
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "a float (a finite number)";
    case "bool":
      return typeof value === "boolean" ? undefined : "a bool (true or false)";
    case "string":
      return typeof value === "string" ? undefined : "a string";
    default:
      return typeof value === "string" && decl.members!.includes(value) ? undefined : `a ${decl.type} (one of ${decl.members!.map((m) => JSON.stringify(m)).join(", ")})`;
  }
}

/** Applies validated entries to a fresh copy made by `base`. */
export function withEntries<T extends object>(base: T, entries: [string, Value][]): T {
  for (const [k, v] of entries) (base as StateOf)[k] = v;
  return base;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
