// Group commit (runtime/committer.ts), on a journal whose commits the test
// finishes by hand: batches fill while one is in flight, nothing is
// acknowledged and no effect released before its batch is durable, and a
// failed commit fails everyone who waited on it.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { Committer } from "../lib/runtime/committer.js";

/** A journal whose commits stay in flight until the test ends them. */
function manualJournal() {
  const commits = [];
  return {
    commits,
    /** The commit in flight, if any. */
    get inFlight() {
      return commits.find((c) => !c.done) ?? null;
    },
    commit(records) {
      let finish;
      const promise = new Promise((resolve, reject) => (finish = { resolve, reject }));
      const c = {
        records: records.map((r) => r.seq),
        done: false,
        async succeed() {
          c.done = true;
          finish.resolve();
          await settle();
        },
        async fail(error) {
          c.done = true;
          finish.reject(error);
          await settle();
        },
      };
      commits.push(c);
      return promise;
    },
  };
}

/** Lets every promise reaction run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const journal = manualJournal();
  const log = [];
  const hooks = {
    durable: (effects) => log.push(`durable ${effects.map((e) => e.key).join(",")}`),
    failed: (cause) => (log.push(`failed ${cause.message}`), new Error(`stopped: ${cause.message}`)),
    idle: () => log.push("idle"),
  };
  const committer = new Committer(journal, hooks);
  const ack = (name) => ({ ok: () => log.push(`ok ${name}`), fail: (e) => log.push(`fail ${name}: ${e.message}`) });
  const record = (seq) => ({ t: "observe", seq, set: {} });
  return { journal, log, committer, ack, record };
}

test("records made while a commit is in flight wait, then go together in one commit", async () => {
  const { journal, committer, ack, record } = setup();
  committer.record(record(1), ack("1"));
  assert.equal(journal.commits.map((c) => c.records), [[1]], "the first record is written at once");
  committer.record(record(2), ack("2"));
  committer.record(record(3), ack("3"));
  committer.record(record(4));
  assert.is(journal.commits.length, 1, "one commit at a time");
  await journal.commits[0].succeed();
  assert.equal(journal.commits.map((c) => c.records), [[1], [2, 3, 4]]);
  await journal.commits[1].succeed();
  assert.is(journal.commits.length, 2, "nothing more to write");
});

test("an acknowledgement comes only once its record is durable, in order", async () => {
  const { journal, log, committer, ack, record } = setup();
  committer.record(record(1), ack("1"));
  committer.record(record(2), ack("2"));
  await settle();
  assert.equal(log, [], "nothing acknowledged while the write is in flight");
  await journal.commits[0].succeed();
  assert.equal(log, ["ok 1", "durable "]);
  await journal.commits[1].succeed();
  assert.equal(log, ["ok 1", "durable ", "ok 2", "durable ", "idle"]);
});

test("effects are released only after the commit that holds them, and after its acknowledgements", async () => {
  const { journal, log, committer, ack, record } = setup();
  committer.record(record(1), ack("1"), [{ key: "a" }, { key: "b" }]);
  committer.record(record(2), undefined, [{ key: "c" }]);
  committer.record(record(3), undefined, [{ key: "d" }]);
  await settle();
  assert.not.ok(log.some((l) => l.startsWith("durable")), "no effect before its commit");
  await journal.commits[0].succeed();
  assert.equal(log, ["ok 1", "durable a,b"]);
  await journal.commits[1].succeed();
  assert.equal(log, ["ok 1", "durable a,b", "durable c,d", "idle"]);
});

test("after() waits for everything recorded before it, with no record of its own", async () => {
  const { journal, log, committer, ack, record } = setup();
  committer.record(record(1), ack("1"));
  committer.after(ack("dropped"));
  await journal.commits[0].succeed();
  assert.equal(log, ["ok 1", "durable "], "not yet: it waits in the next batch");
  assert.equal(journal.commits[1].records, []);
  await journal.commits[1].succeed();
  assert.equal(log.slice(2), ["ok dropped", "durable ", "idle"]);
});

test("a failed commit fails everyone who waited on it, with the instance's error, and releases no effect", async () => {
  const { journal, log, committer, ack, record } = setup();
  committer.record(record(1), ack("1"), [{ key: "a" }]);
  committer.record(record(2), ack("2"), [{ key: "b" }]);
  committer.record(record(3), ack("3"));
  await journal.commits[0].fail(new Error("disk full"));
  assert.equal(log, ["failed disk full", "fail 1: stopped: disk full"]);
  assert.is(journal.commits.length, 1, "nothing more is written after a failure");
  assert.ok(committer.busy(), "what waited is still there");
  committer.abandon(new Error("the instance stopped"));
  assert.equal(log.slice(2), ["fail 2: the instance stopped", "fail 3: the instance stopped"]);
  assert.not.ok(committer.busy());
  assert.not.ok(log.some((l) => l.startsWith("durable") || l.startsWith("ok")));
});

test("flush waits until everything recorded so far is durable", async () => {
  const { journal, committer, record } = setup();
  committer.record(record(1));
  committer.record(record(2));
  let flushed = false;
  const flushing = committer.flush().then(() => (flushed = true));
  await journal.commits[0].succeed();
  assert.not.ok(flushed, "record 2 is not durable yet");
  await journal.commits[1].succeed();
  await flushing;
  assert.ok(flushed);
  assert.not.ok(committer.busy());
});

test("while held, records wait in the open batch; release commits them together", async () => {
  const { journal, log, committer, ack, record } = setup();
  committer.hold();
  committer.record(record(1), ack("observation"));
  committer.record(record(2), undefined, [{ key: "e2" }]);
  committer.record(record(3));
  await settle();
  assert.is(journal.commits.length, 0, "nothing is written while held");
  assert.ok(committer.busy(), "what is held counts as pending");
  committer.release();
  assert.equal(journal.commits.map((c) => c.records), [[1, 2, 3]], "the observation and what followed it, in one commit");
  await journal.commits[0].succeed();
  assert.equal(log, ["ok observation", "durable e2", "idle"]);
  committer.release();
  assert.is(journal.commits.length, 1, "releasing with nothing pending writes nothing");
});

test("a commit that ends while the committer is held starts the next only on release", async () => {
  const { journal, log, committer, ack, record } = setup();
  committer.record(record(1), ack("1"));
  committer.hold();
  committer.record(record(2), ack("2"));
  await journal.commits[0].succeed();
  assert.equal(log, ["ok 1", "durable "]);
  assert.is(journal.commits.length, 1, "record 2 waits for the release");
  committer.record(record(3));
  committer.release();
  assert.equal(journal.commits.map((c) => c.records), [[1], [2, 3]]);
  committer.hold();
  committer.record(record(4));
  committer.release();
  assert.is(journal.commits.length, 2, "released while a commit is in flight: the next waits for it");
  await journal.commits[1].succeed();
  assert.equal(journal.commits.map((c) => c.records), [[1], [2, 3], [4]]);
  await journal.commits[2].succeed();
  assert.equal(log.slice(2), ["ok 2", "durable ", "durable ", "idle"]);
});

test("flush writes what is held", async () => {
  const { journal, committer, record } = setup();
  committer.hold();
  committer.record(record(1));
  const flushing = committer.flush();
  assert.equal(journal.commits.map((c) => c.records), [[1]]);
  await journal.commits[0].succeed();
  await flushing;
  assert.not.ok(committer.busy());
});

test("property: any interleaving of records, holds, releases and finished commits writes each record once, in order, one commit at a time, acknowledging each and releasing its effects only after its commit", async () => {
  const step = fc.constantFrom("record", "record with effect", "finish", "wait", "hold", "release");
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
      const journal = manualJournal();
      const durable = (seq) => journal.commits.some((c) => c.done && c.records.includes(seq));
      const acked = [];
      const released = [];
      const hooks = {
        durable: (effects) => released.push(...effects.map((e) => [e.seq, durable(e.seq)])),
        failed: (cause) => cause,
        idle: () => {},
      };
      const committer = new Committer(journal, hooks);
      let seq = 0;
      const withEffects = [];
      for (const s of steps) {
        if (s === "finish") await journal.inFlight?.succeed();
        else if (s === "wait") await settle();
        else if (s === "hold") committer.hold();
        else if (s === "release") committer.release();
        else {
          const n = ++seq;
          const effects = s === "record with effect" ? [{ key: `e${n}`, seq: n }] : undefined;
          if (effects) withEffects.push(n);
          committer.record({ t: "observe", seq: n, set: {} }, { ok: () => acked.push([n, durable(n)]), fail: () => acked.push([n, "failed"]) }, effects);
        }
        if (journal.commits.filter((c) => !c.done).length > 1) return false; // two commits in flight
      }
      committer.release();
      while (journal.inFlight) await journal.inFlight.succeed();
      const all = Array.from({ length: seq }, (_, i) => i + 1);
      assert.equal(journal.commits.flatMap((c) => c.records), all, "each record written once, in order");
      assert.equal(acked, all.map((n) => [n, true]), "each acknowledged once its commit is durable, in order");
      assert.equal(released, withEffects.map((n) => [n, true]), "each effect released once its commit is durable, in order");
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
