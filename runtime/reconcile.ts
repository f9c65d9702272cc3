// The pure core: state in, state and transitions out. No I/O, no clocks, no
// events; the instance (instance.ts) is the imperative shell around it.
import { LimitError, StepError } from "./errors.js";
import type { DomainSpec } from "./spec.js";
import type { DomainMeta, ReconcileResult, State } from "./types.js";

export const DEFAULT_MAX_TICKS = 10_000;

export type TickResult<S> =
  | { kind: "converged" }
  | { kind: "stuck"; failing: string[] }
  | { kind: "applied"; name: string; state: S }
  | { kind: "error"; error: StepError };

/**
 * One tick: when every goal holds, converged. Otherwise try the transitions
 * in declaration order, each step on its own copy of the state; the first
 * whose step changes its copy is applied. When none does, stuck.
 */
export function tick<S extends State<S>>(spec: DomainSpec<S>, state: Readonly<S>): TickResult<S> {
  if (goalsHold(spec, state)) return { kind: "converged" };
  const steps = spec.steps;
  for (let i = 0; i < steps.length; i++) {
    const draft = spec.copy(state);
    try {
      steps[i](draft);
    } catch (cause) {
      return { kind: "error", error: new StepError(spec.meta.name, spec.meta.transitions[i].name, cause) };
    }
    if (!spec.equal(draft, state)) return { kind: "applied", name: spec.meta.transitions[i].name, state: draft };
  }
  return { kind: "stuck", failing: failingGoals(spec, state) };
}

export function goalsHold<S extends State<S>>(spec: DomainSpec<S>, state: Readonly<S>): boolean {
  const goals = spec.goals;
  for (let i = 0; i < goals.length; i++) if (!goals[i](state)) return false;
  return true;
}

export function failingGoals<S extends State<S>>(spec: DomainSpec<S>, state: Readonly<S>): string[] {
  return spec.goals.flatMap((goal, i) => (goal(state) ? [] : [spec.meta.goals[i].text]));
}

/** Runs ticks until converged, stuck, a step error, or `maxTicks` transitions. */
export function reconcile<S extends State<S>>(spec: DomainSpec<S>, start: Readonly<S>, maxTicks = DEFAULT_MAX_TICKS): ReconcileResult<S> {
  let state = start;
  const transitions: string[] = [];
  for (;;) {
    const result = tick(spec, state);
    switch (result.kind) {
      case "converged":
        return { state, status: "converged", transitions, failing: [] };
      case "stuck":
        return { state, status: "stuck", transitions, failing: result.failing };
      case "error":
        return { state, status: "error", transitions, failing: failingGoals(spec, state), error: result.error };
      case "applied":
        state = result.state;
        transitions.push(result.name);
    }
    if (transitions.length >= maxTicks && !goalsHold(spec, state)) {
      return { state, status: "limit", transitions, failing: failingGoals(spec, state), error: limitError(spec.meta, maxTicks, transitions) };
    }
  }
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
