// Renders diagnostics for people: `file:line:col: error VED0100: message`, a
// code frame under it, then the hint. Colour only when asked (the CLI asks
// when stderr is a terminal).
import pc from "picocolors";
import { codeFrame } from "./code-frame.js";
import type { Diagnostic } from "./diagnostic.js";

export interface RenderOptions {
  color?: boolean;
}

export function renderDiagnostic(d: Diagnostic, source: string, options: RenderOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const { start } = d.span;
  const where = `${d.file}:${start.line}:${start.col}`;
  const label = d.severity === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
  const detail = renderDetail(d, source, options);
  return `${c.bold(where)}: ${label} ${c.dim(d.code)}: ${d.message}${detail ? `\n${detail}` : ""}`;
}

/**
 * The lines under a diagnostic's first: the code frame, notes and hint. A
 * bundler prints the location and message its own way, then these.
 */
export function renderDetail(d: Diagnostic, source: string, options: RenderOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [];
  if (source.length > 0) lines.push(codeFrame(source, d.span, c));
  for (const r of d.related ?? []) {
    lines.push(`  ${c.cyan("note")}: ${r.message} (${d.file}:${r.span.start.line}:${r.span.start.col})`);
  }
  if (d.hint) lines.push(`  ${c.cyan("hint")}: ${d.hint}`);
  return lines.join("\n");
}
