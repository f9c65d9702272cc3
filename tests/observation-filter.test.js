// The stale and duplicate filter (runtime/observation-filter.ts): which
// observations an instance drops before applying them, and why.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { ObservationFilter } from "../lib/runtime/observation-filter.js";
import { applyRecord, emptyImage, KEY_MEMORY } from "../lib/runtime/image.js";

test("a key already applied is a duplicate; a new key or no key is applied", () => {
  const filter = new ObservationFilter();
  assert.is(filter.verdict({ key: "alert-1" }), null);
  filter.applied({ key: "alert-1" });
  assert.is(filter.verdict({ key: "alert-1" }), "duplicate");
  assert.is(filter.verdict({ key: "alert-2" }), null);
  assert.is(filter.verdict({}), null);
});

test("a version below the last applied one is stale; the same or a later one is applied", () => {
  const filter = new ObservationFilter();
  assert.is(filter.verdict({ version: -5 }), null, "no version applied yet");
  filter.applied({ version: 7 });
  assert.is(filter.verdict({ version: 6 }), "stale");
  assert.is(filter.verdict({ version: 7 }), null);
  assert.is(filter.verdict({ version: 8 }), null);
  assert.is(filter.verdict({}), null, "an observation without a version is never stale");
  filter.applied({});
  assert.is(filter.verdict({ version: 6 }), "stale", "one without a version leaves the last version alone");
});

test("a report at the last version is stale once an effect's outcome changed the state since, also after a restart from the image", () => {
  // The outcome says the effect changed the world after version 7; a late report
  // at version 7 (a poll taken before it) would undo that: a machine booted twice.
  const filter = new ObservationFilter();
  filter.applied({ version: 7 });
  assert.is(filter.verdict({ version: 7 }), null, "before any outcome, a second report at 7 is applied");
  filter.outcome();
  assert.is(filter.verdict({ version: 7 }), "stale");
  assert.is(filter.verdict({ version: 8 }), null, "a newer version is news");
  assert.is(filter.verdict({}), null, "one without a version is never stale");

  const image = emptyImage({});
  applyRecord(image, { t: "init", seq: 1, state: {} });
  applyRecord(image, { t: "observe", seq: 2, set: {}, version: 7 });
  applyRecord(image, { t: "effect", seq: 3, key: "x:1:0", outcome: "succeeded", set: {} });
  assert.is(new ObservationFilter(structuredClone(image)).verdict({ version: 7 }), "stale", "restored from the journal");
  applyRecord(image, { t: "observe", seq: 4, set: {}, version: 8 });
  assert.is(new ObservationFilter(structuredClone(image)).verdict({ version: 8 }), null, "a new version applied makes its equal news again");
  const fresh = new ObservationFilter();
  fresh.outcome();
  assert.is(fresh.verdict({ version: 1 }), null, "an outcome before any version spends nothing");
});

test("a duplicate is reported as a duplicate even when it is also stale", () => {
  const filter = new ObservationFilter();
  filter.applied({ key: "a", version: 3 });
  filter.applied({ version: 9 });
  assert.is(filter.verdict({ key: "a", version: 3 }), "duplicate");
});

test("asking changes nothing: only what is applied counts", () => {
  const filter = new ObservationFilter();
  filter.verdict({ key: "a", version: 9 });
  assert.equal([filter.verdict({ key: "a" }), filter.verdict({ version: 1 })], [null, null]);
});

test("the last KEY_MEMORY keys are remembered, the older ones forgotten", () => {
  const filter = new ObservationFilter();
  for (let i = 0; i <= KEY_MEMORY; i++) filter.applied({ key: `k${i}` });
  assert.is(filter.verdict({ key: "k0" }), null, "the oldest is forgotten");
  assert.is(filter.verdict({ key: "k1" }), "duplicate");
  assert.is(filter.verdict({ key: `k${KEY_MEMORY}` }), "duplicate");
  filter.applied({ key: "k0" });
  assert.is(filter.verdict({ key: "k1" }), null, "k0 again pushes k1 out");
});

/**
 * A filter as plain as the rule: every key applied among the last KEY_MEMORY;
 * the last version applied, and whether an outcome came after it.
 */
function model() {
  const keys = [];
  let last = null;
  let outcomeSince = false;
  return {
    verdict: ({ key, version }) =>
      key !== undefined && keys.slice(-KEY_MEMORY).includes(key) ? "duplicate" : version !== undefined && last !== null && (version < last || (version === last && outcomeSince)) ? "stale" : null,
    applied: ({ key, version }) => {
      if (key !== undefined) keys.push(key);
      if (version !== undefined) [last, outcomeSince] = [version, false];
    },
    outcome: () => {
      outcomeSince = last !== null;
    },
  };
}

test("property: over any stream of observations and outcomes, the filter drops exactly what the rule says, and one restored from the journal's image agrees", () => {
  const report = fc.record({ key: fc.option(fc.constantFrom("a", "b", "c", "d", "e"), { nil: undefined }), version: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }) }, { requiredKeys: [] });
  const observation = fc.oneof({ weight: 4, arbitrary: report }, { weight: 1, arbitrary: fc.constant("outcome") });
  fc.assert(
    fc.property(fc.array(observation, { maxLength: 40 }), fc.nat(), (stream, at) => {
      const filter = new ObservationFilter();
      const rule = model();
      const image = emptyImage({});
      applyRecord(image, { t: "init", seq: 1, state: {} });
      const restartAt = at % (stream.length + 1);
      let live = filter;
      for (const [i, o] of stream.entries()) {
        // A restart part-way: the filter is rebuilt from the image the journal gives.
        if (i === restartAt) live = new ObservationFilter(structuredClone(image));
        if (o === "outcome") {
          live.outcome();
          rule.outcome();
          applyRecord(image, { t: "effect", seq: image.seq + 1, key: `fx-${i}`, outcome: "succeeded", set: {} });
          continue;
        }
        const verdict = live.verdict(o);
        if (verdict !== rule.verdict(o)) return false;
        if (verdict === null) {
          live.applied(o);
          rule.applied(o);
          applyRecord(image, { t: "observe", seq: image.seq + 1, set: {}, ...o });
        }
      }
      return true;
    }),
    { numRuns: 500 },
  );
});

test.run();
