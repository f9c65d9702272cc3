// The clock of a domain (ir.Clock): whether it reads `now`, and the instants
// at which time passing alone can change the answer of a goal, a guard or a
// step's condition. Each comparison that reads `now` is written as `now op K`
// with K free of `now` (see ir.Clock for the edges); where that cannot be
// done the program is refused here, with the reason and what to write.
import type { Span as AstSpan } from "../1-syntax/ast.js";
import { report, type Diagnostic, type DiagnosticArgs } from "../diagnostics/diagnostic.js";
import * as ir from "../ir.js";
import { fieldsRead, forEachExpr, forEachExprIn } from "../ir-walk.js";

/** `Σ sign·expr`: the part of a linear form that does not read `now`. */
type Term = { sign: 1 | -1; expr: ir.Expr };
/** `coef·now + Σ terms`. */
type Linear = { coef: number; terms: Term[] };

const COMPARISONS = new Set<ir.BinaryOp>(["<", "<=", ">", ">=", "==", "!="]);
const FLIP: Record<string, ir.BinaryOp> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };
const ONE_MS: ir.Expr = { kind: "const", type: ir.DURATION, value: 1 };

/** Why the clock cannot be derived, as the diagnostic it becomes, and the expression it is about. */
type Refusal = { code: "VED0214"; args: DiagnosticArgs<"VED0214"> } | { code: "VED0215"; args: DiagnosticArgs<"VED0215"> } | { code: "VED0216"; args: DiagnosticArgs<"VED0216"> };

class Refused extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly at: ir.Expr | null,
  ) {
    super(refusal.code);
  }
}

export class ClockDeriver {
  private readonly lets: Map<string, ir.Let>;
  private readonly letReadsNow = new Map<string, boolean>();

  constructor(
    private readonly domain: Omit<ir.Domain, "clock">,
    /** The source span of each lowered expression, for the diagnostics. */
    private readonly spans: WeakMap<ir.Expr, AstSpan>,
    private readonly file: string,
    private readonly out: Diagnostic[],
  ) {
    this.lets = new Map(domain.lets.map((l) => [l.name, l]));
  }

  derive(): ir.Clock {
    const d = this.domain;
    const reads = (e: ir.Expr) => this.readsNow(e, new Map());
    const stepReads = (step: ir.Stmt[]) => {
      let found = false;
      forEachExprIn(step, (e) => {
        if (found) return false;
        if (e.kind === "now" || (e.kind === "let" && this.letReads(e.name))) found = true;
        return !found;
      });
      return found;
    };
    const readsNow =
      d.lets.some((l) => reads(l.expr)) ||
      d.goals.some((g) => reads(g.expr)) ||
      d.transitions.some((t) => (t.guard !== null && reads(t.guard)) || stepReads(t.step)) ||
      d.effects.some((e) => [e.done, e.failed].some((o) => o !== null && stepReads(o.step)));
    for (const inv of d.invariants) {
      if (reads(inv.expr)) this.report(new Refused({ code: "VED0215", args: { name: inv.name ?? inv.text } }, null), inv.span);
    }
    const clock: ir.Clock = { readsNow, goals: [], transitions: [] };
    if (!readsNow) return clock;
    d.goals.forEach((g, i) => this.guarded(g.span, () => this.condition(g.expr, new Map(), `goal ${g.name ?? i + 1}`, clock.goals)));
    for (const t of d.transitions) {
      const source = `transition ${t.name}`;
      if (t.guard) this.guarded(t.span, () => this.condition(t.guard!, new Map(), source, clock.transitions));
      this.guarded(t.span, () => this.step(t.step, new Map(), new Set(), source, clock.transitions));
    }
    return clock;
  }

  /** Runs `derive`, turning a refusal into a diagnostic at the expression refused (or `fallback`). */
  private guarded(fallback: ir.Span, derive: () => void): void {
    try {
      derive();
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      this.report(e, fallback);
    }
  }

  private report(e: Refused, fallback: ir.Span): void {
    const span = (e.at && this.spans.get(e.at)) ?? this.astSpan(fallback);
    const r = e.refusal;
    this.out.push(r.code === "VED0214" ? report(r.code, this.file, span, r.args) : r.code === "VED0215" ? report(r.code, this.file, span, r.args) : report(r.code, this.file, span, r.args));
  }

