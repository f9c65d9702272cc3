// The tree the formatter prints: stage 1's syntax tree, re-shaped for
// Prettier. Every node has a `type` and source offsets (`start`, `end`);
// literals keep their text as written (`1_000`, escapes); each expression
// says whether the user put it in parentheses; each block knows the offsets of
// its braces, so a comment can be placed inside the right one. The comments,
// which the parser never sees, come from the scanner.
import type * as ast from "../1-syntax/ast.js";
import { scan, type Token } from "../1-syntax/lexer.js";

export interface Comment {
  type: "LineComment" | "BlockComment";
  value: string;
  start: number;
  end: number;
}

interface Base {
  start: number;
  end: number;
  comments?: Comment[];
}

/** A block's braces: `open` is the offset of `{`, `close` the offset of `}`. */
export interface Braces {
  open: number;
  close: number;
}

export interface Id extends Base { type: "Id"; name: string }
export interface Program extends Base {
  type: "Program";
  body: (Import | Enum | Domain)[];
  /** Prettier takes these, and attaches each to a node. */
  comments: Comment[];
  /** The same, kept: where a comment sits depends on its neighbours. */
  commentList: Comment[];
}
/** `import { A, B } from "./x.ved"`: the names are `members`, as an enum's, laid out alike. */
export interface Import extends Base, Braces { type: "Import"; members: Id[]; from: Literal }
export interface Enum extends Base, Braces { type: "Enum"; name: Id; members: Id[] }
/** `members` holds those written after the domain's braces too, printed inside them. */
export interface Domain extends Base, Braces { type: "Domain"; name: Id; members: Member[] }
export interface State extends Base, Braces { type: "State"; fields: Field[] }
/** A map field's `key` is the enum in `map<Zone, int>`, written first; null for a field holding one value. */
export interface Field extends Base { type: "Field"; owned: boolean; name: Id; key: Id | null; fieldType: Id; range: Range | ValueSet | null; init: Expr | null }
export interface Range extends Base { type: "Range"; min: Expr; max: Expr; step: Expr | null }
export interface ValueSet extends Base { type: "ValueSet"; values: Expr[] }
export interface Param extends Base { type: "Param"; name: Id; paramType: Id; init: Expr | null }
export interface Let extends Base { type: "Let"; name: Id; value: Expr }
/** `outcomes` holds the `{ done { ... } failed { ... } }` after the parameters, when written; the braces are its. */
export interface Effect extends Base { type: "Effect"; name: Id; params: EffectParam[]; outcomes: Outcome[] | null; braces: Braces | null }
/** `done { ... }` or `failed { ... }`: the braces are the block's. */
export interface Outcome extends Base, Braces { type: "Outcome"; keyword: Id; body: Stmt[] }
export interface EffectParam extends Base { type: "EffectParam"; name: Id; paramType: Id }
export interface Condition extends Base { type: "Goal" | "Invariant"; label: Id | null; expr: Expr }
/** The braces are the transition's own; its step's statements are `body`; `keys` are a per-key transition's, `(z: Zone)`. */
export interface Transition extends Base, Braces { type: "Transition"; name: Id; keys: EffectParam[]; guard: Expr | null; body: Stmt[] }
/** `key` is the map key of `replicas[z] += 1`; null when a whole field is assigned. */
export interface Assign extends Base { type: "Assign"; target: Id; key: Expr | null; op: string; value: Expr }
/** An effect called as a statement: a node of its own, so that a statement is never an expression. */
export interface CallStmt extends Base { type: "CallStmt"; call: Call }
export interface If extends Base {
  type: "If";
  cond: Expr;
  then: Stmt[];
  else: Stmt[] | If | null;
  thenBraces: Braces;
  /** Null unless `else` is a block. */
  elseBraces: Braces | null;
}

interface ExprBase extends Base {
  /** Written in parentheses (nested ones count once). */
  parens: boolean;
}
export interface Literal extends ExprBase { type: "Literal"; raw: string }
export interface Name extends ExprBase { type: "Name"; name: string }
export interface EnumRef extends ExprBase { type: "EnumRef"; enumName: Id; member: Id }
export interface Call extends ExprBase { type: "Call"; callee: Id; args: Expr[] }
export interface Unary extends ExprBase { type: "Unary"; op: string; operand: Expr }
export interface Binary extends ExprBase { type: "Binary"; op: ast.BinaryOp; left: Expr; right: Expr }
/** `texts` as written, with their delimiters (`"disk at \\(`, `)% on \\(`, `)"`): one more than `holes`. */
export interface Interpolation extends ExprBase { type: "Interpolation"; texts: string[]; holes: Expr[] }
export interface Conditional extends ExprBase { type: "Conditional"; cond: Expr; then: Expr; else: Expr }
/** `replicas[z]`: a map field's value for a key. */
export interface Index extends ExprBase { type: "Index"; target: Id; key: Expr }
/** `all z in Zone: body`, `any ...`, and the folds `sum(z in Zone: body)`, `count`, `min`, `max`. */
export interface Quantifier extends ExprBase { type: "Quantifier"; op: ast.QuantifierOp; keyword: Id; binder: Id; over: Id; body: Expr }

