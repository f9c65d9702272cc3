// What a domain declares, each as a named module-level function with the Ved
// it came from in a one-line comment above it: its lets, goals, invariants,
// guards and steps, each straight-line code. (The loop that calls them names
// the goal or transition in the error when one fails at run time.)
import { StructureKind, type FunctionDeclarationStructure } from "ts-morph";
import type * as ir from "../ir.js";
import { exprText } from "../ir-text.js";
import type { CodeBuilder } from "./expressions.js";
import { comment, string } from "./js.js";
import { ARGS, conditionFunction, declared, EFFECTS, NOW, outcomeFunction, PARAMS, RUNTIME, STATE, transitionFunction, typeNames } from "./names.js";
import { markerLine } from "./sourcemap.js";
import { tsType } from "./ts-types.js";

export type Fn = FunctionDeclarationStructure;

/** `(examples/autoscaler.ved:32)` */
function where(program: ir.Program, span: ir.Span): string {
  return `(${program.file}:${span.line})`;
}

/** A function structure; `about` is the comment above it, made safe by `comment`. A parameter named `x?` is optional. */
export function fn(name: string, about: string, parameters: [string, string][], returnType: string, body: string[]): Fn {
  return {
    kind: StructureKind.Function,
    name,
    leadingTrivia: `// ${comment(about)}\n`,
    parameters: parameters.map(([n, type]) => ({ name: n.replace(/\?$/, ""), hasQuestionToken: n.endsWith("?"), type })),
    returnType,
    statements: body,
  };
}

export function declaredFunctions(program: ir.Program, domain: ir.Domain, code: CodeBuilder): Fn[] {
  const names = typeNames(domain);
  const read: [string, string][] = [
    [STATE, `Readonly<${names.state}>`],
    [PARAMS, `Readonly<${names.params}>`],
  ];
  // In a domain that reads `now`, every goal, guard, step and outcome takes the instant of the tick, and so does each let that reads it.
  const timed: [string, string][] = domain.clock.readsNow ? [[NOW, "number"]] : [];
  const out: Fn[] = [];
  for (const l of domain.lets) {
    const params = code.timedLets.has(l.name) ? [...read, ...timed] : read;
    out.push(fn(declared(domain.name, "let", l.name), `let ${l.name} = ${exprText(l.expr)} ${where(program, l.span)}`, params, tsType(l.type, program), [markerLine(l.span), `return ${code.expr(l.expr)};`]));
  }
  const condition = (kind: "goal" | "invariant", c: ir.Condition, i: number) => {
    const about = `${kind} ${c.name !== null && kind === "goal" ? `${c.name}: ` : ""}${c.text} ${where(program, c.span)}`;
    // Invariants never read `now` (lowering refuses it).
    out.push(fn(conditionFunction(domain, kind, i), about, kind === "goal" ? [...read, ...timed] : read, "boolean", [markerLine(c.span), `return ${code.expr(c.expr)};`]));
  };
  domain.invariants.forEach((c, i) => condition("invariant", c, i));
  domain.goals.forEach((c, i) => condition("goal", c, i));
  for (const t of domain.transitions) {
    const head = `transition ${t.name}${t.guard ? ` when ${exprText(t.guard)}` : ""} ${where(program, t.span)}`;
    if (t.guard) out.push(fn(transitionFunction(domain, t, "guard"), head, [...read, ...timed], "boolean", [markerLine(t.span), `return ${code.expr(t.guard)};`]));
    const params: [string, string][] = [
      [STATE, names.state],
      [PARAMS, `Readonly<${names.params}>`],
      [EFFECTS, `${RUNTIME}.EffectCall<${names.effects}>[]`],
      ...timed,
    ];
    out.push(fn(transitionFunction(domain, t, "step"), t.guard ? `the step of ${t.name} ${where(program, t.step[0]?.span ?? t.span)}` : head, params, "void", code.stmts(t.step)));
  }
  for (const e of domain.effects) {
    for (const kind of ["done", "failed"] as const) {
      const outcome = e[kind];
      if (!outcome) continue;
      const params: [string, string][] = [
        [STATE, names.state],
        [PARAMS, `Readonly<${names.params}>`],
        [EFFECTS, `${RUNTIME}.EffectCall<${names.effects}>[]`],
        [ARGS, `Readonly<${names.effects}[${string(e.name)}]>`],
        ...timed,
      ];
      out.push(fn(outcomeFunction(domain, e, kind), `effect ${e.name}: ${kind} ${where(program, outcome.span)}`, params, "void", code.stmts(outcome.step)));
    }
  }
  return out;
}
