// Lowering: the analysed tree becomes the IR (compiler/ir.ts). Names are
// already resolved and types known, so this is a plain structural walk with
// one small visitor per node kind.
import * as ast from "../1-syntax/ast.js";
import type { Analysis, DomainSymbols, FieldSymbol, KeySymbol, Type } from "../2-analysis/symbols.js";
import * as ir from "../ir.js";
import { exprText } from "../1-syntax/ast-text.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { ClockDeriver } from "./clock.js";

/** Lowers an analysed program; a use of `now` the clock cannot be derived from is reported to `out` (see clock.ts). */
export function lower(analysis: Analysis, file: string, out: Diagnostic[] = []): ir.Program {
  const ctx = new Lowering(analysis);
  return {
    irVersion: ir.IR_VERSION,
    file,
    enums: [...analysis.enums.values()].map((e) => ({ name: e.name, members: e.members, span: span(e.decl.span), ...(e.file ? { file: e.file } : {}) })),
    domains: analysis.domains.map((d) => {
      const domain = ctx.domain(d);
      const clock = new ClockDeriver(domain, ctx.spans, file, out).derive();
      // The clock goes before the span, as ir.Domain lists it.
      const { span: at, ...rest } = domain;
      return { ...rest, clock, span: at };
    }),
  };
}

class Lowering {
  /** Where each lowered expression came from, for the clock's diagnostics. */
  readonly spans = new WeakMap<ir.Expr, ast.Span>();

  /** The member each key in scope stands for, while lowering a per-key transition's copy or a quantifier's term. */
  private readonly keys = new Map<KeySymbol, string>();

  constructor(private readonly analysis: Analysis) {}

  domain(d: DomainSymbols): Omit<ir.Domain, "clock"> {
    return {
      name: d.decl.name.name,
      fields: [...d.fields.values()].map((f) => ({ name: f.name, type: f.type, key: f.key, initial: this.initial(f.decl.init, f.type), range: range(f.decl.range), values: f.decl.values ? f.decl.values.values.map(ast.literalValue) : null, owned: f.decl.owned !== null, span: span(f.decl.span) })),
      params: [...d.params.values()].map((p) => ({ name: p.name, type: p.type, default: this.initial(p.decl.init, p.type), span: span(p.decl.span) })),
      lets: [...d.lets.values()].map((l) => ({ name: l.name, type: l.type!, expr: this.expr(l.decl.value), span: span(l.decl.span) })),
      effects: [...d.effects.values()].map((e) => ({ name: e.name, params: e.params, done: this.outcome(e.decl, "done"), failed: this.outcome(e.decl, "failed"), span: span(e.decl.span) })),
      invariants: [...[...d.fields.values()].flatMap((f) => this.regionInvariants(f)), ...d.invariants.map((i) => this.condition(i))],
      goals: d.goals.map((g) => this.condition(g)),
      transitions: d.transitions.flatMap((t) => this.transitions(t)),
      span: span(d.decl.span),
    };
  }

  /** A region's invariant; a map's, one per key, in the enum's order. */
  regionInvariants(f: FieldSymbol): ir.Condition[] {
    const r = f.decl.range ?? f.decl.values;
    if (!r) return [];
    if (!f.key) return [regionInvariant({ kind: "field", type: f.type, name: f.name }, f.name, r)];
    const en = f.key.name;
    return this.membersOf(en).map((m) => regionInvariant({ kind: "index", type: f.type, field: f.name, key: { kind: "const", type: f.key!, value: m } }, `${f.name}[${en}.${m}]`, r));
  }

