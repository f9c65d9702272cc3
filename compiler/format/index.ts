// `vedc fmt`: Ved source in, the same program laid out canonically out, or
// the located syntax error that stops it. The layout is the Prettier plugin's
// (prettier.ts) with fixed options, so that every project formats alike.
import { parse } from "../1-syntax/parse.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import plugin from "./prettier.js";

export interface FormatResult {
  /** Null when the source does not parse; `diagnostics` then say where. */
  formatted: string | null;
  diagnostics: Diagnostic[];
}

export async function formatSource(source: string, options: { filename?: string } = {}): Promise<FormatResult> {
  const filepath = options.filename ?? "input.ved";
  const { program, diagnostics } = parse(source, filepath);
  if (!program) return { formatted: null, diagnostics };
  // Loaded on first use, as for emitting: Prettier takes longer to load than a whole check.
  const prettier = await import("prettier");
  const formatted = await prettier.format(source, { parser: "ved", plugins: [plugin], filepath, printWidth: 80, tabWidth: 2, useTabs: false, endOfLine: "lf" });
  return { formatted, diagnostics: [] };
}
