// The observations a lambda event or a controller's input line carries, as
// both deployment targets read them:
//   { "id": "pool-a", "params"?: {...}, "observe"?: {...} | [{...}, ...], "key"?: "...", "version"?: n }
import type { ObserveOptions, StateOf, ValuesOf } from "../api.js";
import { notText } from "../validate.js";

/** An observation as events and input lines carry it. */
export interface Observation {
  id: string;
  /** The instance's own params, for one the store has never seen; one that has them must be given the same (or none). */
  params?: ValuesOf;
  /** One patch or several, applied in order. */
  observe?: StateOf | StateOf[];
  key?: string;
  version?: number;
}

const SHAPE = '{ "id": ..., "params"?: {...}, "observe"?: {...}, "key"?: ..., "version"?: ... }';

/** `value` checked to be an observation's shape (the domain checks its fields); throws a TypeError saying what is wrong, and where (`what`). */
export function readObservation(value: unknown, what: string): Observation {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`${what} must be a JSON object ${SHAPE}, not ${describe(value)}`);
  const o = value as Record<string, unknown>;
  if (typeof o.id !== "string" || o.id.length === 0) throw new TypeError(`${what} needs an instance id: ${SHAPE}`);
  const bad = notText(o.id);
  if (bad) throw new TypeError(`the id in ${what} must be Unicode text without NUL, but it has ${bad}`);
  if (o.params !== undefined && (typeof o.params !== "object" || o.params === null || Array.isArray(o.params))) throw new TypeError(`the params in ${what} must be an object of param values, not ${describe(o.params)}`);
  return o as unknown as Observation;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value} (${JSON.stringify(value)})`;
}

/** Each patch with its observe options; several patches under one key get one key each (`key#i`), so none is taken for a duplicate. */
export function patchesOf(obs: Observation): { patch: StateOf; options: ObserveOptions }[] {
  const patches = obs.observe === undefined ? [] : Array.isArray(obs.observe) ? obs.observe : [obs.observe];
  return patches.map((patch, i) => {
    const options: ObserveOptions = {};
    if (obs.key !== undefined) options.key = patches.length > 1 ? `${obs.key}#${i}` : obs.key;
    if (obs.version !== undefined) options.version = obs.version;
    return { patch, options };
  });
}