export type Member = State | Param | Let | Effect | Condition | Transition;
export type Stmt = Assign | If | Let | CallStmt;
export type Expr = Literal | Name | EnumRef | Call | Unary | Binary | Conditional | Interpolation | Index | Quantifier;
export type Node = Program | Import | Enum | Domain | Member | Field | Range | ValueSet | EffectParam | Outcome | Stmt | Expr | Id;

/** Builds the tree of a program that parsed; `source` is the text it was parsed from. */
export function formatTree(program: ast.Program, source: string): Program {
  const { tokens, comments } = scan(source);
  const b = new Builder(tokens);
  const body = [...program.imports.map((i) => b.importDecl(i)), ...program.enums.map((e) => b.enumDecl(e)), ...program.domains.map((d) => b.domain(d))].sort((x, y) => x.start - y.start);
  const list: Comment[] = comments.map((c) => ({ type: c.type === "lineComment" ? "LineComment" : "BlockComment", value: c.text, start: c.offset, end: c.offset + c.text.length }));
  return {
    type: "Program",
    body,
    comments: list,
    commentList: [...list],
    start: 0,
    end: source.length,
  };
}

class Builder {
  /** For each `{`, the index of its `}`. */
  private readonly closing = new Map<number, number>();

  constructor(private readonly tokens: Token[]) {
    const open: number[] = [];
    tokens.forEach((t, i) => {
      if (t.value === "{") open.push(i);
      else if (t.value === "}") this.closing.set(open.pop()!, i);
    });
  }

  importDecl(i: ast.ImportDecl): Import {
    const from: Literal = { type: "Literal", raw: i.from.raw, parens: false, ...range(i.from.span) };
    return { type: "Import", members: i.names.map(id), from, ...this.braces(i.span.start.offset + "import".length), ...range(i.span) };
  }

  enumDecl(e: ast.EnumDecl): Enum {
    return { type: "Enum", name: id(e.name), members: e.members.map(id), ...this.braces(e.name.span.end.offset), ...range(e.span) };
  }

  domain(d: ast.Domain): Domain {
    return { type: "Domain", name: id(d.name), members: d.members.map((m) => this.member(m)), ...this.braces(d.name.span.end.offset), ...range(d.span) };
  }

  private member(m: ast.Member): Member {
    switch (m.kind) {
      case "State":
        return { type: "State", fields: m.fields.map((f) => this.field(f)), ...this.braces(m.span.start.offset), ...range(m.span) };
      case "Param":
        return { type: "Param", name: id(m.name), paramType: id(m.type), init: m.init && this.expr(m.init), ...range(m.span) };
      case "Let":
        return this.letDecl(m);
      case "Effect": {
        const params = m.params.map((p) => this.param(p));
        const outcomes = m.outcomes && m.outcomes.blocks.map((b): Outcome => ({ type: "Outcome", keyword: id(b.keyword), body: b.step.map((x) => this.stmt(x)), ...this.braces(b.keyword.span.end.offset), ...range(b.span) }));
        const braces = m.outcomes && this.braces(m.outcomes.span.start.offset);
        return { type: "Effect", name: id(m.name), params, outcomes, braces, ...range(m.span) };
      }
      case "Goal":
      case "Invariant":
        return { type: m.kind, label: m.name && id(m.name), expr: this.expr(m.expr), ...range(m.span) };
      case "Transition":
        return {
          type: "Transition",
          name: id(m.name),
          keys: m.keys.map((k) => this.param(k)),
          guard: m.guard && this.expr(m.guard),
          body: m.step.map((s) => this.stmt(s)),
          // The first `{` after the guard, or the name (and keys: `(z: Zone)` holds no brace).
          ...this.braces((m.guard ?? m.name).span.end.offset),
          ...range(m.span),
        };
    }
  }

  /** An effect's parameter, or a per-key transition's key: `z: Zone`. */
  private param(p: ast.EffectParam): EffectParam {
    return { type: "EffectParam", name: id(p.name), paramType: id(p.type), start: p.name.span.start.offset, end: p.type.span.end.offset };
  }

