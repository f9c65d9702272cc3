// Telemetry in process: Prometheus counters that add up to what metrics()
// counts, in text a strict parser accepts; OpenTelemetry spans — one per
// commit, per effect attempt and per wake — with the instance's id, domain,
// transitions and effect keys, seen through an in-memory exporter; events
// that say which instance and when; and a probe that throws breaks nothing.
import * as assert from "uvu/assert";
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { combine, prometheus, tracing } from "../lib/runtime/observability/index.js";
import { memoryStore } from "../lib/runtime/index.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load, root } from "./helpers.js";
import { test, until } from "./harness.js";
import { parsePrometheus, valueOf } from "./prometheus-text.js";

const source = `domain Counter {
  state { n: int; target: int }
  effect tick(n: int)
  invariant small: target <= 100
  goal n == target
  transition up when n < target { step { n += 1; tick(n) } }
  transition down when n > target { step { n -= 1 } }
}`;

const { Counter } = await load(source, "counter.ved");

/** A store that counts the commits it is asked to make (of one record or more): what "one span per commit" is held to. */
function countingStore() {
  const inner = memoryStore();
  const counted = { commits: 0 };
  counted.store = {
    async open(id, domain) {
      const journal = await inner.open(id, domain);
      return { ...journal, recover: () => journal.recover(), close: () => journal.close(), commit: (records) => (records.length > 0 && counted.commits++, journal.commit(records)) };
    },
  };
  return counted;
}

/** Effect tick fails its first attempt for every third n, and is given up on for n = 5. */
const effects = {
  tick: (args, ctx) => {
    if (args.n === 5) throw new Error("n = 5 is refused");
    if (args.n % 3 === 0 && ctx.attempt === 1) throw new Error("busy, try again");
  },
};
const effectPolicy = { attempts: 2, baseDelay: 1, maxDelay: 2 };

/** Drives a fleet through applied, duplicate, stale and rejected observations, and effects that succeed, retry and fail. */
async function exercise(fleet) {
  await fleet.observe("a", { target: 6 }, { key: "k1", version: 1 });
  await fleet.observe("a", { target: 6 }, { key: "k1" }); // duplicate
  await fleet.observe("a", { target: 9 }, { version: 0 }); // stale
  await fleet.observe("a", { target: 500 }).then(
    () => assert.unreachable("an observation breaking an invariant is refused"),
    () => {},
  );
  await fleet.observe("a", { nope: 1 }).then(
    () => assert.unreachable("an unknown field is refused"),
    () => {},
  );
  await fleet.observe("b", { target: 2 });
  await fleet.observe("b", { n: 4 });
  await fleet.settled();
}

test("the Prometheus counters are the instances' own counts, by domain and name, in strictly valid text", async () => {
  const metrics = await prometheus();
  const fleet = Counter.fleet({ store: memoryStore(), effects, effectPolicy, telemetry: metrics });
  await exercise(fleet);
  const m = await fleet.metrics();
  const { contentType, body } = await metrics.scrape();
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  const f = parsePrometheus(body);
  const d = { domain: "Counter" };
  assert.is(valueOf(f, "vedc_ticks_total", d), m.ticks);
  assert.is(valueOf(f, "vedc_transitions_total", { ...d, transition: "up" }), m.transitions.up);
  assert.is(valueOf(f, "vedc_transitions_total", { ...d, transition: "down" }), m.transitions.down);
  for (const outcome of ["applied", "stale", "duplicate", "rejected"]) assert.is(valueOf(f, "vedc_observations_total", { ...d, outcome }), m.observations[outcome], outcome);
  assert.equal(m.observations, { applied: 3, stale: 1, duplicate: 1, rejected: 2 });
  for (const outcome of ["started", "succeeded", "retried", "failed"]) assert.is(valueOf(f, "vedc_effects_total", { ...d, effect: "tick", outcome }), m.effects[outcome], outcome);
  assert.ok(m.effects.retried >= 2 && m.effects.failed === 1, JSON.stringify(m.effects));
  // Every attempt that ended is timed.
  assert.is(valueOf(f, "vedc_effect_duration_seconds_count", d), m.effects.succeeded + m.effects.retried + m.effects.failed);
  assert.is(valueOf(f, "vedc_instances", { ...d, status: "converged" }), 2);
  assert.is(valueOf(f, "vedc_instances", { ...d, status: "stuck" }), 0);
  assert.is(valueOf(f, "vedc_queue_depth", d), 0);
  assert.ok(valueOf(f, "vedc_convergence_seconds_count", d) >= 2);
  assert.ok(valueOf(f, "vedc_commit_duration_seconds_count", d) > 0);
  assert.ok(valueOf(f, "vedc_committed_records_total", d) >= m.ticks + m.observations.applied);
  await fleet.stop();
  // Stopped instances are no longer counted as live.
  assert.is(valueOf(parsePrometheus((await metrics.scrape()).body), "vedc_instances", d), 0);
});

test("an effect's outcome block is a tick: counted in vedc_ticks_total and by name in vedc_outcomes_total", async () => {
  const { CloudPool } = await load(readFileSync(join(root, "examples", "cloud-pool.ved"), "utf8"), "cloud-pool.ved");
  const metrics = await prometheus();
  const pool = CloudPool.create({ id: "p", effects: { boot: () => {}, terminate: () => {} }, telemetry: metrics });
  await pool.start();
  const settled = await pool.settled();
  assert.equal(settled.state, { machines: 5, booting: 0, stopping: 0 });
  const f = parsePrometheus((await metrics.scrape()).body);
  const d = { domain: "CloudPool" };
  assert.is(valueOf(f, "vedc_ticks_total", d), pool.metrics().ticks);
  assert.is(valueOf(f, "vedc_ticks_total", d), 2);
  assert.is(valueOf(f, "vedc_transitions_total", { ...d, transition: "scale_up" }), 1);
  assert.is(valueOf(f, "vedc_outcomes_total", { ...d, outcome: "boot done" }), 1);
  await pool.stop();
});

