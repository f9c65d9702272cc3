// Exploring a domain whose effects say what their completion does. The
// runtime's ticks are deterministic, but when each effect in flight finishes,
// and whether it succeeds or finally fails, is the world's move: it may come
// between any two ticks, in any order. So a configuration here is a state of
// the region together with the effects in flight (and the effect-only
// transitions already fired in that state), and from it the loop may tick,
// or any one effect in flight may complete `done` or `failed`.
//
// A start state verifies when every path from it ends converged — every goal
// holding and nothing in flight — whatever the outcomes and their order: no
// path gets stuck, leaves the region, fails, or comes round in a cycle. One
// cycle is not a counterexample: one that passes through a `failed` outcome,
// since repeating it forever would need the effect to fail forever; we assume
// an effect retried often enough succeeds (and say so in the docs).
//
// Configurations are explored depth first with an explicit stack and their
// verdicts memoised, so each is classified once however many starts reach it.
import type { EffectCall, StateOf, ValuesOf } from "../../runtime/api.js";
import { CONVERGES, CONVERGES_OUTSIDE, ERROR, INVALID, LEAVES, OSCILLATES, STUCK, type Exploration, type FailureKind, type Progress, type Root, type Trace, type TraceEnd, type TraceStep, type Verifiable } from "./explore.js";
import type { Region } from "./region.js";
import type { TimeScale } from "./time-scale.js";
import { durationText } from "../../runtime/time-text.js";

const TICK_CONVERGED = -1;

/** How many effects may be in flight at once before a path counts as leaving the region. */
export const DEFAULT_MAX_IN_FLIGHT = 4;

interface Move {
  label: string;
  /** Set for time passing: how many milliseconds, to the next instant at which a guard, a step or a goal can change its answer. */
  wait?: number;
  /** Set for an outcome: which effect finished, how. */
  outcome?: { effect: string; outcome: "done" | "failed" };
  state: StateOf;
  inFlight: EffectCall[];
  fired: number[];
  effects: EffectCall[];
  /** Set when an outcome block failed (a run-time error, an invariant it would break). */
  error?: string;
}

/** `outside`: some path from it ends just outside the region, in a state where every goal holds and nothing is in flight. */
type Verdict = { kind: "converges"; length: number; outside: boolean } | { kind: "fails"; root: number };

interface Frame {
  key: string;
  state: StateOf;
  inFlight: EffectCall[];
  fired: number[];
  /** Every goal holds here and nothing is in flight: a cycle through it is the domain converging again and again (a goal renewed). */
  holds: boolean;
  moves: Move[] | null;
  next: number;
  longest: number;
  /** Some path below ends converged just outside the region. */
  outside: boolean;
  /** The move that led here from the frame below, for traces. */
  via: Move | null;
}

export interface OutcomeExploration extends Exploration {
  /** One trace per root, in root order: followed while exploring, outcomes included. */
  traces: Trace[];
  /** The configurations explored. */
  configurations: number;
  /** The first path that ends converged just outside the region, when one does. */
  outsideTrace: Trace | null;
  /** A longest path from the slowest start (time passing and outcomes included), when one converges. */
  worstTrace: Trace | null;
}

