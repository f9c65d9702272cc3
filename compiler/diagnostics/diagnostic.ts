// Diagnostics are data: a stable code, a severity, a message, the span it is
// about, and optionally a hint a person can act on. Every stage returns them;
// only the CLI (or an editor) turns them into text.
import type { Span } from "../1-syntax/ast.js";
import { MESSAGES, type MessageEntry, type MessageForm } from "./messages.js";

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
 * a code is never reused for a different mistake. The table they come from,
 * with each code's severity, message and hint, is MESSAGES (messages.ts);
 * docs/diagnostics.md is generated from it.
 */
export const CODES = Object.fromEntries(Object.entries(MESSAGES).map(([code, entry]) => [code, entry.what])) as { readonly [C in DiagnosticCode]: string };

export type DiagnosticCode = keyof typeof MESSAGES;

type Letter = "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i" | "j" | "k" | "l" | "m" | "n" | "o" | "p" | "q" | "r" | "s" | "t" | "u" | "v" | "w" | "x" | "y" | "z";
type IsWord<S extends string> = S extends `${Letter | Uppercase<Letter>}${infer Rest}` ? (Rest extends "" ? true : IsWord<Rest>) : false;
/** The holes of a template: `{name}`, a lowercase word in braces. Braces around anything else are text, as HOLE reads them. */
export type Holes<S> = S extends `${string}{${infer H}}${infer Rest}`
  ? H extends `${Letter}${string}` ? (IsWord<H> extends true ? H | Holes<Rest> : Holes<`${H}}${Rest}`>) : Holes<`${H}}${Rest}`>
  : never;
const HOLE = /\{([a-z][A-Za-z]*)\}/g;

/** A form's arguments: every hole of its message, and of its hint. A hint hole may be undefined: then the diagnostic has no hint. */
type FormArgs<F> = F extends { readonly message: infer M }
  ? { readonly [H in Holes<M>]: string | number } & (F extends { readonly hint: infer T } ? { readonly [H in Exclude<Holes<T>, Holes<M>>]: string | number | undefined } : unknown)
  : never;
type EntryArgs<E> = E extends { readonly forms: infer F } ? { [K in keyof F]: { readonly form: K } & FormArgs<F[K]> }[keyof F] : FormArgs<E>;
/** What `report(code, ...)` needs to fill the code's message and hint; for a code with forms, also which form. */
export type DiagnosticArgs<C extends DiagnosticCode> = EntryArgs<(typeof MESSAGES)[C]>;

function fill(template: string, args: Readonly<Record<string, unknown>>): string | undefined {
  let missing = false;
  const text = template.replace(HOLE, (_, hole: string) => {
    const value = args[hole];
    if (value === undefined) missing = true;
    return String(value);
  });
  return missing ? undefined : text;
}

/**
 * The diagnostic `code` at `span` in `file`, its message and hint filled from
 * `args`, its severity the table's. A hole missing from args is a type error.
 */
export function report<C extends DiagnosticCode>(code: C, file: string, span: Span, ...[args]: {} extends DiagnosticArgs<C> ? [args?: DiagnosticArgs<C>] : [args: DiagnosticArgs<C>]): Diagnostic {
  const entry: MessageEntry = MESSAGES[code];
  const values = (args ?? {}) as Readonly<Record<string, unknown>>;
  const form: MessageForm | undefined = entry.forms ? entry.forms[values.form as string] : (entry as MessageForm);
  if (!form) throw new Error(`${code} has no form '${String(values.form)}'`);
  const message = fill(form.message, values);
  if (message === undefined) throw new Error(`${code}: a hole of '${form.message}' has no value`);
  const d: Diagnostic = { code, severity: entry.severity, message, file, span };
  const hint = form.hint === undefined ? undefined : fill(form.hint, values);
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
