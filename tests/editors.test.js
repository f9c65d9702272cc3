// The VS Code grammar (editors/vscode), checked against the compiler: every
// example and every Ved block of docs/language.md is tokenized with
// vscode-textmate and Oniguruma, as VS Code does, and each token the
// compiler's scanner finds must carry the scope its role in the syntax tree
// calls for. No character of a valid program may be left unscoped or
// marked invalid.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";
import { scan } from "../lib/compiler/1-syntax/lexer.js";
import { parse } from "../lib/compiler/1-syntax/parse.js";
import { root, zones } from "./helpers.js";

const editor = `${root}/editors/vscode`;
const grammarPath = `${editor}/syntaxes/ved.tmLanguage.json`;

await oniguruma.loadWASM(readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm")).buffer);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async (scope) => (scope === "source.ved" ? vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null),
});
const grammar = await registry.loadGrammar("source.ved");

/** Names that look like keywords or types, text that looks like code, an enum over several lines. */
const lookalikes = `// Names that look like keywords or types, and text that looks like code.
enum Mode {
  off, // the first
  on;
  idle
}

domain Tricky {
  state {
    int: int in -3..3 = -1 // a field named like a type
    when_x: Mode = Mode.on
    ratio: float = 1e3
    /* a block
       comment */
    label: string = "a \\"quoted\\" // not a comment /* nor this */"
  }
  param string: string = "x"
  let step_size = max(int, 1)
  effect notify(message: string, level: int)
  invariant small: int >= -3
  goal reached: int == 0 && when_x != Mode.off
  transition domain_t when when_x == Mode.on && ratio > 0.5 {
    step {
      if int > 0 { int -= step_size } else if int < 0 { int += 1 } else { notify(string + "!", 1); ratio *= 2.5 }
    }
  }
}
`;

/** Maps, quantifiers, folds and per-key transitions, with names that look like their words. */
const mapLookalikes = `enum Zone { a, b }
domain Maps {
  state {
    all: int in 0..3
    sum: int
    map: map<Zone, float in -2.0..2.0 by 0.5> = 0.0
    any: map<Zone, string in {"<", ">"}> = "<"
    owned count: map<Zone, Zone> = Zone.a
  }
  let min_of = min(sum, all) + min(z in Zone: map[z]) + max(max(sum, 1), count(in_ in Zone: any[in_] == ">"))
  goal ok: all >= 0 && (all z in Zone: any y in Zone: map[z] <= map[y] || count[z] == Zone.b)
  goal if any z in Zone: map[z] > 0 then sum(z in Zone: map[z]) > 0 else sum >= 0
  transition move(from: Zone, to: Zone) when map[from] > -2 && map[to] < 2 {
    step { map[from] -= 1; map[to] += 1; count[Zone.b] = count[to] }
  }
}
`;

const sources = [
  ["look-alikes", lookalikes],
  ["maps look-alikes", mapLookalikes],
  ["the maps example", zones],
  ...readdirSync(`${root}/examples`).filter((f) => f.endsWith(".ved")).map((f) => [`examples/${f}`, readFileSync(`${root}/examples/${f}`, "utf8")]),
  ...[...readFileSync(`${root}/docs/language.md`, "utf8").matchAll(/```ved\n([\s\S]*?)```/g)].map((m, i) => [`docs/language.md block ${i + 1}`, m[1]]),
];

/** The scopes of every character of `source`, by offset. */
function highlight(source) {
  const scopes = [];
  let stack = vsctm.INITIAL;
  for (const line of source.split("\n")) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) scopes.push(t.scopes);
    scopes.push(["source.ved"]); // the newline
    stack = r.ruleStack;
  }
  return scopes;
}

const KEYWORD = { true: "constant.language.boolean.ved", false: "constant.language.boolean.ved", if: "keyword.control.conditional.ved", else: "keyword.control.conditional.ved", when: "keyword.control.when.ved", now: "variable.language.now.ved" };
const OPERATOR = {
  "+=": "keyword.operator.assignment.compound.ved", "-=": "keyword.operator.assignment.compound.ved", "*=": "keyword.operator.assignment.compound.ved",
  "=": "keyword.operator.assignment.ved",
  "==": "keyword.operator.comparison.ved", "!=": "keyword.operator.comparison.ved", "<=": "keyword.operator.comparison.ved", ">=": "keyword.operator.comparison.ved", "<": "keyword.operator.comparison.ved", ">": "keyword.operator.comparison.ved",
  "&&": "keyword.operator.logical.ved", "||": "keyword.operator.logical.ved", "!": "keyword.operator.logical.ved", "=>": "keyword.operator.logical.ved",
  "+": "keyword.operator.arithmetic.ved", "-": "keyword.operator.arithmetic.ved", "*": "keyword.operator.arithmetic.ved", "/": "keyword.operator.arithmetic.ved", "%": "keyword.operator.arithmetic.ved",
  "..": "keyword.operator.range.ved", ".": "punctuation.accessor.ved",
  "{": "punctuation.section.block.begin.ved", "}": "punctuation.section.block.end.ved", "(": "punctuation.section.parens.begin.ved", ")": "punctuation.section.parens.end.ved",
  "[": "punctuation.section.brackets.begin.ved", "]": "punctuation.section.brackets.end.ved",
  ",": "punctuation.separator.comma.ved", ";": "punctuation.terminator.ved", ":": "punctuation.separator",
};
const PRIMITIVE = new Set(["int", "float", "bool", "string", "time", "duration"]);
const BUILTIN = new Set(["min", "max", "abs", "clamp"]);

