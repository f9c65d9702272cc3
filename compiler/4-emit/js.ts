// The one path by which text from a .ved file — names, strings, source
// excerpts, file names — reaches generated code. Everything the emitter
// writes that holds user text goes through one of these:
//
//   string(text)   a JavaScript string literal
//   ident(name)    an identifier (Ved names are identifiers already; this checks)
//   comment(text)  the body of a `//` comment, which nothing can end early
//   sourceMapFileComment(name), inlineSourceMapComment(map)
//                  a bundle's `//# sourceMappingURL=` line: a file name
//                  percent-encoded, a map as base64
//
// Nothing else is concatenated into code. Generated names (names.ts) are built
// from identifiers with `$`, which no Ved name contains, so a Ved name can
// never collide with one of them.

/** A JavaScript string literal for `text`: JSON's escaping, plus the two line separators JSON leaves bare. */
export function string(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `name` as an identifier; throws on anything else (the lexer admits only identifiers as Ved names). */
export function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`internal error: '${name}' is not an identifier`);
  return name;
}

/**
 * `text` made safe as the rest of a `//` line: every character that could end
 * the line (CR, LF, U+2028, U+2029) or confuse a reader (other controls,
 * bidirectional overrides) is written as an escape, so the comment says what
 * the source says and nothing after it becomes code.
 */
export function comment(text: string): string {
  return text.replace(UNSAFE_IN_COMMENT, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

// Controls (CR and LF among them), the line and paragraph separators, the
// invisible format characters (bidirectional overrides, which can make a
// comment read as code) and lone surrogates.
const UNSAFE_IN_COMMENT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `text` made safe inside a `/** ... *\/` doc comment: as `comment`, and no `*\/` can close it. */
export function docComment(text: string): string {
  return comment(text).replace(/\*\//g, "*\\/");
}

/** A number literal: negative numbers parenthesised, so they are safe as any operand. */
export function number(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal error: cannot emit ${value}`);
  return value < 0 || Object.is(value, -0) ? `(-${-value})` : String(value);
}

/** Any JSON-like value as an expression: strings through `string`, keys quoted. */
export function literal(value: unknown): string {
  if (typeof value === "string") return string(value);
  if (typeof value === "number") return number(value);
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") return `{ ${Object.entries(value).map(([k, v]) => `${string(k)}: ${literal(v)}`).join(", ")} }`;
  throw new Error(`internal error: cannot emit a ${typeof value} literal`);
}

/**
 * The comment pointing a bundle at its source map file. The name is a
 * relative URL, percent-encoded, so that no character of a file name can end
 * the comment or change what it points at (a lone surrogate, which no URL can
 * hold, becomes U+FFFD).
 */
export function sourceMapFileComment(mapFile: string): string {
  return `//# sourceMappingURL=${encodeURIComponent(mapFile.replace(/\p{Cs}/gu, "\uFFFD"))}`;
}

/** The comment carrying a source map inline, as a base64 data URL. */
export function inlineSourceMapComment(map: string): string {
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString("base64")}`;
}
