// The language server's editing features, driven as an editor drives them
// (over in-memory streams to the server in this process): completion in
// each context, the document's outline, formatting, a quick fix for every
// kind of did-you-mean, references, and rename (refused when the new name
// would not check).
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { root, seed } from "./helpers.js";
import { client, memoryServer } from "./lsp-client.js";

const uri = "file:///work/autoscaler.ved";
const autoscaler = readFileSync(`${root}/examples/autoscaler.ved`, "utf8");

/** A server with `text` open; `request(method, params)` fills in the document. */
async function editor(text) {
  const lsp = client(memoryServer());
  await lsp.request("initialize", { processId: null, rootUri: null, capabilities: {} });
  lsp.notify("initialized", {});
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version: 1, text } });
  await lsp.waitFor("textDocument/publishDiagnostics");
  return {
    lsp,
    async ask(method, params = {}) {
      const reply = await lsp.request(method, { textDocument: { uri }, ...params });
      if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
      return reply.result;
    },
    /** Replaces the text; resolves once its diagnostics are out. */
    async change(next, version) {
      lsp.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: next }] });
      return lsp.waitFor("textDocument/publishDiagnostics", (p) => p.version === version);
    },
  };
}

/** The LSP position just after `marker` (its `nth` occurrence) in `text`. */
function after(text, marker, nth = 1) {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(marker, at + 1);
  const lines = text.slice(0, at + marker.length).split("\n");
  return { line: lines.length - 1, character: lines.at(-1).length };
}

/** The labels completion offers with `typed` inserted after `marker`. */
async function completions(marker, typed) {
  const i = autoscaler.indexOf(marker) + marker.length;
  const text = autoscaler.slice(0, i) + typed + autoscaler.slice(i);
  const e = await editor(text);
  const items = await e.ask("textDocument/completion", { position: after(text, marker + typed) });
  await e.lsp.close();
  return items.map((c) => c.label);
}

test("time in the editor: hover on now and on the time types, and a misuse of time underlined with its code", async () => {
  const text = "domain Clock {\n  state {\n    last: time\n  }\n  param cooldown: duration = 1m30s\n  goal now - last < cooldown\n  transition touch { step { last = now } }\n}\n";
  const e = await editor(text);
  const hover = async (marker) => (await e.ask("textDocument/hover", { position: after(text, marker) }))?.contents.value.replace(/^```ved\n|\n```$/g, "");
  assert.is(await hover("goal n"), "(builtin) now: time, the instant of the current tick (one value for the whole tick)");
  assert.is(await hover("last: ti"), "(type) time");
  assert.is(await hover("param cool"), "(param) cooldown: duration = 1m30s");
  const published = await e.change(text.replace("last < cooldown", "last < 90"), 2);
  assert.equal(published.diagnostics.map((d) => d.code), ["VED0213"]);
  await e.lsp.close();
});

test("completion: each context offers what may be written there", async () => {
  assert.equal(await completions("param max_workers: int = 20\n", "  "), ["state", "param", "let", "effect", "invariant", "goal", "transition"], "a domain's members");
  assert.equal(await completions("param max_workers: int = 20\n", "  param limit: "), ["int", "float", "bool", "string", "time", "duration", "Phase"], "types");
  assert.equal(await completions("goal calm: phase == ", "Phase."), ["steady", "scaling_up", "scaling_down"], "an enum's members");
  assert.equal(await completions("enum Phase { steady, scaling_up, scaling_down }\n", ""), ["domain", "enum"], "the top level");
  assert.equal(await completions("transition settle when planned == desired {\n", "    "), ["step"], "a transition");
  const inStep = await completions("      let excess = planned - desired\n", "      ");
  assert.equal(inStep, ["if", "let", "load", "workers", "pending", "stopping", "phase", "excess", "boot", "terminate"], "a step: keywords, fields and locals to assign, effects to call");
  const value = await completions("      let excess = planned - desired\n", "      stopping = ex");
  for (const name of ["load", "capacity", "min_workers", "needed", "desired", "planned", "excess", "Phase", "clamp", "true", "now"]) assert.ok(value.includes(name), `${name} in an expression: ${value}`);
  assert.not.ok(value.includes("boot"), "no effect in an expression");
  const goal = await completions("goal calm: phase == Phase.steady\n", "  goal enough: wor");
  assert.ok(goal.includes("workers") && goal.includes("max_workers") && !goal.includes("excess"), `a goal's condition: ${goal}`);
  assert.equal(await completions("// An autoscaler", " wor"), [], "nothing in a comment");
  assert.equal(await completions("  state {\n", "    "), ["owned"], "where a field begins");
  assert.equal(await completions("effect boot(count: int) {\n", "    "), ["done", "failed"], "an effect's outcomes");
  const inDone = await completions("    done {\n", "      let n = ");
  assert.ok(inDone.includes("count") && inDone.includes("pending"), `an outcome block: the effect's arguments and the fields: ${inDone}`);
  assert.equal(await completions("    done {\n", "      "), ["if", "let", "load", "workers", "pending", "stopping", "phase", "boot", "terminate"], "an outcome block's statements");
});

