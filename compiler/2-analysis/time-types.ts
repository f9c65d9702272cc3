// The arithmetic of time and duration: what each operator gives when an
// operand is a time or a duration, or why it has no meaning. Both are
// milliseconds underneath; keeping them apart is what lets the compiler tell
// an instant from a length of time, and derive when a comparison with `now`
// changes its answer.
import type * as ast from "../1-syntax/ast.js";
import { BOOL, DURATION, TIME, describeType, isTemporal, type Type } from "../ir.js";

export type TemporalResult = { type: Type } | { message: string; hint: string };

const INT_IS_NOT_A_DURATION = "an int is not a duration: write the unit, e.g. `30s`, `500ms` or `5m`";

/** The type of `l op r` when either is a time or a duration (arithmetic and ordering only). */
export function temporalBinary(op: ast.BinaryOp, l: Type, r: Type): TemporalResult {
  const [lt, rt] = [l.kind, r.kind];
  const what = `${describeType(l)} and ${describeType(r)}`;
  switch (op) {
    case "+":
      if (lt === "time" && rt === "duration") return { type: TIME };
      if (lt === "duration" && rt === "time") return { type: TIME };
      if (lt === "duration" && rt === "duration") return { type: DURATION };
      if (lt === "time" && rt === "time") return { message: "'+' adds two times, which has no meaning", hint: "subtract them for the duration between (`a - b`), or add a duration to a time (`t + 30s`)" };
      return { message: `'+' adds ${what}`, hint: rt === "int" || lt === "int" ? INT_IS_NOT_A_DURATION : "add a duration to a time or to a duration" };
    case "-":
      if (lt === "time" && rt === "time") return { type: DURATION };
      if (lt === "time" && rt === "duration") return { type: TIME };
      if (lt === "duration" && rt === "duration") return { type: DURATION };
      if (lt === "duration" && rt === "time") return { message: "'-' subtracts a time from a duration, which has no meaning", hint: "subtract the duration from the time instead: `t - d`" };
      return { message: `'-' subtracts ${what}`, hint: rt === "int" || lt === "int" ? INT_IS_NOT_A_DURATION : "subtract a time or a duration from a time, or a duration from a duration" };
    case "*":
      if ((lt === "duration" && rt === "int") || (lt === "int" && rt === "duration")) return { type: DURATION };
      if (lt === "time" || rt === "time") return { message: "'*' multiplies a time, which has no meaning", hint: "a time can only be compared, or have a duration added or taken away: `now - t >= 60s`" };
      return { message: `'*' multiplies ${what}`, hint: "a duration is whole milliseconds: multiply it by an int, e.g. `cooldown * 2`" };
    case "/":
      if (lt === "duration" && rt === "int") return { type: DURATION };
      if (lt === "time" || rt === "time") return { message: "'/' divides a time, which has no meaning", hint: "a time can only be compared, or have a duration added or taken away: `now - t >= 60s`" };
      return { message: `'/' divides ${what}`, hint: "divide a duration by an int, e.g. `cooldown / 2` (it truncates to whole milliseconds)" };
    case "%":
      return { message: `'%' takes the remainder of ${what}, which Ved does not define`, hint: lt === "time" || rt === "time" ? "a time can only be compared, or have a duration added or taken away: `now - t >= 60s`" : "only ints have a remainder" };
    default:
      // < <= > >=, and == != between different types
      if (isTemporal(l) && l.kind === r.kind) return { type: BOOL };
      return { message: `'${op}' compares ${describeType(l)} with ${describeType(r)}`, hint: rt === "int" || lt === "int" ? `compare like with like; ${INT_IS_NOT_A_DURATION}` : "compare a time with a time, a duration with a duration: `now - t >= 60s`" };
  }
}

/** Whether `field op= value` is allowed on a time or duration field. */
export function temporalCompound(op: "+=" | "-=" | "*=", field: Type, value: Type): boolean {
  if (op === "*=") return field.kind === "duration" && value.kind === "int";
  return value.kind === "duration";
}

/** A hint for giving a time or duration a value of another type. */
export function temporalValueHint(target: Type, value: Type): string | undefined {
  if (target.kind === "duration" && (value.kind === "int" || value.kind === "float")) return INT_IS_NOT_A_DURATION;
  if (target.kind === "time" && value.kind !== "time") return "a time comes from `now` or another time (`last = now`, `t + 30s`); a time field starts at the epoch";
  if (value.kind === "duration" || value.kind === "time") return `${describeType(value)} is not a number here: compare it, or convert nothing — Ved keeps times, durations and numbers apart`;
  return undefined;
}
