// Bursts: the chaos workload's observations issued to one live instance all
// at once (observe() called for each without waiting), then awaited — the way
// a webhook storm or a replayed queue arrives. Each size is compared with
// XState 5 receiving the same events as one synchronous burst, and the time
// per observation across sizes shows whether the instance stays linear.
import { createActor } from "xstate";
import { xstateMachine } from "../chaos/xstate.js";
import { alternate } from "../lib/alternate.js";
import { count, micros, plural, rate, spread, times } from "../lib/format.js";
import { goal } from "../lib/goal.js";
import { workerCounts } from "../lib/random.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";

async function vedBurst(WorkerPool, counts) {
  const pool = WorkerPool.create({ id: "burst" });
  await pool.start();
  await pool.settled();
  const started = performance.now();
  const acks = new Array(counts.length);
  for (let i = 0; i < counts.length; i++) acks[i] = pool.observe({ workers: counts[i] });
  const results = await Promise.all(acks);
  const end = await pool.settled();
  const ms = performance.now() - started;
  await pool.stop();
  if (end.status !== "converged" || end.state.workers !== 5) throw new Error(`the burst ended ${end.status} with ${end.state.workers} workers`);
  if (results.some((r) => !r.applied)) throw new Error("an observation of the burst was not applied");
  return (counts.length / ms) * 1000;
}

function xstateBurst(counts) {
  const actor = createActor(xstateMachine).start();
  const started = performance.now();
  for (let i = 0; i < counts.length; i++) actor.send({ type: "observe", workers: counts[i] });
  const ms = performance.now() - started;
  const { workers } = actor.getSnapshot().context;
  actor.stop();
  if (workers !== 5) throw new Error(`XState ended with ${workers} workers`);
  return (counts.length / ms) * 1000;
}

export async function burst({ config, seed, progress }) {
  const { sizes, rounds } = config.burst;
  // One unmeasured burst, so the JIT has seen both sides.
  await vedBurst(seed.WorkerPool, workerCounts(sizes[0]));
  xstateBurst(workerCounts(sizes[0]));
  const rows = [];
  const data = [];
  for (const size of sizes) {
    const counts = workerCounts(size);
    const samples = await alternate({ ved: () => vedBurst(seed.WorkerPool, counts), xstate: async () => xstateBurst(counts) }, rounds, (r) => progress(`burst ${count(size)}: round ${r + 1} of ${rounds}`));
    const ved = summarize(samples.ved);
    const xs = summarize(samples.xstate);
    const vs = summarize(samples.ved.map((v, r) => v / samples.xstate[r]));
    data.push({ size, ved, xstate: xs, vsXState: vs });
    rows.push([count(size), rate(ved.median), spread(ved), micros(1000 / ved.median), rate(xs.median), times(vs.median)]);
  }
  // Linear: the time per observation at the largest size against the smallest.
  const growth = data[data.length - 1].ved.median === 0 ? Infinity : data[0].ved.median / data[data.length - 1].ved.median;
  const largest = data[data.length - 1].vsXState.median;
  const title = `Bursts: the chaos workload's first N observations issued at once to one live instance (memory store), then awaited; XState 5 gets the same events as one synchronous burst; ${plural(rounds, "alternating round")} per size`;
  return {
    text: `${title}\n\n${table(["observations", "Ved instance", "spread", "per observation", "XState 5", "Ved vs XState"], rows)}`,
    data: { rounds, sizes: data, growth },
    goals: [
      goal(`a burst of ${count(sizes[sizes.length - 1])} observations: Ved instance ≥ 5× XState's throughput`, times(largest), largest >= 5, largest),
      goal(`bursts linear: time per observation at ${count(sizes[sizes.length - 1])} within 2× that at ${count(sizes[0])}`, times(growth), growth <= 2, growth),
    ],
  };
}