test("completion in the new expressions: after then, else's if, =>, and inside an interpolation's \\( )", async () => {
  for (const typed of ["  goal enough: if ready then wor", "  goal enough: ready => wor", '  goal enough: phase == Phase.steady || "at \\(wor', '  goal enough: "at \\(workers) of \\(wor']) {
    const names = await completions("goal calm: phase == Phase.steady\n", typed);
    assert.ok(names.includes("workers") && names.includes("max_workers") && names.includes("if"), `${typed}: ${names}`);
  }
  assert.equal(await completions("goal calm: phase == Phase.steady\n", '  goal enough: "at wor'), [], "nothing in a string's text");
});

test("completion items say what each is", async () => {
  const e = await editor(autoscaler);
  const items = await e.ask("textDocument/completion", { position: after(autoscaler, "goal sized: ") });
  const byLabel = Object.fromEntries(items.map((i) => [i.label, i]));
  assert.equal([byLabel.workers.detail, byLabel.capacity.detail, byLabel.Phase.detail], ["(field) workers: int", "(param) capacity: int", "enum Phase { steady, scaling_up, scaling_down }"]);
  await e.lsp.close();
});

test("document symbols: enums with their members, domains with every member, named by name or condition", async () => {
  const e = await editor(seed);
  const [pool] = await e.ask("textDocument/documentSymbol");
  assert.equal(pool.name, "WorkerPool");
  assert.equal(pool.children.map((c) => [c.name, c.detail]), [["workers", "int"], ["workers == 5", "goal"], ["scale_up", "transition"], ["scale_down", "transition"]]);
  assert.equal(pool.children[2].selectionRange, { start: { line: 6, character: 11 }, end: { line: 6, character: 19 } });
  await e.lsp.close();
  const a = await editor(autoscaler);
  const [phase, scaler] = await a.ask("textDocument/documentSymbol");
  assert.equal([phase.name, phase.children.map((c) => c.name)], ["Phase", ["steady", "scaling_up", "scaling_down"]]);
  assert.equal(scaler.children.map((c) => c.name), ["load", "workers", "pending", "stopping", "phase", "capacity", "min_workers", "max_workers", "needed", "desired", "boot", "terminate", "never_negative", "bounded", "planned", "sized", "calm", "scale_up", "scale_down", "settle"]);
  await a.lsp.close();
});

test("formatting: one edit giving what vedc fmt gives; nothing for a formatted or unparsable document", async () => {
  const e = await editor(seed);
  const [edit] = await e.ask("textDocument/formatting", { options: { tabSize: 2, insertSpaces: true } });
  const { formatSource } = await import("../lib/compiler/format/index.js");
  assert.is(edit.newText, (await formatSource(seed)).formatted);
  assert.equal(edit.range.start, { line: 0, character: 0 });
  await e.change(edit.newText, 2);
  assert.equal(await e.ask("textDocument/formatting", { options: { tabSize: 2, insertSpaces: true } }), []);
  await e.change("domain {", 3);
  assert.equal(await e.ask("textDocument/formatting", { options: { tabSize: 2, insertSpaces: true } }), []);
  await e.lsp.close();
});