  private field(f: ast.Field): Field {
    const r: Range | ValueSet | null = f.range
      ? { type: "Range", min: this.expr(f.range.min), max: this.expr(f.range.max), step: f.range.step && this.expr(f.range.step), ...range(f.range.span) }
      : f.values && { type: "ValueSet", values: f.values.values.map((v) => this.expr(v)), ...range(f.values.span) };
    return { type: "Field", owned: f.owned !== null, name: id(f.name), key: f.key && id(f.key), fieldType: id(f.type), range: r, init: f.init && this.expr(f.init), ...range(f.span) };
  }

  private letDecl(l: ast.Let): Let {
    return { type: "Let", name: id(l.name), value: this.expr(l.value), ...range(l.span) };
  }

  private stmt(s: ast.Stmt): Stmt {
    switch (s.kind) {
      case "Assign":
        return { type: "Assign", target: id(s.target), key: s.key && this.expr(s.key), op: s.op, value: this.expr(s.value), ...range(s.span) };
      case "Let":
        return this.letDecl(s);
      case "CallStmt":
        return { type: "CallStmt", call: this.expr(s.call) as Call, ...range(s.span) };
      case "If":
        return this.ifStmt(s);
    }
  }

  private ifStmt(s: ast.If): If {
    const thenBraces = this.braces(s.cond.span.end.offset);
    const otherwise = s.else === null ? null : Array.isArray(s.else) ? s.else.map((x) => this.stmt(x)) : this.ifStmt(s.else);
    const elseBraces = Array.isArray(s.else) ? this.braces(thenBraces.close + 1) : null;
    return { type: "If", cond: this.expr(s.cond), then: s.then.map((x) => this.stmt(x)), else: otherwise, thenBraces, elseBraces, ...range(s.span) };
  }

  private expr(e: ast.Expr): Expr {
    const at = this.indexAt(e.span.start.offset);
    // A parenthesised expression's span is its parentheses' (grammar.ne); only a
    // binary expression can also start with `(`, when its left operand has them.
    const parens = this.tokens[at].value === "(" && (e.kind !== "Binary" || e.span.start.offset < e.left.span.start.offset);
    const base = { parens, ...range(e.span) };
    switch (e.kind) {
      case "Int":
      case "Float":
        return { type: "Literal", raw: (e.text.startsWith("-") ? "-" : "") + this.numberToken(at).text, ...base };
      case "Duration":
        return { type: "Literal", raw: (e.text.startsWith("-") ? "-" : "") + this.numberToken(at).text, ...base };
      case "Now":
        return { type: "Name", name: "now", ...base };
      case "Bool":
        return { type: "Literal", raw: String(e.value), ...base };
      case "String":
        return { type: "Literal", raw: e.raw, ...base };
      case "Name":
        return { type: "Name", name: e.name, ...base };
      case "EnumRef":
        return { type: "EnumRef", enumName: id(e.enum), member: id(e.member), ...base };
      case "Call":
        return { type: "Call", callee: id(e.callee), args: e.args.map((a) => this.expr(a)), ...base };
      case "Unary":
        return { type: "Unary", op: e.op, operand: this.expr(e.operand), ...base };
      case "Binary":
        return { type: "Binary", op: e.op, left: this.expr(e.left), right: this.expr(e.right), ...base };
      case "Interpolation":
        return { type: "Interpolation", texts: e.texts.map((t) => t.raw), holes: e.holes.map((h) => this.expr(h)), ...base };
      case "Conditional":
        return { type: "Conditional", cond: this.expr(e.cond), then: this.expr(e.then), else: this.expr(e.else), ...base };
      case "Index":
        return { type: "Index", target: id(e.target), key: this.expr(e.key), ...base };
      case "Quantifier":
        return { type: "Quantifier", op: e.op, keyword: id(e.keyword), binder: id(e.binder), over: id(e.over), body: this.expr(e.body), ...base };
    }
  }

  /** The number itself, as written, past any `(` or `-` before it. */
  private numberToken(at: number): Token {
    while (this.tokens[at].type !== "int" && this.tokens[at].type !== "float" && this.tokens[at].type !== "duration") at++;
    return this.tokens[at];
  }

  /** The first `{` at or after `offset`, and its `}`. */
  private braces(offset: number): Braces {
    let i = this.indexAt(offset);
    while (this.tokens[i].value !== "{") i++;
    return { open: this.tokens[i].offset, close: this.tokens[this.closing.get(i)!].offset };
  }

  /** The index of the first token starting at or after `offset`. */
  private indexAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function id(i: ast.Ident): Id {
  return { type: "Id", name: i.name, ...range(i.span) };
}

function range(span: ast.Span): { start: number; end: number } {
  return { start: span.start.offset, end: span.end.offset };
}
