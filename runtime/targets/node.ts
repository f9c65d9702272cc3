// The long-running target: `vedc build --target node` makes a controller
// process. It runs the domain's instances over the store the environment
// names — as one replica among several on PostgreSQL (DATABASE_URL), or as a
// fleet on a file store (VEDC_STORE_DIR), resuming every instance the store
// holds — reads observations as JSON lines on stdin (`{ "id": ..., "observe":
// {...}, "key"?: ..., "version"?: ... }`), logs what each instance does as
// JSON lines on stderr, serves /metrics, /healthz and /readyz when
// VEDC_HTTP_PORT names a port, and stops cleanly on SIGTERM or SIGINT,
// committing what it applied.
import { createInterface } from "node:readline";
import { replica } from "../store/postgres/index.js";
import { storedIds } from "../store/file-reader.js";
import type { Domain, EffectHandlers, Instance, ObserveOptions, StateOf, Value } from "../api.js";
import { endpointsFromEnv, serveEndpoints, type Listening } from "../observability/http.js";
import { createLogger, logEvents, type Logger } from "../observability/logging.js";
import { prometheus } from "../observability/prometheus.js";
import { combine } from "../observability/telemetry.js";
import { tracing } from "../observability/tracing.js";
import { pickHandlers, storeFromEnv } from "./environment.js";
import { patchesOf, type Observation } from "./observations.js";

export async function runController(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const handlers = pickHandlers(domain, effects) as EffectHandlers<Record<string, Record<string, Value>>>;
  const log = await createLogger(env, { domain: domain.name });
  const http = endpointsFromEnv(env);
  const metrics = http ? await prometheus({ processMetrics: true }) : null;
  // Spans cost nothing until the process registers an OpenTelemetry SDK (node --import a setup module).
  const telemetry = metrics ? combine(metrics, tracing()) : tracing();
  const errors = errorLog(log);
  const setup = (instance: Instance<StateOf>) => {
    logEvents(instance, domain.meta, log, errors.said);
  };
  let notReady: string | null = "resuming the instances";
  let server: Listening | null = null;
  if (http) {
    server = await serveEndpoints({ scrape: () => metrics!.scrape(), notReady: () => notReady }, http.host, http.port);
    log.info({ event: "listening", host: server.host, port: server.port }, `serving /metrics, /healthz and /readyz on http://${server.host}:${server.port}`);
  }
  let observe: (id: string, patch: StateOf, options: ObserveOptions) => Promise<unknown>;
  let stop: () => Promise<void>;
  const named = storeFromEnv(env);
  if ("postgres" in named) {
    const store = named.postgres;
    const r = await replica(domain, { store, effects: handlers, telemetry, setup, onError: errors.report });
    await r.scan();
    log.info({ event: "ready", owner: store.owner, instances: r.ids().length }, `replica ${store.owner} driving ${r.ids().length} instances`);
    observe = (id, patch, options) => r.observe(id, patch, options);
    stop = async () => {
      await r.stop();
      await store.close();
    };
  } else {
    const fleet = domain.fleet({ store: named.file, effects: handlers, telemetry, setup });
    // Every instance the store holds is resumed: its owed effects are dispatched and its goals checked, observed or not.
    const ids = await storedIds(named.dir);
    let resumed = 0;
    notReady = `resumed 0 of ${ids.length} instances`;
    await Promise.all(
      ids.map((id) =>
        fleet.instance(id).then(
          () => (notReady = `resumed ${++resumed} of ${ids.length} instances`),
          (error: Error) => errors.report(new Error(`instance '${id}' could not be resumed: ${error.message}`, { cause: error })),
        ),
      ),
    );
    log.info({ event: "ready", dir: named.dir, instances: resumed }, `fleet on ${named.dir}: resumed ${resumed} of ${ids.length} instances`);
    observe = (id, patch, options) => fleet.observe(id, patch, options);
    stop = () => fleet.stop();
  }
  notReady = null;
  // A controller runs until it is told to stop, whether or not input is coming.
  const alive = setInterval(() => {}, 1 << 30);
  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    if (stopping) return;
    notReady = "stopping";
    log.info({ event: "stopping", signal }, `${signal}: stopping`);
    stopping = stop()
      .then(() => server?.close())
      .then(
        () => (clearInterval(alive), process.exit(0)),
        (error: Error) => (log.error({ event: "error", error: error.message }, `stopping failed: ${error.message}`), process.exit(1)),
      );
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
      const id = typeof o?.id === "string" ? o.id : undefined;
      const key = typeof o?.key === "string" ? o.key : undefined;
      const which = id !== undefined ? ` for '${id}'${key !== undefined ? ` (key ${key})` : ""}` : "";
      log.warn({ event: "refused", id, key, error: (error as Error).message }, `observation${which} refused: ${(error as Error).message}`);
    }
  }
}

/** Errors from instances and from the replica's background work, each logged once however many ways it is reported. */
function errorLog(log: Logger): { report(error: Error): void; said: WeakSet<Error> } {
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