  /** A diagnostic span from an IR span when no expression is at hand (offsets are not needed to render it). */
  private astSpan(s: ir.Span): AstSpan {
    return { start: { offset: -1, line: s.line, col: s.col }, end: { offset: -1, line: s.endLine, col: s.endCol } };
  }

  // ---- steps: their conditions, with the locals they read inlined -------------------------

  private step(stmts: readonly ir.Stmt[], locals: Map<string, ir.Expr>, assigned: Set<string>, source: string, out: ir.WakePoint[]): void {
    for (const s of stmts) {
      switch (s.kind) {
        case "let":
          locals.set(s.name, s.value);
          break;
        case "assign":
          assigned.add(s.field);
          break;
        case "if": {
          const before = out.length;
          this.condition(s.cond, locals, source, out);
          // Its instants are evaluated on the state before the tick: the fields they read must still hold it.
          for (const w of out.slice(before)) {
            const changed = [...fieldsRead(w.at, this.lets)].filter((f) => assigned.has(f));
            if (changed.length > 0) {
              throw new Refused({ code: "VED0216", args: { field: changed[0] } }, s.cond);
            }
          }
          const thenAssigned = new Set(assigned);
          const elseAssigned = new Set(assigned);
          this.step(s.then, new Map(locals), thenAssigned, source, out);
          this.step(s.else, new Map(locals), elseAssigned, source, out);
          for (const f of [...thenAssigned, ...elseAssigned]) assigned.add(f);
          break;
        }
        case "effect":
          break;
      }
    }
  }

  // ---- conditions: the comparisons that read now --------------------------------------------

  private condition(e: ir.Expr, locals: Map<string, ir.Expr>, source: string, out: ir.WakePoint[]): void {
    if (!this.readsNow(e, locals)) return;
    switch (e.kind) {
      case "unary":
        return this.condition(e.operand, locals, source, out);
      case "let":
        return this.condition(this.lets.get(e.name)!.expr, locals, source, out);
      case "local":
        return this.condition(locals.get(e.name)!, locals, source, out);
      case "binary":
        if (COMPARISONS.has(e.op) && ir.isTemporal(e.left.type)) return this.comparison(e, locals, source, out);
        this.condition(e.left, locals, source, out);
        this.condition(e.right, locals, source, out);
        return;
      case "cond":
        // Its answer changes only where its condition's or a branch's does.
        this.condition(e.cond, locals, source, out);
        this.condition(e.then, locals, source, out);
        this.condition(e.else, locals, source, out);
        return;
      default:
        throw new Refused({ code: "VED0214", args: { form: "opaque" } }, e);
    }
  }

  /** `L op R` reading now: `now op' K`, and the instants at which that flips. */
  private comparison(e: ir.Binary, locals: Map<string, ir.Expr>, source: string, out: ir.WakePoint[]): void {
    const l = this.linear(e.left, locals);
    const r = this.linear(e.right, locals);
    const coef = l.coef - r.coef;
    if (coef === 0) return; // `now - now`: the same at every instant
    if (coef !== 1 && coef !== -1) {
      throw new Refused({ code: "VED0214", args: { form: "twice", count: Math.abs(coef) } }, e);
    }
    // L - R = coef·now + Σ; with coef 1: now op -Σ; with coef -1: now op' Σ.
    const terms = [...l.terms, ...r.terms.map((t) => ({ sign: -t.sign as 1 | -1, expr: t.expr }))];
    const k = instant(coef === 1 ? terms.map((t) => ({ sign: -t.sign as 1 | -1, expr: t.expr })) : terms, e.span);
    const op = coef === 1 ? e.op : FLIP[e.op];
    const plusOne: ir.Expr = { kind: "binary", type: ir.TIME, op: "+", left: k, right: ONE_MS, span: e.span };
    const at = op === ">=" || op === "<" ? [k] : op === ">" || op === "<=" ? [plusOne] : [k, plusOne];
    for (const a of at) out.push({ at: a, source, span: e.span });
  }

