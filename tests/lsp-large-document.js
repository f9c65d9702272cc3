// What an editor sees while the server holds a large document, over the
// in-memory server of tests/lsp-client.js: a small document's diagnostics and
// hover come back before the large one's diagnostics, only the large one's
// latest version is published, and hover and definition work on it. Run with
// 1,300 domains (400 kB) in the fast tier and 16,000 (5 MB) in integration.
import * as assert from "uvu/assert";
import { domains } from "../bench/lib/sizes.js";
import { client, memoryServer } from "./lsp-client.js";

/** The 0-based LSP position of the first `word` after `from` in `text`. */
export function positionOf(text, word, from = 0) {
  const before = text.slice(0, text.indexOf(word, from)).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export async function largeDocumentScenario(size) {
  const lsp = client(memoryServer());
  await lsp.request("initialize", { processId: null, rootUri: null, capabilities: {} });
  lsp.notify("initialized", {});
  const big = "file:///work/big.ved";
  const small = "file:///work/small.ved";
  const order = [];
  const text = domains(size);
  // Version 1, then at once version 2 with a mistake in its last domain: only version 2 may be published.
  lsp.notify("textDocument/didOpen", { textDocument: { uri: big, languageId: "ved", version: 1, text } });
  const broken = `${text.slice(0, text.lastIndexOf("goal workers"))}goal wrkers${text.slice(text.lastIndexOf("goal workers") + "goal workers".length)}`;
  lsp.notify("textDocument/didChange", { textDocument: { uri: big, version: 2 }, contentChanges: [{ text: broken }] });
  const bigDiagnostics = lsp.waitFor("textDocument/publishDiagnostics", (p) => p.uri === big).then((p) => (order.push("big diagnostics"), p));
  // Meanwhile a small document is opened, checked and asked about.
  const source = "domain Pool {\n  state {\n    workers: int\n  }\n  goal workers == 5\n}\n";
  lsp.notify("textDocument/didOpen", { textDocument: { uri: small, languageId: "ved", version: 1, text: source } });
  const smallDiagnostics = await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.uri === small);
  assert.equal(smallDiagnostics.diagnostics.map((d) => d.code), ["VED0302"]);
  const hover = await lsp.request("textDocument/hover", { textDocument: { uri: small }, position: positionOf(source, "workers", source.indexOf("goal")) });
  order.push("small hover");
  assert.match(hover.result.contents.value, "(field) workers: int");

  const published = await bigDiagnostics;
  assert.equal(order, ["small hover", "big diagnostics"], "the small document was answered while the large one was analysed");
  assert.is(published.version, 2, "the first version's analysis was stopped, not published");
  assert.equal(published.diagnostics.map((d) => [d.code, d.range.start]), [["VED0100", positionOf(broken, "wrkers")]]);

  // Hover and definition on the large document are answered by its worker, from version 2.
  const last = broken.lastIndexOf("workers += 1");
  const bigHover = await lsp.request("textDocument/hover", { textDocument: { uri: big }, position: positionOf(broken, "workers", last) });
  assert.match(bigHover.result.contents.value, "(field) workers: int in 0..100 = 0");
  const definition = await lsp.request("textDocument/definition", { textDocument: { uri: big }, position: positionOf(broken, "workers", last) });
  assert.equal(definition.result.range.start, positionOf(broken, "workers", broken.lastIndexOf("domain ")));

  lsp.notify("textDocument/didClose", { textDocument: { uri: big } });
  const cleared = await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.uri === big && p.version === undefined);
  assert.equal(cleared.diagnostics, [], "closing the document clears its diagnostics");
  assert.is(await lsp.close(), 0);
}
