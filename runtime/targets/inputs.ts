// What both deployment targets read: the store the environment names, and
// the observations an event or an input line carries.
import { fileStore } from "../store/file.js";
import { postgresStore, type PostgresStore } from "../store/postgres.js";
import type { ObserveOptions, StateOf, Store } from "../types.js";

/** An observation as events and input lines carry it. */
export interface Observation {
  id: string;
  /** One patch or several, applied in order. */
  observe?: StateOf | StateOf[];
  key?: string;
  version?: number;
}

/** The store the environment names: DATABASE_URL (PostgreSQL), else VEDC_STORE_DIR (a file store). */
export function storeFromEnv(env: NodeJS.ProcessEnv): { postgres: PostgresStore } | { file: Store; dir: string } {
  if (env.DATABASE_URL) return { postgres: postgresStore({ connectionString: env.DATABASE_URL, ...(env.VEDC_LEASE_MS ? { lease: Number(env.VEDC_LEASE_MS) } : {}) }) };
  if (env.VEDC_STORE_DIR) return { file: fileStore(env.VEDC_STORE_DIR), dir: env.VEDC_STORE_DIR };
  throw new Error("no store: set DATABASE_URL to a PostgreSQL connection string (or VEDC_STORE_DIR to a folder)");
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
