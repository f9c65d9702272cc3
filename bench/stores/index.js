// The stores a live instance can keep its state in, each a module of this
// shape:
//   { name, open(context) → { create(domain, options) → instance, close() } }
// where open() sets the store up (a scratch folder, a database) and close()
// tears it down. The chaos and scale suites measure a live instance once per
// store listed here. The durable stores (file.js, postgres.js) are not
// listed: they make every commit durable, which at those sizes (200,000
// observations one at a time; 100,000 instances) would take minutes of
// fsyncs. The durable suite measures them, with their commits counted.
import memory from "./memory.js";

export const stores = [memory];

export function storeNamed(name) {
  const store = stores.find((s) => s.name === name);
  if (!store) throw new Error(`no store '${name}' (stores: ${stores.map((s) => s.name).join(", ")})`);
  return store;
}
