// The chaos workload: the seed's WorkerPool receives observations of a
// random worker count (0 to 10, fixed seed) and converges after each. The
// same observations go to each side in the same process, in alternating
// rounds; every side must apply exactly the transitions the workload needs.
import { eventLoop } from "../chaos/event-loop.js";
import { handLoop } from "../chaos/hand-loop.js";
import { vedInstance } from "../chaos/ved-instance.js";
import { vedReconcile } from "../chaos/ved-reconcile.js";
import { xstate } from "../chaos/xstate.js";
import { alternate } from "../lib/alternate.js";
import { count, plural, rate, spread, times } from "../lib/format.js";
import { goal } from "../lib/goal.js";
import { expectedTransitions, SEED, workerCounts } from "../lib/random.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";
import { stores } from "../stores/index.js";

export async function chaos({ config, seed, progress }) {
  const { observations, rounds, minMs } = config.chaos;
  const counts = workerCounts(observations);
  const expected = expectedTransitions(counts);
  const pure = vedReconcile(seed.WorkerPool);
  // The goal's side: what ships (`vedc build --minify`), whose results are not frozen.
  const production = vedReconcile(seed.WorkerPoolProduction, "Ved `reconcile`, production build (`--minify`)");
  const instances = stores.map((store) => vedInstance(seed.WorkerPool, store));
  const memory = instances[stores.findIndex((store) => store.name === "memory")];
  const sides = [handLoop, production, pure, ...instances, xstate, eventLoop];

  // One unmeasured pass over a tenth of the workload, so the JIT has seen every side.
  const warmup = counts.subarray(0, Math.max(1, Math.floor(counts.length / 10)));
  for (const side of sides) await (await side.prepare(warmup))();

  // A side that gets through the workload in a few milliseconds repeats it
  // until `minMs` have passed: one short run is mostly timer noise.
  const measure = (side) => async () => {
    let elapsed = 0;
    let runs = 0;
    do {
      const run = await side.prepare(counts);
      const start = performance.now();
      const transitions = await run();
      elapsed += performance.now() - start;
      runs++;
      if (!side.reference && transitions !== expected) throw new Error(`${side.name} applied ${transitions} transitions; the workload needs ${expected}`);
    } while (elapsed < minMs);
    return (runs * observations) / (elapsed / 1000);
  };
  const samples = await alternate(Object.fromEntries(sides.map((side) => [side.name, measure(side)])), rounds, (r) => progress(`chaos: round ${r + 1} of ${rounds}`));

  // Ratios are taken within a round, where the sides ran seconds apart.
  const perRound = (f) => summarize(samples[handLoop.name].map((_, r) => f(r)));
  const results = Object.fromEntries(
    sides.map((side) => {
      const own = samples[side.name];
      return [
        side.name,
        {
          observationsPerSecond: summarize(own),
          costVsHandLoop: perRound((r) => samples[handLoop.name][r] / own[r]),
          vsXState: perRound((r) => own[r] / samples[xstate.name][r]),
        },
      ];
    }),
  );

  const rows = sides.map((side) => {
    const r = results[side.name];
    return [side.name, rate(r.observationsPerSecond.median), spread(r.observationsPerSecond), times(r.costVsHandLoop.median), times(r.vsXState.median)];
  });
  const title = `Chaos workload: ${count(observations)} observations (workers 0–10, seed ${SEED}, ${count(expected)} transitions), ${plural(rounds, "alternating round")}`;
  const text = `${title}\n\n${table(["side", "observations/s", "spread", "time vs hand loop", "throughput vs XState"], rows)}`;

  const pureCost = results[production.name].costVsHandLoop.median;
  const memoryVsXState = results[memory.name].vsXState.median;
  return {
    text,
    data: { observations, seed: SEED, transitions: expected, rounds, sides: results },
    goals: [
      goal("Ved `reconcile` (production build) within 2× the hand-written loop's time", times(pureCost), pureCost <= 2, pureCost),
      goal("Ved instance (memory store) ≥ 100× XState's throughput", times(memoryVsXState), memoryVsXState >= 100, memoryVsXState),
    ],
  };
}