/** The scope each name should have, by offset, from its place in the syntax tree. */
function nameScopes(program, source) {
  const want = new Map();
  const set = (ident, scope) => want.set(ident.span.start.offset, scope);
  const type = (ident) => set(ident, PRIMITIVE.has(ident.name) ? "support.type.primitive.ved" : "entity.name.type.ved");
  const expr = (e) => {
    if (e.kind === "EnumRef") set(e.enum, "entity.name.type.enum.ved"), set(e.member, "variable.other.enummember.ved");
    else if (e.kind === "Call") set(e.callee, BUILTIN.has(e.callee.name) ? "support.function.builtin.ved" : "entity.name.function.effect.ved"), e.args.forEach(expr);
    else if (e.kind === "Unary") expr(e.operand);
    else if (e.kind === "Binary") expr(e.left), expr(e.right);
    else if (e.kind === "Conditional") want.set(source.lastIndexOf("then", e.then.span.start.offset), "keyword.control.conditional.ved"), expr(e.cond), expr(e.then), expr(e.else);
    else if (e.kind === "Interpolation") e.holes.forEach(expr);
    else if (e.kind === "Index") expr(e.key);
    else if (e.kind === "Quantifier") {
      set(e.keyword, e.op === "all" || e.op === "any" ? "keyword.control.quantifier.ved" : "support.function.fold.ved");
      set(e.binder, "variable.parameter.key.ved");
      want.set(source.lastIndexOf("in", e.over.span.start.offset), "keyword.other.in.ved");
      set(e.over, "entity.name.type.enum.ved");
      expr(e.body);
    }
  };
  const stmts = (list) => {
    for (const s of list) {
      if (s.kind === "Assign") s.key && expr(s.key), expr(s.value);
      else if (s.kind === "Let") expr(s.value);
      else if (s.kind === "CallStmt") expr(s.call);
      else expr(s.cond), stmts(s.then), s.else && stmts(Array.isArray(s.else) ? s.else : [s.else]);
    }
  };
  for (const i of program.imports) {
    want.set(i.span.start.offset, "keyword.control.import.ved");
    want.set(source.lastIndexOf("from", i.from.span.start.offset), "keyword.control.from.ved");
    i.names.forEach((n) => set(n, "entity.name.type.enum.ved"));
  }
  for (const e of program.enums) set(e.name, "entity.name.type.enum.ved"), e.members.forEach((m) => set(m, "variable.other.enummember.ved"));
  for (const d of program.domains) {
    set(d.name, "entity.name.type.domain.ved");
    for (const m of d.members) {
      if (m.kind === "State") {
        for (const f of m.fields) {
          if (f.owned) set(f.owned, "storage.modifier.owned.ved");
          if (f.key) {
            // `map<Zone, int in 0..5>`: the word, its brackets (operator tokens to the scanner), the key enum.
            const map = source.lastIndexOf("map", f.key.span.start.offset);
            want.set(map, "storage.type.map.ved");
            want.set(source.indexOf("<", map), "punctuation.definition.typeparameters.begin.ved");
            want.set(source.indexOf(">", (f.range ?? f.values ?? f.type).span.end.offset), "punctuation.definition.typeparameters.end.ved");
            type(f.key);
          }
          type(f.type);
          const region = f.range ?? f.values;
          if (region) want.set(region.span.start.offset, "keyword.other.in.ved");
          if (f.range?.step) want.set(source.lastIndexOf("by", f.range.step.span.start.offset), "keyword.other.by.ved");
          if (f.init) expr(f.init);
        }
      }
      else if (m.kind === "Param") type(m.type), m.init && expr(m.init);
      else if (m.kind === "Let") expr(m.value);
      else if (m.kind === "Effect") set(m.name, "entity.name.function.effect.ved"), m.params.forEach((p) => (set(p.name, "variable.parameter.ved"), type(p.type))), m.outcomes?.blocks.forEach((b) => (set(b.keyword, "keyword.other.outcome.ved"), stmts(b.step)));
      else if (m.kind === "Goal" || m.kind === "Invariant") m.name && set(m.name, "entity.name.label.ved"), expr(m.expr);
      else if (m.kind === "Transition") set(m.name, "entity.name.function.transition.ved"), m.keys.forEach((k) => (set(k.name, "variable.parameter.ved"), type(k.type))), m.guard && expr(m.guard), stmts(m.step);
    }
  }
  return want;
}

