// A verification as text for people: one verdict line per domain, how the
// region was chosen, and for a failure the first counterexamples of each
// kind as Ved-level traces:
//
//   x = 0
//   → right → x = 1
//   → left → x = 0  ↺ back to the start
//   ✗ this cycle of 2 ticks repeats forever, and goal x == 5 never holds
import type { StateOf, Value } from "../../runtime/api.js";
import type { Trace } from "./explore.js";
import { showAs } from "./region.js";
import { durationText } from "../../runtime/time-text.js";
import type { Counterexample, CounterexampleKind, RegionField, Verification } from "./verify.js";

export interface ReportOptions {
  /** Counterexamples shown per kind. Default 3. */
  examples?: number;
}

/** Traces longer than this many ticks show their first and last HEAD ticks only. */
const LONG = 16;
const HEAD = 6;

export function formatVerification(v: Verification, options: ReportOptions = {}): string {
  const lines = [headline(v), ...regionLines(v)];
  if (v.invalid > 0) {
    lines.push(`  ${num(v.invalid)} of the ${count(v.states)} ${v.invalid === 1 ? "breaks" : "break"} an invariant as ${v.invalid === 1 ? "it stands" : "they stand"}: the runtime never holds ${v.invalid === 1 ? "it" : "them"}, so ${v.invalid === 1 ? "it is" : "they are"} not classified`);
  }
  const types = typesOf(v);
  if (v.convergedOutside) {
    const { states, trace } = v.convergedOutside;
    const which = states === 1 ? "1 state converges" : `${count(states)} converge`;
    lines.push("", `  ${which} just outside the region, where every goal holds; from ${showState(trace.start, types)}:`, ...traceLines(trace, v, types).map((l) => `    ${l}`));
  }
  const slowest = v.worst?.trace;
  if (v.verified && slowest && slowest.steps.some((s) => s.wait !== undefined)) {
    lines.push("", `  the slowest, with the waits it takes; from ${showState(slowest.start, types)}:`, ...traceLines(slowest, v, types).map((l) => `    ${l}`));
  }
  const shown = options.examples ?? 3;
  for (const kind of ["oscillates", "stuck", "leaves", "error", "limit"] as CounterexampleKind[]) {
    const groups = groupsOf(v.counterexamples.filter((c) => c.kind === kind));
    for (const g of groups.slice(0, shown)) {
      lines.push("", `  ${header(g, v, types)}`, ...traceLines(g.first.trace, v, types).map((l) => `    ${l}`));
    }
    if (groups.length > shown) lines.push("", `  … and ${num(groups.length - shown)} more kinds of ${KIND_WORDS[kind]} (--json lists every counterexample)`);
  }
  return lines.join("\n") + "\n";
}

/**
 * What `vedc build --verify` prints for a domain that verified: the verdict,
 * which fields it held fixed, and how many states converge just outside the region.
 */
export function verificationSummary(v: Verification): string {
  const lines = [headline(v)];
  const held = v.region.filter((f) => f.source === "held");
  if (held.length > 0) lines.push(`  held fixed: ${grouped(held).map(describeField).join(", ")}; declare ${held.length === 1 ? "its region" : "their regions"} to explore ${held.length === 1 ? "it" : "them"} (${exampleRegion(held[0])})`);
  if (v.convergedOutside) lines.push(`  ${count(v.convergedOutside.states)} converge just outside the region, where every goal holds (vedc verify shows how)`);
  return lines.join("\n") + "\n";
}

/** How to declare a region for a held field: `holder: string in {"", "a"}`. */
function exampleRegion(f: RegionField): string {
  const region = f.type === "float" ? "float in 0.0..1.0 by 0.1" : `string in {${show(f.type, f.values![0])}, "other"}`;
  return f.map ? `${f.map.field}: map<${f.map.enum}, ${region}>` : `${f.field}: ${region}`;
}

const KIND_WORDS: Record<CounterexampleKind, string> = {
  oscillates: "cycle",
  stuck: "stuck state",
  leaves: "way out of the region",
  error: "error",
  limit: "slow state",
};

