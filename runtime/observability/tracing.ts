// OpenTelemetry spans through @opentelemetry/api, which does nothing until the
// application registers an SDK (a tracer provider): a span per wake of the
// loop, per commit to the store, and per effect attempt, each carrying the
// instance's id and domain, the transitions and the effect's key. The tracer
// is looked up when a span starts, so an SDK registered after the instances
// were created is used from then on.
import { SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from "@opentelemetry/api";
import type { InstanceProbe, InstanceView, JournalRecord, OutboxEntry, Telemetry } from "../api.js";
import { watchJournal } from "./telemetry.js";

export interface TracingOptions {
  /** The tracer to use; default: the global provider's tracer named "vedc". */
  tracer?: Tracer;
}

/** Transitions of one wake named on its span, at most: a long convergence is summed up by its count. */
const NAMED = 32;

export function tracing(options: TracingOptions = {}): Telemetry {
  const tracer = () => options.tracer ?? trace.getTracer("vedc");
  return {
    instance(view: InstanceView): InstanceProbe {
      const base: Attributes = { "vedc.instance.id": view.id, "vedc.domain": view.domain };
      let names: string[] = [];
      let count = 0;
      const attempts = new Map<string, ReturnType<Tracer["startSpan"]>>();
      return {
        ticked(name) {
          count++;
          if (names.length < NAMED) names.push(name);
        },
        settled(status, _applied, began) {
          const span = tracer().startSpan("vedc.wake", { kind: SpanKind.INTERNAL, startTime: performance.timeOrigin + began, attributes: { ...base, "vedc.outcome": status, "vedc.transitions": count, "vedc.transition": names } });
          if (status === "error" || status === "limit") span.setStatus({ code: SpanStatusCode.ERROR, message: `the wake ended in ${status}` });
          span.end();
          names = [];
          count = 0;
        },
        effectStarted(e, attempt) {
          attempts.set(`${e.key}#${attempt}`, tracer().startSpan(`vedc.effect ${e.name}`, { kind: SpanKind.CLIENT, attributes: { ...base, ...effectAttributes(e), "vedc.effect.attempt": attempt } }));
        },
        effectEnded(e, attempt, outcome, error) {
          const key = `${e.key}#${attempt}`;
          const span = attempts.get(key);
          if (!span) return;
          attempts.delete(key);
          span.setAttribute("vedc.effect.outcome", outcome);
          if (error) {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          }
          span.end();
        },
        journal(journal) {
          return watchJournal(journal, {
            committed(records, ms, error) {
              const end = performance.timeOrigin + performance.now();
              const span = tracer().startSpan("vedc.commit", { kind: SpanKind.CLIENT, startTime: end - ms, attributes: { ...base, ...commitAttributes(records) } });
              if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
              span.end(end);
            },
          });
        },
      };
    },
  };
}

function effectAttributes(e: OutboxEntry): Attributes {
  return { "vedc.effect.name": e.name, "vedc.effect.key": e.key, "vedc.transition": e.transition, "vedc.tick": e.tick };
}

/** What a commit holds: its records, the transitions among them, and the effects they called. */
function commitAttributes(records: readonly JournalRecord[]): Attributes {
  const transitions: string[] = [];
  const keys: string[] = [];
  for (const r of records) {
    if (r.t !== "transition") continue;
    if (transitions.length < NAMED) transitions.push(r.name);
    for (const e of r.effects) if (keys.length < NAMED) keys.push(e.key);
  }
  return { "vedc.records": records.length, "vedc.seq": records.at(-1)?.seq ?? 0, "vedc.transition": transitions, "vedc.effect.key": keys };
}