test("a quick fix for every did-you-mean: names, types, enums, members, effects and functions", async () => {
  const typos = [
    ["let planned = workers + pending - stopping", "let planned = wrkers + pending - stopping", "wrkers", "workers"],
    ["load: int // requests", "load: imt // requests", "imt", "int"],
    ["goal calm: phase == Phase.steady", "goal calm: phase == Phse.steady", "Phse", "Phase"],
    ["goal calm: phase == Phase.steady", "goal calm: phase == Phase.stedy", "stedy", "steady"],
    ["      boot(missing)", "      bot(missing)", "bot", "boot"],
    ["let desired = clamp(needed", "let desired = clamb(needed", "clamb", "clamp"],
  ];
  for (const [good, bad, written, meant] of typos) {
    const text = autoscaler.replace(good, bad);
    const e = await editor(text);
    const at = after(text, bad);
    const actions = await e.ask("textDocument/codeAction", { range: { start: { line: at.line, character: 0 }, end: at }, context: { diagnostics: [] } });
    assert.is(actions.length, 1, `${written}: ${JSON.stringify(actions)}`);
    const [action] = actions;
    assert.is(action.title, `Change '${written}' to '${meant}'`);
    assert.is(action.kind, "quickfix");
    const [edit] = action.edit.changes[uri];
    assert.is(edit.newText, meant);
    // The edit, applied, gives back the file that checks.
    const lines = text.split("\n");
    const line = lines[edit.range.start.line];
    lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + meant + line.slice(edit.range.end.character);
    assert.is(lines.join("\n"), autoscaler);
    await e.lsp.close();
  }
});

test("references: the declaration and every use; rename changes them all", async () => {
  const e = await editor(autoscaler);
  const refs = await e.ask("textDocument/references", { position: after(autoscaler, "let desired", 1), context: { includeDeclaration: true } });
  assert.is(refs.length, 7, JSON.stringify(refs.map((r) => r.range.start.line)));
  const uses = await e.ask("textDocument/references", { position: after(autoscaler, "let desired", 1), context: { includeDeclaration: false } });
  assert.is(uses.length, 6);
  assert.equal(await e.ask("textDocument/prepareRename", { position: after(autoscaler, "goal calm: phase == Phase.st") }), { range: { start: after(autoscaler, "goal calm: phase == Phase."), end: after(autoscaler, "goal calm: phase == Phase.steady") }, placeholder: "steady" });
  const edit = await e.ask("textDocument/rename", { position: after(autoscaler, "phase: Ph"), newName: "Stage" });
  const edits = edit.changes[uri];
  // The enum's declaration, the field's type and the four Phase.x (not the comment's).
  assert.equal(edits.map((x) => x.range.start.line), [9, 17, 54, 61, 71, 77]);
  assert.ok(edits.every((x) => x.newText === "Stage"));
  // An owned field is renamed in its effects' outcome blocks too.
  const owned = await e.ask("textDocument/rename", { position: after(autoscaler, "owned stopping"), newName: "draining" });
  const lines = autoscaler.split("\n");
  assert.equal(owned.changes[uri].map((x) => lines[x.range.start.line].trim()), ["owned stopping: int // terminations asked for and not yet done", "stopping -= count", "stopping -= count", "invariant never_negative: workers >= 0 && pending >= 0 && stopping >= 0", "let planned = workers + pending - stopping", "stopping += excess"]);
  await e.lsp.close();
});

test("rename is refused, saying why, for a name taken, a keyword, a non-name or a builtin", async () => {
  const e = await editor(autoscaler);
  const field = after(autoscaler, "    loa");
  const refused = (newName, at = field) => e.ask("textDocument/rename", { position: at, newName }).then(() => null, (error) => error.message);
  assert.match(await refused("workers"), "renaming 'load' to 'workers' would make the file fail to check");
  assert.is(await refused("goal"), "'goal' is a keyword");
  assert.is(await refused("2x"), "'2x' is not a Ved name: a letter or _, then letters, digits or _");
  assert.is(await e.ask("textDocument/prepareRename", { position: after(autoscaler, "= cla") }), null);
  const ok = await e.ask("textDocument/rename", { position: field, newName: "rps" });
  assert.equal(ok.changes[uri].map((x) => x.range.start.line), [13, 25], "the declaration and the use, not the comments' words");
  await e.lsp.close();
});

test.run();
