// Lowering: the analysed tree becomes the IR (compiler/ir.ts). Names are
// already resolved and types known, so this is a plain structural walk with
// one small visitor per node kind.
import type * as ast from "../1-syntax/ast.js";
import type { Analysis, DomainSymbols } from "../2-analysis/symbols.js";
import * as ir from "../ir.js";
import { exprText } from "./text.js";

export function lower(analysis: Analysis, file: string): ir.Program {
  const ctx = new Lowering(analysis);
  return { irVersion: ir.IR_VERSION, file, domains: analysis.domains.map((d) => ctx.domain(d)) };
}

class Lowering {
  constructor(private readonly analysis: Analysis) {}

  domain(d: DomainSymbols): ir.Domain {
    return {
      name: d.decl.name.name,
      fields: [...d.fields.values()].map((f) => ({
        name: f.name,
        type: f.type,
        initial: f.decl.init ? literalValue(f.decl.init) : f.type === "int" ? 0 : false,
        span: span(f.decl.span),
      })),
      goals: d.goals.map((g) => ({ text: exprText(g.expr), expr: this.expr(g.expr), span: span(g.span) })),
      transitions: d.transitions.map((t) => ({ name: t.name.name, guard: null, step: this.stmts(t.step), span: span(t.span) })),
      span: span(d.decl.span),
    };
  }

  stmts(list: ast.Stmt[]): ir.Stmt[] {
    return list.map((s) => (s.kind === "Assign" ? this.assign(s) : this.ifStmt(s)));
  }

  assign(s: ast.Assign): ir.Assign {
    return { kind: "assign", field: s.target.name, op: s.op, value: this.expr(s.value), span: span(s.span) };
  }

  ifStmt(s: ast.If): ir.If {
    const otherwise = s.else === null ? [] : Array.isArray(s.else) ? this.stmts(s.else) : [this.ifStmt(s.else)];
    return { kind: "if", cond: this.expr(s.cond), then: this.stmts(s.then), else: otherwise, span: span(s.span) };
  }

  expr(e: ast.Expr): ir.Expr {
    const type = this.analysis.types.get(e);
    if (!type) throw new Error(`internal error: lowering an expression the checker did not type (${e.kind} at ${e.span.start.line}:${e.span.start.col})`);
    switch (e.kind) {
      case "Int":
      case "Bool":
        return { kind: "const", type, value: literalValue(e) };
      case "Name":
        return { kind: "field", type, name: e.name };
      case "Unary":
        return { kind: "unary", type, op: e.op, operand: this.expr(e.operand) };
      case "Binary":
        return { kind: "binary", type, op: e.op, left: this.expr(e.left), right: this.expr(e.right), span: span(e.span) };
    }
  }
}

function literalValue(e: ast.Literal): ir.Value {
  return e.kind === "Bool" ? e.value : Number(e.text);
}

function span(s: ast.Span): ir.Span {
  return { line: s.start.line, col: s.start.col, endLine: s.end.line, endCol: s.end.col };
}
