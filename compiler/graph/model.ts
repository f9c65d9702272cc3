// What a diagram of a domain shows, computed from the IR alone: its goals,
// its transitions (in the order the runtime tries them, each with its guard
// and step), and which goals each transition can change. A step can change a
// goal when it assigns a field the goal reads, directly or through lets.
import type * as ir from "../ir.js";
import { exprText, stepLines } from "../ir-text.js";

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
    const writes = fieldsAssigned(t.step);
    for (const g of goals) {
      const fields = fieldOrder.filter((f) => writes.has(f) && g.reads.has(f));
      if (fields.length > 0) edges.push({ from: node.id, to: g.node.id, fields });
    }
  });
  return { id, name: d.name, goals: goals.map((g) => g.node), transitions, edges };
}

/** Every field an expression reads, following lets to the fields they read. */
function fieldsRead(e: ir.Expr, lets: Map<string, ir.Let>, seen = new Set<string>(), out = new Set<string>()): Set<string> {
  switch (e.kind) {
    case "field":
      out.add(e.name);
      break;
    case "let":
      // Lets cannot depend on themselves (VED0116), but a let read twice is followed once.
      if (!seen.has(e.name)) {
        seen.add(e.name);
        fieldsRead(lets.get(e.name)!.expr, lets, seen, out);
      }
      break;
    case "call":
      for (const a of e.args) fieldsRead(a, lets, seen, out);
      break;
    case "unary":
      fieldsRead(e.operand, lets, seen, out);
      break;
    case "binary":
      fieldsRead(e.left, lets, seen, out);
      fieldsRead(e.right, lets, seen, out);
      break;
  }
  return out;
}

/** Every field a step may assign, on any branch. */
function fieldsAssigned(step: ir.Stmt[], out = new Set<string>()): Set<string> {
  for (const s of step) {
    if (s.kind === "assign") out.add(s.field);
    else if (s.kind === "if") {
      fieldsAssigned(s.then, out);
      fieldsAssigned(s.else, out);
    }
  }
  return out;
}
