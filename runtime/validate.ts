// The messages for values from the outside world (observations, initial
// states, params) that do not fit a domain's declarations. The checks
// themselves are generated for each domain, unrolled over its fields; they
// call these only to say what is wrong.
//
// Ved strings are Unicode text without NUL: no U+0000 and no lone surrogate
// (half of a UTF-16 pair). That is what every store can hold — PostgreSQL's
// jsonb and text refuse both — so a string that is not is refused at the
// boundary, rather than by a store after it was applied. Inside a step
// nothing can make one: the compiler refuses `\u{0}` and surrogate escapes,
// and joining two such strings gives another.
import { ObservationError } from "./errors.js";
import type { DomainMeta, FieldMeta, ObserveOptions, ValueMeta } from "./api.js";

/** Object.prototype.hasOwnProperty, for code outside a hot for-in; the generated readers write the call out, which V8 reduces to a map check (through this variable it stays a call). */
export const hasOwn = Object.prototype.hasOwnProperty;

/** A plain object to read fields from: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function notAnObject(meta: DomainMeta, what: string, value: unknown): ObservationError {
  return new ObservationError(`${meta.name}: ${what} must be an object, got ${describe(value)}`);
}

/** `key` set to `value` in `what` is not one of the domain's `fields` (or `params`), or not of its type. */
export function invalid(meta: DomainMeta, list: "fields" | "params", what: string, key: string, value: unknown): ObservationError {
  const declared = meta[list];
  const noun = list === "fields" ? "field" : "param";
  const decl = declared.find((d) => d.name === key);
  if (!decl) {
    const known = declared.map((f) => f.name).join(", ") || "none";
    return new ObservationError(`${meta.name}: ${what} has unknown ${noun} '${key}' (${noun}s: ${known})`, key);
  }
  const bad = decl.type === "string" && typeof value === "string" ? notText(value) : undefined;
  const problem = bad ? `a string, and Ved strings are Unicode text without NUL: this one has ${bad}` : expected(decl);
  return new ObservationError(`${meta.name}: ${what} sets '${key}' to ${describe(value)}, but '${key}' is ${problem}`, key);
}

/**
 * Map field `field` given `value` for key `key` in `what`: the key is not a
 * member of the map's enum, or the value not of its type.
 */
export function invalidKey(meta: DomainMeta, what: string, field: string, key: string, value: unknown): ObservationError {
  const decl = meta.fields.find((d) => d.name === field)!;
  const { type, members } = decl.key!;
  const where = `'${field}[${key}]'`;
  if (!members.includes(key)) return new ObservationError(`${meta.name}: ${what} sets ${where}, but '${field}' is keyed by ${type}, which has no member '${key}' (members: ${members.join(", ")})`, field);
  const bad = decl.type === "string" && typeof value === "string" ? notText(value) : undefined;
  const problem = bad ? `a string, and Ved strings are Unicode text without NUL: this one has ${bad}` : expected(decl, false);
  return new ObservationError(`${meta.name}: ${what} sets ${where} to ${describe(value)}, but each value of '${field}' is ${problem}`, field);
}

/** Whether `value` is a Ved string: a string of Unicode text without NUL. */
export function isText(value: unknown): value is string {
  return typeof value === "string" && !/\0|\p{Cs}/u.test(value);
}

/** What keeps `s` from being a Ved string (NUL or a lone surrogate, and where), or undefined when nothing does. */
export function notText(s: string): string | undefined {
  const found = /\0|\p{Cs}/u.exec(s);
  if (!found) return undefined;
  const unit = `\\u${found[0].charCodeAt(0).toString(16).padStart(4, "0")}`;
  return `${found[0] === "\0" ? "NUL" : "a lone surrogate"} (${unit}) at index ${found.index}`;
}

/** An observation set an owned field, which only the domain's own steps and outcomes change. */
export function ownedField(meta: DomainMeta, what: string, key: string): ObservationError {
  return new ObservationError(`${meta.name}: ${what} sets '${key}', which is owned: only the domain's own steps and effect outcomes change it, so nothing was applied`, key);
}

/** What a value of `decl`'s type is, for a message. */
function expected(decl: ValueMeta & Pick<FieldMeta, "key">, whole = true): string {
  if (decl.key && whole) return `a map from ${decl.key.type} (an object with keys among ${decl.key.members.join(", ")}), each value ${expected(decl, false)}`;
  switch (decl.type) {
    case "int":
      return "an int (a safe integer)";
    case "float":
      return "a float (a finite number)";
    case "bool":
      return "a bool (true or false)";
    case "string":
      return "a string";
    case "time":
      return "a time (milliseconds since the epoch: a safe integer within ±8.64e15)";
    case "duration":
      return "a duration (milliseconds: a safe integer)";
    default:
      return `a ${decl.type} (one of ${decl.members!.map((m) => JSON.stringify(m)).join(", ")})`;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

/** The observe options, each read once, checked. */
/** The options of an observation given none: one frozen object for all of them. */
const NO_OPTIONS: ObserveOptions = Object.freeze({});

export function readObserveOptions(domain: string, options: ObserveOptions | undefined): ObserveOptions {
  if (options === undefined) return NO_OPTIONS;
  if (typeof options !== "object" || options === null) throw new ObservationError(`${domain}: observe options must be an object`);
  const { version, key } = options;
  if (version !== undefined && (typeof version !== "number" || !Number.isFinite(version))) {
    throw new ObservationError(`${domain}: observe version must be a finite number, got ${String(version)}`);
  }
  if (key !== undefined) {
    if (typeof key !== "string") throw new ObservationError(`${domain}: observe key must be a string, got ${typeof key}`);
    const bad = notText(key);
    if (bad) throw new ObservationError(`${domain}: observe key must be Unicode text without NUL, but it has ${bad}`);
  }
  const read: ObserveOptions = {};
  if (version !== undefined) read.version = version;
  if (key !== undefined) read.key = key;
  return read;
}

/** Whether `v` is a time: a safe integer of milliseconds that a Date can hold (±8.64e15), so that it always prints as ISO 8601. */
export function isTime(v: unknown): boolean {
  return Number.isSafeInteger(v) && Math.abs(v as number) <= 8.64e15;
}