/** Counterexamples that fail the same way: the same error, the same failing goals, the same transitions. */
interface Group {
  first: Counterexample;
  /** Distinct counterexamples in it. */
  size: number;
  /** States ending in any of them. */
  states: number;
}

function groupsOf(list: Counterexample[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of list) {
    const key = groupKey(c);
    const g = groups.get(key);
    if (g) {
      g.size++;
      g.states += c.states;
    } else groups.set(key, { first: c, size: 1, states: c.states });
  }
  return [...groups.values()];
}

function groupKey(c: Counterexample): string {
  const t = c.trace;
  const end = t.end;
  switch (end.kind) {
    case "error":
      return end.message;
    case "stuck":
      return end.failing.join("\0");
    case "leaves":
      return `${t.steps[t.steps.length - 1].transition}\0${end.outside.map((o) => o.field).join("\0")}`;
    case "cycle":
      return [...new Set(t.steps.slice(end.tick).map((s) => s.transition))].sort().join("\0");
    default:
      return "";
  }
}

function headline(v: Verification): string {
  const valid = v.states - v.invalid;
  if (valid === 0) return `${v.domain}: FAILED — none of the ${num(v.states)} states in the region keeps the invariants, so nothing was verified; widen the region`;
  if (v.verified) {
    const which = v.invalid === 0 ? `all ${count(valid)}` : `all ${count(valid)} that keep the invariants`;
    const worst = v.worst!;
    const types = typesOf(v);
    if (worst.ticks === 0) return `${v.domain}: verified — ${which} already meet every goal`;
    return `${v.domain}: verified — ${which} converge within ${plural(worst.ticks, "tick")} (worst: ${showState(worst.state, types)})`;
  }
  const c = v.counts;
  const parts = [
    c.converges && `${num(c.converges)} ${c.converges === 1 ? "converges" : "converge"}`,
    c.oscillates && `${num(c.oscillates)} ${c.oscillates === 1 ? "oscillates" : "oscillate"}`,
    c.stuck && `${num(c.stuck)} ${c.stuck === 1 ? "gets" : "get"} stuck`,
    c.leaves && `${num(c.leaves)} ${c.leaves === 1 ? "leaves" : "leave"} the region`,
    c.error && `${num(c.error)} ${c.error === 1 ? "fails" : "fail"} with an error`,
    c.limit && `${num(c.limit)} ${c.limit === 1 ? "needs" : "need"} more than ${plural(v.maxTicks, "tick")}`,
  ].filter(Boolean);
  const of = v.invalid === 0 ? count(v.states) : `${count(valid)} that keep the invariants`;
  return `${v.domain}: FAILED — of ${of}, ${parts.join(", ")}`;
}

function regionLines(v: Verification): string[] {
  const lines = [`  region: ${v.region.length === 0 ? "no fields" : grouped(v.region).map(describeField).join(", ")}`];
  const defaults = v.region.filter((f) => f.source === "default");
  if (defaults.length > 0) {
    lines.push(`  ${names(defaults)} ${defaults.length === 1 ? "has" : "have"} no declared range and no bound: ${defaults.length === 1 ? "it takes" : "each takes"} the default 0..100, widened to hold the initial value`);
  }
  const held = v.region.filter((f) => f.source === "held");
  if (held.length > 0) {
    lines.push(`  ${names(held)} ${held.length === 1 ? "is" : "are"} held at ${held.length === 1 ? "its" : "their"} initial value: a string or float field varies only when its region is declared (${exampleRegion(held[0])}) or bound`);
  }
  const owned = v.region.filter((f) => f.owned);
  if (owned.length > 0) {
    lines.push(`  ${names(owned)} ${owned.length === 1 ? "is" : "are"} owned: every run starts with ${owned.length === 1 ? "it at its" : "them at their"} initial value, and only the domain's own steps and outcomes change ${owned.length === 1 ? "it" : "them"}`);
  }
  if (v.params.length > 0) lines.push(`  params: ${v.params.map((p) => `${p.name} = ${show(p.type, p.value)}`).join(", ")}`);
  return lines;
}

