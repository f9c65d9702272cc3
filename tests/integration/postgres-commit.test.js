// A PostgreSQL commit is one statement (runtime/store/postgres/commit.ts):
// counted on the wire through a pool whose clients log what they send. It
// writes the row (with its records, moved to the journal in batches), the
// outbox and the observation keys exactly as the records say; a stale fence
// writes nothing and is refused; a retry after a try that landed is taken as
// done.
import { cleanup, test } from "../harness.js";
import * as assert from "uvu/assert";
import pg from "pg";
import { postgresStore, readPostgresStore } from "../../lib/runtime/store/postgres/index.js";
import { applyRecord, emptyImage, KEY_MEMORY } from "../../lib/runtime/image.js";
import { PENDING_BYTES } from "../../lib/runtime/store/postgres/commit.js";
import { startPostgres } from "./pg-server.js";

const server = await startPostgres();

/** A commit's statement: the fenced UPDATE of the row, alone or first in a CTE. */
const isCommit = (text) => /^(WITH|UPDATE)\b[\s\S]*SET seq = \$4/.test(text);

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
  return { instances: await q("instances", "id"), journal: await q("journal", "seq"), records: await q("records", "seq"), outbox: await q("outbox", "key"), keys: await q("observed_keys", "seq") };
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
  assert.equal(held.records.map((r) => r.record), batches.flat(), "every record, in order");
  assert.equal(held.outbox.map((r) => [r.key, Number(r.seq), r.entry]), [["a:3:1", 3, entry("a:3:1", 1)], ["a:4:0", 4, entry("a:4:0", 2)]]);
  assert.equal(held.keys.map((r) => [r.key, Number(r.seq)]), [["k1", 2], ["k2", 7]]);
  await journal.close();

  // What a new owner recovers is the image the records make.
  const again = await store.open("a", "Booter");
  assert.equal(await again.recover(), image);
  await again.close();
});

/** Tables as schema `version` (1 or 2) made them, holding instance `old`: two records, one observation key, one effect in the outbox. */
async function oldTables(pool, schema, version) {
  const q = (sql) => pool.query(sql);
  await q(`CREATE SCHEMA ${schema}`);
  await q(`CREATE TABLE ${schema}.meta (key text PRIMARY KEY, value text NOT NULL)`);
  await q(`CREATE TABLE ${schema}.instances (id text PRIMARY KEY, domain text NOT NULL, seq bigint NOT NULL DEFAULT 0, state jsonb, ticks bigint NOT NULL DEFAULT 0, last_version double precision, owner text, fence bigint NOT NULL DEFAULT 0, lease_until timestamptz)`);
  await q(`CREATE TABLE ${schema}.journal (id text NOT NULL, seq bigint NOT NULL, record jsonb NOT NULL, PRIMARY KEY (id, seq))`);
  await q(`CREATE TABLE ${schema}.outbox (id text NOT NULL, key text NOT NULL, seq bigint NOT NULL, entry jsonb NOT NULL, PRIMARY KEY (id, key))`);
  await q(`CREATE TABLE ${schema}.observed_keys (id text NOT NULL, key text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (id, key))`);
  await q(`CREATE INDEX ON ${schema}.observed_keys (id, seq)`);
  await q(`CREATE TABLE ${schema}.inbox (row bigserial PRIMARY KEY, id text NOT NULL, patch jsonb NOT NULL, version double precision, key text)`);
  await q(`CREATE INDEX ON ${schema}.inbox (id, row)`);
  if (version >= 2) await q(`ALTER TABLE ${schema}.instances ADD COLUMN version_spent boolean NOT NULL DEFAULT false`);
  await q(`INSERT INTO ${schema}.meta VALUES ('schema_version', '${version}')`);
  await q(`INSERT INTO ${schema}.instances (id, domain, seq, state, ticks, last_version) VALUES ('old', 'Booter', 3, '{"workers": 4}', 1, 3)`);
  const records = [
    { t: "init", seq: 1, state: { workers: 0 }, domain: "Booter", params: { size: 2 } },
    { t: "observe", seq: 2, set: { workers: 4 }, version: 3, key: "k-old" },
    { t: "transition", seq: 3, name: "scale", set: {}, effects: [entry("old:3:0", 1)] },
  ];
  for (const r of records) await pool.query(`INSERT INTO ${schema}.journal VALUES ('old', $1, $2)`, [r.seq, r]);
  await q(`INSERT INTO ${schema}.observed_keys VALUES ('old', 'k-old', 2)`);
  await pool.query(`INSERT INTO ${schema}.outbox VALUES ('old', 'old:3:0', 3, $1)`, [entry("old:3:0", 1)]);
  return records;
}

