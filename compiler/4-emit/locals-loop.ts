// A domain's reconcile with its fields in locals: the pure loop, which a
// serverless handler or a test calls once per observation, written out for
// the domain so that V8 keeps the state in registers. Goals, guards and
// steps are inlined over the locals (a map keeps each key in a local of its
// own; a step writes a draft local for each
// field it assigns and is valid when one of them differs); the state object
// is built once, when the loop ends. It does exactly what ticking with
// `X$tick` does — the same transitions, effects, errors and results; the
// instance and the verifier keep the tick over state objects (loop.ts).
import * as ir from "../ir.js";
import { callsEffects, canFail, exprsOf, forEachExpr, forEachStmt, stepCanFail } from "../ir-walk.js";
import type { CodeBuilder } from "./expressions.js";
import { readLines } from "./inputs.js";
import { ident, literal, string } from "./js.js";
import { domainPart, EFFECTS, NOW, PARAMS, RUNTIME, typeNames } from "./names.js";

const SCALAR = new Set<ir.Type["kind"]>(["int", "float", "bool", "string", "enum", "time", "duration"]); // every value type: a map holds one per key

/** Past this many expression nodes with the lets written out, a reconcile keeps the tick over objects: code size, not speed, would grow. */
const INLINE_LIMIT = 4000;

/** Lets reading lets deeper than this keep their functions: written out, each level nests the code once more (and prettier recurses on it). */
const LET_DEPTH_LIMIT = 8;

/** `workers` as the loop's local of the current state, and of a step's draft; a map's key `replicas[a]` has its own, `f$replicas$a`. */
const current = (f: string, key?: string) => `f$${ident(f)}${key === undefined ? "" : `$${ident(key)}`}`;
const draft = (f: string, key?: string) => `d$${ident(f)}${key === undefined ? "" : `$${ident(key)}`}`;

/** A local's worth of state: a field, or one key of a map field. */
interface Slot {
  field: string;
  key?: string;
}

