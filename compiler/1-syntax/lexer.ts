// The scanner: turns Ved source into tokens with moo.
//
// Whitespace, newlines and comments are recognised here and then dropped
// before the parser sees the stream (comments are also handed back on their
// own, for the formatter): the grammar is newline-insensitive, and
// the one rule that needs line information (two statements on one line need a
// `;`) is checked on spans after parsing. Characters that match nothing become
// a single `error` token so the caller can report them with a location instead
// of moo throwing.
import moo from "moo";
import { LineMap } from "../diagnostics/lines.js";

export const KEYWORDS = [
  "domain",
  "enum",
  "state",
  "param",
  "let",
  "effect",
  "invariant",
  "goal",
  "transition",
  "when",
  "step",
  "if",
  "else",
  "true",
  "false",
  "now",
] as const;

// A line ends at \r\n, \r or \n (diagnostics/lines.ts): a line comment, a
// string or a run of spaces never reaches past one.
const ops = (parens: moo.Rules[string][]) => [
  "+=", "-=", "*=", "=>", "==", "!=", "<=", ">=", "&&", "||",
  "=", "<", ">", "+", "-", "*", "/", "%", "!",
  ...parens, "{", "}", "[", "]", ":", ";", ",", "..", ".",
];
const code = (parens: moo.Rules[string][]): moo.Rules => ({
  ws: /[ \t\f\v]+/,
  newline: { match: /\r\n|\r|\n/, lineBreaks: true },
  lineComment: /\/\/[^\r\n]*/,
  blockComment: { match: /\/\*[^]*?\*\//, lineBreaks: true },
  unclosedComment: { match: /\/\*[^]*/, lineBreaks: true },
  // `250ms`, `30s`, `5m`, `2h`, `1d`, and runs of them largest first as
  // durations print (`1m30s`); a letter or digit right after is not one.
  duration: /(?:[0-9][0-9_]*(?:ms|[smhd]))+(?![A-Za-z0-9_])/,
  float: /[0-9][0-9_]*\.[0-9][0-9_]*(?:[eE][+-]?[0-9]+)?|[0-9][0-9_]*[eE][+-]?[0-9]+/,
  int: /[0-9][0-9_]*/,
  quote: { match: '"', push: "text" },
  ident: {
    match: /[A-Za-z_][A-Za-z0-9_]*/,
    type: moo.keywords(Object.fromEntries(KEYWORDS.map((k) => [k, k]))),
  },
  op: ops(parens) as moo.Rules[string],
  error: moo.error,
});

// Three states: code; the text of a string, whose `\(` opens an
// interpolation; and the code of an interpolation, whose parentheses nest and
// whose `)` closing the `\(` goes back to the text. Escapes are checked
// after scanning (parse.ts), so a bad one gets its own message.
const states: Record<string, moo.Rules> = {
  code: code(["(", ")"]),
  text: {
    chars: /(?:[^"\\\r\n]|\\[^(\r\n])+/,
    hole: { match: "\\(", push: "hole" },
    quote: { match: '"', pop: 1 },
    lineEnd: { match: /\\?(?:\r\n|\r|\n)/, lineBreaks: true },
    error: moo.error,
  },
  hole: code([{ match: "(", push: "hole" }, { match: ")", pop: 1 }] as unknown as moo.Rules[string][]),
};

/** A token as the parser and the diagnostics see it. Lines and columns are 1-based, as lines.ts counts them. */
export interface Token {
  type: string;
  value: string;
  text: string;
  offset: number;
  line: number;
  col: number;
}

const TRIVIA = new Set(["ws", "newline", "lineComment", "blockComment"]);

export interface ScanResult {
  tokens: Token[];
  /** Line and block comments, in order, for the formatter (the parser never sees them). */
  comments: Token[];
  /** The first character no rule matched, or an unterminated comment, string or interpolation (its opening `"` or `\(`). */
  bad?: { token: Token; what: "character" | "comment" | "string" | "interpolation" };
}

/**
 * What is open while scanning: a string (its `"`, and where its current run
 * of text starts: the `"`, or the `)` of the interpolation before it), an
 * interpolation (its `\(`), or a parenthesis inside one.
 */
type Open = { kind: "string"; quote: Token; from: number; holes: number } | { kind: "hole"; at: Token } | { kind: "paren" };

/**
 * Scans the whole source; stops at the first character no rule accepts. A
 * string without interpolations is one `string` token; one with them is a
 * `stringHead` (`"disk at \(`), the tokens of each expression, a
 * `stringMiddle` between two (`)% on \(`) and a `stringTail` (`)"`).
 */
export function scan(source: string): ScanResult {
  const lexer = moo.states(states, "code");
  lexer.reset(source);
  // moo counts only \n as a line break; positions come from the one definition instead.
  const lines = new LineMap(source);
  const tokens: Token[] = [];
  const comments: Token[] = [];
  const open: Open[] = [];
  const at = (type: string, offset: number, end: number): Token => {
    const text = source.slice(offset, end);
    return { type, value: text, text, offset, ...lines.position(offset) };
  };
  const unclosed = (): ScanResult => {
    // An interpolation left open is the mistake even when a string inside it is open too (`"at \\(used"`).
    const hole = open.filter((o): o is Extract<Open, { kind: "hole" }> => o.kind === "hole").pop();
    if (hole) return { tokens, comments, bad: { token: hole.at, what: "interpolation" } };
    return { tokens, comments, bad: { token: (open[0] as { quote: Token }).quote, what: "string" } };
  };
  for (const t of lexer) {
    const type = t.type ?? "error";
    const token: Token = { type, value: t.value, text: t.text, offset: t.offset, ...lines.position(t.offset) };
    const top = open[open.length - 1];
    if (type === "error") return { tokens, comments, bad: { token, what: "character" } };
    if (type === "unclosedComment") return { tokens, comments, bad: { token, what: "comment" } };
    // A string, and so each interpolation in it, stays on one line.
    if (type === "lineEnd" || (top && (type === "newline" || (type === "blockComment" && /[\r\n]/.test(t.text))))) return unclosed();
    if (type === "chars") continue;
    if (type === "quote" && top?.kind === "string") {
      open.pop();
      tokens.push(at(top.holes === 0 ? "string" : "stringTail", top.from, t.offset + 1));
      continue;
    }
    if (type === "quote") {
      open.push({ kind: "string", quote: token, from: t.offset, holes: 0 });
      continue;
    }
    if (type === "hole" && top?.kind === "string") {
      tokens.push(at(top.holes === 0 ? "stringHead" : "stringMiddle", top.from, t.offset + 2));
      top.holes++;
      open.push({ kind: "hole", at: token });
      continue;
    }
    if (top && t.value === "(") open.push({ kind: "paren" });
    if (top && t.value === ")") {
      open.pop();
      if (top.kind === "hole") {
        // Back in the string's text, whose next run starts at this `)`.
        (open[open.length - 1] as { from: number }).from = t.offset;
        continue;
      }
    }
    if (type === "lineComment" || type === "blockComment") comments.push(token);
    if (TRIVIA.has(type)) continue;
    // moo gives operators the type "op"; the grammar matches them by literal.
    tokens.push(token);
  }
  if (open.length > 0) return unclosed();
  return { tokens, comments };
}

/**
 * Hands nearley tokens that were scanned beforehand (see parse.ts): the parser
 * is fed the token array itself as its "chunk", so trivia never reaches it.
 */
export class TokenArrayLexer {
  private tokens: Token[] = [];
  private index = 0;

  reset(chunk: unknown): void {
    this.tokens = chunk as Token[];
    this.index = 0;
  }

  next(): Token | undefined {
    return this.tokens[this.index++];
  }

  save(): object {
    return {};
  }

  formatError(token: Token): string {
    return `unexpected ${JSON.stringify(token.text)} at ${token.line}:${token.col}`;
  }

  has(_type: string): boolean {
    return true;
  }
}
