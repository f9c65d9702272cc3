// Names a user chose — transitions, effects — key objects in the runtime:
// metrics count transitions by name, the deployment targets pick effect
// handlers by name. A name that Object.prototype already has (`constructor`,
// `toString`, `valueOf`, `hasOwnProperty`) is counted and found like any other.
import * as assert from "uvu/assert";
import { pickHandlers } from "../lib/runtime/targets/environment.js";
import { test } from "./harness.js";
import { load } from "./helpers.js";

const { Named } = await load(`domain Named {
  state { n: int; target: int }
  effect toString(n: int)
  goal n == target
  transition constructor when n < target { step { n += 1; toString(n) } }
  transition valueOf when n > target { step { n -= 1 } }
  transition hasOwnProperty when n > target + 100 { step { n = target } }
}`);

test("metrics() counts transitions named constructor, valueOf and the like", async () => {
  const i = Named.create({ state: { target: 3 } });
  await i.start();
  await i.settled();
  await i.observe({ target: 1 });
  await i.settled();
  const m = i.metrics();
  assert.equal(m.transitions, { constructor: 3, valueOf: 2 });
  assert.is(m.transitions.constructor, 3);
  assert.is(Object.hasOwn(m.transitions, "hasOwnProperty"), false, "a transition that never ran is not counted");
  assert.is(m.ticks, 5);
  await i.stop();
});

test("a fleet's metrics add such names up too", async () => {
  const fleet = Named.fleet();
  await fleet.observe("a", { target: 2 });
  await fleet.observe("b", { target: 1 });
  await fleet.settled();
  await fleet.observe("b", { target: 0 });
  await fleet.settled();
  assert.equal((await fleet.metrics()).transitions, { constructor: 3, valueOf: 1 });
  await fleet.stop();
});

test("the targets find an effect named toString among the effects module's own exports only", () => {
  assert.throws(() => pickHandlers(Named, {}), /the effects module must export a function 'toString'/, "Object.prototype.toString is not a handler");
  const toString = () => {};
  const handlers = pickHandlers(Named, { toString });
  assert.is(handlers.toString, toString);
});

test.run();