for (const version of [1, 2]) {
  test(`tables of schema ${version} are brought up to this version in place, their instances and records kept`, async () => {
    const schema = `from_schema_${version}`;
    const { pool } = loggedStore(schema);
    const records = await oldTables(pool, schema, version);
    // Before a controller of this vedc migrates them, vedc inspect says what they are rather than misread them.
    const reader = readPostgresStore({ connectionString: server.url, schema });
    const refused = await reader.list().then(
      () => null,
      (e) => e,
    );
    await reader.close();
    assert.match(refused?.message ?? "", `is of schema ${version}, from an older vedc`);
    const { store } = loggedStore(schema);
    const journal = await store.open("old", "Booter");
    const image = await journal.recover();
    assert.equal(image, { seq: 3, state: { workers: 4 }, ticks: 1, outbox: [entry("old:3:0", 1)], lastVersion: 3, versionSpent: false, keys: ["k-old"], params: { size: 2 } });
    const more = [{ t: "effect", seq: 4, key: "old:3:0", outcome: "succeeded", set: { workers: 5 } }];
    await journal.commit(more);
    await journal.close();
    assert.equal(await rows(pool, `SELECT value FROM ${schema}.meta WHERE key = 'schema_version'`), [{ value: "3" }]);
    assert.equal(await rows(pool, `SELECT version_spent FROM ${schema}.instances WHERE id = 'old'`), [{ version_spent: true }]);
    assert.equal((await rows(pool, `SELECT record FROM ${schema}.records WHERE id = 'old' ORDER BY seq`)).map((r) => r.record), [...records, ...more], "the old records, then the new one");
    assert.equal(await rows(pool, `SELECT count(*)::int AS n FROM ${schema}.outbox`), [{ n: 0 }]);
  });
}

test(`records stay in the instance's row until they would pass ${PENDING_BYTES} bytes, then move to the journal as one row: every record read once, in order`, async () => {
  const { store, sent, pool } = loggedStore("moves");
  const journal = await store.open("m", "D");
  await journal.recover();
  const all = [{ t: "init", seq: 1, state: { n: 0 }, domain: "D", params: { p: 1 } }];
  await journal.commit(all.slice());
  const moves = async () => rows(pool, "SELECT seq::int, json_array_length(records)::int AS n FROM moves.journal WHERE id = 'm' ORDER BY seq");
  assert.equal(await moves(), [], "the first commit stays in the row");
  for (let seq = 2; seq <= 130; seq++) {
    const batch = [{ t: "observe", seq, set: { n: seq }, at: 1e12 + seq }];
    sent.length = 0;
    await journal.commit(batch);
    assert.is(sent.length, 1, "still one statement, moving or not");
    all.push(...batch);
  }
  const moved = await moves();
  assert.ok(moved.length >= 2 && moved.every((m) => m.n >= 10), `a few journal rows, each of many records: ${JSON.stringify(moved)}`);
  const pendingBytes = (await rows(pool, "SELECT octet_length(pending) AS n FROM moves.instances WHERE id = 'm'"))[0].n;
  assert.ok(pendingBytes > 0 && pendingBytes <= PENDING_BYTES, `the rest still in the row: ${pendingBytes} bytes`);
  assert.equal((await rows(pool, "SELECT record FROM moves.records WHERE id = 'm' ORDER BY seq")).map((r) => r.record), all, "the journal's and the row's: every record once");
  // What vedc inspect and history read, on a read-only connection while the owner holds the lease: the same records, and nothing changes.
  const before = await tablesOf(pool, "moves", "m");
  const reader = readPostgresStore({ connectionString: server.url, schema: "moves" });
  const read = await reader.read("m");
  await reader.close();
  assert.equal(read.records, all);
  assert.equal([read.image.seq, read.lastChange, read.owner.live], [130, 1e12 + 130, true]);
  assert.equal(await tablesOf(pool, "moves", "m"), before, "reading wrote nothing");
  await journal.close();
  // A new owner goes on where the old one left off: its next commits move what the row holds, and the params come from the first journal row.
  const again = await store.open("m", "D");
  assert.equal((await again.recover()).params, { p: 1 });
  for (let seq = 131; seq <= 200; seq++) {
    const batch = [{ t: "observe", seq, set: { n: seq }, at: 1e12 + seq }];
    await again.commit(batch);
    all.push(...batch);
  }
  await again.close();
  assert.equal((await rows(pool, "SELECT record FROM moves.records WHERE id = 'm' ORDER BY seq")).map((r) => r.record), all);
  assert.ok((await rows(pool, "SELECT octet_length(pending) AS n FROM moves.instances"))[0].n <= PENDING_BYTES);
});

test("a stale fence moves nothing: the row's records stay, and the journal is as it was", async () => {
  const { store, pool } = loggedStore("stale_move");
  const journal = await store.open("s", "D");
  await journal.recover();
  await journal.commit([{ t: "init", seq: 1, state: { n: 0 }, domain: "D" }]);
  await pool.query("UPDATE stale_move.instances SET owner = 'someone-else', fence = fence + 1 WHERE id = 's'");
  const before = await tablesOf(pool, "stale_move", "s");
  // Records enough to move on their own.
  const big = Array.from({ length: 40 }, (_, i) => ({ t: "observe", seq: i + 2, set: { n: i }, at: 1e12 + i }));
  const error = await journal.commit(big).then(
    () => null,
    (e) => e,
  );
  assert.is(error?.code, "VED_FENCED");
  assert.equal(await tablesOf(pool, "stale_move", "s"), before, "nothing was written");
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
    if (drop && isCommit(text)) {
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
  assert.is(sent.filter(isCommit).length, 2, "sent, dropped, sent again");
  await journal.commit([{ t: "observe", seq: 3, set: { n: 2 } }]);
  await journal.close();
  const records = (await rows(pool, "SELECT seq::int FROM landed.records WHERE id = 'l' ORDER BY seq")).map((r) => r.seq);
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
  assert.equal((await rows(pool, "SELECT seq::int FROM broken.records WHERE id = 'b' ORDER BY seq")).map((r) => r.seq), [1, 2]);
  await journal.close();
});

test.run();
