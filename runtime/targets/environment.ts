// What a deployed target takes from where it runs: the store its environment
// variables name, and the effect handlers from the effects module bundled in.
import { fileStore } from "../store/file.js";
import { postgresStore, type PostgresStore } from "../store/postgres/index.js";
import { byName } from "../by-name.js";
import type { Domain, StateOf, Store } from "../api.js";

/** The store the environment names: DATABASE_URL (PostgreSQL), else VEDC_STORE_DIR (a file store). */
export function storeFromEnv(env: NodeJS.ProcessEnv): { postgres: PostgresStore } | { file: Store; dir: string } {
  if (env.DATABASE_URL) return { postgres: postgresStore({ connectionString: env.DATABASE_URL, ...(env.VEDC_LEASE_MS ? { lease: Number(env.VEDC_LEASE_MS) } : {}) }) };
  if (env.VEDC_STORE_DIR) return { file: fileStore(env.VEDC_STORE_DIR), dir: env.VEDC_STORE_DIR };
  throw new Error("no store: set DATABASE_URL to a PostgreSQL connection string (or VEDC_STORE_DIR to a folder)");
}

/** The effects module's exports, keyed by effect name: one function for each declared effect. */
export function pickHandlers(domain: Domain<StateOf>, effects: Record<string, unknown>): Record<string, unknown> {
  const handlers = byName<unknown>();
  for (const e of domain.meta.effects) {
    // Own exports only: an effect named `toString` is not Object.prototype's.
    const fn = Object.hasOwn(effects, e.name) ? effects[e.name] : undefined;
    if (typeof fn !== "function") throw new TypeError(`${domain.name}: the effects module must export a function '${e.name}'`);
    handlers[e.name] = fn;
  }
  return handlers;
}
