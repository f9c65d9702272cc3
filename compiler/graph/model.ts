// What a diagram of a domain shows, computed from the IR alone: its goals,
// its transitions (in the order the runtime tries them, each with its guard
// and step), and which goals each transition can change. A step can change a
// goal when it assigns a field the goal reads, directly or through lets.
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
  /** 1-based: the runtime tries transitions in this order. */
  order: number;
  name: string;
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
  const goals = d.goals.map((g, i) => ({ node: { id: `${id}_g${i}`, name: g.name, text: exprText(g.expr) }, reads: fieldsRead(g.expr, lets) }));
  const transitions: TransitionNode[] = [];
  const edges: Edge[] = [];
  d.transitions.forEach((t, i) => {
    const node = { id: `${id}_t${i}`, order: i + 1, name: t.name, guard: t.guard ? exprText(t.guard) : null, step: stepLines(t.step) };
    transitions.push(node);
    const writes = new Set(fieldsAssigned(t.step));
    for (const g of goals) {
      const fields = fieldOrder.filter((f) => writes.has(f) && g.reads.has(f));
      if (fields.length > 0) edges.push({ from: node.id, to: g.node.id, fields });
    }
  });
  return { id, name: d.name, goals: goals.map((g) => g.node), transitions, edges };
}
