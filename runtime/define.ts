// Turns a compiled domain spec into the object a bundle exports.
import { DomainInstance } from "./instance.js";
import { checkMaxTicks, reconcile } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import type { CreateOptions, Domain, ReconcileOptions, State, StateOf } from "./types.js";
import { validatePatch } from "./validate.js";

export function defineDomain<S extends State<S>>(spec: DomainSpec<S>): Domain<S> {
  const meta = deepFreeze(spec.meta);
  return Object.freeze({
    name: meta.name,
    meta,
    initial: () => spec.initial(),
    reconcile(state: Partial<S>, options: ReconcileOptions = {}) {
      const start = spec.initial();
      for (const [k, v] of validatePatch(meta, state, "the state")) (start as StateOf)[k] = v;
      const result = reconcile(spec, start, checkMaxTicks(options.maxTicks));
      Object.freeze(result.state);
      return result;
    },
    create(options?: CreateOptions<S>) {
      return new DomainInstance(spec, options);
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
