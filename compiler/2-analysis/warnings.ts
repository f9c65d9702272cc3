// Warnings: things that compile but are probably not what the author meant.
// They never stop a build.
import * as ast from "../1-syntax/ast.js";
import { report, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { DomainSymbols, LocalSymbol, ValueSymbol } from "./symbols.js";

export function warn(d: DomainSymbols, used: Set<ValueSymbol>, locals: LocalSymbol[], file: string, out: Diagnostic[]): void {
  for (const sym of [...d.params.values(), ...d.lets.values(), ...locals]) {
    if (!used.has(sym)) out.push(report("VED0300", file, sym.decl.name.span, { kind: sym.kind, name: sym.name }));
  }
  if (d.goals.length > 0 && d.transitions.length === 0) {
    out.push(report("VED0302", file, d.decl.name.span, { name: d.decl.name.name }));
  }
  for (const t of d.transitions) {
    const { assigns, effects } = stepActions(t.step);
    if (t.guard && contradicts(t.guard)) {
      out.push(report("VED0301", file, t.guard.span, { form: "guard", name: t.name.name }));
    } else if (!assigns && effects.length === 0) {
      out.push(report("VED0301", file, t.name.span, { form: "step", name: t.name.name }));
    } else if (!assigns && !effects.some((name) => d.effects.get(name)?.decl.outcomes)) {
      out.push(report("VED0303", file, t.name.span, { name: t.name.name }));
    }
  }
}

/** Whether a step assigns a field, and the effects it calls. */
function stepActions(list: ast.Stmt[]): { assigns: boolean; effects: string[] } {
  let assigns = false;
  const effects: string[] = [];
  const visit = (stmts: ast.Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "Assign") assigns = true;
      else if (s.kind === "CallStmt") effects.push(s.call.callee.name);
      else if (s.kind === "If") {
        visit(s.then);
        visit(ast.elseBranch(s));
      }
    }
  };
  visit(list);
  return { assigns, effects };
}

// ---- a guard that contradicts itself ------------------------------------------------

interface Bound {
  value: number;
  strict: boolean;
}

interface Facts {
  lo?: Bound;
  hi?: Bound;
  equals?: string;
}

const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };

/**
 * True when the conjuncts of `guard` cannot all hold: `false`, `x > 5 && x < 3`,
 * `phase == P.a && phase == P.b`, `ready && !ready`. Conservative: anything it
 * does not understand is assumed satisfiable.
 */
export function contradicts(guard: ast.Expr): boolean {
  const facts = new Map<string, Facts>();
  const fact = (name: string) => facts.get(name) ?? facts.set(name, {}).get(name)!;
  for (const c of conjuncts(guard)) {
    if (c.kind === "Bool" && !c.value) return true;
    if (c.kind === "Name" && record(fact(c.name), "==", "true")) return true;
    if (c.kind === "Unary" && c.op === "!" && c.operand.kind === "Name" && record(fact(c.operand.name), "==", "false")) return true;
    if (c.kind !== "Binary" || !(c.op in FLIP)) continue;
    const [name, op, value] = c.left.kind === "Name" ? [c.left.name, c.op, constant(c.right)] : c.right.kind === "Name" ? [c.right.name, FLIP[c.op], constant(c.left)] : [undefined, c.op, undefined];
    if (name === undefined || value === undefined) continue;
    if (record(fact(name), op, value)) return true;
  }
  return false;
}

function conjuncts(e: ast.Expr): ast.Expr[] {
  const out: ast.Expr[] = [];
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === "Binary" && x.op === "&&") stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

/** A literal's value as a number, or as a string key for bools, strings and enum members. */
function constant(e: ast.Expr): number | string | undefined {
  if (e.kind === "Int" || e.kind === "Float") return Number(e.text);
  if (e.kind === "Unary" && e.op === "-" && (e.operand.kind === "Int" || e.operand.kind === "Float")) return -Number(e.operand.text);
  if (e.kind === "Bool") return String(e.value);
  if (e.kind === "String") return `"${e.value}`;
  if (e.kind === "EnumRef") return `${e.enum.name}.${e.member.name}`;
  return undefined;
}

/** Adds `name op value` to what is known of a name; true when that makes it impossible. */
function record(f: Facts, op: string, value: number | string): boolean {
  if (typeof value === "string") {
    if (op !== "==") return false;
    if (f.equals !== undefined && f.equals !== value) return true;
    f.equals = value;
    return false;
  }
  if (op === "==" ) {
    tighten(f, "lo", { value, strict: false });
    tighten(f, "hi", { value, strict: false });
  } else if (op === ">" || op === ">=") tighten(f, "lo", { value, strict: op === ">" });
  else if (op === "<" || op === "<=") tighten(f, "hi", { value, strict: op === "<" });
  if (!f.lo || !f.hi) return false;
  return f.lo.value > f.hi.value || (f.lo.value === f.hi.value && (f.lo.strict || f.hi.strict));
}

function tighten(f: Facts, side: "lo" | "hi", b: Bound): void {
  const cur = f[side];
  const better = !cur || (side === "lo" ? b.value > cur.value || (b.value === cur.value && b.strict) : b.value < cur.value || (b.value === cur.value && b.strict));
  if (better) f[side] = b;
}
