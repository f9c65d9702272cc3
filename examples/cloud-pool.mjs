// Runs the CloudPool controller for real against a simulated cloud that fails,
// is slow, and reports changes twice or out of order. Build it first:
//
//   npx vedc build examples/cloud-pool.ved && node examples/cloud-pool.mjs
//
// The instance lives in a file store (./.cloud-pool-data): stop this script at
// any moment and run it again, and it resumes where its journal left off.
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
  tokens: new Set(), // client tokens of requests already done: a retried call is done once
  version: 0,
  next: 0,
  requests: 0,
  report() {
    const all = [...this.machines.values()];
    return { running: all.filter((s) => s === "running").length, pending: all.filter((s) => s === "pending").length };
  },
  /** Tells the controller what changed, sometimes twice, sometimes late (and so stale). */
  notify() {
    const version = ++this.version;
    const note = { patch: this.report(), version, key: `note-${version}` };
    const deliver = (delay) => setTimeout(() => running && pool.observe(note.patch, { version: note.version, key: note.key }).catch((e) => say(`rejected: ${e.message}`)), delay);
    deliver(Math.random() < 0.2 ? 80 : 0); // a late one arrives after newer news: stale
    if (Math.random() < 0.3) deliver(5); // the same alert twice: a duplicate
  },
  async call(what, count, { key, signal, attempt }) {
    this.requests++;
    await sleep(Math.random() < 0.3 ? 150 : 10, signal); // slow, sometimes
    if (Math.random() < 0.3) throw new Error("503 Service Unavailable"); // failing, sometimes
    if (this.tokens.has(key)) return say(`cloud: ${what} ${key} already done; ignoring the retry`);
    this.tokens.add(key);
    say(`cloud: ${what} ${count} (key ${key}, attempt ${attempt})`);
    for (let i = 0; i < count; i++) {
      if (what === "boot") {
        const id = `m${this.next++}`;
        this.machines.set(id, "pending");
        setTimeout(() => this.machines.has(id) && (this.machines.set(id, "running"), this.notify()), 100 + Math.random() * 100);
      } else {
        // Machines still booting are cancelled first, then running ones stopped.
        const all = [...this.machines.keys()];
        const victim = all.find((m) => this.machines.get(m) === "pending") ?? all.find((m) => this.machines.get(m) === "running");
        if (victim) this.machines.delete(victim);
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
    boot: ({ count }, ctx) => cloud.call("boot", count, ctx),
    terminate: ({ count }, ctx) => cloud.call("terminate", count, ctx),
  },
  effectPolicy: { attempts: 8, baseDelay: 20, maxDelay: 500, timeout: 100 },
  // Notifications can be lost; a periodic read of the truth heals that too.
  poll: { every: 300, read: () => cloud.report() },
});
pool.on("transition", (e) => say(`${e.name}: running ${e.after.running}, pending ${e.after.pending}`));
pool.on("effect-retry", (e) => say(`retry ${e.name} ${e.key}: ${e.error.message}`));
pool.on("effect-failed", (e) => say(`gave up on ${e.name} ${e.key}: ${e.error.message}`));
pool.on("dropped", (e) => say(`dropped a ${e.reason} report`));

/** Waits until the cloud really has SIZE machines running and the controller agrees. */
async function healed(label) {
  for (let i = 0; i < 200; i++) {
    const s = await pool.settled();
    const truth = cloud.report();
    if (s.status === "converged" && truth.running === SIZE && truth.pending === 0 && s.state.running === SIZE) return say(`== ${label}: ${SIZE} machines running`);
    await sleep(50);
  }
  throw new Error(`${label}: did not heal (cloud ${JSON.stringify(cloud.report())}, controller ${JSON.stringify(pool.getState())})`);
}

let running = true;
await pool.start();
try {
  await healed("booted");
  say("!! an availability zone goes down: 2 machines crash");
  [...cloud.machines.keys()].slice(0, 2).forEach((m) => cloud.machines.delete(m));
  cloud.notify();
  await healed("healed after the crash");
  say("!! someone boots 3 extra machines by hand");
  for (let i = 0; i < 3; i++) cloud.machines.set(`manual-${i}`, "running");
  cloud.notify();
  await healed("healed after the drift");
  const m = pool.metrics();
  say(`done: ${cloud.requests} cloud calls, ${m.effects.retried} retries, ${m.observations.duplicate} duplicate and ${m.observations.stale} stale reports dropped`);
} finally {
  running = false;
  await pool.stop();
}
