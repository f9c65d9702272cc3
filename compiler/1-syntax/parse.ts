// The parser: source text in, a syntax tree (or located diagnostics) out.
//
// 1. scan the text into tokens (lexer.ts), dropping trivia;
// 2. refuse nesting deeper than MAX_DEPTH before nearley or any recursive
//    pass sees it;
// 3. run the nearley grammar over the tokens, turning its failures into
//    messages a person knows ("expected '}' to close the transition opened at
//    6:3"), not grammar rules;
// 4. attach the goals and transitions that follow a domain's braces to it;
// 5. check that items sharing a line are separated by `;`.
import nearley from "nearley";
import compiled from "./grammar.generated.js";
import { scan, TokenArrayLexer, type Token } from "./lexer.js";
import * as ast from "./ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";

export const MAX_DEPTH = 256;

export interface ParseResult {
  /** Null when the source could not be parsed; diagnostics then say why. */
  program: ast.Program | null;
  diagnostics: Diagnostic[];
}

const grammar = nearley.Grammar.fromCompiled(compiled);

export function parse(source: string, file: string): ParseResult {
  const fail = (d: Diagnostic): ParseResult => ({ program: null, diagnostics: [d] });

  const binary = source.search(/[\u0000\uFFFD]/);
  if (binary >= 0) {
    return fail(error("VED0009", file, pointSpan(source, binary), "this file is not Ved source text: it contains binary data", "check the path: vedc reads UTF-8 text files"));
  }

  const scanned = scan(source);
  if (scanned.bad) {
    const t = scanned.bad.token;
    if (scanned.bad.what === "comment") {
      const opener = { start: ast.tokenStart(t), end: { offset: t.offset + 2, line: t.line, col: t.col + 2 } };
      return fail(error("VED0002", file, opener, "this comment is never closed", "end it with `*/`"));
    }
    const ch = String.fromCodePoint(t.text.codePointAt(0)!);
    const shown = /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    return fail(error("VED0001", file, { start: ast.tokenStart(t), end: { offset: t.offset + ch.length, line: t.line, col: t.col + ch.length } }, `unexpected character ${shown}`));
  }
  const tokens = scanned.tokens;

  const tooDeep = findTooDeep(tokens);
  if (tooDeep) {
    return fail(error("VED0007", file, ast.tokenSpan(tooDeep), `nesting is deeper than ${MAX_DEPTH} levels`, "split the expression or the block into smaller parts"));
  }

  const parser = new nearley.Parser(grammar);
  parser.lexer = new TokenArrayLexer();
  try {
    parser.feed(tokens as unknown as string);
  } catch (e) {
    const token = (e as { token?: Token }).token;
    if (!token) throw e;
    const at = tokens.indexOf(token);
    return fail(syntaxError(file, tokens, at, expectedAt(parser, tableOf(parser).length - 2)));
  }

  const results = parser.results as (ast.Domain | ast.Goal | ast.Transition)[][];
  if (results.length === 0) {
    if (tokens.length === 0) {
      return fail(error("VED0008", file, pointSpan(source, 0), "this file has no domain", "a Ved program starts with `domain Name { state { ... } }`"));
    }
    return fail(syntaxError(file, tokens, tokens.length, expectedAt(parser, tableOf(parser).length - 1)));
  }
  if (results.length > 1) {
    // The grammar is written to be unambiguous; tests assert one parse per example.
    throw new Error(`internal error: the grammar gave ${results.length} parses`);
  }

  const diagnostics: Diagnostic[] = [];
  const domains: ast.Domain[] = [];
  for (const item of results[0]) {
    if (item.kind === "Domain") {
      domains.push(item);
    } else if (domains.length === 0) {
      const what = item.kind === "Goal" ? "goal" : "transition";
      diagnostics.push(error("VED0006", file, item.span, `this ${what} comes before any domain`, `put it inside a domain's braces, or after them`));
    } else {
      const owner = domains[domains.length - 1];
      owner.members.push(item);
    }
  }
  if (domains.length === 0 && diagnostics.length === 0) {
    diagnostics.push(error("VED0008", file, pointSpan(source, 0), "this file has no domain", "a Ved program starts with `domain Name { state { ... } }`"));
  }
  checkSeparators(file, tokens, domains, diagnostics);
  if (diagnostics.length > 0) return { program: null, diagnostics };

  const span = { start: { offset: 0, line: 1, col: 1 }, end: pointSpan(source, source.length).start };
  return { program: { kind: "Program", domains, span }, diagnostics };
}

// ---- syntax errors -----------------------------------------------------------

type Expected = Set<string>;
type Column = { states: { rule: nearley.Rule; dot: number }[] };

/** nearley's Earley table: one column per token fed, plus the start. */
function tableOf(parser: nearley.Parser): Column[] {
  return (parser as unknown as { table: Column[] }).table;
}

/** The terminals the parser could have accepted in a column of its table. */
function expectedAt(parser: nearley.Parser, column: number): Expected {
  const out: Expected = new Set();
  const states = tableOf(parser)[column].states;
  for (const state of states) {
    const symbol = state.rule.symbols[state.dot] as unknown;
    if (symbol && typeof symbol === "object") {
      const s = symbol as { literal?: string; type?: string };
      if (s.literal !== undefined) out.add(s.literal);
      else if (s.type !== undefined) out.add(`%${s.type}`);
    }
  }
  return out;
}

