// Each domain's loop, written out for that domain: its goals and invariants
// checked in order, its tick (the first valid transition), and its
// reconcile, ticking until it converges, is stuck, fails, or reaches the tick
// bound. No positional tables and no per-try copies: the draft is filled once
// per tick, a try that changes nothing leaves it equal to the state (else it
// would have been valid), and a step's change is found by comparing only the
// fields it can assign. Where something can fail at run time, one `try`
// names what was being evaluated in the error.
import * as ir from "../ir.js";
import { exprText } from "../ir-text.js";
import { callsEffects, canFail, fieldsAssigned, stepCanFail } from "../ir-walk.js";
import type { CodeBuilder } from "./expressions.js";
import { fn, type Fn } from "./functions.js";
import { localsReconcile } from "./locals-loop.js";
import { ident, literal, string } from "./js.js";
import { ARGS, conditionFunction, domainPart, DRAFT, EFFECTS, FIRED, NOW, outcomeFunction, PARAMS, RUNTIME, STATE, transitionFunction, typeNames } from "./names.js";

/**
 * The module-level constants of a domain's loop: its transitions' names by
 * index, which a reconcile records for each tick (a plain array is a faster
 * read than the frozen metadata's objects).
 */
export function loopConstants(domain: ir.Domain): string[] {
  return [`// the transitions' names, by index`, `const ${domainPart(domain, "names")}: readonly string[] = ${literal(domain.transitions.map((t) => t.name))};`];
}

