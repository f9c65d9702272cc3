// vedc, the compiler API. One call per stage, each taking the previous
// stage's output:
//   parse (1-syntax) → analyse (2-analysis) → lower (3-lower) → emit (4-emit) → bundle (5-bundle)
// `compile` runs the first four; `vedc build` adds the fifth.
import { parse } from "./1-syntax/parse.js";
import { analyse } from "./2-analysis/check.js";
import { lower } from "./3-lower/lower.js";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic.js";
import type * as ir from "./ir.js";

export type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics/diagnostic.js";
export { CODES } from "./diagnostics/diagnostic.js";
export { formatDiagnostic } from "./diagnostics/format.js";
export { bundle, readRuntimeTypes } from "./5-bundle/bundle.js";
export type * as IR from "./ir.js";
export { graph, type GraphFormat } from "./graph/index.js";
export { formatSource, type FormatResult } from "./format/index.js";

export interface CheckOptions {
  /** The file name used in diagnostics and run-time error sites. Default "input.ved". */
  filename?: string;
}

export interface CheckResult {
  /** Null when there are errors. */
  ir: ir.Program | null;
  diagnostics: Diagnostic[];
}

/** Parses, analyses and lowers: everything but code generation. */
export function check(source: string, options: CheckOptions = {}): CheckResult {
  const file = options.filename ?? "input.ved";
  const parsed = parse(source, file);
  if (!parsed.program) return { ir: null, diagnostics: parsed.diagnostics };
  const { analysis, diagnostics } = analyse(parsed.program, file);
  if (hasErrors(diagnostics)) return { ir: null, diagnostics };
  return { ir: lower(analysis, file), diagnostics };
}

export interface CompileOptions extends CheckOptions {
  /** The module the generated code imports the runtime from. Default "vedc/runtime". */
  runtimeModule?: string;
  /** Format the module with prettier. Default true; turn it off when the code is bundled next. */
  format?: boolean;
}

export interface CompileResult extends CheckResult {
  /** The generated TypeScript module, formatted; null when there are errors. */
  code: string | null;
  /** A v3 source map from `code` back to the .ved source (sources content included); null when there are errors. */
  map: string | null;
}

/** Compiles Ved source to a TypeScript module that links against vedc/runtime. */
export async function compile(source: string, options: CompileOptions = {}): Promise<CompileResult> {
  const checked = check(source, options);
  if (!checked.ir) return { ...checked, code: null, map: null };
  // Loaded on first use: ts-morph and prettier take longer to load than a whole check.
  const { emit } = await import("./4-emit/emit.js");
  const { code, map } = await emit(checked.ir, { runtimeModule: options.runtimeModule, format: options.format });
  return { ...checked, code, map: withSource(map, source) };
}

function withSource(map: string, source: string): string {
  return JSON.stringify({ ...JSON.parse(map), sourcesContent: [source] });
}

/** The .d.ts for a bundle of `program`; `runtimeTypes` from readRuntimeTypes(). */
export async function emitDeclarations(program: ir.Program, runtimeTypes: string, target: "module" | "lambda" = "module"): Promise<string> {
  const declarations = await import("./4-emit/declarations.js");
  return declarations.emitDeclarations(program, runtimeTypes, target);
}
