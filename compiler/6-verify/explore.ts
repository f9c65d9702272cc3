// Exploring the region: every state is classified once, by following the
// runtime's own ticks from it until the path converges, gets stuck, fails,
// leaves the region, comes back to a state on the path (a cycle), or reaches
// a state already classified, whose verdict it then shares.
//
// Nothing here evaluates Ved: each tick is the compiled domain's own tick,
// the same code the bundle runs. Exploring uses its unchecked form over two
// scratch states, so that a state costs no allocation; a trace, followed
// once per counterexample, keeps a fresh state per step. Verdicts are
// memoised in typed arrays indexed by state number, and each path is
// followed with a loop, not recursion, so a path may be as long as the
// region is large.
import type { EffectCall, StateOf, ValuesOf, UncheckedDomain, Value } from "../../runtime/api.js";
import type { Region } from "./region.js";

/** What the verifier needs of a compiled domain (a bundle's documented exports): its metadata and its unchecked loop. */
export interface Verifiable {
  readonly name: string;
  readonly meta: { transitions: readonly { name: string }[] };
  readonly unchecked: UncheckedDomain<StateOf, StateOf>;
}

/** What the unchecked tick returns when no transition is applied (runtime/spec.ts). */
const TICK_CONVERGED = -1;
const TICK_STUCK = -2;

// Verdicts, one byte per state.
const UNKNOWN = 0;
const ON_PATH = 1;
export const CONVERGES = 2;
export const OSCILLATES = 3;
export const STUCK = 4;
export const LEAVES = 5;
export const ERROR = 6;
/** Breaks an invariant as it stands: not a state the runtime can be in. */
export const INVALID = 7;
/** Converges, but its path ends just outside the region, in a state where every goal holds. */
export const CONVERGES_OUTSIDE = 8;

export type FailureKind = "oscillates" | "stuck" | "leaves" | "error";
const KIND_VERDICT: Record<FailureKind, number> = { oscillates: OSCILLATES, stuck: STUCK, leaves: LEAVES, error: ERROR };

/** One distinct failure: a cycle, a stuck state, a step out of the region, an error. */
export interface Root {
  kind: FailureKind;
  /** The first state (lowest number) whose path ends in it: its trace is the one shown. */
  start: number;
  /** How many states' paths end in it. */
  states: number;
}

export interface Progress {
  /** States classified so far, counting those on the path being followed. */
  done: number;
  total: number;
  seconds: number;
}

export interface Exploration {
  /** Per state: CONVERGES ... INVALID. */
  verdict: Uint8Array;
  /** Per state: ticks to converge, when it converges; else the number of its Root. */
  info: Uint32Array;
  roots: Root[];
  /** States per verdict. */
  counts: { converges: number; oscillates: number; stuck: number; leaves: number; error: number; invalid: number };
  /**
   * Of the converging states, those whose path ends just outside the region
   * in a state where every goal holds (the runtime stops there: converged),
   * and the lowest-numbered of them, or -1.
   */
  outside: number;
  outsideFirst: number;
  /** The converging state that needs the most ticks (the lowest-numbered of them), or -1. */
  worst: number;
  worstTicks: number;
  /** Converging states that need more than maxTicks ticks: the runtime would stop them with 'limit'. */
  slow: number;
  /** The maxTicks the exploration counted `slow` against. */
  slowBound: number;
  seconds: number;
}

/** Ticks between progress reports. */
const PROGRESS_EVERY = 1 << 14;

