// `vedc lsp --stdio` as an editor starts it: a child process spoken to over
// its stdin and stdout, which exits 0 after shutdown and exit. What the
// server answers is tested in this process, in tests/lsp.test.js.
import { test } from "../harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { root } from "../helpers.js";
import { client, processServer } from "../lsp-client.js";

test("vedc lsp --stdio: initialize, diagnostics as the document changes, shutdown and exit end the process with 0", async () => {
  const lsp = client(processServer());
  const init = await lsp.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  assert.equal(init.result.serverInfo, { name: "vedc" });
  lsp.notify("initialized", {});
  const uri = "file:///work/pool.ved";
  const text = readFileSync(`${root}/examples/worker-pool.ved`, "utf8");
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version: 1, text } });
  assert.equal((await lsp.waitFor("textDocument/publishDiagnostics")).diagnostics, []);
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace("goal workers", "goal wrkers") }] });
  const [unknown] = (await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 2)).diagnostics;
  assert.equal([unknown.code, unknown.range.start], ["VED0100", { line: 5, character: 5 }]);
  assert.is(await lsp.close(), 0);
});

test("vedc lsp --stdio ends when the editor closes its stdin", async () => {
  const server = processServer();
  const lsp = client(server);
  await lsp.request("initialize", { processId: null, rootUri: null, capabilities: {} });
  server.input.end();
  assert.is(await server.exited, 0, "it ends, rather than lingering");
});

test.run();
