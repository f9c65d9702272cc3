// IR back to Ved source, for people: the labels of a diagram, the comments of
// generated code. Guards and steps read as the user would write them, with
// only the parentheses they need, from the IR alone.
import type * as ir from "./ir.js";
import { PRECEDENCE, rightAssociative, UNARY_PRECEDENCE as UNARY } from "./ir.js";
import { durationText } from "../runtime/time-text.js";

export function exprText(e: ir.Expr): string {
  return print(e, TOP);
}

/** Where a whole expression stands (not an operand): only there is `if c then a else b` bare. */
const TOP = -1;

function print(e: ir.Expr, outer: number): string {
  switch (e.kind) {
    case "const": {
      const text = constText(e);
      // A negative number reads as a unary minus, and binds like one.
      return text.startsWith("-") && outer > UNARY - 1 ? `(${text})` : text;
    }
    case "field":
    case "param":
    case "let":
    case "local":
    case "arg":
      return e.name;
    case "index":
      return `${e.field}[${print(e.key, TOP)}]`;
    case "now":
      return "now";
    case "call":
      return `${e.fn}(${e.args.map((a) => print(a, TOP)).join(", ")})`;
    case "unary":
      return `${e.op}${print(e.operand, UNARY)}`;
    case "binary": {
      const p = PRECEDENCE[e.op];
      // An operand of equal precedence on the side the operator does not group to needs parentheses.
      const right = rightAssociative(e.op);
      const text = `${print(e.left, right ? p + 1 : p)} ${e.op} ${print(e.right, right ? p : p + 1)}`;
      return p < outer ? `(${text})` : text;
    }
    case "interpolate":
      return `"${e.parts.map((x) => (x.kind === "const" && x.type.kind === "string" ? stringLiteral(x.value as string).slice(1, -1) : `\\(${print(x, TOP)})`)).join("")}"`;
    case "cond": {
      // Looser than every operator: parenthesised wherever an operand stands.
      const text = `if ${print(e.cond, TOP)} then ${print(e.then, TOP)} else ${print(e.else, TOP)}`;
      return outer > TOP ? `(${text})` : text;
    }
  }
}

function constText(e: ir.Const): string {
  if (e.type.kind === "enum") return `${e.type.name}.${e.value}`;
  if (e.type.kind === "string") return stringLiteral(e.value as string);
  if (e.type.kind === "float" && Number.isInteger(e.value)) return (e.value as number).toFixed(1);
  if (e.type.kind === "duration") return durationText(e.value as number);
  return String(e.value);
}

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r" };

/** A Ved string literal for `value`: the escapes Ved knows, and `\u{...}` for any other control character. */
export function stringLiteral(value: string): string {
  const body = value.replace(/["\\\n\t\r]|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => ESCAPES[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
  return `"${body}"`;
}

/**
 * A step as lines of Ved, nested statements indented by two spaces: `if c:`
 * and `else:` head their branches, as in a summary rather than in source.
 */
export function stepLines(step: ir.Stmt[], depth = 0): string[] {
  const pad = "  ".repeat(depth);
  const lines: string[] = [];
  for (const s of step) {
    switch (s.kind) {
      case "assign":
        lines.push(`${pad}${s.field}${s.key ? `[${exprText(s.key)}]` : ""} ${s.op} ${exprText(s.value)}`);
        break;
      case "let":
        lines.push(`${pad}let ${s.name} = ${exprText(s.value)}`);
        break;
      case "effect":
        lines.push(`${pad}${s.name}(${s.args.map(exprText).join(", ")})`);
        break;
      case "if":
        lines.push(`${pad}if ${exprText(s.cond)}:`, ...stepLines(s.then, depth + 1));
        if (s.else.length === 1 && s.else[0].kind === "if") {
          const [first, ...rest] = stepLines(s.else, depth);
          lines.push(`${pad}else ${first.trimStart()}`, ...rest);
        } else if (s.else.length > 0) {
          lines.push(`${pad}else:`, ...stepLines(s.else, depth + 1));
        }
        break;
    }
  }
  return lines;
}
