// The long-running target: `vedc build --target node` makes a controller
// process. It runs the domain's instances over the store the environment
// names — as one replica among several on PostgreSQL (DATABASE_URL), or as a
// fleet on a file store (VEDC_STORE_DIR) — reads observations as JSON lines
// on stdin (`{ "id": ..., "observe": {...}, "key"?: ..., "version"?: ... }`),
// and stops cleanly on SIGTERM or SIGINT, committing what it applied.
import { createInterface } from "node:readline";
import { replica } from "../store/postgres/index.js";
import type { Domain, EffectHandlers, Instance, ObserveOptions, StateOf, Value } from "../api.js";
import { pickHandlers, storeFromEnv } from "./environment.js";
import { patchesOf, type Observation } from "./observations.js";

export async function runController(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const handlers = pickHandlers(domain, effects) as EffectHandlers<Record<string, Record<string, Value>>>;
  const log = (line: string) => process.stderr.write(`[${domain.name}] ${line}\n`);
  let observe: (id: string, patch: StateOf, options: ObserveOptions) => Promise<unknown>;
  let stop: () => Promise<void>;
  const named = storeFromEnv(env);
  if ("postgres" in named) {
    const store = named.postgres;
    const r = await replica(domain, { store, effects: handlers, onError: (error) => log(error.message), setup: (i) => reportFailures(i, log) });
    await r.scan();
    log(`replica ${store.owner} driving ${r.ids().length} instances`);
    observe = (id, patch, options) => r.observe(id, patch, options);
    stop = async () => {
      await r.stop();
      await store.close();
    };
  } else {
    const fleet = domain.fleet({ store: named.file, effects: handlers, setup: (i) => reportFailures(i, log) });
    log(`fleet on ${named.dir}`);
    observe = (id, patch, options) => fleet.observe(id, patch, options);
    stop = () => fleet.stop();
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
    let o: Observation | null = null;
    try {
      o = JSON.parse(line) as Observation;
      for (const { patch, options } of patchesOf(o)) await observe(o.id, patch, options);
    } catch (error) {
      // Named by id and key, so that whoever sent it can send it again.
      const which = typeof o?.id === "string" ? ` for '${o.id}'${typeof o.key === "string" ? ` (key ${o.key})` : ""}` : "";
      log(`observation${which} refused: ${(error as Error).message}`);
    }
  }
}

/** An effect that failed for good is said, with the instance, the effect's key and why. */
function reportFailures(instance: Instance<StateOf>, log: (line: string) => void): void {
  instance.on("effect-failed", (e) => log(`${instance.id}: effect ${String(e.name)} [${e.key}] failed for good after ${e.attempt} attempts: ${e.error.message}`));
}
