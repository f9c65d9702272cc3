// Runs the sides of a comparison in turn, round after round, so that a
// machine getting slower or faster mid-run (thermal limits, a neighbour's
// job) touches every side alike. Each round also starts from a different
// side, so none is always the one that runs first, after a pause.

/**
 * `sides` maps a name to an async function returning one measurement.
 * Returns, for each name, the measurements in round order; round i of every
 * side can then be compared as a pair.
 */
export async function alternate(sides, rounds, onRound = () => {}) {
  const names = Object.keys(sides);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      samples[name][round] = await sides[name]();
    }
    onRound(round);
  }
  return samples;
}
