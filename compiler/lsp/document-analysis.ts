// One version of one document, analysed once: its diagnostics as LSP sends
// them, and the symbol at an offset for hover and go-to-definition. The same
// code runs in the server's thread for a small document and in a worker for a
// large one (analyses.ts).
import type { DiagnosticSeverity, Diagnostic as LspDiagnostic, Range } from "vscode-languageserver";
import type { Span } from "../1-syntax/ast.js";
import { parse } from "../1-syntax/parse.js";
import { analyse } from "../2-analysis/analyse.js";
import type { Analysis } from "../2-analysis/symbols.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { symbolAt, type SymbolInfo } from "./symbol-at.js";

const ERROR: DiagnosticSeverity = 1;
const WARNING: DiagnosticSeverity = 2;

export interface DocumentAnalysis {
  /** The compiler's diagnostics, warnings only once there are no errors, as the CLI shows them. */
  diagnostics: LspDiagnostic[];
  /** The symbol at a 0-based offset; null when there is none or the document does not parse. */
  symbolAt(offset: number): SymbolInfo | null;
}

export function analyseDocument(text: string, uri: string): DocumentAnalysis {
  const file = fileName(uri);
  const parsed = parse(text, file);
  let analysis: Analysis | null = null;
  let diagnostics: Diagnostic[] = parsed.diagnostics;
  if (parsed.program) ({ analysis, diagnostics } = analyse(parsed.program, file));
  const shown = diagnostics.some((d) => d.severity === "error") ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  return {
    diagnostics: shown.map((d) => toLsp(d, uri)),
    symbolAt: (offset) => (analysis ? symbolAt(analysis, offset) : null),
  };
}

function toLsp(d: Diagnostic, uri: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: range(d.span),
    severity: d.severity === "error" ? ERROR : WARNING,
    code: d.code,
    source: "vedc",
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  };
  if (d.related) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: range(r.span) }, message: r.message }));
  return out;
}

/**
 * Ved positions are 1-based lines and columns, counted in UTF-16 units and
 * with the line breaks LSP counts (diagnostics/lines.ts): the same positions.
 */
export function range(span: Span): Range {
  return { start: { line: span.start.line - 1, character: span.start.col - 1 }, end: { line: span.end.line - 1, character: span.end.col - 1 } };
}

/** The file a URI names, for diagnostics; the URI itself when it is not a well-formed file URI. */
export function fileName(uri: string): string {
  try {
    return uri.startsWith("file://") ? decodeURIComponent(new URL(uri).pathname) : uri;
  } catch {
    return uri;
  }
}
