// Every name the generated module declares. Each contains `$`, which no Ved
// name can, or is a fixed single letter used only as a parameter, so no Ved
// name — field, param, let, local, transition, goal, domain — can collide
// with one of them.
import type * as ir from "../ir.js";
import { ident } from "./js.js";

/** The runtime, imported as a namespace. */
export const RUNTIME = "$rt";
/** Parameters of generated functions: the state (a draft in a step), the params, the effects called. */
export const STATE = "s";
export const PARAMS = "p";
export const EFFECTS = "fx";
/** In a domain that reads `now`: the instant of the tick, in milliseconds since the epoch. */
export const NOW = "now";
/** In an effect's outcome: the arguments it was called with. */
export const ARGS = "a";
/** In a tick: the draft the next state is built in. */
export const DRAFT = "d";
/** In a tick: the transitions that fired calling effects only, since the state last changed (each fires once per state). */
export const FIRED = "fired";

/**
 * The module-local binding of a domain, exported under the domain's own name:
 * one of its parts, so that no domain name can make it the runtime's `$rt`.
 */
export function local(domain: ir.Domain): string {
  return domainPart(domain, "domain");
}

/** A function or constant of a domain's loop: `WorkerPool$tick`, `WorkerPool$meta`. */
export function domainPart(domain: ir.Domain, part: string): string {
  return `${ident(domain.name)}$${part}`;
}

/** A function the domain's source declares: `WorkerPool$step$scale_up`, `Autoscaler$goal$sized`, `Autoscaler$let$desired`. */
export function declared(domain: string, kind: "goal" | "invariant" | "guard" | "step" | "let", name: string): string {
  return `${ident(domain)}$${kind}$${ident(name)}`;
}

/**
 * A transition's guard or step: `WorkerPool$step$scale_up`; a per-key
 * transition's copy by its members, `Spreader$step$add$a` for `add(a)` (no
 * Ved name holds a `$`, so no other transition can take it).
 */
export function transitionFunction(domain: ir.Domain, t: ir.Transition, kind: "guard" | "step"): string {
  if (!t.family) return declared(domain.name, kind, t.name);
  return `${declared(domain.name, kind, t.family.name)}${t.family.keys.map((k) => `$${ident(k.member)}`).join("")}`;
}

/**
 * The function of a goal or invariant: by its name, or, unnamed, by its
 * 1-based position among the domain's goals (or invariants), so that
 * `goal workers == 5` is `WorkerPool$goal$1`.
 */
export function conditionFunction(domain: ir.Domain, kind: "goal" | "invariant", index: number): string {
  const c = kind === "goal" ? domain.goals[index] : domain.invariants[index];
  // A range's invariant is named `workers in 0..100`, which is not an identifier.
  const named = c.name !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name);
  return named ? declared(domain.name, kind, c.name!) : `${ident(domain.name)}$${kind}$${index + 1}`;
}

/** What an effect's completion does: `CloudPool$done$boot`, `CloudPool$failed$boot`. */
export function outcomeFunction(domain: ir.Domain, effect: ir.Effect, kind: "done" | "failed"): string {
  return `${ident(domain.name)}$${kind}$${ident(effect.name)}`;
}

/** A step local. */
export function localName(name: string): string {
  return `l$${ident(name)}`;
}

/** The names of the interfaces typing a domain's state, params and effects. */
export function typeNames(domain: ir.Domain): { state: string; params: string; effects: string } {
  const name = ident(domain.name);
  return { state: `${name}State`, params: `${name}Params`, effects: `${name}Effects` };
}
