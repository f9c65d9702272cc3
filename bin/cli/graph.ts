// vedc graph: each domain's goals and transitions, and which goals each
// transition can change, as Mermaid, DOT or SVG on stdout.
import { graph, type GraphFormat } from "../../compiler/index.js";
import { compileFile } from "./compile-file.js";
import type { Io } from "./io.js";

export async function graphCommand(file: string, options: { format: GraphFormat }, io: Io): Promise<number> {
  const compiled = await compileFile(io, file, { emit: false });
  if (!compiled) return 1;
  io.stdout.write(await graph(compiled.result.ir!, options.format));
  return 0;
}
