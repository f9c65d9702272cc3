// The pure core: what a generated loop calls besides its own code, and one
// tick as the imperative shell (instance.ts) and the public `Domain.tick`
// take it. No I/O, no clocks, no events.
import { EvaluationError, InvariantError, LimitError, StepError } from "./errors.js";
import { CONVERGED, STUCK, type DomainSpec } from "./spec.js";
import type { DomainMeta, EffectCall, ReconcileResult, ReconcileStatus, State } from "./api.js";

export { CONVERGED, STUCK } from "./spec.js";
export const DEFAULT_MAX_TICKS = 10_000;

/** Set to true by the bundler in a production build (`vedc build --minify`); absent otherwise. */
declare const __VEDC_PRODUCTION__: boolean | undefined;

/**
 * Whether results are frozen: yes in development, where a caller mutating a
 * result is a bug worth a TypeError; no in production — a minified bundle
 * (`vedc build --minify`, or `bundle()` with `minify`) or NODE_ENV set to
 * "production" — where freezing is a cost (Object.freeze is a slow path in
 * V8: about a fifth of a short reconcile).
 */
export const FREEZE = !((typeof __VEDC_PRODUCTION__ !== "undefined" && __VEDC_PRODUCTION__) || (typeof process !== "undefined" && process.env?.NODE_ENV === "production"));

/** `value` frozen in development; as it is in production, where its type alone says it is read-only. */
export function frozen<T>(value: T): T {
  return FREEZE ? Object.freeze(value) : value;
}

/** A state frozen in development, with the maps it holds (a map field's object); as it is in production. */
export function frozenState<T>(state: T): T {
  if (!FREEZE) return state;
  for (const k in state) {
    const v = state[k];
    if (typeof v === "object" && v !== null) Object.freeze(v);
  }
  return Object.freeze(state);
}

/** How a generated reconcile ends. */
export function ended<S, E>(state: S, status: ReconcileStatus, transitions: string[], effects: EffectCall<E>[], failing: string[], error?: unknown): ReconcileResult<S, E> {
  frozenState(state);
  const result: ReconcileResult<S, E> = { state, status, transitions, effects, failing };
  if (error !== undefined) result.error = error instanceof Error ? error : new Error(String(error));
  return result;
}

/**
 * How a generated reconcile of a domain that reads `now` ends when no
 * transition is valid, or every goal holds: `until` null keeps the status;
 * else a stuck run is waiting, and either carries the instant.
 */
export function endedAt<S, E>(state: S, status: "converged" | "stuck", until: number | null, transitions: string[], effects: EffectCall<E>[], failing: string[]): ReconcileResult<S, E> {
  const result = ended(state, until !== null && status === "stuck" ? "waiting" : status, transitions, effects, failing);
  if (until !== null) result.until = until;
  return result;
}

/** The `now` a reconcile of a domain that reads it was given: a safe integer of milliseconds, else a TypeError saying what to pass. */
export function checkNow(meta: DomainMeta, now: unknown): number {
  if (now === undefined) {
    throw new TypeError(`${meta.name} reads \`now\`: pass the instant of the tick, reconcile(state, { now }), in milliseconds since the epoch (Date.now(), or a fixed instant in a test)`);
  }
  if (!Number.isSafeInteger(now) || Math.abs(now as number) > 8.64e15) {
    throw new TypeError(`${meta.name}: now must be milliseconds since the epoch, a safe integer within ±8.64e15, got ${typeof now === "number" ? String(now) : typeof now}`);
  }
  return now as number;
}

/** The earliest of the instants `at` strictly after `now`, or null when none is. */
export function earliest(now: number, at: readonly number[]): number | null {
  let next: number | null = null;
  for (const t of at) if (t > now && (next === null || t < next)) next = t;
  return next;
}

/** `fn(s, p)`, or `fn(s, p, now)` for a domain that reads `now`; false when it cannot be evaluated. */
export function safely<S, P>(fn: (s: S, p: P) => boolean, s: S, p: P): boolean;
export function safely<S, P>(fn: (s: S, p: P, now: number) => boolean, s: S, p: P, now: number): boolean;
export function safely<S, P>(fn: (s: S, p: P, now: number) => boolean, s: S, p: P, now?: number): boolean {
  try {
    return fn(s, p, now as number);
  } catch {
    // A goal that cannot be evaluated does not hold; the tick that evaluates it reports the error (a status of error).
    return false;
  }
}

