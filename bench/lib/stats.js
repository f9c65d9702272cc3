// Summaries of repeated measurements. Machines are noisy, so every number
// the bench reports is a median, with the spread of the runs beside it.

/** The q-quantile (0..1) of `values`, interpolating between the two nearest. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * Median, min, max, and the spread: half the interquartile range, as a
 * fraction of the median. Quartiles rather than min and max, so that one
 * run that met a garbage collection does not stand for all of them.
 */
export function summarize(samples) {
  const median = quantile(samples, 0.5);
  const spread = median === 0 ? 0 : (quantile(samples, 0.75) - quantile(samples, 0.25)) / 2 / median;
  return { median, min: Math.min(...samples), max: Math.max(...samples), spread, samples };
}
