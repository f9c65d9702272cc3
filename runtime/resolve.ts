// Params and initial states given by a caller: validated against the
// domain's declarations, and an initial state must keep every invariant.
import { InvariantError } from "./errors.js";
import { brokenInvariant } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import type { State } from "./api.js";
import { validatePatch, withEntries } from "./validate.js";

const defaults = new WeakMap<object, object>();

/** The declared params with validated overrides, frozen. Without overrides, one shared frozen object. */
export function resolveParams<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, overrides: unknown): Readonly<P> {
  if (overrides === undefined) {
    let params = defaults.get(spec) as Readonly<P> | undefined;
    if (!params) defaults.set(spec, (params = Object.freeze(spec.params())));
    return params;
  }
  return Object.freeze(withEntries(spec.params(), validatePatch(spec.meta, spec.meta.params, overrides, "params", "param")));
}

/** The declared initial state with validated values, which must keep every invariant. Not frozen: callers decide. */
export function initialState<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, values: unknown, params: Readonly<P>, what: string): S {
  const state = spec.initial();
  if (values !== undefined) withEntries(state, validatePatch(spec.meta, spec.meta.fields, values, what));
  const broken = brokenInvariant(spec, state, params);
  if (broken) throw new InvariantError(spec.meta.name, broken, null, what);
  return state;
}
