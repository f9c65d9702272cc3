// What a diagram of a domain shows, computed from the IR alone: its goals,
// its transitions (in the order the runtime tries them, each with its guard
// and step), and which goals each transition can change. A step can change a
// goal when it assigns a field the goal reads, directly or through lets.
//
// A per-key transition (`transition add(z: Zone)`), which lowering writes out
// once per member (`add(a)`, `add(b)`, ...), is drawn once, as declared: its
// copies are read side by side, and wherever they hold a constant that is
// each copy's own member of a key, the drawing says the key (`replicas[z]`).
import type * as ir from "../ir.js";
import { exprText, stepLines } from "../ir-text.js";
import { fieldsAssigned, fieldsRead } from "../ir-walk.js";

export interface GoalNode {
  id: string;
  /** The goal's name, or null when it has none. */
  name: string | null;
  /** The condition as Ved, its strings escaped (the IR's `text` keeps them as written). */
  text: string;
}

export interface TransitionNode {
  id: string;
  /** 1-based: the runtime tries transitions in this order (a per-key transition's copies in turn, in the enum's order). */
  order: number;
  /** `scale_up`; a per-key transition as declared, `add(z: Zone)`. */
  name: string;
  /** The transitions of the IR (and of the runtime's meta and history) it stands for: `[scale_up]`, `[add(a), add(b), add(c)]`. */
  members: string[];
  /** The guard as Ved, or null when there is none. */
  guard: string | null;
  /** The step, a statement per line. */
  step: string[];
}

export interface Edge {
  from: string;
  to: string;
  /** The fields the step assigns that the goal reads, in field order. */
  fields: string[];
}

export interface DomainGraph {
  id: string;
  name: string;
  goals: GoalNode[];
  transitions: TransitionNode[];
  edges: Edge[];
}

export function convergenceGraph(program: ir.Program): DomainGraph[] {
  return program.domains.map((d, i) => domainGraph(d, `d${i}`));
}

/** A transition's label, a line each: its place and name, its guard, its step. */
export function transitionLines(t: TransitionNode): string[] {
  return [`${t.order}. ${t.name}`, ...(t.guard === null ? [] : [`when ${t.guard}`]), ...t.step];
}

/** A goal's label: its name, if any, then its condition. */
export function goalLines(goal: GoalNode): string[] {
  return [goal.name === null ? "goal" : `goal ${goal.name}`, goal.text];
}

function domainGraph(d: ir.Domain, id: string): DomainGraph {
  const lets = new Map(d.lets.map((l) => [l.name, l]));
  const fieldOrder = d.fields.map((f) => f.name);
  const goals = d.goals.map((g, i) => ({ node: { id: `${id}_g${i}`, name: g.name, text: g.text }, reads: fieldsRead(g.expr, lets) }));
  const transitions: TransitionNode[] = [];
  const edges: Edge[] = [];
  for (const t of drawn(d.transitions)) {
    const i = transitions.length;
    const node = { id: `${id}_t${i}`, order: i + 1, name: t.name, members: t.members, guard: t.guard ? exprText(t.guard) : null, step: stepLines(t.step) };
    transitions.push(node);
    const writes = new Set(fieldsAssigned(t.step));
    for (const g of goals) {
      const fields = fieldOrder.filter((f) => writes.has(f) && g.reads.has(f));
      if (fields.length > 0) edges.push({ from: node.id, to: g.node.id, fields });
    }
  }
  return { id, name: d.name, goals: goals.map((g) => g.node), transitions, edges };
}

interface Drawn {
  name: string;
  members: string[];
  guard: ir.Expr | null;
  step: ir.Stmt[];
}

/** The transitions as drawn: each per-key transition's copies as one, when they differ only by their keys. */
function drawn(list: readonly ir.Transition[]): Drawn[] {
  const out: Drawn[] = [];
  for (let i = 0; i < list.length; ) {
    const family = list[i].family;
    let end = i + 1;
    while (family && end < list.length && list[end].family?.name === family.name) end++;
    const copies = list.slice(i, end);
    const one = family ? asDeclared(copies) : null;
    if (one) out.push({ name: `${family!.name}(${family!.keys.map((k) => `${k.name}: ${k.enum}`).join(", ")})`, members: copies.map((c) => c.name), ...one });
    else out.push(...copies.map((c) => ({ name: c.name, members: [c.name], guard: c.guard, step: c.step })));
    i = end;
  }
  return out;
}

/**
 * The guard and step of a per-key transition as declared, read off its
 * copies: where every copy holds the same thing, that; where each holds a
 * constant of a key's enum that is its own member of that key, the key, read
 * as a name. Null when the copies differ otherwise (then each is drawn).
 */
function asDeclared(copies: ir.Transition[]): { guard: ir.Expr | null; step: ir.Stmt[] } | null {
  const keys = copies[0].family!.keys;
  const members = copies.map((c) => c.family!.keys.map((k) => k.member));
  const differ = Symbol("differ");
  const merge = (nodes: unknown[]): unknown => {
    const [first] = nodes;
    if (first === null || typeof first !== "object") return nodes.every((n) => n === first) ? first : differ;
    if (Array.isArray(first)) {
      if (!nodes.every((n) => Array.isArray(n) && n.length === first.length)) return differ;
      const merged = first.map((_, j) => merge(nodes.map((n) => (n as unknown[])[j])));
      return merged.includes(differ) ? differ : merged;
    }
    const e = first as ir.Expr;
    if (e.kind === "const" && e.type.kind === "enum") {
      const values = nodes.map((n) => (n as ir.Const).value);
      // A key is read as its name whenever it fits, even where a lone member would fit the constant too.
      const k = keys.findIndex((key, j) => key.enum === (e.type as ir.EnumType).name && values.every((v, c) => v === members[c][j]));
      if (k >= 0 && nodes.every((n) => (n as ir.Expr).kind === "const")) return { kind: "local", type: e.type, name: keys[k].name } satisfies ir.Ref;
    }
    const names = Object.keys(first);
    if (!nodes.every((n) => n !== null && typeof n === "object" && !Array.isArray(n) && Object.keys(n).length === names.length)) return differ;
    const merged: Record<string, unknown> = {};
    for (const name of names) {
      const v = merge(nodes.map((n) => (n as Record<string, unknown>)[name]));
      if (v === differ) return differ;
      merged[name] = v;
    }
    return merged;
  };
  const guard = merge(copies.map((c) => c.guard));
  const step = merge(copies.map((c) => c.step));
  return guard === differ || step === differ ? null : { guard: guard as ir.Expr | null, step: step as ir.Stmt[] };
}
