// Prints an expression back as Ved, with only the parentheses it needs, so a
// goal reads the same in a trace whatever its source layout was.
import type * as ast from "./ast.js";
import { PRECEDENCE, rightAssociative, UNARY_PRECEDENCE as UNARY } from "../ir.js";

export function exprText(e: ast.Expr): string {
  return print(e, TOP);
}

/** Where a whole expression stands (not an operand): only there is `if c then a else b` bare. */
const TOP = -1;

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
      return `${e.callee.name}(${e.args.map((a) => print(a, TOP)).join(", ")})`;
    case "Unary":
      return e.operand.kind === "Unary" ? `${e.op}(${print(e.operand, TOP)})` : `${e.op}${print(e.operand, UNARY)}`;
    case "Binary": {
      const p = PRECEDENCE[e.op];
      // An operand of equal precedence on the side the operator does not group to needs parentheses.
      const right = rightAssociative(e.op);
      const text = `${print(e.left, right ? p + 1 : p)} ${e.op} ${print(e.right, right ? p : p + 1)}`;
      return p < outer ? `(${text})` : text;
    }
    case "Interpolation":
      return e.texts.map((t, i) => t.raw + (i < e.holes.length ? print(e.holes[i], TOP) : "")).join("");
    case "Index":
      return `${e.target.name}[${print(e.key, TOP)}]`;
    case "Quantifier": {
      const head = `${e.binder.name} in ${e.over.name}: ${print(e.body, TOP)}`;
      if (e.op !== "all" && e.op !== "any") return `${e.op}(${head})`;
      // Its body reaches as far as it can: parenthesised wherever an operand stands, as `if` is.
      return outer > TOP ? `(${e.op} ${head})` : `${e.op} ${head}`;
    }
    case "Conditional": {
      // Looser than every operator: parenthesised wherever an operand stands.
      const text = `if ${print(e.cond, TOP)} then ${print(e.then, TOP)} else ${print(e.else, TOP)}`;
      return outer > TOP ? `(${text})` : text;
    }
  }
}
