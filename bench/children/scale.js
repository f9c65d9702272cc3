// One size of the scale suite, in a process of its own so the heap holds
// nothing else: creates N instances of the bundle's domain in a store,
// starts each and waits until all have settled, measuring the heap before
// and after (needs --expose-gc); then sends observations in rounds, every
// instance observed once per round, all at once.
//   node --expose-gc scale.js <bundle> <store> <instances> <observations>
import { pathToFileURL } from "node:url";
import { workerCounts } from "../lib/random.js";
import { storeNamed } from "../stores/index.js";

const [bundle, storeName, size, total] = process.argv.slice(2);
const instances = Number(size);
const { default: WorkerPool } = await import(pathToFileURL(bundle).href);
const store = await storeNamed(storeName).open();
const rounds = Math.ceil(Number(total) / instances);
const counts = workerCounts(rounds * instances);

const heap = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const heapBefore = heap();
let start = performance.now();
const pools = [];
for (let i = 0; i < instances; i++) pools.push(store.create(WorkerPool, { id: `pool-${i}` }));
await Promise.all(pools.map((pool) => pool.start()));
const started = await Promise.all(pools.map((pool) => pool.settled()));
const createMs = performance.now() - start;
const heapAfter = heap();

start = performance.now();
let next = 0;
for (let r = 0; r < rounds; r++) {
  await Promise.all(pools.map((pool) => pool.observe({ workers: counts[next++] }).then(() => pool.settled())));
}
const observeMs = performance.now() - start;

let transitions = 0;
for (let i = 0; i < instances; i++) transitions += (await pools[i].settled()).ticks - started[i].ticks;
await Promise.all(pools.map((pool) => pool.stop()));
await store.close();

process.stdout.write(JSON.stringify({ instances, heapBefore, heapAfter, createMs, observations: counts.length, observeMs, transitions }));
