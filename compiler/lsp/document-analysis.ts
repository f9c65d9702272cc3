// One version of one document, analysed once: its diagnostics as LSP sends
// them, and the symbol at an offset for hover and go-to-definition. The same
// code runs in the server's thread for a small document and in a worker for a
// large one (analyses.ts).
import type { DiagnosticSeverity, Diagnostic as LspDiagnostic, Range } from "vscode-languageserver";
import { dirname, join, normalize } from "node:path";
import type * as ast from "../1-syntax/ast.js";
import type { Span } from "../1-syntax/ast.js";
import { fsHost, ModuleGraph, type SourceHost } from "../2-analysis/modules.js";
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

/**
 * Imports are read through `host`: the file system by default; the server
 * may put its open documents first. Only this document's diagnostics are
 * shown: an imported file's errors are said, in brief, at the import.
 */
export function analyseDocument(text: string, uri: string, host: SourceHost = fsHost): DocumentAnalysis {
  const file = fileName(uri);
  const parsed = parse(text, file);
  let analysis: Analysis | null = null;
  let diagnostics: Diagnostic[] = parsed.diagnostics;
  if (parsed.program) {
    const graph = new ModuleGraph(host, (program, at, imported) => {
      const { analysis, diagnostics } = analyse(program, at, imported);
      return { enums: analysis.enums, diagnostics };
    });
    const importErrors: Diagnostic[] = [];
    const imported = graph.importsOf(parsed.program, file, importErrors);
    ({ analysis, diagnostics } = analyse(parsed.program, file, imported));
    diagnostics = [...importErrors, ...diagnostics].filter((d) => d.file === file);
  }
  const imports = parsed.program?.imports ?? [];
  const shown = diagnostics.some((d) => d.severity === "error") ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  return {
    diagnostics: shown.map((d) => toLsp(d, uri)),
    symbolAt: (offset) => importPathAt(imports, file, offset) ?? (analysis ? symbolAt(analysis, offset) : null),
  };
}

/** An import's path at `offset`: its definition is the start of the file it names. */
function importPathAt(imports: ast.ImportDecl[], file: string, offset: number): SymbolInfo | null {
  const i = imports.find((i) => offset >= i.from.span.start.offset && offset <= i.from.span.end.offset);
  if (!i) return null;
  const start = { offset: 0, line: 1, col: 1 };
  const resolved = normalize(join(dirname(file), i.from.value));
  return { kind: "import", name: i.from.value, span: i.from.span, declaration: { start, end: start }, file: resolved, signature: `(import) ${resolved}` };
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
