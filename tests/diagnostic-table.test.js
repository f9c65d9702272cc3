// A diagnostic is made only from the table (compiler/diagnostics/messages.ts)
// by report(code, file, span, args): TypeScript refuses args that leave a
// hole of the code's message or hint unfilled, or name a form it does not have;
// and report() fills the templates, leaving out a hint whose hole is undefined.
import { test, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { report } from "../lib/compiler/index.js";
import { root } from "./helpers.js";

const at = { offset: 0, line: 1, col: 1 };
const span = { start: at, end: at };

test("report() fills a code's message and hint from the table, with the table's severity", () => {
  assert.equal(report("VED0104", "a.ved", span, { name: "integer", suggestion: "did you mean 'int'?" }), {
    code: "VED0104", severity: "error", message: "unknown type 'integer'", file: "a.ved", span, hint: "did you mean 'int'?",
  });
  assert.equal(report("VED0110", "a.ved", span, { name: "P" }).hint, "list them: enum P { a, b }", "braces around anything but a word are text");
  assert.equal(report("VED0301", "a.ved", span, { form: "guard", name: "t" }).severity, "warning");
  assert.is("hint" in report("VED0113", "a.ved", span, { form: "unknownEffect", name: "boot", domain: "D", suggestion: undefined }), false, "a hint hole left undefined leaves the hint out");
});

test("TypeScript refuses a report() that leaves a hole unfilled or names a form the code does not have", () => {
  const dir = tempDir("diagnostic-table");
  const file = join(dir, "calls.ts");
  // Only the module report() is in, so that TypeScript reads little.
  const index = JSON.stringify(join(root, "lib/compiler/diagnostics/diagnostic.js"));
  writeFileSync(
    file,
    `import { report } from ${index};
const span = { start: { offset: 0, line: 1, col: 1 }, end: { offset: 0, line: 1, col: 1 } };
report("VED0104", "a.ved", span, { name: "x", suggestion: undefined });
report("VED0002", "a.ved", span);
report("VED0104", "a.ved", span, { name: "x" });
report("VED0200", "a.ved", span, { form: "not" });
report("VED0200", "a.ved", span, { form: "bogus", type: "int" });
report("VED0110", "a.ved", span);
`,
  );
  // lib es5 is all these calls need: TypeScript then reads a few files, not sixty.
  const program = ts.createProgram([file], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, lib: ["lib.es5.d.ts"], skipLibCheck: true, types: [] });
  const lines = ts.getPreEmitDiagnostics(program).map((d) => d.file.getLineAndCharacterOfPosition(d.start).line + 1);
  assert.equal(lines, [5, 6, 7, 8], "the first two calls are right; each of the next four misses a hole or names no form");
});

test.run();
