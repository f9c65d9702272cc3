// How big each suite runs. The full sizes are the and fit in a few
// minutes on a 2-core machine; --quick only keeps the code working (CI), and
// its numbers mean nothing.

const full = {
  chaos: { observations: 200_000, rounds: 5, minMs: 250 },
  // The large file gets up to `largeRounds` runs while `largeBudgetMs` lasts.
  compile: { coldRounds: 5, warmRounds: 20, warmup: 5, largeLines: 10_000, largeRounds: 3, largeBudgetMs: 90_000 },
  ship: { rounds: 15 },
  scale: { sizes: [1_000, 10_000, 100_000], observations: 200_000, rounds: 3 },
};

const quick = {
  chaos: { observations: 2_000, rounds: 2, minMs: 0 },
  compile: { coldRounds: 1, warmRounds: 2, warmup: 1, largeLines: 200, largeRounds: 1, largeBudgetMs: 0 },
  ship: { rounds: 1 },
  scale: { sizes: [10, 100], observations: 1_000, rounds: 1 },
};

export function sizes({ quick: isQuick }) {
  return isQuick ? quick : full;
}
