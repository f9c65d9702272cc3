// Turns a compiled domain spec into the object a bundle exports. `reconcile`
// and the unchecked tick are the generated functions themselves: nothing
// stands between a caller and the domain's own loop.
import { createFleet } from "./fleet.js";
import { DomainInstance, readOnce } from "./instance.js";
import { readObserveOptions } from "./validate.js";
import { checkNow, frozenState, tick } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import type { CreateOptions, Domain, FleetOptions, ObserveOptions, State, Value } from "./api.js";

export function defineDomain<S extends State<S>, P extends State<P>, E = Record<string, Record<string, Value>>>(spec: DomainSpec<S, P>): Domain<S, P, E> {
  deepFreeze(spec.meta);
  const domain: Domain<S, P> = {
    name: spec.meta.name,
    meta: spec.meta,
    initial: spec.initial,
    params: () => ({ ...spec.defaults }),
    reconcile: spec.reconcile,
    tick(state: Partial<S>, options: { params?: Partial<P>; now?: number } = {}) {
      const now = spec.meta.readsNow ? checkNow(spec.meta, options.now) : undefined;
      const result = tick(spec, spec.state(state, "the state"), spec.params(options.params), [], now);
      if (result.kind === "applied") frozenState(result.state);
      return result;
    },
    checkObservation(patch: Partial<S>, options: ObserveOptions = {}) {
      const checked = readOnce(spec.meta.name, "observation", () => spec.patch(patch, "observation"));
      readObserveOptions(spec.meta.name, options);
      return checked;
    },
    brokenInvariant(state: Partial<S>, options: { params?: Partial<P> } = {}) {
      return spec.broken(spec.state(state, "the state"), spec.params(options.params));
    },
    unchecked: Object.freeze({ tick: spec.tick, converged: spec.converged, broken: spec.broken, failing: spec.failing, until: spec.until, ...(spec.outcome ? { outcome: spec.outcome } : {}) }),
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
