// vedc, the compiler API. One call per stage, each taking the previous
// stage's output:
//   parse (1-syntax) → analyse (2-analysis) → lower (3-lower) → emit (4-emit) → bundle (5-bundle)
// `compile` runs the first four; `vedc build` adds the fifth.
import { parse } from "./1-syntax/parse.js";
import { analyse } from "./2-analysis/analyse.js";
import { lower } from "./3-lower/lower.js";
import { fsHost, ModuleGraph, type ImportedFile, type SourceHost } from "./2-analysis/modules.js";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic.js";
import type * as ir from "./ir.js";
import type { Bundle, BundleOptions } from "./5-bundle/bundle.js";
import type { GraphFormat } from "./graph/index.js";
import type { FormatResult } from "./format/index.js";

export type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics/diagnostic.js";
export { CODES, report } from "./diagnostics/diagnostic.js";
export { MESSAGES } from "./diagnostics/messages.js";
export { renderDiagnostic } from "./diagnostics/render.js";
export { MAX_DEPTH, MAX_SOURCE_LENGTH } from "./1-syntax/parse.js";
export type * as IR from "./ir.js";
export type { Bundle, BundleOptions } from "./5-bundle/bundle.js";
export type { GraphFormat } from "./graph/index.js";
export type { FormatResult } from "./format/index.js";
export { fsHost, memoryHost, type ImportedFile, type SourceHost } from "./2-analysis/modules.js";

export interface CheckOptions {
  /**
   * The file name used in diagnostics and run-time error sites, and the file
   * imports are relative to. Default "input.ved".
   */
  filename?: string;
  /** Where imported files are read from. Default the file system (fsHost); memoryHost(files) for tests and editors. */
  host?: SourceHost;
}

export interface CheckResult {
  /** Null when there are errors. */
  ir: ir.Program | null;
  /** The entry's, and the errors of every file it imports (each with its own `file`). */
  diagnostics: Diagnostic[];
  /** Every file read to follow imports, with its text (null when it could not be read): a watcher watches these beside the entry. */
  imports: ImportedFile[];
}

/** Parses, analyses and lowers: everything but code generation. Imports are followed through `options.host`. */
export function check(source: string, options: CheckOptions = {}): CheckResult {
  const file = options.filename ?? "input.ved";
  const parsed = parse(source, file);
  if (!parsed.program) return { ir: null, diagnostics: parsed.diagnostics, imports: [] };
  const graph = new ModuleGraph(options.host ?? fsHost, (program, at, imported) => {
    const { analysis, diagnostics } = analyse(program, at, imported);
    return { enums: analysis.enums, diagnostics };
  });
  const importErrors: Diagnostic[] = [];
  const imported = graph.importsOf(parsed.program, file, importErrors);
  const { analysis, diagnostics } = analyse(parsed.program, file, imported);
  diagnostics.unshift(...importErrors);
  const imports = graph.files;
  if (hasErrors(diagnostics)) return { ir: null, diagnostics, imports };
  const program = lower(analysis, file, diagnostics);
  return { ir: hasErrors(diagnostics) ? null : program, diagnostics, imports };
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

// The stages below load their heavy dependencies (esbuild, Graphviz, Prettier)
// only when called, so that importing the compiler to check a file stays cheap.

/** Bundles a compiled module with the runtime into one file (esbuild). */
export async function bundle(code: string, options: BundleOptions): Promise<Bundle> {
  return (await import("./5-bundle/bundle.js")).bundle(code, options);
}

/** The runtime's public types, for the .d.ts of a bundle. */
export async function readRuntimeTypes(): Promise<string> {
  return (await import("./5-bundle/bundle.js")).readRuntimeTypes();
}

/** A picture of how each domain converges: Mermaid, Graphviz dot, or SVG. */
export async function graph(program: ir.Program, format: GraphFormat): Promise<string> {
  return (await import("./graph/index.js")).graph(program, format);
}

/** Ved source laid out canonically, or the syntax error that stops it. */
export async function formatSource(source: string, options: { filename?: string } = {}): Promise<FormatResult> {
  return (await import("./format/index.js")).formatSource(source, options);
}

/** The .d.ts for a bundle of `program`; `runtimeTypes` from readRuntimeTypes(). */
export async function emitDeclarations(program: ir.Program, runtimeTypes: string, target: "module" | "lambda" = "module"): Promise<string> {
  const declarations = await import("./4-emit/declarations.js");
  return declarations.emitDeclarations(program, runtimeTypes, target);
}