export function loopFunctions(program: ir.Program, domain: ir.Domain, code: CodeBuilder): Fn[] {
  const names = typeNames(domain);
  const part = (p: string) => domainPart(domain, p);
  const meta = part("meta");
  const lets = new Map(domain.lets.map((l) => [l.name, l]));
  const read: [string, string][] = [
    [STATE, `Readonly<${names.state}>`],
    [PARAMS, `Readonly<${names.params}>`],
  ];
  const effects = `${RUNTIME}.EffectCall<${names.effects}>[]`;
  // A domain that reads `now` passes the instant of the tick to every goal, guard, step and outcome.
  const readsNow = domain.clock.readsNow;
  const timed: [string, string][] = readsNow ? [[NOW, "number"]] : [];
  const andNow = readsNow ? `, ${NOW}` : "";
  const call = (kind: "goal" | "invariant", i: number) => `${conditionFunction(domain, kind, i)}(${STATE}, ${PARAMS}${kind === "goal" ? andNow : ""})`;

  /** Every goal in order; with a goal that can fail, `at` tracks which one an error comes from. */
  const goals = domain.goals;
  const goalsCanFail = goals.some((g) => canFail(g.expr, lets));
  const converged = !goalsCanFail
    ? [`return ${goals.length > 0 ? goals.map((_, i) => call("goal", i)).join(" && ") : "true"};`]
    : tracked(
        "goal",
        goals.flatMap((_, i) => [...(i > 0 ? [`at = ${i};`] : []), i < goals.length - 1 ? `if (!${call("goal", i)}) return false;` : `return ${call("goal", i)};`]),
        meta,
      );

  const invariants = domain.invariants;
  const checks = invariants.flatMap((c, i) => [...(i > 0 && invariants.some((x) => canFail(x.expr, lets)) ? [`at = ${i};`] : []), `if (!${call("invariant", i)}) return ${string(c.name ?? c.text)};`]);
  const broken = invariants.some((c) => canFail(c.expr, lets)) ? tracked("invariant", [...checks, "return null;"], meta) : [...checks, "return null;"];

  // The first valid transition: its draft filled once, then each tried in order.
  const anyEffects = domain.transitions.some((t) => callsEffects(t.step));
  const tries: string[] = [];
  domain.transitions.forEach((t, i) => {
    const changes = fieldsAssigned(t.step).flatMap((f) => changeTests(program, domain, f));
    const effectful = callsEffects(t.step);
    tries.push(`// transition ${t.name}`, ...(i > 0 ? [`trying = ${i};`] : []));
    if (changes.length === 0 && !effectful) {
      tries.push("// its step changes nothing and calls no effect: it is never valid");
      return;
    }
    const attempt = [`${transitionFunction(domain, t, "step")}(${DRAFT}, ${PARAMS}, ${EFFECTS}${andNow});`];
    if (changes.length > 0) attempt.push(`if (${changes.join(" || ")}) return ${RUNTIME}.changed(${FIRED}, ${i});`);
    // Calling effects without changing the state: valid once for the state it found, then it waits for a change.
    if (effectful) attempt.push(`if (${EFFECTS}.length !== called) {`, `if (!${FIRED}.includes(${i})) return ${RUNTIME}.firedOnce(${FIRED}, ${i});`, `${EFFECTS}.length = called;`, "}");
    if (t.guard) tries.push(`if (${transitionFunction(domain, t, "guard")}(${STATE}, ${PARAMS}${andNow})) {`, ...attempt, "}");
    else tries.push(...attempt);
  });
  const stepsCanFail = domain.transitions.some((t) => stepCanFail(t.step, lets) || (t.guard !== null && canFail(t.guard, lets)));
  // A map is copied, so that a step writing a key changes the draft's map and never the state's.
  const fill = domain.fields.map((f) => `${DRAFT}.${ident(f.name)} = ${f.key ? `{ ...${STATE}.${ident(f.name)} }` : `${STATE}.${ident(f.name)}`};`);
  const body = [...(anyEffects ? ["const called = fx.length;"] : []), ...fill, ...tries, `return ${RUNTIME}.STUCK;`];
  const first = stepsCanFail
    ? ["let trying = 0; // the transition being tried, for an error's message", "try {", ...body, "} catch (cause) {", `throw new ${RUNTIME}.StepError(${string(domain.name)}, ${meta}.transitions[trying].name, cause);`, "}"]
    : body.filter((line) => !line.startsWith("trying = "));

  const tickParams: [string, string][] = [[STATE, `Readonly<${names.state}>`], [DRAFT, names.state], [PARAMS, `Readonly<${names.params}>`], [EFFECTS, effects], [FIRED, "number[]"], ...timed];
  const out: Fn[] = [
    fn(part("converged"), `whether every goal of ${domain.name} holds`, [...read, ...timed], "boolean", converged),
    fn(part("broken"), "the first invariant a state breaks (its name, or its source), or null", read, "string | null", broken),
    fn(
      part("failing"),
      "the goals that fail in a state, by name or as Ved source; one that cannot be evaluated counts as failing",
      [...read, ...timed],
      "string[]",
      ["const failing: string[] = [];", ...goals.map((g, i) => `if (!${RUNTIME}.safely(${conditionFunction(domain, "goal", i)}, ${STATE}, ${PARAMS}${andNow})) failing.push(${string(g.name ?? g.text)});`), "return failing;"],
    ),
    untilFunction(domain, code, read),
    wakeReasonFunction(domain, code, read),
  ];
  if (domain.transitions.length > 0) {
    out.push(fn(part("first"), "the first valid transition from `s`: its index, its new state built in `d` and its effects pushed to `fx`; or STUCK", tickParams, "number", first));
  }
  // An effect's completion: its outcome block run on the draft, as a tick of its own.
  const outcomes = domain.effects.flatMap((e) => (["done", "failed"] as const).filter((k) => e[k] !== null).map((k) => ({ e, k })));
  if (outcomes.length > 0) {
    out.push(
      fn(
        part("outcome"),
        "applies what an effect's completion does: its new state built in `d` (every field written); false when the effect declares no such outcome",
        [[STATE, `Readonly<${names.state}>`], [DRAFT, names.state], [PARAMS, `Readonly<${names.params}>`], [EFFECTS, effects], ["effect", "string"], ["outcome", '"done" | "failed"'], [ARGS, `Readonly<Record<string, ${RUNTIME}.Value>>`], ...timed],
        "boolean",
        [
          ...fill,
          "try {",
          ...outcomes.flatMap(({ e, k }) => [
            `if (effect === ${string(e.name)} && outcome === ${string(k)}) {`,
            `${outcomeFunction(domain, e, k)}(${DRAFT}, ${PARAMS}, ${EFFECTS}, ${ARGS} as ${names.effects}[${string(e.name)}]${andNow});`,
            ...(invariants.length > 0 ? [`const broken = ${part("broken")}(${DRAFT}, ${PARAMS});`, `if (broken !== null) throw new ${RUNTIME}.InvariantError(${string(domain.name)}, broken, effect + " " + outcome);`] : []),
            "return true;",
            "}",
          ]),
          "} catch (cause) {",
          `throw ${RUNTIME}.outcomeFailed(${string(domain.name)}, effect, outcome, cause);`,
          "}",
          "return false;",
        ],
      ),
    );
  }
  // The loop over state objects, for a domain whose reconcile cannot keep its fields in locals (locals-loop.ts).
  const objectLoop = [
    `let ${STATE} = ${part("state")}(input, "the state");`,
    `${RUNTIME}.keepsInvariants(${meta}, ${part("broken")}(${STATE}, ${PARAMS}), "the state");`,
    `let ${DRAFT} = ${part("copy")}(${STATE});`,
    "const transitions: string[] = [];",
    `const effects: ${effects} = [];`,
    // A domain without effects never adds to `fired`: it shares one empty array.
    `const ${FIRED}: number[] = ${anyEffects ? "[]" : `${RUNTIME}.NONE_FIRED`};`,
    "for (;;) {",
    "const called = effects.length;",
    "let t: number;",
    "try {",
    `t = ${part("tick")}(${STATE}, ${DRAFT}, ${PARAMS}, effects, ${FIRED}${andNow});`,
    "} catch (error) {",
    "effects.length = called;",
    `return ${RUNTIME}.ended(${STATE}, "error", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}${andNow}), error);`,
    "}",
    ...(readsNow
      ? [
          // Converged or stuck: whether, and when, time alone could change that.
          `if (t === ${RUNTIME}.CONVERGED || t === ${RUNTIME}.STUCK) {`,
          "let until: number | null;",
          "try {",
          `until = ${part("until")}(${STATE}, ${PARAMS}, ${NOW});`,
          "} catch (error) {",
          `return ${RUNTIME}.ended(${STATE}, "error", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}, ${NOW}), error);`,
          "}",
          `if (t === ${RUNTIME}.CONVERGED) return ${RUNTIME}.endedAt(${STATE}, "converged", until, transitions, effects, []);`,
          `return ${RUNTIME}.endedAt(${STATE}, "stuck", until, transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}, ${NOW}));`,
          "}",
        ]
      : [
          `if (t === ${RUNTIME}.CONVERGED) return ${RUNTIME}.ended(${STATE}, "converged", transitions, effects, []);`,
          `if (t === ${RUNTIME}.STUCK) return ${RUNTIME}.ended(${STATE}, "stuck", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}));`,
        ]),
    `transitions.push(${part("names")}[t]);`,
    `const next = ${DRAFT};`,
    `${DRAFT} = ${STATE};`,
    `${STATE} = next;`,
    `if (transitions.length >= maxTicks && !${RUNTIME}.safely(${part("converged")}, ${STATE}, ${PARAMS}${andNow})) {`,
    `return ${RUNTIME}.ended(${STATE}, "limit", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}${andNow}), ${RUNTIME}.limitError(${meta}, maxTicks, transitions));`,
    "}",
    "}"
  ];
  const keep =
    invariants.length > 0
      ? [
          `const broken = ${part("broken")}(${DRAFT}, ${PARAMS});`,
          `if (broken !== null) throw new ${RUNTIME}.InvariantError(${string(domain.name)}, broken, ${meta}.transitions[t].name);`,
        ]
      : [];
  out.push(
    fn(
      part("tick"),
      `one tick of ${domain.name}: CONVERGED when every goal holds; else the index of the first valid transition, its new state built in \`d\` (refused if it breaks an invariant); else STUCK. \`s\` is never changed.`,
      tickParams,
      "number",
      [
        `if (${part("converged")}(${STATE}, ${PARAMS}${andNow})) return ${RUNTIME}.CONVERGED;`,
        ...(domain.transitions.length === 0
          ? [`return ${RUNTIME}.STUCK;`]
          : [`const t = ${part("first")}(${STATE}, ${DRAFT}, ${PARAMS}, ${EFFECTS}, ${FIRED}${andNow});`, ...(keep.length > 0 ? ["if (t >= 0) {", ...keep, "}"] : []), "return t;"]),
      ],
    ),
    fn(
      part("reconcile"),
      `the loop of ${domain.name}: ticks from \`input\` until it converges, ${readsNow ? "waits, " : ""}is stuck, a step fails, or \`maxTicks\` transitions are applied${readsNow ? ", every tick at `options.now`" : ""}`,
      [
        ["input", `${RUNTIME}.Patch<${names.state}>`],
        ["options?", `${RUNTIME}.ReconcileOptions<${names.params}>`],
      ],
      `${RUNTIME}.ReconcileResult<${names.state}, ${names.effects}>`,
      [
        // No default `{}` for the options: nothing is allocated for a call without them.
        `const ${PARAMS} = ${part("params")}(options === undefined ? undefined : options.params);`,
        `const maxTicks = options === undefined ? ${RUNTIME}.DEFAULT_MAX_TICKS : ${RUNTIME}.checkMaxTicks(options.maxTicks);`,
        ...(readsNow ? [`const ${NOW} = ${RUNTIME}.checkNow(${meta}, options === undefined ? undefined : options.now);`] : []),
        ...(localsReconcile(program, domain, code) ?? objectLoop),
      ],
    ),
  );
  return out;
}

