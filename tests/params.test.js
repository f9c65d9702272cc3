// Params per instance: one domain, many instances, each with its own params —
// in a fleet, from lambda events — journaled with the instance, so that a
// restart (a new fleet or a new invocation over the same store) runs each with
// the params it was created with. Params that disagree with an instance's are
// refused, never silently applied or ignored.
import * as assert from "uvu/assert";
import { fileStore, memoryStore } from "../lib/runtime/index.js";
import { lambdaHandler } from "../lib/runtime/targets/lambda.js";
import { test, tempDir } from "./harness.js";
import { load } from "./helpers.js";

const { Pool } = await load(`domain Pool {
  param target: int = 5
  state { workers: int }
  goal workers == target
  transition up when workers < target { step { workers += 1 } }
  transition down when workers > target { step { workers -= 1 } }
}`);

const context = { getRemainingTimeInMillis: () => 10_000 };

test("two instances of one domain with different params run side by side in a fleet, and keep them across a restart", async () => {
  const dir = tempDir("params-fleet");
  const fleet = Pool.fleet({ store: fileStore(dir) });
  const a = await fleet.instance("pool-a", { params: { target: 7 } });
  await fleet.observe("pool-b", { workers: 0 }, { params: { target: 2 } });
  await fleet.settled();
  assert.equal([a.getState().workers, (await fleet.instance("pool-b")).getState().workers], [7, 2]);
  await fleet.stop();

  // A new fleet over the same store, given no params: each instance resumes with its own.
  const again = Pool.fleet({ store: fileStore(dir) });
  await again.observe("pool-a", { workers: 0 });
  await again.observe("pool-b", { workers: 9 });
  await again.settled();
  const [ra, rb] = [await again.instance("pool-a"), await again.instance("pool-b")];
  assert.equal([ra.getState().workers, rb.getState().workers], [7, 2]);
  assert.equal([ra.getParams(), rb.getParams()], [{ target: 7 }, { target: 2 }]);
  // An instance never seen takes the declared default.
  assert.equal((await again.instance("pool-c")).getParams(), { target: 5 });
  await again.stop();
});

test("params that disagree with an instance's are refused, running or resumed, and nothing is applied", async () => {
  const dir = tempDir("params-mismatch");
  const fleet = Pool.fleet({ store: fileStore(dir) });
  await fleet.instance("p", { params: { target: 3 } });
  const running = await fleet.observe("p", { workers: 0 }, { params: { target: 4 } }).then(() => null, (e) => e);
  // The bundle has its own copy of the runtime: the error is known by its code.
  assert.is(running?.code, "VED_PARAMS_MISMATCH");
  assert.is(running.message, "instance 'p' runs with target = 3, the params it was created with, and was given target = 4: an instance keeps its params (start a new id for new ones)");
  // The same params again are fine.
  await fleet.observe("p", { workers: 1 }, { params: { target: 3 } });
  await fleet.stop();
  const resumed = await Pool.create({ id: "p", store: fileStore(dir), params: { target: 9 } }).start().then(() => null, (e) => e);
  assert.is(resumed?.code, "VED_PARAMS_MISMATCH");
  assert.match(resumed.message, "runs with target = 3");
  const ok = await Pool.create({ id: "p", store: fileStore(dir) }).start();
  await ok.settled();
  assert.equal([ok.getParams(), ok.getState().workers], [{ target: 3 }, 3]);
  await ok.stop();
});

test("a fleet's own params are those of every instance given none", async () => {
  const fleet = Pool.fleet({ store: memoryStore(), params: { target: 1 } });
  await fleet.observe("x", { workers: 4 });
  await fleet.observe("y", { workers: 4 }, { params: { target: 6 } });
  await fleet.settled();
  assert.equal([(await fleet.instance("x")).getState().workers, (await fleet.instance("y")).getState().workers], [1, 6]);
  const bad = await fleet.instance("z", { params: { target: "6" } }).then(() => null, (e) => e);
  assert.match(bad?.message, "params sets 'target' to \"6\", but 'target' is an int");
  await fleet.stop();
});

test("lambda events carry each instance's params; later events, and a new handler over the store, keep them", async () => {
  const env = { VEDC_STORE_DIR: tempDir("params-lambda") };
  const handler = lambdaHandler(Pool, {}, env);
  const a = await handler({ id: "a", params: { target: 4 }, observe: { workers: 0 } }, context);
  const b = await handler({ id: "b", params: { target: 1 }, observe: { workers: 0 } }, context);
  assert.equal([a.state.workers, b.state.workers], [4, 1]);
  // A cold start: a new handler, events without params.
  const restarted = lambdaHandler(Pool, {}, env);
  const a2 = await restarted({ id: "a", observe: { workers: 10 } }, context);
  const b2 = await restarted({ Records: [{ messageId: "m1", body: JSON.stringify({ id: "b", observe: { workers: 10 } }) }] }, context);
  assert.equal(b2, { batchItemFailures: [] });
  const b3 = await restarted({ id: "b" }, context);
  assert.equal([a2.state.workers, b3.state.workers], [4, 1]);
  const wrong = await restarted({ id: "a", params: { target: 2 } }, context).then(() => null, (e) => e);
  assert.match(wrong?.message, "instance 'a' runs with target = 4");
  const notObject = await restarted({ id: "a", params: [2] }, context).then(() => null, (e) => e);
  assert.is(notObject?.message, "the params in the event must be an object of param values, not an array");
});

test("a scheduled event reconciles the instance its detail names, and one that names none is refused", async () => {
  const handler = lambdaHandler(Pool, {}, { VEDC_STORE_DIR: tempDir("params-schedule") });
  const r = await handler({ "detail-type": "Scheduled Event", detail: { id: "nightly", params: { target: 2 } } }, context);
  assert.equal([r.id, r.state.workers], ["nightly", 2]);
  for (const detail of [{}, undefined, { id: 3 }]) {
    const error = await handler({ "detail-type": "Scheduled Event", detail }, context).then(() => null, (e) => e);
    assert.is(error?.message, 'a scheduled event does not say which instance to reconcile: give the rule\'s target the constant input { "id": "<instance id>" } (or a detail with an id)');
  }
});

test.run();
