// A PostgreSQL commit is one statement (runtime/store/postgres/commit.ts):
// counted on the wire through a pool whose clients log what they send. It
// writes the row, the journal, the outbox and the observation keys exactly
// as the records say; a stale fence writes nothing and is refused; a retry
// after a try that landed is taken as done.
import { cleanup, test } from "../harness.js";
import * as assert from "uvu/assert";
import pg from "pg";
import { postgresStore } from "../../lib/runtime/store/postgres/index.js";
import { applyRecord, emptyImage, KEY_MEMORY } from "../../lib/runtime/image.js";
import { startPostgres } from "./pg-server.js";

const server = await startPostgres();

/** A lease renewal, which may come at any moment: not part of any commit. */
const renewal = (text) => /SET lease_until = now\(\)/.test(text);

/**
 * A store on a pool whose clients log every statement they send, in `sent`
 * (lease renewals left out). `intercept(text, run)` may stand in for a
 * statement: `run()` sends it.
 */
function loggedStore(schema, intercept = (text, run) => run(), { max = 4 } = {}) {
  const sent = [];
  /** The client each statement in `sent` went over. */
  const over = [];
  const pool = new pg.Pool({ connectionString: server.url, max });
  pool.on("connect", (client) => {
    const query = client.query.bind(client);
    client.query = (config, ...rest) => {
      const text = typeof config === "string" ? config : config.text;
      if (!renewal(text)) sent.push(text), over.push(client);
      return intercept(text, () => query(config, ...rest));
    };
  });
  const store = postgresStore({ pool, schema, lease: 60_000 });
  cleanup(() => pool.end());
  return { store, sent, over, pool };
}

async function rows(pool, sql, values = []) {
  return (await pool.query(sql, values)).rows;
}

/** Everything the store holds of instance `id` in `schema`, for comparing before and after. */
async function tablesOf(pool, schema, id) {
  const q = (table, order) => rows(pool, `SELECT * FROM ${schema}.${table} WHERE id = $1 ORDER BY ${order}`, [id]);
  return { instances: await q("instances", "id"), journal: await q("journal", "seq"), outbox: await q("outbox", "key"), keys: await q("observed_keys", "seq") };
}

const entry = (key, n) => ({ key, name: "boot", args: { count: n }, transition: "scale", tick: 1 });

test("each commit is one statement, whatever it carries, and writes exactly what its records say", async () => {
  const { store, sent, pool } = loggedStore("one_statement");
  const journal = await store.open("a", "Booter");
  assert.is(await journal.recover(), null);
  const batches = [
    [{ t: "init", seq: 1, state: { workers: 0, asked: 0 }, domain: "Booter" }],
    // A transition that calls two effects, and an observation with a key.
    [
      { t: "observe", seq: 2, set: { workers: 1 }, key: "k1", version: 7 },
      { t: "transition", seq: 3, name: "scale", set: { asked: 2 }, effects: [entry("a:3:0", 1), entry("a:3:1", 1)] },
    ],
    // One effect finishes and calls another; one finishes in the batch that called it, so it never reaches the outbox.
    [
      { t: "effect", seq: 4, key: "a:3:0", outcome: "succeeded", set: { workers: 2 }, effects: [entry("a:4:0", 2)] },
      { t: "transition", seq: 5, name: "scale", set: {}, effects: [entry("a:5:0", 3)] },
      { t: "effect", seq: 6, key: "a:5:0", outcome: "failed" },
      { t: "observe", seq: 7, set: { workers: 2 }, key: "k2" },
    ],
    // Nothing but observations without keys: the row and the journal.
    [{ t: "observe", seq: 8, set: { workers: 3 } }],
  ];
  const image = emptyImage({});
  for (const records of batches) {
    sent.length = 0;
    await journal.commit(records);
    assert.is(sent.length, 1, `one statement for records ${records.map((r) => r.seq)}: ${sent.join(" | ")}`);
    assert.not.match(sent[0], /^\s*(BEGIN|COMMIT)/);
    for (const r of records) applyRecord(image, r);
  }
  const held = await tablesOf(pool, "one_statement", "a");
  assert.equal(held.instances[0].state, { workers: 3, asked: 2 });
  assert.equal([Number(held.instances[0].seq), Number(held.instances[0].ticks), held.instances[0].last_version], [image.seq, image.ticks, image.lastVersion]);
  assert.equal([image.seq, image.ticks, image.lastVersion], [8, 3, 7]);
  assert.is(held.instances[0].version_spent, true, "an outcome changed the state after version 7: a late report at 7 is stale, also for the next owner");
  assert.equal(held.journal.map((r) => r.record), batches.flat(), "every record, in order");
  assert.equal(held.outbox.map((r) => [r.key, Number(r.seq), r.entry]), [["a:3:1", 3, entry("a:3:1", 1)], ["a:4:0", 4, entry("a:4:0", 2)]]);
  assert.equal(held.keys.map((r) => [r.key, Number(r.seq)]), [["k1", 2], ["k2", 7]]);
  await journal.close();

  // What a new owner recovers is the image the records make.
  const again = await store.open("a", "Booter");
  assert.equal(await again.recover(), image);
  await again.close();
});

