// Stage 6, verifying: proves that a domain converges from every state of a
// bounded region, or finds the traces where it does not.
//
// It reads the IR (for the fields, their types and ranges, the params) and the
// domain compiled by stages 4 and 5: every tick it takes is the bundle's own
// tick (`Domain.unchecked.tick`, and `Domain.tick` for traces), so what it
// proves is about the code that runs, not about a second interpreter of Ved.
// See explore.ts for how the region is covered.
import * as ir from "../ir.js";
import type { StateOf, ValuesOf, Value } from "../../runtime/api.js";
import { CONVERGES, CONVERGES_OUTSIDE, ERROR, explore, INVALID, LEAVES, OSCILLATES, STUCK, trace, type Exploration, type FailureKind, type Progress, type Trace, type Verifiable } from "./explore.js";
import { exploreOutcomes, type OutcomeExploration } from "./explore-outcomes.js";
import { Region, VerifyError, type AxisSource, type Bound } from "./region.js";
import { timeScale, type TimeScale } from "./time-scale.js";

export { VerifyError, DEFAULT_INT_RANGE, type Bound } from "./region.js";
export type { FailureKind, Progress, Trace, TraceEnd, TraceStep, Verifiable } from "./explore.js";

/** The runtime's bound on ticks per wake (runtime/reconcile.ts), used unless another is given. */
export const DEFAULT_MAX_TICKS = 10_000;
/** Regions larger than this are refused: their verdicts would not fit in memory comfortably (5 bytes a state). */
export const MAX_STATES = 50_000_000;

export interface VerifyOptions {
  /**
   * Values for some fields, replacing their declared ranges (which they may
   * only narrow) and defaults. A map field's name bounds every key of it;
   * `replicas[a]` one key, and wins over the map's name.
   */
  bounds?: Record<string, Bound>;
  /** Params overriding their defaults; the params are fixed for the whole verification. */
  params?: ValuesOf;
  /** A state that needs more ticks than this to converge fails, as the runtime would stop it. Default 10,000. */
  maxTicks?: number;
  /** Refuse regions with more states than this. Default MAX_STATES. */
  maxStates?: number;
  /** With effect outcomes: how many effects may be in flight at once before a path counts as leaving the region. Default 4. */
  maxInFlight?: number;
  /** Called now and then during a long exploration. */
  onProgress?: (p: Progress) => void;
}

/** How one field was covered; a map field, one key at a time. */
export interface RegionField {
  /** The field's name; for a map field one key of it, `replicas[a]`, and then `map` is set. */
  field: string;
  /** For one key of a map field: the field (`replicas`), the key (`a`) and the enum of its keys (`Zone`). */
  map?: { field: string; key: string; enum: string };
  /** The Ved type: int, float, bool, string, or the enum's name. */
  type: string;
  source: AxisSource;
  /** An int range, both ends included ... */
  min?: number;
  max?: number;
  /** ... or a list of values ... */
  values?: Value[];
  /** ... which for a float grid (`in 0.0..1.0 by 0.1`) are its points, from `grid.min` by `grid.step`. */
  grid?: { min: number; max: number; step: number };
  /** A time field, explored by age: its values are instants `now - age` at this `now`, on this grain, up to this horizon (milliseconds). */
  ages?: TimeScale;
  size: number;
  /** Owned: a run starts with it at its initial value; the rest of its range is only reached. */
  owned?: true;
}

export type CounterexampleKind = FailureKind | "limit";

export interface Counterexample {
  /**
   * oscillates: a cycle of states in none of which every goal holds;
   * stuck: a state where a goal fails and no transition is valid;
   * leaves: a transition into a state outside the region;
   * error: a step that throws or would break an invariant, or a goal or
   * invariant that cannot be evaluated;
   * limit: the goals do hold at the end, but only after more than maxTicks ticks.
   */
  kind: CounterexampleKind;
  /** How many states of the region end this way (for limit: need more than maxTicks ticks). */
  states: number;
  /** For limit: the ticks the traced state needs. */
  ticks?: number;
  /** The path from the lowest-numbered such state (for limit: from the slowest). */
  trace: Trace;
}

