// The image reducer (runtime/image.ts): what each journal record does to an
// instance's durable image, the one meaning of "state = replay of the journal"
// that recovery, snapshots and the tests' replay share.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { applyRecord, changes, cloneImage, emptyImage, KEY_MEMORY, remember } from "../lib/runtime/image.js";

const replay = (records, image = emptyImage({ workers: 0 })) => {
  for (const r of records) applyRecord(image, r);
  return image;
};

test("an empty image holds a copy of the initial state and nothing else", () => {
  const initial = { workers: 0 };
  const image = emptyImage(initial);
  assert.equal(image, { seq: 0, state: { workers: 0 }, ticks: 0, outbox: [], lastVersion: null, versionSpent: false, keys: [] });
  image.state.workers = 3;
  assert.is(initial.workers, 0, "not shared");
});

test("each kind of record: init sets the state, observe and transition change fields, an effect record clears its outbox entry", () => {
  const boot = { key: "p:2:0", name: "boot", args: { count: 3 }, attempt: 0 };
  const image = replay([
    { t: "init", seq: 1, state: { workers: 0, asked: 0 } },
    { t: "observe", seq: 2, set: { workers: 2 }, version: 7, key: "alert-1" },
    { t: "transition", seq: 3, name: "scale", set: { asked: 1 }, effects: [boot] },
    { t: "observe", seq: 4, set: { workers: 1 } },
  ]);
  assert.equal(image, { seq: 4, state: { workers: 1, asked: 1 }, ticks: 1, outbox: [boot], lastVersion: 7, versionSpent: false, keys: ["alert-1"] });
  applyRecord(image, { t: "effect", seq: 5, key: "p:2:0" });
  assert.equal([image.seq, image.outbox], [5, []]);
  applyRecord(image, { t: "effect", seq: 6, key: "never-queued" });
  assert.equal([image.seq, image.outbox, image.ticks], [6, [], 1], "an unknown key changes nothing else");
});

test("a record already in the image (seq at or below its own) is skipped: a snapshot plus the journal after it", () => {
  const image = replay([
    { t: "init", seq: 1, state: { workers: 0 } },
    { t: "observe", seq: 2, set: { workers: 4 } },
  ]);
  applyRecord(image, { t: "observe", seq: 2, set: { workers: 9 } });
  applyRecord(image, { t: "transition", seq: 1, name: "up", set: { workers: 8 }, effects: [] });
  assert.equal([image.seq, image.state, image.ticks], [2, { workers: 4 }, 0]);
});

test("observation keys are remembered oldest first, at most KEY_MEMORY of them", () => {
  const keys = [];
  for (let i = 0; i < KEY_MEMORY + 3; i++) remember(keys, `k${i}`);
  assert.is(keys.length, KEY_MEMORY);
  assert.equal([keys[0], keys.at(-1)], ["k3", `k${KEY_MEMORY + 2}`]);
});

test("a clone shares nothing with its image", () => {
  const image = replay([
    { t: "init", seq: 1, state: { workers: 0 } },
    { t: "transition", seq: 2, name: "up", set: { workers: 1 }, effects: [{ key: "e", name: "boot", args: { n: [1] }, attempt: 0 }] },
  ]);
  const copy = cloneImage(image);
  assert.equal(copy, image);
  copy.state.workers = 7;
  copy.outbox[0].args.n.push(2);
  copy.keys.push("x");
  assert.equal([image.state.workers, image.outbox[0].args.n, image.keys], [1, [1], []]);
});

test("changes: the fields that differ, with their new values", () => {
  assert.equal(changes({ a: 1, b: "x", c: true }, { a: 1, b: "y", c: false }), { b: "y", c: false });
  assert.equal(changes({ a: 1 }, { a: 1 }), {});
});

test("property: a snapshot taken anywhere after init, then the journal after init replayed over it (the overlap skipped), is the image of the whole journal", () => {
  // Plain objects, as JSON gives a store: fast-check would otherwise make some without a prototype.
  const rec = (shape, options = {}) => fc.record(shape, { noNullPrototype: true, ...options });
  const record = fc.oneof(
    rec({ t: fc.constant("observe"), set: rec({ workers: fc.integer({ min: 0, max: 9 }) }), version: fc.option(fc.nat(5), { nil: undefined }), key: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }) }, { requiredKeys: ["t", "set"] }),
    rec({ t: fc.constant("transition"), name: fc.constant("up"), set: rec({ workers: fc.integer({ min: 0, max: 9 }) }), effects: fc.array(rec({ name: fc.constant("boot"), args: rec({ n: fc.nat(3) }), attempt: fc.constant(0) }), { maxLength: 2 }) }),
    rec({ t: fc.constant("effect"), which: fc.nat(10) }),
  );
  fc.assert(
    fc.property(fc.array(record, { maxLength: 30 }), fc.nat(), (shapes, at) => {
      // Sequence numbers and effect keys as an instance gives them.
      const journal = [{ t: "init", seq: 1, state: { workers: 0 } }];
      const keys = [];
      for (const shape of shapes) {
        const seq = journal.length + 1;
        if (shape.t === "effect") {
          if (keys.length > 0) journal.push({ t: "effect", seq, key: keys[shape.which % keys.length] });
        } else if (shape.t === "transition") {
          const effects = shape.effects.map((e, i) => ({ ...e, key: `p:${seq}:${i}` }));
          keys.push(...effects.map((e) => e.key));
          journal.push({ ...shape, seq, effects });
        } else journal.push({ ...shape, seq });
      }
      const whole = replay(journal);
      // An init starts a new image; the records after it are what a store reads over its snapshot.
      const cut = 1 + (at % journal.length);
      const snapshot = cloneImage(replay(journal.slice(0, cut)));
      assert.equal(replay(journal.slice(1), snapshot), whole);
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
