// IR expressions and statements as TypeScript AST nodes, built with the
// TypeScript factory so the printer does all quoting and escaping: no text
// from a .ved file is ever concatenated into code.
import { ts } from "ts-morph";
import type * as ir from "../ir.js";

const f = ts.factory;

/** Names of the generated code's own bindings; `$` keeps them apart from Ved names, which cannot contain it. */
export const RUNTIME = "$rt";
export const STATE = "s";

const BINARY: Record<Exclude<ir.BinaryOp, "/" | "%">, ts.BinaryOperator> = {
  "||": ts.SyntaxKind.BarBarToken,
  "&&": ts.SyntaxKind.AmpersandAmpersandToken,
  "==": ts.SyntaxKind.EqualsEqualsEqualsToken,
  "!=": ts.SyntaxKind.ExclamationEqualsEqualsToken,
  "<": ts.SyntaxKind.LessThanToken,
  "<=": ts.SyntaxKind.LessThanEqualsToken,
  ">": ts.SyntaxKind.GreaterThanToken,
  ">=": ts.SyntaxKind.GreaterThanEqualsToken,
  "+": ts.SyntaxKind.PlusToken,
  "-": ts.SyntaxKind.MinusToken,
  "*": ts.SyntaxKind.AsteriskToken,
};

const ASSIGN: Record<ir.Assign["op"], ts.AssignmentOperator> = {
  "=": ts.SyntaxKind.EqualsToken,
  "+=": ts.SyntaxKind.PlusEqualsToken,
  "-=": ts.SyntaxKind.MinusEqualsToken,
};

export class CodeBuilder {
  constructor(
    /** Prefix of every run-time error site, e.g. "pool.ved". */
    private readonly file: string,
  ) {}

  expr(e: ir.Expr): ts.Expression {
    switch (e.kind) {
      case "const":
        return literal(e.value);
      case "field":
        return field(e.name);
      case "unary":
        return f.createPrefixUnaryExpression(e.op === "!" ? ts.SyntaxKind.ExclamationToken : ts.SyntaxKind.MinusToken, paren(this.expr(e.operand)));
      case "binary":
        if (e.op === "/" || e.op === "%") {
          const site = `${this.file}:${e.span.line}:${e.span.col}`;
          return f.createCallExpression(runtime(e.op === "/" ? "div" : "mod"), undefined, [this.expr(e.left), this.expr(e.right), f.createStringLiteral(site)]);
        }
        return f.createBinaryExpression(paren(this.expr(e.left)), BINARY[e.op], paren(this.expr(e.right)));
    }
  }

  stmts(list: ir.Stmt[]): ts.Statement[] {
    return list.map((s) => this.stmt(s));
  }

  stmt(s: ir.Stmt): ts.Statement {
    if (s.kind === "assign") {
      return f.createExpressionStatement(f.createBinaryExpression(field(s.field), ASSIGN[s.op], this.expr(s.value)));
    }
    const otherwise = s.else.length === 0 ? undefined : s.else.length === 1 && s.else[0].kind === "if" ? this.stmt(s.else[0]) : f.createBlock(this.stmts(s.else), true);
    return f.createIfStatement(this.expr(s.cond), f.createBlock(this.stmts(s.then), true), otherwise);
  }
}

/** `s.name`: Ved names are identifiers, and any identifier is a valid property name. */
export function field(name: string, object = STATE): ts.Expression {
  return f.createPropertyAccessExpression(f.createIdentifier(object), f.createIdentifier(name));
}

export function runtime(name: string): ts.Expression {
  return f.createPropertyAccessExpression(f.createIdentifier(RUNTIME), name);
}

/**
 * Wraps compound operands in parentheses; the IR tree already fixes the
 * grouping, so over-parenthesising is safe and prettier removes the excess.
 */
function paren(e: ts.Expression): ts.Expression {
  return ts.isBinaryExpression(e) || ts.isPrefixUnaryExpression(e) ? f.createParenthesizedExpression(e) : e;
}

/** Any JSON-like value as an expression: strings go through the printer's escaping. */
export function literal(value: unknown): ts.Expression {
  if (typeof value === "string") return f.createStringLiteral(value);
  if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
  if (typeof value === "number") {
    return value < 0 || Object.is(value, -0) ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-value)) : f.createNumericLiteral(value);
  }
  if (value === null) return f.createNull();
  if (Array.isArray(value)) return f.createArrayLiteralExpression(value.map(literal), true);
  if (typeof value === "object") {
    return f.createObjectLiteralExpression(
      Object.entries(value).map(([k, v]) => f.createPropertyAssignment(f.createStringLiteral(k), literal(v))),
      true,
    );
  }
  throw new Error(`internal error: cannot emit a ${typeof value} literal`);
}