/** A field, or keys of a map field, with how it was covered: `workers in 0..100 (declared)`, `replicas[a, b, c] in 0..5 (declared)`. */
function describeField({ name, field: f }: { name: string; field: RegionField }): string {
  return `${name} ${coverage(f)}`;
}

function coverage(f: RegionField): string {
  const tag = f.source === "declared" || f.source === "bound" || f.source === "default" ? ` (${f.source})` : "";
  if (f.values === undefined) return `in ${f.min}..${f.max}${tag}`;
  if (f.ages) return `by age (long ago, or now - ${durationText(f.ages.horizon)} to now + ${durationText(f.ages.horizon)} by ${durationText(f.ages.grain)})`;
  if (f.grid) return `in ${show(f.type, f.grid.min)}..${show(f.type, f.grid.max)} by ${show(f.type, f.grid.step)}${tag}`;
  if (f.source === "held") return `= ${show(f.type, f.values[0])} (held)`;
  return `in {${f.values.map((x) => show(f.type, x)).join(", ")}}${tag}`;
}

/**
 * The fields as people read them: the keys of a map field next to each other
 * and covered alike as one, `replicas[a, b, c]`; every other field by its name.
 */
function grouped(fields: RegionField[]): { name: string; field: RegionField }[] {
  const out: { name: string; field: RegionField; keys: string[] }[] = [];
  for (const f of fields) {
    const last = out[out.length - 1];
    if (f.map && last?.field.map?.field === f.map.field && coverage(last.field) === coverage(f) && last.field.owned === f.owned) last.keys.push(f.map.key);
    else out.push({ name: f.field, field: f, keys: f.map ? [f.map.key] : [] });
  }
  return out.map((g) => ({ name: g.field.map ? `${g.field.map.field}[${g.keys.join(", ")}]` : g.name, field: g.field }));
}

function header(g: Group, v: Verification, types: Map<string, string>): string {
  const c = g.first;
  const from = showState(c.trace.start, types);
  const end = g.states === 1 ? "1 state ends" : `${count(g.states)} end`;
  const many = g.size > 1;
  const path = many ? `the first, from ${from}:` : `from ${from}:`;
  switch (c.kind) {
    case "oscillates":
      return `oscillates — ${end} in ${many ? `one of ${num(g.size)} cycles through the same transitions` : "this cycle"}; ${path}`;
    case "stuck":
      return `stuck — ${end} stuck${many ? `, in one of ${count(g.size)} where the same goals fail` : " here"}; ${path}`;
    case "leaves":
      return `leaves the region — ${end} ${many ? `by this transition, from one of ${count(g.size)}` : "by this way out"}; ${path}`;
    case "error":
      return `error — ${end} in this error${many ? `, raised in ${count(g.size)}` : ""}; ${path}`;
    case "limit":
      return `too slow — ${end} converging only after more than ${plural(v.maxTicks, "tick")}, which the runtime does not allow in one wake; the slowest, from ${from}, needs ${num(c.ticks!)}:`;
  }
}

