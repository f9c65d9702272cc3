// Prints an expression back as Ved, with only the parentheses it needs, so a
// goal reads the same in a trace whatever its source layout was.
import type * as ast from "./ast.js";
import { PRECEDENCE, UNARY_PRECEDENCE as UNARY } from "../ir.js";

export function exprText(e: ast.Expr): string {
  return print(e, 0);
}

/** A field's region as Ved writes it: `in 0..100`, `in 0.0..1.0 by 0.1`, `in {"a", "b"}`. */
export function regionText(r: ast.Range | ast.ValueSet): string {
  if (r.kind === "ValueSet") return `in {${r.values.map(exprText).join(", ")}}`;
  return `in ${r.min.text}..${r.max.text}${r.step ? ` by ${r.step.text}` : ""}`;
}

function print(e: ast.Expr, outer: number): string {
  switch (e.kind) {
    case "Int":
    case "Float":
    case "Duration":
      return e.text;
    case "Now":
      return "now";
    case "Bool":
      return String(e.value);
    case "String":
      return e.raw;
    case "Name":
      return e.name;
    case "EnumRef":
      return `${e.enum.name}.${e.member.name}`;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => print(a, 0)).join(", ")})`;
    case "Unary":
      return e.operand.kind === "Unary" ? `${e.op}(${print(e.operand, 0)})` : `${e.op}${print(e.operand, UNARY)}`;
    case "Binary": {
      const p = PRECEDENCE[e.op];
      // Operators are left-associative: a right operand of equal precedence needs parentheses.
      const text = `${print(e.left, p)} ${e.op} ${print(e.right, p + 1)}`;
      return p < outer ? `(${text})` : text;
    }
  }
}
