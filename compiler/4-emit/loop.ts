// Each domain's loop, written out for that domain: its goals and invariants
// checked in order, its tick (the first valid transition), and its
// reconcile, ticking until it converges, is stuck, fails, or reaches the tick
// bound. No positional tables and no per-try copies: the draft is filled once
// per tick, a try that changes nothing leaves it equal to the state (else it
// would have been valid), and a step's change is found by comparing only the
// fields it can assign. Where something can fail at run time, one `try`
// names what was being evaluated in the error.
import type * as ir from "../ir.js";
import { callsEffects, canFail, fieldsAssigned, stepCanFail } from "../ir-walk.js";
import { fn, type Fn } from "./functions.js";
import { ident, literal, string } from "./js.js";
import { ARGS, conditionFunction, declared, domainPart, DRAFT, EFFECTS, FIRED, outcomeFunction, PARAMS, RUNTIME, STATE, typeNames } from "./names.js";

/**
 * The module-level constants of a domain's loop: its transitions' names by
 * index, which a reconcile records for each tick (a plain array is a faster
 * read than the frozen metadata's objects).
 */
export function loopConstants(domain: ir.Domain): string[] {
  return [`// the transitions' names, by index`, `const ${domainPart(domain, "names")}: readonly string[] = ${literal(domain.transitions.map((t) => t.name))};`];
}

