// vedc inspect and vedc history over a file store, in process: what they say
// of converged, converging, stuck and unreadable instances, of an outbox with
// failed attempts, in the words of vedc run; and that reading changes nothing
// in the store, even while an instance holds it.
import * as assert from "uvu/assert";
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileStore } from "../lib/runtime/index.js";
import { cli, fingerprint, load, root, seed } from "./helpers.js";
import { tempDir, test, until } from "./harness.js";

const tankSource = `domain Tank {
  state { level: int; open: bool = true }
  goal full: level == 10
  transition fill when open && level < 10 { step { level += 1 } }
}`;

const bootSource = `domain Booter {
  state { want: int; asked: int }
  effect boot(count: int)
  goal asked == want
  transition ask when asked < want { step { boot(want - asked); asked = want } }
}`;

async function tankStore() {
  const dir = tempDir("inspect");
  const source = join(dir, "tank.ved");
  writeFileSync(source, tankSource);
  const { Tank } = await load(tankSource, "tank.ved");
  const store = fileStore(join(dir, "store"));
  const full = Tank.create({ id: "full", store });
  await full.start();
  await full.settled();
  await full.stop();
  // Closed at level 3: no transition can fill it.
  const shut = Tank.create({ id: "shut", store, state: { open: false, level: 3 } });
  await shut.start();
  await shut.settled();
  await shut.stop();
  return { dir, source, store: join(dir, "store"), Tank };
}

test("inspect lists every instance with its status judged by the domain's goals; without the domain, what the journal says", async () => {
  const { source, store } = await tankStore();
  const judged = await cli(["inspect", "--store", store, "--domain", source, "--json"]);
  assert.is(judged.status, 0, judged.stderr);
  const { instances } = JSON.parse(judged.stdout);
  assert.equal(instances.map((i) => [i.id, i.domain, i.status, i.failing, i.ticks]), [
    ["full", "Tank", "converged", [], 10],
    ["shut", "Tank", "stuck", ["full"], 0],
  ]);
  assert.ok(instances.every((i) => typeof i.lastChange === "number" && Date.now() - i.lastChange < 60_000), "each says when it last changed");
  const text = await cli(["inspect", "--store", store, "--domain", source]);
  assert.match(text.stdout, /^2 instances in .*\n/);
  assert.match(text.stdout, /shut\s+Tank\s+stuck\s+full\s+0/);
  const blind = await cli(["inspect", "--store", store]);
  assert.is(blind.status, 0);
  assert.match(blind.stdout, /full\s+Tank\s+unknown\s+-\s+10/);
  assert.match(blind.stdout, /status needs the domain: pass --domain/);
});

test("inspect <id> shows the state, the params, each goal and whether it holds, and the last transitions with their times", async () => {
  const { source, store } = await tankStore();
  const shut = await cli(["inspect", "shut", "--store", store, "--domain", source]);
  assert.is(shut.status, 0, shut.stderr);
  assert.match(shut.stdout, /status {3}stuck: no transition can change the state/);
  assert.match(shut.stdout, /state {4}level = 3, open = false/);
  assert.match(shut.stdout, /FAILS {2}full: level == 10/);
  const full = JSON.parse((await cli(["inspect", "full", "--store", store, "--domain", source, "--json"])).stdout);
  assert.equal(full.goals, [{ name: "full", text: "level == 10", holds: true }]);
  assert.is(full.transitions.length, 10);
  assert.is(full.transitions.at(-1).text, "  tick 10: full fails → fill: level 9 → 10");
  assert.ok(full.transitions.every((t) => typeof t.at === "number"));
});

test("inspect judges an instance by the params it was created with, not the declared ones", async () => {
  const dir = tempDir("inspect-params");
  const source = join(dir, "tank.ved");
  const sized = `domain Tank {
  state { level: int }
  param size: int = 10
  goal full: level == size
  transition fill when level < size { step { level += 1 } }
}`;
  writeFileSync(source, sized);
  const { Tank } = await load(sized, "tank.ved");
  const store = join(dir, "store");
  const small = Tank.fleet({ store: fileStore(store) });
  const tank = await small.instance("small", { params: { size: 4 } });
  await tank.settled();
  await small.stop();
  const shown = JSON.parse((await cli(["inspect", "small", "--store", store, "--domain", source, "--json"])).stdout);
  assert.equal([shown.status, shown.state, shown.params, shown.goals], ["converged", { level: 4 }, { size: 4 }, [{ name: "full", text: "level == size", holds: true }]]);
  const history = await cli(["history", "small", "--store", store, "--domain", source]);
  assert.match(history.stdout, /converged at tick 4: the goal holds; sleeping/);
  assert.not.match(history.stdout, /stuck/);
});

