// The language server's editing features beyond diagnostics, hover and
// definition, each in its own module: completion, document symbols,
// formatting, quick fixes, references and rename. server.ts announces their
// capabilities and hands them the connection and the open documents.
import { CodeActionKind, type Connection, type ServerCapabilities, type TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { quickFixes } from "./code-actions.js";
import { complete } from "./completion.js";
import { fileOf } from "./document.js";
import { formatDocument } from "./formatting.js";
import { locations, prepareRename, referencesAt, rename } from "./rename.js";
import { documentSymbols } from "./symbols.js";

export const featureCapabilities: ServerCapabilities = {
  completionProvider: { triggerCharacters: [".", ":"] },
  documentSymbolProvider: true,
  documentFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
};

export function registerFeatures(connection: Connection, documents: TextDocuments<TextDocument>): void {
  /** The document's text, file name and the offset of a position, or null for a document not open. */
  const at = (uri: string, position?: { line: number; character: number }) => {
    const document = documents.get(uri);
    return document ? { text: document.getText(), file: fileOf(uri), offset: position ? document.offsetAt(position) : 0 } : null;
  };
  connection.onCompletion(({ textDocument, position }) => {
    const d = at(textDocument.uri, position);
    return d ? complete(d.text, d.file, d.offset) : [];
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const d = at(textDocument.uri);
    return d ? documentSymbols(d.text, d.file) : [];
  });
  connection.onDocumentFormatting(async ({ textDocument }) => {
    const d = at(textDocument.uri);
    return d ? formatDocument(d.text, d.file) : [];
  });
  connection.onCodeAction(({ textDocument, range }) => {
    const d = at(textDocument.uri);
    return d ? quickFixes(d.text, d.file, textDocument.uri, range) : [];
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const d = at(textDocument.uri, position);
    return d ? locations(textDocument.uri, referencesAt(d.text, d.file, d.offset, context.includeDeclaration)) : [];
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const d = at(textDocument.uri, position);
    return d ? prepareRename(d.text, d.file, d.offset) : null;
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const d = at(textDocument.uri, position);
    return d ? rename(d.text, d.file, textDocument.uri, d.offset, newName) : null;
  });
}