export function loopFunctions(program: ir.Program, domain: ir.Domain): Fn[] {
  const names = typeNames(domain);
  const part = (p: string) => domainPart(domain, p);
  const meta = part("meta");
  const lets = new Map(domain.lets.map((l) => [l.name, l]));
  const read: [string, string][] = [
    [STATE, `Readonly<${names.state}>`],
    [PARAMS, `Readonly<${names.params}>`],
  ];
  const effects = `${RUNTIME}.EffectCall<${names.effects}>[]`;
  const call = (kind: "goal" | "invariant", i: number) => `${conditionFunction(domain, kind, i)}(${STATE}, ${PARAMS})`;

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
    const changes = fieldsAssigned(t.step).map((f) => `${DRAFT}.${ident(f)} !== ${STATE}.${ident(f)}`);
    const effectful = callsEffects(t.step);
    tries.push(`// transition ${t.name}`, ...(i > 0 ? [`trying = ${i};`] : []));
    if (changes.length === 0 && !effectful) {
      tries.push("// its step changes nothing and calls no effect: it is never valid");
      return;
    }
    const attempt = [`${declared(domain.name, "step", t.name)}(${DRAFT}, ${PARAMS}, ${EFFECTS});`];
    if (changes.length > 0) attempt.push(`if (${changes.join(" || ")}) return ${RUNTIME}.changed(${FIRED}, ${i});`);
    // Calling effects without changing the state: valid once for the state it found, then it waits for a change.
    if (effectful) attempt.push(`if (${EFFECTS}.length !== called) {`, `if (!${FIRED}.includes(${i})) return ${RUNTIME}.firedOnce(${FIRED}, ${i});`, `${EFFECTS}.length = called;`, "}");
    if (t.guard) tries.push(`if (${declared(domain.name, "guard", t.name)}(${STATE}, ${PARAMS})) {`, ...attempt, "}");
    else tries.push(...attempt);
  });
  const stepsCanFail = domain.transitions.some((t) => stepCanFail(t.step, lets) || (t.guard !== null && canFail(t.guard, lets)));
  const fill = domain.fields.map((f) => `${DRAFT}.${ident(f.name)} = ${STATE}.${ident(f.name)};`);
  const body = [...(anyEffects ? ["const called = fx.length;"] : []), ...fill, ...tries, `return ${RUNTIME}.STUCK;`];
  const first = stepsCanFail
    ? ["let trying = 0; // the transition being tried, for an error's message", "try {", ...body, "} catch (cause) {", `throw new ${RUNTIME}.StepError(${string(domain.name)}, ${meta}.transitions[trying].name, cause);`, "}"]
    : body.filter((line) => !line.startsWith("trying = "));

  const tickParams: [string, string][] = [[STATE, `Readonly<${names.state}>`], [DRAFT, names.state], [PARAMS, `Readonly<${names.params}>`], [EFFECTS, effects], [FIRED, "number[]"]];
  const out: Fn[] = [
    fn(part("converged"), `whether every goal of ${domain.name} holds`, read, "boolean", converged),
    fn(part("broken"), "the first invariant a state breaks (its name, or its source), or null", read, "string | null", broken),
    fn(
      part("failing"),
      "the goals that fail in a state, by name or as Ved source; one that cannot be evaluated counts as failing",
      read,
      "string[]",
      ["const failing: string[] = [];", ...goals.map((g, i) => `if (!${RUNTIME}.safely(${conditionFunction(domain, "goal", i)}, ${STATE}, ${PARAMS})) failing.push(${string(g.name ?? g.text)});`), "return failing;"],
    ),
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
        [[STATE, `Readonly<${names.state}>`], [DRAFT, names.state], [PARAMS, `Readonly<${names.params}>`], [EFFECTS, effects], ["effect", "string"], ["outcome", '"done" | "failed"'], [ARGS, `Readonly<Record<string, ${RUNTIME}.Value>>`]],
        "boolean",
        [
          ...fill,
          "try {",
          ...outcomes.flatMap(({ e, k }) => [
            `if (effect === ${string(e.name)} && outcome === ${string(k)}) {`,
            `${outcomeFunction(domain, e, k)}(${DRAFT}, ${PARAMS}, ${EFFECTS}, ${ARGS} as ${names.effects}[${string(e.name)}]);`,
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
        `if (${part("converged")}(${STATE}, ${PARAMS})) return ${RUNTIME}.CONVERGED;`,
        ...(domain.transitions.length === 0
          ? [`return ${RUNTIME}.STUCK;`]
          : [`const t = ${part("first")}(${STATE}, ${DRAFT}, ${PARAMS}, ${EFFECTS}, ${FIRED});`, ...(keep.length > 0 ? ["if (t >= 0) {", ...keep, "}"] : []), "return t;"]),
      ],
    ),
    fn(
      part("reconcile"),
      `the loop of ${domain.name}: ticks from \`input\` until it converges, is stuck, a step fails, or \`maxTicks\` transitions are applied`,
      [
        ["input", `Partial<${names.state}>`],
        ["options?", `${RUNTIME}.ReconcileOptions<${names.params}>`],
      ],
      `${RUNTIME}.ReconcileResult<${names.state}, ${names.effects}>`,
      [
        // No default `{}` for the options: nothing is allocated for a call without them.
        `const ${PARAMS} = ${part("params")}(options === undefined ? undefined : options.params);`,
        `const maxTicks = options === undefined ? ${RUNTIME}.DEFAULT_MAX_TICKS : ${RUNTIME}.checkMaxTicks(options.maxTicks);`,
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
        `t = ${part("tick")}(${STATE}, ${DRAFT}, ${PARAMS}, effects, ${FIRED});`,
        "} catch (error) {",
        "effects.length = called;",
        `return ${RUNTIME}.ended(${STATE}, "error", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}), error);`,
        "}",
        `if (t === ${RUNTIME}.CONVERGED) return ${RUNTIME}.ended(${STATE}, "converged", transitions, effects, []);`,
        `if (t === ${RUNTIME}.STUCK) return ${RUNTIME}.ended(${STATE}, "stuck", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}));`,
        `transitions.push(${part("names")}[t]);`,
        `const next = ${DRAFT};`,
        `${DRAFT} = ${STATE};`,
        `${STATE} = next;`,
        `if (transitions.length >= maxTicks && !${RUNTIME}.safely(${part("converged")}, ${STATE}, ${PARAMS})) {`,
        `return ${RUNTIME}.ended(${STATE}, "limit", transitions, effects, ${part("failing")}(${STATE}, ${PARAMS}), ${RUNTIME}.limitError(${meta}, maxTicks, transitions));`,
        "}",
        "}",
      ],
    ),
  );
  return out;
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
