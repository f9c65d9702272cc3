import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { check, CODES, memoryHost, MESSAGES } from "../lib/compiler/index.js";
import { page } from "../scripts/diagnostics-page.js";
import { readFileSync } from "node:fs";
import { seed } from "./helpers.js";

/** The diagnostics of a program, as `CODE line:col message (hint)`. */
function errors(source) {
  const { ir, diagnostics } = check(source, { filename: "t.ved" });
  assert.is(ir, null, "a program with errors must not produce IR");
  return diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, at: `${d.span.start.line}:${d.span.start.col}`, message: d.message, hint: d.hint }));
}

const domain = (body) => `domain Pool {\n  state { workers: int; ready: bool }\n${body}\n}`;

test("the seed's program checks clean", () => {
  const { ir, diagnostics } = check(seed);
  assert.equal(diagnostics, []);
  assert.is(ir.domains[0].name, "WorkerPool");
});

test("an unknown name suggests the closest field", () => {
  const [e] = errors(domain("  goal wrkers == 5"));
  assert.equal([e.code, e.at, e.message, e.hint], ["VED0100", "3:8", "unknown name 'wrkers' in domain 'Pool'", "did you mean 'workers'?"]);
});

test("an unknown name with nothing close lists the fields", () => {
  const [e] = errors(domain("  goal banana == 5"));
  assert.is(e.hint, "the names here are workers, ready");
});

test("an unknown assignment target is reported", () => {
  const [e] = errors(domain("  transition t { step { worker = 1 } }"));
  assert.equal([e.code, e.at, e.hint], ["VED0100", "3:25", "did you mean 'workers'?"]);
});

test("duplicates point at the second declaration and note the first", () => {
  const found = check("domain A { state { x: int\n x: bool } transition t { step { x = 1 } }\ntransition t { step { x = 2 } } }\ndomain A { state { y: int } }").diagnostics.filter((d) => d.severity === "error");
  assert.equal(found.map((d) => d.code), ["VED0101", "VED0102", "VED0103"]);
  assert.is(found[0].related[0].span.start.line, 1);
});

test("an unknown type is reported with the closest type", () => {
  const [e] = errors("domain A { state { x: integer } }");
  assert.equal([e.code, e.message], ["VED0104", "unknown type 'integer'"]);
  const [f] = errors("domain A { state { x: boool } }");
  assert.is(f.hint, "did you mean 'bool'?");
});

test("__proto__ is refused as a name", () => {
  const [e] = errors("domain A { state { __proto__: int } }");
  assert.equal([e.code, e.at], ["VED0105", "1:20"]);
});

test("a second state block is refused", () => {
  const [e] = errors("domain A { state { x: int } state { y: int } }");
  assert.is(e.code, "VED0106");
});

test("operators need operands of their type", () => {
  const [a] = errors(domain("  goal workers + ready == 1"));
  assert.equal([a.code, a.at, a.message], ["VED0200", "3:18", "'+' needs a number on both sides, but this is a bool"]);
  const [b] = errors(domain("  goal !workers"));
  assert.equal([b.code, b.message], ["VED0200", "'!' needs a bool, but this is an int"]);
  const [c] = errors(domain("  goal workers == ready"));
  assert.equal([c.code, c.at, c.message], ["VED0200", "3:16", "'==' compares an int with a bool"]);
  const [d] = errors(domain("  goal workers && ready"));
  assert.is(d.message, "'&&' needs a bool on both sides, but this is an int");
});

test("a goal must be a bool", () => {
  const [e] = errors(domain("  goal workers + 1"));
  assert.equal([e.code, e.message], ["VED0201", "a goal must be a bool, but this is an int"]);
});

test("an if condition must be a bool", () => {
  const [e] = errors(domain("  transition t { step { if workers { workers = 1 } } }"));
  assert.is(e.code, "VED0202");
});

test("an assignment must match the field's type", () => {
  const [e] = errors(domain("  transition t { step { ready = 1 } }"));
  assert.equal([e.code, e.message], ["VED0203", "'ready' is a bool, but this value is an int"]);
});

test("+= and -= need an int field", () => {
  const [e] = errors(domain("  transition t { step { ready += true } }"));
  assert.equal([e.code, e.hint], ["VED0204", "write 'ready = ...' instead"]);
});

test("int literals must be safe integers", () => {
  const [e] = errors(domain("  goal workers == 9007199254740993"));
  assert.is(e.code, "VED0205");
  assert.equal(check(domain("  goal workers == 9007199254740991")).diagnostics.filter((d) => d.severity === "error"), []);
});

test("an initial value must match its field's type", () => {
  const [e] = errors("domain A { state { x: bool = 3 } }");
  assert.equal([e.code, e.at], ["VED0206", "1:30"]);
});

test("every error in a program is reported, in source order, without cascades", () => {
  const found = errors(domain("  goal wrkers == 5\n  goal ready + 1 == 2\n  transition t { step { workers = true; nope = 1 } }"));
  assert.equal(found.map((e) => e.code), ["VED0100", "VED0200", "VED0203", "VED0100"]);
});

test("docs/diagnostics.md lists every code, and nothing else", () => {
  const doc = readFileSync(new URL("../docs/diagnostics.md", import.meta.url), "utf8");
  const documented = [...new Set(doc.match(/^\| (VED\d{4}) \|/gm).map((row) => row.slice(2, 9)))];
  assert.equal(documented, Object.keys(CODES));
});

test("docs/diagnostics.md is generated from the table of diagnostics and is fresh (npm run docs:diagnostics)", () => {
  const doc = readFileSync(new URL("../docs/diagnostics.md", import.meta.url), "utf8");
  assert.ok(doc === page(doc), "docs/diagnostics.md is stale: run npm run docs:diagnostics");
});

/** A program's own diagnostics; those of the files it imports only when it has none (an import cycle is reported where it closes). */
function ownDiagnostics(diagnostics, file) {
  const own = diagnostics.filter((d) => d.file === file);
  return own.length > 0 ? own : diagnostics;
}

test("every code's example program reports exactly that code, and only codes whose mistake no short program shows go without one", () => {
  const reported = Object.entries(MESSAGES)
    .filter(([, entry]) => entry.program !== undefined)
    .map(([code, entry]) => [code, ownDiagnostics(check(entry.program, { filename: `${code}.ved`, host: memoryHost(entry.files ?? {}) }).diagnostics, `${code}.ved`).map((d) => `${d.severity} ${d.code}`)]);
  assert.equal(reported.filter(([code, found]) => found.join() !== `${MESSAGES[code].severity} ${code}`), []);
  // Nesting 257 deep, binary data, an unreadable file, a file over 8 MiB: tests/compiler-limits.test.js and tests/cli.test.js make these.
  assert.equal(Object.keys(MESSAGES).filter((code) => MESSAGES[code].program === undefined), ["VED0007", "VED0009", "VED0012", "VED0013"]);
});

test("a code's severity is the table's: the 03xx codes are the warnings", () => {
  const warnings = Object.keys(MESSAGES).filter((code) => MESSAGES[code].severity === "warning");
  assert.equal(warnings, Object.keys(MESSAGES).filter((code) => code.startsWith("VED03")));
});

test.run();
