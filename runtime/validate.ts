// The messages for values from the outside world (observations, initial
// states, params) that do not fit a domain's declarations. The checks
// themselves are generated for each domain, unrolled over its fields; they
// call these only to say what is wrong.
import { ObservationError } from "./errors.js";
import type { DomainMeta, ValueMeta } from "./api.js";

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
  return new ObservationError(`${meta.name}: ${what} sets '${key}' to ${describe(value)}, but '${key}' is ${expected(decl)}`, key);
}

/** An observation set an owned field, which only the domain's own steps and outcomes change. */
export function ownedField(meta: DomainMeta, what: string, key: string): ObservationError {
  return new ObservationError(`${meta.name}: ${what} sets '${key}', which is owned: only the domain's own steps and effect outcomes change it, so nothing was applied`, key);
}

/** What a value of `decl`'s type is, for a message. */
function expected(decl: ValueMeta): string {
  switch (decl.type) {
    case "int":
      return "an int (a safe integer)";
    case "float":
      return "a float (a finite number)";
    case "bool":
      return "a bool (true or false)";
    case "string":
      return "a string";
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
