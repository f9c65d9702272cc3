// The long-running target: `vedc build --target node` makes a controller
// process. It runs the domain's instances over the store the environment
// names — as one replica among several on PostgreSQL (DATABASE_URL), or as a
// fleet on a file store (VEDC_STORE_DIR), resuming every instance the store
// holds — and reads observations as JSON lines on stdin, one object a line:
//   { "id": "pool-a", "params"?: {...}, "observe"?: {...} | [...], "key"?: "...", "version"?: n }
// A line that is not such an object is refused, logged with its line number;
// the others go on. What each instance does is logged as JSON lines on
// stderr; /metrics, /healthz and /readyz are served when VEDC_HTTP_PORT names
// a port. When stdin ends the controller lets every instance settle, commits,
// and exits 0; VEDC_INPUT=none reads no input and runs until SIGTERM or
// SIGINT, which stop it cleanly too.
import { createInterface } from "node:readline";
import { replica } from "../store/postgres/index.js";
import { storedIds } from "../store/file-reader.js";
import type { Domain, EffectHandlers, Instance, InstanceOptions, ObserveOptions, StateOf, Telemetry, Value } from "../api.js";
import { endpointsFromEnv, serveEndpoints, type Listening } from "../observability/http.js";
import { createLogger, logEvents, type Logger } from "../observability/logging.js";
import { prometheus } from "../observability/prometheus.js";
import { combine } from "../observability/telemetry.js";
import { tracing } from "../observability/tracing.js";
import { pickHandlers, storeFromEnv } from "./environment.js";
import { patchesOf, readObservation, type Observation } from "./observations.js";

interface Controller {
  observe(id: string, patch: StateOf, options: ObserveOptions & InstanceOptions): Promise<unknown>;
  /** Starts an instance with its params, for a line that carries params and no observation. */
  instance(id: string, options: InstanceOptions): Promise<unknown>;
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** What the controller is started with, beside the domain. */
interface Setup {
  effects: EffectHandlers<Record<string, Record<string, Value>>>;
  env: NodeJS.ProcessEnv;
  log: Logger;
  telemetry: Telemetry;
  errors: ErrorLog;
  /** Why /readyz says no; null once ready. */
  notReady: (why: string | null) => void;
}

export async function runController(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const input = env.VEDC_INPUT ?? "stdin";
  if (input !== "stdin" && input !== "none") throw new Error(`VEDC_INPUT must be stdin (the default: observations as JSON lines, exit when they end) or none (no input: run until SIGTERM), not '${input}'`);
  const handlers = pickHandlers(domain, effects) as EffectHandlers<Record<string, Record<string, Value>>>;
  const log = await createLogger(env, { domain: domain.name });
  const http = endpointsFromEnv(env);
  const metrics = http ? await prometheus({ processMetrics: true }) : null;
  // Spans cost nothing until the process registers an OpenTelemetry SDK (node --import a setup module).
  const telemetry = metrics ? combine(metrics, tracing()) : tracing();
  let notReady: string | null = "resuming the instances";
  let server: Listening | null = null;
  if (http) {
    server = await serveEndpoints({ scrape: () => metrics!.scrape(), notReady: () => notReady }, http.host, http.port);
    log.info({ event: "listening", host: server.host, port: server.port }, `serving /metrics, /healthz and /readyz on http://${server.host}:${server.port}`);
  }
  // A controller runs until it is told to stop, or its input ends; a signal while it starts stops it once started.
  const alive = setInterval(() => {}, 1 << 30);
  let stopping: Promise<void> | null = null;
  const shutdown = (why: string, settle: boolean) => {
    stopping ??= (async () => {
      const controller = await starting;
      notReady = "stopping";
      log.info({ event: "stopping", reason: why }, `${why}: stopping`);
      try {
        if (settle) await controller.settled();
        await controller.stop();
        await server?.close();
      } catch (error) {
        log.error({ event: "error", error: (error as Error).message }, `stopping failed: ${(error as Error).message}`);
        process.exit(1);
      }
      clearInterval(alive);
      process.exit(0);
    })();
    return stopping;
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM", false));
  process.on("SIGINT", () => void shutdown("SIGINT", false));
  const starting = start(domain, { effects: handlers, env, log, telemetry, errors: errorLog(log), notReady: (why) => (notReady = why) });
  const controller = await starting;
  notReady = null;
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
      const message = (error as Error).message;
      const id = o?.id;
      const key = typeof o?.key === "string" ? o.key : undefined;
      const what = o ? `line ${n}: observation for '${o.id}'${key !== undefined ? ` (key ${key})` : ""} refused: ${message}` : `line ${n} refused: ${message}`;
      log.warn({ event: "refused", line: n, id, key, error: message }, what);
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
async function start(domain: Domain<StateOf>, { effects, env, log, telemetry, errors, notReady }: Setup): Promise<Controller> {
  const setup = (instance: Instance<StateOf>) => void logEvents(instance, domain.meta, log, errors.said);
  const named = storeFromEnv(env);
  if ("postgres" in named) {
    const store = named.postgres;
    const r = await replica(domain, { store, effects, telemetry, setup, onError: errors.report });
    await r.scan();
    log.info({ event: "ready", owner: store.owner, instances: r.ids().length }, `replica ${store.owner} driving ${r.ids().length} instances`);
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
  const fleet = domain.fleet({ store: named.file, effects, telemetry, setup });
  // Every instance the store holds is resumed: its owed effects are dispatched and its goals checked, observed or not.
  const ids = await storedIds(named.dir);
  let resumed = 0;
  notReady(`resumed 0 of ${ids.length} instances`);
  await Promise.all(
    ids.map((id) =>
      fleet.instance(id).then(
        () => notReady(`resumed ${++resumed} of ${ids.length} instances`),
        (error: Error) => errors.report(new Error(`instance '${id}' could not be resumed: ${error.message}`, { cause: error })),
      ),
    ),
  );
  log.info({ event: "ready", dir: named.dir, instances: resumed }, `fleet on ${named.dir}: resumed ${resumed} of ${ids.length} instances`);
  return {
    observe: (id, patch, options) => fleet.observe(id, patch, options),
    instance: (id, options) => fleet.instance(id, options),
    settled: () => fleet.settled(),
    stop: () => fleet.stop(),
  };
}

interface ErrorLog {
  report(error: Error): void;
  said: WeakSet<Error>;
}

/** Errors from instances and from the replica's background work, each logged once however many ways it is reported. */
function errorLog(log: Logger): ErrorLog {
  const said = new WeakSet<Error>();
  return {
    said,
    report(error: Error) {
      if (said.has(error)) return;
      said.add(error);
      log.error({ event: "error", error: error.message, code: (error as { code?: string }).code }, error.message);
    },
  };
}
