// vedc/runtime: what compiled Ved modules link against. Knows nothing of the
// compiler. `reconcile` is the pure core; `DomainInstance` the shell around it.
export { defineDomain } from "./define.js";
export { reconcile, tick, DEFAULT_MAX_TICKS } from "./reconcile.js";
export { div, mod } from "./arith.js";
export { VedError, ObservationError, StepError, LimitError, ArithmeticError } from "./errors.js";
export type { DomainSpec } from "./spec.js";
export type * from "./types.js";
