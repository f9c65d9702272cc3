// The syntax tree. Every node carries the span of source it was parsed from,
// so that every later diagnostic can point at the exact text. The tree is only
// read by analysis and lowering; after lowering everything reads the IR.
import { parseDuration } from "../../runtime/time-text.js";
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
  /** `import { ... } from "..."` declarations, in source order. */
  imports: ImportDecl[];
  enums: EnumDecl[];
  /** Domains with their members, after the members that follow a domain's braces are attached to it. */
  domains: Domain[];
  span: Span;
}

/** `import { Zone, Tier } from "./shared.ved"`, at the top level of a file. */
export interface ImportDecl {
  kind: "Import";
  names: Ident[];
  /** The path, relative to the importing file; its value is decoded by parse.ts. */
  from: StringLit;
  span: Span;
}

/** `enum Phase { idle, scaling }`, at the top level of a file. */
export interface EnumDecl {
  kind: "Enum";
  name: Ident;
  members: Ident[];
  span: Span;
}

export interface Domain {
  kind: "Domain";
  name: Ident;
  members: Member[];
  span: Span;
}

export type Member = StateBlock | Param | Let | EffectDecl | Invariant | Goal | Transition;

/** The members that may also follow a domain's closing brace and belong to it. */
export type TrailingMember = Exclude<Member, StateBlock>;

export interface StateBlock {
  kind: "State";
  fields: Field[];
  span: Span;
}

export interface Field {
  kind: "Field";
  /** The `owned` keyword, when the field is owned: only the domain's steps and outcomes change it. */
  owned: Ident | null;
  name: Ident;
  /** The type; for a map field, each value's (`int` in `map<Zone, int>`). */
  type: Ident;
  /** `map<Zone, int>`: the enum keying a map field, written first in the brackets; null for a field holding one value. */
  key: Ident | null;
  /** `in lo..hi` (with `by step` on a float), when given; a map's stands inside its brackets, after the value's type. */
  range: Range | null;
  /** `in {a, b}`, when given instead of a range. */
  values: ValueSet | null;
  init: Literal | null;
  span: Span;
}

/**
 * `in 0..100` after an int field's type, `in 0.0..1.0 by 0.1` after a
 * float's: both ends included. The step is the grain `vedc verify` explores
 * a float at; the runtime enforces only the ends.
 */
export interface Range {
  kind: "Range";
  min: IntLit | FloatLit;
  max: IntLit | FloatLit;
  step: IntLit | FloatLit | null;
  span: Span;
}

/** `in {"", "node-1"}` after a field's type: the only values it may hold. */
export interface ValueSet {
  kind: "ValueSet";
  values: Literal[];
  span: Span;
}

/** `param target: int = 5`: read-only, overridable when an instance is created. */
export interface Param {
  kind: "Param";
  name: Ident;
  type: Ident;
  init: Literal | null;
  span: Span;
}

/** `let desired = expr` in a domain (derived, recomputed wherever used) or in a step (a local). */
export interface Let {
  kind: "Let";
  name: Ident;
  value: Expr;
  span: Span;
}

export interface EffectParam {
  name: Ident;
  type: Ident;
}

/** `effect boot(count: int)`: a call in a step asks the outside world to act. */
export interface EffectDecl {
  kind: "Effect";
  name: Ident;
  params: EffectParam[];
  /** `{ done { ... } failed { ... } }`, when given. */
  outcomes: Outcomes | null;
  span: Span;
}

export interface Outcomes {
  blocks: OutcomeBlock[];
  span: Span;
}

/** What an effect's completion does: steps with the effect's arguments in scope. */
export interface OutcomeBlock {
  kind: "done" | "failed";
  keyword: Ident;
  step: Stmt[];
  span: Span;
}

export interface Invariant {
  kind: "Invariant";
  name: Ident | null;
  expr: Expr;
  span: Span;
}

export interface Goal {
  kind: "Goal";
  name: Ident | null;
  expr: Expr;
  span: Span;
}

export interface Transition {
  kind: "Transition";
  name: Ident;
  /** `transition add(z: Zone)`: the keys of a per-key transition, each over an enum; empty for a plain one. */
  keys: EffectParam[];
  guard: Expr | null;
  step: Stmt[];
  span: Span;
}

export type Stmt = Assign | If | Let | CallStmt;

export type AssignOp = "=" | "+=" | "-=" | "*=";

