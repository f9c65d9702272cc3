// The scale a domain that reads `now` is explored at. Its time fields are not
// explored as instants but by how long ago they were, relative to a symbolic
// now: an age on a grid of the program's own durations. The grain is the gcd
// of every duration the program writes (constants, params, and the sums and
// multiples of them it computes without `now`); the horizon is the largest of
// them. Every comparison of an age with one of those durations answers the
// same for all ages beyond the horizon ("long ago"), for all ages strictly
// between two grid points, and for each grid point: so these are all the ages
// there are, as far as the domain can tell (see docs/verification.md for what
// that does not cover).
import * as ir from "../ir.js";
import { forEachExpr, forEachExprIn } from "../ir-walk.js";
import type { ValuesOf } from "../../runtime/api.js";

export interface TimeScale {
  /** The instant every tick is taken at: time passing is ages growing, not now moving. */
  now: number;
  /** Milliseconds between grid points: the gcd of the program's durations. */
  grain: number;
  /** The largest duration the program writes: ages beyond it are all "long ago". */
  horizon: number;
}

/** The instant ticks are taken at: far from the epoch (a time field's zero, "long ago") and from the largest instant. */
export const VERIFY_NOW = 1e12;

/** The scale for a domain that reads `now`, with these params; null when it writes no duration (nothing in it measures time). */
export function timeScale(d: ir.Domain, params: ValuesOf): TimeScale | null {
  const durations = new Set<number>();
  const note = (v: number | null) => {
    if (v !== null && v !== 0) durations.add(Math.abs(v));
  };
  for (const p of d.params) if (p.type.kind === "duration") note(params[p.name] as number);
  for (const f of d.fields) if (f.type.kind === "duration") note(f.initial as number);
  const visit = (e: ir.Expr) => {
    if (e.type.kind !== "duration") return;
    // The largest value a now-free duration expression can have is its value: note it, and its parts.
    note(constantValue(e, params));
  };
  const exprs: ir.Expr[] = [...d.goals.map((g) => g.expr), ...d.invariants.map((i) => i.expr), ...d.lets.map((l) => l.expr), ...d.transitions.flatMap((t) => (t.guard ? [t.guard] : []))];
  for (const e of exprs) forEachExpr(e, visit);
  for (const t of d.transitions) forEachExprIn(t.step, visit);
  for (const e of d.effects) for (const o of [e.done, e.failed]) if (o) forEachExprIn(o.step, visit);
  if (durations.size === 0) return null;
  const values = [...durations];
  return { now: VERIFY_NOW, grain: values.reduce(gcd), horizon: Math.max(...values) };
}

/** The value of a duration (or int) expression that reads neither `now` nor state, or null. */
function constantValue(e: ir.Expr, params: ValuesOf): number | null {
  switch (e.kind) {
    case "const":
      return typeof e.value === "number" ? e.value : null;
    case "param":
      return typeof params[e.name] === "number" ? (params[e.name] as number) : null;
    case "unary":
      return e.op === "-" ? negate(constantValue(e.operand, params)) : null;
    case "binary": {
      const [a, b] = [constantValue(e.left, params), constantValue(e.right, params)];
      if (a === null || b === null) return null;
      if (e.op === "+") return a + b;
      if (e.op === "-") return a - b;
      if (e.op === "*") return a * b;
      if (e.op === "/" && b !== 0) return Math.trunc(a / b);
      return null;
    }
    default:
      return null;
  }
}

function negate(v: number | null): number | null {
  return v === null ? null : -v;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
