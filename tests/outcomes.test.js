// Effects the domain can see: what an effect's completion does (done and
// failed blocks, applied as ticks of their own), owned fields no observation
// can set, observations that cut in at the next tick boundary, and an
// effect-only transition that fires once per state instead of flooding.
import { tempDir, test } from "./harness.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as assert from "uvu/assert";
import { check } from "../lib/compiler/index.js";
import { cli, load } from "./helpers.js";

const pool = `domain Pool {
  state {
    machines: int
    owned booting: int
    owned failures: int
  }
  param size: int = 3
  effect boot(count: int) {
    done { booting -= count; machines += count }
    failed { booting -= count; failures += 1 }
  }
  goal sized: machines + booting == size
  transition scale_up when machines + booting < size {
    step {
      boot(size - machines - booting)
      booting += size - machines - booting
    }
  }
}`;
const { Pool } = await load(pool, "pool.ved");

/** Resolves once `instance` emitted `event` (optionally one passing `test`). */
const next = (instance, event, pass = () => true) =>
  new Promise((resolve) => {
    const off = instance.on(event, (e) => pass(e) && (off(), resolve(e)));
  });

test("done: an effect's completion runs its block as a tick of its own, with the effect's arguments", async () => {
  const calls = [];
  const p = Pool.create({ effects: { boot: async ({ count }, { key }) => calls.push([count, key]) } });
  const outcomes = [];
  p.on("outcome", (e) => outcomes.push([e.effect, e.outcome, e.args.count, e.tick, e.after.machines, e.after.booting]));
  await p.start();
  const s = await p.settled();
  assert.equal(calls, [[3, "Pool:2:0"]]);
  assert.equal(outcomes, [["boot", "done", 3, 2, 3, 0]]);
  assert.equal([s.status, s.state, s.ticks], ["converged", { machines: 3, booting: 0, failures: 0 }, 2]);
  await p.stop();
});

test("failed: runs once the attempts are exhausted, or at once for a failure the handler says is final", async () => {
  let attempts = 0;
  const boot = async () => {
    attempts++;
    throw new Error("503 Service Unavailable");
  };
  const p = Pool.create({ effects: { boot }, effectPolicy: { attempts: 3, baseDelay: 1, maxDelay: 2 } });
  // Every attempt fails: after the third, `failed` runs, and the domain, with nothing booting, asks again.
  const failedOnce = next(p, "outcome", (e) => e.outcome === "failed");
  await p.start();
  const e = await failedOnce;
  assert.equal([attempts, e.after.failures, e.after.booting], [3, 1, 0]);
  await p.stop();

  let tries = 0;
  const q = Pool.create({ effects: { boot: async () => (tries++, Promise.reject(Object.assign(new Error("quota exceeded"), { nonRetryable: true }))) }, effectPolicy: { attempts: 5, baseDelay: 1 } });
  const finalOnce = next(q, "outcome", (e) => e.outcome === "failed");
  await q.start();
  await finalOnce;
  assert.is(tries, 1, "a final failure is not retried");
  await q.stop();
});

test("owned fields: an observation that sets one is refused, and nothing of it is applied", async () => {
  const p = await Pool.create().start();
  await p.settled();
  const before = p.getState();
  const error = await p.observe({ machines: 1, booting: 0 }).then(() => null, (e) => e);
  assert.match(error?.message, "Pool: observation sets 'booting', which is owned: only the domain's own steps and effect outcomes change it, so nothing was applied");
  assert.is(p.getState(), before);
  assert.equal(p.metrics().observations.rejected, 1);
  // Its own steps, and an initial state, may set it.
  assert.is(Pool.create({ state: { booting: 1 } }).getState().booting, 1);
  await p.stop();
  const file = join(tempDir("owned"), "pool.ved");
  writeFileSync(file, pool);
  const r = await cli(["run", file, "--observe", "booting=2"]);
  assert.is(r.status, 1);
  assert.match(r.stderr, "vedc: --observe: Pool: observation sets 'booting', which is owned");
});

