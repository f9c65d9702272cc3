// The arithmetic of time and duration: what each operator gives when an
// operand is a time or a duration, or why it has no meaning (the forms of
// VED0213 in diagnostics/messages.ts). Both are milliseconds underneath;
// keeping them apart is what lets the compiler tell an instant from a length
// of time, and derive when a comparison with `now` changes its answer.
import type * as ast from "../1-syntax/ast.js";
import type { DiagnosticArgs } from "../diagnostics/diagnostic.js";
import { BOOL, DURATION, TIME, describeType, isTemporal, type Type } from "../ir.js";

export type TemporalResult = { type: Type } | { refused: DiagnosticArgs<"VED0213"> };

const VERBS: Partial<Record<ast.BinaryOp, string>> = { "+": "adds", "-": "subtracts", "*": "multiplies", "/": "divides", "%": "takes the remainder of" };

/** The type of `l op r` when either is a time or a duration (arithmetic, and comparison between different types). */
export function temporalBinary(op: ast.BinaryOp, l: Type, r: Type): TemporalResult {
  const [lt, rt] = [l.kind, r.kind];
  const sides = { left: describeType(l), right: describeType(r) };
  const anInt = lt === "int" || rt === "int";
  const aTime = lt === "time" || rt === "time";
  const refused = (args: DiagnosticArgs<"VED0213">): TemporalResult => ({ refused: args });
  switch (op) {
    case "+":
      if ((lt === "time" && rt === "duration") || (lt === "duration" && rt === "time")) return { type: TIME };
      if (lt === "duration" && rt === "duration") return { type: DURATION };
      if (lt === "time" && rt === "time") return refused({ form: "addTimes" });
      return refused(anInt ? { form: "intNotDuration", op, verb: VERBS[op]!, ...sides } : { form: "add", ...sides });
    case "-":
      if (lt === "time" && rt === "time") return { type: DURATION };
      if (lt === "time" && rt === "duration") return { type: TIME };
      if (lt === "duration" && rt === "duration") return { type: DURATION };
      if (lt === "duration" && rt === "time") return refused({ form: "subtractTime" });
      return refused(anInt ? { form: "intNotDuration", op, verb: VERBS[op]!, ...sides } : { form: "subtract", ...sides });
    case "*":
      if ((lt === "duration" && rt === "int") || (lt === "int" && rt === "duration")) return { type: DURATION };
      return refused(aTime ? { form: "timeOnly", op, verb: VERBS[op]! } : { form: "multiply", ...sides });
    case "/":
      if (lt === "duration" && rt === "int") return { type: DURATION };
      return refused(aTime ? { form: "timeOnly", op, verb: VERBS[op]! } : { form: "divide", ...sides });
    case "%":
      return refused(aTime ? { form: "timeOnly", op, verb: VERBS[op]! } : { form: "remainder", ...sides });
    default:
      // < <= > >=, and == != between different types
      if (isTemporal(l) && l.kind === r.kind) return { type: BOOL };
      return refused({ form: anInt ? "compareInt" : "compare", op, ...sides });
  }
}

/** Whether `field op= value` is allowed on a time or duration field. */
export function temporalCompound(op: "+=" | "-=" | "*=", field: Type, value: Type): boolean {
  if (op === "*=") return field.kind === "duration" && value.kind === "int";
  return value.kind === "duration";
}

/** A hint for giving a time or duration a value of another type, or a time or duration where another type goes. */
export function temporalValueHint(target: Type, value: Type): string | undefined {
  if (target.kind === "duration" && (value.kind === "int" || value.kind === "float")) return "an int is not a duration: write the unit, e.g. `30s`, `500ms` or `5m`";
  if (target.kind === "time" && value.kind !== "time") return "a time comes from `now` or another time (`last = now`, `t + 30s`); a time field starts at the epoch";
  if (isTemporal(value) && !isTemporal(target)) return "Ved keeps times, durations and numbers apart: compare a time or a duration, never store it as a number";
  return undefined;
}
