// Turns a compiled domain spec into the object a bundle exports.
import { initialState, resolveParams } from "./resolve.js";
import { createFleet } from "./fleet.js";
import { DomainInstance } from "./instance.js";
import { brokenInvariant, checkMaxTicks, reconcile, tick } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import { validatePatch, withEntries } from "./validate.js";
import type { CreateOptions, Domain, FleetOptions, ReconcileOptions, State, Value } from "./api.js";

export function defineDomain<S extends State<S>, P extends State<P>, E = Record<string, Record<string, Value>>>(spec: DomainSpec<S, P>): Domain<S, P, E> {
  deepFreeze(spec.meta);
  /** The declared initial state with `values` applied, checked against the field types only. */
  const typed = (values: unknown): S => withEntries(spec.initial(), validatePatch(spec.meta, spec.meta.fields, values, "the state"));
  // The compiled spec is typed by state and params; effect argument types come from the generated declarations.
  const domain: Domain<S, P> = {
    name: spec.meta.name,
    meta: spec.meta,
    initial: () => spec.initial(),
    params: () => spec.params(),
    reconcile(state: Partial<S>, options: ReconcileOptions<P> = {}) {
      const params = resolveParams(spec, options.params);
      const start = initialState(spec, state, params, "the state");
      const result = reconcile(spec, start, params, checkMaxTicks(options.maxTicks));
      Object.freeze(result.state);
      return result;
    },
    tick(state: Partial<S>, options: { params?: Partial<P> } = {}) {
      const result = tick(spec, typed(state), resolveParams(spec, options.params));
      if (result.kind === "applied") Object.freeze(result.state);
      return result;
    },
    brokenInvariant(state: Partial<S>, options: { params?: Partial<P> } = {}) {
      return brokenInvariant(spec, typed(state), resolveParams(spec, options.params));
    },
    create(options?: CreateOptions<S, P>) {
      return new DomainInstance(spec, options);
    },
    fleet(options?: FleetOptions<S, P>) {
      return createFleet<S, P>((o) => new DomainInstance(spec, o), options);
    },
  };
  return Object.freeze(domain) as unknown as Domain<S, P, E>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
