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
const rules: moo.Rules = {
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
  // Escapes are checked after scanning (parse.ts), so a bad one gets its own message.
  string: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  unclosedString: /"(?:[^"\\\r\n]|\\[^\r\n])*/,
  ident: {
    match: /[A-Za-z_][A-Za-z0-9_]*/,
    type: moo.keywords(Object.fromEntries(KEYWORDS.map((k) => [k, k]))),
  },
  op: [
    "+=", "-=", "*=", "==", "!=", "<=", ">=", "&&", "||",
    "=", "<", ">", "+", "-", "*", "/", "%", "!",
    "(", ")", "{", "}", ":", ";", ",", "..", ".",
  ],
  error: moo.error,
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
  /** The first character no rule matched, or an unterminated comment or string. */
  bad?: { token: Token; what: "character" | "comment" | "string" };
}

/** Scans the whole source; stops at the first character no rule accepts. */
export function scan(source: string): ScanResult {
  const lexer = moo.compile(rules);
  lexer.reset(source);
  // moo counts only \n as a line break; positions come from the one definition instead.
  const lines = new LineMap(source);
  const tokens: Token[] = [];
  const comments: Token[] = [];
  for (const t of lexer) {
    const type = t.type ?? "error";
    const token: Token = { type, value: t.value, text: t.text, offset: t.offset, ...lines.position(t.offset) };
    if (type === "error") return { tokens, comments, bad: { token, what: "character" } };
    if (type === "unclosedComment") return { tokens, comments, bad: { token, what: "comment" } };
    if (type === "unclosedString") return { tokens, comments, bad: { token, what: "string" } };
    if (type === "lineComment" || type === "blockComment") comments.push(token);
    if (TRIVIA.has(type)) continue;
    // moo gives operators the type "op"; the grammar matches them by literal.
    tokens.push(token);
  }
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