  /**
   * A transition; a per-key one once per member (per combination, the last
   * key fastest), its keys read as that copy's members, named `add(a)`.
   */
  transitions(t: ast.Transition): ir.Transition[] {
    const lowerOne = (family: ir.Family | null): ir.Transition => ({
      name: family ? `${t.name.name}(${family.keys.map((k) => k.member).join(", ")})` : t.name.name,
      family,
      guard: t.guard ? this.expr(t.guard) : null,
      step: this.stmts(t.step),
      span: span(t.span),
    });
    if (t.keys.length === 0) return [lowerOne(null)];
    const keys = t.keys.map((k) => ({ name: k.name.name, enum: k.type.name, sym: this.analysis.keys.get(k.name) }));
    const out: ir.Transition[] = [];
    const choose = (i: number, chosen: string[]): void => {
      if (i === keys.length) {
        keys.forEach((k, j) => k.sym && this.keys.set(k.sym, chosen[j]));
        out.push(lowerOne({ name: t.name.name, keys: keys.map((k, j) => ({ name: k.name, enum: k.enum, member: chosen[j] })) }));
        return;
      }
      for (const m of this.membersOf(keys[i].enum)) choose(i + 1, [...chosen, m]);
    };
    choose(0, []);
    for (const k of keys) if (k.sym) this.keys.delete(k.sym);
    return out;
  }

  private membersOf(enumName: string): string[] {
    return this.analysis.enums.get(enumName)!.members;
  }

  outcome(e: ast.EffectDecl, kind: "done" | "failed"): ir.Outcome | null {
    const block = e.outcomes?.blocks.find((b) => b.kind === kind);
    return block ? { step: this.stmts(block.step), span: span(block.span) } : null;
  }

  condition(c: ast.Goal | ast.Invariant): ir.Condition {
    return { name: c.name?.name ?? null, text: exprText(c.expr), expr: this.expr(c.expr), span: span(c.span) };
  }

  /** The declared initial value, converted to its type, or the type's zero. */
  initial(init: ast.Literal | null, type: Type): ir.Value {
    if (init) return ast.literalValue(init);
    if (type.kind === "int" || type.kind === "float" || type.kind === "time" || type.kind === "duration") return 0;
    if (type.kind === "bool") return false;
    if (type.kind === "string") return "";
    return this.analysis.enums.get((type as ir.EnumType).name)!.members[0];
  }

  stmts(list: ast.Stmt[]): ir.Stmt[] {
    return list.map((s) => this.stmt(s));
  }

  stmt(s: ast.Stmt): ir.Stmt {
    switch (s.kind) {
      case "Assign": {
        const field = this.analysis.refs.get(s.target)!;
        return { kind: "assign", field: s.target.name, key: s.key ? this.expr(s.key) : null, op: s.op, type: field.type!, value: this.expr(s.value), span: span(s.span) };
      }
      case "If": {
        return { kind: "if", cond: this.expr(s.cond), then: this.stmts(s.then), else: this.stmts(ast.elseBranch(s)), span: span(s.span) };
      }
      case "Let":
        return { kind: "let", name: s.name.name, value: this.expr(s.value), span: span(s.span) };
      case "CallStmt":
        return { kind: "effect", name: s.call.callee.name, args: s.call.args.map((a) => this.expr(a)), span: span(s.span) };
    }
  }

  expr(e: ast.Expr): ir.Expr {
    const lowered = this.lowerExpr(e);
    this.spans.set(lowered, e.span);
    return lowered;
  }

  private lowerExpr(e: ast.Expr): ir.Expr {
    const type = this.analysis.types.get(e);
    if (!type) throw new Error(`internal error: lowering an expression the checker did not type (${e.kind} at ${e.span.start.line}:${e.span.start.col})`);
    switch (e.kind) {
      case "Int":
      case "Float":
      case "Bool":
      case "String":
      case "EnumRef":
      case "Duration":
        return { kind: "const", type, value: ast.literalValue(e) };
      case "Now":
        return { kind: "now", type };
      case "Name": {
        const sym = this.analysis.refs.get(e)!;
        if (sym.kind === "key") return { kind: "const", type, value: this.keys.get(sym)! };
        return { kind: sym.kind, type, name: e.name };
      }
      case "Index":
        return { kind: "index", type, field: e.target.name, key: this.expr(e.key) };
      case "Quantifier":
        return this.unroll(e, type);
      case "Call":
        return { kind: "call", type, fn: e.callee.name as ir.Builtin, args: e.args.map((a) => this.expr(a)), span: span(e.span) };
      case "Unary":
        return { kind: "unary", type, op: e.op, operand: this.expr(e.operand) };
      case "Binary":
        return { kind: "binary", type, op: e.op, left: this.expr(e.left), right: this.expr(e.right), span: span(e.span) };
      case "Conditional":
        return { kind: "cond", type, cond: this.expr(e.cond), then: this.expr(e.then), else: this.expr(e.else) };
      case "Interpolation": {
        const parts: ir.Expr[] = [];
        e.texts.forEach((text, i) => {
          if (text.value !== "") parts.push({ kind: "const", type: ir.STRING, value: text.value });
          if (i < e.holes.length) parts.push(this.expr(e.holes[i]));
        });
        return { kind: "interpolate", type, parts };
      }
    }
  }

