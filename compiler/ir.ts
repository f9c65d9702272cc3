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
 * (4: effect outcomes, owned fields, the `arg` reference. 5: the `time` and
 * `duration` types, the `now` expression, and each domain's `clock`; float
 * ranges with a step, and sets of values: Field.range.step, Field.values.
 * 6: the `=>` operator, the `cond` and `interpolate` expressions. 7: map
 * fields (Field.key), the `index` expression, Assign.key, and per-key
 * transitions (Transition.family).)
 */
export const IR_VERSION = 7;

export interface Program {
  irVersion: typeof IR_VERSION;
  /** The source file name as given to the compiler, for messages. */
  file: string;
  /** The enums it imports (in the order imported), then its own. */
  enums: Enum[];
  domains: Domain[];
}

/** Where a construct came from: 1-based lines and columns, end exclusive. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/**
 * A Ved type, as data. `int` is a safe integer and `float` a finite double,
 * both held as JavaScript numbers; an enum's values are its member names as
 * strings. A `time` is an instant, held as a safe integer of milliseconds
 * since the Unix epoch (0, the epoch, is a time field's zero); a `duration` is
 * a safe integer of milliseconds, negative when it runs backwards
 * (`earlier - later`). (IR version 5 added `time` and `duration`.) Compare types with `sameType`, never with `===`. (IR version 3:
 * version 2 wrote types as strings, an enum as `enum:Name`.)
 */
export type Type = PrimitiveType | EnumType;

export type PrimitiveType = { kind: "int" } | { kind: "float" } | { kind: "bool" } | { kind: "string" } | { kind: "time" } | { kind: "duration" };

export interface EnumType {
  kind: "enum";
  /** The enum's name; its members are in Program.enums. */
  name: string;
}

export type PrimitiveName = PrimitiveType["kind"];

/** The primitive types, one object each, so that they need not be allocated again. */
export const INT: Type = Object.freeze({ kind: "int" });
export const FLOAT: Type = Object.freeze({ kind: "float" });
export const BOOL: Type = Object.freeze({ kind: "bool" });
export const STRING: Type = Object.freeze({ kind: "string" });
export const TIME: Type = Object.freeze({ kind: "time" });
export const DURATION: Type = Object.freeze({ kind: "duration" });
export const PRIMITIVES: Readonly<Record<PrimitiveName, Type>> = { int: INT, float: FLOAT, bool: BOOL, string: STRING, time: TIME, duration: DURATION };

export function enumType(name: string): Type {
  return { kind: "enum", name };
}

export function sameType(a: Type, b: Type): boolean {
  return a.kind === b.kind && (a.kind !== "enum" || a.name === (b as EnumType).name);
}

export function isNumeric(t: Type): boolean {
  return t.kind === "int" || t.kind === "float";
}

/** `time` or `duration`: milliseconds, with arithmetic of their own (see docs/language.md). */
export function isTemporal(t: Type): boolean {
  return t.kind === "time" || t.kind === "duration";
}

/** Held as a safe integer: an int, a time or a duration. */
export function isIntegral(t: Type): boolean {
  return t.kind === "int" || isTemporal(t);
}

/**
 * The instants a time may hold: those a JavaScript Date can represent
 * (±8.64e15 ms around the epoch), so that every time prints as ISO 8601.
 */
export const MAX_TIME = 8.64e15;

/** How a type is written in Ved: `int`, `Phase`. */
export function typeName(t: Type): string {
  return t.kind === "enum" ? t.name : t.kind;
}

