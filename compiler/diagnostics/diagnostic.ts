// Diagnostics are data: a stable code, a severity, a message, the span it is
// about, and optionally a hint a person can act on. Every stage returns them;
// only the CLI (or an editor) turns them into text.
import type { Span } from "../1-syntax/ast.js";

export type Severity = "error" | "warning";

export interface Related {
  message: string;
  span: Span;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  span: Span;
  hint?: string;
  related?: Related[];
}

/**
 * Every code vedc can report, with a one-line description. Codes are stable:
 * a code is never reused for a different mistake. docs/diagnostics.md lists
 * the same table with examples.
 */
export const CODES = {
  // 00xx: the source could not be read as Ved
  VED0001: "a character that is not part of Ved",
  VED0002: "a comment that is never closed",
  VED0003: "an unexpected token",
  VED0004: "the file ends in the middle of something",
  VED0005: "two statements on one line without `;`",
  VED0006: "a goal or transition before any domain",
  VED0007: "nesting deeper than the compiler accepts",
  VED0008: "a file with no domain",
  VED0009: "a file that is not text",
  VED0010: "an unknown escape in a string",
  VED0011: "a string that is never closed",
  VED0012: "a file that cannot be read",
  VED0013: "a file longer than the compiler accepts",
  // 01xx: names
  VED0100: "an unknown name",
  VED0101: "a name declared twice in one domain (fields, params and lets share one namespace; goals and invariants have their own)",
  VED0102: "a transition declared twice",
  VED0103: "a domain declared twice",
  VED0104: "an unknown type",
  VED0105: "a name the compiler refuses",
  VED0106: "more than one state block in a domain",
  VED0108: "an effect declared twice",
  VED0109: "an enum member declared twice",
  VED0110: "an enum with no members",
  VED0111: "a param without a default value",
  VED0112: "an assignment to something that is not a state field",
  VED0113: "an unknown function or effect, or one used in the wrong place",
  VED0114: "a call with the wrong number of arguments",
  VED0116: "a let that depends on itself",
  VED0117: "a local that reuses a name already in scope",
  VED0118: "an argument of an effect with outcome blocks that has the name of a field, param or let",
  VED0119: "an effect outcome (`done` or `failed`) declared twice",
  // 02xx: types
  VED0200: "an operator applied to the wrong type",
  VED0201: "a goal or invariant that is not a bool",
  VED0202: "an if condition or `when` guard that is not a bool",
  VED0203: "a value of the wrong type assigned to a field",
  VED0204: "`+=`, `-=` or `*=` on a field that is not a number",
  VED0205: "a number literal outside its type's range",
  VED0206: "an initial value of the wrong type",
  VED0208: "an argument of the wrong type",
  VED0209: "a range whose low end is above its high end",
  VED0210: "a range on a field that is not an int",
  VED0211: "an int field whose initial value is outside its range",
  VED0212: "a duration literal outside the range of a duration",
  VED0213: "an operator or assignment that mixes times, durations and numbers in a way that has no meaning",
  VED0214: "`now` read in a way from which the compiler cannot derive when the answer changes",
  VED0215: "`now` read in an invariant",
  VED0216: "a step condition that reads `now` and a field the step assigns before it",
  // 03xx: warnings
  VED0300: "a param, let or local that is never read",
  VED0301: "a transition that can never be valid",
  VED0302: "a domain with goals but no transitions",
  VED0303: "a step that calls effects without outcomes and changes no state: it fires once per state, then the domain waits",
} as const;

export type DiagnosticCode = keyof typeof CODES;

export function error(code: DiagnosticCode, file: string, span: Span, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = { code, severity: "error", message, file, span };
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function warning(code: DiagnosticCode, file: string, span: Span, message: string, hint?: string): Diagnostic {
  return { ...error(code, file, span, message, hint), severity: "warning" };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
