// Where and when each open document is analysed, so that no document holds
// up another. A document up to INLINE_LIMIT characters is analysed in the
// server's own thread as soon as it changes (about a millisecond per
// kilobyte). A larger one gets a worker thread of its own: its changes are
// debounced, a change while it is being analysed stops that analysis (the
// worker is ended, not waited for), and only the latest version's
// diagnostics are published. Hover and go-to-definition on it are answered
// by its worker, from the latest version.
import { Worker } from "node:worker_threads";
import type { Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { FromWorker, ToWorker } from "./analysis-worker.js";
import { analyseDocument, type DocumentAnalysis } from "./document-analysis.js";
import type { SymbolInfo } from "./symbol-at.js";

/** The largest document analysed in the server's thread: about 50 ms of work. */
export const INLINE_LIMIT = 64 * 1024;
/** How long a large document must stay unchanged before it is analysed. */
export const DEBOUNCE_MS = 200;

export type Publish = (uri: string, version: number, diagnostics: LspDiagnostic[]) => void;

export class Analyses {
  private readonly inline = new Map<string, DocumentAnalysis>();
  private readonly large = new Map<string, LargeDocument>();

  constructor(private readonly publish: Publish) {}

  changed(uri: string, version: number, text: string): void {
    if (text.length <= INLINE_LIMIT) {
      this.closeLarge(uri);
      const analysis = analyseDocument(text, uri);
      this.inline.set(uri, analysis);
      this.publish(uri, version, analysis.diagnostics);
      return;
    }
    this.inline.delete(uri);
    let doc = this.large.get(uri);
    if (!doc) this.large.set(uri, (doc = new LargeDocument(uri, this.publish)));
    doc.changed(version, text);
  }

  /** The symbol at `offset` in the latest version of `uri`. */
  async symbolAt(uri: string, offset: number): Promise<SymbolInfo | null> {
    const inline = this.inline.get(uri);
    if (inline) return inline.symbolAt(offset);
    return (await this.large.get(uri)?.symbolAt(offset)) ?? null;
  }

  closed(uri: string): void {
    this.inline.delete(uri);
    this.closeLarge(uri);
  }

  /** Ends every worker. */
  dispose(): void {
    for (const uri of [...this.large.keys()]) this.closeLarge(uri);
  }

  private closeLarge(uri: string): void {
    this.large.get(uri)?.stop();
    this.large.delete(uri);
  }
}

class LargeDocument {
  private worker: Worker | null = null;
  /** The version the worker is analysing, until it reports. */
  private analysing: number | null = null;
  /** The latest version, not yet sent to the worker. */
  private waiting: { version: number; text: string } | null = null;
  private latest = -1;
  private timer: NodeJS.Timeout | undefined;
  private nextLookup = 1;
  private readonly lookups = new Map<number, (symbol: SymbolInfo | null) => void>();

  constructor(
    private readonly uri: string,
    private readonly publish: Publish,
  ) {}

  changed(version: number, text: string): void {
    this.latest = version;
    this.waiting = { version, text };
    // What is being analysed is already out of date: stop it rather than wait for it.
    if (this.analysing !== null) this.stop();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), DEBOUNCE_MS);
  }

  symbolAt(offset: number): Promise<SymbolInfo | null> {
    // A lookup is about the latest text: analyse it now rather than after the pause.
    if (this.waiting) this.send();
    if (!this.worker) return Promise.resolve(null);
    const id = this.nextLookup++;
    const answer = new Promise<SymbolInfo | null>((resolve) => this.lookups.set(id, resolve));
    this.post({ kind: "symbol", id, offset });
    return answer;
  }

  /** Ends the worker and whatever it was doing; lookups it owed answer null. */
  stop(): void {
    clearTimeout(this.timer);
    void this.worker?.terminate();
    this.worker = null;
    this.analysing = null;
    for (const resolve of this.lookups.values()) resolve(null);
    this.lookups.clear();
  }

  private send(): void {
    clearTimeout(this.timer);
    const job = this.waiting;
    if (!job) return;
    this.waiting = null;
    this.analysing = job.version;
    this.post({ kind: "analyse", uri: this.uri, version: job.version, text: job.text });
  }

  private post(message: ToWorker): void {
    if (!this.worker) this.worker = this.spawn();
    this.worker.postMessage(message);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./analysis-worker.js", import.meta.url));
    // An editor's server lives as long as its stdin; the worker must not keep a process alive on its own.
    worker.unref();
    worker.on("message", (message: FromWorker) => {
      if (worker !== this.worker) return;
      if (message.kind === "analysed") {
        this.analysing = null;
        if (message.version === this.latest) this.publish(this.uri, message.version, message.diagnostics);
      } else {
        this.lookups.get(message.id)?.(message.symbol);
        this.lookups.delete(message.id);
      }
    });
    worker.on("error", () => {
      if (worker === this.worker) this.stop();
    });
    return worker;
  }
}