/** The trace as lines: the start state, then `→ transition → changed fields` per tick, then how it ends. */
export function traceLines(t: Trace, v: Pick<Verification, "goals">, types: Map<string, string>): string[] {
  const lines = [showState(t.start, types)];
  const steps = t.steps;
  const step = (i: number) => {
    const s = steps[i];
    if (s.wait !== undefined) {
      lines.push(`… ${s.transition}${t.end.kind === "cycle" && i === steps.length - 1 ? `  ↺ back to ${t.end.tick === 0 ? "the start" : `the state after step ${t.end.tick}`}` : ""}`);
      return;
    }
    const changes = Object.keys(s.changes).length === 0 ? "(no change)" : showChanges(s.changes, types);
    // Effect arguments as `vedc run` shows them.
    const effects = s.effects.length === 0 ? "" : `; calls ${s.effects.map((e) => `${String(e.name)}(${Object.entries(e.args as StateOf).map(([k, x]) => `${k} = ${String(x)}`).join(", ")})`).join(", ")}`;
    const back = t.end.kind === "cycle" && i === steps.length - 1 ? `  ↺ back to ${t.end.tick === 0 ? "the start" : `the state after tick ${t.end.tick}`}` : "";
    lines.push(`${s.outcome ? "⇐" : "→"} ${s.transition} → ${changes}${effects}${back}`);
  };
  if (steps.length > LONG) {
    for (let i = 0; i < HEAD; i++) step(i);
    lines.push(`… ticks ${HEAD + 1} to ${steps.length - HEAD} …`);
    for (let i = steps.length - HEAD; i < steps.length; i++) step(i);
  } else {
    for (let i = 0; i < steps.length; i++) step(i);
  }
  const end = t.end;
  switch (end.kind) {
    case "converged": {
      const outside = end.outside ? `, outside the region: ${end.outside.map((o) => `${o.field} = ${show(types.get(o.field) ?? "", o.value)} is outside ${o.region}`).join(", ")}` : "";
      const waited = steps.reduce((ms, s) => ms + (s.wait ?? 0), 0);
      const ticks = steps.filter((s) => s.wait === undefined).length;
      lines.push(`✓ converged after ${plural(ticks, "tick")}${waited > 0 ? ` and ${durationText(waited)} of waiting` : ""}${outside}`);
      break;
    }
    case "stuck":
      lines.push(`✗ stuck${end.forever ? " forever" : ""}: ${end.failing.join(" && ")} ${end.failing.length === 1 ? "fails" : "fail"}, and no transition is valid${end.forever ? ", now or after any wait" : ""}`);
      break;
    case "cycle": {
      const goals = v.goals.length === 1 ? `goal ${v.goals[0]} never holds` : `the goals (${v.goals.join("; ")}) never all hold`;
      lines.push(`✗ this cycle of ${plural(steps.length - end.tick, "tick")} repeats forever, and ${goals}`);
      break;
    }
    case "leaves":
      lines.push(`✗ leaves the region: ${end.outside.map((o) => `${o.field} = ${show(types.get(o.field) ?? "", o.value)} is outside ${o.region}`).join(", ")}`);
      break;
    case "error":
      lines.push(`✗ ${end.message}`);
      break;
  }
  return lines;
}

/** A state: `workers = 3, replicas = { a: 0, b: 1, c: 2 }`. */
function showState(state: Readonly<StateOf>, types: Map<string, string>): string {
  return Object.entries(state)
    .map(([k, x]) => (isMap(x) ? `${k} = { ${Object.entries(x).map(([key, y]) => `${key}: ${show(types.get(`${k}[${key}]`) ?? "", y)}`).join(", ")} }` : `${k} = ${show(types.get(k) ?? "", x)}`))
    .join(", ");
}

/** What a step changed: `workers = 4`, and a map field key by key, `replicas[b] = 1`. */
function showChanges(changes: Readonly<StateOf>, types: Map<string, string>): string {
  return Object.entries(changes)
    .flatMap(([k, x]) => (isMap(x) ? Object.entries(x).map(([key, y]) => `${k}[${key}] = ${show(types.get(`${k}[${key}]`) ?? "", y)}`) : [`${k} = ${show(types.get(k) ?? "", x)}`]))
    .join(", ");
}

/** A map field's value (an object from key to value), as a state holds it. */
function isMap(x: unknown): x is Record<string, Value> {
  return typeof x === "object" && x !== null;
}

/** A value as Ved writes it: a string quoted, a whole float with its `.0`, an enum member by name, a time explored by age as its age. */
const show = showAs;

/** Each field's type for showing its values: a time explored by age shows as one (see showAs). */
function typesOf(v: Verification): Map<string, string> {
  return new Map(v.region.map((f) => [f.field, f.ages ? `age ${f.ages.grain}` : f.type]));
}

function names(fields: RegionField[]): string {
  const list = grouped(fields).map((g) => g.name);
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

function num(n: number): string {
  return n.toLocaleString("en-US");
}

function count(n: number): string {
  return plural(n, "state");
}

function plural(n: number, word: string): string {
  return `${num(n)} ${word}${n === 1 ? "" : "s"}`;
}
