// An instance's params: given when it is created, journaled in its init
// record, and taken back from the journal when it resumes, so that a restart
// runs it as it ran before. Params given to an instance that already has some
// must agree with them: they never change under a running control loop.
import { ParamsError } from "./errors.js";
import type { State, StateOf, ValuesOf } from "./api.js";
import type { DomainSpec } from "./spec.js";

/** The params a resumed instance runs with: the journaled ones (declared since: their defaults), checked against those it was given. */
export function resumedParams<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, id: string, stored: StateOf | undefined, given: unknown): Readonly<P> | null {
  // Journaled before params were: the instance runs with what it is given, as it always did.
  if (stored === undefined) return null;
  const declared = new Set(spec.meta.params.map((p) => p.name));
  const known = Object.fromEntries(Object.entries(stored).filter(([k]) => declared.has(k)));
  const params = spec.params(known);
  if (given !== undefined && given !== null) assertAgree(id, params as ValuesOf, given as ValuesOf);
  return params;
}

/** Throws unless each param in `given` has the value the instance runs with. */
export function assertAgree(id: string, actual: Readonly<StateOf>, given: Readonly<StateOf>): void {
  const differ = Object.keys(given).filter((k) => given[k] !== undefined && !sameValue(actual[k], given[k]));
  if (differ.length === 0) return;
  const show = (p: Readonly<StateOf>) => differ.map((k) => `${k} = ${JSON.stringify(p[k])}`).join(", ");
  throw new ParamsError(id, `instance '${id}' runs with ${show(actual)}, the params it was created with, and was given ${show(given)}: an instance keeps its params (start a new id for new ones)`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