export function explore(region: Region, domain: Verifiable, params: ValuesOf, maxTicks: number, onProgress?: (p: Progress) => void): Exploration {
  const n = region.size;
  const verdict = new Uint8Array(n);
  const info = new Uint32Array(n);
  const roots: Root[] = [];
  const counts = { converges: 0, oscillates: 0, stuck: 0, leaves: 0, error: 0, invalid: 0 };
  const { tick, broken: breaks, converged: holds } = domain.unchecked;
  let outside = 0;
  let outsideFirst = -1;
  const snaps = region.snaps;
  const started = performance.now();
  let worst = -1;
  let worstTicks = -1;
  let slow = 0;
  let ticks = 0;
  let classified = 0;

  // The path being followed, as state numbers; grows by doubling.
  let path = new Int32Array(1024);
  let length = 0;
  const push = (s: number) => {
    if (length === path.length) {
      const bigger = new Int32Array(path.length * 2);
      bigger.set(path);
      path = bigger;
    }
    path[length++] = s;
    verdict[s] = ON_PATH;
  };
  /** Every state on the path converges (ending outside the region, with `how`): the last needs `last` ticks, each before it one more. */
  const converge = (last: number, how: number) => {
    for (let i = length - 1, t = last; i >= 0; i--, t++) {
      const s = path[i];
      verdict[s] = how;
      info[s] = t;
      if (t > worstTicks || (t === worstTicks && s < worst)) {
        worst = s;
        worstTicks = t;
      }
      if (t > maxTicks) slow++;
    }
    counts.converges += length;
    if (how === CONVERGES_OUTSIDE) {
      outside += length;
      if (outsideFirst < 0 || path[0] < outsideFirst) outsideFirst = path[0];
    }
  };
  /** Whether a state outside the region meets every goal: its path has converged there. */
  const holdsOutside = (s: StateOf) => {
    try {
      return holds(s, params);
    } catch {
      return false;
    }
  };
  /** Every state on the path ends in root `r`. */
  const fail = (r: number) => {
    const kind = roots[r].kind;
    const v = KIND_VERDICT[kind];
    for (let i = 0; i < length; i++) {
      verdict[path[i]] = v;
      info[path[i]] = r;
    }
    roots[r].states += length;
    counts[kind] += length;
  };
  const root = (kind: FailureKind, start: number) => roots.push({ kind, start, states: 0 }) - 1;

  // The state being ticked from, and the draft its successor is built in; they swap at each step.
  let state = region.decode(0);
  let draft = region.decode(0);
  const effects: EffectCall[] = [];
  /** The transitions that fired calling effects only, since the state last changed (see runtime/spec.ts). */
  const fired: number[] = [];
  for (let start = 0; start < n; start++) {
    // A run starts with its owned fields at their initial values; other states are only reached.
    if (verdict[start] !== UNKNOWN || !region.isStart(start)) continue;
    region.decodeInto(start, state);
    // Setting an array's length is a slow path in V8 even when it is already 0.
    if (fired.length !== 0) fired.length = 0;
    length = 0;
    push(start);
    let broken: string | null;
    try {
      broken = breaks(state, params);
    } catch {
      // An invariant that cannot be evaluated here (a division by zero in it): the trace shows the error.
      fail(root("error", start));
      classified += length;
      continue;
    }
    if (broken !== null) {
      verdict[start] = INVALID;
      counts.invalid++;
      classified++;
      continue;
    }
    for (;;) {
      if (++ticks % PROGRESS_EVERY === 0 && onProgress) onProgress({ done: classified + length, total: n, seconds: (performance.now() - started) / 1000 });
      let t: number;
      try {
        t = tick(state, draft, params, effects, fired);
      } catch {
        fail(root("error", start));
        break;
      }
      if (effects.length !== 0) effects.length = 0;
      if (t === TICK_CONVERGED) {
        converge(0, CONVERGES);
        break;
      }
      if (t === TICK_STUCK) {
        fail(root("stuck", start));
        break;
      }
      const next = region.encode(draft);
      if (next < 0) {
        // Just outside the region, every goal holds: the runtime stops there, converged. Only a way out with a goal failing leaves.
        if (holdsOutside(draft)) converge(1, CONVERGES_OUTSIDE);
        else fail(root("leaves", start));
        break;
      }
      // A transition that only called effects leaves the state as it was, and is not valid again in it: tick on.
      if (next === path[length - 1] && fired.length > 0) continue;
      const v = verdict[next];
      if (v === UNKNOWN) {
        push(next);
        // A float near a grid point goes on from the point itself, as the state numbered `next` holds it.
        if (snaps) region.decodeInto(next, draft);
        const ticked = state;
        state = draft;
        draft = ticked;
        continue;
      }
      if (v === ON_PATH) fail(root("oscillates", start));
      else if (v === CONVERGES || v === CONVERGES_OUTSIDE) converge(info[next] + 1, v);
      else if (v === INVALID) throw new Error(`internal error: ${domain.name}: transition '${domain.meta.transitions[t].name}' was applied into a state that breaks an invariant`);
      else fail(info[next]);
      break;
    }
    classified += length;
  }
  return { verdict, info, roots, counts, outside, outsideFirst, worst, worstTicks, slow, slowBound: maxTicks, seconds: (performance.now() - started) / 1000 };
}

