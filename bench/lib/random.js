// The chaos workload's observations: a fixed seed, so every side, every run
// and every machine sees the same sequence.

/** mulberry32: a small, fast PRNG with a 32-bit state; good enough to scatter worker counts. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEED = 8;

/** `count` worker counts, each between 0 and 10 inclusive. */
export function workerCounts(count, seed = SEED) {
  const next = prng(seed);
  const counts = new Int32Array(count);
  for (let i = 0; i < count; i++) counts[i] = Math.floor(next() * 11);
  return counts;
}

/** The transitions a WorkerPool needs to converge to 5 from each count: what every side must have done. */
export function expectedTransitions(counts) {
  let total = 0;
  for (const n of counts) total += Math.abs(n - 5);
  return total;
}
