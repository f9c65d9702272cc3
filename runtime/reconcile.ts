// The pure core: state in, state, transitions and effects out. No I/O, no
// clocks, no events; the instance (instance.ts) is the imperative shell
// around it.
import { EvaluationError, InvariantError, LimitError, StepError } from "./errors.js";
import type { DomainSpec } from "./spec.js";
import type { ConditionMeta, DomainMeta, EffectCall, ReconcileResult, State } from "./api.js";

export const DEFAULT_MAX_TICKS = 10_000;

export type TickResult<S> =
  | { kind: "converged" }
  | { kind: "stuck"; failing: string[] }
  | { kind: "applied"; name: string; state: S; effects: EffectCall[] }
  | { kind: "error"; error: StepError | InvariantError | EvaluationError };

/**
 * One tick: when every goal holds, converged. Otherwise try the transitions
 * in declaration order, each step on its own copy of the state; the first
 * whose step changes its copy or calls an effect is applied, unless it would
 * break an invariant, which is an error of that transition. When none is
 * valid, stuck.
 */
export function tick<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, state: Readonly<S>, params: Readonly<P>): TickResult<S> {
  try {
    if (goalsHold(spec, state, params)) return { kind: "converged" };
    const steps = spec.steps;
    for (let i = 0; i < steps.length; i++) {
      const draft = spec.copy(state);
      const effects: EffectCall[] = [];
      const name = spec.meta.transitions[i].name;
      try {
        steps[i](draft, params, effects);
      } catch (cause) {
        return { kind: "error", error: new StepError(spec.meta.name, name, cause) };
      }
      if (effects.length === 0 && spec.equal(draft, state)) continue;
      const broken = brokenInvariant(spec, draft, params);
      if (broken) return { kind: "error", error: new InvariantError(spec.meta.name, broken, name) };
      return { kind: "applied", name, state: draft, effects };
    }
    return { kind: "stuck", failing: failingGoals(spec, state, params) };
  } catch (error) {
    if (error instanceof EvaluationError) return { kind: "error", error };
    throw error;
  }
}

/** True when every goal holds. Throws EvaluationError when a goal cannot be evaluated. */
export function goalsHold<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, state: Readonly<S>, params: Readonly<P>): boolean {
  const goals = spec.goals;
  for (let i = 0; i < goals.length; i++) if (!evaluate(spec, goals[i], state, params, "goal", spec.meta.goals[i])) return false;
  return true;
}

function evaluate<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, fn: (s: Readonly<S>, p: Readonly<P>) => boolean, state: Readonly<S>, params: Readonly<P>, what: string, meta: ConditionMeta): boolean {
  try {
    return fn(state, params);
  } catch (cause) {
    throw new EvaluationError(spec.meta.name, `${what} '${label(meta)}'`, cause);
  }
}

/** How people see a goal or invariant: its name, or its source. */
export function label(c: ConditionMeta): string {
  return c.name ?? c.text;
}

/** The goals that do not hold, for people: one that cannot be evaluated counts as failing. */
export function failingGoals<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, state: Readonly<S>, params: Readonly<P>): string[] {
  return spec.goals.flatMap((goal, i) => {
    try {
      if (goal(state, params)) return [];
    } catch {
      // reported where the goal was evaluated for the loop
    }
    return [label(spec.meta.goals[i])];
  });
}

/** The first invariant `state` breaks, or null. Throws EvaluationError when one cannot be evaluated. */
export function brokenInvariant<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, state: Readonly<S>, params: Readonly<P>): string | null {
  const invariants = spec.invariants;
  for (let i = 0; i < invariants.length; i++) {
    if (!evaluate(spec, invariants[i], state, params, "invariant", spec.meta.invariants[i])) return label(spec.meta.invariants[i]);
  }
  return null;
}

/** Runs ticks until converged, stuck, an error, or `maxTicks` transitions. */
export function reconcile<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, start: Readonly<S>, params: Readonly<P>, maxTicks = DEFAULT_MAX_TICKS): ReconcileResult<S> {
  let state = start;
  const transitions: string[] = [];
  const effects: EffectCall[] = [];
  const end = (status: ReconcileResult<S>["status"], error?: Error): ReconcileResult<S> => {
    const result: ReconcileResult<S> = { state, status, transitions, effects, failing: status === "converged" ? [] : failingGoals(spec, state, params) };
    if (error) result.error = error;
    return result;
  };
  for (;;) {
    const result = tick(spec, state, params);
    if (result.kind === "converged") return end("converged");
    if (result.kind === "stuck") return end("stuck");
    if (result.kind === "error") return end("error", result.error);
    state = result.state;
    transitions.push(result.name);
    for (const e of result.effects) effects.push(e);
    if (transitions.length >= maxTicks && !goalsHold(spec, state, params)) return end("limit", limitError(spec.meta, maxTicks, transitions));
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