test("history tells an instance's story in the words of vedc run", async () => {
  const dir = tempDir("history");
  const source = join(dir, "pool.ved");
  writeFileSync(source, seed);
  const { WorkerPool } = await load(seed, "pool.ved");
  const store = join(dir, "store");
  const pool = WorkerPool.create({ id: "pool", store: fileStore(store) });
  await pool.start();
  await pool.settled();
  for (const workers of [3, 8]) {
    await pool.observe({ workers });
    await pool.settled();
  }
  await pool.stop();
  const run = await cli(["run", source, "--observe", "workers=3", "--observe", "workers=8"]);
  const told = run.stdout.split("\n").filter((l) => /^(observe|  tick|  converged)/.test(l));
  const history = await cli(["history", "pool", "--store", store, "--domain", source]);
  assert.is(history.status, 0, history.stderr);
  const lines = history.stdout.split("\n").slice(1, -1);
  assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}/.test(l)), history.stdout);
  const words = lines.map((l) => l.slice(26)).filter((l) => !l.startsWith("start"));
  assert.equal(words, told);
  assert.is(lines[0].slice(26), "start: workers = 0");
});

test("the outbox shows each effect owed with its failed attempts and last error; an effect given up on is counted and told", async () => {
  const dir = tempDir("inspect-outbox");
  const source = join(dir, "booter.ved");
  writeFileSync(source, bootSource);
  const { Booter } = await load(bootSource, "booter.ved");
  const store = fileStore(join(dir, "store"));
  const refuse = () => {
    throw new Error("connection refused");
  };
  // Gives up after two attempts.
  const gaveUp = Booter.create({ id: "gave-up", store, state: { want: 2 }, effects: { boot: refuse }, effectPolicy: { attempts: 2, baseDelay: 1 } });
  await gaveUp.start();
  await gaveUp.settled();
  await gaveUp.stop();
  // Fails once and waits (long) to try again: still owed when it stops.
  const owed = Booter.create({ id: "owed", store, state: { want: 3 }, effects: { boot: refuse }, effectPolicy: { attempts: 5, baseDelay: 600_000, maxDelay: 600_000 } });
  let failed = false;
  owed.on("effect-retry", () => (failed = true));
  await owed.start();
  await until(() => failed, "the first attempt to fail");
  await owed.stop();

  const list = JSON.parse((await cli(["inspect", "--store", join(dir, "store"), "--domain", source, "--json"])).stdout).instances;
  assert.equal(list.map((i) => [i.id, i.status, i.owed, i.failedEffects]), [
    ["gave-up", "converged", 0, 1],
    ["owed", "converged", 1, 0],
  ]);
  const detail = await cli(["inspect", "owed", "--store", join(dir, "store"), "--domain", source]);
  assert.match(detail.stdout, /outbox {3}1 owed\n {4}owed:2:0 {2}boot\(count = 3\) from ask at tick 1, 1 failed attempt, last error: Booter: effect 'boot' \(from transition 'ask'\) failed: connection refused/);
  const history = (await cli(["history", "gave-up", "--store", join(dir, "store"), "--domain", source])).stdout;
  assert.match(history, /effect boot\(count = 2\)\n.*converged at tick 1.*\n.*effect boot \[gave-up:2:0\] attempt 1 failed: .*connection refused\n.*effect boot \[gave-up:2:0\] gave up after 2 attempts: .*connection refused\n/);
});

test("inspect reads beside a live owner: the owner is shown, and not a byte, mtime or file of the store changes", async () => {
  const { source, store, Tank } = await tankStore();
  const live = Tank.create({ id: "live", store: fileStore(store), state: { level: 4 } });
  await live.start();
  await live.settled();
  const before = fingerprint(store);
  const list = JSON.parse((await cli(["inspect", "--store", store, "--domain", source, "--json"])).stdout).instances;
  const row = list.find((i) => i.id === "live");
  assert.equal(row.owner, { name: `pid ${process.pid} on ${(await import("node:os")).hostname()}`, live: true });
  assert.is(row.status, "converged");
  for (const id of ["live", "full", "shut"]) {
    assert.is((await cli(["inspect", id, "--store", store, "--domain", source])).status, 0);
    assert.is((await cli(["history", id, "--store", store, "--domain", source])).status, 0);
  }
  assert.equal(fingerprint(store), before);
  // And the live owner goes on: nothing was taken from it.
  await live.observe({ level: 2 });
  assert.is((await live.settled()).state.level, 10);
  await live.stop();
});