// ---- traces ------------------------------------------------------------------------

export interface TraceStep {
  /** 1 for the first transition applied from the start. */
  tick: number;
  /** The transition applied; for an effect's outcome, `boot done`. */
  transition: string;
  /** Set when this step is the world's move: an effect in flight finished, this way. */
  outcome?: { effect: string; outcome: "done" | "failed" };
  /** Set when this step is time passing, this many milliseconds, with no transition valid in between. */
  wait?: number;
  /** The fields the transition changed, with their new values. */
  changes: StateOf;
  effects: EffectCall[];
}

export type TraceEnd =
  /** `outside`: set when the path ends just outside the region, in a state where every goal holds. */
  | { kind: "converged"; outside?: { field: string; value: Value; region: string }[] }
  /** `forever`: the domain reads `now`, and no time passing makes a transition valid. */
  | { kind: "stuck"; failing: string[]; forever?: true }
  /** The state after tick `tick` (0: the start) comes round again. */
  | { kind: "cycle"; tick: number }
  /** The last step's state has these fields outside the region. */
  | { kind: "leaves"; outside: { field: string; value: Value; region: string }[] }
  /** `transition` is null when no step was running: a goal or an invariant could not be evaluated. */
  | { kind: "error"; transition: string | null; message: string };

/** A path of the runtime's ticks, as Ved sees it. */
export interface Trace {
  start: StateOf;
  steps: TraceStep[];
  end: TraceEnd;
}

/**
 * Follows the ticks from state `start` again, recording each, until the path
 * converges, fails, leaves the region or comes round. Deterministic, so this
 * retraces the path the exploration followed.
 */
export function trace(region: Region, domain: Verifiable, params: ValuesOf, start: number): Trace {
  const { tick, broken, failing, converged } = domain.unchecked;
  const first = region.decode(start);
  const steps: TraceStep[] = [];
  const done = (end: TraceEnd): Trace => ({ start: first, steps, end });
  try {
    broken(first, params);
  } catch (e) {
    return done({ kind: "error", transition: null, message: (e as Error).message });
  }
  const seen = new Map<number, number>([[start, 0]]);
  const fired: number[] = [];
  let state: StateOf = region.copy(first);
  for (;;) {
    // A copy sharing nothing with `state`, a map field's object included: the tick writes every field of it.
    const draft = region.copy(state);
    const effects: EffectCall[] = [];
    let t: number;
    try {
      t = tick(state, draft, params, effects, fired);
    } catch (e) {
      const transition = (e as { transition?: unknown }).transition;
      return done({ kind: "error", transition: typeof transition === "string" ? transition : null, message: (e as Error).message });
    }
    if (t === TICK_CONVERGED) return done({ kind: "converged" });
    if (t === TICK_STUCK) return done({ kind: "stuck", failing: failing(state, params) });
    const changes = region.changes(state, draft);
    steps.push({ tick: steps.length + 1, transition: domain.meta.transitions[t].name, changes, effects });
    const next = region.encode(draft);
    if (next < 0) {
      let met = false;
      try {
        met = converged(draft, params);
      } catch {
        // A goal that cannot be evaluated there does not hold.
      }
      return done(met ? { kind: "converged", outside: region.outside(draft) } : { kind: "leaves", outside: region.outside(draft) });
    }
    const again = seen.get(next);
    // A transition that only called effects is not valid again in the same state: that is no cycle.
    if (again !== undefined && !(Object.keys(changes).length === 0 && fired.length > 0)) return done({ kind: "cycle", tick: again });
    seen.set(next, steps.length);
    state = region.snaps ? region.decode(next) : draft;
  }
}
