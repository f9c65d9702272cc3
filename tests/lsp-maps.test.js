// The language server on maps over an enum, quantifiers, folds and per-key
// transitions (issue 19): hover says a map field's type and what a key
// ranges over, definition goes from a key to where it is declared,
// completion offers the enums where a key's enum or a map's key goes and the
// keys where they are in scope, and rename changes a key or a map field
// everywhere it is meant and nowhere else.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { zones } from "./helpers.js";
import { client, memoryServer } from "./lsp-client.js";

const uri = "file:///work/zones.ved";

async function editor(text) {
  const lsp = client(memoryServer());
  await lsp.request("initialize", { processId: null, rootUri: null, capabilities: {} });
  lsp.notify("initialized", {});
  lsp.notify("textDocument/didOpen", { textDocument: { uri, languageId: "ved", version: 1, text } });
  const published = await lsp.waitFor("textDocument/publishDiagnostics");
  return {
    lsp,
    published,
    async ask(method, params = {}) {
      const reply = await lsp.request(method, { textDocument: { uri }, ...params });
      if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
      return reply.result;
    },
  };
}

/** The LSP position just after `marker` (its `nth` occurrence) in `text`. */
function after(text, marker, nth = 1) {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(marker, at + 1);
  assert.ok(at >= 0, `${marker} not found`);
  const lines = text.slice(0, at + marker.length).split("\n");
  return { line: lines.length - 1, character: lines.at(-1).length };
}

/** The labels completion offers with `typed` inserted after `marker`. */
async function completions(marker, typed) {
  const i = zones.indexOf(marker) + marker.length;
  // On a line of its own: the analysis then stands without it.
  const text = zones.slice(0, i) + typed + "\n" + zones.slice(i);
  const e = await editor(text);
  const items = await e.ask("textDocument/completion", { position: after(text, marker + typed) });
  await e.lsp.close();
  return items.map((c) => c.label);
}

test("hover: a map field says its map type, a key what it ranges over and where, a per-key transition the names it is tried as", async () => {
  const e = await editor(zones);
  assert.equal(e.published.diagnostics, []);
  const hover = async (marker, nth = 1) => (await e.ask("textDocument/hover", { position: after(zones, marker, nth) }))?.contents.value.replace(/^```ved\n|\n```$/g, "");
  assert.is(await hover("    replicas"), "(field) replicas: map<Zone, int in 0..5>");
  assert.is(await hover("when health"), "(field) healthy: map<Zone, bool> = true");
  assert.is(await hover("step { replicas"), "(field) replicas: map<Zone, int in 0..5>");
  assert.is(await hover("map<Zo"), "enum Zone { a, b, c }");
  assert.is(await hover("sum(z"), "(key) z: Zone, each of Zone.a, Zone.b, Zone.c in turn, in sum(z in Zone: ...)");
  assert.is(await hover("replicas[z", 1), "(key) z: Zone, each of Zone.a, Zone.b, Zone.c in turn, in sum(z in Zone: ...)");
  assert.is(await hover("healthy[z"), "(key) z: Zone, each of Zone.a, Zone.b, Zone.c in turn, in all z in Zone: ...");
  const perKey = "(key) z: Zone, each of Zone.a, Zone.b, Zone.c in turn, in transition add(z: Zone), tried as add(a), add(b), add(c)";
  assert.is(await hover("add(z"), perKey);
  assert.is(await hover("step { replicas[z"), perKey);
  assert.is(await hover("transition ad"), "transition add(z: Zone) when healthy[z] && replicas[z] < per_zone, tried as add(a), add(b), add(c)");
  assert.is(await hover("goal al"), "(builtin) all k in Enum: cond: true when cond holds for every member");
  await e.lsp.close();
});

test("go to definition: a key to its binder in the quantifier or the transition's parentheses; a map read to its field", async () => {
  const e = await editor(zones);
  const definition = async (marker, nth = 1) => (await e.ask("textDocument/definition", { position: after(zones, marker, nth) })).range;
  assert.equal(await definition("replicas[z"), { start: after(zones, "sum("), end: after(zones, "sum(z") });
  assert.equal(await definition("=> replicas[z"), { start: after(zones, "goal all "), end: after(zones, "goal all z") });
  assert.equal(await definition("step { replicas[z"), { start: after(zones, "add("), end: after(zones, "add(z") });
  assert.equal(await definition("step { replicas[z", 2), { start: after(zones, "remove("), end: after(zones, "remove(z") });
  assert.equal(await definition("step { replicas"), { start: after(zones, "    "), end: after(zones, "    replicas") });
  await e.lsp.close();
});

