// Expected outputs as data, as Svelte keeps them: each fixture is a folder
// with its input and what vedc must say about it, compared exactly.
//
//   tests/fixtures/broken/<name>/    input.ved, expected.json: the diagnostics of check()
//   tests/fixtures/warnings/<name>/  input.ved, expected.json: the same, for programs that compile
//   tests/fixtures/verify/<name>/    input.ved, expected.json (vedc verify --json) and expected.txt (vedc verify)
//
// A diagnostic is kept as { code, severity, line, col, message, hint?, related? }.
// When a message changes on purpose, rewrite the expected files and review the diff:
//
//   UPDATE_FIXTURES=1 node tests/run.js fast fixtures
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, CODES } from "../lib/compiler/index.js";
import { cli, root } from "./helpers.js";

const update = Boolean(process.env.UPDATE_FIXTURES);
const folders = (kind) => readdirSync(join(root, "tests/fixtures", kind)).sort().map((name) => ({ name, dir: `tests/fixtures/${kind}/${name}` }));

/** The input as the CLI reads it: bytes decoded as UTF-8, invalid bytes as U+FFFD. */
const input = (dir) => new TextDecoder("utf-8", { ignoreBOM: false }).decode(readFileSync(join(root, dir, "input.ved")));

/** Compares `actual` with the expected file, or with UPDATE_FIXTURES rewrites it. */
function expect(dir, file, actual) {
  const path = join(root, dir, file);
  const json = file.endsWith(".json");
  if (update) {
    writeFileSync(path, json ? `${JSON.stringify(actual, null, 2)}\n` : actual);
    return;
  }
  assert.ok(existsSync(path), `${dir}/${file} is missing: UPDATE_FIXTURES=1 node tests/run.js fast fixtures writes it`);
  const expected = readFileSync(path, "utf8");
  if (json) assert.equal(actual, JSON.parse(expected), `${dir}/${file}`);
  else assert.fixture(actual, expected, `${dir}/${file}`);
}

/** A diagnostic as the fixtures keep it: what a user reads, and where. */
function asData(d) {
  const data = { code: d.code, severity: d.severity, line: d.span.start.line, col: d.span.start.col, message: d.message };
  if (d.hint !== undefined) data.hint = d.hint;
  if (d.related) data.related = d.related.map((r) => ({ message: r.message, line: r.span.start.line, col: r.span.start.col }));
  return data;
}

const diagnosticsOf = (dir) => check(input(dir), { filename: `${dir}/input.ved` }).diagnostics.map(asData);
const firstLine = (dir, d) => `${dir}/input.ved:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`;
const expected = (dir) => JSON.parse(readFileSync(join(root, dir, "expected.json"), "utf8"));

// ---- broken programs ---------------------------------------------------------------------

const broken = folders("broken");

test("there are at least a dozen broken programs, and a file that is not text", () => {
  assert.ok(broken.length >= 12);
  assert.ok(broken.some((f) => f.name === "binary"));
});

for (const { name, dir } of broken) {
  test(`broken/${name}: check() reports exactly the expected diagnostics`, () => {
    const diagnostics = diagnosticsOf(dir);
    assert.ok(diagnostics.some((d) => d.severity === "error"), "a broken program has an error");
    expect(dir, "expected.json", diagnostics);
  });

  test(`broken/${name}: check, build, run and emit print the first error located, exit 1, no stack trace`, async () => {
    if (update) return;
    // Warnings wait until a file has no errors: the CLI prints the errors alone.
    const first = expected(dir).find((d) => d.severity === "error");
    for (const command of ["check", "build", "run", "emit"]) {
      const r = await cli([command, `${dir}/input.ved`, ...(command === "build" ? ["--outdir", "/nonexistent/never-written"] : [])]);
      assert.is(r.status, 1, `${command} ${name}`);
      assert.is(r.stdout, "", `${command} printed output`);
      assert.is(r.stderr.split("\n")[0], firstLine(dir, first), command);
      assert.not.match(r.stderr, /^\s+at /m, "no stack trace");
      assert.not.match(r.stderr, "internal error");
    }
  });
}

// ---- warnings ----------------------------------------------------------------------------

const warnings = folders("warnings");

test("the warning fixtures cover every warning code", () => {
  // Warnings are the VED03xx codes; every other code is an error.
  const codes = Object.keys(CODES).filter((c) => c.startsWith("VED03"));
  const covered = new Set(warnings.flatMap(({ dir }) => expected(dir).map((d) => d.code)));
  assert.equal(codes.filter((c) => !covered.has(c)), [], "codes with no fixture");
});

for (const { name, dir } of warnings) {
  test(`warnings/${name}: check() reports exactly the expected warnings, and the program compiles`, () => {
    const diagnostics = diagnosticsOf(dir);
    assert.equal(diagnostics.filter((d) => d.severity !== "warning"), [], "only warnings");
    assert.ok(diagnostics.length > 0);
    expect(dir, "expected.json", diagnostics);
  });

  test(`warnings/${name}: vedc check prints each warning located and exits 0`, async () => {
    if (update) return;
    const r = await cli(["check", `${dir}/input.ved`]);
    assert.is(r.status, 0, r.stderr);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith(dir));
    assert.equal(lines, expected(dir).map((d) => firstLine(dir, d)));
    assert.match(r.stdout, `${dir}/input.ved: ok (`);
  });
}

// ---- verify verdicts ---------------------------------------------------------------------

for (const { name, dir } of folders("verify")) {
  test(`verify/${name}: vedc verify gives exactly the expected verdicts and traces, as data and as text`, async () => {
    const json = await cli(["verify", `${dir}/input.ved`, "--json"]);
    assert.is(json.stderr, "");
    const document = JSON.parse(json.stdout);
    assert.is(json.status, document.verified ? 0 : 1, "the status follows the verdict");
    // How long it took is no part of the verdict.
    for (const d of document.domains) {
      assert.type(d.seconds, "number");
      delete d.seconds;
    }
    expect(dir, "expected.json", document);
    const text = await cli(["verify", `${dir}/input.ved`]);
    assert.is(text.status, json.status);
    expect(dir, "expected.txt", text.stdout);
  });
}

test.run();
