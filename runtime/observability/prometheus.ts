// Prometheus metrics through prom-client (an optional dependency, loaded on
// first use). The counters are those of an instance's metrics(), added up
// by domain; gauges (queue depth, instances by status) are read from the
// live instances when the registry is scraped, so nothing is counted twice
// and the loop pays nothing for them.
import type { InstanceProbe, InstanceStatus, InstanceView, OutboxEntry, Telemetry } from "../api.js";
import { watchJournal } from "./telemetry.js";

type PromClient = typeof import("prom-client");
type Registry = import("prom-client").Registry;

export interface PrometheusOptions {
  /** Registers the metrics here (your server's registry); default: a registry of its own. */
  registry?: Registry;
  /** Also Node's own process metrics (CPU, memory, event loop lag), as prom-client collects them. Default false. */
  processMetrics?: boolean;
}

export interface PrometheusTelemetry extends Telemetry {
  readonly registry: Registry;
  /** The metrics in Prometheus' text format, and the content type to serve them with. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Latencies from 1 ms to about 30 s. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const liveIn = new WeakMap<Registry, Set<InstanceView>>();
const STATUSES: InstanceStatus[] = ["idle", "running", "converged", "waiting", "stuck", "limit", "error"];

export async function loadPromClient(): Promise<PromClient> {
  try {
    const m = (await import("prom-client")) as PromClient & { default?: PromClient };
    return m.default ?? m;
  } catch (error) {
    throw new Error(`Prometheus metrics need the prom-client package (an optional dependency of vedc): npm install prom-client (${(error as Error).message})`, { cause: error });
  }
}

export async function prometheus(options: PrometheusOptions = {}): Promise<PrometheusTelemetry> {
  const client = await loadPromClient();
  const registry = options.registry ?? new client.Registry();
  if (options.processMetrics) client.collectDefaultMetrics({ register: registry });
  // Per registry, so that telemetries sharing one registry share its gauges too.
  let live = liveIn.get(registry);
  if (!live) liveIn.set(registry, (live = new Set()));
  const views = live;
  const metric = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
  const counter = (name: string, help: string, labelNames: string[]) => metric(name, () => new client.Counter({ name, help, labelNames, registers: [registry] }));
  const histogram = (name: string, help: string, labelNames: string[]) => metric(name, () => new client.Histogram({ name, help, labelNames, buckets: SECONDS, registers: [registry] }));

  const ticks = counter("vedc_ticks_total", "Ticks applied: transitions, and effects' outcome blocks (done, failed) that ran.", ["domain"]);
  const transitions = counter("vedc_transitions_total", "Transitions applied, by name.", ["domain", "transition"]);
  const outcomes = counter("vedc_outcomes_total", "Effects' outcome blocks that ran, each a tick of its own: `boot done`, `boot failed`.", ["domain", "outcome"]);
  const observations = counter("vedc_observations_total", "Observations, by outcome: applied, stale or duplicate (dropped), rejected (a wrong field or type, or a broken invariant).", ["domain", "outcome"]);
  const effects = counter("vedc_effects_total", "Effect attempts by outcome: started, and each ended as succeeded, retried (failed, to be tried again) or failed (the last attempt failed: given up).", ["domain", "effect", "outcome"]);
  const effectSeconds = histogram("vedc_effect_duration_seconds", "How long each effect attempt took, by how it ended.", ["domain", "effect", "outcome"]);
  const wakes = counter("vedc_wakes_total", "Wakes of the loop, by how they ended: converged, waiting, stuck, limit or error.", ["domain", "outcome"]);
  const convergence = histogram("vedc_convergence_seconds", "From a wake to convergence, for wakes that applied at least one transition.", ["domain"]);
  const commitSeconds = histogram("vedc_commit_duration_seconds", "How long each commit to the store took (one per batch of records).", ["domain"]);
  const commitFailures = counter("vedc_commit_failures_total", "Commits the store refused: the instance stops.", ["domain"]);
  const records = counter("vedc_committed_records_total", "Journal records made durable.", ["domain"]);
  const renewals = counter("vedc_lease_renewals_total", "Leases renewed (PostgreSQL).", ["domain"]);
  const losses = counter("vedc_lease_losses_total", "Leases lost (PostgreSQL): the instance stopped, and another replica takes it up.", ["domain"]);

  const current = () => {
    // Stopped and failed instances are gone: they are no longer counted, nor kept.
    for (const view of views) if (view.status() === "stopped" || view.status() === "failed") views.delete(view);
    return views;
  };
  metric("vedc_queue_depth", () =>
    new client.Gauge({
      name: "vedc_queue_depth",
      help: "Observations and effect outcomes queued and not yet taken in, over the live instances.",
      labelNames: ["domain"],
      registers: [registry],
      collect() {
        this.reset();
        for (const view of current()) this.inc({ domain: view.domain }, view.queued());
      },
    }),
  );
  metric("vedc_instances", () =>
    new client.Gauge({
      name: "vedc_instances",
      help: "Live instances by status: idle, running, converged, waiting, stuck, limit, error.",
      labelNames: ["domain", "status"],
      registers: [registry],
      collect() {
        this.reset();
        const domains = new Set<string>();
        for (const view of current()) {
          domains.add(view.domain);
          this.inc({ domain: view.domain, status: view.status() });
        }
        // Every status of a domain is shown, zero included, so that a query for `stuck` finds 0 rather than nothing.
        for (const domain of domains) for (const status of STATUSES) this.inc({ domain, status }, 0);
      },
    }),
  );

  return {
    registry,
    rejected(domain) {
      observations.labels(domain, "rejected").inc();
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    instance(view: InstanceView): InstanceProbe {
      views.add(view);
      const domain = view.domain;
      const tick = ticks.labels(domain);
      const byOutcome = new Map<string, ReturnType<typeof observations.labels>>();
      const started = new Map<string, number>();
      const attemptKey = (e: OutboxEntry, attempt: number) => `${e.key}#${attempt}`;
      return {
        observation(outcome) {
          let c = byOutcome.get(outcome);
          if (!c) byOutcome.set(outcome, (c = observations.labels(domain, outcome)));
          c.inc();
        },
        ticked(name, _tick, kind) {
          tick.inc();
          if (kind === "transition") transitions.labels(domain, name).inc();
          else outcomes.labels(domain, name).inc();
        },
        settled(status, applied, began) {
          wakes.labels(domain, status).inc();
          if (status === "converged" && applied > 0) convergence.labels(domain).observe((performance.now() - began) / 1000);
        },
        effectStarted(e, attempt) {
          effects.labels(domain, e.name, "started").inc();
          started.set(attemptKey(e, attempt), performance.now());
        },
        effectEnded(e, attempt, outcome) {
          effects.labels(domain, e.name, outcome).inc();
          const key = attemptKey(e, attempt);
          const began = started.get(key);
          started.delete(key);
          if (began !== undefined) effectSeconds.labels(domain, e.name, outcome).observe((performance.now() - began) / 1000);
        },
        journal: (journal) =>
          watchJournal(journal, {
            committed(batch, ms, error) {
              commitSeconds.labels(domain).observe(ms / 1000);
              if (error === undefined) records.labels(domain).inc(batch.length);
              else commitFailures.labels(domain).inc();
            },
            renewed: () => renewals.labels(domain).inc(),
            lost: () => losses.labels(domain).inc(),
          }),
      };
    },
  };
}