const OPERATORS = new Set(["||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]);
const EXPRESSION_START = new Set(["(", "!", "-", "%ident", "%int", "true", "false"]);

function describeExpected(expected: Expected): string {
  const words: string[] = [];
  let operator = false;
  const expression = expected.has("(");
  if (expression) words.push("an expression");
  for (const e of [...expected].sort()) {
    if (expression && EXPRESSION_START.has(e)) continue;
    if (e === ";" && expected.size > 1) continue;
    if (OPERATORS.has(e) && expected.has("==")) operator = true;
    else if (e === "%ident") words.push("a name");
    else if (e === "%int") words.push("a number");
    else words.push(`'${e}'`);
  }
  if (operator) words.push("an operator");
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function syntaxError(file: string, tokens: Token[], at: number, expected: Expected): Diagnostic {
  const open = openBlock(tokens, at);
  if (at >= tokens.length) {
    const last = tokens[tokens.length - 1];
    const span = { start: ast.tokenEnd(last), end: ast.tokenEnd(last) };
    if (open && expected.has("}")) {
      const d = error("VED0004", file, span, `the file ends before the ${open.what} opened at ${open.brace.line}:${open.brace.col} is closed`, `add '}' to close the ${open.what}`);
      d.related = [{ message: `the ${open.what} opens here`, span: ast.tokenSpan(open.brace) }];
      return d;
    }
    return error("VED0004", file, span, `the file ends too early: expected ${describeExpected(expected)}`);
  }
  const token = tokens[at];
  const shown = token.type === "ident" ? `name '${token.text}'` : token.type === "int" ? `number ${token.text}` : `'${token.text}'`;
  let message = `unexpected ${shown}: expected ${describeExpected(expected)}`;
  let hint: string | undefined;
  if (open && expected.has("}") && (token.value === "domain" || token.value === "transition" || token.value === "state")) {
    message = `expected '}' to close the ${open.what} opened at ${open.brace.line}:${open.brace.col}`;
    hint = `add '}' before this ${token.value}`;
  } else if (token.value === "=" && expected.has("==")) {
    hint = "to compare, write `==`";
  } else if (KEYWORD_VALUES.has(token.value) && expected.has("%ident")) {
    hint = `'${token.value}' is a keyword and cannot be used as a name`;
  }
  return error("VED0003", file, ast.tokenSpan(token), message, hint);
}

const KEYWORD_VALUES = new Set(["domain", "state", "goal", "transition", "step", "if", "else", "true", "false"]);

/** The innermost `{` still open before token `at`, and what it opened. */
function openBlock(tokens: Token[], at: number): { brace: Token; what: string } | null {
  const stack: number[] = [];
  for (let i = 0; i < at && i < tokens.length; i++) {
    if (tokens[i].value === "{") stack.push(i);
    else if (tokens[i].value === "}") stack.pop();
  }
  if (stack.length === 0) return null;
  const i = stack[stack.length - 1];
  const before = tokens[i - 1];
  const keyword = tokens[i - 2];
  let what = "block";
  if (before?.value === "state") what = "state block";
  else if (before?.value === "step") what = "step block";
  else if (before?.value === "else") what = "else block";
  else if (keyword?.value === "domain" || keyword?.value === "transition") what = `${keyword.value} '${before.text}'`;
  else what = "if block";
  return { brace: tokens[i], what };
}

// ---- structural checks -------------------------------------------------------

function findTooDeep(tokens: Token[]): Token | null {
  let depth = 0;
  for (const t of tokens) {
    if (t.value === "(" || t.value === "{") {
      if (++depth > MAX_DEPTH) return t;
    } else if (t.value === ")" || t.value === "}") {
      depth--;
    } else if (t.value === "!" || t.value === "-") {
      // Chains of prefix operators nest as deeply as parentheses do.
      if (++depth > MAX_DEPTH) return t;
    }
  }
  return null;
}

/**
 * Members, fields and statements may share a line only when `;` separates
 * them: `x = 1 y = 2` is refused even though the grammar could read it.
 */
function checkSeparators(file: string, tokens: Token[], domains: ast.Domain[], out: Diagnostic[]): void {
  const indexByOffset = new Map<number, number>();
  tokens.forEach((t, i) => indexByOffset.set(t.offset, i));
  const check = (node: { span: ast.Span }) => {
    const i = indexByOffset.get(node.span.start.offset)!;
    const prev = tokens[i - 1];
    if (prev && prev.line === node.span.start.line && prev.value !== ";" && prev.value !== "{" && prev.value !== "}") {
      out.push(error("VED0005", file, node.span, "two items on one line need a `;` between them", "put this on a new line, or add `;` before it"));
    }
  };
  const stmts = (list: ast.Stmt[]): void => {
    for (const s of list) {
      check(s);
      if (s.kind === "If") ifs(s);
    }
  };
  const ifs = (s: ast.If): void => {
    stmts(s.then);
    if (Array.isArray(s.else)) stmts(s.else);
    else if (s.else) ifs(s.else);
  };
  for (const d of domains) {
    check(d);
    for (const m of d.members) {
      check(m);
      if (m.kind === "State") m.fields.forEach(check);
      if (m.kind === "Transition") stmts(m.step);
    }
  }
}

function pointSpan(source: string, offset: number): ast.Span {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  const pos = { offset, line, col };
  return { start: pos, end: pos };
}
