// The language server and imports: a document's imports are read from disk
// beside it; hover and go to definition on an imported name reach the file
// that declares it, and definition on an import's path opens that file.
import { test, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { client, memoryServer } from "./lsp-client.js";

const POOL = 'import { Zone } from "./zones.ved"\ndomain Pool {\n  state {\n    zone: Zone\n  }\n  goal zone == Zone.us\n  transition move when zone != Zone.us {\n    step {\n      zone = Zone.us\n    }\n  }\n}\n';

async function opened(dir, text) {
  const uri = pathToFileURL(join(dir, "pool.ved")).href;
  const lsp = client(memoryServer());
  await lsp.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  lsp.notify("initialized", {});
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version: 1, text } });
  return { lsp, uri };
}

test("diagnostics resolve imports from disk; definition and hover follow an imported name, and an import's path, to its file", async () => {
  const dir = tempDir("lsp-imports");
  writeFileSync(join(dir, "zones.ved"), "// zones\nenum Zone { eu, us }\n");
  const { lsp, uri } = await opened(dir, POOL);
  assert.equal((await lsp.waitFor("textDocument/publishDiagnostics")).diagnostics, []);
  const zones = pathToFileURL(join(dir, "zones.ved")).href;
  const onType = await lsp.request("textDocument/definition", { textDocument: { uri }, position: { line: 3, character: 11 } });
  assert.equal(onType.result, { uri: zones, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } } });
  const onMember = await lsp.request("textDocument/definition", { textDocument: { uri }, position: { line: 5, character: 20 } });
  assert.equal(onMember.result, { uri: zones, range: { start: { line: 1, character: 16 }, end: { line: 1, character: 18 } } });
  const onPath = await lsp.request("textDocument/definition", { textDocument: { uri }, position: { line: 0, character: 25 } });
  assert.equal(onPath.result, { uri: zones, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  const hover = await lsp.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 10 } });
  assert.match(hover.result.contents.value, "enum Zone { eu, us }");
});

test("a missing imported file is a diagnostic at the import; an imported file's errors are said there in brief", async () => {
  const dir = tempDir("lsp-imports");
  const { lsp } = await opened(dir, POOL);
  const [missing] = (await lsp.waitFor("textDocument/publishDiagnostics")).diagnostics;
  assert.is(missing.code, "VED0120");
  assert.equal(missing.range.start, { line: 0, character: 21 });
  writeFileSync(join(dir, "zones.ved"), "enum Zone { eu,, us }\n");
  const second = await opened(dir, POOL);
  const diagnostics = (await second.lsp.waitFor("textDocument/publishDiagnostics")).diagnostics;
  assert.equal(diagnostics.map((d) => d.code), ["VED0124"]);
});

test.run();
