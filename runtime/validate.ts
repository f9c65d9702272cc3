// Checks values from the outside world (observations, initial states,
// params) against a domain's declarations before anything is applied: an
// unknown name or a wrongly typed value rejects the whole patch.
//
// Ved strings are Unicode text without NUL: no U+0000 and no lone surrogate
// (half of a UTF-16 pair). That is what every store can hold — PostgreSQL's
// jsonb and text refuse both — so a string that is not is refused here, at
// the boundary, rather than by a store after it was applied. Inside a step
// nothing can make one: the compiler refuses `\u{0}` and surrogate escapes,
// and joining two such strings gives another.
import { ObservationError } from "./errors.js";
import type { DomainMeta, ObserveOptions, StateOf, Value, ValueMeta } from "./api.js";

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
export function validatePatch(meta: DomainMeta, declared: readonly ValueMeta[], patch: unknown, what: string, noun = "field", text = true): [string, Value][] {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new ObservationError(`${meta.name}: ${what} must be an object, got ${describe(patch)}`);
  }
  const table = byName(declared);
  const entries = Object.entries(patch);
  for (const [key, value] of entries) {
    const decl = table.get(key);
    if (!decl) {
      const known = declared.map((f) => f.name).join(", ") || "none";
      throw new ObservationError(`${meta.name}: ${what} has unknown ${noun} '${key}' (${noun}s: ${known})`, key);
    }
    const problem = checkValue(decl, value, text);
    if (problem) throw new ObservationError(`${meta.name}: ${what} sets '${key}' to ${describe(value)}, but '${key}' is ${problem}`, key);
  }
  return entries as [string, Value][];
}

/** Why `value` does not fit `decl`, or undefined when it does. `text`: hold strings to the rule for Ved strings. */
function checkValue(decl: ValueMeta, value: unknown, text: boolean): string | undefined {
  switch (decl.type) {
    case "int":
      return Number.isSafeInteger(value) ? undefined : "an int (a safe integer)";
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "a float (a finite number)";
    case "bool":
      return typeof value === "boolean" ? undefined : "a bool (true or false)";
    case "string": {
      if (typeof value !== "string") return "a string";
      const bad = text ? notText(value) : undefined;
      return bad && `a string, and Ved strings are Unicode text without NUL: this one has ${bad}`;
    }
    default:
      return typeof value === "string" && decl.members!.includes(value) ? undefined : `a ${decl.type} (one of ${decl.members!.map((m) => JSON.stringify(m)).join(", ")})`;
  }
}

/** What keeps `s` from being a Ved string (NUL or a lone surrogate, and where), or undefined when nothing does. */
export function notText(s: string): string | undefined {
  const found = /\0|\p{Cs}/u.exec(s);
  if (!found) return undefined;
  const unit = `\\u${found[0].charCodeAt(0).toString(16).padStart(4, "0")}`;
  return `${found[0] === "\0" ? "NUL" : "a lone surrogate"} (${unit}) at index ${found.index}`;
}

/** Checks `observe()`'s options: a finite version, and a key that is a Ved string. */
export function checkObserveOptions(domain: string, options: ObserveOptions): void {
  if (typeof options !== "object" || options === null) throw new ObservationError(`${domain}: observe options must be an object`);
  if (options.version !== undefined && (typeof options.version !== "number" || !Number.isFinite(options.version))) {
    throw new ObservationError(`${domain}: observe version must be a finite number, got ${String(options.version)}`);
  }
  if (options.key !== undefined) {
    if (typeof options.key !== "string") throw new ObservationError(`${domain}: observe key must be a string, got ${typeof options.key}`);
    const bad = notText(options.key);
    if (bad) throw new ObservationError(`${domain}: observe key must be Unicode text without NUL, but it has ${bad}`);
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
