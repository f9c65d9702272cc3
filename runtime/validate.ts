// Checks a patch from the outside world against a domain's fields before
// anything is applied: an unknown field or a wrongly typed value rejects the
// whole patch.
import { ObservationError } from "./errors.js";
import type { DomainMeta, FieldMeta, StateOf } from "./types.js";

const fieldMaps = new WeakMap<DomainMeta, Map<string, FieldMeta>>();

function fieldsOf(meta: DomainMeta): Map<string, FieldMeta> {
  let map = fieldMaps.get(meta);
  if (!map) {
    map = new Map(meta.fields.map((f) => [f.name, f]));
    fieldMaps.set(meta, map);
  }
  return map;
}

/** Throws ObservationError naming the first bad field; returns the patch's entries when all are good. */
export function validatePatch(meta: DomainMeta, patch: unknown, what: string): [string, StateOf[string]][] {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new ObservationError(`${meta.name}: ${what} must be an object of field values, got ${describe(patch)}`);
  }
  const fields = fieldsOf(meta);
  const entries = Object.entries(patch);
  for (const [key, value] of entries) {
    const field = fields.get(key);
    if (!field) {
      const known = meta.fields.map((f) => f.name).join(", ") || "none";
      throw new ObservationError(`${meta.name}: ${what} has unknown field '${key}' (fields: ${known})`, key);
    }
    const ok = field.type === "int" ? Number.isSafeInteger(value) : typeof value === "boolean";
    if (!ok) {
      const expected = field.type === "int" ? "an int (a safe integer)" : "a bool (true or false)";
      throw new ObservationError(`${meta.name}: ${what} sets '${key}' to ${describe(value)}, but '${key}' is ${expected}`, key);
    }
  }
  return entries as [string, StateOf[string]][];
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