/** Every token of `source` with the scope it should carry. */
function expectations(source) {
  const { tokens, comments } = scan(source);
  const names = nameScopes(parse(source, "t.ved").program, source);
  const out = [];
  for (const c of comments) out.push([c, c.type === "lineComment" ? "comment.line.double-slash.ved" : "comment.block.ved"]);
  for (const t of tokens) {
    if (t.type === "int") out.push([t, "constant.numeric.integer.ved"]);
    else if (t.type === "float") out.push([t, "constant.numeric.float.ved"]);
    else if (t.type === "duration") out.push([t, "constant.numeric.duration.ved"]);
    else if (t.type === "string") out.push([t, "string.quoted.double.ved"]);
    // An interpolated string's text and its `\(` and `)`: all in the string (the expressions between them carry their own scopes too).
    else if (t.type === "stringHead" || t.type === "stringMiddle" || t.type === "stringTail") out.push([t, "string.quoted.double.ved"]);
    else if (t.type === "op") out.push([t, names.get(t.offset) ?? OPERATOR[t.value]]);
    else if (t.type === "ident") out.push([t, names.get(t.offset) ?? "variable."]);
    else out.push([t, KEYWORD[t.value] ?? `storage.type.${t.value}.ved`]);
  }
  return out;
}

test("every token of every example and documented program has the scope of its role", () => {
  let checked = 0;
  for (const [name, source] of sources) {
    const scopes = highlight(source);
    for (const [token, scope] of expectations(source)) {
      for (let i = token.offset; i < token.offset + token.text.length; i++) {
        if (source[i] === "\n") continue;
        const got = scopes[i];
        assert.ok(got.some((s) => s.startsWith(scope)), `${name}:${token.line}:${token.col} ${JSON.stringify(token.text)} should be ${scope}, is ${got.join(" ")}`);
      }
      checked++;
    }
    scopes.forEach((s, i) => {
      assert.not.ok(s.some((x) => x.startsWith("invalid")), `${name}: offset ${i} is marked invalid`);
      if (/\S/.test(source[i] ?? "")) assert.ok(s.length > 1, `${name}: offset ${i} (${JSON.stringify(source[i])}) has no scope`);
    });
  }
  assert.ok(checked > 1000, `only ${checked} tokens checked`);
});

test("escapes inside strings, and what is not Ved, are scoped as such", () => {
  const source = 'domain D { state { s: string = "a\\n\\u{1F600}\\q" } }\n#';
  const scopes = highlight(source);
  const at = (text, shift = 0) => scopes[source.indexOf(text) + shift];
  assert.ok(at("\\n").includes("constant.character.escape.ved"));
  assert.ok(at("\\u{").includes("constant.character.escape.ved"));
  assert.ok(at("\\q").includes("invalid.illegal.escape.ved"));
  assert.ok(at("#").includes("invalid.illegal.character.ved"));
});

test("an interpolation inside a string is an expression, its parentheses nesting; \\\\( is an escape and a parenthesis", () => {
  const source = 'domain D { state { n: int; s: string } goal s == "at \\(max(n, (1)))% \\\\(x)" }';
  const scopes = highlight(source);
  const at = (text, shift = 0) => scopes[source.indexOf(text) + shift];
  assert.ok(at("\\(max").includes("punctuation.section.interpolation.begin.ved"));
  assert.ok(at("max(").includes("support.function.builtin.ved") && at("max(").includes("string.quoted.double.ved"));
  assert.ok(at("n, (").some((s) => s.startsWith("variable.")));
  assert.ok(at("))%", 1).includes("punctuation.section.interpolation.end.ved"), at("))%", 1).join(" "));
  assert.ok(at("% ").includes("string.quoted.double.ved") && !at("% ").includes("meta.interpolation.ved"));
  assert.ok(at("\\\\(x").includes("constant.character.escape.ved"));
  assert.ok(!at("(x)", 1).includes("meta.interpolation.ved"), "after \\\\ the ( is text");
});

test("the extension manifest wires the language, its configuration and its grammar together", () => {
  const manifest = JSON.parse(readFileSync(`${editor}/package.json`, "utf8"));
  const [language] = manifest.contributes.languages;
  const [contributed] = manifest.contributes.grammars;
  assert.equal([language.id, language.extensions], ["ved", [".ved"]]);
  assert.equal([contributed.language, contributed.scopeName], ["ved", "source.ved"]);
  assert.is(JSON.parse(readFileSync(`${editor}/${contributed.path}`, "utf8")).scopeName, "source.ved");
  const configuration = JSON.parse(readFileSync(`${editor}/${language.configuration}`, "utf8"));
  assert.equal(configuration.comments, { lineComment: "//", blockComment: ["/*", "*/"] });
  assert.equal(configuration.brackets, [["{", "}"], ["(", ")"], ["[", "]"]]);
  assert.ok(configuration.autoClosingPairs.some((p) => p.open === "[" && p.close === "]"), "replicas[ closes its bracket");
  assert.ok(configuration.autoClosingPairs.some((p) => p.open === '"'));
});

test.run();
