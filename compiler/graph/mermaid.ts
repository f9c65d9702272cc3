// A domain's convergence graph as a Mermaid flowchart. Names and texts come
// from user source, so every label is quoted and every character Mermaid
// could read as syntax is written as an entity code (`#60;` for `<`): quotes,
// `#`, `;`, `:`, `%`, `|`, brackets, backticks and anything outside ASCII.
// Node ids are generated (`d0_t1`), never a user's name, so a domain or a
// transition called `end` or `subgraph` cannot break the chart.
import { goalLines, transitionLines, type DomainGraph } from "./model.js";

export function toMermaid(graphs: DomainGraph[]): string {
  const out = ["flowchart LR"];
  for (const g of graphs) {
    out.push(`  subgraph ${g.id}[${label([g.name])}]`, "    direction LR");
    for (const t of g.transitions) out.push(`    ${t.id}[${label(transitionLines(t))}]`);
    for (const goal of g.goals) out.push(`    ${goal.id}([${label(goalLines(goal))}])`);
    for (const e of g.edges) out.push(`    ${e.from} -->|${label([e.fields.join(", ")])}| ${e.to}`);
    out.push("  end");
  }
  return out.join("\n") + "\n";
}

/** A quoted Mermaid label, one line per entry; leading spaces kept as non-breaking ones. */
function label(lines: string[]): string {
  return `"${lines.map((l) => escape(l).replace(/^ +/, (pad) => "#160;".repeat(pad.length))).join("<br/>")}"`;
}

function escape(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.,=+*/!()'-]/gu, (c) => `#${c.codePointAt(0)};`);
}
