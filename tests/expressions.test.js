// The expressions of issue 19: string interpolation ("disk at \(used)%"),
// the conditional expression (if c then a else b) and implication (a => b).
// What a user sees: the text an effect receives, the values goals, lets,
// guards and steps compute, what `vedc fmt` writes, the errors and where
// they point, and `vedc verify` over programs using them.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { check, formatSource } from "../lib/compiler/index.js";
import { verifyDomain } from "../lib/compiler/6-verify/verify.js";
import { formatVerification } from "../lib/compiler/6-verify/report.js";
import { load } from "./helpers.js";

const errors = (source) => check(source, { filename: "e.ved" }).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}${d.hint ? ` | ${d.hint}` : ""}`);

// ---- interpolation ---------------------------------------------------------------

test('an alert effect receives exactly "disk at 99% on a" from "disk at \\(used_pct)% on \\(zone)"', async () => {
  const { Disk } = await load(`enum Zone { a, b }
domain Disk {
  state {
    used_pct: int = 99
    zone: Zone
    alerted: bool
  }
  effect alert(text: string)
  goal alerted
  transition warn when !alerted {
    step {
      alert("disk at \\(used_pct)% on \\(zone)")
      alerted = true
    }
  }
}`);
  assert.equal(Disk.reconcile({}).effects, [{ name: "alert", args: { text: "disk at 99% on a" } }]);
  assert.equal(Disk.reconcile({ used_pct: 7, zone: "b" }).effects, [{ name: "alert", args: { text: "disk at 7% on b" } }]);
});

test("every scalar type prints in Ved's words: ints, floats, bools, enum members, strings, times (ISO 8601, UTC), durations (1m30s)", async () => {
  const { Show } = await load(`enum Phase { idle, scaling }
