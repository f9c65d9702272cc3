// What the language server's features share about a document: its analysis
// (of the text as it is, or, while a line is being typed, of the text without
// that line), and LSP ranges of Ved spans.
import type { Range } from "vscode-languageserver/node";
import type { Span } from "../1-syntax/ast.js";
import { parse } from "../1-syntax/parse.js";
import { analyse } from "../2-analysis/analyse.js";
import type { Analysis } from "../2-analysis/symbols.js";

/** Ved positions are 1-based lines and columns, counted in UTF-16 units as LSP's are. */
export function toRange(span: Span): Range {
  return { start: { line: span.start.line - 1, character: span.start.col - 1 }, end: { line: span.end.line - 1, character: span.end.col - 1 } };
}

export function fileOf(uri: string): string {
  return uri.startsWith("file://") ? decodeURIComponent(new URL(uri).pathname) : uri;
}

/** The analysis of `text`, when it parses. */
export function analysisOf(text: string, file: string): Analysis | null {
  const { program } = parse(text, file);
  return program ? analyse(program, file).analysis : null;
}

/**
 * The analysis to complete with at `offset`: of the text, or, since the line
 * being typed rarely parses, of the text with that line blanked (its length
 * kept, so every other offset still holds).
 */
export function analysisNear(text: string, file: string, offset: number): Analysis | null {
  const whole = analysisOf(text, file);
  if (whole) return whole;
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  const line = text.slice(start, end < 0 ? text.length : end);
  return analysisOf(text.slice(0, start) + " ".repeat(line.length) + text.slice(start + line.length), file);
}
