// A 5 MB file of domains checks, and compiles correctly, with a generous
// deadline (its speed, as ratios of 1×, 2× and 4× sizes, is the compile
// suite's: `npm run bench`). Smaller inputs are in tests/compiler-limits.test.js.
import { test } from "../harness.js";
import * as assert from "uvu/assert";
import { check } from "../../lib/compiler/index.js";
import { domains } from "../../bench/lib/sizes.js";

test("a 5 MB file of 16,000 domains checks, every domain and member in it", () => {
  const source = domains(16_000);
  assert.ok(source.length > 5_000_000);
  const { ir, diagnostics } = check(source, { filename: "five.ved" });
  assert.equal(diagnostics.filter((d) => d.severity === "error"), []);
  assert.is(ir.domains.length, 16_000);
  assert.equal(ir.domains.at(-1).transitions.map((t) => t.name), ["up", "down"]);
  assert.is(ir.domains.at(-1).fields[1].initial, "pool 15999");
  assert.is(ir.domains.at(-1).span.line, 16_000 * 19 - 18);
}, { timeout: 300_000 });

test.run();
