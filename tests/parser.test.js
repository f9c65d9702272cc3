import { run, tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import nearley from "nearley";
import grammar from "../lib/compiler/1-syntax/grammar.generated.js";
import { scan, TokenArrayLexer } from "../lib/compiler/1-syntax/lexer.js";
import { parse } from "../lib/compiler/1-syntax/parse.js";
import { root, seed } from "./helpers.js";

function parseCount(source) {
  const parser = new nearley.Parser(nearley.Grammar.fromCompiled(grammar));
  parser.lexer = new TokenArrayLexer();
  parser.feed(scan(source).tokens);
  return parser.results.length;
}

const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ved"));

test("there are examples to parse", () => {
  assert.ok(examples.length >= 2);
});

for (const name of examples) {
  test(`examples/${name} has exactly one parse`, () => {
    assert.is(parseCount(readFileSync(join(root, "examples", name), "utf8")), 1);
  });
}

test("the seed's program, verbatim and flattened, is in examples/worker-pool.ved", () => {
  assert.is(readFileSync(join(root, "examples/worker-pool.ved"), "utf8"), seed);
});

test("constructs that could be ambiguous have one parse", () => {
  const programs = [
    "domain A { state { x: int; y: bool = true } goal x == 1 && !y || x > 2 }",
    "domain A { state { x: int }\ntransition t { step { if x < 1 { x = 1 } else if x > 3 { x = 3 } else { x -= 1 } } } }",
    "domain A { state { x: int } goal x - -1 * 2 / 3 % 4 == -x }",
    "domain A { state { x: int = -3 } goal (x) == ((1)) }\ngoal x != 2\n;;",
    "enum P { a, b, }\nenum Q {\n a\n b;\n c }\nenum R { }\nenum S { a }",
    "domain A { state { x: int in 0..100 = 5\n in: int in -3..-1 = -2; y: int in -5..5\n z: int = -1 } goal x - -1 == in }",
  ];
  for (const p of programs) assert.is(parseCount(p), 1, p);
});

test("the committed grammar.generated.ts is what nearleyc makes of grammar.ne today", async () => {
  // The build does not regenerate it, so this compares two different things: a fresh nearleyc run and the committed file.
  const out = join(tempDir("grammar"), "grammar.ts");
  const nearleyc = await run(process.execPath, [join(root, "node_modules/nearley/bin/nearleyc.js"), join(root, "compiler/1-syntax/grammar.ne"), "-o", out]);
  assert.is(nearleyc.status, 0, nearleyc.stderr);
  const fresh = readFileSync(out, "utf8");
  const committed = readFileSync(join(root, "compiler/1-syntax/grammar.generated.ts"), "utf8");
  assert.ok(fresh === committed, "compiler/1-syntax/grammar.generated.ts is stale: run `npm run grammar`");
});

test("goals and transitions after a domain's braces belong to it", () => {
  const { program, diagnostics } = parse(seed, "seed.ved");
  assert.equal(diagnostics, []);
  assert.is(program.domains.length, 1);
  assert.equal(program.domains[0].members.map((m) => m.kind), ["State", "Goal", "Transition", "Transition"]);
});

test("every node carries its span", () => {
  const { program } = parse(seed, "seed.ved");
  const goal = program.domains[0].members[1];
  assert.equal([goal.span.start.line, goal.span.start.col, goal.span.end.line, goal.span.end.col], [6, 1, 6, 18]);
  const step = program.domains[0].members[2].step[0];
  assert.equal([step.span.start.line, step.span.end.line], [9, 11]);
  assert.equal([step.cond.span.start.col, step.cond.span.end.col], [4, 15]);
});

test("indentation, comments and semicolons are free", () => {
  const { diagnostics } = parse("/* pool */ domain P { // the pool\n state { n: int; up: bool }\n goal n == 1 ; transition t { step { n = 1 ; up = true } } }", "p.ved");
  assert.equal(diagnostics, []);
});

test("`..` is a token: 0..100 lexes as int, `..`, int, and floats still lex", () => {
  const kinds = (s) => scan(s).tokens.map((t) => `${t.type}:${t.text}`);
  assert.equal(kinds("0..100"), ["int:0", "op:..", "int:100"]);
  assert.equal(kinds("-5..-1"), ["op:-", "int:5", "op:..", "op:-", "int:1"]);
  assert.equal(kinds("1.5 2.5e-1 1_000.0 P.a"), ["float:1.5", "float:2.5e-1", "float:1_000.0", "ident:P", "op:.", "ident:a"]);
});

function syntaxError(source) {
  const { program, diagnostics } = parse(source, "bad.ved");
  assert.is(program, null);
  assert.is(diagnostics.length >= 1, true);
  const d = diagnostics[0];
  return { code: d.code, at: `${d.span.start.line}:${d.span.start.col}`, message: d.message, hint: d.hint };
}

test("a missing '}' names the block it should close and where it opened", () => {
  const e = syntaxError("domain A {\n  state { x: int }\n  transition t {\n    step {\n      x = 1\n    }\n");
  assert.is(e.code, "VED0004");
  assert.match(e.message, "transition 't' opened at 3:16");
});

test("a '}' missing before the next transition is reported there", () => {
  const e = syntaxError("domain A {\n  state { x: int }\n  transition t {\n    step {\n      x = 1\n    }\n  transition u { step { x = 2 } }\n}\n");
  assert.is(e.code, "VED0003");
  assert.is(e.at, "7:3");
  assert.match(e.message, "expected '}' to close the transition 't' opened at 3:16");
});

test("a stray character is located", () => {
  const e = syntaxError("domain A {\n  state { x: int }\n  goal x == 5 #\n}");
  assert.equal([e.code, e.at, e.message], ["VED0001", "3:15", "unexpected character '#'"]);
});

test("`=` where a comparison belongs gets a hint", () => {
  const e = syntaxError("domain A { state { x: int }\n goal x = 5 }");
  assert.is(e.code, "VED0003");
  assert.is(e.at, "2:9");
  assert.is(e.hint, "to compare, write `==`");
});

test("an unexpected token lists what was expected in words", () => {
  const e = syntaxError("domain A { state { x: int }\n goal x == }");
  assert.is(e.message, "unexpected '}': expected an expression");
});

test("two statements on one line need a ';'", () => {
  const e = syntaxError("domain A { state { x: int; y: int }\n transition t { step {\n x = 1 y = 2\n } } }");
  assert.equal([e.code, e.at], ["VED0005", "3:8"]);
});

test("an expected-token list names each kind once", () => {
  const e = syntaxError("domain A { state { x: int = -(3) } }");
  assert.is(e.message, "unexpected '(': expected a duration or a number");
});

test("enum members on one line need a ','", () => {
  const e = syntaxError("enum P { a b }\ndomain D { state { p: P } }");
  assert.equal([e.code, e.at], ["VED0005", "1:12"]);
});

test("a keyword used as a name is explained", () => {
  const e = syntaxError("domain A { state { step: int } }");
  assert.match(e.hint, "'step' is a keyword");
});

test("an unclosed comment, an empty file and binary data are located errors", () => {
  assert.equal(syntaxError("domain A { /* never closed\n").code, "VED0002");
  assert.equal(syntaxError("").code, "VED0008");
  assert.equal(syntaxError("// only a comment\n").code, "VED0008");
  assert.equal(syntaxError("domain A {\u0000}").at, "1:11");
  assert.equal(syntaxError("goal x == 1").code, "VED0006");
});

test("many minus signs in a file are not nesting", () => {
  const goals = Array.from({ length: 400 }, (_, i) => `goal x - ${i} != -1`).join("\n");
  const { diagnostics } = parse(`domain A { state { x: int }\n${goals}\n}`, "minus.ved");
  assert.equal(diagnostics, []);
});

test("nesting beyond the limit is refused, not a stack overflow", () => {
  const deep = "domain A { state { x: int } goal " + "(".repeat(5000) + "x" + ")".repeat(5000) + " == 1 }";
  assert.equal(syntaxError(deep).code, "VED0007");
  const negations = "domain A { state { x: bool } goal " + "!".repeat(5000) + "x }";
  assert.equal(syntaxError(negations).code, "VED0007");
});

test.run();