export function exploreOutcomes(region: Region, domain: Verifiable, params: ValuesOf, maxTicks: number, maxInFlight = DEFAULT_MAX_IN_FLIGHT, onProgress?: (p: Progress) => void, time: TimeScale | null = null, withOutcome: ReadonlySet<string> = new Set()): OutcomeExploration {
  const u = domain.unchecked;
  // Every tick is taken at one instant: time passing ages the time fields instead (region.aged).
  const now = time?.now;
  const n = region.size;
  const verdict = new Uint8Array(n);
  const info = new Uint32Array(n);
  const roots: Root[] = [];
  const traces: Trace[] = [];
  const counts = { converges: 0, oscillates: 0, stuck: 0, leaves: 0, error: 0, invalid: 0 };
  const memo = new Map<string, Verdict>();
  const onStack = new Map<string, number>();
  const started = performance.now();
  let worst = -1;
  let worstTicks = -1;
  let slow = 0;
  let outside = 0;
  let outsideFirst = -1;
  let outsideTrace: Trace | null = null;

  const effectKey = (e: EffectCall) => `${String(e.name)}(${JSON.stringify(e.args)})`;
  const configKey = (stateNumber: number, inFlight: EffectCall[], fired: number[]) => `${stateNumber}|${inFlight.map(effectKey).sort().join(",")}|${[...fired].sort().join(",")}`;

  /** The moves from a configuration, or how it ends when it has none. */
  const movesFrom = (state: StateOf, inFlight: EffectCall[], fired: number[]): Move[] | TraceEnd => {
    const moves: Move[] = [];
    const draft = region.copy(state);
    const fx: EffectCall[] = [];
    const firedAfter = [...fired];
    let t: number;
    try {
      t = u.tick(state, draft, params, fx, firedAfter, now);
    } catch (e) {
      return { kind: "error", transition: stringOr((e as { transition?: unknown }).transition), message: (e as Error).message };
    }
    // Only an effect whose completion does something is in flight: the others are recorded, not handled.
    if (t >= 0) moves.push({ label: domain.meta.transitions[t].name, state: draft, inFlight: [...inFlight, ...fx.filter((e) => withOutcome.has(String(e.name)))], fired: firedAfter, effects: fx });
    // Each distinct effect in flight may finish, either way, before the next tick.
    const seen = new Set<string>();
    inFlight.forEach((e, i) => {
      const k = effectKey(e);
      if (seen.has(k)) return;
      seen.add(k);
      const rest = [...inFlight.slice(0, i), ...inFlight.slice(i + 1)];
      for (const outcome of ["done", "failed"] as const) {
        const after = region.copy(state);
        const called: EffectCall[] = [];
        let ran: boolean;
        try {
          ran = u.outcome?.(state, after, params, called, String(e.name), outcome, e.args as ValuesOf, now) ?? false;
        } catch (err) {
          moves.push({ label: `${String(e.name)} ${outcome}`, outcome: { effect: String(e.name), outcome }, state, inFlight: rest, fired: [], effects: [], error: (err as Error).message });
          continue;
        }
        moves.push({ label: `${String(e.name)} ${outcome}`, outcome: { effect: String(e.name), outcome }, state: ran ? after : state, inFlight: [...rest, ...called.filter((c) => withOutcome.has(String(c.name)))], fired: [], effects: called });
      }
    });
    // No transition is valid now: time passes, to the next instant at which a goal, a guard or a step can change its answer.
    if (t < 0 && time) {
      let until: number | null;
      try {
        until = u.until(state, params, now);
      } catch (e) {
        return { kind: "error", transition: null, message: (e as Error).message };
      }
      if (until !== null) {
        const wait = until - time.now;
        moves.push({ label: waitLabel(wait, time.grain), wait, state: region.aged(state, wait), inFlight, fired: [], effects: [] });
      }
    }
    if (moves.length > 0) return moves;
    if (t === TICK_CONVERGED) return { kind: "converged" };
    return { kind: "stuck", failing: u.failing(state, params, now), ...(time ? { forever: true as const } : {}) };
  };

  const kindVerdict: Record<FailureKind, number> = { oscillates: OSCILLATES, stuck: STUCK, leaves: LEAVES, error: ERROR };

  /** A new failure, its trace the path on the stack to it. */
  const fail = (kind: FailureKind, stack: Frame[], end: TraceEnd, last?: Move): number => {
    traces.push(pathTrace(stack, end, last));
    return roots.push({ kind, start: -1, states: 0 }) - 1;
  };

  /** The path on the stack, then `last`, as a trace ending `end`. */
  const pathTrace = (stack: Frame[], end: TraceEnd, last?: Move): Trace => {
    const steps: TraceStep[] = [];
    const path = [...stack.slice(1).map((f) => f.via!), ...(last ? [last] : [])];
    let before = stack[0].state;
    path.forEach((m, i) => {
      const changes = region.changes(before, m.state);
      steps.push({ tick: i + 1, transition: m.label, changes, effects: m.effects, ...(m.outcome ? { outcome: m.outcome } : {}), ...(m.wait !== undefined ? { wait: m.wait } : {}) });
      before = m.state;
    });
    return { start: stack[0].state, steps, end };
  };

  /** Whether a state meets every goal (one that cannot be evaluated does not hold). */
  const holdsHere = (state: StateOf): boolean => {
    try {
      return u.converged(state, params, now);
    } catch {
      return false;
    }
  };
  /** Whether a state outside the region, with nothing in flight, meets every goal: the path has converged there. */
  const holdsOutside = holdsHere;

  for (let start = 0; start < n; start++) {
    if (onProgress && start % 1024 === 0) onProgress({ done: start, total: n, seconds: (performance.now() - started) / 1000 });
    if (!region.isStart(start)) continue;
    const first = region.decode(start);
    let broken: string | null;
    try {
      broken = u.broken(first, params);
    } catch (e) {
      const r = fail("error", [{ key: "", state: first, inFlight: [], fired: [], holds: false, moves: null, next: 0, longest: 0, outside: false, via: null }], { kind: "error", transition: null, message: (e as Error).message });
      roots[r].start = start;
      roots[r].states++;
      verdict[start] = ERROR;
      info[start] = r;
      counts.error++;
      continue;
    }
    if (broken !== null) {
      verdict[start] = INVALID;
      counts.invalid++;
      continue;
    }
    const result = classify(first, start);
    if (result.kind === "converges") {
      verdict[start] = result.outside ? CONVERGES_OUTSIDE : CONVERGES;
      if (result.outside && outside++ === 0) outsideFirst = start;
      info[start] = result.length;
      counts.converges++;
      if (result.length > worstTicks) {
        worst = start;
        worstTicks = result.length;
      }
      if (result.length > maxTicks) slow++;
    } else {
      const root = roots[result.root];
      if (root.start < 0) root.start = start;
      root.states++;
      verdict[start] = kindVerdict[root.kind];
      info[start] = result.root;
      counts[root.kind]++;
    }
  }

  /** The verdict of the configuration of state `number` with nothing in flight. */
  function classify(state: StateOf, number: number): Verdict {
    const key0 = configKey(number, [], []);
    const known = memo.get(key0);
    if (known) return known;
    const stack: Frame[] = [{ key: key0, state, inFlight: [], fired: [], holds: false, moves: null, next: 0, longest: 0, outside: false, via: null }];
    onStack.set(key0, 0);
    let result: Verdict | null = null;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.moves === null) {
        const moves = movesFrom(top.state, top.inFlight, top.fired);
        if (!Array.isArray(moves)) {
          const v: Verdict = moves.kind === "converged" ? { kind: "converges", length: 0, outside: false } : { kind: "fails", root: fail(moves.kind === "stuck" ? "stuck" : "error", stack, moves) };
          result = finish(stack, v);
          continue;
        }
        top.moves = moves;
        top.holds = top.inFlight.length === 0 && holdsHere(top.state);
      }
      if (result !== null && result.kind === "fails") {
        // A failure below fails every configuration on the path to it.
        result = finish(stack, result);
        continue;
      }
      if (result !== null) {
        // Time passing is no tick: a path's length counts the ticks it takes.
        top.longest = Math.max(top.longest, result.length + (top.moves[top.next - 1].wait === undefined ? 1 : 0));
        top.outside ||= result.outside;
        result = null;
      }
      if (top.next >= top.moves.length) {
        // Where every goal holds it has converged: what follows (a goal expiring, renewed) must converge too, but takes no ticks to get here.
        result = finish(stack, { kind: "converges", length: top.holds ? 0 : top.longest, outside: top.outside });
        continue;
      }
      const move = top.moves[top.next++];
      if (move.error !== undefined) {
        result = finish(stack, { kind: "fails", root: fail("error", stack, { kind: "error", transition: move.label, message: move.error }, move) });
        continue;
      }
      const number = region.encode(move.state);
      if (number < 0 && move.inFlight.length === 0 && holdsOutside(move.state)) {
        // Just outside the region, every goal holds and nothing is in flight: the runtime stops there, converged.
        outsideTrace ??= pathTrace(stack, { kind: "converged", outside: region.outside(move.state) }, move);
        result = { kind: "converges", length: 0, outside: true };
        continue;
      }
      if (number < 0) {
        result = finish(stack, { kind: "fails", root: fail("leaves", stack, { kind: "leaves", outside: region.outside(move.state) }, move) });
        continue;
      }
      if (move.inFlight.length > maxInFlight) {
        result = finish(stack, { kind: "fails", root: fail("leaves", stack, { kind: "leaves", outside: [{ field: "effects in flight", value: move.inFlight.length, region: `at most ${maxInFlight}` }] }, move) });
        continue;
      }
      const key = configKey(number, move.inFlight, move.fired);
      const done = memo.get(key);
      if (done) {
        result = done;
        continue;
      }
      const at = onStack.get(key);
      if (at !== undefined) {
        // Round again. Through a `failed` outcome this is a retry, and an effect does not fail forever: not a way to loop.
        const cycle = [...stack.slice(at + 1).map((f) => f.via!), move];
        if (cycle.some((m) => m.outcome?.outcome === "failed")) continue;
        // Round again through a state where every goal holds: a goal that expires and is renewed, converging each time round.
        if (stack.slice(at).some((f) => f.holds)) continue;
        result = finish(stack, { kind: "fails", root: fail("oscillates", stack, { kind: "cycle", tick: at }, move) });
        continue;
      }
      onStack.set(key, stack.length);
      // A float near a grid point goes on from the point itself.
      if (region.snaps) move.state = region.decode(number);
      stack.push({ key, state: move.state, inFlight: move.inFlight, fired: move.fired, holds: false, moves: null, next: 0, longest: 0, outside: false, via: move });
    }
    return memo.get(key0)!;
  }

  /** Pops the top configuration with its verdict; returns it for the one below. */
  function finish(stack: Frame[], v: Verdict): Verdict {
    const top = stack.pop()!;
    onStack.delete(top.key);
    memo.set(top.key, v);
    return v;
  }

  /** From start `n`, the moves that keep the path longest, until it converges for good or comes round. */
  function longestPath(n: number): Trace {
    const first = region.decode(n);
    const steps: TraceStep[] = [];
    let frame = { state: first, inFlight: [] as EffectCall[], fired: [] as number[] };
    const seen = new Set<string>([configKey(n, [], [])]);
    for (;;) {
      const moves = movesFrom(frame.state, frame.inFlight, frame.fired);
      if (!Array.isArray(moves)) return { start: first, steps, end: moves };
      if (frame.inFlight.length === 0 && holdsHere(frame.state)) return { start: first, steps, end: { kind: "converged" } };
      let best: { move: Move; key: string; length: number } | null = null;
      for (const move of moves) {
        const number = region.encode(move.state);
        if (number < 0 || move.error !== undefined) continue;
        const key = configKey(number, move.inFlight, move.fired);
        const v = memo.get(key);
        const length = v?.kind === "converges" ? v.length + (move.wait === undefined ? 1 : 0) : -1;
        if (length >= 0 && !seen.has(key) && (best === null || length > best.length)) best = { move, key, length };
      }
      if (best === null) return { start: first, steps, end: { kind: "converged" } };
      const before = frame.state;
      const state = region.snaps ? region.decode(region.encode(best.move.state)) : best.move.state;
      const changes = region.changes(before, state);
      const m = best.move;
      steps.push({ tick: steps.length + 1, transition: m.label, changes, effects: m.effects, ...(m.outcome ? { outcome: m.outcome } : {}), ...(m.wait !== undefined ? { wait: m.wait } : {}) });
      seen.add(best.key);
      frame = { state, inFlight: m.inFlight, fired: m.fired };
      if (steps.length > 64) return { start: first, steps, end: { kind: "converged" } };
    }
  }

  const worstTrace = worst >= 0 && time ? longestPath(worst) : null;
  return { worstTrace, verdict, info, roots, counts, worst, worstTicks, slow, slowBound: maxTicks, seconds: (performance.now() - started) / 1000, traces, configurations: memo.size, outside, outsideFirst, outsideTrace };
}

function stringOr(x: unknown): string | null {
  return typeof x === "string" ? x : null;
}

/**
 * `wait 1m`; `wait just over 1m` to the instant after a strict comparison's
 * edge (`now - t > 1m`); `wait up to 1m` from an age strictly between two grid
 * points, which stands for every age in between.
 */
function waitLabel(ms: number, grain: number): string {
  const rest = ms % grain;
  if (rest === 0) return `wait ${durationText(ms)}`;
  if (rest === 1) return `wait just over ${durationText(ms - 1)}`;
  return `wait up to ${durationText(ms - rest + grain)}`;
}
