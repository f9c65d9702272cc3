// One walker for the IR's statements and expressions, so that no pass
// recurses over them by hand (and none forgets a branch: `else if` is an else
// holding one If, and an else-less if has an empty else).
import type * as ir from "./ir.js";

/** Calls `visit` on every statement of `stmts`, nested ones included, outermost first. */
export function forEachStmt(stmts: readonly ir.Stmt[], visit: (s: ir.Stmt) => void): void {
  for (const s of stmts) {
    visit(s);
    if (s.kind === "if") {
      forEachStmt(s.then, visit);
      forEachStmt(s.else, visit);
    }
  }
}

/** The expressions a statement holds directly (not those of nested statements). */
export function exprsOf(s: ir.Stmt): readonly ir.Expr[] {
  switch (s.kind) {
    case "assign":
      return s.key ? [s.key, s.value] : [s.value];
    case "if":
      return [s.cond];
    case "let":
      return [s.value];
    case "effect":
      return s.args;
  }
}

/** The direct operands of an expression. */
export function operandsOf(e: ir.Expr): readonly ir.Expr[] {
  switch (e.kind) {
    case "call":
      return e.args;
    case "unary":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "cond":
      return [e.cond, e.then, e.else];
    case "interpolate":
      return e.parts;
    case "index":
      return [e.key];
    default:
      return [];
  }
}

/** Calls `visit` on `e` and every expression inside it, outermost first; a visit returning false skips that expression's operands. */
export function forEachExpr(e: ir.Expr, visit: (e: ir.Expr) => boolean | void): void {
  // A loop with an explicit stack: expressions can nest as deep as the parser allows.
  const stack: ir.Expr[] = [e];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (visit(next) === false) continue;
    const operands = operandsOf(next);
    for (let i = operands.length - 1; i >= 0; i--) stack.push(operands[i]);
  }
}

/** Every expression in a list of statements, nested statements included. */
export function forEachExprIn(stmts: readonly ir.Stmt[], visit: (e: ir.Expr) => boolean | void): void {
  forEachStmt(stmts, (s) => {
    for (const e of exprsOf(s)) forEachExpr(e, visit);
  });
}

/** The fields a step may assign, on any branch, in first-assignment order. */
export function fieldsAssigned(stmts: readonly ir.Stmt[]): string[] {
  const out = new Set<string>();
  forEachStmt(stmts, (s) => {
    if (s.kind === "assign") out.add(s.field);
  });
  return [...out];
}

/** Whether a step may call an effect, on any branch. */
export function callsEffects(stmts: readonly ir.Stmt[]): boolean {
  let calls = false;
  forEachStmt(stmts, (s) => {
    if (s.kind === "effect") calls = true;
  });
  return calls;
}

/** Every field an expression reads, following the domain's lets to the fields they read. */
export function fieldsRead(e: ir.Expr, lets: ReadonlyMap<string, ir.Let>, out = new Set<string>()): Set<string> {
  const seen = new Set<string>();
  const visit = (x: ir.Expr): void => {
    if (x.kind === "field") out.add(x.name);
    else if (x.kind === "index") out.add(x.field);
    else if (x.kind === "let" && !seen.has(x.name)) {
      // Lets cannot depend on themselves (VED0116), but a let read twice is followed once.
      seen.add(x.name);
      forEachExpr(lets.get(x.name)!.expr, visit);
    }
  };
  forEachExpr(e, visit);
  return out;
}

const ARITHMETIC = new Set<ir.BinaryOp>(["+", "-", "*", "/", "%"]);

/**
 * Whether evaluating `e` can fail at run time: arithmetic that may overflow
 * (and a string `+` or an interpolation past JavaScript's longest string), a division or
 * remainder (by zero), `clamp` (bounds the wrong way round), or a let whose
 * expression can. Comparisons, logic and reads never fail.
 */
export function canFail(e: ir.Expr, lets: ReadonlyMap<string, ir.Let>): boolean {
  let fails = false;
  const seen = new Set<string>();
  const visit = (x: ir.Expr): boolean => {
    if (fails) return false;
    if (x.kind === "binary" && ARITHMETIC.has(x.op)) fails = true;
    // Joining text can pass JavaScript's longest string, as `+` can.
    else if (x.kind === "interpolate") fails = true;
    else if (x.kind === "call" && x.fn === "clamp") fails = true;
    else if (x.kind === "let" && !seen.has(x.name)) {
      seen.add(x.name);
      forEachExpr(lets.get(x.name)!.expr, visit);
    }
    return !fails;
  };
  forEachExpr(e, visit);
  return fails;
}

/** Whether any statement of a step can fail at run time (see canFail; a compound assignment does arithmetic). */
export function stepCanFail(stmts: readonly ir.Stmt[], lets: ReadonlyMap<string, ir.Let>): boolean {
  let fails = false;
  forEachStmt(stmts, (s) => {
    if (s.kind === "assign" && s.op !== "=") fails = true;
    for (const e of exprsOf(s)) if (canFail(e, lets)) fails = true;
  });
  return fails;
}

/** The domain's lets that read `now`, directly or through other lets: their functions take the instant. */
export function letsReadingNow(lets: readonly ir.Let[]): Set<string> {
  const byName = new Map(lets.map((l) => [l.name, l]));
  const known = new Map<string, boolean>();
  const reads = (name: string): boolean => {
    if (!known.has(name)) {
      known.set(name, false); // lets do not depend on themselves (VED0116)
      let found = false;
      forEachExpr(byName.get(name)!.expr, (x) => {
        if (x.kind === "now" || (x.kind === "let" && reads(x.name))) found = true;
        return !found;
      });
      known.set(name, found);
    }
    return known.get(name)!;
  };
  return new Set(lets.filter((l) => reads(l.name)).map((l) => l.name));
}
