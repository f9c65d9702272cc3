// vedc/runtime: what compiled Ved modules link against. Knows nothing of the
// compiler. `reconcile` is the pure core; `DomainInstance` the shell around it.
export { defineDomain } from "./define.js";
export { reconcile, tick, DEFAULT_MAX_TICKS } from "./reconcile.js";
export { int, float, div, mod, fdiv, fmod, clamp } from "./arith.js";
export { VedError, ObservationError, StepError, EvaluationError, InvariantError, EffectError, LimitError, ArithmeticError, InstanceLockedError, CorruptStoreError } from "./errors.js";
export { memoryStore } from "./store/memory.js";
export { fileStore, type FileStoreOptions } from "./store/file.js";
export { applyRecord, emptyImage } from "./image.js";
export { traceTo, showState, showChange } from "./trace.js";
export type { DomainSpec } from "./spec.js";
export type * from "./types.js";
