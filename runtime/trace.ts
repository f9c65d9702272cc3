// The words of a trace: what `vedc run` prints, what the `trace` option
// logs, and what `vedc history` prints of a journal — one line per tick,
// observation, effect and outcome, in the same words wherever they are said.
import type { DomainMeta, Instance, StateOf, Value } from "./api.js";
import { durationText, timeText, valueText } from "./time-text.js";

/** The Ved type of each name a line may print (fields and params share one namespace), so that times and durations print in Ved's words. */
export type TypesByName = Readonly<Record<string, string>>;

/** The types of a domain's fields and params, by name. */
export function typesOf(meta: Pick<DomainMeta, "fields" | "params">): TypesByName {
  return Object.fromEntries([...meta.fields, ...meta.params].map((v) => [v.name, v.type]));
}

/** The types of an effect's arguments, by name. */
export function argTypes(meta: Pick<DomainMeta, "effects">, effect: string): TypesByName {
  return Object.fromEntries(meta.effects.find((e) => e.name === effect)?.params.map((p) => [p.name, p.type]) ?? []);
}

export function showState(state: Readonly<Record<string, unknown>>, types: TypesByName = {}): string {
  return Object.entries(state)
    .map(([k, v]) => `${k} = ${valueText(v, types[k])}`)
    .join(", ");
}

/** What changed, field by field; a map key by key: `replicas[a] 0 → 1`. */
export function showChange(before: Readonly<StateOf>, after: Readonly<StateOf>, types: TypesByName = {}): string {
  const changes: string[] = [];
  for (const k of Object.keys(after)) {
    const [was, is] = [before[k], after[k]];
    if (was === is) continue;
    if (typeof was === "object" && typeof is === "object") {
      for (const m of Object.keys(is)) if (was[m] !== is[m]) changes.push(`${k}[${m}] ${valueText(was[m], types[k])} → ${valueText(is[m], types[k])}`);
    } else changes.push(`${k} ${valueText(was, types[k])} → ${valueText(is, types[k])}`);
  }
  return changes.join(", ");
}

/** `until 2026-12-01T10:01:00.000Z (in 45s)`, the wait said from `now` when it is known. */
/** `until <instant> (in <duration>; <what for>)`, each part in the parentheses where it is known. */
function untilText(until: number, now?: number, reason?: string | null): string {
  const notes = [...(now === undefined ? [] : [`in ${durationText(until - now)}`]), ...(reason ? [reason] : [])];
  return `until ${timeText(until)}${notes.length === 0 ? "" : ` (${notes.join("; ")})`}`;
}

/**
 * Each line, indented as a trace indents it. `failing` is null where it is
 * not known (a journal read without its domain); `types` (see typesOf) prints
 * times and durations in Ved's words, and is empty where they are not known.
 */
export const words = {
  tick: (tick: number, failing: readonly string[] | null, name: string, before: Readonly<StateOf>, after: Readonly<StateOf>, types: TypesByName = {}) =>
    `  tick ${tick}: ${failing === null ? "" : `${failing.join(" && ")} fails → `}${name}: ${showChange(before, after, types)}`,
  /** An effect's `done` or `failed` block ran: a tick of its own. */
  outcome: (tick: number, effect: string, outcome: string, before: Readonly<StateOf>, after: Readonly<StateOf>, types: TypesByName = {}) => `  tick ${tick}: ${effect} ${outcome}: ${showChange(before, after, types) || "no change"}`,
  effect: (name: string, args: Readonly<Record<string, Value>>, types: TypesByName = {}) => `    effect ${name}(${showState(args, types)})`,
  retry: (name: string, key: string, attempt: number, error: string, delay?: number) => `    effect ${name} [${key}] attempt ${attempt} failed: ${error}${delay === undefined ? "" : `; retrying in ${delay} ms`}`,
  gaveUp: (name: string, key: string, attempts: number | null, error: string | null) => `    effect ${name} [${key}] gave up${attempts === null ? "" : ` after ${attempts} attempts`}${error === null ? "" : `: ${error}`}`,
  succeeded: (name: string, key: string) => `    effect ${name} [${key}] succeeded`,
  observed: (patch: Readonly<Record<string, unknown>>, before: Readonly<StateOf>, after: Readonly<StateOf>, types: TypesByName = {}) => `observe ${showState(patch, types)}: ${showChange(before, after, types) || "no change"}`,
  dropped: (patch: Readonly<Record<string, unknown>>, reason: string, types: TypesByName = {}) => `observe ${showState(patch, types)}: dropped as ${reason}`,
  /** With `until`: a goal that reads `now` will fail then, and the instance wakes itself to see to it. */
  converged: (tick: number, meta: DomainMeta, until?: number, now?: number) =>
    `  converged at tick ${tick}: ${meta.goals.length === 0 ? "no goals" : meta.goals.length === 1 ? "the goal holds" : "all goals hold"}; sleeping${until === undefined ? "" : ` ${untilText(until, now)}`}`,
  /** A goal fails and no transition is valid now, but one will be by time alone. */
  waiting: (failing: readonly string[], until: number, now?: number, reason?: string | null) =>
    `  waiting ${untilText(until, now, reason)}: ${failing.join(" && ")} fails and no transition is valid before then`,
  stuck: (failing: readonly string[]) => `  stuck: ${failing.join(" && ")} fails and no transition can change the state; sleeping`,
  error: (message: string) => `  error: ${message}`,
};

/** Logs every event of an instance as a line; returns a function that stops logging. */
export function traceTo(instance: Instance<StateOf>, meta: DomainMeta, say: (line: string) => void): () => void {
  const types = typesOf(meta);
  const offs = [
    instance.on("transition", (e) => say(words.tick(e.tick, e.failing, e.name, e.before, e.after, types))),
    instance.on("outcome", (e) => say(words.outcome(e.tick, e.effect, e.outcome, e.before, e.after, types))),
    instance.on("effect", (e) => say(words.effect(String(e.name), e.args as Record<string, Value>, argTypes(meta, String(e.name))))),
    instance.on("effect-retry", (e) => say(words.retry(String(e.name), e.key, e.attempt, e.error.message, e.delay))),
    instance.on("effect-failed", (e) => say(words.gaveUp(String(e.name), e.key, e.attempt, e.error.message))),
    instance.on("observed", (e) => say(words.observed(e.patch, e.before, e.after, types))),
    instance.on("dropped", (e) => say(words.dropped(e.patch, e.reason, types))),
    instance.on("converged", (e) => say(words.converged(e.tick, meta, e.until, e.at))),
    instance.on("waiting", (e) => say(words.waiting(e.failing, e.until, e.at, e.reason))),
    instance.on("stuck", (e) => say(words.stuck(e.failing))),
    instance.on("error", (e) => say(words.error(e.message))),
  ];
  return () => offs.forEach((off) => off());
}
