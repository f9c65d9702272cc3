// vedc/runtime: what compiled Ved modules link against. Knows nothing of the
// compiler. `reconcile` is the pure core; `DomainInstance` the shell around it.
export { defineDomain } from "./define.js";
export { reconcile, tick, DEFAULT_MAX_TICKS } from "./reconcile.js";
export { int, float, div, mod, fdiv, fmod, clamp } from "./arith.js";
export { VedError, ObservationError, StepError, EvaluationError, InvariantError, EffectError, LimitError, ArithmeticError } from "./errors.js";
export type { DomainSpec } from "./spec.js";
export type * from "./types.js";
