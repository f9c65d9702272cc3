// Maps over an enum, quantifiers and folds, and per-key transitions (issue
// 19): what a user sees — the transitions a zone spreader takes (exactly
// those of the same controller written out once per zone), its state at the
// JavaScript boundary (a plain object per map; a patch of some keys; an
// unknown key refused), what survives a restart, and the errors and hints.
import { cleanup, tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { check, compile } from "../lib/compiler/index.js";
import { cli, load, root } from "./helpers.js";

const ZONES = ["a", "b", "c"];
const spreaderSource = readFileSync(join(root, "examples/zone-spreader.ved"), "utf8");

/** The same controller as a person writes it without maps: a field and three copies of every transition per zone. */
function copyPasted() {
  const per = (f) => ZONES.map(f).join("\n");
  const moves = [
    ["drain", (z) => `!healthy_${z} && replicas_${z} > 0`, (z) => `replicas_${z} -= 1`],
    ["add", (z) => `healthy_${z} && replicas_${z} < per_zone`, (z) => `replicas_${z} += 1`],
    ["trim", (z) => `healthy_${z} && replicas_${z} > per_zone`, (z) => `replicas_${z} -= 1`],
  ];
  return `domain Copied {
  state {
${per((z) => `    replicas_${z}: int in 0..10\n    healthy_${z}: bool = true`)}
  }
  param per_zone: int = 2
  let total = ${ZONES.map((z) => `replicas_${z}`).join(" + ")}
  invariant total <= 30
  goal spread: ${ZONES.map((z) => `replicas_${z} == (if healthy_${z} then per_zone else 0)`).join(" && ")}
${moves.map(([name, guard, step]) => per((z) => `  transition ${name}_${z} when ${guard(z)} {\n    step { ${step(z)} }\n  }`)).join("\n")}
}`;
}

const { ZoneSpreader } = await load(spreaderSource, "zone-spreader.ved");
const { Copied } = await load(copyPasted(), "copied.ved");

const asMaps = (flat) => ({ replicas: Object.fromEntries(ZONES.map((z) => [z, flat[`replicas_${z}`]])), healthy: Object.fromEntries(ZONES.map((z) => [z, flat[`healthy_${z}`]])) });
const asCopyName = (name) => name.replace(/^(\w+)\((\w)\)$/, "$1_$2");

test("the zone spreader takes exactly the transitions of the copy-pasted version, in the same order, named per key (every state of 0..4 replicas, healthy or not, per_zone 0..3)", () => {
  let runs = 0;
  for (let code = 0; code < 5 ** 3 * 2 ** 3; code++) {
    const flat = {};
    ZONES.forEach((z, i) => {
      flat[`replicas_${z}`] = Math.floor(code / 5 ** i) % 5;
      flat[`healthy_${z}`] = Boolean((Math.floor(code / 125) >> i) & 1);
    });
    for (let per_zone = 0; per_zone <= 3; per_zone++) {
      const copied = Copied.reconcile(flat, { params: { per_zone } });
      const mapped = ZoneSpreader.reconcile(asMaps(flat), { params: { per_zone } });
      assert.is(mapped.status, copied.status);
      assert.equal(mapped.transitions.map(asCopyName), copied.transitions, JSON.stringify({ flat, per_zone }));
      assert.equal(mapped.state, asMaps(copied.state));
      runs++;
    }
  }
  assert.is(runs, 4000);
  // Named per key, in declaration order, as if written once per member.
  assert.equal(ZoneSpreader.meta.transitions.map((t) => t.name), ["drain(a)", "drain(b)", "drain(c)", "add(a)", "add(b)", "add(c)", "trim(a)", "trim(b)", "trim(c)"]);
  assert.equal(ZoneSpreader.reconcile({ replicas: { a: 3 }, healthy: { b: false } }).transitions, ["add(c)", "add(c)", "trim(a)"]);
});

test("a map is a plain object keyed by member, every member present, starting at the declared value; results are frozen with their maps", () => {
  const r = ZoneSpreader.reconcile({});
  assert.equal(r.state, { replicas: { a: 2, b: 2, c: 2 }, healthy: { a: true, b: true, c: true } });
  assert.equal(Object.keys(r.state.replicas), ZONES, "in the enum's order");
  assert.ok(Object.isFrozen(r.state) && Object.isFrozen(r.state.replicas) && Object.isFrozen(r.state.healthy));
  assert.equal(ZoneSpreader.initial(), { replicas: { a: 0, b: 0, c: 0 }, healthy: { a: true, b: true, c: true } });
});

test("a state given with some keys of a map keeps the rest at their initial values, and the caller's objects are never changed", () => {
  const given = { replicas: { b: 7 } };
  const r = ZoneSpreader.reconcile(given);
  assert.equal(given, { replicas: { b: 7 } });
  // Each tick tries drain(a..c), add(a..c), trim(a..c) in turn and takes the first valid one.
  assert.equal(r.transitions, ["add(a)", "add(a)", "add(c)", "add(c)", "trim(b)", "trim(b)", "trim(b)", "trim(b)", "trim(b)"]);
  assert.equal(r.state.replicas, { a: 2, b: 2, c: 2 });
});

test("an unknown key, a wrong value, a map given as a number, and a value outside the map's range are refused, saying which key", () => {
  const refused = (input) => {
    try {
      ZoneSpreader.reconcile(input);
    } catch (e) {
      return e.message;
    }
    assert.unreachable(`accepted ${JSON.stringify(input)}`);
  };
  assert.is(refused({ replicas: { d: 1 } }), "ZoneSpreader: the state sets 'replicas[d]', but 'replicas' is keyed by Zone, which has no member 'd' (members: a, b, c)");
  assert.is(refused({ replicas: { a: "2" } }), `ZoneSpreader: the state sets 'replicas[a]' to "2", but each value of 'replicas' is an int (a safe integer)`);
  assert.is(refused({ healthy: { c: 1 } }), "ZoneSpreader: the state sets 'healthy[c]' to 1, but each value of 'healthy' is a bool (true or false)");
  assert.is(refused({ replicas: 3 }), "ZoneSpreader: the state sets 'replicas' to 3, but 'replicas' is a map from Zone (an object with keys among a, b, c), each value an int (a safe integer)");
  assert.is(refused({ replicas: [1, 2, 3] }), "ZoneSpreader: the state sets 'replicas' to an array, but 'replicas' is a map from Zone (an object with keys among a, b, c), each value an int (a safe integer)");
  assert.match(refused({ replicas: { a: 11 } }), "would break invariant 'replicas[Zone.a] in 0..10'");
  assert.match(refused(JSON.parse('{"replicas": {"__proto__": 1}}')), "no member '__proto__'");
});

test("a live instance: an observation patches one key and leaves the others; it heals in both directions; the events and journal name per-key transitions", async () => {
  const pool = await ZoneSpreader.create({ id: "z" }).start();
  cleanup(() => pool.stop());
  const seen = [];
  pool.on("transition", (e) => seen.push(e.name));
  assert.equal((await pool.settled()).state.replicas, { a: 2, b: 2, c: 2 });
  await pool.observe({ replicas: { b: 0 } });
  assert.equal((await pool.settled()).state, { replicas: { a: 2, b: 2, c: 2 }, healthy: { a: true, b: true, c: true } });
  await pool.observe({ healthy: { c: false } });
  assert.equal((await pool.settled()).state, { replicas: { a: 2, b: 2, c: 0 }, healthy: { a: true, b: true, c: false } });
  assert.equal(seen, ["add(b)", "add(b)", "drain(c)", "drain(c)"]);
  const refused = await pool.observe({ healthy: { q: true } }).then(() => null, (e) => e);
  assert.is(refused?.message, "ZoneSpreader: observation sets 'healthy[q]', but 'healthy' is keyed by Zone, which has no member 'q' (members: a, b, c)");
  assert.equal(pool.getState().healthy, { a: true, b: true, c: false }, "nothing of it applied");
});

test("a file store keeps maps across a restart: the journal records each changed map whole, and nothing unchanged", async () => {
  const { ZoneSpreader: Z, fileStore } = await load(spreaderSource, "zone-spreader.ved");
  const dir = tempDir("maps-store");
  const a = await Z.create({ id: "z", store: fileStore(dir) }).start();
  cleanup(() => a.stop());
  await a.settled();
  await a.observe({ replicas: { a: 9 } });
  await a.settled();
  await a.stop();
  const folder = join(dir, "z");
  const text = readdirSync(folder).filter((f) => f.startsWith("journal-")).map((f) => readFileSync(join(folder, f), "utf8")).join("");
  const records = text.split("\n").filter(Boolean).flatMap((line) => JSON.parse(line.slice(line.indexOf(" ") + 1)));
  const sets = records.filter((r) => r.t === "observe" || r.t === "transition").map((r) => r.set);
  assert.equal(sets.find((s) => s.replicas?.a === 9), { replicas: { a: 9, b: 2, c: 2 } }, "the observation's patch is recorded as the whole map it made");
  assert.ok(sets.length >= 8 && sets.every((s) => !("healthy" in s)), "an unchanged map is never recorded as a change");
  const b = await Z.create({ id: "z", store: fileStore(dir), state: { replicas: { a: 0 } } }).start();
  cleanup(() => b.stop());
  assert.equal((await b.settled()).state, { replicas: { a: 2, b: 2, c: 2 }, healthy: { a: true, b: true, c: true } });
});

test("quantifiers and folds in goals, guards, lets and steps: all, any, sum, count, min, max; a key of a field's enum type reads a map", async () => {
  const { Q } = await load(`enum Zone { a, b, c }
domain Q {
  state {
    load: map<Zone, int>
    home: Zone = Zone.b
    note: string
  }
  let total = sum(z in Zone: load[z])
  let idle = count(z in Zone: load[z] == 0)
  goal noted: note != ""
  transition describe when any z in Zone: load[z] > 0 {
    step {
      note = "total \\(total), idle \\(idle), min \\(min(z in Zone: load[z])), max \\(max(z in Zone: load[z])), home \\(load[home]), all busy \\(all z in Zone: load[z] > 0)"
    }
  }
  transition empty when all z in Zone: load[z] == 0 {
    step { note = "empty" }
  }
}`);
  assert.is(Q.reconcile({ load: { a: 3, b: 0, c: 5 } }).state.note, "total 8, idle 1, min 0, max 5, home 0, all busy false");
  assert.is(Q.reconcile({ load: { a: 1, b: 2, c: 3 }, home: "c" }).state.note, "total 6, idle 0, min 1, max 3, home 3, all busy true");
  assert.is(Q.reconcile({}).state.note, "empty");
});

test("a sum that overflows an int is an error located at the fold, not a wrong number", async () => {
  const { S } = await load(`enum K { x, y }
domain S {
  state { v: map<K, int>; t: int }
  goal t == 1
  transition total { step { t = sum(k in K: v[k]) } }
}`, "s.ved");
  const r = S.reconcile({ v: { x: Number.MAX_SAFE_INTEGER, y: 1 } });
  assert.is(r.status, "error");
  assert.match(r.error.message, "int overflow");
  assert.match(r.error.message, "at s.ved:5:33", "the fold `sum(k in K: v[k])`");
});

test("two keys: a per-key transition over two enums is tried for every pair, the last key fastest, named move(a, x)", async () => {
  const { M } = await load(`enum Zone { a, b }
enum Tier { x, y }
domain M {
  state { n: map<Zone, int>; moved: int }
  goal moved == 2
  transition move(z: Zone, t: Tier) when n[z] < 1 && t == Tier.y {
    step { n[z] += 1; moved += 1 }
  }
}`);
  assert.equal(M.meta.transitions.map((t) => t.name), ["move(a, x)", "move(a, y)", "move(b, x)", "move(b, y)"]);
  assert.equal(M.reconcile({}).transitions, ["move(a, y)", "move(b, y)"]);
});

// ---- what the compiler says ------------------------------------------------------

const errors = (source) => check(source, { filename: "e.ved" }).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}${d.hint ? ` | ${d.hint}` : ""}`);

test("mistakes with maps are located and say what to write instead", () => {
  const program = (body, state = "replicas: map<Zone, int>") => `enum Zone { a, b }\ndomain D {\n  state { ${state}; x: int }\n  ${body}\n}`;
  assert.equal(errors(program("invariant replicas == 1")), ["VED0241 4:13 'replicas' is a map, read one key at a time | write `replicas[Zone.a]`, or fold it: `sum(z in Zone: replicas[z])`, `all z in Zone: replicas[z] == ...`"]);
  assert.equal(errors(program("transition t { step { replicas = 1 } }")), ["VED0241 4:25 'replicas' is a map, assigned one key at a time | write `replicas[Zone.a] = ...`; a per-key transition sets every key: `transition t(z: Zone) ...`"]);
  assert.equal(errors(program("invariant x[Zone.a] == 1")), ["VED0241 4:13 'x' is not a map, so it has no keys | declare it as one, `x: map<Zone, ...>`, or read it whole: `x`"]);
  assert.equal(errors(program("invariant replicas[1] == 1")), ["VED0242 4:22 'replicas' is keyed by a Zone, but this key is an int | a map's keys are the members of its enum, Zone.a, Zone.b: write replicas[Zone.a]"]);
  assert.equal(errors(program("invariant all z in Zone: replicas[z]")), ["VED0243 4:28 the body of `all` must be a bool, but this is an int | compare it: `all z in Zone: replicas[z] >= 1`"]);
  assert.equal(errors(program("invariant sum(z in Zone: replicas[z] > 0) > 1")), ["VED0243 4:28 `sum` needs a number (an int or a float) for each member, but this is a bool | to count the members where it holds: count(z in Zone: ...)"]);
  assert.equal(errors(program("invariant all x in Zone: true")), ["VED0126 4:17 'x' is already a field here | give the key another name, e.g. `z`"]);
  assert.equal(errors(program("invariant all z in int: true")), ["VED0125 4:22 `all` must range over an enum, but 'int' is not one | write the enum whose members it reads: `all z in Zone: ...`"]);
  assert.equal(errors(program("", "replicas: map<int, int>")), ["VED0125 3:25 a map's keys must be an enum's members, but 'int' is not an enum | declare the keys, `enum Zone { a, b, c }`, and write `map<Zone, ...>`"]);
  assert.equal(errors(program("transition t(z: int) { step { x = 1 } }")), ["VED0125 4:19 key 'z' of transition 't' must be over an enum, but 'int' is not one | a per-key transition is tried once per member of an enum: `transition t(z: Zone)`"]);
  assert.equal(errors(program("transition t(z: Zone) { step { z = Zone.a } }")), ["VED0112 4:34 'z' is a key, not a state field | a key names each member in turn and is read-only; assign to a field"]);
  assert.equal(errors(program("invariant all z in Zne: true")).map((e) => e.split(" | ")[1]), ["did you mean 'Zone'?"]);
});

test("a map's initial value may follow its `>` without a space (`map<Zone, bool>=true`, which the scanner reads as `>=`)", async () => {
  const { D } = await load("enum Zone { a, b }\ndomain D {\n  state {\n    up: map<Zone, bool>=true\n    n: map<Zone, int in 0..5>=2\n  }\n}");
  assert.equal(D.initial(), { up: { a: true, b: true }, n: { a: 2, b: 2 } });
});

test("vedc check takes the zone spreader as it is: no error, no warning", () => {
  assert.equal(check(spreaderSource, { filename: "zone-spreader.ved" }).diagnostics, []);
});

test("the .d.ts types each map as a record of its members, and a patch as some of its keys", async () => {
  const result = await compile(spreaderSource, { filename: "zone-spreader.ved", format: false });
  assert.match(result.code, 'replicas: Readonly<Record<"a" | "b" | "c", number>>');
  assert.match(result.code, 'healthy: Readonly<Record<"a" | "b" | "c", boolean>>');
});

test("vedc run sets and observes one key (replicas[b]=4), prints maps as {a: 0, b: 4, c: 0} and each change key by key; a bad key is one located line, exit 1", async () => {
  const run = await cli(["run", "examples/zone-spreader.ved", "--state", "replicas[b]=4", "--observe", "healthy[a]=false"]);
  assert.is(run.status, 0, run.stderr);
  const lines = run.stdout.split("\n");
  assert.ok(lines.includes("  state  replicas = {a: 0, b: 4, c: 0}, healthy = {a: true, b: true, c: true}"), run.stdout);
  assert.ok(lines.includes("  tick 5: spread fails → trim(b): replicas[b] 4 → 3"), run.stdout);
  assert.ok(lines.includes("  tick 7: spread fails → drain(a): replicas[a] 2 → 1"), run.stdout);
  assert.ok(lines.includes("final: converged after 8 ticks, replicas = {a: 0, b: 2, c: 2}, healthy = {a: false, b: true, c: true}"), run.stdout);
  const bad = await cli(["run", "examples/zone-spreader.ved", "--state", "replicas[q]=4"]);
  assert.is(bad.status, 1);
  assert.is(bad.stderr, "vedc: ZoneSpreader: the initial state sets 'replicas[q]', but 'replicas' is keyed by Zone, which has no member 'q' (members: a, b, c)\n");
  const twice = await cli(["run", "examples/zone-spreader.ved", "--state", "replicas[a]=4,replicas[a]=1"]);
  assert.is(twice.status, 1);
  assert.match(twice.stderr, "'replicas[a]' is set twice");
});

test.run();
