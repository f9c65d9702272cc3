// What a compiled module hands the runtime for each domain. The emitter
// writes every function here as straight-line JavaScript for that domain —
// its checks of outside values unrolled over its fields, its tick and its
// reconcile written out — and the runtime only calls them.
import type { DomainMeta, EffectCall, ReconcileOptions, ReconcileResult, State, StateOf } from "./api.js";

/** What `tick` returns besides the index of the transition it applied. */
export const CONVERGED = -1;
export const STUCK = -2;

export interface DomainSpec<S extends State<S> = StateOf, P extends State<P> = StateOf, E = Record<string, StateOf>> {
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
  converged(s: Readonly<S>, p: Readonly<P>): boolean;
  /** The first invariant `s` breaks, by name or source, or null. Throws EvaluationError. */
  broken(s: Readonly<S>, p: Readonly<P>): string | null;
  /** The goals that fail in `s`, by name or source; one that cannot be evaluated counts as failing. */
  failing(s: Readonly<S>, p: Readonly<P>): string[];
  /**
   * One tick from `s`, which it never changes: CONVERGED; STUCK; or the
   * index (in meta.transitions) of the transition applied, whose new state
   * it built in `d` (every field written) and whose effects it pushed to `fx`.
   * Throws StepError, EvaluationError or InvariantError.
   */
  tick(s: Readonly<S>, d: S, p: Readonly<P>, fx: EffectCall<E>[]): number;
  /** The pure loop, written out for this domain. */
  reconcile(input: Partial<S>, options?: ReconcileOptions<P>): ReconcileResult<S, E>;
}
