/**
 * The Ved IR: the contract between the front end and everything after it.
 *
 * Lowering (compiler/3-lower) produces it from an analysed program; the
 * emitter, and later the verifier and the diagram writer, read only this.
 * It is plain data: no classes, no cycles, no functions, so that
 * `JSON.parse(JSON.stringify(ir))` is the same IR (`vedc emit --ir` prints
 * it). Every name in it has been resolved and every expression type-checked:
 * a consumer never needs to re-check anything.
 *
 * Bump IR_VERSION whenever a consumer would read a changed shape wrongly.
 */
export const IR_VERSION = 1;

export interface Program {
  irVersion: typeof IR_VERSION;
  /** The source file name as given to the compiler, for messages. */
  file: string;
  domains: Domain[];
}

/** Where a construct came from: 1-based lines and columns, end exclusive. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export type Type = "int" | "bool";

/** JavaScript value of a Ved value: an int is a safe-integer number. */
export type Value = number | boolean;

export interface Domain {
  name: string;
  fields: Field[];
  /** All must hold for the domain to be converged. */
  goals: Goal[];
  /** In declaration order, which is the order the runtime tries them in. */
  transitions: Transition[];
  span: Span;
}

export interface Field {
  name: string;
  type: Type;
  /** The declared initial value, or the type's zero (0, false). */
  initial: Value;
  span: Span;
}

export interface Goal {
  /** How people see the goal in traces and stuck reports: its source, normalised. */
  text: string;
  /** Always of type bool. */
  expr: Expr;
  span: Span;
}

/**
 * A guarded step. A transition is valid in a state when its guard holds and
 * running its step on a copy of the state changes that copy.
 */
export interface Transition {
  name: string;
  /** Null when the transition has no guard of its own (its step's ifs still apply). */
  guard: Expr | null;
  step: Stmt[];
  span: Span;
}

export type Stmt = Assign | If;

export interface Assign {
  kind: "assign";
  field: string;
  op: "=" | "+=" | "-=";
  value: Expr;
  span: Span;
}

export interface If {
  kind: "if";
  cond: Expr;
  then: Stmt[];
  /** Empty when there is no else; `else if` is an else holding one If. */
  else: Stmt[];
  span: Span;
}

export type Expr = Const | FieldRef | Unary | Binary;

export interface Const {
  kind: "const";
  type: Type;
  value: Value;
}

export interface FieldRef {
  kind: "field";
  type: Type;
  name: string;
}

export interface Unary {
  kind: "unary";
  type: Type;
  op: "!" | "-";
  operand: Expr;
}

export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface Binary {
  kind: "binary";
  type: Type;
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** The whole expression: `/` and `%` name it when the divisor is zero. */
  span: Span;
}
