// What a compiled module hands the runtime for each domain. The emitter
// writes every function here as straight-line JavaScript for that domain —
// its checks of outside values unrolled over its fields, its tick and its
// reconcile written out — and the runtime only calls them.
import type { DomainMeta, EffectCall, ReconcileOptions, ReconcileResult, State, StateOf, ValuesOf } from "./api.js";

/** What `tick` returns besides the index of the transition it applied. */
export const CONVERGED = -1;
export const STUCK = -2;

/*
 * The clock. A domain whose meta.readsNow is true reads `now`: each function
 * below that takes `now` gets the instant of the tick, a safe integer of
 * milliseconds since the epoch, the same for every call of one tick. A domain
 * that does not read `now` ignores the argument (its functions do not even
 * declare it), so a caller may pass anything, or nothing.
 */

export interface DomainSpec<S extends State<S> = StateOf, P extends State<P> = ValuesOf, E = Record<string, ValuesOf>> {
  meta: DomainMeta;
  /** A fresh object holding the declared initial values. */
  initial(): S;
  /** A fresh copy of a state. */
  copy(s: Readonly<S>): S;
  /** The initial values with each field `input` gives checked and set; `what` names it in the error. Throws ObservationError. */
  state(input: unknown, what: string): S;
  /** A checked copy of an observation's patch: only the fields it sets. Throws ObservationError. */
  patch(input: unknown, what: string): Partial<S>;
  /** The declared params with each override checked and set, frozen; `defaults` itself when none are given. Throws ObservationError. */
  params(input: unknown): Readonly<P>;
  /** The declared params, frozen. */
  defaults: Readonly<P>;
  /** Whether every goal holds. Throws EvaluationError when one cannot be evaluated. */
  converged(s: Readonly<S>, p: Readonly<P>, now?: number): boolean;
  /** The first invariant `s` breaks, by name or source, or null. Throws EvaluationError. */
  broken(s: Readonly<S>, p: Readonly<P>): string | null;
  /** The goals that fail in `s`, by name or source; one that cannot be evaluated counts as failing. */
  failing(s: Readonly<S>, p: Readonly<P>, now?: number): string[];
  /**
   * The earliest instant strictly after `now` at which time passing alone
   * could change what a tick from `s` does, or null when none can: when every
   * goal holds, the earliest at which a goal could change its answer (a goal
   * that expires); otherwise the earliest at which a goal, a guard or a
   * step's condition could. A wake may be spurious (the condition keeps its
   * answer), never late. Always null for a domain that does not read `now`.
   */
  until(s: Readonly<S>, p: Readonly<P>, now?: number): number | null;
  /** What the instant `until` (one `until` returned) wakes the domain for, in Ved (`transition scale_up at last_scaled + cooldown`), or null. */
  wakeReason(s: Readonly<S>, p: Readonly<P>, until: number): string | null;
  /**
   * One tick from `s`, which it never changes: CONVERGED; STUCK; or the
   * index (in meta.transitions) of the transition applied, whose new state
   * it built in `d` (every field written) and whose effects it pushed to `fx`.
   * `fired` holds the transitions applied since the state last changed that
   * only called effects: such a transition is valid once per state, so the
   * tick adds to it when one fires and empties it when the state changes
   * (the caller empties it too, when an observation or an outcome is applied).
   * Throws StepError, EvaluationError or InvariantError.
   */
  tick(s: Readonly<S>, d: S, p: Readonly<P>, fx: EffectCall<E>[], fired: number[], now?: number): number;
  /**
   * What an effect's completion does: the effect's `done` (or `failed`)
   * block run from `s`, its new state built in `d` (every field written), its
   * effects pushed to `fx`. False when the effect declares no such block
   * (or the domain none at all: then this is absent). Throws StepError or InvariantError.
   */
  outcome?(s: Readonly<S>, d: S, p: Readonly<P>, fx: EffectCall<E>[], effect: string, outcome: "done" | "failed", args: Readonly<StateOf>, now?: number): boolean;
  /** The pure loop, written out for this domain; a domain that reads `now` needs `options.now`, and throws a TypeError without it. */
  reconcile(input: Partial<S>, options?: ReconcileOptions<P>): ReconcileResult<S, E>;
}
