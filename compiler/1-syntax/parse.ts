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
import { KEYWORDS, scan, TokenArrayLexer, type Token } from "./lexer.js";
import * as ast from "./ast.js";
import { items, type List } from "./list.js";
import { report, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LineMap } from "../diagnostics/lines.js";

export const MAX_DEPTH = 256;
/**
 * The longest source the compiler accepts, in UTF-16 units: 8 MiB. Every
 * stage is linear, but the parser's table and the tree take about 90 bytes of
 * memory per character; well beyond this a check would run out of memory
 * instead of failing with a message.
 */
export const MAX_SOURCE_LENGTH = 8 * 1024 * 1024;

export interface ParseResult {
  /** Null when the source could not be parsed; diagnostics then say why. */
  program: ast.Program | null;
  diagnostics: Diagnostic[];
}

const grammar = nearley.Grammar.fromCompiled(compiled);

export function parse(source: string, file: string): ParseResult {
  const fail = (d: Diagnostic): ParseResult => ({ program: null, diagnostics: [d] });

  if (source.length > MAX_SOURCE_LENGTH) {
    return fail(report("VED0013", file, pointSpan(source, MAX_SOURCE_LENGTH), { max: MAX_SOURCE_LENGTH.toLocaleString("en") }));
  }
  const binary = source.search(/[\u0000\uFFFD]/);
  if (binary >= 0) {
    return fail(report("VED0009", file, pointSpan(source, binary)));
  }

  const scanned = scan(source);
  if (scanned.bad) {
    const t = scanned.bad.token;
    if (scanned.bad.what === "string") {
      return fail(report("VED0011", file, { start: ast.tokenStart(t), end: { offset: t.offset + 1, line: t.line, col: t.col + 1 } }));
    }
    if (scanned.bad.what === "interpolation") {
      return fail(report("VED0020", file, { start: ast.tokenStart(t), end: { offset: t.offset + 2, line: t.line, col: t.col + 2 } }));
    }
    if (scanned.bad.what === "comment") {
      const opener = { start: ast.tokenStart(t), end: { offset: t.offset + 2, line: t.line, col: t.col + 2 } };
      return fail(report("VED0002", file, opener));
    }
    const ch = String.fromCodePoint(t.text.codePointAt(0)!);
    const shown = /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    return fail(report("VED0001", file, { start: ast.tokenStart(t), end: { offset: t.offset + ch.length, line: t.line, col: t.col + ch.length } }, { character: shown }));
  }
  const tokens = scanned.tokens;

  const tooDeep = findTooDeep(tokens);
  if (tooDeep?.chain) {
    return fail(report("VED0007", file, ast.tokenSpan(tooDeep.token), { form: "elseIf", max: MAX_DEPTH }));
  }
  if (tooDeep) {
    return fail(report("VED0007", file, ast.tokenSpan(tooDeep.token), { form: "nesting", max: MAX_DEPTH }));
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

  const results = parser.results as List<ast.Domain | ast.EnumDecl | ast.ImportDecl | ast.TrailingMember | null>[];
  if (results.length === 0) {
    if (tokens.length === 0) {
      return fail(report("VED0008", file, pointSpan(source, 0)));
    }
    return fail(syntaxError(file, tokens, tokens.length, expectedAt(parser, tableOf(parser).length - 1)));
  }
  if (results.length > 1) {
    // The grammar is written to be unambiguous; tests assert one parse per example.
    throw new Error(`internal error: the grammar gave ${results.length} parses`);
  }

  const diagnostics: Diagnostic[] = [];
  const domains: ast.Domain[] = [];
  const enums: ast.EnumDecl[] = [];
  const imports: ast.ImportDecl[] = [];
  for (const item of items(results[0])) {
    if (item.kind === "Import") {
      imports.push(item);
      decodeString(file, item.from, diagnostics);
    } else if (item.kind === "Domain") {
      domains.push(item);
    } else if (item.kind === "Enum") {
      enums.push(item);
    } else if (domains.length === 0) {
      diagnostics.push(report("VED0006", file, item.span, { member: MEMBER_WORDS[item.kind] }));
    } else {
      const owner = domains[domains.length - 1];
      owner.members.push(item);
    }
  }
  // A file of enums only is one other files import from.
  if (domains.length === 0 && enums.length === 0 && diagnostics.length === 0) {
    diagnostics.push(report("VED0008", file, pointSpan(source, 0)));
  }
  checkSeparators(file, tokens, [...imports, ...enums], domains, diagnostics);
  for (const d of domains) checkStrings(file, d, diagnostics);
  if (diagnostics.length > 0) return { program: null, diagnostics };
  for (const d of domains) groupImplications(d);
  const deep = findDeepExpression(domains);
  if (deep) {
    return fail(report("VED0007", file, deep.span, { form: "expression", max: MAX_DEPTH }));
  }

  const span = { start: { offset: 0, line: 1, col: 1 }, end: pointSpan(source, source.length).start };
  return { program: { kind: "Program", imports, enums, domains, span }, diagnostics };
}

const MEMBER_WORDS: Record<ast.TrailingMember["kind"], string> = {
  Param: "param",
  Let: "let",
  Effect: "effect",
  Invariant: "invariant",
  Goal: "goal",
  Transition: "transition",
};

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

const OPERATORS = new Set(["=>", "||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]);
const EXPRESSION_START = new Set(["(", "!", "-", "%ident", "%int", "%float", "%duration", "%string", "%stringHead", "true", "false", "now", "if",
  // Quantifiers and folds start with a name: "an expression" says them.
  "all", "any", "sum", "count", "min", "max"]);

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
    else if (e === "%int" || e === "%float") words.push("a number");
    else if (e === "%duration") words.push("a duration");
    else if (e === "%string" || e === "%stringHead") words.push("a string");
    else if (e === "%stringMiddle" || e === "%stringTail") words.push("')' to close the interpolation");
    else words.push(`'${e}'`);
  }
  if (operator) words.push("an operator");
  words.splice(0, words.length, ...new Set(words));
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function syntaxError(file: string, tokens: Token[], at: number, expected: Expected): Diagnostic {
  const open = openBlock(tokens, at);
  if (at >= tokens.length) {
    const last = tokens[tokens.length - 1];
    const span = { start: ast.tokenEnd(last), end: ast.tokenEnd(last) };
    if (open?.closedBy && expected.has("}")) return unclosedInner("VED0004", file, open, span);
    if (open && expected.has("}")) {
      const d = report("VED0004", file, span, { form: "unclosed", block: open.what, line: open.brace.line, col: open.brace.col });
      d.related = [{ message: `the ${open.what} opens here`, span: ast.tokenSpan(open.brace) }];
      return d;
    }
    return report("VED0004", file, span, { form: "early", expected: describeExpected(expected) });
  }
  const token = tokens[at];
  const interpolation = token.type === "stringMiddle" || token.type === "stringTail";
  const shown = token.type === "ident" ? `name '${token.text}'` : token.type === "int" ? `number ${token.text}` : interpolation ? "')'" : `'${token.text}'`;
  const span = interpolation ? { start: ast.tokenStart(token), end: { offset: token.offset + 1, line: token.line, col: token.col + 1 } } : ast.tokenSpan(token);
  const unexpected = { token: shown, expected: describeExpected(expected) };
  if (open && expected.has("}") && ["domain", "enum", "transition", "state", "param", "effect", "invariant", "goal"].includes(token.value)) {
    if (open.closedBy) return unclosedInner("VED0003", file, open, span);
    return report("VED0003", file, span, { form: "unclosed", block: open.what, line: open.brace.line, col: open.brace.col, keyword: token.value });
  }
  const misplaced = misplacedRange(tokens, at);
  if (misplaced) return report("VED0003", file, misplaced.span, { form: "rangeAfterValue", suggested: misplaced.suggested });
  const word = WORD_OPERATORS[token.value];
  const previous = tokens[at - 1];
  if (word && token.type === "ident" && expected.has("==")) return report("VED0003", file, span, { form: "word", ...unexpected, word: token.value, ...word });
  if (previous?.value === "not" && previous.type === "ident" && EXPRESSION_START.has(token.type === "op" ? token.value : `%${token.type}`)) {
    return report("VED0003", file, ast.tokenSpan(previous), { form: "word", token: "name 'not'", expected: "an operator", word: "not", ...WORD_OPERATORS.not });
  }
  if (token.value === "if" && expected.has("(") && !expected.has("if")) return report("VED0003", file, span, { form: "conditional", ...unexpected });
  if (token.value === "=" && expected.has("==")) return report("VED0003", file, span, { form: "comparison", ...unexpected });
  if (KEYWORD_VALUES.has(token.value) && expected.has("%ident")) return report("VED0003", file, span, { form: "keyword", ...unexpected, keyword: token.value });
  return report("VED0003", file, span, { form: "unexpected", ...unexpected });
}

/** A block a `}` meant for the block around it closed: reported at its opening brace, and noticed where the outer one ran out. */
function unclosedInner(code: "VED0003" | "VED0004", file: string, open: { brace: Token; what: string; closedBy?: Token }, noticed: ast.Span): Diagnostic {
  const holes = { form: "unclosedInner", block: open.what, closeline: open.closedBy!.line, closecol: open.closedBy!.col } as const;
  const d = code === "VED0003" ? report(code, file, ast.tokenSpan(open.brace), holes) : report(code, file, ast.tokenSpan(open.brace), holes);
  d.related = [{ message: `the block around it runs out here`, span: noticed }];
  return d;
}

/** Words other languages write for Ved's logical operators. */
const WORD_OPERATORS: Record<string, { op: string; example: string }> = {
  and: { op: "&&", example: "`ready && workers > 0`" },
  or: { op: "||", example: "`idle || draining`" },
  not: { op: "!", example: "`!ready`" },
};

/**
 * `workers: int = 3 in 0..10`: the range after the initial value reads as a
 * field named `in`, which the parser refuses at the token after it. The
 * suggestion is the field as it should be written, from its own text.
 */
function misplacedRange(tokens: Token[], at: number): { span: ast.Span; suggested: string } | null {
  const line = tokens[at].line;
  const on = tokens.filter((t) => t.line === line);
  const inAt = on.findIndex((t) => t.value === "in" && t.type === "ident");
  if (inAt < 4 || on[1]?.value !== ":" || on[3]?.value !== "=" || on[0].type !== "ident") return null;
  if (tokens.indexOf(on[inAt]) + 1 !== at && tokens.indexOf(on[inAt]) !== at) return null;
  const text = (from: number, to: number) => on.slice(from, to).map((t) => (t.value === "by" ? " by " : t.text)).join("");
  const suggested = `${on[0].text}: ${on[2].text} in ${text(inAt + 1, on.length)} = ${text(4, inAt)}`;
  return { span: { start: ast.tokenStart(on[3]), end: ast.tokenEnd(on[on.length - 1]) }, suggested };
}

const KEYWORD_VALUES = new Set<string>(KEYWORDS);
const BLOCK_KEYWORDS = new Set(["domain", "enum", "transition", "state", "step", "if", "else"]);

/**
 * The `{` most likely left unclosed before token `at`, and what it opened:
 * the innermost still open, unless a block inside it was closed by a `}`
 * indented as its opener's line is not (`if a {` at one indentation, its `}`
 * at the one outside it): then that block is the one missing its `}`, and
 * the brace meant to close the outer block closed it instead.
 */
function openBlock(tokens: Token[], at: number): { brace: Token; what: string; closedBy?: Token } | null {
  const stack: number[] = [];
  const pairs: [number, number][] = [];
  for (let i = 0; i < at && i < tokens.length; i++) {
    if (tokens[i].value === "{") stack.push(i);
    else if (tokens[i].value === "}" && stack.length > 0) pairs.push([stack.pop()!, i]);
  }
  if (stack.length === 0) return null;
  const innermost = stack[stack.length - 1];
  const misindented = pairs.find(([o, c]) => o > innermost && tokens[c].line !== tokens[o].line && tokens[c].col !== indentation(tokens, o));
  return misindented ? { ...describeBlock(tokens, misindented[0]), closedBy: tokens[misindented[1]] } : describeBlock(tokens, innermost);
}

/** The column of the first token on the line of token `i`. */
function indentation(tokens: Token[], i: number): number {
  let k = i;
  while (k > 0 && tokens[k - 1].line === tokens[i].line) k--;
  return tokens[k].col;
}

/** What the `{` at token `i` opens, named by the keyword before it within the same statement. */
function describeBlock(tokens: Token[], i: number): { brace: Token; what: string } {
  let k = i - 1;
  while (k >= 0 && !BLOCK_KEYWORDS.has(tokens[k].value) && !["{", "}", ";"].includes(tokens[k].value)) k--;
  const keyword = tokens[k]?.value;
  let what = "block";
  if (keyword === "state" || keyword === "step" || keyword === "else" || keyword === "if") what = `${keyword} block`;
  else if (keyword === "domain" || keyword === "transition" || keyword === "enum") what = `${keyword} '${tokens[k + 1].text}'`;
  return { brace: tokens[i], what };
}

// ---- structural checks -------------------------------------------------------

/**
 * The first token that takes nesting past MAX_DEPTH, found before the grammar
 * runs: nearley parses deep nesting in quadratic time, and every later pass
 * recurses over the tree. Each open `(` or `{` is a level, and so is each
 * `else if` of a chain (`if a {} else if b {} else if c {}` nests each `if`
 * in the one before it) and each prefix `!` or `-` of a run (`!!!x`).
 * `chain` says whether `else if`s make most of the depth.
 */
function findTooDeep(tokens: Token[]): { token: Token; chain: boolean } | null {
  // One frame per open bracket: how many `else if`s the chain standing in it has so far.
  const chains: number[] = [0];
  let depth = 0;
  let chained = 0;
  let prefixes = 0;
  const tooDeep = (token: Token) => ({ token, chain: chained * 2 > depth });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // An interpolation is a level: `"\\(` opens one, `)"` closes it (`)...\\(` closes one and opens the next).
    if (t.value === "(" || t.value === "{" || t.type === "stringHead") {
      chains.push(0);
      depth++;
    } else if (t.value === ")" || t.value === "}" || t.type === "stringTail") {
      if (chains.length > 1) {
        const inner = chains.pop()!;
        depth -= 1 + inner;
        chained -= inner;
      }
      const top = chains.length - 1;
      if (t.value === "}" && tokens[i + 1]?.value === "else" && tokens[i + 2]?.value === "if") {
        chains[top]++;
        chained++;
        depth++;
        // On to the `if`, which stands a level deeper than the one before it.
        i += 2;
        prefixes = 0;
        if (depth > MAX_DEPTH) return tooDeep(tokens[i]);
        continue;
      }
      if (t.value === "}" && tokens[i + 1]?.value !== "else") {
        depth -= chains[top];
        chained -= chains[top];
        chains[top] = 0;
      }
    }
    prefixes = t.value === "!" || t.value === "-" ? prefixes + 1 : 0;
    if (depth + prefixes > MAX_DEPTH) return tooDeep(t);
  }
  return null;
}

/**
 * Members, fields and statements may share a line only when `;` separates
 * them: `x = 1 y = 2` is refused even though the grammar could read it.
 */
function checkSeparators(file: string, tokens: Token[], enums: (ast.EnumDecl | ast.ImportDecl)[], domains: ast.Domain[], out: Diagnostic[]): void {
  const indexByOffset = new Map<number, number>();
  tokens.forEach((t, i) => indexByOffset.set(t.offset, i));
  const check = (node: { span: ast.Span }) => {
    const i = indexByOffset.get(node.span.start.offset)!;
    const prev = tokens[i - 1];
    if (prev && prev.line === node.span.start.line && prev.value !== ";" && prev.value !== "{" && prev.value !== "}") {
      out.push(report("VED0005", file, node.span, { form: "items" }));
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
  for (const e of enums) {
    check(e);
    for (const m of e.kind === "Enum" ? e.members : []) {
      const prev = tokens[indexByOffset.get(m.span.start.offset)! - 1];
      if (prev.line === m.span.start.line && prev.value !== "," && prev.value !== ";" && prev.value !== "{") {
        out.push(report("VED0005", file, m.span, { form: "members" }));
      }
    }
  }
  for (const d of domains) {
    check(d);
    for (const m of d.members) {
      check(m);
      if (m.kind === "State") m.fields.forEach(check);
      if (m.kind === "Transition") stmts(m.step);
    }
  }
}

// ---- walking every expression without recursion --------------------------------

/** Every expression root in a domain: goals, invariants, lets, guards, and those in steps. */
function expressionRoots(d: ast.Domain): ast.Expr[] {
  const roots: ast.Expr[] = [];
  const literal = (l: ast.Literal | null) => l && roots.push(l);
  const stmts = (list: ast.Stmt[]): void => {
    for (const s of list) {
      if (s.kind === "Assign") roots.push(...(s.key ? [s.key] : []), s.value);
      else if (s.kind === "Let") roots.push(s.value);
      else if (s.kind === "CallStmt") roots.push(s.call);
      else {
        roots.push(s.cond);
        stmts(s.then);
        if (Array.isArray(s.else)) stmts(s.else);
        else if (s.else) stmts([s.else]);
      }
    }
  };
  for (const m of d.members) {
    if (m.kind === "State") m.fields.forEach((f) => (literal(f.init), f.values?.values.forEach(literal)));
    else if (m.kind === "Param") literal(m.init);
    else if (m.kind === "Let") roots.push(m.value);
    else if (m.kind === "Goal" || m.kind === "Invariant") roots.push(m.expr);
    else if (m.kind === "Transition") {
      if (m.guard) roots.push(m.guard);
      stmts(m.step);
    }
  }
  return roots;
}

function children(e: ast.Expr): ast.Expr[] {
  switch (e.kind) {
    case "Unary":
      return [e.operand];
    case "Binary":
      return [e.left, e.right];
    case "Call":
      return e.args;
    case "Conditional":
      return [e.cond, e.then, e.else];
    case "Interpolation":
      return e.holes;
    case "Index":
      return [e.key];
    case "Quantifier":
      return [e.body];
    default:
      return [];
  }
}

/**
 * `a => b => c` as the grammar reads it, `(a => b) => c`, regrouped to the
 * right, `a => (b => c)`, in place and in linear time: each chain of `=>`
 * not broken by parentheses becomes right-nested, each operator keeping its
 * place. A left operand in parentheses is one operand (its span starts at
 * its `(`, before its own left operand's).
 */
function groupImplications(d: ast.Domain): void {
  const chained = (e: ast.Expr): e is ast.Binary => e.kind === "Binary" && e.op === "=>";
  for (const root of expressionRoots(d)) {
    const stack: ast.Expr[] = [root];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (!chained(e)) {
        stack.push(...children(e));
        continue;
      }
      // The operands right to left, each with the operator before it.
      const rights: { operand: ast.Expr; op: ast.Span }[] = [];
      let n: ast.Expr = e;
      while (chained(n) && (n === e || n.span.start.offset === n.left.span.start.offset)) {
        rights.push({ operand: n.right, op: n.opSpan });
        n = n.left;
      }
      let right = rights[0].operand;
      for (let i = 0; i < rights.length - 1; i++) {
        const left = rights[i + 1].operand;
        right = { kind: "Binary", op: "=>", left, right, opSpan: rights[i].op, span: ast.spanFrom(left, right) };
      }
      // The first operand and the first operator, in the node the chain's parent holds.
      Object.assign(e, { left: n, right, opSpan: rights[rights.length - 1].op });
      stack.push(n, ...rights.map((r) => r.operand));
    }
  }
}

/**
 * Long operator chains (`a + a + ... + a`) nest without any parentheses; the
 * checker, lowering and emitter recurse over expressions, so the depth is
 * bounded here, with an explicit stack.
 */
function findDeepExpression(domains: ast.Domain[]): ast.Expr | null {
  for (const d of domains) {
    for (const root of expressionRoots(d)) {
      const stack: [ast.Expr, number][] = [[root, 1]];
      while (stack.length > 0) {
        const [e, depth] = stack.pop()!;
        if (depth > MAX_DEPTH) return root;
        for (const c of children(e)) stack.push([c, depth + 1]);
      }
    }
  }
  return null;
}

// ---- string literals -----------------------------------------------------------

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r" };
/** `u{...}` at `lastIndex`: sticky, so that a string of many escapes is read in linear time. */
const UNICODE_ESCAPE = /u\{([0-9a-fA-F]{1,6})\}/y;

/** Decodes every string literal's escapes into `value`, reporting a bad escape where it stands. */
function checkStrings(file: string, d: ast.Domain, out: Diagnostic[]): void {
  for (const root of expressionRoots(d)) {
    const stack = [root];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (e.kind === "String") decodeString(file, e, out);
      if (e.kind === "Interpolation") for (const part of e.texts) decodeString(file, part, out);
      stack.push(...children(e));
    }
  }
}

/** A string's text, or a run of an interpolated one's: what stands between its `"` or `)` and its `"` or `\\(`. */
function decodeString(file: string, lit: ast.StringLit | ast.StringPart, out: Diagnostic[]): void {
  const raw = lit.raw.slice(1, lit.raw.endsWith('"') ? -1 : -2);
  let value = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== "\\") {
      value += c;
      continue;
    }
    const next = raw[i + 1];
    const at = (length: number): ast.Span => {
      const start = { offset: lit.span.start.offset + 1 + i, line: lit.span.start.line, col: lit.span.start.col + 1 + i };
      return { start, end: { offset: start.offset + length, line: start.line, col: start.col + length } };
    };
    if (next in ESCAPES) {
      value += ESCAPES[next];
      i++;
    } else if (next === "u") {
      UNICODE_ESCAPE.lastIndex = i + 1;
      const m = UNICODE_ESCAPE.exec(raw);
      const code = m ? parseInt(m[1], 16) : NaN;
      if (!m || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        out.push(report("VED0010", file, at(m ? m[0].length + 1 : 2), { form: "unicode" }));
        return;
      }
      if (code === 0) {
        // Ved strings are Unicode text without NUL: what every store can hold.
        out.push(report("VED0010", file, at(m[0].length + 1), { form: "nul" }));
        return;
      }
      value += String.fromCodePoint(code);
      i += m[0].length;
    } else {
      out.push(report("VED0010", file, at(2), { form: "unknown", escape: next }));
      return;
    }
  }
  lit.value = value;
}

function pointSpan(source: string, offset: number): ast.Span {
  const pos = { offset, ...new LineMap(source).position(offset) };
  return { start: pos, end: pos };
}
