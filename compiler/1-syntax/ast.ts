// The syntax tree. Every node carries the span of source it was parsed from,
// so that every later diagnostic can point at the exact text. The tree is only
// read by analysis and lowering; after lowering everything reads the IR.
import type { Token } from "./lexer.js";

/** A position in the source: 0-based offset, 1-based line and column. */
export interface Pos {
  offset: number;
  line: number;
  col: number;
}

/** A half-open range of source text: `end` is just past the last character. */
export interface Span {
  start: Pos;
  end: Pos;
}

export interface Ident {
  name: string;
  span: Span;
}

export interface Program {
  kind: "Program";
  /** Domains with their members, after the goals and transitions that follow a domain's braces are attached to it. */
  domains: Domain[];
  span: Span;
}

export interface Domain {
  kind: "Domain";
  name: Ident;
  members: Member[];
  span: Span;
}

export type Member = StateBlock | Goal | Transition;

export interface StateBlock {
  kind: "State";
  fields: Field[];
  span: Span;
}

export interface Field {
  kind: "Field";
  name: Ident;
  type: Ident;
  init: Literal | null;
  span: Span;
}

export interface Goal {
  kind: "Goal";
  expr: Expr;
  span: Span;
}

export interface Transition {
  kind: "Transition";
  name: Ident;
  step: Stmt[];
  span: Span;
}

export type Stmt = Assign | If;

export type AssignOp = "=" | "+=" | "-=";

export interface Assign {
  kind: "Assign";
  target: Ident;
  op: AssignOp;
  value: Expr;
  span: Span;
}

export interface If {
  kind: "If";
  cond: Expr;
  then: Stmt[];
  /** `else { ... }` is a list; `else if` is a nested If. */
  else: Stmt[] | If | null;
  span: Span;
}

export type Literal = IntLit | BoolLit;
export type Expr = IntLit | BoolLit | Name | Unary | Binary;

export interface IntLit {
  kind: "Int";
  /** The digits as written, without underscores and with a leading `-` when negated in an initialiser. */
  text: string;
  span: Span;
}

export interface BoolLit {
  kind: "Bool";
  value: boolean;
  span: Span;
}

export interface Name {
  kind: "Name";
  name: string;
  span: Span;
}

export type UnaryOp = "!" | "-";
export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface Unary {
  kind: "Unary";
  op: UnaryOp;
  operand: Expr;
  span: Span;
}

export interface Binary {
  kind: "Binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** The operator itself, for messages such as "`+` needs int operands". */
  opSpan: Span;
  span: Span;
}

// ---- helpers used by the grammar's postprocessors --------------------------

export function tokenStart(t: Token): Pos {
  return { offset: t.offset, line: t.line, col: t.col };
}

/** Tokens never span lines (comments and newlines are dropped before parsing). */
export function tokenEnd(t: Token): Pos {
  return { offset: t.offset + t.text.length, line: t.line, col: t.col + t.text.length };
}

export function tokenSpan(t: Token): Span {
  return { start: tokenStart(t), end: tokenEnd(t) };
}

type Located = Token | { span: Span };

function startOf(x: Located): Pos {
  return "span" in x ? x.span.start : tokenStart(x);
}

function endOf(x: Located): Pos {
  return "span" in x ? x.span.end : tokenEnd(x);
}

export function spanFrom(first: Located, last: Located): Span {
  return { start: startOf(first), end: endOf(last) };
}

export function ident(t: Token): Ident {
  return { name: t.value, span: tokenSpan(t) };
}

export function intLit(t: Token): IntLit {
  return { kind: "Int", text: t.value.replace(/_/g, ""), span: tokenSpan(t) };
}