/** Whether a step changed field `f` in the draft: for a map, whether any key's value did. */
function changeTests(program: ir.Program, domain: ir.Domain, f: string): string[] {
  const field = domain.fields.find((x) => x.name === f)!;
  if (!field.key) return [`${DRAFT}.${ident(f)} !== ${STATE}.${ident(f)}`];
  return ir.membersOf(program.enums, field.key).map((m) => `${DRAFT}.${ident(f)}[${string(m)}] !== ${STATE}.${ident(f)}[${string(m)}]`);
}

/** `body` in a try that names the goal (or invariant) `at` was evaluating when it failed. */
function tracked(kind: "goal" | "invariant", body: string[], meta: string): string[] {
  return [
    `let at = 0; // the ${kind} being evaluated, for an error's message`,
    "try {",
    ...body,
    "} catch (cause) {",
    `throw ${RUNTIME}.evaluationFailed(${meta}, ${string(kind)}, at, cause);`,
    "}",
  ];
}

/**
 * `X$wakeReason(s, p, until)`: what an instant `until` wakes for, in Ved —
 * the first wake point whose instant it is (`transition scale_up at
 * last_scaled + cooldown`) — or null. The instants read no `now`, so the
 * state and params are enough.
 */
function wakeReasonFunction(domain: ir.Domain, code: CodeBuilder, read: [string, string][]): Fn {
  const part = (p: string) => domainPart(domain, p);
  const about = "what the instant `until` wakes the domain for, in Ved, or null";
  const points = [...domain.clock.goals, ...domain.clock.transitions];
  if (!domain.clock.readsNow || points.length === 0) return fn(part("wakeReason"), about, [], "null", ["return null;"]);
  // Points at one instant (a let read by two guards, say) are said together: each of them may change then.
  const byInstant = new Map<string, ir.WakePoint[]>();
  for (const w of points) byInstant.set(exprText(w.at), [...(byInstant.get(exprText(w.at)) ?? []), w]);
  return fn(part("wakeReason"), about, [...read, ["until", "number"]], "string | null", [
    ...[...byInstant].map(([at, group]) => `if (${code.expr(group[0].at)} === until) return ${string(`${sourcesText(group.map((w) => w.source))} at ${at}`)};`),
    "return null;",
  ]);
}

