// The loader hook behind vedc/register: a .ved URL is compiled, as the
// bundler plugin compiles it, to a JavaScript module importing vedc/runtime,
// with an inline source map back to the .ved. A file that does not compile
// fails its import with the diagnostics `vedc check` prints, and no stack.
// A .ved module's `vedc/runtime` is this compiler's own runtime, wherever the
// .ved file lives: the code and the runtime it calls come from one version.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderDiagnostic } from "../diagnostics/render.js";
import { compileModule } from "./compile-module.js";

interface LoadContext {
  format?: string | null;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<{ url: string; format?: string | null; shortCircuit?: boolean }>;

const runtime = new URL("../../runtime/index.js", import.meta.url).href;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  if (specifier === "vedc/runtime" && context.parentURL && isVed(context.parentURL)) return { url: runtime, format: "module", shortCircuit: true };
  return nextResolve(specifier, context);
}

const isVed = (url: string) => url.startsWith("file:") && /\.ved$/.test(new URL(url).pathname);

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!isVed(url)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = await readFile(path, "utf8");
  const compiled = await compileModule(source, path, { types: false });
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  // The module then throws in the importing thread, where node prints an uncaught error's stack as it is: the diagnostics alone.
  if (!compiled.code || errors.length > 0) return { format: "module", source: failing(errors.length > 0 ? errors : compiled.diagnostics, (file) => compiled.imports.find((f) => f.file === file)?.source ?? source, path), shortCircuit: true };
  const map = Buffer.from(compiled.map!).toString("base64");
  return { format: "module", source: `${compiled.code}\n//# sourceMappingURL=data:application/json;base64,${map}\n`, shortCircuit: true };
}

/** A module that fails as it is imported, with the CLI's rendering of the diagnostics and, for a stack, only where the first one is. */
/** `sourceOf(file)`: the text a diagnostic points into, the module's or an imported file's. */
function failing(diagnostics: Parameters<typeof renderDiagnostic>[0][], sourceOf: (file: string) => string, path: string): string {
  const text = diagnostics.map((d) => renderDiagnostic(d, sourceOf(d.file))).join("\n\n");
  const first = diagnostics[0]?.span.start;
  // A stack with an "at" line is printed as it is; without one, node wraps it in brackets.
  const stack = `${text}\n    at ${path}${first ? `:${first.line}:${first.col}` : ""}`;
  // The name on the class, not the error: node shows an error's own properties after its stack.
  return `class VedCompileError extends Error {}\nObject.defineProperty(VedCompileError.prototype, "name", { value: "VedCompileError" });\nconst error = new VedCompileError(${JSON.stringify(text)});\nerror.stack = ${JSON.stringify(stack)};\nthrow error;\n`;
}