test("an OpenTelemetry span per commit and per effect attempt, with the instance's id, domain, transitions and effect key", async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const counted = countingStore();
  const fleet = Counter.fleet({ store: counted.store, effects, effectPolicy, telemetry: tracing({ tracer: provider.getTracer("test") }) });
  await exercise(fleet);
  const m = await fleet.metrics();
  await fleet.stop();
  const spans = exporter.getFinishedSpans();
  const named = (name) => spans.filter((s) => s.name === name);

  const commits = named("vedc.commit");
  assert.is(commits.length, counted.commits, "one span per commit");
  for (const s of commits) {
    assert.ok(["a", "b"].includes(s.attributes["vedc.instance.id"]));
    assert.is(s.attributes["vedc.domain"], "Counter");
    assert.ok(s.attributes["vedc.records"] > 0);
  }
  const committed = commits.flatMap((s) => s.attributes["vedc.transition"]);
  assert.is(committed.length, m.ticks, "every transition is named on the span of the commit that made it durable");
  assert.ok(committed.includes("up") && committed.includes("down"));

  const attempts = spans.filter((s) => s.name === "vedc.effect tick");
  assert.is(attempts.length, m.effects.started, "one span per effect attempt");
  const key = (s) => s.attributes["vedc.effect.key"];
  for (const s of attempts) {
    assert.match(key(s), /^[ab]:\d+:0$/);
    assert.is(s.attributes["vedc.instance.id"], key(s).split(":")[0]);
    assert.is(s.attributes["vedc.transition"], "up");
    assert.is(s.attributes["vedc.domain"], "Counter");
  }
  const failed = attempts.filter((s) => s.status.code === 2);
  assert.is(failed.length, m.effects.retried + m.effects.failed, "failed attempts are spans in error, with the exception");
  assert.ok(failed.every((s) => s.events.some((e) => e.name === "exception")));
  const given = attempts.filter((s) => s.attributes["vedc.effect.outcome"] === "failed");
  assert.is(given.length, 1);
  assert.match(given[0].status.message, "n = 5 is refused");

  const wakes = named("vedc.wake");
  assert.ok(wakes.length >= 2);
  assert.is(
    wakes.reduce((n, s) => n + s.attributes["vedc.transitions"], 0),
    m.ticks,
    "the wakes' transitions add up to the ticks",
  );
  assert.ok(wakes.every((s) => s.attributes["vedc.outcome"] === "converged"));
});

test("spans are a no-op until an SDK is registered, and go to it from then on", async () => {
  const exporter = new InMemorySpanExporter();
  const instance = Counter.create({ id: "late", telemetry: tracing() });
  await instance.start();
  await instance.observe({ target: 2 });
  await instance.settled();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  try {
    assert.is(exporter.getFinishedSpans().length, 0);
    await instance.observe({ target: 3 });
    await instance.settled();
    await until(() => exporter.getFinishedSpans().some((s) => s.name === "vedc.commit"), "a commit span");
    assert.ok(exporter.getFinishedSpans().every((s) => s.attributes["vedc.instance.id"] === "late"));
  } finally {
    trace.disable();
    await instance.stop();
  }
});

test("every event says which instance and when; an error's are properties that do not change how it prints", async () => {
  const instance = Counter.create({ id: "stamped" });
  const seen = [];
  for (const name of ["transition", "observed", "effect", "converged", "error"]) instance.on(name, (e) => seen.push([name, e]));
  const before = Date.now();
  await instance.start();
  await instance.observe({ target: 1 });
  await instance.settled();
  assert.ok(seen.length >= 4);
  for (const [name, e] of seen) {
    assert.is(e.id, "stamped", name);
    assert.ok(e.at >= before && e.at <= Date.now(), name);
  }
  await instance.stop();
  const failing = Counter.create({ id: "thrower", maxTicks: 1 });
  const errors = [];
  failing.on("error", (e) => errors.push(e));
  await failing.start();
  await failing.observe({ target: 5 });
  await failing.settled();
  assert.is(errors.length, 1);
  assert.is(errors[0].id, "thrower");
  assert.ok(typeof errors[0].at === "number");
  assert.not.ok(Object.keys(errors[0]).includes("at"), "not enumerable");
  await failing.stop();
});

test("combine() tells every telemetry; a probe that throws is said once and breaks nothing", async () => {
  const calls = [];
  const broken = { instance: () => ({ ticked: () => { throw new Error("probe bug"); } }) };
  const counting = { instance: (view) => ({ ticked: (name) => calls.push([view.id, name]) }) };
  const write = process.stderr.write;
  const said = [];
  process.stderr.write = (chunk) => (said.push(String(chunk)), true);
  try {
    const instance = Counter.create({ id: "c", telemetry: combine(broken, counting) });
    await instance.start();
    await instance.observe({ target: 3 });
    const settled = await instance.settled();
    assert.is(settled.state.n, 3);
    await instance.stop();
  } finally {
    process.stderr.write = write;
  }
  assert.equal(calls, [["c", "up"], ["c", "up"], ["c", "up"]]);
  assert.is(said.filter((s) => s.includes("probe bug")).length, 1);
});

test.run();
