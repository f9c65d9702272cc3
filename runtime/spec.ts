// What a compiled module hands the runtime for each domain. The emitter
// writes every function here as straight-line JavaScript; the runtime only
// calls them.
import type { DomainMeta, EffectCall, State, StateOf } from "./api.js";

export interface DomainSpec<S extends State<S> = StateOf, P extends State<P> = StateOf> {
  meta: DomainMeta;
  /** A fresh object holding the declared initial values. */
  initial(): S;
  /** A fresh object holding the declared params. */
  params(): P;
  /** A shallow copy with exactly the domain's fields. */
  copy(s: Readonly<S>): S;
  /** True when two states hold the same values. */
  equal(a: Readonly<S>, b: Readonly<S>): boolean;
  /** One predicate per invariant, in meta.invariants order. */
  invariants: ReadonlyArray<(s: Readonly<S>, p: Readonly<P>) => boolean>;
  /** One predicate per goal, in meta.goals order. */
  goals: ReadonlyArray<(s: Readonly<S>, p: Readonly<P>) => boolean>;
  /**
   * One step per transition, in meta.transitions order. Mutates the draft it
   * is given and pushes the effects it calls; returns early when its guard fails.
   */
  steps: ReadonlyArray<(draft: S, p: Readonly<P>, fx: EffectCall[]) => void>;
}
