// A domain's convergence graph in Graphviz DOT, one cluster per domain.
// Every id and label is a quoted DOT string: `"` and `\` are escaped, so a
// user's `\N` or `"` is shown as written, never read as DOT or as one of
// Graphviz's label escapes. Lines end in `\l` to left-align code.
import { goalLines, transitionLines, type DomainGraph } from "./model.js";

export function toDot(graphs: DomainGraph[]): string {
  const out = [
    'digraph "vedc" {',
    "  rankdir=LR",
    '  node [shape=box, fontname="Courier", fontsize=11, style="filled", fillcolor="#eef4fb", color="#4a6c8f"]',
    '  edge [fontname="Courier", fontsize=10, color="#4a6c8f"]',
  ];
  for (const g of graphs) {
    out.push(`  subgraph ${quote(`cluster_${g.id}`)} {`, `    label=${quote(g.name)}`, '    fontname="Courier"', "    fontsize=13", '    color="#9aa5b1"');
    for (const t of g.transitions) out.push(`    ${quote(t.id)} [label=${lines(transitionLines(t))}]`);
    for (const goal of g.goals) out.push(`    ${quote(goal.id)} [label=${lines(goalLines(goal))}, style="rounded,filled", fillcolor="#eaf6ea", color="#3f7f3f"]`);
    // Top to bottom in the order the runtime tries them: with rankdir=LR, a
    // rank's order runs bottom to top, so the invisible chain runs backwards.
    if (g.transitions.length > 1) out.push(`    { rank=same; ${[...g.transitions].reverse().map((t) => quote(t.id)).join(" -> ")} [style=invis] }`);
    for (const e of g.edges) out.push(`    ${quote(e.from)} -> ${quote(e.to)} [label=${quote(e.fields.join(", "))}]`);
    out.push("  }");
  }
  out.push("}");
  return out.join("\n") + "\n";
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function lines(list: string[]): string {
  return `"${list.map((l) => quote(l).slice(1, -1) + "\\l").join("")}"`;
}