test("tables of schema 1 are brought up to this version in place, their instances kept", async () => {
  const { store, pool } = loggedStore("from_schema_1");
  const journal = await store.open("old", "Booter");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { workers: 4 }, domain: "Booter" }, { t: "observe", seq: 2, set: { workers: 4 }, version: 3 }]);
  await journal.close();
  // What schema 1 was: no version_spent column.
  await pool.query("ALTER TABLE from_schema_1.instances DROP COLUMN version_spent");
  await pool.query("UPDATE from_schema_1.meta SET value = '1' WHERE key = 'schema_version'");
  const { store: upgraded } = loggedStore("from_schema_1");
  const again = await upgraded.open("old", "Booter");
  const image = await again.recover();
  assert.equal([image.state, image.lastVersion, image.versionSpent], [{ workers: 4 }, 3, false]);
  await again.commit([{ t: "effect", seq: 3, key: "old:9:0", outcome: "succeeded", set: { workers: 5 } }]);
  await again.close();
  assert.equal(await rows(pool, "SELECT value FROM from_schema_1.meta WHERE key = 'schema_version'"), [{ value: "2" }]);
  assert.equal(await rows(pool, "SELECT version_spent FROM from_schema_1.instances WHERE id = 'old'"), [{ version_spent: true }]);
});

test(`only the newest ${KEY_MEMORY} observation keys are kept, however many a commit adds`, async () => {
  const { store, pool } = loggedStore("key_memory");
  const journal = await store.open("k", "D");
  await journal.recover();
  let seq = 0;
  const observations = (n) => Array.from({ length: n }, () => ({ t: "observe", seq: ++seq, set: { n: seq }, key: `key-${seq}` }));
  const kept = async () => rows(pool, "SELECT min(seq)::int AS oldest, max(seq)::int AS newest, count(*)::int AS n FROM key_memory.observed_keys WHERE id = 'k'");
  await journal.commit([{ t: "init", seq: ++seq, state: { n: 0 }, domain: "D" }, ...observations(KEY_MEMORY - 2)]);
  assert.equal(await kept(), [{ oldest: 2, newest: KEY_MEMORY - 1, n: KEY_MEMORY - 2 }], "fewer than the limit: all of them");
  await journal.commit(observations(5));
  assert.equal(await kept(), [{ oldest: 5, newest: KEY_MEMORY + 4, n: KEY_MEMORY }], "over the limit: the oldest three go");
  await journal.commit(observations(KEY_MEMORY + 3));
  assert.equal(await kept(), [{ oldest: seq - KEY_MEMORY + 1, newest: seq, n: KEY_MEMORY }], "more than the limit in one commit: the newest of them");
  await journal.close();
  const again = await store.open("k", "D");
  const image = await again.recover();
  assert.is(image.keys.length, KEY_MEMORY);
  assert.is(image.keys.at(-1), `key-${seq}`);
  await again.close();
});