/** The lines of a reconcile over locals, after the params, `maxTicks` and `now` are read; null when the domain needs the loop over objects. */
export function localsReconcile(program: ir.Program, domain: ir.Domain, code: CodeBuilder): string[] | null {
  if (!domain.fields.every((f) => SCALAR.has(f.type.kind))) return null;
  // The depth first: it is walked without recursion, and bounds the recursion of inlinedSize.
  if (domain.transitions.length === 0 || letDepth(domain) > LET_DEPTH_LIMIT || inlinedSize(domain) > INLINE_LIMIT) return null;
  const part = (p: string) => domainPart(domain, p);
  const meta = part("meta");
  const lets = new Map(domain.lets.map((l) => [l.name, l]));
  const andNow = domain.clock.readsNow ? `, ${NOW}` : "";
  const keysOf = (f: ir.Field) => (f.key ? ir.membersOf(program.enums, f.key) : []);
  const slotsOf = (f: ir.Field): Slot[] => (f.key ? keysOf(f).map((key) => ({ field: f.name, key })) : [{ field: f.name }]);
  const slots = domain.fields.flatMap(slotsOf);
  const id = (s: Slot) => (s.key === undefined ? s.field : `${s.field}[${s.key}]`);
  /** The state as an object, each field (and each map's key) from the local `local` names. */
  const stateOf = (local: (f: string, key?: string) => string) =>
    `{ ${domain.fields.map((f) => `${ident(f.name)}: ${f.key ? `{ ${keysOf(f).map((k) => `${ident(k)}: ${local(f.name, k)}`).join(", ")} }` : local(f.name)}`).join(", ")} }`;
  const state = stateOf(current);
  const onState = code.over({ read: current, write: current });
  /** The slots a step may write, in first-write order: a map's key written through a key known only at run time may be any of them. */
  const slotsAssigned = (step: ir.Stmt[]): Slot[] => {
    const out = new Map<string, Slot>();
    forEachStmt(step, (st) => {
      if (st.kind !== "assign") return;
      const f = domain.fields.find((x) => x.name === st.field)!;
      const written = !st.key ? [{ field: f.name }] : st.key.kind === "const" ? [{ field: f.name, key: st.key.value as string }] : slotsOf(f);
      for (const w of written) if (!out.has(id(w))) out.set(id(w), w);
    });
    return [...out.values()];
  };
  const anyEffects = domain.transitions.some((t) => callsEffects(t.step));
  const goalsCanFail = domain.goals.some((g) => canFail(g.expr, lets));
  const invariants = domain.invariants.length > 0;

  // Every goal in order: a goal that fails to evaluate is named by `at`.
  const goals = domain.goals.flatMap((g, i) => [...(goalsCanFail ? [`at = ${i};`] : []), `if (!(${onState.expr(g.expr)})) break goals;`]);
  const ending = (status: "converged" | "stuck", failing: string) =>
    domain.clock.readsNow
      ? [`const s = ${state};`, `trying = -2;`, `return ${RUNTIME}.endedAt(s, ${string(status)}, ${part("until")}(s, ${PARAMS}, ${NOW}), transitions, ${EFFECTS}, ${failing});`]
      : [`const s = ${state};`, `return ${RUNTIME}.ended(s, ${string(status)}, transitions, ${EFFECTS}, ${failing});`];

  const tries = domain.transitions.flatMap((t, i) => {
    const assigned = slotsAssigned(t.step);
    const effectful = callsEffects(t.step);
    const head = [`// transition ${t.name}`];
    if (assigned.length === 0 && !effectful) return [...head, "// its step changes nothing and calls no effect: it is never valid"];
    const set = new Set(assigned.map(id));
    const mine = (f: string, key?: string) => set.has(key === undefined ? f : `${f}[${key}]`);
    const inStep = code.over({ read: (f, key) => (mine(f, key) ? draft(f, key) : current(f, key)), write: draft });
    const canThrow = stepCanFail(t.step, lets) || (t.guard !== null && canFail(t.guard, lets));
    const apply = [
      ...(invariants ? [`trying = -2;`, `const broken = ${part("broken")}(${stateOf((f, key) => (mine(f, key) ? draft(f, key) : current(f, key)))}, ${PARAMS});`, `if (broken !== null) throw new ${RUNTIME}.InvariantError(${string(domain.name)}, broken, ${string(t.name)});`] : []),
      ...assigned.map((s) => `${current(s.field, s.key)} = ${draft(s.field, s.key)};`),
      ...(anyEffects ? [`if (fired.length !== 0) fired.length = 0;`] : []),
      `transitions.push(${string(t.name)});`,
      "break tick;",
    ];
    const body = [
      ...assigned.map((s) => `let ${draft(s.field, s.key)} = ${current(s.field, s.key)};`),
      ...inStep.stmts(t.step),
      ...(assigned.length > 0 ? [`if (${assigned.map((s) => `${draft(s.field, s.key)} !== ${current(s.field, s.key)}`).join(" || ")}) {`, ...apply, "}"] : []),
      // Calling effects without changing the state: valid once for the state it found, then it waits for a change.
      ...(effectful ? [`if (${EFFECTS}.length !== called) {`, `if (!fired.includes(${i})) {`, `fired.push(${i});`, `transitions.push(${string(t.name)});`, "break tick;", "}", `${EFFECTS}.length = called;`, "}"] : []),
    ];
    return [...head, ...(canThrow || i > 0 ? [`trying = ${i};`] : []), ...(t.guard ? [`if (${onState.expr(t.guard)}) {`, ...body, "}"] : ["{", ...body, "}"])];
  });

  const failing = `${part("failing")}(s, ${PARAMS}${andNow})`;
  return [
    // The input read straight into the locals: the declared initial values, then each field it gives, checked.
    ...slots.map((s) => `let ${current(s.field, s.key)}: ${typeNames(domain).state}[${string(s.field)}]${s.key === undefined ? "" : `[${string(s.key)}]`} = ${literal(domain.fields.find((f) => f.name === s.field)!.initial)};`),
    // Typed as the caller's object may be at run time, whatever its static type says.
    "const given: unknown = input;",
    "if (given !== undefined) {",
    ...readLines(
      program,
      domain,
      "fields",
      // A map given is read over the keys the locals hold, then each key goes back to its local.
      (name, value) => {
        const f = domain.fields.find((x) => x.name === name)!;
        return f.key ? keysOf(f).map((k) => `${current(name, k)} = (${value})[${string(k)}]`).join(", ") : `${current(name)} = ${value}`;
      },
      string("the state"),
      null,
      "given",
      (name) => `{ ${keysOf(domain.fields.find((x) => x.name === name)!).map((k) => `${ident(k)}: ${current(name, k)}`).join(", ")} }`,
    ),
    "}",
    ...(invariants ? [`${RUNTIME}.keepsInvariants(${meta}, ${part("broken")}(${state}, ${PARAMS}), "the state");`] : []),
    "const transitions: string[] = [];",
    `const ${EFFECTS}: ${RUNTIME}.EffectCall<${typeNames(domain).effects}>[] = [];`,
    `const fired: number[] = ${anyEffects ? "[]" : `${RUNTIME}.NONE_FIRED`};`,
    "let called = 0; // the effects called before this tick, kept when a tick fails",
    "let trying = -1; // the transition being tried; -1 evaluating goals; -2 checking invariants or the next instant",
    ...(goalsCanFail ? ["let at = 0; // the goal being evaluated"] : []),
    "try {",
    "for (;;) {",
    ...(anyEffects ? [`called = ${EFFECTS}.length;`] : []),
    "trying = -1;",
    ...(goals.length > 0 ? ["goals: {", ...goals, ...ending("converged", "[]"), "}"] : ending("converged", "[]")),
    ...(tries.some((l) => l === "break tick;") ? ["tick: {", ...tries, ...ending("stuck", failing), "}"] : [...tries, ...ending("stuck", failing)]),
    `if (transitions.length >= maxTicks && !${RUNTIME}.safely(${part("converged")}, ${state}, ${PARAMS}${andNow})) {`,
    `const s = ${state};`,
    `return ${RUNTIME}.ended(s, "limit", transitions, ${EFFECTS}, ${failing}, ${RUNTIME}.limitError(${meta}, maxTicks, transitions));`,
    "}",
    "}",
    "} catch (cause) {",
    `${EFFECTS}.length = called;`,
    `const s = ${state};`,
    `let error = trying >= 0 ? new ${RUNTIME}.StepError(${string(domain.name)}, ${part("names")}[trying], cause) : ${goalsCanFail ? `trying === -1 ? ${RUNTIME}.evaluationFailed(${meta}, "goal", at, cause) : ` : ""}cause;`,
    // The same tick again over objects, for its error: thrown there from the step's (or goal's) own function, its stack points at the .ved line.
    `if (trying !== -2) {`,
    "try {",
    `${part("tick")}(s, ${part("copy")}(s), ${PARAMS}, ${EFFECTS}, fired${andNow});`,
    "} catch (again) {",
    "error = again;",
    "}",
    `${EFFECTS}.length = called;`,
    "}",
    `return ${RUNTIME}.ended(s, "error", transitions, ${EFFECTS}, ${failing}, error);`,
    "}",
  ];
}

