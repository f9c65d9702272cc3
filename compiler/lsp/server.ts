// `vedc lsp`: a language server over stdio. Diagnostics as a document is
// opened or changed (the compiler's own, warnings included once there are no
// errors, as the CLI shows them), hover with what a name is and its type, and
// go to definition. Each version of a document is analysed once; a large
// document in a worker thread of its own, so that it never holds up the
// others (analyses.ts).
import { createConnection, MarkupKind, StreamMessageReader, StreamMessageWriter, TextDocuments, TextDocumentSyncKind, type Connection } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Analyses } from "./analyses.js";
import { range } from "./document-analysis.js";
import { featureCapabilities, registerFeatures } from "./features.js";

export interface Server {
  /** Stops listening and ends the analysis workers. */
  dispose(): void;
}

/**
 * The server of `vedc lsp` on a process's streams. It exits the process when
 * the client says exit, closes its end, or (given a processId) dies.
 */
export function startServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Server {
  return serve(createConnection(new StreamMessageReader(input), new StreamMessageWriter(output)));
}

/** Answers an editor on `connection`, however it is carried: a process's streams, or a test's. */
export function serve(connection: Connection): Server {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Analyses((uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }));

  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Full, hoverProvider: true, definitionProvider: true, ...featureCapabilities },
    serverInfo: { name: "vedc" },
  }));

  documents.onDidChangeContent(({ document }) => analyses.changed(document.uri, document.version, document.getText()));
  // A closed document's diagnostics go with it.
  documents.onDidClose(({ document }) => {
    analyses.closed(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  const lookup = (uri: string, position: { line: number; character: number }) => {
    const document = documents.get(uri);
    return document ? analyses.symbolAt(uri, document.offsetAt(position)) : Promise.resolve(null);
  };

  connection.onHover(async ({ textDocument, position }) => {
    const symbol = await lookup(textDocument.uri, position);
    if (!symbol) return null;
    return { contents: { kind: MarkupKind.Markdown, value: "```ved\n" + symbol.signature + "\n```" }, range: range(symbol.span) };
  });

  connection.onDefinition(async ({ textDocument, position }) => {
    const symbol = await lookup(textDocument.uri, position);
    if (!symbol?.declaration) return null;
    // An imported name's declaration, or an import's path, is in another file.
    return { uri: symbol.file ? pathToFileURL(resolve(symbol.file)).href : textDocument.uri, range: range(symbol.declaration) };
  });

  registerFeatures(connection, documents);
  connection.onShutdown(() => analyses.dispose());
  documents.listen(connection);
  connection.listen();
  return {
    dispose() {
      analyses.dispose();
      connection.dispose();
    },
  };
}
