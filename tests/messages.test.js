// A user's mistake gets a message, never "internal error" or a stack trace:
// a bad escape in a flag's quoted value, a raw CR in a string, `__proto__` as
// a name, an output path that cannot be written, a file that never ends.
// And a line is the same line everywhere: the scanner, the code frame under a
// diagnostic and the language server agree, whatever the line endings and
// whatever U+2028 or U+2029 a string holds.
import { test, spawn, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import { check, renderDiagnostic } from "../lib/compiler/index.js";
import { analyseDocument } from "../lib/compiler/lsp/document-analysis.js";
import { cli, plainEnv, vedc } from "./helpers.js";

/** Runs vedc: in this process, or with `uid` in a child process of that user. */
async function vedcRun(args, { cwd, uid } = {}) {
  if (uid === undefined) return cli(args, { cwd });
  const proc = spawn(process.execPath, [vedc, ...args], { cwd, env: plainEnv, uid, gid: uid });
  proc.child.stdin.end();
  const { code } = await proc.exited;
  return { status: code, stdout: proc.out.stdout, stderr: proc.out.stderr };
}

/** One clear line on stderr, exit status 1: no internal error, no stack trace. */
function refused(r, expected) {
  assert.is(r.status, 1, r.stderr);
  assert.not.match(r.stderr, "internal error");
  assert.not.match(r.stderr, /\n\s+at /, "no stack trace");
  assert.match(r.stderr, expected);
}

const POOL = "domain Pool {\n  state {\n    name: string\n    workers: int\n  }\n  param target: int = 5\n  goal workers == target\n  transition up when workers < target {\n    step {\n      workers += 1\n    }\n  }\n}\n";

function poolFile() {
  const dir = tempDir("messages");
  writeFileSync(join(dir, "pool.ved"), POOL);
  return dir;
}

test("a quoted flag value with an escape Ved does not know is refused, saying which escapes there are", async () => {
  const dir = poolFile();
  refused(await vedcRun(["run", "pool.ved", "--observe", 'name="\\q"'], { cwd: dir }), 'vedc: --observe name="\\q": "\\q" is not a valid quoted string: the escapes are \\" \\\\ \\n \\t \\r and \\u{...}\n');
  const ok = await vedcRun(["run", "pool.ved", "--observe", 'name="a,\\u{41}\\"b"'], { cwd: dir });
  assert.is(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, 'observe name = a,A"b');
});

test("__proto__ is refused as a field or param name in every flag that takes one", async () => {
  const dir = poolFile();
  for (const flag of ["--state", "--param", "--observe"]) {
    refused(await vedcRun(["run", "pool.ved", flag, "__proto__=5"], { cwd: dir }), `vedc: ${flag} __proto__=5: '__proto__' cannot be a field or param name\n`);
  }
  refused(await vedcRun(["verify", "pool.ved", "--param", "__proto__=5"], { cwd: dir }), "'__proto__' cannot be a field or param name");
  refused(await vedcRun(["run", "pool.ved", "--state", "workers=1", "--state", "workers=2"], { cwd: dir }), "vedc: --state workers=2: 'workers' is set twice\n");
});

test("a raw CR inside a string is a string left open on its line, for check and fmt alike", async () => {
  const dir = tempDir("messages");
  writeFileSync(join(dir, "cr.ved"), 'domain A {\n  state {\n    s: string = "a\rb"\n  }\n}\n');
  for (const args of [["fmt", "cr.ved"], ["fmt", "--write", "cr.ved"], ["check", "cr.ved"]]) {
    const r = await vedcRun(args, { cwd: dir });
    refused(r, "cr.ved:3:17: error VED0011: this string is never closed");
    assert.match(r.stderr, '> 3 |     s: string = "a\n');
  }
  assert.is(readFileSync(join(dir, "cr.ved"), "utf8"), 'domain A {\n  state {\n    s: string = "a\rb"\n  }\n}\n', "fmt --write left the file alone");
});

function errors(source, filename) {
  return check(source, { filename }).diagnostics.filter((d) => d.severity === "error");
}

/** The same program with every line ending, and separators inside strings. */
const ENDINGS = { "\\n": "\n", "\\r\\n": "\r\n", "\\r": "\r" };
function withEndings(eol) {
  return ['domain A {', "  state {", '    s: string = "one\u2028two\u2029three"', "    x: int", "  }", '  goal s == "x\u2028y" &&', "    wrkers == 1", "}", ""].join(eol);
}

for (const [name, eol] of Object.entries(ENDINGS)) {
  test(`with ${name} line endings, the scanner, the code frame and the language server name the same line`, () => {
    const source = withEndings(eol);
    const [d] = errors(source, "a.ved");
    assert.is(d.code, "VED0100");
    assert.equal(d.span.start, { offset: source.indexOf("wrkers"), line: 7, col: 5 });
    // The code frame marks line 7, and shows line 3 whole: U+2028 and U+2029 do not break it.
    const frame = renderDiagnostic(d, source);
    assert.match(frame, "a.ved:7:5: error VED0100");
    assert.match(frame, "> 7 |     wrkers == 1\n    |     ^^^^^^");
    assert.match(frame, '  6 |   goal s == "x\ufffdy" &&');
    // The editor's positions: LSP's line 6 (0-based), character 4, is the same offset.
    const document = TextDocument.create("file:///a.ved", "ved", 1, source);
    const [lsp] = analyseDocument(source, "file:///a.ved").diagnostics.filter((x) => x.severity === 1);
    assert.equal(lsp.range.start, { line: 6, character: 4 });
    assert.is(document.offsetAt(lsp.range.start), d.span.start.offset);
    assert.is(document.offsetAt(lsp.range.end), d.span.end.offset);
  });
}

test("a code frame shows control characters as visible stand-ins, and cuts a long line around the span", () => {
  const source = `domain A {\n  state {\n    s: string = "\u001b[2J\u202e"\n  }\n  goal s == 1 ${"// x".repeat(100)}\n}\n`;
  const [d] = errors(source);
  const frame = renderDiagnostic(d, source);
  assert.not.match(frame, "\u001b", "no escape sequence reaches the terminal");
  assert.not.match(frame, "\u202e");
  assert.match(frame, '  3 |     s: string = "\u241b[2J\ufffd"');
  const long = "x".repeat(10_000);
  const wide = `domain A {\n  state {\n    s: string = "${long}"\n  }\n  goal s == "${long}" + wrkers\n}\n`;
  const [far] = errors(wide);
  const lines = renderDiagnostic(far, wide).split("\n");
  assert.ok(lines.every((l) => l.length < 200), "every line of the frame is short");
  const marked = lines.findIndex((l) => l.startsWith("> 5 |"));
  assert.is(lines[marked + 1].indexOf("^") - lines[marked + 1].indexOf("|"), lines[marked].indexOf("wrkers") - lines[marked].indexOf("|"), "the caret is under the name");
});

test("an output that cannot be written is one line naming it, and no file is left half-written", async () => {
  const dir = poolFile();
  writeFileSync(join(dir, "afile"), "");
  refused(await vedcRun(["build", "pool.ved", "-o", "afile"], { cwd: dir }), "vedc: pool.ved: not built: cannot write to afile: it is a file, not a directory\n");
  refused(await vedcRun(["build", "pool.ved", "-o", "afile/sub"], { cwd: dir }), "vedc: pool.ved: not built: cannot write to afile/sub: a part of the path is not a directory\n");
  mkdirSync(join(dir, "out/pool.js"), { recursive: true });
  refused(await vedcRun(["build", "pool.ved", "-o", "out"], { cwd: dir }), "vedc: pool.ved: not built: cannot write out/pool.js: it is a directory\n");
  assert.equal(readdirSync(join(dir, "out")), ["pool.js"], "the .d.ts was not written without its bundle");
  mkdirSync(join(dir, "pool.d.ved.ts"));
  refused(await vedcRun(["types", "pool.ved"], { cwd: dir }), "vedc: cannot write pool.d.ved.ts: it is a directory\n");
});

test("a folder the user may not write to: permission denied, in one line, the source untouched", async () => {
  const dir = poolFile();
  const nobody = 65534;
  const locked = join(dir, "locked");
  mkdirSync(locked);
  writeFileSync(join(locked, "pool.ved"), POOL.replace("domain Pool {", "domain   Pool {"));
  chownSync(locked, nobody, nobody);
  chownSync(join(locked, "pool.ved"), nobody, nobody);
  chmodSync(dir, 0o777);
  chmodSync(locked, 0o555);
  refused(await vedcRun(["fmt", "--write", "pool.ved"], { cwd: locked, uid: nobody }), "vedc: cannot write pool.ved: permission denied (writing beside it, in .)\n");
  assert.match(readFileSync(join(locked, "pool.ved"), "utf8"), "domain   Pool {");
  refused(await vedcRun(["build", "pool.ved", "-o", "dist"], { cwd: locked, uid: nobody }), "vedc: pool.ved: not built: cannot write to dist: permission denied\n");
  refused(await vedcRun(["types", "pool.ved"], { cwd: locked, uid: nobody }), "vedc: cannot write pool.d.ved.ts: permission denied (writing beside it, in .)\n");
});

test("files that are no source: a directory, /dev/zero, an empty file, one too long", async () => {
  const dir = tempDir("messages");
  refused(await vedcRun(["check", dir], { cwd: dir }), `vedc: cannot read ${dir}: it is a directory\n`);
  refused(await vedcRun(["check", "/dev/zero"], { cwd: dir }), "/dev/zero:1:8388609: error VED0013: this file is longer than the 8,388,608 characters (8 MiB) the compiler accepts");
  writeFileSync(join(dir, "empty.ved"), "");
  refused(await vedcRun(["check", "empty.ved"], { cwd: dir }), "empty.ved:1:1: error VED0008: this file has no domain");
  refused(await vedcRun(["build", "nothing.ved"], { cwd: dir }), "vedc: cannot read nothing.ved: no such file\n");
}, { timeout: 60_000 });

test.run();