/** How many expression nodes the loop's goals, guards and steps hold once every let read is written out. */
function inlinedSize(domain: ir.Domain): number {
  const lets = new Map(domain.lets.map((l) => [l.name, l]));
  const memo = new Map<string, number>();
  const size = (e: ir.Expr): number => {
    let n = 0;
    forEachExpr(e, (x) => {
      n++;
      if (x.kind === "let") {
        if (!memo.has(x.name)) memo.set(x.name, size(lets.get(x.name)!.expr));
        n += memo.get(x.name)!;
        if (n > INLINE_LIMIT) return false;
      }
    });
    return n;
  };
  let total = 0;
  for (const g of domain.goals) total += size(g.expr);
  for (const t of domain.transitions) {
    if (t.guard) total += size(t.guard);
    forEachStmt(t.step, (st) => {
      for (const e of exprsOf(st)) total += size(e);
    });
  }
  return total;
}

/** The longest chain of lets reading lets. */
function letDepth(domain: ir.Domain): number {
  const lets = new Map(domain.lets.map((l) => [l.name, l]));
  const depth = new Map<string, number>();
  // Lets are acyclic (VED0116); a chain is walked from its end without recursion.
  const of = (name: string): number => {
    const stack = [name];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (depth.has(top)) {
        stack.pop();
        continue;
      }
      const reads: string[] = [];
      forEachExpr(lets.get(top)!.expr, (x) => {
        if (x.kind === "let") reads.push(x.name);
      });
      const pending = reads.filter((r) => !depth.has(r));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      depth.set(top, 1 + Math.max(0, ...reads.map((r) => depth.get(r)!)));
      stack.pop();
    }
    return depth.get(name)!;
  };
  return Math.max(0, ...domain.lets.map((l) => of(l.name)));
}
