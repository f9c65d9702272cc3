// Runs the CloudPool controller for real against a simulated cloud that fails
// 30% of its calls, is sometimes slower than the timeout, and reports every
// change late, twice or out of order. Build it first:
//
//   npx vedc build examples/cloud-pool.ved && node examples/cloud-pool.mjs
//
// The instance lives in a file store (./.cloud-pool-data): stop this script at
// any moment and run it again, and it resumes where its journal left off. The
// last line counts what the cloud did in each phase: however the calls fail
// and the reports arrive, the outage is healed with exactly 2 boots and the
// drift with exactly 3 machines stopped.
import CloudPool, { fileStore } from "../dist/cloud-pool.js";

const SIZE = 5;
const say = (line) => console.log(`${String(Math.round(performance.now())).padStart(6)} ms  ${line}`);
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), reject(signal.reason)));
  });

// ---- a flaky cloud: machines, client tokens, notifications ------------------------
const cloud = {
  machines: new Map(), // id → "pending" | "running"
  done: new Map(), // client token → the result of the request it named: a retried call is done once
  // A real cloud's versions keep growing across a restart of the controller; this one, made anew each run, starts from the clock.
  version: Date.now() * 1000,
  next: 0,
  booted: 0,
  stopped: 0,
  /** What the cloud tells: the machines it has, booting or up. */
  report() {
    return { machines: this.machines.size };
  },
  /** Tells the controller what changed, sometimes twice, sometimes late (and so stale). */
  notify() {
    const version = ++this.version;
    const patch = this.report();
    const deliver = (delay) => setTimeout(() => live && pool.observe(patch, { version, key: `note-${version}` }).catch((e) => say(`rejected: ${e.message}`)), delay);
    deliver(Math.random() < 0.2 ? 80 : 0); // a late one arrives after newer news: stale
    if (Math.random() < 0.3) deliver(5); // the same alert twice: a duplicate
  },
  /** A call the cloud makes idempotent by its client token; it fails 30% of the time and is sometimes slow. */
  async call(what, count, { key, signal, attempt }) {
    await sleep(Math.random() < 0.3 ? 150 : 10, signal); // slow, sometimes: slower than the timeout
    if (Math.random() < 0.3) throw new Error("503 Service Unavailable"); // failing, sometimes, before doing anything
    if (this.done.has(key)) return say(`cloud: ${what} ${key} already done; this retry changes nothing`);
    this.done.set(key, true);
    say(`cloud: ${what} ${count} (key ${key}, attempt ${attempt})`);
    for (let i = 0; i < count; i++) {
      if (what === "boot") {
        const id = `m${this.next++}`;
        this.machines.set(id, "pending");
        this.booted++;
        setTimeout(() => this.machines.has(id) && this.machines.set(id, "running"), 100 + Math.random() * 100);
      } else {
        const [victim] = this.machines.keys();
        if (victim) this.machines.delete(victim);
        this.stopped++;
      }
    }
    this.notify();
  },
};

// ---- the controller ----------------------------------------------------------
const pool = CloudPool.create({
  id: "cloud-pool",
  store: fileStore(".cloud-pool-data"),
  params: { size: SIZE },
  effects: {
    // ctx.key is the same on every attempt and after a restart: the cloud's client token.
    boot: ({ count }, ctx) => cloud.call("boot", count, ctx),
    terminate: ({ count }, ctx) => cloud.call("terminate", count, ctx),
  },
  effectPolicy: { attempts: 20, baseDelay: 20, maxDelay: 300, timeout: 100 },
});
pool.on("transition", (e) => say(`${e.name}: machines ${e.after.machines}, booting ${e.after.booting}, stopping ${e.after.stopping}`));
pool.on("outcome", (e) => say(`${e.effect} ${e.outcome}: machines ${e.after.machines}, booting ${e.after.booting}, stopping ${e.after.stopping}`));
pool.on("effect-retry", (e) => say(`retry ${e.name} ${e.key}: ${e.error.message}`));
pool.on("effect-failed", (e) => say(`gave up on ${e.name} ${e.key}: ${e.error.message}`));
pool.on("dropped", (e) => say(`dropped a ${e.reason} report`));

// Notifications can be late or lost: a periodic read of the truth heals that too, ordered by the cloud's version.
let live = true;
const poller = setInterval(() => live && pool.observe(cloud.report(), { version: cloud.version }).catch(() => {}), 300);

/** Waits until the cloud really has SIZE machines up and the controller agrees, with nothing in flight. */
async function healed(label) {
  for (let i = 0; i < 400; i++) {
    const s = await pool.settled();
    const up = [...cloud.machines.values()].filter((m) => m === "running").length;
    if (s.status === "converged" && up === SIZE && cloud.machines.size === SIZE && s.state.booting === 0 && s.state.stopping === 0) return say(`== ${label}: ${SIZE} machines running`);
    await sleep(25);
  }
  throw new Error(`${label}: did not heal (cloud ${cloud.machines.size} machines, controller ${JSON.stringify(pool.getState())})`);
}

/** What the cloud did during `phase`: machines booted and stopped. */
async function counted(phase) {
  const before = { booted: cloud.booted, stopped: cloud.stopped };
  await phase();
  return { booted: cloud.booted - before.booted, stopped: cloud.stopped - before.stopped };
}

await pool.start();
try {
  const start = await counted(() => healed("booted"));
  const outage = await counted(async () => {
    say("!! an availability zone goes down: 2 machines crash");
    [...cloud.machines.keys()].slice(0, 2).forEach((m) => cloud.machines.delete(m));
    cloud.notify();
    await healed("healed after the crash");
  });
  const drift = await counted(async () => {
    say("!! someone boots 3 extra machines by hand");
    for (let i = 0; i < 3; i++) cloud.machines.set(`manual-${i}`, "running");
    cloud.notify();
    await healed("healed after the drift");
  });
  const m = pool.metrics();
  say(`done: ${m.effects.retried} retries, ${m.observations.duplicate} duplicate and ${m.observations.stale} stale reports dropped`);
  console.log(`cloud: start booted ${start.booted}; outage booted ${outage.booted} stopped ${outage.stopped}; drift booted ${drift.booted} stopped ${drift.stopped}`);
} finally {
  live = false;
  clearInterval(poller);
  await pool.stop();
}
