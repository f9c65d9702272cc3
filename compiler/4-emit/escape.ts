// The one path by which text from a .ved file, or its name, reaches generated
// code. Nothing else in the emitter or the bundler writes user text:
//
// - as a string literal: a TypeScript factory node the printer escapes
//   (quotes, backslashes, line terminators, control and non-ASCII characters);
// - inside a comment: through `commentText`, for the header, every doc comment
//   and every comment a bundle carries;
// - as a URL: a source map's file name, percent-encoded;
// - as a name: only Ved names, checked by names.ts `vedName`.
import ts from "typescript";

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
const CONTEXT = ts.createSourceFile("print.ts", "", ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

/** A string literal holding exactly `text`. */
export function stringLiteral(text: string): ts.StringLiteral {
  return ts.factory.createStringLiteral(text);
}

/** The JavaScript source of a string literal holding exactly `text`, for code assembled as text. */
export function stringSource(text: string): string {
  return printer.printNode(ts.EmitHint.Unspecified, stringLiteral(text), CONTEXT);
}

// Characters that end a `//` comment (line and paragraph separators, and the
// controls \n and \r), or make a comment read as something else than it is
// (other controls, the invisible format characters such as bidirectional
// overrides, lone surrogates).
const UNSAFE_IN_COMMENT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * `text`, safe anywhere inside a `//` or a `/* *\/` comment: every character
 * above becomes an escape (`\n`, `\u2028`), and `*\/`, which would end a block
 * comment, becomes `*\/` with a backslash.
 */
export function commentText(text: string): string {
  return text.replace(UNSAFE_IN_COMMENT, escapeChar).replace(/\*\//g, "*\\/");
}

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
  const code = c.codePointAt(0)!;
  return SHORT[c] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/** A `//` comment line saying `text`. */
export function lineComment(text: string): string {
  return `// ${commentText(text)}`;
}

/** Attaches a `/** text *\/` doc comment to `node`. */
export function withDoc<T extends ts.Node>(node: T, text: string): T {
  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, `* ${commentText(text)} `, true);
}

/** A value as a doc comment shows it: strings quoted as in JSON (the comment is escaped after). */
export function shownValue(value: string | number | boolean): string {
  return JSON.stringify(value);
}

/**
 * The comment pointing a bundle at its source map file. The name is a
 * relative URL: percent-encoded, so that no character of a file name can end
 * the comment or change what it points at (a lone surrogate, which no URL
 * can hold, becomes U+FFFD).
 */
export function sourceMapFileComment(mapFile: string): string {
  return `//# sourceMappingURL=${encodeURIComponent(mapFile.replace(/\p{Cs}/gu, "\uFFFD"))}`;
}

/** The comment carrying a source map inline, as a base64 data URL. */
export function inlineSourceMapComment(map: string): string {
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}`;
}
