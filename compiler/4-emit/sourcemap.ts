// Source maps from the generated TypeScript back to the .ved file.
//
// The printer and prettier both rewrite layout, so positions are not known
// until the code is formatted. Each statement the emitter builds carries a
// line comment `// @ved L:C` holding only numbers, which prettier keeps on a
// line of its own above the statement, so it changes no other line's layout.
// After formatting, the marker lines are removed and become the mappings.
import { GenMapping, addMapping, setSourceContent, toEncodedMap } from "@jridgewell/gen-mapping";
import type * as ir from "../ir.js";

const MARKER = /^\s*\/\/ @ved (\d+):(\d+)$/;

/** The line that tags the statement after it with the Ved location it was built from. */
export function markerLine(span: { line: number; col: number }): string {
  return `// @ved ${span.line}:${span.col}`;
}

export interface Mapping {
  /** 1-based line, 0-based column in the generated code. */
  generated: { line: number; column: number };
  /** 1-based line and column in the .ved source. */
  original: ir.Span | { line: number; col: number };
}

/** Removes the marker lines from formatted code, returning the clean code and what each marker marked. */
export function extractMarkers(code: string): { code: string; mappings: Mapping[] } {
  const mappings: Mapping[] = [];
  const out: string[] = [];
  let pending: { line: number; col: number }[] = [];
  for (const line of code.split("\n")) {
    const m = MARKER.exec(line);
    if (m) {
      pending.push({ line: Number(m[1]), col: Number(m[2]) });
      continue;
    }
    const column = line.length - line.trimStart().length;
    for (const original of pending) mappings.push({ generated: { line: out.length + 1, column }, original });
    pending = [];
    out.push(line);
  }
  return { code: out.join("\n"), mappings };
}

/** A v3 source map from the generated file to the .ved source. */
export function sourceMap(mappings: Mapping[], source: string, generatedFile: string, sourceContent?: string): string {
  const map = new GenMapping({ file: generatedFile });
  if (sourceContent !== undefined) setSourceContent(map, source, sourceContent);
  for (const m of mappings) {
    addMapping(map, { generated: m.generated, source, original: { line: m.original.line, column: m.original.col - 1 } });
  }
  return JSON.stringify(toEncodedMap(map));
}