export interface Assign {
  kind: "Assign";
  target: Ident;
  /** `replicas[z] += 1`: the key of a map field written; null when the target is a whole field. */
  key: Expr | null;
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

/** The statements of an if's else branch: none, a block, or the one `else if`. */
export function elseBranch(s: If): Stmt[] {
  return s.else === null ? [] : Array.isArray(s.else) ? s.else : [s.else];
}

/** A call as a statement: an effect. */
export interface CallStmt {
  kind: "CallStmt";
  call: Call;
  span: Span;
}

export type Literal = IntLit | FloatLit | BoolLit | StringLit | EnumRef | DurationLit;
export type Expr = IntLit | FloatLit | BoolLit | StringLit | DurationLit | Name | Now | EnumRef | Call | Unary | Binary | Conditional | Interpolation | Index | Quantifier;

/** `replicas[z]`: a map field's value for a key. */
export interface Index {
  kind: "Index";
  target: Ident;
  key: Expr;
  span: Span;
}

export type QuantifierOp = "all" | "any" | "sum" | "count" | "min" | "max";

/**
 * `all z in Zone: replicas[z] >= 1`, `any z in Zone: ...` (the body reaches
 * as far as an expression can), and the folds `sum(z in Zone: replicas[z])`,
 * `count(z in Zone: ...)`, `min(...)`, `max(...)`: `body` read once per
 * member of `over`, with `binder` naming the member.
 */
export interface Quantifier {
  kind: "Quantifier";
  op: QuantifierOp;
  /** The word itself, for messages. */
  keyword: Ident;
  binder: Ident;
  over: Ident;
  body: Expr;
  span: Span;
}

export interface IntLit {
  kind: "Int";
  /** The digits as written, without underscores and with a leading `-` when negated in an initialiser. */
  text: string;
  span: Span;
}

/** `250ms`, `1m30s`: a duration. */
export interface DurationLit {
  kind: "Duration";
  /** As written, without underscores; with a leading `-` when negated in an initialiser. */
  text: string;
  span: Span;
}

/** `now`: the instant of the current tick. */
export interface Now {
  kind: "Now";
  span: Span;
}

export interface FloatLit {
  kind: "Float";
  text: string;
  span: Span;
}

export interface BoolLit {
  kind: "Bool";
  value: boolean;
  span: Span;
}

export interface StringLit {
  kind: "String";
  /** The token as written, quotes and escapes included; parse.ts checks the escapes and fills `value`. */
  raw: string;
  value: string;
  span: Span;
}

/**
 * `"disk at \\(used)% on \\(zone)"`: text with expressions in it, each
 * printed in Ved's words (a time as ISO 8601, a duration as `1m30s`).
 */
export interface Interpolation {
  kind: "Interpolation";
  /** The runs of text, one more than the holes (any may be empty). */
  texts: StringPart[];
  holes: Expr[];
  span: Span;
}

/** A run of an interpolated string's text. */
export interface StringPart {
  /** As written with what delimits it: `"disk at \\(`, `)% on \\(`, `)"`; parse.ts checks the escapes and fills `value`. */
  raw: string;
  value: string;
  span: Span;
}

export interface Name {
  kind: "Name";
  name: string;
  span: Span;
}

/** `Phase.idle`: an enum member. */
export interface EnumRef {
  kind: "EnumRef";
  enum: Ident;
  member: Ident;
  span: Span;
}

/** `min(a, b)`, or an effect `boot(1)` when it stands as a statement. */
export interface Call {
  kind: "Call";
  callee: Ident;
  args: Expr[];
  span: Span;
}

export type UnaryOp = "!" | "-";
export type BinaryOp = "=>" | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

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

/** `if c then a else b`: `a` when `c` holds, else `b` (both of one type). */
export interface Conditional {
  kind: "Conditional";
  cond: Expr;
  then: Expr;
  else: Expr;
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

export function floatLit(t: Token): FloatLit {
  return { kind: "Float", text: t.value.replace(/_/g, ""), span: tokenSpan(t) };
}

export function durationLit(t: Token): DurationLit {
  return { kind: "Duration", text: t.value.replace(/_/g, ""), span: tokenSpan(t) };
}

/** Negates a number literal in an initialiser: `-3`, `-0.5`, `-5s`. */
export function negate<L extends IntLit | FloatLit | DurationLit>(minus: Token, lit: L): L {
  return { ...lit, text: "-" + lit.text, span: spanFrom(minus, lit) };
}

/** The value a literal stands for: a number (a duration in milliseconds), a bool, a string (decoded), an enum member's name. */
export function literalValue(e: Literal): number | boolean | string {
  switch (e.kind) {
    case "Bool":
      return e.value;
    case "String":
      return e.value;
    case "EnumRef":
      return e.member.name;
    case "Duration":
      return (e.text.startsWith("-") ? -1 : 1) * Number(parseDuration(e.text.replace(/^-/, "")));
    default:
      return Number(e.text);
  }
}