  /**
   * A quantifier or fold written out over its enum's members (ir.Index says
   * how): the body once per member, the key that member's constant.
   */
  private unroll(e: ast.Quantifier, type: Type): ir.Expr {
    const sym = this.analysis.keys.get(e.binder);
    const terms = this.membersOf(e.over.name).map((m) => {
      if (sym) this.keys.set(sym, m);
      const body = this.expr(e.body);
      if (e.op !== "count") return body;
      const one = (v: number): ir.Expr => ({ kind: "const", type: ir.INT, value: v });
      return { kind: "cond", type: ir.INT, cond: body, then: one(1), else: one(0) } as ir.Expr;
    });
    if (sym) this.keys.delete(sym);
    const at = span(e.span);
    switch (e.op) {
      case "min":
      case "max":
        return terms.length === 1 ? terms[0] : { kind: "call", type, fn: e.op, args: terms, span: at };
      default: {
        const op: ir.BinaryOp = e.op === "all" ? "&&" : e.op === "any" ? "||" : "+";
        return terms.reduce((left, right) => ({ kind: "binary", type, op, left, right, span: at }));
      }
    }
  }
}

function range(r: ast.Range | null): ir.Field["range"] {
  if (!r) return null;
  return { min: Number(r.min.text), max: Number(r.max.text), ...(r.step ? { step: Number(r.step.text) } : {}) };
}

/**
 * `workers: int in 0..100` is enforced as the invariant `workers >= 0 &&
 * workers <= 100`, named `workers in 0..100`; `error_rate: float in 0.0..1.0
 * by 0.1` as `error_rate >= 0.0 && error_rate <= 1.0` (the step is only the
 * verifier's grain), named `error_rate in 0.0..1.0`; `holder: string in {"",
 * "a"}` as `holder == "" || holder == "a"`, named after its set. The runtime
 * then rejects an observation outside the region, and a transition leaving
 * it is an error.
 */
function regionInvariant(field: ir.Ref | ir.Index, name: string, r: ast.Range | ast.ValueSet): ir.Condition {
  const at = span(r.span);
  const f = { name, type: field.type };
  const compare = (op: ir.BinaryOp, value: ir.Value): ir.Expr => ({ kind: "binary", type: ir.BOOL, op, left: field, right: { kind: "const", type: f.type, value }, span: at });
  const all = (op: "&&" | "||", parts: ir.Expr[]): ir.Expr => parts.reduce((left, right) => ({ kind: "binary", type: ir.BOOL, op, left, right, span: at }));
  if (r.kind === "ValueSet") {
    const texts = r.values.map(exprText);
    return {
      name: `${f.name} in {${texts.join(", ")}}`,
      text: texts.map((t) => `${f.name} == ${t}`).join(" || "),
      expr: all("||", r.values.map((v) => compare("==", ast.literalValue(v)))),
      span: at,
    };
  }
  const { min, max } = range(r)!;
  return {
    name: `${f.name} in ${r.min.text}..${r.max.text}`,
    text: `${f.name} >= ${r.min.text} && ${f.name} <= ${r.max.text}`,
    expr: all("&&", [compare(">=", min), compare("<=", max)]),
    span: at,
  };
}

function span(s: ast.Span): ir.Span {
  return { line: s.start.line, col: s.start.col, endLine: s.end.line, endCol: s.end.col };
}
