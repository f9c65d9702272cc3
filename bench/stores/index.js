// The stores a live instance can keep its state in. The chaos and scale
// suites measure a live instance once per store listed here; the file
// store and a PostgreSQL one join by adding a module of the same shape:
//   { name, open() → { create(domain, options) → instance, close() } }
// where open() sets the store up (a scratch folder, a database) and close()
// tears it down.
import memory from "./memory.js";

export const stores = [memory];

export function storeNamed(name) {
  const store = stores.find((s) => s.name === name);
  if (!store) throw new Error(`no store '${name}' (stores: ${stores.map((s) => s.name).join(", ")})`);
  return store;
}