/** `transition advance`, `transition complete` and `goal fresh` as `transitions advance, complete; goal fresh`. */
function sourcesText(sources: string[]): string {
  const byKind = new Map<string, string[]>();
  for (const s of new Set(sources)) {
    const [kind, ...rest] = s.split(" ");
    byKind.set(kind, [...(byKind.get(kind) ?? []), rest.join(" ")]);
  }
  return [...byKind].map(([kind, names]) => `${kind}${names.length > 1 ? "s" : ""} ${names.join(", ")}`).join("; ");
}

/**
 * `X$until(s, p, now)`: the earliest wake point (ir.Clock) after `now` —
 * of the goals only when every goal holds, else of the goals, guards and step
 * conditions — or null. A domain that does not read `now` never wakes.
 */
function untilFunction(domain: ir.Domain, code: CodeBuilder, read: [string, string][]): Fn {
  const part = (p: string) => domainPart(domain, p);
  const about = "the earliest instant after `now` at which time alone could change what a tick does, or null";
  const { readsNow, goals, transitions } = domain.clock;
  if (!readsNow) return fn(part("until"), about, [], "null", ["return null;"]);
  const instants = (points: ir.WakePoint[]) => `[${points.map((w) => code.expr(w.at)).join(", ")}]`;
  const earliest = (points: ir.WakePoint[]) => (points.length === 0 ? "null" : `${RUNTIME}.earliest(${NOW}, ${instants(points)})`);
  return fn(part("until"), about, [...read, [NOW, "number"]], "number | null", [
    `if (${RUNTIME}.safely(${part("converged")}, ${STATE}, ${PARAMS}, ${NOW})) return ${earliest(goals)};`,
    `return ${earliest([...goals, ...transitions])};`,
  ]);
}