test("a stale fence writes nothing, and the commit is refused with VED_FENCED", async () => {
  const { store, sent, pool } = loggedStore("stale");
  const journal = await store.open("s", "Booter");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { workers: 0, asked: 0 }, domain: "Booter" }]);
  // Another replica took the instance over (its fence moved on) while this one still thinks its lease is live.
  await pool.query("UPDATE stale.instances SET owner = 'someone-else', fence = fence + 1 WHERE id = 's'");
  const before = await tablesOf(pool, "stale", "s");
  sent.length = 0;
  const error = await journal
    .commit([
      { t: "observe", seq: 2, set: { workers: 1 }, key: "k" },
      { t: "transition", seq: 3, name: "scale", set: { asked: 2 }, effects: [entry("s:3:0", 2)] },
      { t: "effect", seq: 4, key: "s:1:0", outcome: "succeeded" },
    ])
    .then(
      () => null,
      (e) => e,
    );
  assert.ok(error, "the commit is refused");
  assert.is(error.code, "VED_FENCED");
  assert.is(sent.length, 1, "the statement said so itself: nothing more was asked");
  assert.equal(await tablesOf(pool, "stale", "s"), before, "nothing was written: not the row, the journal, the outbox or the keys");
});

test("a commit whose connection drops after it landed is tried again and taken as done, written once", async () => {
  let drop = false;
  const { store, sent, pool } = loggedStore("landed", async (text, run) => {
    const result = await run();
    if (drop && text.startsWith("WITH updated")) {
      drop = false;
      throw new Error("Connection terminated unexpectedly");
    }
    return result;
  });
  const journal = await store.open("l", "D");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { n: 0 }, domain: "D" }]);
  drop = true;
  sent.length = 0;
  await journal.commit([{ t: "observe", seq: 2, set: { n: 1 } }]);
  assert.is(sent.filter((t) => t.startsWith("WITH updated")).length, 2, "sent, dropped, sent again");
  await journal.commit([{ t: "observe", seq: 3, set: { n: 2 } }]);
  await journal.close();
  const records = (await rows(pool, "SELECT seq::int FROM landed.journal WHERE id = 'l' ORDER BY seq")).map((r) => r.seq);
  assert.equal(records, [1, 2, 3], "each record once");
});

const turn = () => new Promise((resolve) => setImmediate(resolve));
const observation = (seq) => [{ t: "observe", seq, set: { n: seq } }];

test("commits that follow one another go over one connection, handed back to the pool when a turn passes without one", async () => {
  const { store, over, pool } = loggedStore("kept");
  const journal = await store.open("c", "D");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { n: 0 }, domain: "D" }]);
  const from = over.length;
  for (let seq = 2; seq <= 5; seq++) await journal.commit(observation(seq));
  assert.is(new Set(over.slice(from - 1)).size, 1, "one connection for the commits in a row");
  assert.is(pool.totalCount - pool.idleCount, 1, "kept while commits follow");
  await turn();
  assert.is(pool.totalCount - pool.idleCount, 0, "back in the pool once a turn passed without a commit");
  await journal.commit(observation(6));
  await journal.close();
  assert.is(pool.totalCount - pool.idleCount, 0, "close hands it back at once");
});

test("a kept connection is handed over as soon as someone waits for one: commits in a row do not starve the pool", async () => {
  const { store, pool } = loggedStore("fair", undefined, { max: 1 });
  const journal = await store.open("f", "D");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { n: 0 }, domain: "D" }]);
  const order = [];
  const outsider = pool.query("SELECT 1").then(() => order.push("outsider"));
  for (let seq = 2; seq <= 7; seq++) {
    await journal.commit(observation(seq));
    order.push(`commit ${seq}`);
  }
  await outsider;
  assert.ok(order.indexOf("outsider") < order.indexOf("commit 4"), `the waiting query went before the chain ended: ${order.join(", ")}`);
  await journal.close();
});

test("a kept connection heard to fail is not used again: the next commit takes a new one", async () => {
  const { store, over, pool } = loggedStore("broken");
  const journal = await store.open("b", "D");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { n: 0 }, domain: "D" }]);
  const kept = over.at(-1);
  kept.emit("error", new Error("Connection terminated unexpectedly"));
  await journal.commit(observation(2));
  assert.is.not(over.at(-1), kept, "the commit went over another connection");
  await turn();
  assert.is(pool.totalCount - pool.idleCount, 0);
  assert.equal((await rows(pool, "SELECT seq::int FROM broken.journal WHERE id = 'b' ORDER BY seq")).map((r) => r.seq), [1, 2]);
  await journal.close();
});

test.run();