test("completion: enums after a quantifier's in, in map< and a key's type; the key in the body; quantifiers and folds in expressions", async () => {
  assert.equal(await completions("param per_zone: int = 2\n", "  let n = count(z in "), ["Zone"], "a fold's enum");
  assert.equal(await completions("param per_zone: int = 2\n", "  goal all w in "), ["Zone"], "a quantifier's enum");
  const body = await completions("invariant total <= 15\n", "  goal any w in Zone: ");
  for (const name of ["w", "replicas", "healthy", "per_zone", "total", "Zone", "if"]) assert.ok(body.includes(name), `${name} in a quantifier's body: ${body}`);
  const nested = await completions("invariant total <= 15\n", "  goal all w in Zone: sum(v in Zone: replicas[");
  assert.ok(nested.includes("w") && nested.includes("v"), `both keys inside the inner fold: ${nested}`);
  const value = await completions("invariant total <= 15\n", "  goal total == ");
  for (const word of ["all", "any", "sum", "count", "min", "max"]) assert.ok(value.includes(word), `${word} in an expression: ${value}`);
  assert.not.ok(value.includes("z"), "no key outside its quantifier");
  assert.equal(await completions("healthy: map<Zone, bool> = true\n", "    spread: map<"), ["Zone"], "a map's key");
  assert.equal(await completions("healthy: map<Zone, bool> = true\n", "    spread: map<Zone, "), ["int", "float", "bool", "string", "time", "duration", "Zone"], "a map's value type");
  assert.ok((await completions("healthy: map<Zone, bool> = true\n", "    spread: ")).includes("map"), "map where a field's type goes");
  assert.equal(await completions("param per_zone: int = 2\n", "  transition drain(k: "), ["Zone"], "a per-key transition's key");
  assert.equal(await completions("param per_zone: int = 2\n", "  transition drain("), [], "a new key's name");
  assert.equal(await completions("param per_zone: int = 2\n", "  transition drain(k: Zone) "), ["when"]);
  const guard = await completions("param per_zone: int = 2\n", "  transition drain(k: Zone) when ");
  assert.ok(guard.includes("k") && guard.includes("replicas"), `a per-key guard: ${guard}`);
  const step = await completions("step { replicas[z] += 1", "; replicas[z] = ");
  assert.ok(step.includes("z"), `the key in its transition's step: ${step}`);
  const other = await completions("invariant total <= 15\n", "  goal total == ");
  assert.not.ok(other.includes("z"), `no key outside its transition: ${other}`);
  const e = await editor(zones);
  const items = await e.ask("textDocument/completion", { position: after(zones, "invariant ") });
  assert.is(items.find((i) => i.label === "replicas").detail, "(field) replicas: map<Zone, int>");
  await e.lsp.close();
});

test("rename: a key in its quantifier or transition only; a map field in its reads and keyed writes; a clash refused", async () => {
  const e = await editor(zones);
  const lines = zones.split("\n");
  const renamed = async (marker, newName, nth = 1) => {
    const edit = await e.ask("textDocument/rename", { position: after(zones, marker, nth), newName });
    return edit.changes[uri].map((x) => [x.range.start.line, lines[x.range.start.line].slice(x.range.start.character, x.range.end.character)]).sort((a, b) => a[0] - b[0]);
  };
  // The transition's key: its declaration, its guard's two uses and its step's one; not remove's z nor the sum's.
  assert.equal(await renamed("add(z", "zone"), [[11, "z"], [11, "z"], [11, "z"], [12, "z"]]);
  assert.equal(await renamed("sum(z", "k"), [[8, "z"], [8, "z"]]);
  assert.equal(await renamed("goal all z", "zone"), [[10, "z"], [10, "z"], [10, "z"]]);
  assert.equal(await renamed("    replicas", "count_of"), [[4, "replicas"], [8, "replicas"], [10, "replicas"], [11, "replicas"], [12, "replicas"], [14, "replicas"], [14, "replicas"], [15, "replicas"]]);
  const refused = await e.ask("textDocument/rename", { position: after(zones, "add(z"), newName: "per_zone" }).then(() => null, (error) => error.message);
  assert.match(refused, "renaming 'z' to 'per_zone' would make the file fail to check");
  await e.lsp.close();
});

test("document symbols: a map field's detail is its map type; a per-key transition's, its keys and guard", async () => {
  const e = await editor(zones);
  const [, spreader] = await e.ask("textDocument/documentSymbol");
  const byName = Object.fromEntries(spreader.children.map((c) => [c.name, c.detail]));
  assert.equal([byName.replicas, byName.healthy, byName.add], ["map<Zone, int>", "map<Zone, bool>", "(z: Zone) when healthy[z] && replicas[z] < per_zone"]);
  await e.lsp.close();
});

test.run();