test("a late report at the version an outcome has overtaken is stale: the effect is not undone, nothing is booted twice", async () => {
  const calls = [];
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const p = Pool.create({ effects: { boot: async ({ count }) => (calls.push(count), gate) } });
  await p.start();
  // The cloud's poll at version 5, taken while the boot is under way, reports no machines.
  assert.equal(await p.observe({ machines: 0 }, { version: 5 }), { applied: true });
  const done = next(p, "outcome");
  release();
  await done;
  assert.equal(p.getState(), { machines: 3, booting: 0, failures: 0 });
  // The same poll, delivered late: applying it would undo the boot and boot again.
  assert.equal(await p.observe({ machines: 0 }, { version: 5 }), { applied: false, reason: "stale" });
  const s = await p.settled();
  assert.equal([s.status, s.state, calls], ["converged", { machines: 3, booting: 0, failures: 0 }, [3]]);
  // A newer version is news: two machines crashed.
  assert.equal(await p.observe({ machines: 1 }, { version: 6 }), { applied: true });
  assert.equal((await p.settled()).state, { machines: 3, booting: 0, failures: 0 });
  assert.equal(calls, [3, 2]);
  await p.stop();
});

test("the compiler checks outcome blocks: arguments in scope and read-only, no clash with a field, each outcome once", () => {
  const codes = (src) => check(src).diagnostics.map((d) => d.code);
  assert.equal(codes(pool), []);
  assert.equal(codes(pool.replace("done { booting -= count; machines += count }", "done { count = 1 }")), ["VED0112"]);
  assert.equal(codes(pool.replace("effect boot(count: int)", "effect boot(machines: int)").replaceAll("count", "machines")), ["VED0118"]);
  assert.equal(codes(pool.replace("failed {", "done { booting -= count }\n    failed {")), ["VED0119"]);
  assert.equal(codes(pool.replace("machines += count", "machines += nope")), ["VED0100"]);
});

test("observations cut in: a paced rollout aborts within one tick of a bad observation", async () => {
  const { Rollout } = await load(`enum Phase { rolling, done, rolled_back }
domain Rollout {
  state {
    percent: int
    error_rate: float
    owned phase: Phase
  }
  goal finished: phase != Phase.rolling
  transition rollback when phase == Phase.rolling && error_rate > 0.1 { step { percent = 0; phase = Phase.rolled_back } }
  transition advance when phase == Phase.rolling && percent < 100 { step { percent += 25 } }
  transition finish when phase == Phase.rolling && percent == 100 { step { phase = Phase.done } }
}`);
  const r = Rollout.create({ minTickInterval: 150 });
  const steps = [];
  r.on("transition", (e) => steps.push(`${e.name} ${e.after.percent}`));
  const first = next(r, "transition");
  await r.start();
  // The first step is at once; the bad news comes while the rollout waits out its interval before the next.
  await first;
  await r.observe({ error_rate: 0.5 });
  const s = await r.settled();
  assert.equal(steps, ["advance 25", "rollback 0"]);
  assert.equal(s.state.phase, "rolled_back");
  await r.stop();
});

test("an effect-only transition fires once for the state it finds, not once per tick: the next transition runs", async () => {
  const { Disk } = await load(`domain Disk {
  state { used: int }
  effect alert(message: string)
  goal ok: used < 90
  transition alert when used >= 98 { step { alert("disk full") } }
  transition clean when used >= 90 { step { used -= 10 } }
}`);
  const alerts = [];
  const d = Disk.create({ effects: { alert: ({ message }) => void alerts.push(message) } });
  await d.start();
  await d.observe({ used: 99 });
  const s = await d.settled();
  // Before: 10,000 alerts and the tick limit. Now: one alert for used = 99, then clean brings it down.
  assert.equal(alerts, ["disk full"]);
  assert.equal([s.status, s.state.used], ["converged", 89]);
  // A new state is new information: the alert may fire again.
  await d.observe({ used: 98 });
  await d.settled();
  assert.equal(alerts, ["disk full", "disk full"]);
  await d.stop();
  // The pure loop follows the same rule.
  const r = Disk.reconcile({ used: 99 });
  assert.equal([r.status, r.transitions, r.effects.length], ["converged", ["alert", "clean"], 1]);
});

test("a failing effect is visible: an event, a line in vedc run, and a count in metrics", async () => {
  const p = Pool.create({ effects: { boot: () => Promise.reject(new Error("no capacity")) }, effectPolicy: { attempts: 1 } });
  const failed = next(p, "effect-failed");
  await p.start();
  const e = await failed;
  assert.match(e.error.message, "no capacity");
  await next(p, "outcome", (x) => x.outcome === "failed");
  assert.ok(p.metrics().effects.failed >= 1);
  await p.stop();
});

test.run();
