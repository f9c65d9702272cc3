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

/** How a generated reconcile ends. */
export function ended<S, E>(state: S, status: ReconcileStatus, transitions: string[], effects: EffectCall<E>[], failing: string[], error?: unknown): ReconcileResult<S, E> {
  frozen(state);
  const result: ReconcileResult<S, E> = { state, status, transitions, effects, failing };
  if (error !== undefined) result.error = error instanceof Error ? error : new Error(String(error));
  return result;
}

/** `fn(s, p)`, or false when it cannot be evaluated. */
export function safely<S, P>(fn: (s: S, p: P) => boolean, s: S, p: P): boolean {
  try {
    return fn(s, p);
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
  | { kind: "converged" }
  | { kind: "stuck"; failing: string[] }
  | { kind: "applied"; name: string; state: S; effects: EffectCall[] }
  | { kind: "error"; error: Error };

/** One tick from `state`, its new state a fresh object: how the instance and `Domain.tick` take a tick. */
export function tick<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, state: Readonly<S>, params: Readonly<P>, fired: number[] = []): TickResult<S> {
  const draft = spec.copy(state);
  const effects: EffectCall[] = [];
  let t: number;
  try {
    t = spec.tick(state, draft, params, effects as never, fired);
  } catch (error) {
    return { kind: "error", error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (t === CONVERGED) return { kind: "converged" };
  if (t === STUCK) return { kind: "stuck", failing: spec.failing(state, params) };
  return { kind: "applied", name: spec.meta.transitions[t].name, state: draft, effects };
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
