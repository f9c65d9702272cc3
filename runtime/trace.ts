// The words of a trace: what `vedc run` prints and what the `trace` option
// logs, one line per tick, observation, effect and outcome.
import type { DomainMeta, Instance, StateOf } from "./api.js";

export function showState(state: Readonly<Record<string, unknown>>): string {
  return Object.entries(state)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(", ");
}

export function showChange(before: Readonly<StateOf>, after: Readonly<StateOf>): string {
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${String(before[k])} → ${String(after[k])}`)
    .join(", ");
}

/** Logs every event of an instance as a line; returns a function that stops logging. */
export function traceTo(instance: Instance<StateOf>, meta: DomainMeta, say: (line: string) => void): () => void {
  const goals = meta.goals.length === 0 ? "no goals" : meta.goals.length === 1 ? "the goal holds" : "all goals hold";
  const offs = [
    instance.on("transition", (e) => say(`  tick ${e.tick}: ${e.failing.join(" && ")} fails → ${e.name}: ${showChange(e.before, e.after)}`)),
    instance.on("outcome", (e) => say(`  tick ${e.tick}: ${e.effect} ${e.outcome}: ${showChange(e.before, e.after) || "no change"}`)),
    instance.on("effect", (e) => say(`    effect ${String(e.name)}(${showState(e.args as Record<string, unknown>)})`)),
    instance.on("effect-retry", (e) => say(`    effect ${String(e.name)} [${e.key}] attempt ${e.attempt} failed: ${e.error.message}; retrying in ${e.delay} ms`)),
    instance.on("effect-failed", (e) => say(`    effect ${String(e.name)} [${e.key}] gave up after ${e.attempt} attempts: ${e.error.message}`)),
    instance.on("observed", (e) => say(`observe ${showState(e.patch)}: ${showChange(e.before, e.after) || "no change"}`)),
    instance.on("dropped", (e) => say(`observe ${showState(e.patch)}: dropped as ${e.reason}`)),
    instance.on("converged", (e) => say(`  converged at tick ${e.tick}: ${goals}; sleeping`)),
    instance.on("stuck", (e) => say(`  stuck: ${e.failing.join(" && ")} fails and no transition can change the state; sleeping`)),
    instance.on("error", (e) => say(`  error: ${e.message}`)),
  ];
  return () => offs.forEach((off) => off());
}
