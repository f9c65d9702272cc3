// An instance's counters, as `metrics()` returns them, starting at zero.
import type { Metrics } from "./api.js";

export function emptyMetrics(): Metrics {
  return {
    ticks: 0,
    transitions: {},
    effects: { started: 0, succeeded: 0, retried: 0, failed: 0 },
    observations: { applied: 0, stale: 0, duplicate: 0, rejected: 0 },
    convergence: { last: 0, max: 0, total: 0, converged: 0 },
  };
}
