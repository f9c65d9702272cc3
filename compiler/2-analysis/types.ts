// The type checker: resolves every name used in goals and steps against the
// domain's fields and gives every expression a type. An expression whose type
// cannot be known (an unknown name, a bad operand) gets none, and nothing above
// it is reported again, so one mistake makes one message.
import type * as ast from "../1-syntax/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { DomainSymbols, Type } from "./symbols.js";
import { didYouMean } from "./suggest.js";

const SAFE = 2n ** 53n - 1n;

const ARITHMETIC = new Set<ast.BinaryOp>(["+", "-", "*", "/", "%"]);
const ORDERING = new Set<ast.BinaryOp>(["<", "<=", ">", ">="]);
const LOGICAL = new Set<ast.BinaryOp>(["&&", "||"]);

export class TypeChecker {
  constructor(
    private readonly domain: DomainSymbols,
    private readonly file: string,
    private readonly out: Diagnostic[],
    private readonly types: Map<ast.Expr, Type>,
  ) {}

  checkDomain(): void {
    for (const field of this.domain.fields.values()) this.initialiser(field.decl, field.type);
    for (const goal of this.domain.goals) {
      const t = this.expr(goal.expr);
      if (t && t !== "bool") this.report("VED0201", goal.expr.span, `a goal must be a bool, but this is ${article(t)}`, "compare it with something, e.g. `workers == 5`");
    }
    for (const transition of this.domain.transitions) this.stmts(transition.step);
  }

  private initialiser(field: ast.Field, type: Type): void {
    if (!field.init) return;
    const t = this.literal(field.init);
    if (t && t !== type) {
      this.report("VED0206", field.init.span, `'${field.name.name}' is ${article(type)}, but its initial value is ${article(t)}`);
    }
  }

  private stmts(list: ast.Stmt[]): void {
    for (const s of list) {
      if (s.kind === "Assign") this.assign(s);
      else this.ifStmt(s);
    }
  }

  private ifStmt(s: ast.If): void {
    const t = this.expr(s.cond);
    if (t && t !== "bool") this.report("VED0202", s.cond.span, `an if condition must be a bool, but this is ${article(t)}`);
    this.stmts(s.then);
    if (Array.isArray(s.else)) this.stmts(s.else);
    else if (s.else) this.ifStmt(s.else);
  }

  private assign(s: ast.Assign): void {
    const field = this.domain.fields.get(s.target.name);
    const value = this.expr(s.value);
    if (!field) {
      this.unknown(s.target.name, s.target.span);
      return;
    }
    if (s.op !== "=" && field.type !== "int") {
      this.report("VED0204", s.span, `'${s.op}' needs an int field, but '${field.name}' is ${article(field.type)}`, `write '${field.name} = ...' instead`);
      return;
    }
    if (value && value !== field.type) {
      this.report("VED0203", s.value.span, `'${field.name}' is ${article(field.type)}, but this value is ${article(value)}`);
    }
  }

  /** Returns the expression's type, or undefined when it is already reported as wrong. */
  private expr(e: ast.Expr): Type | undefined {
    const t = this.infer(e);
    if (t) this.types.set(e, t);
    return t;
  }

  private infer(e: ast.Expr): Type | undefined {
    switch (e.kind) {
      case "Int":
      case "Bool":
        return this.literal(e);
      case "Name": {
        const field = this.domain.fields.get(e.name);
        if (!field) return this.unknown(e.name, e.span);
        return field.type;
      }
      case "Unary": {
        const t = this.expr(e.operand);
        const want: Type = e.op === "!" ? "bool" : "int";
        if (!t) return undefined;
        if (t !== want) return this.report("VED0200", e.span, `'${e.op}' needs ${article(want)}, but this is ${article(t)}`);
        return want;
      }
      case "Binary":
        return this.binary(e);
    }
  }

  private binary(e: ast.Binary): Type | undefined {
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    if (!l || !r) return undefined;
    if (e.op === "==" || e.op === "!=") {
      if (l !== r) return this.report("VED0200", e.opSpan, `'${e.op}' compares ${article(l)} with ${article(r)}`, "both sides must have the same type");
      return "bool";
    }
    const want: Type = LOGICAL.has(e.op) ? "bool" : "int";
    for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
      if (t !== want) return this.report("VED0200", side.span, `'${e.op}' needs ${article(want)} on both sides, but this is ${article(t)}`);
    }
    if (ARITHMETIC.has(e.op)) return "int";
    if (ORDERING.has(e.op) || LOGICAL.has(e.op)) return "bool";
    return undefined;
  }

  private literal(e: ast.Literal): Type | undefined {
    if (e.kind === "Bool") return "bool";
    const v = BigInt(e.text);
    if (v > SAFE || v < -SAFE) {
      return this.report("VED0205", e.span, `${e.text} is outside the range of an int`, `ints are safe integers, between -${SAFE} and ${SAFE}`);
    }
    return "int";
  }

  private unknown(name: string, span: ast.Span): undefined {
    const hint = didYouMean(name, this.domain.fields.keys()) ?? (this.domain.fields.size ? `the fields of '${this.domain.decl.name.name}' are ${[...this.domain.fields.keys()].join(", ")}` : `declare it in the domain's state block`);
    return this.report("VED0100", span, `unknown name '${name}' in domain '${this.domain.decl.name.name}'`, hint);
  }

  private report(code: Diagnostic["code"], span: ast.Span, message: string, hint?: string): undefined {
    this.out.push(error(code, this.file, span, message, hint));
    return undefined;
  }
}

function article(t: Type): string {
  return t === "int" ? "an int" : "a bool";
}
