// The journal's line codec (runtime/store/codec.ts): one checksummed line per
// commit; damage is allowed only at the end, where a crash tears a write, and
// everything before it is read back whole.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { checksum, decodeLine, decodeLog, encodeLine } from "../lib/runtime/store/codec.js";

const corrupt = (path, detail) => Object.assign(new Error(`${path}: ${detail}`), { code: "CORRUPT" });
const log = (...commits) => Buffer.from(commits.map(encodeLine).join(""));
const record = (seq, t = "observe") => ({ t, seq, set: { workers: seq } });

/** What a journal can hold: records with strings in any script, numbers, nesting. */
const value = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)));

test("a line is `<checksum> <json>\\n`, and reads back as the value", () => {
  const line = encodeLine([record(1)]);
  const json = JSON.stringify([record(1)]);
  assert.is(line, `${checksum(json)} ${json}\n`);
  assert.match(checksum(json), /^[0-9a-f]{12}$/);
  assert.equal(decodeLine(line.slice(0, -1)), [record(1)]);
});

test("property: any JSON value survives encoding, and any one changed character is caught", () => {
  fc.assert(
    fc.property(value, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (v, at, c) => {
      const line = encodeLine(v).slice(0, -1);
      assert.equal(decodeLine(line), v);
      const i = at % line.length;
      if (line[i] === c) return true;
      const damaged = line.slice(0, i) + c + line.slice(i + 1);
      // A changed space can leave a line that splits elsewhere; it still never decodes to a value.
      return decodeLine(damaged) === undefined;
    }),
    { numRuns: 500 },
  );
});

test("a line without a checksum, with a wrong one, or with bad JSON is damaged", () => {
  assert.is(decodeLine("no-space-here"), undefined);
  assert.is(decodeLine(`000000000000 ${JSON.stringify(record(1))}`), undefined);
  assert.is(decodeLine(`${checksum("{nope")} {nope`), undefined);
});

test("a log's lines are its commits: an array line is several records, in order", () => {
  const bytes = log([record(1, "init"), record(2)], record(3), [record(4), record(5)]);
  assert.equal(decodeLog(bytes, "j", corrupt), { records: [record(1, "init"), record(2), record(3), record(4), record(5)], goodLength: bytes.length, torn: false });
  assert.equal(decodeLog(Buffer.alloc(0), "j", corrupt), { records: [], goodLength: 0, torn: false });
});

test("a torn last commit is cut off whole; a damaged whole last line is not torn, and is refused", () => {
  const good = log([record(1)], [record(2)]);
  const unterminated = Buffer.concat([good, Buffer.from(encodeLine([record(3)]).slice(0, 20))]);
  assert.equal(decodeLog(unterminated, "j", corrupt), { records: [record(1), record(2)], goodLength: good.length, torn: true });
  // A crash leaves a line without its newline; a line that ends in one but does not check out was damaged afterwards.
  const damaged = Buffer.concat([good, Buffer.from(`0123456789ab ${JSON.stringify([record(3)])}\n`)]);
  assert.throws(() => decodeLog(damaged, "j", corrupt), /line 3 is damaged and is a whole line/);
});

test("damage followed by an intact commit is corruption, named by its line", () => {
  const lines = encodeLine([record(1)]) + "garbage\n" + encodeLine([record(3)]);
  const error = (() => {
    try {
      decodeLog(Buffer.from(lines), "pool/journal-1", corrupt);
    } catch (e) {
      return e;
    }
  })();
  assert.is(error?.code, "CORRUPT");
  assert.is(error.message, "pool/journal-1: line 2 is damaged but later lines are intact (its checksum does not match)");
});

test("property: a log cut at any byte (a crash mid-write) reads back every commit before the cut, and only those", () => {
  const commit = fc.array(fc.record({ t: fc.constant("observe"), seq: fc.nat(), set: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string({ unit: "grapheme", maxLength: 6 })), { noNullPrototype: true }) }, { noNullPrototype: true }), { minLength: 1, maxLength: 3 });
  fc.assert(
    fc.property(fc.array(commit, { maxLength: 6 }), fc.nat(), (commits, at) => {
      const lines = commits.map((c) => Buffer.from(encodeLine(c)));
      const bytes = Buffer.concat(lines);
      const cut = bytes.length === 0 ? 0 : at % (bytes.length + 1);
      let end = 0;
      const whole = [];
      for (const [i, line] of lines.entries()) {
        if (end + line.length > cut) break;
        end += line.length;
        whole.push(...commits[i]);
      }
      const read = decodeLog(bytes.subarray(0, cut), "j", corrupt);
      assert.equal(read, { records: whole, goodLength: end, torn: cut !== end });
      return true;
    }),
    { numRuns: 500 },
  );
});

test.run();
