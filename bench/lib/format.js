// How numbers read in the table: few digits, units that fit the size.

export function rate(perSecond) {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

export function ms(milliseconds) {
  if (milliseconds >= 1000) return `${(milliseconds / 1000).toFixed(2)} s`;
  if (milliseconds >= 10) return `${milliseconds.toFixed(0)} ms`;
  return `${milliseconds.toFixed(2)} ms`;
}

export function bytes(n) {
  if (Math.abs(n) >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MB`;
  if (Math.abs(n) >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${Math.round(n)} B`;
}

/** A ratio: 2 digits below 10, whole numbers above. */
export function times(ratio) {
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}×`;
}

/** The spread of a summary (see stats.js), as ± percent of its median. */
export function spread(summary) {
  return `±${(summary.spread * 100).toFixed(summary.spread < 0.1 ? 1 : 0)}%`;
}

export function percent(fraction) {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

export function count(n) {
  return n.toLocaleString("en-US");
}

export function micros(milliseconds) {
  const us = milliseconds * 1000;
  return `${us >= 10 ? us.toFixed(0) : us.toFixed(2)} µs`;
}

/** `3 runs`, `1 run`. */
export function plural(n, noun) {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}
