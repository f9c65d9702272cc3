// Ved strings are Unicode text without NUL: no U+0000, no lone surrogate.
// That is what every store can hold (PostgreSQL's jsonb refuses both), so the
// rule is kept at every boundary — observations, params, initial states,
// observation keys, string literals — with an error naming the field, and a
// string that keeps it (emoji, CJK, U+2028) goes through every store intact.
// (PostgreSQL itself: tests/integration/postgres-strings.test.js.)
import * as assert from "uvu/assert";
import fc from "fast-check";
import { compile } from "../lib/compiler/index.js";
import { test, tempDir } from "./harness.js";
import { load } from "./helpers.js";

const { Labelled, fileStore, memoryStore } = await load(`domain Labelled {
  param prefix: string = "pool-"
  state { label: string; joined: string; ready: bool }
  goal ready
  transition join when !ready { step { joined = prefix + label; ready = true } }
}`);

const BAD = [
  ["NUL", "a\u0000b", "NUL (\\u0000) at index 1"],
  ["a lone high surrogate", "x\ud800", "a lone surrogate (\\ud800) at index 1"],
  ["a lone low surrogate", "\udc00y", "a lone surrogate (\\udc00) at index 0"],
];
const GOOD = ["pool-😀", "プール", "line\u2028sep", "tab\tquote\"", ""];

const stores = { memory: () => memoryStore(), file: () => fileStore(tempDir("strings")) };

for (const [storeName, store] of Object.entries(stores)) {
  for (const [what, value, where] of BAD) {
    test(`${storeName} store: an observation holding ${what} is refused, naming the field and where, and the instance goes on`, async () => {
      const i = await Labelled.create({ id: "l", store: store() }).start();
      await i.settled();
      const error = await i.observe({ label: value, ready: false }).then(() => null, (e) => e);
      assert.ok(error, "refused");
      assert.is(error.code, "VED_BAD_OBSERVATION");
      assert.match(error.message, "'label'");
      assert.match(error.message, `Ved strings are Unicode text without NUL: this one has ${where}`);
      assert.equal(await i.observe({ label: "ok", ready: false }), { applied: true }, "the next observation is applied");
      assert.equal((await i.settled()).state, { label: "ok", joined: "pool-ok", ready: true });
      assert.is(i.status(), "converged");
      await i.stop();
    });
  }

  test(`${storeName} store: strings of any script survive a restart exactly`, async () => {
    const s = store();
    for (const label of GOOD) {
      const a = await Labelled.create({ id: "g", store: s }).start();
      await a.observe({ label, ready: false }, { key: `k-${label}-😀` });
      await a.settled();
      await a.stop();
      const b = await Labelled.create({ id: "g", store: s }).start();
      assert.equal(b.getState(), { label, joined: `pool-${label}`, ready: true });
      assert.equal(await b.observe({ label: "other" }, { key: `k-${label}-😀` }), { applied: false, reason: "duplicate" }, "the key came back intact");
      await b.stop();
    }
  });
}

test("params and initial states are held to the same rule, naming the param or field", () => {
  for (const [, value, where] of BAD) {
    assert.throws(() => Labelled.create({ params: { prefix: value } }), (e) => e.message.includes("params sets 'prefix'") && e.message.includes(where));
    assert.throws(() => Labelled.create({ state: { label: value } }), (e) => e.message.includes("the initial state sets 'label'") && e.message.includes(where));
    assert.throws(() => Labelled.reconcile({ label: value }), (e) => e.message.includes("'label'") && e.message.includes(where));
  }
});

test("an observation's key is held to the rule too", async () => {
  const i = await Labelled.create().start();
  for (const [, value, where] of BAD) {
    const error = await i.observe({ ready: false }, { key: value }).then(() => null, (e) => e);
    assert.match(error?.message ?? "", `observe key must be Unicode text without NUL, but it has ${where}`);
  }
  assert.is(i.metrics().observations.applied, 0, "nothing was applied");
  await i.stop();
});

test("the compiler refuses \\u{0} in a string literal (VED0010), wherever it is", async () => {
  for (const source of [
    `domain D { state { s: string = "a\\u{0}" } }`,
    `domain D { param p: string = "\\u{000000}"\n state { s: string } }`,
    `domain D {\n state { s: string }\n transition t { step { s = "x\\u{00}y" } }\n}`,
  ]) {
    const r = await compile(source, { filename: "nul.ved" });
    assert.is(r.code, null, source);
    const d = r.diagnostics.find((x) => x.severity === "error");
    assert.is(d.code, "VED0010");
    assert.is(d.message, "a string cannot hold NUL (\\u{0})");
  }
  const ok = await compile(`domain D { state { s: string = "\\u{1}\\u{2028}\\u{1F600}" } }`, { filename: "ok.ved" });
  assert.ok(ok.code, "every other scalar value is fine");
});

test("a step cannot make a string that breaks the rule: joining Ved strings gives a Ved string", () => {
  // Every string a step can hold comes from a literal, a param or a field (all checked) or from `+` of two of them.
  const text = fc.string({ unit: "grapheme", maxLength: 8 }).filter((s) => !s.includes("\u0000"));
  fc.assert(
    fc.property(text, text, (prefix, label) => {
      const { state, status } = Labelled.reconcile({ label }, { params: { prefix } });
      assert.is(status, "converged");
      assert.ok(state.joined.isWellFormed() && !state.joined.includes("\u0000"));
    }),
  );
});

test.run();
