// The long-running target: `vedc build --target node` makes a controller
// process. It runs the domain's instances over the store the environment
// names — as one replica among several on PostgreSQL (DATABASE_URL), or as a
// fleet on a file store (VEDC_STORE_DIR) — reads observations as JSON lines
// on stdin (`{ "id": ..., "observe": {...}, "key"?: ..., "version"?: ... }`),
// and stops cleanly on SIGTERM or SIGINT, committing what it applied.
import { createInterface } from "node:readline";
import { replica } from "../replica.js";
import { fileStore } from "../store/file.js";
import { postgresStore } from "../store/postgres.js";
import type { Domain, EffectHandlers, ObserveOptions, StateOf, Value } from "../types.js";
import { pickHandlers, type Observation } from "./lambda.js";

export async function runController(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const handlers = pickHandlers(domain, effects) as EffectHandlers<Record<string, Record<string, Value>>>;
  const log = (line: string) => process.stderr.write(`[${domain.name}] ${line}\n`);
  let observe: (id: string, patch: StateOf, options: ObserveOptions) => Promise<unknown>;
  let stop: () => Promise<void>;
  if (env.DATABASE_URL) {
    const store = postgresStore({ connectionString: env.DATABASE_URL, ...(env.VEDC_LEASE_MS ? { lease: Number(env.VEDC_LEASE_MS) } : {}) });
    const r = await replica(domain, { store, effects: handlers });
    await r.scan();
    log(`replica ${store.owner} driving ${r.ids().length} instances`);
    observe = (id, patch, options) => r.observe(id, patch, options);
    stop = async () => {
      await r.stop();
      await store.close();
    };
  } else if (env.VEDC_STORE_DIR) {
    const fleet = domain.fleet({ store: fileStore(env.VEDC_STORE_DIR), effects: handlers });
    log(`fleet on ${env.VEDC_STORE_DIR}`);
    observe = (id, patch, options) => fleet.observe(id, patch, options);
    stop = () => fleet.stop();
  } else {
    throw new Error("no store: set DATABASE_URL to a PostgreSQL connection string (or VEDC_STORE_DIR to a folder)");
  }
  // A controller runs until it is told to stop, whether or not input is coming.
  const alive = setInterval(() => {}, 1 << 30);
  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    stopping ??= (log(`${signal}: stopping`), stop().then(() => (clearInterval(alive), process.exit(0))));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as Observation;
      const patches = o.observe === undefined ? [] : Array.isArray(o.observe) ? o.observe : [o.observe];
      for (const p of patches) await observe(o.id, p, { ...(o.key === undefined ? {} : { key: o.key }), ...(o.version === undefined ? {} : { version: o.version }) });
    } catch (error) {
      log(`observation refused: ${(error as Error).message}`);
    }
  }
}