  /** `e` as `coef·now + Σ terms`, its lets and locals that read now followed, the locals in its terms inlined. */
  private linear(e: ir.Expr, locals: Map<string, ir.Expr>): Linear {
    if (!this.readsNow(e, locals)) return { coef: 0, terms: [{ sign: 1, expr: inlineLocals(e, locals) }] };
    switch (e.kind) {
      case "now":
        return { coef: 1, terms: [] };
      case "let":
        return this.linear(this.lets.get(e.name)!.expr, locals);
      case "local":
        return this.linear(locals.get(e.name)!, locals);
      case "unary":
        return negate(this.linear(e.operand, locals));
      case "binary": {
        if (e.op === "+" || e.op === "-") {
          const l = this.linear(e.left, locals);
          const r = this.linear(e.right, locals);
          const right = e.op === "+" ? r : negate(r);
          return { coef: l.coef + right.coef, terms: [...l.terms, ...right.terms] };
        }
        throw new Refused({ code: "VED0214", args: { form: e.op === "*" ? "multiply" : "divide" } }, e);
      }
      default:
        throw new Refused({ code: "VED0214", args: { form: "opaque" } }, e);
    }
  }

  // ---- which expressions read now -----------------------------------------------------------

  private readsNow(e: ir.Expr, locals: Map<string, ir.Expr>): boolean {
    let found = false;
    forEachExpr(e, (x) => {
      if (found) return false;
      if (x.kind === "now" || (x.kind === "let" && this.letReads(x.name)) || (x.kind === "local" && locals.has(x.name) && this.readsNow(locals.get(x.name)!, locals))) found = true;
      return !found;
    });
    return found;
  }

  private letReads(name: string): boolean {
    let known = this.letReadsNow.get(name);
    if (known === undefined) {
      this.letReadsNow.set(name, false); // lets do not depend on themselves (VED0116)
      known = this.readsNow(this.lets.get(name)!.expr, new Map());
      this.letReadsNow.set(name, known);
    }
    return known;
  }
}

function negate(l: Linear): Linear {
  return { coef: -l.coef, terms: l.terms.map((t) => ({ sign: -t.sign as 1 | -1, expr: t.expr })) };
}

/**
 * `Σ sign·expr` as one well-typed expression of type time: the sum holds one
 * more time added than taken away (it is `now`'s counterpart), so it starts
 * from an added time, adds and takes away the durations, then the rest of
 * the times in pairs, each pair a duration (`(a - b)`).
 */
function instant(terms: Term[], span: ir.Span): ir.Expr {
  const plusTimes = terms.filter((t) => t.expr.type.kind === "time" && t.sign === 1).map((t) => t.expr);
  const minusTimes = terms.filter((t) => t.expr.type.kind === "time" && t.sign === -1).map((t) => t.expr);
  // A zero (`left > 0s`) adds nothing to the instant.
  const durations = terms.filter((t) => t.expr.type.kind !== "time" && !(t.expr.kind === "const" && t.expr.value === 0));
  if (plusTimes.length !== minusTimes.length + 1) throw new Error("internal error: an instant that is not a time");
  const bin = (op: "+" | "-", left: ir.Expr, right: ir.Expr, type: ir.Type): ir.Expr => ({ kind: "binary", type, op, left, right, span });
  let k = plusTimes[0];
  for (const d of durations) k = bin(d.sign === 1 ? "+" : "-", k, d.expr, ir.TIME);
  for (let i = 0; i < minusTimes.length; i++) k = bin("+", k, bin("-", plusTimes[i + 1], minusTimes[i], ir.DURATION), ir.TIME);
  return k;
}

/** `e` with every step local replaced by its value (locals hold no state of their own). */
function inlineLocals(e: ir.Expr, locals: Map<string, ir.Expr>): ir.Expr {
  switch (e.kind) {
    case "local":
      return locals.has(e.name) ? inlineLocals(locals.get(e.name)!, locals) : e;
    case "unary":
      return { ...e, operand: inlineLocals(e.operand, locals) };
    case "binary":
      return { ...e, left: inlineLocals(e.left, locals), right: inlineLocals(e.right, locals) };
    case "call":
      return { ...e, args: e.args.map((a) => inlineLocals(a, locals)) };
    case "cond":
      return { ...e, cond: inlineLocals(e.cond, locals), then: inlineLocals(e.then, locals), else: inlineLocals(e.else, locals) };
    default:
      return e;
  }
}