export interface Verification {
  domain: string;
  file: string;
  /** True when every state in the region that keeps the invariants converges within maxTicks ticks. */
  verified: boolean;
  /** The domain's goals, by name or as Ved source. */
  goals: string[];
  /** The params used: the defaults with the overrides given. Type as in RegionField. */
  params: { name: string; type: string; value: Value }[];
  maxTicks: number;
  region: RegionField[];
  /** The number of states in the region. */
  states: number;
  /** States that break an invariant as they stand: the runtime never holds one, so they are not classified. */
  invalid: number;
  /** States by verdict; together with `invalid` they add up to `states`. */
  counts: { converges: number; oscillates: number; stuck: number; leaves: number; error: number; limit: number };
  /**
   * Converging states whose path ends just outside the region, in a state
   * where every goal holds (the runtime stops there), with the path of the
   * first of them; null when none does. They count as converging.
   */
  convergedOutside: { states: number; trace: Trace } | null;
  /**
   * The converging state that needs the most ticks (the lowest-numbered, when
   * several do), or null; for a domain that reads `now`, with a longest path
   * from it, time passing included.
   */
  worst: { ticks: number; state: StateOf; trace?: Trace } | null;
  /** Every distinct failure: each cycle, each stuck state, each exit from the region, each error; then the slowest state, if any is too slow. */
  counterexamples: Counterexample[];
  seconds: number;
}

const KIND_ORDER: CounterexampleKind[] = ["oscillates", "stuck", "leaves", "error", "limit"];

interface Prepared {
  decl: ir.Domain;
  region: Region;
  params: ValuesOf;
  maxTicks: number;
  fields: RegionField[];
  time: TimeScale | null;
}

/**
 * Checks the options against domain `name` of `program` — bounds, params, the
 * tick bound, the region's size — without running anything: throws
 * VerifyError for a mistake, so a caller can report it before compiling.
 */
export function checkOptions(program: ir.Program, name: string, options: VerifyOptions = {}): void {
  prepare(program, name, options);
}

function prepare(program: ir.Program, name: string, options: VerifyOptions): Prepared {
  const decl = program.domains.find((d) => d.name === name);
  if (!decl) throw new Error(`internal error: the program has no domain '${name}'`);
  const maxTicks = options.maxTicks ?? DEFAULT_MAX_TICKS;
  if (!Number.isSafeInteger(maxTicks) || maxTicks < 1) throw new VerifyError(`the tick bound must be a positive integer, not ${String(maxTicks)}`);
  const params = resolveParams(decl, program.enums, options.params ?? {});
  const time = decl.clock.readsNow ? timeScale(decl, params) : null;
  const region = new Region(decl, program.enums, options.bounds, time);
  const limit = options.maxStates ?? MAX_STATES;
  const fields: RegionField[] = region.axes.map((a) => ({
    field: a.name,
    ...(a.key === null ? {} : { map: { field: a.field, key: a.key, enum: decl.fields.find((f) => f.name === a.field)!.key!.name } }),
    type: ir.typeName(a.type),
    source: a.source,
    ...(a.values === undefined ? { min: a.min!, max: a.max! } : { values: a.values }),
    ...(a.grid ? { grid: a.grid } : {}),
    ...(a.time ? { ages: a.time } : {}),
    size: a.size,
    ...(a.owned ? { owned: true as const } : {}),
  }));
  if (region.size > limit) {
    const sizes = fields.map((f) => `${f.field}: ${f.size.toLocaleString("en-US")}`).join(", ");
    throw new VerifyError(
      `${decl.name}: the region has ${region.size.toLocaleString("en-US")} states (${sizes}), more than the ${limit.toLocaleString("en-US")} the verifier explores; narrow it with --bound field=lo..hi${mapHint(decl)}, or declare ranges in the source (workers: int in 0..100)`,
    );
  }
  return { decl, region, params, maxTicks, fields, time };
}

/** For a domain with a map field: how to bound one (every key counts as a field of its own). */
function mapHint(d: ir.Domain): string {
  const map = d.fields.find((f) => f.key);
  return map ? ` (a map's every key: --bound ${map.name}=lo..hi; one key: --bound ${map.name}[key]=lo..hi)` : "";
}

