// Ved strings on PostgreSQL. jsonb refuses NUL (\u0000) and lone surrogates,
// so a string holding one, once applied, could never be committed: the
// instance would stop for good. The rule is kept at the boundary instead —
// such an observation, param, initial state or key is refused with the
// field's name, and the instance goes on — while every string that keeps it
// (emoji, CJK, U+2028) goes through the database intact.
// (The same rule on the memory and file stores: tests/strings.test.js.)
import * as assert from "uvu/assert";
import { postgresStore, replica } from "../../lib/runtime/store/postgres/index.js";
import { cleanup, test } from "../harness.js";
import { load } from "../helpers.js";
import { journalOf, startPostgres } from "./pg-server.js";

const server = await startPostgres();
test.after(() => server.stop());

const { Labelled } = await load(`domain Labelled {
  state { label: string; ready: bool }
  goal ready
  transition mark when !ready { step { label = label + "✓"; ready = true } }
}`);

const store = (options = {}) => {
  const s = postgresStore({ connectionString: server.url, ...options });
  cleanup(() => s.close());
  return s;
};

const BAD = [
  ["NUL", "a\u0000b", "NUL (\\u0000) at index 1"],
  ["a lone surrogate", "\ud83d!", "a lone surrogate (\\ud83d) at index 0"],
];

for (const [what, value, where] of BAD) {
  test(`an observation holding ${what} is refused before it is applied; the instance goes on committing`, async () => {
    const id = `bad-${where.length}`;
    const i = await Labelled.create({ id, store: store() }).start();
    await i.settled();
    const error = await i.observe({ label: value, ready: false }).then(() => null, (e) => e);
    assert.match(error?.message ?? "no error", `observation sets 'label' to`);
    assert.match(error.message, `Ved strings are Unicode text without NUL: this one has ${where}`);
    assert.equal(await i.observe({ label: "next", ready: false }), { applied: true });
    assert.equal((await i.settled()).state, { label: "next✓", ready: true });
    assert.is(i.status(), "converged", "not failed");
    await i.stop();
    const journal = await journalOf(server.url, id);
    assert.equal(journal.at(-1).set, { label: "next✓", ready: true }, "committed after the refusal");
  });

  test(`a key holding ${what}, and an observation forwarded to another replica holding it, are refused with the same words`, async () => {
    const owner = await Labelled.create({ id: "held", store: store({ owner: "holder" }) }).start();
    const error = await owner.observe({ ready: false }, { key: value }).then(() => null, (e) => e);
    assert.match(error?.message ?? "no error", `observe key must be Unicode text without NUL, but it has ${where}`);
    const r = await replica(Labelled, { store: store({ owner: "other" }), onError: () => {} });
    cleanup(() => r.stop());
    const forwarded = await r.observe("held", { label: value }).then(() => null, (e) => e);
    assert.match(forwarded?.message ?? "no error", `Ved strings are Unicode text without NUL: this one has ${where}`);
    assert.is(owner.status(), "converged");
    await owner.stop();
  });
}

test("strings of every script, and keys, go through PostgreSQL and back exactly", async () => {
  const labels = ["pool-😀", "プール", "line\u2028sep", "quote\" back\\slash", "\u{10FFFF}", ""];
  for (const label of labels) {
    const a = await Labelled.create({ id: "round", store: store() }).start();
    await a.observe({ label, ready: false }, { key: `key ${label} 🔑` });
    await a.settled();
    await a.stop();
    const b = await Labelled.create({ id: "round", store: store() }).start();
    assert.equal(b.getState(), { label: `${label}✓`, ready: true });
    assert.equal(await b.observe({ label: "again" }, { key: `key ${label} 🔑` }), { applied: false, reason: "duplicate" });
    await b.stop();
  }
});

test.run();
