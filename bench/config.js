// How big each suite runs. The full sizes are the and fit in a few
// minutes on a 2-core machine; --quick only keeps the code working (CI), and
// its numbers mean nothing.

const full = {
  chaos: { observations: 200_000, rounds: 5, minMs: 250 },
  burst: { sizes: [10_000, 100_000, 200_000], rounds: 3 },
  verify: { size: 1_000, rounds: 5 },
  // The large file gets up to `largeRounds` runs while `largeBudgetMs` lasts.
  // Size scaling: each shape at 1×, 2× and 4× of `scaling`; 4× is the 1 MB step, 2,000-member enum and 5 MB file.
  compile: { coldRounds: 5, warmRounds: 20, warmup: 5, largeLines: 10_000, largeRounds: 3, largeBudgetMs: 90_000, scaling: { "one step": 19_250, "one enum": 500, "many domains": 4_000 }, scalingRounds: 3 },
  ship: { rounds: 15 },
  scale: { sizes: [1_000, 10_000, 100_000], observations: 200_000, rounds: 3 },
  // Each side runs for `runMs` per round (after one unmeasured run of
  // `warmupMs`), on the first of `observations` worker counts; `windows`:
  // how many observations are in flight at once.
  durable: { windows: [1, 10, 100], runMs: 1_000, warmupMs: 250, rounds: 5, observations: 1_000_000 },
  // 100,000 instances waiting for a cooldown long enough to measure a second of their waiting in.
  waiting: { instances: 100_000, cooldown: 30_000, idleMs: 1_000, rounds: 1 },
};

const quick = {
  chaos: { observations: 2_000, rounds: 2, minMs: 0 },
  burst: { sizes: [100, 200], rounds: 1 },
  verify: { size: 30, rounds: 1 },
  compile: { coldRounds: 1, warmRounds: 2, warmup: 1, largeLines: 200, largeRounds: 1, largeBudgetMs: 0, scaling: { "one step": 100, "one enum": 20, "many domains": 10 }, scalingRounds: 1 },
  ship: { rounds: 1 },
  scale: { sizes: [10, 100], observations: 1_000, rounds: 1 },
  durable: { windows: [1, 10], runMs: 30, warmupMs: 10, rounds: 1, observations: 20_000 },
  waiting: { instances: 100, cooldown: 600, idleMs: 200, rounds: 1 },
};

export function sizes({ quick: isQuick }) {
  return isQuick ? quick : full;
}