/** The error of a goal or invariant (the `at`-th of the domain's) that could not be evaluated. */
export function evaluationFailed(meta: DomainMeta, kind: "goal" | "invariant", at: number, cause: unknown): EvaluationError {
  const c = kind === "goal" ? meta.goals[at] : meta.invariants[at];
  return new EvaluationError(meta.name, `${kind} '${c.name ?? c.text}'`, cause);
}

/** The `fired` of a domain without effects: nothing ever adds to it, so every reconcile shares it. */
export const NONE_FIRED: number[] = Object.freeze([]) as unknown as number[];

/** A transition `t` changed the state: every transition may call its effects again. */
export function changed(fired: number[], t: number): number {
  // Setting an array's length is a slow path in V8 even when it is already 0.
  if (fired.length !== 0) fired.length = 0;
  return t;
}

/** A transition `t` only called effects: it is not valid again until the state changes. */
export function firedOnce(fired: number[], t: number): number {
  fired.push(t);
  return t;
}

/** The error of an effect's outcome block that failed (an invariant it would break stays an InvariantError). */
export function outcomeFailed(domain: string, effect: string, outcome: string, cause: unknown): Error {
  if (cause instanceof InvariantError) return cause;
  return new StepError(domain, `${effect} ${outcome}`, cause);
}

/** Throws InvariantError when a state given from outside breaks an invariant. */
export function keepsInvariants(meta: DomainMeta, broken: string | null, what: string): void {
  if (broken !== null) throw new InvariantError(meta.name, broken, null, what);
}

export type TickResult<S> =
  | { kind: "converged"; until?: number }
  | { kind: "waiting"; failing: string[]; until: number }
  | { kind: "stuck"; failing: string[] }
  | { kind: "applied"; name: string; state: S; effects: EffectCall[] }
  | { kind: "error"; error: Error };

/**
 * One tick from `state`, its new state a fresh object: how the instance and
 * `Domain.tick` take a tick. `now` is the instant of the tick, required when
 * the domain reads `now` (the caller checks it: see checkNow).
 */
export function tick<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, state: Readonly<S>, params: Readonly<P>, fired: number[] = [], now?: number): TickResult<S> {
  const draft = spec.copy(state);
  const effects: EffectCall[] = [];
  let t: number;
  let until: number | null = null;
  try {
    t = spec.tick(state, draft, params, effects as never, fired, now);
    if (t < 0 && spec.meta.readsNow && now !== undefined) until = later(spec.until(state, params, now), now);
  } catch (error) {
    return { kind: "error", error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (t === CONVERGED) return until === null ? { kind: "converged" } : { kind: "converged", until };
  if (t === STUCK) {
    const failing = spec.failing(state, params, now);
    return until === null ? { kind: "stuck", failing } : { kind: "waiting", failing, until };
  }
  return { kind: "applied", name: spec.meta.transitions[t].name, state: draft, effects };
}

/** `until` as the runtime waits for it: strictly after `now` (a wait of none would tick again at once, forever). */
export function later(until: number | null, now: number): number | null {
  if (until === null || !Number.isFinite(until)) return null;
  return Math.max(Math.ceil(until), now + 1);
}


/** Names the transitions that kept firing at the end of a run that hit the limit. */
export function limitError(meta: DomainMeta, maxTicks: number, recent: readonly string[]): LimitError {
  return new LimitError(meta.name, maxTicks, [...new Set(recent.slice(-100))]);
}

export function checkMaxTicks(maxTicks: unknown): number {
  if (maxTicks === undefined) return DEFAULT_MAX_TICKS;
  if (!Number.isSafeInteger(maxTicks) || (maxTicks as number) < 1) {
    throw new RangeError(`maxTicks must be a positive integer, got ${String(maxTicks)}`);
  }
  return maxTicks as number;
}