/** How a type reads in a message: `an int`, `a Phase`. */
export function describeType(t: Type): string {
  const name = typeName(t);
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** JavaScript value of a Ved value. */
export type Value = number | boolean | string;

/** The members of an enum type, in declaration order. */
export function membersOf(enums: readonly Enum[], t: EnumType): string[] {
  return enums.find((e) => e.name === t.name)!.members;
}

/** Whether `v` is a value of type `t`: a safe integer for an int, a finite number for a float, a member's name for an enum. */
export function isValueOf(t: Type, v: unknown, enums: readonly Enum[]): v is Value {
  switch (t.kind) {
    case "int":
    case "duration":
      return Number.isSafeInteger(v);
    case "time":
      return Number.isSafeInteger(v) && Math.abs(v as number) <= MAX_TIME;
    case "float":
      return typeof v === "number" && Number.isFinite(v);
    case "bool":
      return typeof v === "boolean";
    case "string":
      return typeof v === "string";
    case "enum":
      return typeof v === "string" && membersOf(enums, t).includes(v);
  }
}

/**
 * An enum the program uses: declared in Program.file, or imported from
 * another .ved file (`import { Zone } from "./shared.ved"`). An imported enum
 * is here like a local one, so the program stays self-contained: nothing
 * after lowering follows imports.
 */
export interface Enum {
  name: string;
  /** In declaration order; the first is the default of a field of this type. */
  members: string[];
  /** In `file` when given, else in Program.file. */
  span: Span;
  /** The file that declares an imported enum, as the compiler named it (relative to the entry's directory when the entry's name is). Absent for the program's own enums. */
  file?: string;
}

export interface Domain {
  name: string;
  fields: Field[];
  /** Read-only inputs, each with a default an instance may override. */
  params: Param[];
  /** Derived values: recomputed from state and params wherever they are read. */
  lets: Let[];
  effects: Effect[];
  /**
   * Must hold after every transition and every observation. First one per
   * field range, in field order, named `workers in 0..100` (a name no Ved
   * identifier can take) with the text `workers >= 0 && workers <= 100` (a
   * map field's one per key, in the enum's order: `replicas[Zone.a] in
   * 0..5`, reading `replicas[Zone.a] >= 0 && replicas[Zone.a] <= 5`); then
   * the declared invariants, in declaration order.
   */
  invariants: Condition[];
  /** All must hold for the domain to be converged. */
  goals: Condition[];
  /** In declaration order, which is the order the runtime tries them in. */
  transitions: Transition[];
  /** Whether and how the domain reads `now` (IR version 5). */
  clock: Clock;
  span: Span;
}

/**
 * How a domain depends on the clock. `now` may be read in goals, guards, lets
 * and steps (never in an invariant: lowering refuses it). Lowering derives,
 * from every comparison that reads `now` in a goal, a guard or a step's
 * condition (through the lets and step locals it reads), the instant at which
 * that comparison changes its answer by time alone:
 *
 *   now >= K, now < K          change at K
 *   now > K,  now <= K         change at K + 1 (ms)
 *   now == K, now != K         change at K and at K + 1
 *
 * after writing the comparison as `now op K` (`now - t >= d` is
 * `now >= t + d`; `t + d > now` is `now < t + d`). A program in which some
 * comparison cannot be written so (`now` scaled, divided, or read twice in
 * one comparison) is refused. Each K reads state, params and lets that do not
 * read `now`, evaluated on the state before the tick; a step condition may
 * not read a field its step assigns before it, so its K is that same value.
 *
 * A wake point is where a *comparison* flips; the condition holding it may
 * keep its answer (`a && now > t` while `a` is false), so a wake can be
 * spurious, never late: no goal, guard or step condition changes its answer
 * by time alone at an instant that is not a wake point.
 */
export interface Clock {
  /** Whether any goal, guard, let or step reads `now`; when false the lists are empty and no emitted function takes `now`. */
  readsNow: boolean;
  /** Where a goal's answer can change (through the lets it reads). */
  goals: WakePoint[];
  /** Where a guard's or a step condition's answer can change: whether a transition is valid. */
  transitions: WakePoint[];
}

export interface WakePoint {
  /** The instant, of type `time`, not reading `now`: the +1 ms of a strict edge is already in it. */
  at: Expr;
  /** What it belongs to, for people: `goal fresh`, `goal 1`, `transition scale_up`. */
  source: string;
  /** The comparison it comes from. */
  span: Span;
}

export interface Field {
  name: string;
  /**
   * The value's type. For a map field, each key's: `replicas: map<Zone, int
   * in 0..5> = 1` has type int, key Zone, initial 1 and range 0..5, and every
   * one of those describes each key's value alike.
   */
  type: Type;
  /**
   * `replicas: map<Zone, int>`: a map field holds one value per member of the
   * enum `key`, every member always present (IR version 7). Its value is a
   * plain object from member name to value, in the enum's order
   * (`{ a: 0, b: 2, c: 1 }`), read with `index` and written with an Assign
   * naming a key; it is never read or assigned whole. Null for a field
   * holding one value.
   */
  key: EnumType | null;
  /** The declared initial value, or the type's zero (0, false, "", the first enum member); a map's every key starts at it. */
  initial: Value;
  /**
   * `workers: int in 0..100`: the values the field may hold, both ends
   * included; an int or a float field may have one, and `initial` lies
   * inside it. A float's range has a `step` (`error_rate: float in 0.0..1.0
   * by 0.1`), above 0: the grain the verifier explores it at, from `min`
   * (the runtime enforces only the ends); an int's has none. Null when none
   * is declared. Lowering also adds an invariant for it (see
   * Domain.invariants), so a consumer that ignores ranges still enforces them
   * (for a map, one invariant per key). (Added in IR version 2; `step` in 5.)
   */
  range: { min: number; max: number; step?: number } | null;
  /**
   * `holder: string in {"", "node-1"}`: the only values the field may hold,
   * in source order, distinct, `initial` among them; an int, float or string
   * field may have one instead of a range. Null when none is declared. Like
   * a range it is also an invariant (the field equals one of them).
   * (Added in IR version 5.)
   */
  values: Value[] | null;
  /** `owned`: only the domain's own steps and outcomes change it; an observation that sets it is refused. */
  owned: boolean;
  span: Span;
}

export interface Param {
  name: string;
  type: Type;
  default: Value;
  span: Span;
}

export interface Let {
  name: string;
  type: Type;
  expr: Expr;
  span: Span;
}

export interface Effect {
  name: string;
  params: { name: string; type: Type }[];
  /**
   * What its completion does, applied by the runtime as a tick of its own
   * once the handler succeeds (`done`) or has finally failed (`failed`);
   * the arguments are read as `arg` references. Null when not declared.
   */
  done: Outcome | null;
  failed: Outcome | null;
  span: Span;
}

export interface Outcome {
  step: Stmt[];
  span: Span;
}

/** A goal or an invariant. */
export interface Condition {
  /** Null when unnamed; people then see `text`. */
  name: string | null;
  /** The expression as Ved source, normalised. */
  text: string;
  /** Always of type bool. */
  expr: Expr;
  span: Span;
}

/**
 * A guarded step. A transition is valid in a state when its guard holds and
 * running its step on a copy of the state changes that copy or calls an effect.
 *
 * A per-key transition, `transition add(z: Zone) when replicas[z] < 3 {...}`,
 * is lowered to one Transition per member (per combination of members, for
 * several keys, the last key varying fastest), in the enum's order, each
 * named after its members, `add(a)`, with the key read as that member's
 * constant: as if written once per member. `family` says where it came from.
 */
export interface Transition {
  /** `scale_up`; for a per-key transition its members too: `add(a)`, `move(a, b)`. */
  name: string;
  /** For a per-key transition: the declared name and each key with the member it stands for here (IR version 7). Null otherwise. */
  family: Family | null;
  /** Null when the transition has no `when` guard (its step's ifs still apply). */
  guard: Expr | null;
  step: Stmt[];
  span: Span;
}

export interface Family {
  /** `add`, as declared. */
  name: string;
  /** In declaration order: `{ name: "z", enum: "Zone", member: "a" }`. */
  keys: { name: string; enum: string; member: string }[];
}

export type Stmt = Assign | If | LetStmt | EffectCall;

export interface Assign {
  kind: "assign";
  field: string;
  /** For a map field, the key written (`replicas[z] += 1`), of the map's key type; null for a field holding one value (IR version 7). */
  key: Expr | null;
  op: "=" | "+=" | "-=" | "*=";
  /** The field's (a map's: each value's) type, so a consumer knows whether `+=` adds, concatenates or must be range-checked. */
  type: Type;
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

/** A step local: read-only, visible to the rest of its block. */
export interface LetStmt {
  kind: "let";
  name: string;
  value: Expr;
  span: Span;
}

export interface EffectCall {
  kind: "effect";
  name: string;
  /** One per declared parameter, in order. */
  args: Expr[];
  span: Span;
}

export type Expr = Const | Ref | Index | Now | Call | Unary | Binary | Cond | Interpolate;

/**
 * `replicas[z]`: the value a map field holds for a key (IR version 7). `key`
 * is of the map's key type, so the member is always present; after lowering
 * it is often a constant (quantifiers and per-key transitions are unrolled).
 * Quantifiers and folds (`all z in Zone: ...`, `sum(z in Zone: ...)`) do not
 * reach the IR: lowering writes them out over the members, `all` as `&&`,
 * `any` as `||`, `sum` as `+`, `count` as a `+` of `cond`s giving 1 or 0,
 * `min` and `max` as a `call` (or the one member's value).
 */
export interface Index {
  kind: "index";
  type: Type;
  field: string;
  key: Expr;
}

/** `now`: the instant of the current tick, one value for the whole tick (IR version 5). */
export interface Now {
  kind: "now";
  type: Type;
}

export interface Const {
  kind: "const";
  type: Type;
  value: Value;
}

/** A read of a state field (never a map field: see Index), a param, a domain let, a step local, or (in an outcome) an argument of the effect. */
export interface Ref {
  kind: "field" | "param" | "let" | "local" | "arg";
  type: Type;
  name: string;
}

/** The builtin functions, usable in any expression. */
export const BUILTINS = ["min", "max", "abs", "clamp"] as const;
export type Builtin = (typeof BUILTINS)[number];

export interface Call {
  kind: "call";
  type: Type;
  fn: Builtin;
  args: Expr[];
  /** `clamp` names it when its bounds are the wrong way round. */
  span: Span;
}

export interface Unary {
  kind: "unary";
  type: Type;
  op: "!" | "-";
  operand: Expr;
}

/** `a => b` is implication: false only when `a` holds and `b` does not (IR version 6). */
export type BinaryOp = "=>" | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

/**
 * How tightly each operator binds (higher binds tighter); all are
 * left-associative but `=>`, which is right-associative (RIGHT_ASSOCIATIVE).
 * Prefix `!` and `-` bind tighter still; `if c then a else b` looser than all.
 */
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  "=>": 0, "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
  "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
};
export const UNARY_PRECEDENCE = 7;

/** The operators that group to the right: `a => b => c` is `a => (b => c)`. */
export function rightAssociative(op: BinaryOp): boolean {
  return op === "=>";
}

/**
 * `"disk at \\(used)% on \\(zone)"`: the parts' texts joined, in order, of
 * type string. A string part is its own text; any other is printed in Ved's
 * words, as `vedc run` and traces print it (runtime/time-text.ts valueText):
 * an int or a float as JavaScript prints a number, a bool as `true` or
 * `false`, an enum member by its name, a time as ISO 8601 in UTC, a duration
 * as a Ved duration (`1m30s`). The text around the expressions is string
 * constants; an empty run is left out (IR version 6).
 */
export interface Interpolate {
  kind: "interpolate";
  type: Type;
  parts: Expr[];
}

/** `if c then a else b`: `then` when `cond` holds, else `else`; both of `type` (IR version 6). */
export interface Cond {
  kind: "cond";
  type: Type;
  cond: Expr;
  then: Expr;
  else: Expr;
}

export interface Binary {
  kind: "binary";
  /**
   * The result type. For arithmetic, `int` means both operands are ints;
   * `time` or `duration` means integer arithmetic on milliseconds
   * (`duration / int` truncates toward zero, as int division does).
   */
  type: Type;
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /** Run-time errors (division by zero, overflow) name it. */
  span: Span;
}
