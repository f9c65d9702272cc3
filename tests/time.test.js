// Time in the language: the `time` and `duration` types, duration literals,
// `now`; the instants at which a goal or guard changes its answer by time
// alone (derived by the compiler, strict edges to the millisecond); and the
// pure loop given the clock as an input: `reconcile(state, { now })`, with
// `waiting` and `until`.
import { tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { check, compile, formatSource } from "../lib/compiler/index.js";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { durationText, timeText } from "../lib/runtime/time-text.js";
import { cli, load } from "./helpers.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const T = Date.UTC(2026, 11, 1, 10); // 2026-12-01T10:00:00.000Z
const S = 1000;

const scaler = `domain Scaler {
  state {
    workers: int
    demand: int
    last_scaled: time
  }
  param cooldown: duration = 1m
  goal workers == demand
  transition scale_up when workers < demand && now - last_scaled >= cooldown {
    step {
      workers += 1
      last_scaled = now
    }
  }
  transition scale_down when workers > demand {
    step {
      workers -= 1
    }
  }
}
`;

/** The errors of `source`, as `code line:col`. */
function errors(source) {
  return check(source).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`);
}

/** The one error of a domain `body`, with its message and hint. */
function only(body) {
  const { diagnostics } = check(`domain D {\n${body}\n}`);
  const found = diagnostics.filter((d) => d.severity === "error");
  assert.is(found.length, 1, found.map((d) => `${d.code} ${d.message}`).join("\n"));
  assert.ok(found[0].hint, `${found[0].code} has a hint`);
  return found[0];
}

// ---- syntax -------------------------------------------------------------------------

test("duration literals mean milliseconds; a sum is just +; a time field starts at the epoch", () => {
  const { ir } = check(`domain D {
  state { t: time; d: duration = 1m30s; e: duration = -250ms }
  param a: duration = 250ms
  param b: duration = 30s
  param c: duration = 2h
  param e2: duration = 1d
  let sum = 1m + 30s
  goal d == sum && now - t >= a + b + c + e2
}`);
  const d = ir.domains[0];
  assert.equal(d.fields.map((f) => [f.name, f.type.kind, f.initial]), [["t", "time", 0], ["d", "duration", 90_000], ["e", "duration", -250]]);
  assert.equal(d.params.map((p) => p.default), [250, 30_000, 7_200_000, 86_400_000]);
  assert.is(d.clock.readsNow, true);
});

test("vedc fmt prints durations and now back as written, and is stable", async () => {
  const source = "domain D { state { t: time\n d: duration = -250ms }\n param max_age: duration = 1d\n let age = now-t\n goal fresh: age < max_age && now >= t + 1h30m\n transition t1 when !(now - t < max_age) { step { t = now; d += 1m } } }\n";
  const once = (await formatSource(source)).formatted;
  assert.ok(once.includes("let age = now - t"), once);
  assert.ok(once.includes("goal fresh: age < max_age && now >= t + 1h30m"), once);
  assert.ok(once.includes("d: duration = -250ms"), once);
  assert.is((await formatSource(once)).formatted, once);
});

test("a time prints as ISO 8601, a duration as a Ved literal that reads back as the same value", () => {
  assert.is(timeText(T), "2026-12-01T10:00:00.000Z");
  assert.is(timeText(0), "1970-01-01T00:00:00.000Z");
  assert.equal([90_000, 60_000, 250, 0, -1500, 86_400_000 + 1].map(durationText), ["1m30s", "1m", "250ms", "0s", "-1s500ms", "1d1ms"]);
  const { ir } = check("domain D { state { d: duration = 1m30s } }");
  assert.is(durationText(ir.domains[0].fields[0].initial), "1m30s");
});

// ---- types ---------------------------------------------------------------------------

test("the arithmetic of time and duration type-checks", () => {
  assert.equal(
    errors(`domain D {
  state { t: time; u: time; d: duration; n: int }
  let a = t - u
  let b = t + d
  let c = d + t
  let e = t - d
  let f = d - d
  let g = d * 2
  let h = 3 * d
  let i = d / 2
  let j = -d
  goal a < d && b >= c && e != u && f == g && h <= i && j > d && t == u
  transition s { step { t = now; t += 1s; t -= d; d *= 2; d += 5m; u = t + d } }
}`),
    [],
  );
});

test("every misuse of time is a located error with its code and a hint", () => {
  const cases = [
    ["  state { t: time; u: time }\n  goal t + u == t", "VED0213", "adds two times"],
    ["  state { t: time }\n  goal now - t >= 60", "VED0213", "compares a duration with an int"],
    ["  state { t: time; n: int }\n  goal t > n", "VED0213", "compares a time with an int"],
    ["  state { d: duration; t: time }\n  goal d - t == d", "VED0213", "subtracts a time from a duration"],
    ["  state { d: duration }\n  goal d * d == d", "VED0213", "multiplies a duration and a duration"],
    ["  state { d: duration }\n  goal d * 1.5 == d", "VED0213", "multiplies a duration and a float"],
    ["  goal now % 2 == 0", "VED0213", "remainder"],
    ["  state { t: time }\n  goal now * 2 == t", "VED0213", "multiplies a time"],
    ["  state { t: time }\n  goal -t == t", "VED0213", "negates a time"],
    ["  state { d: duration }\n  transition x { step { d = 5 } }", "VED0203", "is a duration, but this value is an int"],
    ["  state { t: time }\n  transition x { step { t = 5 } }", "VED0203", "is a time, but this value is an int"],
    ["  state { t: time }\n  transition x { step { t *= 2 } }", "VED0213", "'t *=' needs a duration"],
    ["  state { n: int }\n  transition x { step { n += 1s } }", "VED0213", "'n +=' needs an int, but this value is a duration"],
    ["  param cooldown: duration = 60", "VED0206", "is a duration, but its initial value is an int"],
    ["  state { t: time = 5 }", "VED0206", "is a time, but its initial value is an int"],
    ["  param big: duration = 104249991375d", "VED0212", "outside the range of a duration"],
    ["  state { t: time }\n  goal (now - t) * 2 >= 1s", "VED0214", "multiplies a duration that reads `now`"],
    ["  state { t: time }\n  goal (now - t) / 2 >= 1s", "VED0214", "divides a duration that reads `now`"],
    ["  state { a: time; b: time }\n  goal (now - a) + (now - b) < 1m", "VED0214", "`now` counts 2 times"],
    ["  state { t: time }\n  invariant now - t < 1d", "VED0215", "reads `now`"],
    ["  state { t: time }\n  let age = now - t\n  invariant fresh: age < 1d", "VED0215", "invariant 'fresh' reads `now`"],
    ["  state { t: time; n: int }\n  goal n == 1\n  transition x { step { t = now; if now - t >= 1s { n = 1 } } }", "VED0216", "'t', which the step has assigned before it"],
    ["  state { d: duration }\n  goal min(d, d) == d", "VED0208", "min needs numbers, but this is a duration"],
  ];
  for (const [body, code, words] of cases) {
    const d = only(body);
    assert.is(d.code, code, `${body}: ${d.code} ${d.message}`);
    assert.ok(d.message.includes(words), `${body}: ${d.message}`);
    assert.ok(d.span.start.line >= 2, `${body}: located at ${d.span.start.line}:${d.span.start.col}`);
  }
});

test("the refusals point at the expression refused", () => {
  assert.equal(errors("domain D {\n  state { t: time }\n  goal (now - t) * 2 >= 1s\n}"), ["VED0214 3:8"]);
  assert.equal(errors("domain D {\n  goal now % 2 == 0\n}"), ["VED0213 2:12"]);
  assert.equal(errors("domain D {\n  param big: duration = 104249991375d\n}"), ["VED0212 2:25"]);
});

test("vedc check: a misuse of time exits 1 with the code, the place and the hint", async () => {
  const dir = tempDir("time");
  const file = join(dir, "bad.ved");
  writeFileSync(file, "domain D {\n  state { last: time }\n  goal now - last >= 60\n}\n");
  const r = await cli(["check", file]);
  assert.is(r.status, 1);
  assert.ok(r.stderr.includes("VED0213"), r.stderr);
  assert.ok(r.stderr.includes("bad.ved:3"), r.stderr);
  assert.ok(r.stderr.includes("30s"), r.stderr);
});

// ---- wake instants ----------------------------------------------------------------------

/** The domain's `until(state, params, now)` through its unchecked functions. */
async function untilOf(source) {
  const mod = await load(source);
  const domain = Object.values(mod).find((d) => d && d.meta);
  return (state, now) => domain.unchecked.until({ ...domain.initial(), ...state }, domain.params(), now);
}

test("every linear form wakes at its instant, and a strict edge one millisecond later", async () => {
  const forms = [
    ["now - t >= 10s", T + 10 * S],
    ["now - t > 10s", T + 10 * S + 1],
    ["now < t + 10s", T + 10 * S],
    ["now <= t + 10s", T + 10 * S + 1],
    ["t + 10s <= now", T + 10 * S],
    ["t + 10s < now", T + 10 * S + 1],
    ["now - t < 10s", T + 10 * S],
    ["10s <= now - t", T + 10 * S],
    ["t - now > -10s", T + 10 * S],
    ["-(now - t) >= -10s", T + 10 * S + 1],
    ["now - 10s == t", T + 10 * S],
  ];
  for (const [form, instant] of forms) {
    const until = await untilOf(`domain D {
  state { t: time; done: bool }
  goal done
  transition x when ${form} { step { done = true } }
}`);
    assert.is(until({ t: T }, T), instant, `${form}: at ${T}`);
    assert.is(until({ t: T }, instant - 1), instant, `${form}: a millisecond before`);
    // At the instant itself the answer has changed: the next change, if any, is later.
    const after = until({ t: T }, instant);
    assert.ok(after === null || after > instant, `${form}: at the instant, ${after}`);
  }
});

test("property: a comparison with now keeps its answer until the instant until names, and has changed it there", async () => {
  const forms = ["now - t OP d", "d OP now - t", "t + d OP now", "now OP t + d", "t - now OP d", "-(now - t) OP -d", "now - d OP t", "now OP t"];
  const ops = ["<", "<=", ">", ">=", "==", "!="];
  const cases = forms.flatMap((f, i) => ops.map((op, j) => ({ name: `F${i}_${j}`, form: f.replace("OP", op) })));
  const source = cases.map((c) => `domain ${c.name} {\n  state { t: time; d: duration }\n  goal ${c.form}\n}\n`).join("");
  const mod = await load(source);
  fc.assert(
    fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e5, max: 1e5 }), fc.integer({ min: -2e6, max: 2e6 }), (t, d, now) => {
      const points = [t, t + d, t - d].flatMap((k) => [k - 2, k - 1, k, k + 1, k + 2]).concat([now + 1, now + 1e7]);
      for (const c of cases) {
        const D = mod[c.name];
        const holds = (x) => D.unchecked.converged({ t, d }, {}, x);
        const until = D.unchecked.until({ t, d }, {}, now);
        const at = `${c.form} with t=${t} d=${d} now=${now}: until ${until}`;
        if (until !== null) {
          assert.ok(until > now, at);
          assert.is.not(holds(until), holds(now), `${at}: the answer has changed at until`);
          assert.is(holds(until - 1), holds(now), `${at}: not a millisecond before`);
        }
        for (const x of points) if (x > now && (until === null || x < until)) assert.is(holds(x), holds(now), `${at}: unchanged at ${x}`);
      }
    }),
    { numRuns: 200 },
  );
});

test("the strict edge is exact: the guard's answer changes at the instant until names, not a millisecond before", async () => {
  for (const op of [">=", ">", "<", "<="]) {
    const mod = await load(`domain D {
  state { t: time; n: int }
  goal n == 1
  transition x when now - t ${op} 10s { step { n = 1 } }
}`);
    const applied = (now) => mod.D.reconcile({ t: T }, { now }).status === "converged";
    const until = mod.D.unchecked.until({ t: T, n: 0 }, mod.D.params(), T);
    assert.is(applied(until - 1), applied(T), `${op}: unchanged a millisecond before ${until - T} ms`);
    assert.is.not(applied(until), applied(T), `${op}: changed at ${until - T} ms`);
  }
});

test("through lets and step locals; the earliest of several; null when time changes nothing", async () => {
  const until = await untilOf(`domain D {
  state { a: time; b: time; n: int }
  param grace: duration = 5s
  let deadline = a + grace
  goal n == 2
  transition x when now >= deadline { step { n = 1 } }
  transition y { step {
    let waited = now - b
    if waited > 1m { n = 2 }
  } }
}`);
  assert.is(until({ a: T, b: T }, T), T + 5 * S);
  assert.is(until({ a: T, b: T }, T + 5 * S), T + 60 * S + 1);
  assert.is(until({ a: T, b: T }, T + 60 * S + 1), null);
  const none = await untilOf(scaler.replace("now - last_scaled >= cooldown", "true"));
  assert.is(none({ workers: 0, demand: 1 }, T), null);
});

test("a guard tested before the step assigns its field wakes at the old value's instant", async () => {
  const until = await untilOf(`domain D {
  state { last: time; n: int }
  goal n == 3
  transition x { step { if now - last >= 1m { last = now; n += 1 } } } }`);
  assert.is(until({ last: T, n: 1 }, T), T + 60 * S);
});

// ---- the pure loop, the clock an input ------------------------------------------------------

test("reconcile(state, { now }) waits for a cooldown, with until, and is the same every time", async () => {
  const { Scaler } = await load(scaler);
  assert.is(Scaler.meta.readsNow, true);
  assert.equal(Scaler.meta.fields.map((f) => f.type), ["int", "int", "time"]);
  assert.equal(Scaler.meta.params.map((p) => [p.type, p.default]), [["duration", 60_000]]);
  const first = Scaler.reconcile({ demand: 3 }, { now: T });
  assert.equal(first, { state: { workers: 1, demand: 3, last_scaled: T }, status: "waiting", transitions: ["scale_up"], effects: [], failing: ["workers == demand"], until: T + 60 * S });
  for (let i = 0; i < 3; i++) assert.equal(Scaler.reconcile({ demand: 3 }, { now: T }), first);
  // A millisecond before the cooldown ends nothing changes; at its end the next scale-up.
  assert.equal(Scaler.reconcile(first.state, { now: T + 60 * S - 1 }).transitions, []);
  assert.is(Scaler.reconcile(first.state, { now: T + 60 * S - 1 }).until, T + 60 * S);
  const second = Scaler.reconcile(first.state, { now: T + 60 * S });
  assert.equal([second.state.workers, second.status, second.until], [2, "waiting", T + 120 * S]);
  // Scaling down needs no cooldown; converged, with nothing that expires, carries no until.
  const down = Scaler.reconcile({ workers: 3, demand: 1, last_scaled: T }, { now: T });
  assert.equal([down.status, down.state.workers, "until" in down], ["converged", 1, false]);
  assert.equal(Scaler.reconcile({ demand: 3 }, { now: T, params: { cooldown: 0 } }).state.workers, 3);
});

test("a goal that expires: converged, with until the instant it fails", async () => {
  const { Backup } = await load(`domain Backup {
  state { last_backup: time }
  param max_age: duration = 1d
  goal fresh: now - last_backup < max_age
  transition back_up { step { last_backup = now } }
}`);
  const done = Backup.reconcile({}, { now: T });
  assert.equal(done, { state: { last_backup: T }, status: "converged", transitions: ["back_up"], effects: [], failing: [], until: T + 86_400_000 });
  assert.equal(Backup.reconcile(done.state, { now: T + 86_400_000 - 1 }).transitions, []);
  assert.equal(Backup.reconcile(done.state, { now: T + 86_400_000 }).transitions, ["back_up"]);
});

test("a wait that can never end is stuck, not waiting", async () => {
  const { D } = await load(`domain D {
  state { t: time; n: int }
  goal n == 1
  transition x when now < t { step { n = 1 } }
}`);
  const r = D.reconcile({ t: T }, { now: T + S });
  assert.equal([r.status, "until" in r], ["stuck", false]);
});

test("a domain that reads now, reconciled without it, says to pass { now }; a bad now is refused", async () => {
  const { Scaler } = await load(scaler);
  assert.throws(() => Scaler.reconcile({ demand: 1 }), (e) => e instanceof TypeError && e.message.includes("Scaler reads `now`") && e.message.includes("{ now }"));
  assert.throws(() => Scaler.reconcile({}, { now: 1.5 }), /Scaler: now must be milliseconds/);
  assert.throws(() => Scaler.tick({ demand: 1 }), /\{ now \}/);
  assert.equal(Scaler.tick({ demand: 1, last_scaled: T }, { now: T + S }), { kind: "waiting", failing: ["workers == demand"], until: T + 60 * S });
  // A domain that does not read now needs none, and reports no until.
  const { D } = await load("domain D {\n  state { n: int }\n  goal n == 1\n  transition x { step { n = 1 } }\n}");
  assert.equal([D.meta.readsNow, D.reconcile({}).status, D.unchecked.until({ n: 0 }, {}, T)], [false, "converged", null]);
});

test("a time or duration from outside is a safe integer of milliseconds, a time within a Date's range", async () => {
  const { Scaler } = await load(scaler);
  assert.throws(() => Scaler.reconcile({ last_scaled: 1.5 }, { now: T }), /'last_scaled' is a time \(milliseconds since the epoch/);
  assert.throws(() => Scaler.reconcile({ last_scaled: 9e15 }, { now: T }), /'last_scaled' is a time/);
  assert.throws(() => Scaler.reconcile({}, { now: T, params: { cooldown: "1m" } }), /'cooldown' is a duration/);
  assert.is(Scaler.reconcile({ last_scaled: -5 }, { now: T }).state.workers, 0);
});

test("the generated .d.ts types times and durations as milliseconds, with their defaults in Ved's words", async () => {
  const dir = tempDir("time");
  const file = join(dir, "scaler.ved");
  writeFileSync(file, scaler);
  const r = await cli(["build", file, "--outdir", join(dir, "dist")]);
  assert.is(r.status, 0, r.stderr);
  const dts = readFileSync(join(dir, "dist", "scaler.d.ts"), "utf8");
  assert.ok(/time \(milliseconds since the Unix epoch, a safe integer\), initially 1970-01-01T00:00:00\.000Z \*\/\s*last_scaled: number;/.test(dts), dts.slice(0, 2000));
  assert.ok(/duration \(milliseconds, a safe integer\), by default 1m \*\/\s*cooldown: number;/.test(dts));
});

test("the emitted module of a domain that reads now, in steps, lets, outcomes and effect arguments, is valid TypeScript", async () => {
  const source = `domain Lease {
  state { holder: string; expires: time; renewals: int }
  param term: duration = 30s
  effect notify(at: time, remaining: duration) {
    done { renewals += 1; expires = now + term }
  }
  let left = expires - now
  goal held: holder != "" && left > 0s
  transition acquire when holder == "" || now >= expires {
    step {
      holder = "me"
      expires = now + term
      notify(now, left)
    }
  }
}
`;
  const runtimeModule = fileURLToPath(new URL("../lib/runtime/index.js", import.meta.url));
  const { code } = await compile(source, { filename: "lease.ved", runtimeModule });
  const name = "/virtual/lease.ts";
  const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => (file === name ? ts.createSourceFile(file, code, language, true) : getSourceFile(file, language, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === name || fileExists(file);
  const program = ts.createProgram([name], options, host);
  const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  assert.equal(problems, []);
  const { Lease } = await load(source);
  const r = Lease.reconcile({}, { now: T });
  assert.equal([r.status, r.state.holder, r.state.expires, r.until, r.effects], ["converged", "me", T + 30 * S, T + 30 * S, [{ name: "notify", args: { at: T, remaining: 30 * S } }]]);
});

test("vedc run prints times and durations in Ved's words, and reads them so", async () => {
  const dir = tempDir("time");
  const file = join(dir, "backup.ved");
  writeFileSync(file, "domain Backup {\n  state { last_backup: time; n: int }\n  param max_age: duration = 1d\n  goal n == 1 && max_age > 0s\n  transition t { step { n = 1 } }\n}\n");
  const r = await cli(["run", file, "--state", "last_backup=2026-12-01T10:00:00Z", "--param", "max_age=1h30m"]);
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes("state  last_backup = 2026-12-01T10:00:00.000Z, n = 0"), r.stdout);
  assert.ok(r.stdout.includes("params max_age = 1d (given: max_age = 1h30m)"), r.stdout);
  const bad = await cli(["run", file, "--param", "max_age=soon"]);
  assert.is(bad.status, 1);
  assert.ok(bad.stderr.includes("'max_age' is a duration"), bad.stderr);
});

test("vedc verify explores a domain that reads now by the ages of its time fields (tests/verify-time.test.js has the rest)", async () => {
  const dir = tempDir("time");
  const file = join(dir, "scaler.ved");
  writeFileSync(file, scaler);
  const r = await cli(["verify", file, "--bound", "workers=0..3", "--bound", "demand=0..3"]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.ok(r.stdout.includes("Scaler: verified — all 64 states converge within 3 ticks"), r.stdout);
});

test.run();
