// Ved diagnostics as each host's own errors and warnings. Rollup and Vite
// print the id, `(line:col)`, the message and `frame`; esbuild draws its own
// frame from the location (./esbuild.ts completes it from `meta`); webpack
// prints a loader's message as it is, so there the message is the whole
// formatted diagnostic, as babel-loader's are.
import type { UnpluginContext, UnpluginContextMeta, UnpluginMessage } from "unplugin";
import { renderDetail, renderDiagnostic as render } from "../diagnostics/render.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

type Framework = UnpluginContextMeta["framework"];

/** What esbuild's location lacks through unplugin: the line itself, the span's length, and the notes. */
/** The module compiled, and the files its imports reached (absolute paths): a diagnostic in one of those is shown in it. */
export interface Module {
  id: string;
  source: string;
  imports: { file: string; source: string | null }[];
}

/** A diagnostic's text and id: the module's own, or the imported file it is in. */
function fileOf(d: Diagnostic, module: Module): [source: string, id: string] {
  const imported = module.imports.find((f) => f.file === d.file);
  return imported ? [imported.source ?? "", imported.file] : [module.source, module.id];
}

export interface EsbuildDetail {
  lineText: string;
  length: number;
  notes: { text: string }[];
}

/**
 * Reports every diagnostic to the host. Errors end the module: Rollup and Vite
 * throw from `error`; webpack fails the module with the error thrown here;
 * esbuild collects them and fails the build once the module is returned.
 */
export function report(context: UnpluginContext, framework: Framework, diagnostics: Diagnostic[], module: Module): void {
  const message = (d: Diagnostic, framework: Framework) => messageIn(d, framework, ...fileOf(d, module));
  const renderDiagnostic = (d: Diagnostic) => render(d, fileOf(d, module)[0]);
  const errors = diagnostics.filter((d) => d.severity === "error");
  // Warnings wait until the file has no errors, as in the CLI: an error often explains them.
  if (errors.length === 0) {
    for (const d of diagnostics) context.warn(message(d, framework));
    return;
  }
  if (framework === "webpack" || framework === "rspack") {
    // No stack: webpack then shows the message once and nothing of where in vedc it was thrown
    // (with `hideStack` it would add the stack as the error's details, the message again with it).
    throw Object.assign(new Error(errors.map((d) => renderDiagnostic(d)).join("\n\n")), { stack: "" });
  }
  if (framework === "esbuild") {
    for (const d of errors) context.error(message(d, framework));
    return;
  }
  // Rollup stops at the first error, which it places in the module: one of the module's own, the others (an imported file's too, named) under its frame.
  errors.sort((a, b) => Number(fileOf(a, module)[1] !== module.id) - Number(fileOf(b, module)[1] !== module.id));
  const first = message(errors[0], framework);
  first.frame = [first.frame, ...errors.slice(1).map((d) => renderDiagnostic(d))].join("\n\n");
  context.error(first);
}

function messageIn(d: Diagnostic, framework: Framework, source: string, id: string): UnpluginMessage & { frame?: string } {
  if (framework === "webpack" || framework === "rspack") return { id, message: render(d, source) };
  const { line, col } = d.span.start;
  // Hosts count columns from 0, Ved from 1.
  const base = { id, plugin: "vedc", message: `${d.code}: ${d.message}`, loc: { file: id, line, column: col - 1 } };
  // An empty stack: where in vedc the error was raised is no help with the user's .ved.
  if (framework !== "esbuild") return { ...base, frame: renderDetail(d, source), stack: "" };
  const lineText = source.split(/\r?\n/)[line - 1] ?? "";
  const { end } = d.span;
  const length = end.line === line ? Math.max(end.col - col, 0) : lineText.length - (col - 1);
  const notes = [...(d.related ?? []).map((r) => ({ text: `${r.message} (${d.file}:${r.span.start.line}:${r.span.start.col})` })), ...(d.hint ? [{ text: `hint: ${d.hint}` }] : [])];
  const meta: EsbuildDetail = { lineText, length, notes };
  return { ...base, meta };
}
