// Scale: memory and throughput of 1,000, 10,000 and 100,000 live instances,
// once per store, each size in a fresh process (see children/scale.js), the
// sizes alternating round after round.
import { alternate } from "../lib/alternate.js";
import { nodeJson } from "../lib/child.js";
import { bytes, count, micros, plural, rate, spread } from "../lib/format.js";
import { expectedTransitions, workerCounts } from "../lib/random.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";
import { stores } from "../stores/index.js";

export async function scale({ config, seed, progress }) {
  const { sizes, observations, rounds } = config.scale;
  const results = {};
  const rows = [];
  for (const store of stores) {
    progress(`scale: ${store.name} store`);
    const sides = Object.fromEntries(
      sizes.map((n) => [
        n,
        async () => {
          const run = nodeJson(["--expose-gc", "bench/children/scale.js", seed.file, store.name, String(n), String(observations)]);
          const expected = expectedTransitions(workerCounts(run.observations));
          if (run.transitions !== expected) throw new Error(`${n} instances applied ${run.transitions} transitions; the workload needs ${expected}`);
          return run;
        },
      ]),
    );
    const samples = await alternate(sides, rounds);
    results[store.name] = Object.fromEntries(
      sizes.map((n) => {
        const runs = samples[n];
        const summary = {
          bytesPerInstance: summarize(runs.map((r) => (r.heapAfter - r.heapBefore) / n)),
          heap: summarize(runs.map((r) => r.heapAfter - r.heapBefore)),
          createMsPerInstance: summarize(runs.map((r) => r.createMs / n)),
          observationsPerSecond: summarize(runs.map((r) => r.observations / (r.observeMs / 1000))),
          observations: runs[0].observations,
        };
        rows.push([
          store.name,
          count(n),
          bytes(summary.bytesPerInstance.median),
          bytes(summary.heap.median),
          micros(summary.createMsPerInstance.median),
          rate(summary.observationsPerSecond.median),
          spread(summary.observationsPerSecond),
        ]);
        return [n, summary];
      }),
    );
  }
  const text = [
    `Scale: live instances, each size in a fresh process (${plural(rounds, "alternating round")}); ${count(observations)} observations per size, every instance observed once per round, concurrently`,
    table(["store", "instances", "heap per instance", "heap in all", "create + start + settle, each", "observations/s", "spread"], rows),
  ].join("\n\n");
  return { text, data: results, goals: [] };
}
