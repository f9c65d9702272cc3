// Map fields on PostgreSQL: a map is stored in the state's jsonb as the
// plain object the boundary shows, every journal record that changes one
// holds it whole, a restarted instance reads it back exactly, and an
// observation of some keys — given to the owner, or forwarded to it by
// another replica — changes only those keys.
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { postgresStore, replica } from "../../lib/runtime/store/postgres/index.js";
import { cleanup, test, until } from "../harness.js";
import { load, root } from "../helpers.js";
import { journalOf, startPostgres } from "./pg-server.js";

const server = await startPostgres();
test.after(() => server.stop());

const { ZoneSpreader } = await load(readFileSync(join(root, "examples/zone-spreader.ved"), "utf8"), "zone-spreader.ved");

const store = (options = {}) => {
  const s = postgresStore({ connectionString: server.url, ...options });
  cleanup(() => s.close());
  return s;
};

test("a map survives a restart on PostgreSQL exactly; the journal holds each changed map whole and never an unchanged one", async () => {
  const a = await ZoneSpreader.create({ id: "zones", store: store() }).start();
  cleanup(() => a.stop());
  await a.settled();
  assert.equal(await a.observe({ healthy: { b: false } }), { applied: true });
  assert.equal((await a.settled()).state, { replicas: { a: 2, b: 0, c: 2 }, healthy: { a: true, b: false, c: true } });
  await a.stop();
  const journal = await journalOf(server.url, "zones");
  const sets = journal.filter((r) => r.t === "observe" || r.t === "transition").map((r) => r.set);
  assert.equal(sets.find((s) => "healthy" in s), { healthy: { a: true, b: false, c: true } }, "the observation as the whole map it made");
  assert.equal(sets.filter((s) => "healthy" in s).length, 1, "no transition records the map it did not change");
  assert.equal(journal.filter((r) => r.t === "transition").map((r) => r.name), ["add(a)", "add(a)", "add(b)", "add(b)", "add(c)", "add(c)", "drain(b)", "drain(b)"]);
  const b = await ZoneSpreader.create({ id: "zones", store: store() }).start();
  cleanup(() => b.stop());
  assert.equal(b.getState(), { replicas: { a: 2, b: 0, c: 2 }, healthy: { a: true, b: false, c: true } });
  assert.equal(await b.observe({ healthy: { b: true } }), { applied: true });
  assert.equal((await b.settled()).state.replicas, { a: 2, b: 2, c: 2 });
});

test("an observation of one key forwarded by another replica changes only that key at the owner; an unknown key is refused there with the same words", async () => {
  const holder = await replica(ZoneSpreader, { store: store({ owner: "holder" }), onError: () => {} });
  cleanup(() => holder.stop());
  assert.equal(await holder.observe("held", { replicas: { a: 1 } }), { applied: true }, "claimed by the first replica to observe it");
  const owner = await holder.instance("held");
  await owner.settled();
  const other = await replica(ZoneSpreader, { store: store({ owner: "other" }), onError: () => {} });
  cleanup(() => other.stop());
  assert.equal(await other.observe("held", { healthy: { c: false } }), { applied: false, reason: "forwarded" }, "the holder drives it: sent to its inbox");
  await until(() => owner.getState().replicas.c === 0, "the forwarded observation applied");
  assert.equal((await owner.settled()).state, { replicas: { a: 2, b: 2, c: 0 }, healthy: { a: true, b: true, c: false } });
  const refused = await other.observe("held", { replicas: { z: 1 } }).then(() => null, (e) => e);
  assert.match(refused?.message ?? "no error", "'replicas' is keyed by Zone, which has no member 'z'");
  assert.is(owner.status(), "converged");
});

test.run();
