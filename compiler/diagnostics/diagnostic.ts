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
  // 01xx: names
  VED0100: "an unknown name",
  VED0101: "a state field declared twice",
  VED0102: "a transition declared twice",
  VED0103: "a domain declared twice",
  VED0104: "an unknown type",
  VED0105: "a name the compiler refuses",
  VED0106: "more than one state block in a domain",
  // 02xx: types
  VED0200: "an operator applied to the wrong type",
  VED0201: "a goal that is not a bool",
  VED0202: "a condition that is not a bool",
  VED0203: "a value of the wrong type assigned to a field",
  VED0204: "`+=` or `-=` on a field that is not an int",
  VED0205: "an integer literal outside the safe range",
  VED0206: "an initial value of the wrong type",
} as const;

export type DiagnosticCode = keyof typeof CODES;

export function error(code: DiagnosticCode, file: string, span: Span, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = { code, severity: "error", message, file, span };
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
