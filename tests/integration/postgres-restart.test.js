// The promise: PostgreSQL can restart under live replicas and `--target node`
// controllers. Every process stays up and resumes; every observation is
// applied exactly once by key and none that was acknowledged is lost; no
// transition is done twice; the journal replays. An outage shorter than the
// lease goes unnoticed but for latency; in a longer one each instance stops
// at its lease's deadline (fencing: no two owners, ever) and is taken up
// again when the database is back.
//
// The database is stopped as a crash would stop it (`pg_ctl -m immediate`),
// with transitions and commits in flight, and started again on the same port.
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { compile, bundle } from "../../lib/compiler/index.js";
import { cleanup, spawn, tempDir, test, untilOutput } from "../harness.js";
import { cli, replay, root } from "../helpers.js";
import { journalOf, startPostgres } from "./pg-server.js";

const counterSource = `domain Counter {
  state { n: int; target: int }
  effect tick(n: int)
  goal n == target
  transition up when n < target { step { n += 1; tick(n) } }
  transition down when n > target { step { n -= 1 } }
}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Counter domain built twice: a module for replica.mjs, and a `--target node` controller printing each effect it runs. */
async function buildCounter() {
  const dir = tempDir("pg-restart");
  const compiled = await compile(counterSource, { filename: "counter.ved", format: false });
  const modulePath = join(dir, "counter.js");
  writeFileSync(modulePath, (await bundle(compiled.code, { outfile: "counter.js" })).code);
  writeFileSync(join(dir, "counter.ved"), counterSource);
  writeFileSync(join(dir, "effects.mjs"), "export function tick(args, ctx) { process.stdout.write(`effect ${ctx.key} tick ${JSON.stringify(args)}\\n`); }\n");
  const built = await cli(["build", join(dir, "counter.ved"), "--target", "node", "--effects", join(dir, "effects.mjs"), "--outdir", join(dir, "node")]);
  assert.is(built.status, 0, built.stderr);
  return { modulePath, controllerPath: join(dir, "node", "counter.mjs") };
}

const lines = (proc) => proc.out.stdout.split("\n").filter(Boolean);

/** Writes a line to the child's stdin; fails the test, saying what the child said, if it has died. */
function tell(proc, line) {
  if (!proc.running()) throw new Error(`${proc.name} died\nstdout (end): ${proc.out.stdout.slice(-2000)}\nstderr: ${proc.out.stderr.slice(-4000)}`);
  proc.child.stdin.write(line);
}

/** A replica process (tests/integration/pg/replica.mjs) answering each observation with `observed` or `refused`. */
function startReplica(url, modulePath, name, lease) {
  const proc = spawn(process.execPath, [join(root, "tests/integration/pg/replica.mjs"), modulePath, url, String(lease), name, "Counter", "5"]);
  proc.name = name;
  proc.child.stdin.on("error", () => {}); // a dead child is reported by tell()
  const answers = (id, key) => lines(proc).filter((l) => (l.startsWith(`observed ${id} `) && l.endsWith(` ${key}`)) || l.startsWith(`refused ${id} ${key}:`));
  /** Sends the observation until this replica acknowledges it; resolves with the number of tries. */
  proc.observe = async (id, patch, key) => {
    for (let tries = 1; ; tries++) {
      const before = answers(id, key).length;
      tell(proc, `${id} ${JSON.stringify(patch)} ${key}\n`);
      await untilOutput(proc, () => answers(id, key).length > before, `an answer to ${key} from ${name}`, 60_000);
      if (answers(id, key).at(-1).startsWith("observed")) return tries;
      await sleep(100); // back off before sending it again
    }
  };
  return proc;
}

/** A `--target node` controller on DATABASE_URL; it names what it refuses on stderr, so a refused observation is sent again. */
function startController(url, controllerPath, lease) {
  const proc = spawn(process.execPath, [controllerPath], { env: { ...process.env, DATABASE_URL: url, VEDC_LEASE_MS: String(lease) } });
  proc.name = "controller";
  proc.child.stdin.on("error", () => {});
  const refusals = (id, key) => proc.out.stderr.split("\n").filter((l) => l.includes(`observation for '${id}' (key ${key}) refused`)).length;
  /** Sends the observation until it is in the journal, sending it again each time the controller refuses it. */
  proc.observe = async (id, patch, key, inJournal) => {
    for (let tries = 1; ; tries++) {
      const before = refusals(id, key);
      tell(proc, JSON.stringify({ id, observe: patch, key }) + "\n");
      for (;;) {
        if (refusals(id, key) > before) break;
        if (await inJournal(id, key)) return tries;
        await sleep(100); // the controller does not acknowledge: look again
      }
      await sleep(100);
    }
  };
  return proc;
}

/** Every record of every instance, read in one go once the database is up. */
async function journals(url, ids) {
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await journalOf(url, id)])));
}

async function outboxSize(url) {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query("SELECT count(*)::int AS n FROM vedc.outbox")).rows[0].n;
  } catch {
    return -1; // not yet up, or not yet migrated
  } finally {
    await c.end();
  }
}

/**
 * Runs the scenario: two replicas and a controller drive four instances;
 * observations go to all three before, during and after an outage of
 * `outage` ms; half are sent twice, to two processes. Then checks every
 * promise, and returns what it counted.
 */
async function scenario({ lease, outage, perPhase }) {
  const server = await startPostgres();
  cleanup(() => server.stop());
  const { modulePath, controllerPath } = await buildCounter();
  const { Counter } = await import(modulePath);
  const procs = [startReplica(server.url, modulePath, "r1", lease), startReplica(server.url, modulePath, "r2", lease), startController(server.url, controllerPath, lease)];
  await untilOutput(procs[0], (o) => o.stdout.includes("ready"), "r1 ready");
  await untilOutput(procs[1], (o) => o.stdout.includes("ready"), "r2 ready");
  await untilOutput(procs[2], (o) => o.stderr.includes("driving"), "the controller ready");
  const ids = ["c1", "c2", "c3", "c4"];
  const sent = new Map(); // key -> id
  const inJournalCache = new Map();
  const inJournal = async (id, key) => {
    if (inJournalCache.get(key)) return true;
    const found = await journalOf(server.url, id).then(
      (j) => j.some((r) => r.t === "observe" && r.key === key),
      () => false, // the database is down
    );
    if (found) inJournalCache.set(key, true);
    return found;
  };
  let k = 0;
  const tries = [];
  const send = (phase) => {
    const n = k++;
    const id = ids[n % ids.length];
    const key = `${phase}-${n}`;
    const patch = { target: (n * 7) % 31 };
    sent.set(key, id);
    const to = n % 2 === 0 ? [procs[n % 3]] : [procs[n % 3], procs[(n + 1) % 3]];
    return Promise.all(to.map((p) => p.observe(id, patch, key, inJournal).then((t) => tries.push(t))));
  };
  /** Sends `count` observations, one every `every` ms; rejects with the first failure once all are answered. */
  const phase = async (name, count, every = 20) => {
    const all = [];
    for (let i = 0; i < count; i++) {
      all.push(send(name).then(() => null, (error) => error));
      await sleep(every);
    }
    const failure = (await Promise.all(all)).find(Boolean);
    if (failure) throw failure;
  };

  await phase("before", perPhase);
  // Observations keep coming while the server crashes and stays down; they are answered once it is back.
  let during;
  await server.restart(async () => {
    during = phase("during", perPhase, outage / perPhase).then(() => null, (error) => error);
    await sleep(outage);
  });
  const restartedAt = Date.now();
  const failed = await during;
  if (failed) throw failed;
  await phase("after", perPhase);
  const recovered = Date.now() - restartedAt;

  // Wait for quiet: every sent key in the journal, every instance converged, the outbox empty.
  let all;
  for (const quietBy = Date.now() + 40_000; ; ) {
    all = await journals(server.url, ids);
    const keys = new Set(Object.values(all).flatMap((j) => j.filter((r) => r.t === "observe").map((r) => r.key)));
    const missing = [...sent.keys()].filter((key) => !keys.has(key));
    const unsettled = ids.filter((id) => {
      const s = all[id].reduce((state, r) => ({ ...state, ...(r.state ?? r.set ?? {}) }), {});
      return s.n !== s.target;
    });
    const owed = await outboxSize(server.url);
    if (missing.length === 0 && unsettled.length === 0 && owed === 0) break;
    if (Date.now() > quietBy) assert.unreachable(`never quiet: acknowledged but not applied ${missing.join(", ") || "none"}; not converged ${unsettled.join(", ") || "none"}; effects owed ${owed}`);
    await sleep(100);
  }

  for (const p of procs) assert.ok(p.running(), `${p.name} is still up\n${p.out.stderr}`);
  let observations = 0;
  let transitions = 0;
  const committed = new Map();
  for (const id of ids) {
    const journal = all[id];
    journal.forEach((r, i) => assert.is(r.seq, i + 1, `${id}: one serial history, no gaps`));
    const keys = journal.filter((r) => r.t === "observe").map((r) => r.key);
    assert.is(new Set(keys).size, keys.length, `${id}: no observation applied twice`);
    for (const [key, owner] of sent) if (owner === id) assert.ok(keys.includes(key), `${id}: ${key} was acknowledged and is in the journal`);
    observations += keys.length;
    const state = replay(Counter, journal);
    assert.is(state.n, state.target, `${id} converged`);
    for (const r of journal.filter((x) => x.t === "transition")) {
      transitions++;
      for (const e of r.effects) committed.set(e.key, e);
    }
  }
  const dispatched = procs.flatMap((p) => lines(p).filter((l) => l.startsWith("effect ")).map((l) => l.split(" ")));
  for (const [, key, name, args] of dispatched) {
    assert.ok(committed.has(key), `${key} dispatched but never committed`);
    assert.equal([name, JSON.parse(args)], [committed.get(key).name, committed.get(key).args]);
  }
  const keys = new Set(dispatched.map((d) => d[1]));
  for (const key of committed.keys()) assert.ok(keys.has(key), `committed effect ${key} was never dispatched`);
  // The outage was noticed and said, not swallowed.
  for (const p of procs.slice(0, 2)) assert.match(p.out.stdout, "error the LISTEN connection was lost");
  assert.match(procs[2].out.stderr, "the LISTEN connection was lost");
  // Instances that stopped: `failed <id>` from a replica, `[Counter] <id>: ..., so the instance stopped` from the controller.
  const failStops = [...procs.slice(0, 2).flatMap((p) => lines(p).filter((l) => l.startsWith("failed "))), ...procs[2].out.stderr.split("\n").filter((l) => /^\[Counter\] c\d: .*so the instance stopped/.test(l))];
  for (const l of failStops) assert.ok(/lease ran out/.test(l), `an instance stops for its lease, and says so: ${l}`);
  return {
    sent: sent.size,
    sends: tries.length,
    resent: tries.filter((t) => t > 1).length,
    observations,
    transitions,
    effects: committed.size,
    redispatched: dispatched.length - keys.size,
    failStops: failStops.length,
    recovered,
  };
}

test("PostgreSQL down for 3 s, longer than the 1.5 s lease: every process stays up, each instance stops at its deadline and is taken up again; nothing lost, nothing done twice", async () => {
  const r = await scenario({ lease: 1500, outage: 3000, perPhase: 24 });
  console.log(`  outage 3000 ms, lease 1500 ms: ${JSON.stringify(r)}`);
  assert.ok(r.failStops >= 4, `every instance stopped at its lease's deadline (${r.failStops} reported)`);
  assert.ok(r.resent > 0, "some observations sent during the outage were refused, and applied once sent again");
}, { timeout: 120_000 });

test("PostgreSQL down for 1 s, within the 8 s lease: the outage is ridden out; no instance stops", async () => {
  const r = await scenario({ lease: 8000, outage: 1000, perPhase: 16 });
  console.log(`  outage 1000 ms, lease 8000 ms: ${JSON.stringify(r)}`);
  assert.is(r.failStops, 0, "no instance stopped: renewals and commits were retried until the database was back");
  assert.is(r.resent, 0, "no observation was refused");
}, { timeout: 120_000 });

test.run();
