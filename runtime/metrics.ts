// An instance's counters, as `metrics()` returns them, starting at zero.
// Transitions are counted by name in an object with no prototype, so that a
// transition named `constructor` or `toString` is counted like any other;
// what callers get is a plain object holding each count as its own property.
import { byName } from "./by-name.js";
import type { Metrics } from "./api.js";

export function emptyMetrics(): Metrics {
  return {
    ticks: 0,
    transitions: byName(),
    effects: { started: 0, succeeded: 0, retried: 0, failed: 0 },
    observations: { applied: 0, stale: 0, duplicate: 0, rejected: 0 },
    convergence: { last: 0, max: 0, total: 0, converged: 0 },
  };
}

/** A copy the caller may keep or change. */
export function copyMetrics(m: Metrics): Metrics {
  return { ticks: m.ticks, transitions: Object.fromEntries(Object.entries(m.transitions)), effects: { ...m.effects }, observations: { ...m.observations }, convergence: { ...m.convergence } };
}

/** Two instances' metrics added up. */
export function addMetrics(a: Metrics, b: Metrics): Metrics {
  const transitions = byName(Object.entries(a.transitions));
  for (const [k, n] of Object.entries(b.transitions)) transitions[k] = (transitions[k] ?? 0) + n;
  const sum = <T extends Record<string, number>>(x: T, y: T) => Object.fromEntries(Object.keys(x).map((k) => [k, x[k] + y[k]])) as T;
  return {
    ticks: a.ticks + b.ticks,
    transitions: Object.fromEntries(Object.entries(transitions)),
    effects: sum(a.effects, b.effects),
    observations: sum(a.observations, b.observations),
    convergence: { last: Math.max(a.convergence.last, b.convergence.last), max: Math.max(a.convergence.max, b.convergence.max), total: a.convergence.total + b.convergence.total, converged: a.convergence.converged + b.convergence.converged },
  };
}
