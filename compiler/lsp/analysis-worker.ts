// A worker thread holding one large document: it analyses each version the
// server sends and answers symbol lookups from the last analysis, so that the
// server's own thread stays free for every other document and request.
import { parentPort } from "node:worker_threads";
import { analyseDocument, type DocumentAnalysis } from "./document-analysis.js";
import type { SymbolInfo } from "./symbol-at.js";

export type ToWorker = { kind: "analyse"; uri: string; version: number; text: string } | { kind: "symbol"; id: number; offset: number };
export type FromWorker = { kind: "analysed"; version: number; diagnostics: DocumentAnalysis["diagnostics"] } | { kind: "symbol"; id: number; symbol: SymbolInfo | null };

let current: DocumentAnalysis | null = null;

parentPort!.on("message", (message: ToWorker) => {
  if (message.kind === "analyse") {
    current = analyseDocument(message.text, message.uri);
    parentPort!.postMessage({ kind: "analysed", version: message.version, diagnostics: current.diagnostics } satisfies FromWorker);
  } else {
    parentPort!.postMessage({ kind: "symbol", id: message.id, symbol: current?.symbolAt(message.offset) ?? null } satisfies FromWorker);
  }
});
