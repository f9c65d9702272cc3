// `vedc lsp`: a language server over stdio. Diagnostics as a document is
// opened or changed (the compiler's own, from `check`, warnings included once
// there are no errors, as the CLI shows them), hover with what a name is and
// its type, and go to definition. Every request re-reads the document's
// current text: a check of a Ved file takes about a millisecond.
import { createConnection, DiagnosticSeverity, MarkupKind, StreamMessageReader, StreamMessageWriter, TextDocuments, TextDocumentSyncKind, type Connection, type Diagnostic as LspDiagnostic, type Range } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { parse } from "../1-syntax/parse.js";
import type { Span } from "../1-syntax/ast.js";
import { analyse } from "../2-analysis/analyse.js";
import { symbolAt, type SymbolInfo } from "./symbol-at.js";
import { featureCapabilities, registerFeatures } from "./features.js";
import { check, type Diagnostic } from "../index.js";

/**
 * The server of `vedc lsp` on a process's streams. It exits the process when
 * the client says exit, closes its end, or (given a processId) dies.
 */
export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): void {
  serve(createConnection(new StreamMessageReader(input), new StreamMessageWriter(output)));
}

/** Answers an editor on `connection`, however it is carried: a process's streams, or a test's. */
export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Full, hoverProvider: true, definitionProvider: true, ...featureCapabilities },
    serverInfo: { name: "vedc" },
  }));

  documents.onDidChangeContent(({ document }) => {
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnosticsOf(document) });
  });
  // A closed document's diagnostics go with it.
  documents.onDidClose(({ document }) => void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }));

  connection.onHover(({ textDocument, position }) => {
    const symbol = lookup(documents.get(textDocument.uri), position);
    if (!symbol) return null;
    return { contents: { kind: MarkupKind.Markdown, value: "```ved\n" + symbol.signature + "\n```" }, range: range(symbol.span) };
  });

  connection.onDefinition(({ textDocument, position }) => {
    const symbol = lookup(documents.get(textDocument.uri), position);
    if (!symbol?.declaration) return null;
    return { uri: textDocument.uri, range: range(symbol.declaration) };
  });

  registerFeatures(connection, documents);
  documents.listen(connection);
  connection.listen();
}

function diagnosticsOf(document: TextDocument): LspDiagnostic[] {
  const { diagnostics } = check(document.getText(), { filename: fileName(document.uri) });
  const shown = diagnostics.some((d) => d.severity === "error") ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  return shown.map((d) => toLsp(d, document.uri));
}

function toLsp(d: Diagnostic, uri: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: range(d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "vedc",
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  };
  if (d.related) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: range(r.span) }, message: r.message }));
  return out;
}

/** The symbol under a position, in a document that parses. */
function lookup(document: TextDocument | undefined, position: { line: number; character: number }): SymbolInfo | null {
  if (!document) return null;
  const { program } = parse(document.getText(), fileName(document.uri));
  if (!program) return null;
  return symbolAt(analyse(program, fileName(document.uri)).analysis, document.offsetAt(position));
}

/** Ved positions are 1-based lines and columns, counted in UTF-16 units as LSP's are. */
function range(span: Span): Range {
  return { start: { line: span.start.line - 1, character: span.start.col - 1 }, end: { line: span.end.line - 1, character: span.end.col - 1 } };
}

function fileName(uri: string): string {
  return uri.startsWith("file://") ? decodeURIComponent(new URL(uri).pathname) : uri;
}
