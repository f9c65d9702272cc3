// References and rename: every occurrence of the symbol under the cursor — its
// declaration and each use, through the same resolution as hover — found in
// the analysis. A rename to a name that is not an identifier, is a keyword,
// or would make the file fail to check (a name already taken) is refused
// with the reason, and nothing is changed.
import { ResponseError, type Location, type Range, type WorkspaceEdit } from "vscode-languageserver/node";
import { KEYWORDS } from "../1-syntax/lexer.js";
import type { Span } from "../1-syntax/ast.js";
import { check } from "../index.js";
import { analysisOf, toRange } from "./document.js";
import { occurrences, symbolAt, type SymbolInfo } from "./symbol-at.js";

/** The occurrences of the symbol at `offset`, declaration first when asked for. */
export function referencesAt(text: string, file: string, offset: number, includeDeclaration: boolean): SymbolInfo[] {
  const analysis = analysisOf(text, file);
  const symbol = analysis && symbolAt(analysis, offset);
  if (!analysis || !symbol) return [];
  const same = occurrences(analysis).filter((o) => o.kind === symbol.kind && (symbol.declaration ? o.declaration !== null && sameSpan(o.declaration, symbol.declaration) : o.name === symbol.name));
  return same.filter((o) => includeDeclaration || !o.declaration || !sameSpan(o.span, o.declaration)).sort((a, b) => a.span.start.offset - b.span.start.offset);
}

export function locations(uri: string, found: SymbolInfo[]): Location[] {
  return found.map((o) => ({ uri, range: toRange(o.span) }));
}

/** Where a rename at `offset` would apply, or null for what cannot be renamed (a builtin, a primitive type, nothing). */
export function prepareRename(text: string, file: string, offset: number): { range: Range; placeholder: string } | null {
  const analysis = analysisOf(text, file);
  const symbol = analysis && symbolAt(analysis, offset);
  if (!symbol || symbol.declaration === null) return null;
  return { range: toRange(symbol.span), placeholder: symbol.name };
}

export function rename(text: string, file: string, uri: string, offset: number, newName: string): WorkspaceEdit | null {
  if (prepareRename(text, file, offset) === null) return null;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) throw new ResponseError(-32602, `'${newName}' is not a Ved name: a letter or _, then letters, digits or _`);
  if ((KEYWORDS as readonly string[]).includes(newName)) throw new ResponseError(-32602, `'${newName}' is a keyword`);
  const found = referencesAt(text, file, offset, true);
  // Applied back to front, so that each offset still holds.
  let renamed = text;
  for (const o of [...found].sort((a, b) => b.span.start.offset - a.span.start.offset)) renamed = renamed.slice(0, o.span.start.offset) + newName + renamed.slice(o.span.end.offset);
  const errors = (source: string) => check(source, { filename: file }).diagnostics.filter((d) => d.severity === "error");
  const before = new Set(errors(text).map((d) => d.message));
  const introduced = errors(renamed).find((d) => !before.has(d.message));
  if (introduced) throw new ResponseError(-32602, `renaming '${found[0]?.name}' to '${newName}' would make the file fail to check: ${introduced.message}`);
  return { changes: { [uri]: found.map((o) => ({ range: toRange(o.span), newText: newName })) } };
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start.offset === b.start.offset && a.end.offset === b.end.offset;
}
