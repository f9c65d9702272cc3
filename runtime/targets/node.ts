// The long-running target: `vedc build --target node` makes a controller
// process. It runs the domain's instances over the store the environment
// names — as one replica among several on PostgreSQL (DATABASE_URL), or as a
// fleet on a file store (VEDC_STORE_DIR) — and reads observations as JSON
// lines on stdin, one object a line:
//   { "id": "pool-a", "params"?: {...}, "observe"?: {...} | [...], "key"?: "...", "version"?: n }
// A line that is not such an object is refused with a message on stderr
// naming its line number; the others go on. When stdin ends the controller
// lets every instance settle, commits, and exits 0; VEDC_INPUT=none reads no
// input and runs until SIGTERM or SIGINT, which stop it cleanly too.
import { createInterface } from "node:readline";
import { replica } from "../store/postgres/index.js";
import type { Domain, EffectHandlers, Instance, InstanceOptions, ObserveOptions, StateOf, Value } from "../api.js";
import { pickHandlers, storeFromEnv } from "./environment.js";
import { patchesOf, readObservation, type Observation } from "./observations.js";

interface Controller {
  observe(id: string, patch: StateOf, options: ObserveOptions & InstanceOptions): Promise<unknown>;
  /** Starts an instance with its params, for a line that carries params and no observation. */
  instance(id: string, options: InstanceOptions): Promise<unknown>;
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function runController(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const input = env.VEDC_INPUT ?? "stdin";
  if (input !== "stdin" && input !== "none") throw new Error(`VEDC_INPUT must be stdin (the default: observations as JSON lines, exit when they end) or none (no input: run until SIGTERM), not '${input}'`);
  const handlers = pickHandlers(domain, effects) as EffectHandlers<Record<string, Record<string, Value>>>;
  const log = (line: string) => process.stderr.write(`[${domain.name}] ${line}\n`);
  // A controller runs until it is told to stop, or its input ends; a signal while it starts stops it once started.
  const alive = setInterval(() => {}, 1 << 30);
  let stopping: Promise<void> | null = null;
  const shutdown = (why: string, settle: boolean) => {
    stopping ??= (async () => {
      const controller = await starting;
      log(`${why}: stopping`);
      if (settle) await controller.settled();
      await controller.stop();
      clearInterval(alive);
      process.exit(0);
    })();
    return stopping;
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM", false));
  process.on("SIGINT", () => void shutdown("SIGINT", false));
  const starting = start(domain, handlers, env, log);
  const controller = await starting;
  if (input === "none") return;
  let n = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    n++;
    if (!line.trim()) continue;
    let o: Observation | null = null;
    try {
      o = readObservation(parse(line), `line ${n}`);
      const own = o.params === undefined ? {} : { params: o.params };
      const patches = patchesOf(o);
      if (patches.length === 0) await controller.instance(o.id, own);
      for (const { patch, options } of patches) await controller.observe(o.id, patch, { ...options, ...own });
    } catch (error) {
      // Named by line, id and key, so that whoever sent it can send it again.
      log(o ? `line ${n}: observation for '${o.id}'${typeof o.key === "string" ? ` (key ${o.key})` : ""} refused: ${(error as Error).message}` : `line ${n} refused: ${(error as Error).message}`);
    }
  }
  await shutdown("end of input", true);
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new TypeError(`not JSON: ${(error as Error).message}`);
  }
}

/** The controller over the store the environment names: a replica on PostgreSQL, a fleet on a file store. */
async function start(domain: Domain<StateOf>, effects: EffectHandlers<Record<string, Record<string, Value>>>, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<Controller> {
  const named = storeFromEnv(env);
  if ("postgres" in named) {
    const store = named.postgres;
    const r = await replica(domain, { store, effects, onError: (error) => log(error.message), setup: (i) => reportFailures(i, log) });
    await r.scan();
    log(`replica ${store.owner} driving ${r.ids().length} instances`);
    return {
      observe: (id, patch, options) => r.observe(id, patch, options),
      instance: (id, options) => r.observe(id, {}, options),
      settled: async () => void (await Promise.all(r.ids().map(async (id) => (await r.instance(id))?.settled()))),
      stop: async () => {
        await r.stop();
        await store.close();
      },
    };
  }
  const fleet = domain.fleet({ store: named.file, effects, setup: (i) => reportFailures(i, log) });
  log(`fleet on ${named.dir}`);
  return {
    observe: (id, patch, options) => fleet.observe(id, patch, options),
    instance: (id, options) => fleet.instance(id, options),
    settled: () => fleet.settled(),
    stop: () => fleet.stop(),
  };
}

/** An effect that failed for good is said, with the instance, the effect's key and why. */
function reportFailures(instance: Instance<StateOf>, log: (line: string) => void): void {
  instance.on("effect-failed", (e) => log(`${instance.id}: effect ${String(e.name)} [${e.key}] failed for good after ${e.attempt} attempts: ${e.error.message}`));
}
