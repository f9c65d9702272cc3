// A language server and a client in this process, joined by two in-memory
// streams: what an editor sees, without a child process, so a test can tell
// the order in which answers and diagnostics arrive.
import * as assert from "uvu/assert";
import { PassThrough } from "node:stream";
import * as rpc from "vscode-jsonrpc/node";
import { startServer } from "../lib/compiler/lsp/server.js";
import { domains } from "../bench/lib/sizes.js";
import { cleanup } from "./harness.js";

export async function inProcessServer() {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = startServer(toServer, toClient);
  const client = rpc.createMessageConnection(new rpc.StreamMessageReader(toClient), new rpc.StreamMessageWriter(toServer));
  /** Every event as it arrived, in order: published diagnostics, and answers the test records. */
  const events = [];
  const waiters = [];
  const record = (event) => {
    events.push(event);
    for (const w of [...waiters]) if (w.test(event)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(event);
  };
  client.onNotification("textDocument/publishDiagnostics", (params) => record({ kind: "diagnostics", ...params }));
  client.listen();
  cleanup(() => {
    client.dispose();
    server.dispose();
  });
  await client.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
  client.sendNotification("initialized", {});
  return {
    events,
    record,
    open: (uri, text, version = 1) => client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version, text } }),
    change: (uri, text, version) => client.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] }),
    close: (uri) => client.sendNotification("textDocument/didClose", { textDocument: { uri } }),
    hover: (uri, position) => client.sendRequest("textDocument/hover", { textDocument: { uri }, position }),
    definition: (uri, position) => client.sendRequest("textDocument/definition", { textDocument: { uri }, position }),
    /** The first event (seen already or to come) that `test` accepts. */
    until(test) {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

/** The 0-based LSP position of the first `word` after `from` in `text`, with any line ending. */
export function positionOf(text, word, from = 0) {
  const at = text.indexOf(word, from);
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/**
 * A large document of `size` domains opened and at once changed, then a small
 * one opened and hovered: the small one is answered before the large one's
 * diagnostics arrive, only the latest version of the large one is published,
 * and hover and definition work on it.
 */
export async function largeDocumentScenario(size) {
  const lsp = await inProcessServer();
  const big = "file:///work/big.ved";
  const small = "file:///work/small.ved";
  const text = domains(size);
  // Version 1, then at once version 2 with a mistake in its last domain: only version 2 may be published.
  lsp.open(big, text, 1);
  const broken = text.replace(/goal workers == want\n(?![^]*goal workers == want)/, "goal wrkers == want\n");
  lsp.change(big, broken, 2);
  // Meanwhile a small document is opened, checked and asked about.
  const source = "domain Pool {\n  state {\n    workers: int\n  }\n  goal workers == 5\n}\n";
  lsp.open(small, source);
  const smallDiagnostics = await lsp.until((e) => e.kind === "diagnostics" && e.uri === small);
  assert.equal(smallDiagnostics.diagnostics.map((d) => d.code), ["VED0302"]);
  const hover = await lsp.hover(small, positionOf(source, "workers", source.indexOf("goal")));
  lsp.record({ kind: "hover", uri: small });
  assert.match(hover.contents.value, "(field) workers: int");

  const bigDiagnostics = await lsp.until((e) => e.kind === "diagnostics" && e.uri === big);
  const order = lsp.events.map((e) => `${e.kind} ${e.uri}`);
  assert.ok(order.indexOf(`hover ${small}`) < order.indexOf(`diagnostics ${big}`), `the small document was answered first: ${order.join(", ")}`);
  assert.is(bigDiagnostics.version, 2, "the first version's analysis was stopped, not published");
  assert.equal(bigDiagnostics.diagnostics.map((d) => [d.code, d.range.start]), [["VED0100", positionOf(broken, "wrkers")]]);

  // Hover and definition on the large document are answered by its worker, from version 2.
  const last = broken.lastIndexOf("workers += 1");
  const bigHover = await lsp.hover(big, positionOf(broken, "workers", last));
  assert.match(bigHover.contents.value, "(field) workers: int in 0..100 = 0");
  const definition = await lsp.definition(big, positionOf(broken, "workers", last));
  assert.equal(definition.range.start, positionOf(broken, "workers", broken.lastIndexOf("domain ")));

  lsp.close(big);
  const cleared = await lsp.until((e) => e.kind === "diagnostics" && e.uri === big && e.diagnostics.length === 0);
  assert.equal(cleared.diagnostics, []);
  assert.is(lsp.events.filter((e) => e.kind === "diagnostics" && e.uri === big && e.version === 1).length, 0);
}

