// The language server, driven as an editor drives it: JSON-RPC messages with
// Content-Length framing, here over in-memory streams to the server in this
// process (tests/integration/lsp.test.js drives the `vedc lsp --stdio` process).
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { root } from "./helpers.js";
import { client, memoryServer } from "./lsp-client.js";

const uri = "file:///work/pool.ved";
const autoscaler = readFileSync(`${root}/examples/autoscaler.ved`, "utf8");

/** The LSP position of the `nth` occurrence of `word` in `text` (plus `shift` characters into it). */
function positionOf(text, word, nth = 1, shift = 0) {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(word, at + 1);
  const before = text.slice(0, at + shift).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

async function opened(text, version = 1) {
  const lsp = client(memoryServer());
  const init = await lsp.request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  lsp.notify("initialized", {});
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version, text } });
  return { lsp, init };
}

test("initialize announces hover, definition, completion, symbols, formatting, quick fixes, references, rename and full-text sync; shutdown then exit ends the server with 0, exit alone with 1", async () => {
  const { lsp, init } = await opened(autoscaler);
  assert.equal(init.result.capabilities, {
    textDocumentSync: 1,
    hoverProvider: true,
    definitionProvider: true,
    completionProvider: { triggerCharacters: [".", ":"] },
    documentSymbolProvider: true,
    documentFormattingProvider: true,
    codeActionProvider: { codeActionKinds: ["quickfix"] },
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
  });
  assert.equal(init.result.serverInfo, { name: "vedc" });
  assert.is(await lsp.close(), 0);
  const abrupt = client(memoryServer());
  await abrupt.request("initialize", { processId: null, rootUri: null, capabilities: {} });
  abrupt.notify("exit", null);
  assert.is(await abrupt.exited, 1);
});

test("diagnostics on open and on every change: codes, severities, 0-based ranges, hints, related information", async () => {
  const { lsp } = await opened(autoscaler);
  assert.equal((await lsp.waitFor("textDocument/publishDiagnostics")).diagnostics, []);

  const broken = autoscaler.replace("goal calm: phase == Phase.steady", "goal calm: phse == Phase.steady");
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
  const second = await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 2);
  const start = positionOf(broken, "phse");
  assert.equal(second.diagnostics, [
    {
      range: { start, end: { line: start.line, character: start.character + 4 } },
      severity: 1,
      code: "VED0100",
      source: "vedc",
      message: "unknown name 'phse' in domain 'Autoscaler'\nhint: did you mean 'phase'?",
    },
  ]);

  const twice = autoscaler.replace("transition settle", "transition scale_up");
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: twice }] });
  const [duplicate] = (await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 3)).diagnostics;
  assert.is(duplicate.code, "VED0102");
  assert.equal(duplicate.relatedInformation, [{ location: { uri, range: { start: positionOf(twice, "scale_up", 1), end: positionOf(twice, "scale_up", 1, 8) } }, message: "first declared here" }]);

  // Warnings show once there are no errors, as `vedc check` shows them.
  const unused = autoscaler.replace("param capacity: int = 100", "param capacity: int = 100\n  param spare: int = 0");
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 4 }, contentChanges: [{ text: unused }] });
  const [warning] = (await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 4)).diagnostics;
  assert.equal([warning.code, warning.severity], ["VED0300", 2]);

  const syntax = "domain D {\n  state { x: int }\n  goal x ==\n}\n";
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 5 }, contentChanges: [{ text: syntax }] });
  const [error] = (await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 5)).diagnostics;
  assert.equal([error.code, error.range.start], ["VED0003", { line: 3, character: 0 }]);

  lsp.notify("textDocument/didClose", { textDocument: { uri } });
  assert.equal((await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === undefined)).diagnostics, []);
  await lsp.close();
});

test("hover: a name's kind and Ved type, for fields, params, lets, locals, effects, transitions, goals, enums", async () => {
  const { lsp } = await opened(autoscaler);
  const hover = async (word, nth = 1) => {
    const r = await lsp.request("textDocument/hover", { textDocument: { uri }, position: positionOf(autoscaler, word, nth, 1) });
    return r.result && r.result.contents.value.replace(/^```ved\n|\n```$/g, "");
  };
  assert.is(await hover("workers: int"), "(field) workers: int = 1");
  assert.is(await hover("workers + pending - stopping"), "(field) workers: int = 1");
  assert.is(await hover("capacity", 2), "(param) capacity: int = 100");
  assert.is(await hover("desired", 2), "(let) desired: int = clamp(needed, min_workers, max_workers)");
  assert.is(await hover("missing", 2), "(local) missing: int = desired - planned");
  assert.is(await hover("boot(missing)"), "effect boot(count: int)");
  assert.is(await hover("count: int"), "(argument) count: int of effect boot");
  assert.is(await hover("settle"), "transition settle when planned == desired");
  assert.is(await hover("sized"), "goal sized: planned == desired");
  assert.is(await hover("Phase", 2), "enum Phase { steady, scaling_up, scaling_down }");
  assert.is(await hover("steady", 3), "(member) Phase.steady");
  assert.is(await hover("clamp"), "(builtin) clamp(x, lo, hi): x limited to [lo, hi]");
  assert.is(await hover("int", 2), "(type) int");
  assert.is(await hover("Autoscaler"), "domain Autoscaler");
  // Not on a name: nothing.
  assert.is(await hover("=="), null);
  const r = await lsp.request("textDocument/hover", { textDocument: { uri }, position: positionOf(autoscaler, "pending += missing", 1, 2) });
  assert.equal(r.result.range, { start: positionOf(autoscaler, "pending += missing"), end: positionOf(autoscaler, "pending += missing", 1, 7) });
  await lsp.close();
});

test("go to definition: each name to its declaration, across members written after the domain's braces", async () => {
  const seed = readFileSync(`${root}/examples/worker-pool.ved`, "utf8");
  const { lsp } = await opened(seed);
  const definition = async (text, word, nth) => (await lsp.request("textDocument/definition", { textDocument: { uri }, position: positionOf(text, word, nth, 1) })).result;
  const decl = positionOf(seed, "workers: int");
  for (let nth = 2; nth <= 6; nth++) {
    assert.equal(await definition(seed, "workers", nth), { uri, range: { start: decl, end: { line: decl.line, character: decl.character + 7 } } }, `occurrence ${nth}`);
  }
  lsp.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: autoscaler }] });
  await lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === 2);
  const at = (word, nth = 1) => ({ uri, range: { start: positionOf(autoscaler, word, nth), end: positionOf(autoscaler, word, nth, word.length) } });
  assert.equal(await definition(autoscaler, "desired", 3), at("desired"));
  assert.equal(await definition(autoscaler, "missing", 3), at("missing"));
  assert.equal(await definition(autoscaler, "scaling_up", 2), at("scaling_up"));
  assert.equal(await definition(autoscaler, "Phase", 4), at("Phase"));
  assert.equal(await definition(autoscaler, "terminate", 2), at("terminate"));
  assert.is(await definition(autoscaler, "clamp("), null, "a builtin has no declaration");
  await lsp.close();
});

test.run();