domain Show {
  state {
    n: int
    ratio: float
    ok: bool
    phase: Phase
    name: string
    at: time
    wait: duration
    text: string
  }
  goal text == "n=\\(n) ratio=\\(ratio) ok=\\(ok) phase=\\(phase) name=\\(name) at=\\(at) wait=\\(wait)"
  transition show {
    step {
      text = "n=\\(n) ratio=\\(ratio) ok=\\(ok) phase=\\(phase) name=\\(name) at=\\(at) wait=\\(wait)"
    }
  }
}`);
  const run = (state) => Show.reconcile(state).state.text;
  assert.is(run({}), "n=0 ratio=0 ok=false phase=idle name= at=1970-01-01T00:00:00.000Z wait=0s");
  assert.is(
    run({ n: -42, ratio: 0.25, ok: true, phase: "scaling", name: "pool-😀", at: Date.UTC(2026, 11, 1, 10, 0, 0), wait: 90_000 }),
    "n=-42 ratio=0.25 ok=true phase=scaling name=pool-😀 at=2026-12-01T10:00:00.000Z wait=1m30s",
  );
  assert.is(run({ ratio: 1e21, wait: -250 }), "n=0 ratio=1e+21 ok=false phase=idle name= at=1970-01-01T00:00:00.000Z wait=-250ms");
});

test("an interpolation holds any expression: arithmetic, calls, a conditional, a nested interpolated string, and the escapes stay as they were", async () => {
  const { Nest } = await load(`domain Nest {
  state {
    n: int = 4
    ok: bool
    text: string
  }
  goal text != ""
  transition t when text == "" {
    step {
      text = "sum \\(n + 1), max \\(max(n, 10)), \\(if ok then "yes" else "no"), \\("inner \\(n * 2)"), \\"q\\" \\\\ \\u{41}\\t(\\(n))"
    }
  }
}`);
  assert.is(Nest.reconcile({}).state.text, 'sum 5, max 10, no, inner 8, "q" \\ A\t(4)');
  assert.is(Nest.reconcile({ ok: true, n: -1 }).state.text, 'sum 0, max 10, yes, inner -2, "q" \\ A\t(-1)');
});

test("an interpolated string's type is string, its holes are checked, and an unclosed or malformed one is a located error", () => {
  const domain = (goal) => `domain D {\n  state {\n    used: int\n    label: string\n  }\n  goal ${goal}\n}`;
  assert.equal(errors(domain('label == "at \\(used)"')), []);
  assert.equal(errors(domain('used == "at \\(used)"')), ["VED0200 6:13 '==' compares an int with a string | both sides must have the same type"]);
  assert.equal(errors(domain('label == "at \\(nope)"')), ["VED0100 6:23 unknown name 'nope' in domain 'D' | the names here are used, label"]);
  assert.equal(errors(domain('label == "at \\(used"')), ['VED0020 6:21 this interpolation is never closed | close it with `)` before the string goes on: "disk at \\(used)%"']);
  assert.equal(errors(domain('label == "at \\(used + )"')), ["VED0003 6:30 unexpected ')': expected an expression"]);
  assert.equal(errors(domain('label == "at \\()"')), ["VED0003 6:23 unexpected ')': expected an expression"]);
  assert.equal(errors(domain('label == "at \\q"')), ["VED0010 6:21 unknown escape '\\q' in a string | the escapes are \\\" \\\\ \\n \\t \\r and \\u{...}, and \\( opens an interpolation: \"at \\(workers)\""]);
  assert.match(errors(domain('label == "at \\(used) \\q"'))[0], /^VED0010 6:29 unknown escape/);
  // `\\(` is a backslash and a parenthesis, as before.
  assert.equal(errors(domain('label == "at \\\\(used)"')), []);
});

// ---- the conditional expression -----------------------------------------------------

test("if c then a else b in a let, a goal, a guard and a step: the value of the branch its condition picks", async () => {
  const { Heat } = await load(`domain Heat {
  state {
    temp: int in 0..30 = 10
    level: int in 0..3
    mode: string
  }
  let want = if temp < 18 then 2 else 0
  goal level == want
  goal mode == (if level > 0 then "heating" else "idle")
  transition step_level when (if level < want then true else level > want) {
    step {
      level = if level < want then level + 1 else level - 1
    }
  }
  transition name {
    step {
      mode = if level > 0 then "heating" else "idle"
    }
  }
}`);
  assert.equal(Heat.reconcile({}).state, { temp: 10, level: 2, mode: "heating" });
  assert.equal(Heat.reconcile({ temp: 25, level: 3, mode: "heating" }).state, { temp: 25, level: 0, mode: "idle" });
});

test("if as a statement and if as an expression do not collide; a float and an int branch make a float", async () => {
  const { Mix } = await load(`domain Mix {
  state {
    ok: bool
    x: float
    n: int
  }
  goal n == 1
  transition t {
    step {
      if if ok then n == 0 else n < 1 {
        x = if ok then 1 else 0.5
        n = 1
      } else {
        n = if n > 1 then 1 else n
      }
    }
  }
}`);
  assert.equal(Mix.reconcile({ ok: true }).state, { ok: true, x: 1, n: 1 });
  assert.equal(Mix.reconcile({}).state, { ok: false, x: 0.5, n: 1 });
  assert.equal(Mix.reconcile({ n: 5 }).state, { ok: false, x: 0, n: 1 });
});

test("the conditional's errors: a condition that is not a bool, branches of two types, each where it is", () => {
  const domain = (goal) => `domain D {\n  state {\n    n: int\n    ok: bool\n    label: string\n  }\n  goal ${goal}\n}`;
  assert.equal(errors(domain("if n then true else false")), ["VED0202 7:11 the condition of `if ... then ... else` must be a bool, but this is an int | compare it with something, e.g. `workers == 5`"]);
  assert.equal(errors(domain('label == (if ok then 1 else "none")')), ["VED0240 7:29 the branches of this `if` are an int and a string | both branches must have one type (an int and a float make a float): the value is one or the other"]);
  assert.equal(errors(domain("if ok then n > 1")), ["VED0003 8:1 unexpected '}': expected 'else' or an operator"]);
  assert.equal(errors(domain("1 + if ok then 1 else 2 == 3")), ["VED0003 7:12 unexpected 'if': expected an expression | an `if ... then ... else` that is an operand needs parentheses: `1 + (if c then a else b)`"]);
  assert.equal(errors(domain("1 + (if ok then 1 else 2) == 3")), []);
});

test("a conditional reading now: its wake points are its condition's and its branches' comparisons", async () => {
  const source = `domain Fresh {
  state {
    last: time
    ready: bool
  }
  goal if ready then now - last < 1m else now - last < 1h
}`;
  const { ir, diagnostics } = check(source, { filename: "f.ved" });
  assert.equal(diagnostics.filter((d) => d.severity === "error"), []);
  assert.equal(ir.domains[0].clock.goals.map((w) => w.source), ["goal 1", "goal 1"]);
  const { Fresh } = await load(source);
  const at = Date.UTC(2026, 11, 1, 10);
  assert.is(Fresh.reconcile({ last: at - 30_000, ready: true }, { now: at }).status, "converged");
  // The goal fails (the instance waits on its wake points: a wake may be spurious, never late).
  assert.is.not(Fresh.reconcile({ last: at - 120_000, ready: true }, { now: at }).status, "converged");
  assert.is(Fresh.reconcile({ last: at - 120_000, ready: false }, { now: at }).status, "converged");
});

// ---- implication ---------------------------------------------------------------------

test("a => b in a goal is implication: false only when a holds and b does not", async () => {
  const { Imp } = await load(`domain Imp {
  state {
    a: bool
    b: bool
  }
  goal a => b
}`);
  const truth = [[false, false, "converged"], [false, true, "converged"], [true, false, "stuck"], [true, true, "converged"]];
  for (const [a, b, status] of truth) assert.is(Imp.reconcile({ a, b }).status, status, `${a} => ${b}`);
});

test("=> binds loosest of the boolean operators and groups to the right; goal temp < 18 => heater parses as implication", async () => {
  const ir = check("domain D {\n  state {\n    temp: int\n    heater: bool\n    a: bool\n    b: bool\n    c: bool\n  }\n  goal temp < 18 => heater\n  goal a || b => c && a\n  goal a => b => c\n  goal (a => b) => c\n}", { filename: "d.ved" }).ir;
  assert.equal(ir.domains[0].goals.map((g) => g.text), ["temp < 18 => heater", "a || b => c && a", "a => b => c", "(a => b) => c"]);
  const [g1, g2, g3, g4] = ir.domains[0].goals.map((g) => g.expr);
  assert.equal([g1.op, g1.left.op, g1.right.name], ["=>", "<", "heater"]);
  assert.equal([g2.op, g2.left.op, g2.right.op], ["=>", "||", "&&"]);
  assert.equal([g3.op, g3.left.name, g3.right.op], ["=>", "a", "=>"]);
  assert.equal([g4.op, g4.left.op, g4.right.name], ["=>", "=>", "c"]);
  const { D } = await load("domain D {\n  state {\n    a: bool\n    b: bool\n    c: bool\n  }\n  goal a => b => c\n}");
  // a => (b => c) fails only when a and b hold and c does not; (a => b) => c would fail at a = b = c = false.
  assert.is(D.reconcile({}).status, "converged");
  assert.is(D.reconcile({ a: true, b: true }).status, "stuck");
});

test("a long chain of => is parsed in linear time (left-recursive, regrouped) and refused past the nesting bound, as any chain", () => {
  const chain = Array(50_000).fill("a").join(" => ");
  const started = performance.now();
  assert.equal(errors(`domain D {\n  state {\n    a: bool\n  }\n  goal ${chain}\n}`), ["VED0007 5:8 this expression nests deeper than 256 levels | split it with `let`, or into smaller parts"]);
  // Right-recursive, it took 6 s at 8,000 operands and four times that at each doubling.
  assert.ok(performance.now() - started < 20_000);
  assert.equal(errors(`domain D {\n  state {\n    a: bool\n  }\n  goal ${Array(200).fill("a").join(" => ")}\n}`), []);
});

test("=> needs bools on both sides, and takes no existing token's place (>=, ==, = >)", () => {
  const domain = (goal) => `domain D {\n  state {\n    n: int\n    ok: bool\n  }\n  goal ${goal}\n}`;
  assert.equal(errors(domain("n => ok")), ["VED0200 6:8 '=>' needs a bool on both sides, but this is an int"]);
  assert.equal(errors(domain("n => 1")), ["VED0200 6:8 '=>' needs a bool on both sides, but this is an int | `=>` is implication (`a => b`: whenever a holds, b holds); to compare, write `>=`"]);
  assert.equal(errors(domain("n >= 1 => ok == true")), []);
  assert.equal(errors(domain("n==>1")), ["VED0003 6:11 unexpected '>': expected an expression"]);
});

// ---- formatting ------------------------------------------------------------------------

test("vedc fmt keeps interpolations, conditionals and implications as they mean, and is idempotent", async () => {
  const source = `enum Zone { a, b }
domain D {
  state {
    used:int
    zone : Zone
    ok:bool
    text:string
  }
  let level=if used>90 then 2 else if used > 50 then 1 else 0
  invariant ok=>used>=0
  goal   (ok => level<2) => text=="disk at \\(  used )% on \\(zone) \\(if ok then "ok" else "no")"
  transition t when !ok { step { text = "at \\(used+1)"; ok = true } }
}
`;
  const { formatted } = await formatSource(source, { filename: "f.ved" });
  assert.is(
    formatted,
    `enum Zone { a, b }
domain D {
  state {
    used: int
    zone: Zone
    ok: bool
    text: string
  }
  let level = if used > 90 then 2 else if used > 50 then 1 else 0
  invariant ok => used >= 0
  goal (ok => level < 2) =>
    text == "disk at \\(used)% on \\(zone) \\(if ok then "ok" else "no")"
  transition t when !ok {
    step {
      text = "at \\(used + 1)"
      ok = true
    }
  }
}
`,
  );
  assert.is((await formatSource(formatted, { filename: "f.ved" })).formatted, formatted, "idempotent");
  const texts = (s) => check(s, { filename: "f.ved" }).ir.domains[0].goals.map((g) => g.text);
  assert.equal(texts(formatted), texts(source), "the same meaning");
  // A long interpolated string is never broken inside its holes (a string stays on one line).
  const long = `domain L {\n  state {\n    x: int\n    t: string\n  }\n  goal t == "a very long text that goes on \\(x + x + x + x + x + x + x + x + x + x + x + x + x + x) and on"\n}\n`;
  const out = (await formatSource(long, { filename: "l.ved" })).formatted;
  assert.ok(out.includes('"a very long text that goes on \\(x + x + x + x + x + x + x + x + x + x + x + x + x + x) and on"'), out);
});

// ---- verify ---------------------------------------------------------------------------

test("vedc verify proves a domain with => in an invariant and if-then-else in a step", async () => {
  const source = `domain Heat {
  state {
    temp: int in 0..30 = 10
    heater: bool
    level: int in 0..3
  }
  let want = if temp < 18 then 2 else 0
  invariant heater => level <= 3
  goal level == want
  goal heater == (level > 0)
  transition adjust when level != want || heater != (level > 0) {
    step {
      level = if level < want then level + 1 else if level > want then level - 1 else level
      heater = if level > 0 then true else false
    }
  }
}`;
  const { ir, diagnostics } = check(source, { filename: "heat.ved" });
  assert.equal(diagnostics, []);
  const { Heat } = await load(source);
  const v = verifyDomain(ir, Heat);
  assert.ok(v.verified, formatVerification(v));
  assert.is(v.states, 31 * 2 * 4);
});

// ---- diagnostics that say what to write -----------------------------------------------

const full = (source) => check(source, { filename: "e.ved" }).diagnostics.filter((d) => d.severity === "error").map((d) => ({ at: `${d.code} ${d.span.start.line}:${d.span.start.col}-${d.span.end.line}:${d.span.end.col}`, message: d.message, hint: d.hint, related: d.related?.map((r) => `${r.message} ${r.span.start.line}:${r.span.start.col}`) }));

test("a range written after the initial value: the field as it should be written", () => {
  assert.equal(full("domain D {\n  state {\n    workers: int = 3 in 0..10\n  }\n}"), [{ at: "VED0003 3:18-3:30", message: "a field's range goes before its initial value", hint: "write `workers: int in 0..10 = 3`", related: undefined }]);
  assert.equal(full("domain D {\n  state {\n    rate: float = 0.5 in 0.0..1.0 by 0.1\n  }\n}")[0].hint, "write `rate: float in 0.0..1.0 by 0.1 = 0.5`");
  assert.equal(full("domain D {\n  state {\n    workers: int in 0..10 = 3\n  }\n}"), []);
});

test("an enum member written alone names its enum; another domain's field says how domains share", () => {
  assert.equal(full("enum Phase { idle, done }\ndomain D {\n  state {\n    phase: Phase\n  }\n  goal phase == done\n}"), [{ at: "VED0100 6:17-6:21", message: "unknown name 'done' in domain 'D'", hint: "'done' is a member of enum Phase: write Phase.done", related: undefined }]);
  assert.equal(full("domain A {\n  state {\n    n: int\n  }\n}\ndomain B {\n  state {\n    m: int\n  }\n  goal m == A.n\n}"), [{ at: "VED0100 10:13-10:16", message: "'A' is a domain, and a domain cannot read another domain's fields", hint: "give 'B' what it needs as a param of its own (`param n: ...`, set when an instance is created), or observe it into a field of 'B'", related: undefined }]);
});

test("and, or, not: Ved's &&, ||, ! suggested where they stand", () => {
  const domain = (goal) => `domain D {\n  state {\n    a: bool\n    b: bool\n  }\n  goal ${goal}\n}`;
  assert.equal(full(domain("a and b")).map((d) => [d.at, d.hint]), [["VED0003 6:10-6:13", "Ved writes 'and' as `&&`: `ready && workers > 0`"]]);
  assert.equal(full(domain("a or b")).map((d) => [d.at, d.hint]), [["VED0003 6:10-6:12", "Ved writes 'or' as `||`: `idle || draining`"]]);
  assert.equal(full(domain("not a")).map((d) => [d.at, d.message, d.hint]), [["VED0003 6:8-6:11", "unexpected name 'not': expected an operator", "Ved writes 'not' as `!`: `!ready`"]]);
});

test("a missing } of an if in a step is reported at the if's brace, not at the end of the domain", () => {
  const source = "domain D {\n  state {\n    a: bool\n  }\n  transition t {\n    step {\n      if a {\n        a = false\n    }\n  }\n  goal !a\n}\n";
  assert.equal(full(source), [{ at: "VED0003 7:12-7:13", message: "the if block opened here is never closed", hint: "the '}' at 9:5, indented as the block around it, closes this if block instead: add the if block's own '}' before it", related: ["the block around it runs out here 11:3"] }]);
  // With the } that was missing, it checks; a brace closing on its opener's line is never taken for a misplaced one.
  assert.equal(full(source.replace("        a = false\n", "        a = false\n      }\n")), []);
  assert.equal(full("domain D {\n  state {\n    a: bool\n  }\n  transition t {\n    step { if a { a = false } }\n  goal !a\n}\n")[0].message, "expected '}' to close the transition 't' opened at 5:16");
});

test.run();
