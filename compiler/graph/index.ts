// `vedc graph`: a picture of how each domain converges, drawn from the IR.
import type * as ir from "../ir.js";
import { loadOptional } from "../optional.js";
import { toDot } from "./dot.js";
import { toMermaid } from "./mermaid.js";
import { convergenceGraph } from "./model.js";

export type GraphFormat = "mermaid" | "dot" | "svg";

export async function graph(program: ir.Program, format: GraphFormat): Promise<string> {
  const graphs = convergenceGraph(program);
  if (format === "mermaid") return toMermaid(graphs);
  const dot = toDot(graphs);
  if (format === "dot") return dot;
  // Loaded on first use: Graphviz compiled to WebAssembly is large.
  const { instance } = await loadOptional("@viz-js/viz", "vedc graph --format svg", () => import("@viz-js/viz"));
  return (await instance()).renderString(dot, { format: "svg", engine: "dot" });
}
