// What goes into one commit: the loop holds its records while it works
// without waiting, so an observation and the transitions it caused are made
// durable together — one commit, not two — while every wait (pacing, a turn
// of the event loop) lets what came before it be committed first.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { load, seed } from "./helpers.js";

const { WorkerPool, memoryStore } = await load(seed);
const { Pinger } = await load(`domain Pinger {
  state { n: int }
  effect ping(n: int)
  goal n == 3
  transition up when n < 3 { step { n += 1; ping(n) } }
}`);

/** A memory store that logs each commit's records as "t:seq" strings, and what happened around them in `log`. */
function loggingStore(log) {
  const inner = memoryStore();
  const commits = [];
  return {
    commits,
    async open(id, domain) {
      const journal = await inner.open(id, domain);
      return {
        recover: () => journal.recover(),
        close: () => journal.close(),
        async commit(records) {
          commits.push(records.map((r) => r.t));
          log?.push(`commit ${records.map((r) => (r.t === "transition" ? r.seq : r.t)).join(",")}`);
          await journal.commit(records);
        },
      };
    },
  };
}

test("an observation and the transitions it caused are one commit", async () => {
  const store = loggingStore();
  const pool = WorkerPool.create({ store });
  await pool.start();
  await pool.settled();
  store.commits.length = 0;
  await pool.observe({ workers: 2 });
  await pool.settled();
  assert.equal(store.commits, [["observe", "transition", "transition", "transition"]]);
  store.commits.length = 0;
  await pool.observe({ workers: 9 });
  await pool.observe({ workers: 5 });
  await pool.settled();
  assert.equal(store.commits, [["observe", "transition", "transition", "transition", "transition"], ["observe"]], "one commit per observation, an observation that changes nothing on its own");
  await pool.stop();
});

test("observations that arrive together, and what they cause, are one commit", async () => {
  const store = loggingStore();
  const pool = WorkerPool.create({ store });
  await pool.start();
  await pool.settled();
  store.commits.length = 0;
  const results = await Promise.all([pool.observe({ workers: 1 }), pool.observe({ workers: 0 }), pool.observe({ workers: 4 })]);
  await pool.settled();
  assert.equal(results, [{ applied: true }, { applied: true }, { applied: true }]);
  assert.equal(store.commits, [["observe", "observe", "observe", "transition"]]);
  assert.equal(pool.getState(), { workers: 5 });
  await pool.stop();
});

test("a paced loop commits each transition before it waits: its effect runs before the next transition", async () => {
  const log = [];
  const store = loggingStore(log);
  const pinger = Pinger.create({ store, minTickInterval: 40, effects: { ping: ({ n }) => void log.push(`ping ${n}`) } });
  pinger.on("transition", ({ tick }) => log.push(`transition ${tick}`));
  await pinger.start();
  await pinger.settled();
  const at = (line) => log.indexOf(line);
  for (const n of [1, 2]) {
    assert.ok(at(`ping ${n}`) >= 0 && at(`ping ${n}`) < at(`transition ${n + 1}`), `ping ${n} ran before transition ${n + 1}: ${log.join("; ")}`);
  }
  assert.equal(pinger.getState(), { n: 3 });
  await pinger.stop();
});

test.run();
