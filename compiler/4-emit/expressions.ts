// IR expressions and statements as TypeScript AST nodes, built with the
// TypeScript factory so the printer does all quoting and escaping: no text
// from a .ved file is ever concatenated into code.
import { ts } from "ts-morph";
import type * as ir from "../ir.js";
import { marker } from "./sourcemap.js";

const f = ts.factory;

// The generated code's own names. Ved names cannot contain `$`, so no Ved
// name can collide with any of these.
export const RUNTIME = "$rt";
export const STATE = "s";
export const PARAMS = "p";
export const EFFECTS = "fx";

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

const COMPOUND: Record<Exclude<ir.Assign["op"], "=">, "+" | "-" | "*"> = { "+=": "+", "-=": "-", "*=": "*" };

/** The module-level function computing a domain's `let`. */
export function letFunction(domain: string, name: string): string {
  return `$${domain}$${name}`;
}

export function localName(name: string): string {
  return `l$${name}`;
}

export class CodeBuilder {
  private readonly domain: string;
  /** Each effect's argument names, which key the `args` object of a call. */
  private readonly effectParams: Map<string, string[]>;

  constructor(
    /** The .ved file, prefix of every run-time error site. */
    private readonly file: string,
    domain: ir.Domain,
  ) {
    this.domain = domain.name;
    this.effectParams = new Map(domain.effects.map((e) => [e.name, e.params.map((p) => p.name)]));
  }

  private site(span: ir.Span): ts.Expression {
    return f.createStringLiteral(`${this.file}:${span.line}:${span.col}`);
  }

  expr(e: ir.Expr): ts.Expression {
    switch (e.kind) {
      case "const":
        return literal(e.value);
      case "field":
        return property(STATE, e.name);
      case "param":
        return property(PARAMS, e.name);
      case "let":
        return f.createCallExpression(f.createIdentifier(letFunction(this.domain, e.name)), undefined, [f.createIdentifier(STATE), f.createIdentifier(PARAMS)]);
      case "local":
        return f.createIdentifier(localName(e.name));
      case "call":
        if (e.fn === "clamp") return runtimeCall("clamp", [...e.args.map((a) => this.expr(a)), this.site(e.span)]);
        return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("Math"), e.fn), undefined, e.args.map((a) => this.expr(a)));
      case "unary":
        return f.createPrefixUnaryExpression(e.op === "!" ? ts.SyntaxKind.ExclamationToken : ts.SyntaxKind.MinusToken, paren(this.expr(e.operand)));
      case "binary":
        return this.binary(e.op, e.type, this.expr(e.left), this.expr(e.right), e.span);
    }
  }

  /** Arithmetic goes through the runtime's checks: an int stays a safe integer, a float stays finite. */
  private binary(op: ir.BinaryOp, type: ir.Type, left: ts.Expression, right: ts.Expression, span: ir.Span): ts.Expression {
    if (op === "/" || op === "%") {
      const fn = type.kind === "int" ? (op === "/" ? "div" : "mod") : op === "/" ? "fdiv" : "fmod";
      return runtimeCall(fn, [left, right, this.site(span)]);
    }
    const plain = f.createBinaryExpression(paren(left), BINARY[op], paren(right));
    if ((op === "+" || op === "-" || op === "*") && (type.kind === "int" || type.kind === "float")) return runtimeCall(type.kind, [plain, this.site(span)]);
    return plain;
  }

  stmts(list: ir.Stmt[]): ts.Statement[] {
    return list.map((s) => marker(this.stmt(s), s.span));
  }

  private stmt(s: ir.Stmt): ts.Statement {
    switch (s.kind) {
      case "assign": {
        const target = property(STATE, s.field);
        if (s.op === "=" || s.type.kind === "string") {
          const op = s.op === "=" ? ts.SyntaxKind.EqualsToken : ts.SyntaxKind.PlusEqualsToken;
          return f.createExpressionStatement(f.createBinaryExpression(target, op, this.expr(s.value)));
        }
        const value = this.binary(COMPOUND[s.op], s.type, property(STATE, s.field), this.expr(s.value), s.span);
        return f.createExpressionStatement(f.createBinaryExpression(target, ts.SyntaxKind.EqualsToken, value));
      }
      case "if": {
        const single = s.else.length === 1 && s.else[0].kind === "if";
        // No marker between `else` and `if`: a comment there would break the chain's layout.
        const otherwise = s.else.length === 0 ? undefined : single ? this.stmt(s.else[0]) : f.createBlock(this.stmts(s.else), true);
        return f.createIfStatement(this.expr(s.cond), f.createBlock(this.stmts(s.then), true), otherwise);
      }
      case "let":
        return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(localName(s.name), undefined, undefined, this.expr(s.value))], ts.NodeFlags.Const));
      case "effect":
        return f.createExpressionStatement(
          f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(EFFECTS), "push"), undefined, [
            f.createObjectLiteralExpression([
              f.createPropertyAssignment("name", f.createStringLiteral(s.name)),
              f.createPropertyAssignment("args", f.createObjectLiteralExpression(s.args.map((a, i) => f.createPropertyAssignment(f.createStringLiteral(this.effectParams.get(s.name)![i]), this.expr(a))))),
            ]),
          ]),
        );
    }
  }
}

/** `s.name`: Ved names are identifiers, and any identifier is a valid property name. */
export function property(object: string, name: string): ts.Expression {
  return f.createPropertyAccessExpression(f.createIdentifier(object), f.createIdentifier(name));
}

export function runtime(name: string): ts.Expression {
  return f.createPropertyAccessExpression(f.createIdentifier(RUNTIME), name);
}

function runtimeCall(name: string, args: ts.Expression[]): ts.Expression {
  return f.createCallExpression(runtime(name), undefined, args);
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
