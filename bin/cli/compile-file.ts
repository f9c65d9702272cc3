// Compiles one file for a command, printing its diagnostics. Returns null when
// the file has errors, so a command can go on with its other files.
import { basename } from "node:path";
import { bundle, compile, check, type CompileResult, type Diagnostic } from "../../compiler/index.js";
import type { Domain, StateOf } from "../../runtime/index.js";
import { printDiagnostics, readSource, type Io, type Source } from "./io.js";

export interface Compiled {
  source: Source;
  result: CompileResult;
}

/**
 * `emit: "readable"` formats the module for people; `"bundle"` leaves that to
 * the bundler. `report` takes the diagnostics instead of printing them.
 */
export async function compileFile(io: Io, path: string, options: { emit: false | "readable" | "bundle"; report?: (diagnostics: Diagnostic[], source: Source) => void }): Promise<Compiled | null> {
  const source = await readSource(path);
  const result = options.emit ? await compile(source.text, { filename: path, format: options.emit === "readable" }) : { ...check(source.text, { filename: path }), code: null, map: null };
  source.imports = result.imports;
  // Warnings wait until the file has no errors: an error often explains them.
  const report = options.report ?? ((diagnostics: Diagnostic[], source: Source) => printDiagnostics(io, diagnostics, source));
  report(result.ir ? result.diagnostics : result.diagnostics.filter((d) => d.severity === "error"), source);
  if (!result.ir) return null;
  return { source, result };
}

/** `dir/pool.ved` → `pool`. */
export function outputName(path: string): string {
  return basename(path).replace(/\.ved$/, "");
}

/** The domains of a file compiled with `emit: "bundle"`, bundled with the runtime and imported into this process, by name. */
export async function importDomains(compiled: Compiled): Promise<Record<string, Domain<StateOf>>> {
  const { code } = await bundle(compiled.result.code!, { outfile: `${outputName(compiled.source.path)}.js`, format: "esm" });
  // The bundle is this compiler's own output for a file that type-checked; importing it runs nothing but definitions.
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as Record<string, Domain<StateOf>>;
}
