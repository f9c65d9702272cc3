// The observations a lambda event or a controller's input line carries, as
// both deployment targets read them.
import type { ObserveOptions, StateOf } from "../api.js";

/** An observation as events and input lines carry it. */
export interface Observation {
  id: string;
  /** One patch or several, applied in order. */
  observe?: StateOf | StateOf[];
  key?: string;
  version?: number;
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
