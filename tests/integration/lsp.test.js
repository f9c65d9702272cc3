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

test("vedc lsp --stdio answers completion, symbols, formatting, a quick fix, references and rename", async () => {
  const lsp = client(processServer());
  await lsp.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  lsp.notify("initialized", {});
  const uri = "file:///work/pool.ved";
  const text = readFileSync(`${root}/examples/worker-pool.ved`, "utf8").replace("goal workers", "goal wrkers");
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version: 1, text } });
  await lsp.waitFor("textDocument/publishDiagnostics");
  const ask = async (method, params) => (await lsp.request(method, { textDocument: { uri }, ...params })).result;
  const completion = await ask("textDocument/completion", { position: { line: 5, character: 5 } });
  assert.ok(completion.some((c) => c.label === "workers"), JSON.stringify(completion));
  const [symbol] = await ask("textDocument/documentSymbol", {});
  assert.is(symbol.name, "WorkerPool");
  const [fix] = await ask("textDocument/codeAction", { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 20 } }, context: { diagnostics: [] } });
  assert.is(fix.title, "Change 'wrkers' to 'workers'");
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace("goal wrkers", "goal workers") }] });
  await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 2);
  const [formatted] = await ask("textDocument/formatting", { options: { tabSize: 2, insertSpaces: true } });
  assert.match(formatted.newText, "  state {\n    workers: int\n  }");
  const refs = await ask("textDocument/references", { position: { line: 2, character: 2 }, context: { includeDeclaration: true } });
  assert.is(refs.length, 6);
  const renamed = await ask("textDocument/rename", { position: { line: 2, character: 2 }, newName: "replicas" });
  assert.is(renamed.changes[uri].length, 6);
  assert.is(await lsp.close(), 0);
});

test("vedc lsp --node-ipc: the same server over node's IPC channel, as VS Code's client forks it", async () => {
  const { spawn } = await import("../harness.js");
  const { vedc, plainEnv } = await import("../helpers.js");
  const server = spawn(process.execPath, [vedc, "lsp", "--node-ipc", `--clientProcessId=${process.pid}`], { cwd: root, env: plainEnv, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const replies = new Map();
  const notes = [];
  let wake = () => {};
  server.child.on("message", (m) => {
    if (m.id !== undefined) replies.set(m.id, m);
    else notes.push(m);
    wake();
  });
  const next = (ready) => new Promise((resolve) => {
    const look = () => (ready() ? resolve(ready()) : (wake = look));
    look();
  });
  server.child.send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: process.pid, rootUri: null, capabilities: {} } });
  const init = await next(() => replies.get(1));
  assert.is(init.result.capabilities.renameProvider.prepareProvider, true);
  const uri = "file:///work/pool.ved";
  server.child.send({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "ved", version: 1, text: "domain A {\n  state { n: int }\n  goal m == 1\n}\n" } } });
  const published = await next(() => notes.find((m) => m.method === "textDocument/publishDiagnostics"));
  assert.is(published.params.diagnostics[0].code, "VED0100");
  server.child.send({ jsonrpc: "2.0", id: 2, method: "shutdown", params: null });
  await next(() => replies.get(2));
  server.child.send({ jsonrpc: "2.0", method: "exit", params: null });
  assert.is((await server.exited).code, 0, server.out.stderr);
});

test.run();
