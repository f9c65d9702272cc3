// Durable: the chaos workload on a live instance whose store makes every
// change durable before it is acknowledged — the file store against the raw
// fsync rate of the same disk, and the PostgreSQL store against a prepared
// single-row UPDATE loop on the same server. Observations arrive in windows
// (see durable/instance.js), so group commit can share fsyncs among them;
// every side runs for a fixed time per round, the sides alternating.
import { mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { encodeLine } from "../../lib/runtime/store/codec.js";
import { describeDisk, rawFsync, repeat } from "../durable/disk.js";
import { windowed } from "../durable/instance.js";
import { setUpUpdate, updateLoop } from "../durable/update.js";
import { alternate } from "../lib/alternate.js";
import { bytes, count, ms, plural, rate, spread, times } from "../lib/format.js";
import { goal } from "../lib/goal.js";
import { expectedTransitions, SEED, workerCounts } from "../lib/random.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";
import file from "../stores/file.js";
import postgres, { postgresInstalled, startServer } from "../stores/postgres.js";

/** The record the raw baseline writes: an observation's journal line, as the file store encodes it. */
const LINE = encodeLine({ t: "observe", seq: 1, set: { workers: 3 } });

/** The goal's bound: the file store within this factor of the disk's group-commit ceiling. */
const CEILING_GOAL = 2;
/** The goal's bound: the PostgreSQL store, one observation in flight, at least this share of the prepared UPDATE loop's rate. */
const UPDATE_GOAL = 0.8;

export async function durable({ config, seed, progress }) {
  const c = config.durable;
  const counts = workerCounts(c.observations);
  const dir = await mkdtemp(join(seed.dir, "durable-"));
  try {
    const onFile = await fileSuite({ c, counts, seed, dir, progress });
    const onPostgres = await postgresSuite({ c, counts, seed, progress });
    return {
      text: [onFile.text, onPostgres.text].join("\n\n"),
      data: { runMs: c.runMs, rounds: c.rounds, seed: SEED, windows: c.windows, file: onFile.data, postgres: onPostgres.data },
      goals: [...onFile.goals, ...(onPostgres.goals ?? [])],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs an instance side and checks its transitions: one observation in
 * flight at a time needs exactly the transitions of the workload; with more,
 * the observations in flight together are taken in at one tick boundary and
 * the loop acts on the latest, so it needs at most as many.
 */
async function runChecked(side, counts, runMs, context) {
  const run = await side.run(counts, runMs, context);
  const expected = expectedTransitions(counts.subarray(0, run.observations));
  const ok = side.window === 1 ? run.transitions === expected : run.transitions > 0 && run.transitions <= expected;
  if (!ok) throw new Error(`${side.name} applied ${run.transitions} transitions; its ${run.observations} observations need ${side.window === 1 ? "" : "at most "}${expected}`);
  return run;
}

const perSecond = (n, milliseconds) => n / (milliseconds / 1000);

/** Per-round summaries of an instance side: rates, and the commits they took. */
function instanceSummary(runs) {
  return {
    observations: runs.map((r) => r.observations),
    observationsPerSecond: summarize(runs.map((r) => perSecond(r.observations, r.ms))),
    commitsPerSecond: summarize(runs.map((r) => perSecond(r.commits, r.ms))),
    observationsPerCommit: summarize(runs.map((r) => r.observations / r.commits)),
    recordsPerCommit: summarize(runs.map((r) => r.records / r.commits)),
  };
}

// ---- the file store against the disk --------------------------------------------

async function fileSuite({ c, counts, seed, dir, progress }) {
  const instances = c.windows.map((window) => windowed(seed.WorkerPool, file, window));

  // An unmeasured run of each, so the JIT has seen it, and to learn the
  // size of the store's mean commit at each window: the raw batch writes that much.
  const commitBytes = {};
  for (const side of instances) {
    progress(`durable: warming up ${side.name}`);
    const run = await runChecked(side, counts, c.warmupMs, { dir, bytes: true });
    commitBytes[side.window] = run.bytes / run.commits;
  }
  const small = rawFsync(`raw: write + datasync of one ${LINE.length}-byte journal line`, Buffer.from(LINE));
  const batches = Object.fromEntries(
    instances.map((side) => {
      const size = commitBytes[side.window];
      return [side.window, rawFsync(`raw: write + datasync of ${bytes(size)}, the store's mean commit at ${side.window} in flight`, repeat(LINE, size))];
    }),
  );
  const raws = [small, ...Object.values(batches)];
  for (const raw of raws) await raw.run(c.warmupMs, dir);

  const sides = {
    ...Object.fromEntries(instances.map((side) => [side.name, () => runChecked(side, counts, c.runMs, { dir })])),
    ...Object.fromEntries(raws.map((raw) => [raw.name, () => raw.run(c.runMs, dir)])),
  };
  const samples = await alternate(sides, c.rounds, (r) => progress(`durable: file store, round ${r + 1} of ${c.rounds}`));

  const fsyncRate = (raw) => samples[raw.name].map((r) => perSecond(r.fsyncs, r.ms));
  const smallRate = fsyncRate(small);
  const rawSummary = (side) => ({ name: side.name, bytes: side.bytes, fsyncsPerSecond: summarize(fsyncRate(side)) });
  const rawRates = { line: rawSummary(small), batches: Object.fromEntries(instances.map((side) => [side.window, rawSummary(batches[side.window])])) };
  const windows = Object.fromEntries(
    instances.map((side) => {
      const runs = samples[side.name];
      const own = runs.map((r) => perSecond(r.observations, r.ms));
      const batchRate = fsyncRate(batches[side.window]);
      // The ceiling: the disk making a batch of this size durable, one after
      // another, with as many observations in each as the store put in its commits.
      const ceiling = runs.map((r, i) => batchRate[i] * (r.observations / r.commits));
      return [
        side.window,
        {
          ...instanceSummary(runs),
          commitBytes: commitBytes[side.window],
          vsRawFsync: summarize(own.map((o, i) => o / smallRate[i])),
          ceiling: summarize(ceiling),
          ceilingVsStore: summarize(ceiling.map((x, i) => x / own[i])),
        },
      ];
    }),
  );

  const rows = [
    ...instances.map((side) => {
      const w = windows[side.window];
      return [side.name, rate(w.observationsPerSecond.median), spread(w.observationsPerSecond), rate(w.commitsPerSecond.median), w.observationsPerCommit.median.toFixed(1), times(w.vsRawFsync.median)];
    }),
    ...[rawRates.line, ...Object.values(rawRates.batches)].map((r) => [r.name, "—", spread(r.fsyncsPerSecond), rate(r.fsyncsPerSecond.median), "—", r === rawRates.line ? times(1) : ""]),
  ];
  const ceilingRows = instances.map((side) => {
    const w = windows[side.window];
    return [count(side.window), rate(w.observationsPerSecond.median), rate(w.ceiling.median), times(w.ceilingVsStore.median)];
  });
  const disk = describeDisk(dir);
  const text = [
    `Durable, file store: the chaos workload (workers 0–10, seed ${SEED}) on a live instance, observations in windows in flight at once; each side ${ms(c.runMs)} per round, ${plural(c.rounds, "alternating round")}; disk: ${disk}, in ${dirname(seed.dir)}`,
    table(["side", "observations/s", "spread", "datasyncs/s", "observations per commit", "observations/s ÷ raw datasyncs/s"], rows),
    "The disk's group-commit ceiling: the raw rate of a batch the size of the store's mean commit, times the observations in each of its commits",
    table(["in flight", "file store", "ceiling", "ceiling ÷ file store"], ceilingRows),
  ].join("\n\n");

  const widest = windows[Math.max(...c.windows)];
  const below = widest.ceilingVsStore.median;
  return {
    text,
    data: { disk, raw: rawRates, windows },
    goals: [goal(`file store within ${CEILING_GOAL}× of the disk's group-commit ceiling (${count(Math.max(...c.windows))} in flight)`, times(below), below <= CEILING_GOAL, below)],
  };
}

// ---- the PostgreSQL store against a prepared UPDATE ---------------------------------

async function postgresSuite({ c, counts, seed, progress }) {
  if (!postgresInstalled()) {
    const skipped = "PostgreSQL's server binaries (initdb, postgres) are not installed";
    return { text: `Durable, PostgreSQL store: skipped; ${skipped}.`, data: { skipped } };
  }
  // Two servers, one after the other. The goal is measured on the first, set
  // up as PostgreSQL ships and as production runs it: every commit flushed
  // to disk before it returns (fsync on), on both sides, as the file store is
  // measured against the disk's own fsync. The second runs as the tests do,
  // fsync off: no disk at all, so both sides are CPU and round trip alone,
  // and the share the store's extra work takes is at its largest. Reported,
  // not a goal: no acknowledged commit is durable on it.
  const durable = await postgresOn({ c, counts, seed, progress, fsync: true });
  const lab = await postgresOn({ c, counts, seed, progress, fsync: false });
  const single = durable.data.windows[1];
  const goals = single ? [goal(`PostgreSQL store (fsync on), 1 observation in flight ≥ ${UPDATE_GOAL}× a prepared single-row UPDATE loop`, times(single.vsUpdate.median), single.vsUpdate.median >= UPDATE_GOAL, single.vsUpdate.median)] : [];
  return { text: [durable.text, lab.text].join("\n\n"), data: { version: durable.version, fsyncOn: durable.data, fsyncOff: lab.data }, goals };
}

/** The PostgreSQL store against the prepared UPDATE loop on a fresh server, with fsync on or off. */
async function postgresOn({ c, counts, seed, progress, fsync }) {
  const onOff = fsync ? "on" : "off";
  const setting = `fsync ${onOff}`;
  progress(`durable: starting PostgreSQL (${setting})`);
  const server = await startServer({ fsync });
  try {
    const version = await setUpUpdate(server.url);
    const instances = c.windows.map((window) => windowed(seed.WorkerPool, postgres, window));
    for (const side of instances) {
      progress(`durable: warming up ${side.name} (${setting})`);
      await runChecked(side, counts, c.warmupMs, { url: server.url });
    }
    await updateLoop.run(c.warmupMs, server.url);

    const sides = {
      ...Object.fromEntries(instances.map((side) => [side.name, () => runChecked(side, counts, c.runMs, { url: server.url })])),
      [updateLoop.name]: () => updateLoop.run(c.runMs, server.url),
    };
    const samples = await alternate(sides, c.rounds, (r) => progress(`durable: PostgreSQL store (${setting}), round ${r + 1} of ${c.rounds}`));

    const updateRate = samples[updateLoop.name].map((r) => perSecond(r.updates, r.ms));
    const update = { updatesPerSecond: summarize(updateRate) };
    const windows = Object.fromEntries(
      instances.map((side) => {
        const runs = samples[side.name];
        return [
          side.window,
          {
            ...instanceSummary(runs),
            vsUpdate: summarize(runs.map((r, i) => perSecond(r.observations, r.ms) / updateRate[i])),
            // How many UPDATEs the server does in the time the store takes per commit.
            commitInUpdates: summarize(runs.map((r, i) => updateRate[i] / perSecond(r.commits, r.ms))),
          },
        ];
      }),
    );
    const rows = [
      ...instances.map((side) => {
        const w = windows[side.window];
        return [side.name, rate(w.observationsPerSecond.median), spread(w.observationsPerSecond), rate(w.commitsPerSecond.median), w.observationsPerCommit.median.toFixed(1), times(w.vsUpdate.median)];
      }),
      [updateLoop.name, "—", spread(update.updatesPerSecond), rate(update.updatesPerSecond.median), "—", times(1)],
    ];
    const how = fsync ? `fsync on, as PostgreSQL ships: every commit on disk before it returns, the cluster on ${describeDisk(server.dir)}; the goal's server` : "fsync off, as the tests run it: nothing reaches the disk, CPU and round trip alone; reported, not a goal";
    const text = [
      `Durable, PostgreSQL store, ${setting}: the same workload; PostgreSQL ${version} from tests/integration/pg-server.js (loopback TCP, ${how}); each side ${ms(c.runMs)} per round, ${plural(c.rounds, "alternating round")}`,
      table(["side", "observations/s", "spread", "transactions/s", "observations per commit", "observations/s ÷ UPDATEs/s"], rows),
    ].join("\n\n");
    return { text, version, data: { fsync: onOff, update, windows } };
  } finally {
    await server.stop();
  }
}