/** Verifies `domain`, compiled from `program`'s domain of the same name. Throws VerifyError for a mistake in the options. */
export function verifyDomain(program: ir.Program, domain: Verifiable, options: VerifyOptions = {}): Verification {
  const { decl, region, params, maxTicks, fields, time } = prepare(program, domain.name, options);
  // With effect outcomes the world moves too: every order of completions is explored (explore-outcomes.ts);
  // with time, time passing is the world's move, explored the same way.
  const withOutcome = new Set(decl.effects.filter((e) => e.done !== null || e.failed !== null).map((e) => e.name));
  const withOutcomes = withOutcome.size > 0 || decl.clock.readsNow;
  const found = withOutcomes ? exploreOutcomes(region, domain, params, maxTicks, options.maxInFlight, options.onProgress, time, withOutcome) : explore(region, domain, params, maxTicks, options.onProgress);
  if (!withOutcomes && region.starts < region.size) tallyStarts(region, found);
  const traceOf = (r: number) => ("traces" in found ? (found as OutcomeExploration).traces[r] : trace(region, domain, params, found.roots[r].start));
  const counterexamples: Counterexample[] = found.roots
    .map((r, i) => ({ kind: r.kind as CounterexampleKind, states: r.states, trace: traceOf(i) }))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  if (found.slow > 0 && !withOutcomes) counterexamples.push({ kind: "limit", states: found.slow, ticks: found.worstTicks, trace: trace(region, domain, params, found.worst) });
  const counts = {
    converges: found.counts.converges - found.slow,
    oscillates: found.counts.oscillates,
    stuck: found.counts.stuck,
    leaves: found.counts.leaves,
    error: found.counts.error,
    limit: found.slow,
  };
  const valid = region.starts - found.counts.invalid;
  return {
    domain: decl.name,
    file: program.file,
    verified: valid > 0 && counts.converges === valid,
    goals: decl.goals.map((g) => g.name ?? g.text),
    params: decl.params.map((p) => ({ name: p.name, type: ir.typeName(p.type), value: params[p.name] })),
    maxTicks,
    region: fields,
    states: region.starts,
    invalid: found.counts.invalid,
    counts,
    convergedOutside: found.outside > 0 ? { states: found.outside, trace: "outsideTrace" in found ? (found as OutcomeExploration).outsideTrace! : trace(region, domain, params, found.outsideFirst) } : null,
    worst: found.worst < 0 ? null : { ticks: found.worstTicks, state: region.decode(found.worst), ...("worstTrace" in found && found.worstTrace ? { trace: found.worstTrace as Trace } : {}) },
    counterexamples,
    seconds: found.seconds,
  };
}

/**
 * Counts verdicts over the states a run may start in (owned fields at their
 * initial values) only: a path classifies the states it passes through too,
 * but a reached state is no start of its own.
 */
function tallyStarts(region: Region, found: Exploration): void {
  const counts = { converges: 0, oscillates: 0, stuck: 0, leaves: 0, error: 0, invalid: 0 };
  const kinds: Record<number, keyof typeof counts> = { [CONVERGES]: "converges", [CONVERGES_OUTSIDE]: "converges", [OSCILLATES]: "oscillates", [STUCK]: "stuck", [LEAVES]: "leaves", [ERROR]: "error", [INVALID]: "invalid" };
  for (const r of found.roots) r.states = 0;
  let slow = 0;
  let worst = -1;
  let worstTicks = -1;
  let outside = 0;
  let outsideFirst = -1;
  for (let n = 0; n < region.size; n++) {
    if (!region.isStart(n)) continue;
    const v = found.verdict[n];
    counts[kinds[v]]++;
    if (v === CONVERGES_OUTSIDE && outside++ === 0) outsideFirst = n;
    if (v === CONVERGES || v === CONVERGES_OUTSIDE) {
      const t = found.info[n];
      if (t > worstTicks) [worst, worstTicks] = [n, t];
      if (t > found.slowBound) slow++;
    } else if (v !== INVALID) found.roots[found.info[n]].states++;
  }
  Object.assign(found, { counts, slow, worst, worstTicks, outside, outsideFirst });
}

/** The declared params with the overrides, each checked against its type. */
function resolveParams(d: ir.Domain, enums: ir.Enum[], overrides: ValuesOf): ValuesOf {
  const params: ValuesOf = Object.fromEntries(d.params.map((p) => [p.name, p.default]));
  for (const [name, value] of Object.entries(overrides)) {
    const p = d.params.find((q) => q.name === name);
    if (!p) throw new VerifyError(`${d.name} has no param '${name}' (params: ${d.params.map((q) => q.name).join(", ") || "none"})`);
    if (!ir.isValueOf(p.type, value, enums)) throw new VerifyError(`${d.name}: param '${name}' is ${ir.describeType(p.type)}, and ${JSON.stringify(value)} is not one`);
    params[name] = value;
  }
  return params;
}


