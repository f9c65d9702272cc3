// What every telemetry shares: several at once (metrics and traces), and a
// journal that says how long each commit took and when its lease was renewed
// or lost. Telemetry must never break the loop it watches: a probe that
// throws is reported once on stderr and then left out.
import type { InstanceProbe, InstanceView, Journal, JournalRecord, Telemetry } from "../api.js";

/** Several telemetries as one: each is told everything. */
export function combine(...telemetries: Telemetry[]): Telemetry {
  return {
    rejected: (domain) => telemetries.forEach((t) => t.rejected?.(domain)),
    instance(view: InstanceView): InstanceProbe {
      const probes = telemetries.map((t) => guarded(t.instance(view)));
      const all = <K extends keyof InstanceProbe>(method: K) =>
        ((...args: unknown[]) => {
          for (const p of probes) (p[method] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
        }) as NonNullable<InstanceProbe[K]>;
      return {
        observation: all("observation"),
        ticked: all("ticked"),
        settled: all("settled"),
        effectStarted: all("effectStarted"),
        effectEnded: all("effectEnded"),
        journal: (journal) => probes.reduce((j, p) => p.journal?.(j) ?? j, journal),
      };
    },
  };
}

const reported = new WeakSet<object>();

/** A probe whose methods cannot throw into the instance: the first failure of each probe is said, the rest dropped. */
function guarded(probe: InstanceProbe): InstanceProbe {
  const safe: InstanceProbe = {};
  for (const [name, fn] of Object.entries(probe) as [keyof InstanceProbe, (...a: unknown[]) => unknown][]) {
    if (typeof fn !== "function") continue;
    (safe as Record<string, unknown>)[name] = (...args: unknown[]) => {
      try {
        return fn.apply(probe, args);
      } catch (error) {
        if (!reported.has(probe)) {
          reported.add(probe);
          process.stderr.write(`vedc telemetry: a probe's ${name} failed, and its failures from now on are not said: ${(error as Error)?.message ?? String(error)}\n`);
        }
        return name === "journal" ? args[0] : undefined;
      }
    };
  }
  return safe;
}

export interface JournalWatch {
  /** A commit ended: its records, how long it took in ms, and its error if it failed. */
  committed?(records: readonly JournalRecord[], ms: number, error?: unknown): void;
  renewed?(): void;
  lost?(error: Error): void;
}

/** The journal, telling `watch` of each commit, renewal and loss. Everything else passes straight through. */
export function watchJournal(journal: Journal, watch: JournalWatch): Journal {
  const watched: Journal = {
    recover: () => journal.recover(),
    close: () => journal.close(),
    async commit(records) {
      // An empty batch (acknowledgements waiting on earlier ones) writes nothing: not a commit to tell of.
      if (records.length === 0) return journal.commit(records);
      const began = performance.now();
      try {
        await journal.commit(records);
      } catch (error) {
        watch.committed?.(records, performance.now() - began, error);
        throw error;
      }
      watch.committed?.(records, performance.now() - began);
    },
  };
  if (journal.assertOwner) watched.assertOwner = () => journal.assertOwner!();
  if (journal.onLost) watched.onLost = (listener) => journal.onLost!(listener);
  if (journal.onTrouble) watched.onTrouble = (listener) => journal.onTrouble!(listener);
  if (journal.onRenewed) watched.onRenewed = (listener) => journal.onRenewed!(listener);
  if (watch.lost) journal.onLost?.(watch.lost);
  if (watch.renewed) journal.onRenewed?.(watch.renewed);
  return watched;
}
