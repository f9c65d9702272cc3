// The serverless handler and the records it cannot use. In an SQS batch, a
// record that is not a message (null, a number), has a body that is not JSON
// or not an object, or names an id that is not Unicode text, fails alone: it
// is named in batchItemFailures (when it has a messageId to name it by) and
// said on stderr, and every other record is applied. A direct event with
// such an id is refused with a message saying why.
// (Against PostgreSQL, with a built bundle: tests/integration/lambda.test.js.)
import * as assert from "uvu/assert";
import { lambdaHandler } from "../lib/runtime/targets/lambda.js";
import { test, tempDir } from "./harness.js";
import { load } from "./helpers.js";

const { Pool } = await load(`domain Pool {
  state { workers: int; asked: int }
  effect boot(count: int)
  goal workers + asked == 3
  transition scale_up when workers + asked < 3 { step { boot(3 - workers - asked); asked = 3 - workers } }
}`);

const context = { getRemainingTimeInMillis: () => 10_000 };

/** A handler over a fresh file store, with what it writes to stderr. */
function handlerWithLog() {
  const booted = [];
  const handler = lambdaHandler(Pool, { boot: (args, ctx) => void booted.push(ctx.key) }, { VEDC_STORE_DIR: tempDir("lambda") });
  const log = [];
  const write = process.stderr.write;
  return {
    handler,
    booted,
    log,
    async invoke(event) {
      process.stderr.write = (chunk) => (log.push(String(chunk)), true);
      try {
        return await handler(event, context);
      } finally {
        process.stderr.write = write;
      }
    },
  };
}

const message = (messageId, body) => ({ messageId, body: JSON.stringify(body) });

test("an SQS batch with records it cannot use: only those fail, and the rest are applied", async () => {
  const h = handlerWithLog();
  const result = await h.invoke({
    Records: [
      message("m1", { id: "a", observe: { workers: 1, asked: 0 } }),
      null,
      42,
      { messageId: "m4", body: "{not json" },
      { messageId: "m5", body: "null" },
      { messageId: "m6", body: '"a string"' },
      message("m7", { id: "x\ud800", observe: { workers: 0, asked: 0 } }),
      message("m8", { id: "nul\u0000", observe: { workers: 0, asked: 0 } }),
      { messageId: "m9" },
      message("m10", { id: "b", observe: { workers: 2, asked: 0 } }),
    ],
  });
  assert.equal(result, { batchItemFailures: ["m4", "m5", "m6", "m7", "m8", "m9"].map((itemIdentifier) => ({ itemIdentifier })) });
  const said = h.log.join("");
  assert.match(said, "SQS record 1 failed: the record is null, not an SQS message");
  assert.match(said, "SQS record 2 failed: the record is number, not an SQS message");
  assert.match(said, "SQS record 3 (m4) failed: the record's body is not JSON");
  assert.match(said, "SQS record 4 (m5) failed: the record's body must be a JSON object { \"id\": ..., ");
  assert.match(said, "SQS record 6 (m7) failed: the id in the record's body must be Unicode text without NUL, but it has a lone surrogate (\\ud800) at index 1");
  assert.match(said, "SQS record 7 (m8) failed: the id in the record's body must be Unicode text without NUL, but it has NUL (\\u0000) at index 3");
  assert.match(said, "SQS record 8 (m9) failed: the record's body is not a string");
  assert.not.match(said, "URI malformed");
  // The good records were applied under their message ids, and healed.
  const a = await h.invoke({ id: "a" });
  const b = await h.invoke({ id: "b" });
  assert.equal([a.state, b.state], [{ workers: 1, asked: 2 }, { workers: 2, asked: 1 }]);
  assert.equal(
    (await h.invoke({ Records: [message("m1", { id: "a", observe: { workers: 0, asked: 0 } })] })).batchItemFailures,
    [],
    "a redelivered good record changes nothing",
  );
  assert.equal((await h.invoke({ id: "a" })).state, { workers: 1, asked: 2 });
});

test("a direct event whose id is not Unicode text is refused, saying why", async () => {
  const h = handlerWithLog();
  for (const [id, why] of [
    ["\udc00", "a lone surrogate (\\udc00) at index 0"],
    ["a\u0000", "NUL (\\u0000) at index 1"],
  ]) {
    const error = await h.invoke({ id, observe: { workers: 0, asked: 0 } }).then(() => null, (e) => e);
    assert.is(error?.message, `the id in the event must be Unicode text without NUL, but it has ${why}`);
  }
  const error = await h.invoke(null).then(() => null, (e) => e);
  assert.is(error?.message, 'the event must be a JSON object { "id": ..., "params"?: {...}, "observe"?: {...}, "key"?: ..., "version"?: ... }, not null');
  assert.equal(h.booted, [], "nothing ran");
});

test.run();