test("history tells an effect's outcome block as a tick of its own, in the words of vedc run", async () => {
  const dir = tempDir("history-outcome");
  const source = join(root, "examples", "cloud-pool.ved");
  const { CloudPool } = await load(readFileSync(source, "utf8"), "cloud-pool.ved");
  const pool = CloudPool.create({ id: "pool", store: fileStore(dir), effects: { boot: () => {}, terminate: () => {} } });
  await pool.start();
  await pool.settled();
  await pool.stop();
  const history = await cli(["history", "pool", "--store", dir, "--domain", source]);
  assert.is(history.status, 0, history.stderr);
  const words = history.stdout.split("\n").slice(1, -1).map((l) => l.slice(26));
  assert.equal(words, [
    "start: machines = 0, booting = 0, stopping = 0",
    "  tick 1: sized fails → scale_up: booting 0 → 5",
    "    effect boot(count = 5)",
    "  converged at tick 1: the goal holds; sleeping",
    "    effect boot [pool:2:0] succeeded",
    "  tick 2: boot done: machines 0 → 5, booting 5 → 0",
    "  converged at tick 2: the goal holds; sleeping",
  ]);
  const one = JSON.parse((await cli(["inspect", "pool", "--store", dir, "--domain", source, "--json"])).stdout);
  assert.equal([one.status, one.ticks, one.state], ["converged", 2, { machines: 5, booting: 0, stopping: 0 }]);
});

test("an id too long for a folder name is found, and listed by its own name", async () => {
  const dir = tempDir("inspect-long");
  const { Tank } = await load(tankSource, "tank.ved");
  const id = `tank/${"x".repeat(200)}`;
  const t = Tank.create({ id, store: fileStore(dir) });
  await t.start();
  await t.settled();
  await t.stop();
  const list = JSON.parse((await cli(["inspect", "--store", dir, "--json"])).stdout).instances;
  assert.equal(list.map((i) => i.id), [id]);
  const one = JSON.parse((await cli(["inspect", id, "--store", dir, "--json"])).stdout);
  assert.is(one.state.level, 10);
});

test("damage in one instance is shown on its row; the others are still listed", async () => {
  const { source, store } = await tankStore();
  const folder = join(store, "shut");
  const journal = readdirSync(folder).find((n) => n.startsWith("journal-"));
  appendFileSync(join(folder, journal), "0123456789ab [not a record]\n");
  const r = await cli(["inspect", "--store", store, "--domain", source]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /full\s+Tank\s+converged/);
  assert.match(r.stdout, /shut\s+\?\s+unreadable/);
  assert.match(r.stdout, /shut: .*journal-000000000001\.log.*line 2 is damaged/);
});

test("mistakes are one clear line and exit 1: no store, a missing folder, an unknown id, a controller bundle as the domain", async () => {
  const { store } = await tankStore();
  const none = await cli(["inspect"], { env: { NO_COLOR: "1" } });
  assert.is(none.status, 1);
  assert.match(none.stderr, /^vedc: no store: pass --store <folder> or --store postgres:\/\/…, or set DATABASE_URL or VEDC_STORE_DIR/);
  const missing = await cli(["inspect", "--store", join(store, "nope")]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /^vedc: cannot read the file store in .*nope: no such folder\n$/);
  const unknown = await cli(["history", "ghost", "--store", store]);
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr, /^vedc: the store at .* has no instance 'ghost'\n$/);
  const fromEnv = await cli(["inspect"], { env: { NO_COLOR: "1", VEDC_STORE_DIR: store } });
  assert.is(fromEnv.status, 0);
  assert.match(fromEnv.stdout, /^2 instances in /);
  const dir = tempDir("inspect-bundle");
  writeFileSync(join(dir, "controller.js"), "runController(domain, effects);\n");
  const bundle = await cli(["inspect", "--store", store, "--domain", join(dir, "controller.js")]);
  assert.is(bundle.status, 1);
  assert.match(bundle.stderr, /is a controller \(built with --target node\): importing it would start one/);
});

test.run();
