// Everything of vedc/runtime that runs anywhere JavaScript does. index.ts adds
// the file store for Node; browser.ts stands in for it where there is no disk.
export { defineDomain } from "./define.js";
export { CONVERGED, STUCK, DEFAULT_MAX_TICKS, NONE_FIRED, changed, checkMaxTicks, checkNow, earliest, ended, endedAt, evaluationFailed, firedOnce, keepsInvariants, limitError, outcomeFailed, safely } from "./reconcile.js";
export { hasOwn, invalid, invalidKey, isRecord, isText, isTime, notAnObject, ownedField } from "./validate.js";
export { int, float, div, mod, fdiv, fmod, clamp } from "./arith.js";
export { VedError, ObservationError, StepError, EvaluationError, InvariantError, EffectError, LimitError, ArithmeticError, InstanceLockedError, CorruptStoreError, StoreIOError, ParamsError } from "./errors.js";
export { memoryStore } from "./store/memory.js";
export { manualClock, systemClock } from "./clock.js";
export { NonRetryableError } from "./effects.js";
export { applyRecord, emptyImage } from "./image.js";
export { traceTo, showState, showChange, typesOf } from "./trace.js";
export { durationText, timeText, valueText } from "./time-text.js";
export type { DomainSpec } from "./spec.js";
export type * from "./api.js";
