// The type checker: resolves every name used in expressions and steps, and
// gives every expression a type. An expression whose type cannot be known (an
// unknown name, a bad operand) gets none, and nothing above it is reported
// again, so one mistake makes one message.
import * as ast from "../1-syntax/ast.js";
import { report, type Diagnostic, type DiagnosticArgs, type DiagnosticCode } from "../diagnostics/diagnostic.js";
import { BOOL, DURATION, enumType, FLOAT, INT, isTemporal, PRIMITIVES, sameType, STRING, TIME, typeName } from "../ir.js";
import { parseDuration } from "../../runtime/time-text.js";
import { temporalBinary, temporalCompound, temporalValueHint } from "./time-types.js";
import { BUILTINS, describeType, isNumeric, type Analysis, type Builtin, type DomainSymbols, type EnumSymbol, type FieldSymbol, type LetSymbol, type LocalSymbol, type Type, type ValueSymbol, type ArgSymbol, type KeySymbol } from "./symbols.js";
import { didYouMean } from "./suggest.js";
import { MAX_DEPTH } from "../1-syntax/parse.js";
import { exprText, regionText } from "../1-syntax/ast-text.js";

const SAFE = 2n ** 53n - 1n;
const ORDERING = new Set<ast.BinaryOp>(["<", "<=", ">", ">="]);
const LOGICAL = new Set<ast.BinaryOp>(["&&", "||", "=>"]);
const ARITY: Record<Builtin, [number, number]> = { min: [2, Infinity], max: [2, Infinity], abs: [1, 1], clamp: [3, 3] };

/** True when a value of type `from` may be stored where `to` is expected: the same type, or an int where a float goes. */
export function assignable(to: Type, from: Type): boolean {
  return sameType(to, from) || (to.kind === "float" && from.kind === "int");
}

type Scope = Map<string, LocalSymbol | ArgSymbol | KeySymbol>;

/** How many times vedc writes out the body of nested quantifiers and per-key transitions, at most (VED0127). */
export const MAX_COPIES = 4096;

export class TypeChecker {
  /** Params, lets and locals that some expression reads; the rest get an "unused" warning. */
  readonly used = new Set<ValueSymbol>();
  private readonly scopes: Scope[] = [];
  private readonly visiting = new Set<LetSymbol>();
  private readonly checkedLets = new Set<LetSymbol>();
  /** Each let's chain: 1 for a let reading no let, else 1 + the longest chain among the lets it reads. */
  private readonly letDepth = new Map<LetSymbol, number>();
  /** For each let being checked, innermost last: the longest chain among the lets it reads so far. */
  private readonly reading: number[] = [];
  private chainReported = false;
  /** How many times the expression being checked is written out: the product of the members of the quantifiers and keys around it. */
  private copies = 1;

  constructor(
    private readonly domain: DomainSymbols,
    private readonly enums: Map<string, EnumSymbol>,
    private readonly file: string,
    private readonly out: Diagnostic[],
    private readonly analysis: Pick<Analysis, "types" | "refs" | "program" | "keys">,
    /** Every step local, for the unused-local warning. */
    readonly locals: LocalSymbol[] = [],
    /** Enums imported from a file that could not be read or has errors: those errors say why, so their use here is not reported again. */
    private readonly unresolved: ReadonlySet<string> = new Set(),
  ) {}

  checkDomain(): void {
    for (const f of this.domain.fields.values()) {
      this.initialiser(f.decl.init, f.type, `'${f.name}'`);
      this.range(f);
    }
    for (const p of this.domain.params.values()) this.initialiser(p.decl.init, p.type, `param '${p.name}'`);
    for (const l of this.domain.lets.values()) this.letType(l);
    for (const g of this.domain.goals) this.condition(g.expr, "VED0201", "a goal");
    for (const i of this.domain.invariants) this.condition(i.expr, "VED0201", "an invariant");
    for (const t of this.domain.transitions) this.transition(t);
    for (const e of this.domain.effects.values()) {
      if (!e.decl.outcomes) continue;
      // The effect's arguments are read-only names in each of its outcome blocks.
      const args: Scope = new Map();
      e.decl.params.forEach((p, i) => {
        const type = e.params.find((x) => x.name === p.name.name)?.type;
        // An argument with a field's, param's or let's name is an error already (VED0118): leave the domain's name in scope.
        const clashes = this.domain.fields.has(p.name.name) || this.domain.params.has(p.name.name) || this.domain.lets.has(p.name.name);
        if (type && !clashes && i === e.params.findIndex((x) => x.name === p.name.name)) args.set(p.name.name, { kind: "arg", name: p.name.name, type, decl: p });
      });
      this.scopes.push(args);
      for (const b of e.decl.outcomes.blocks) this.block(b.step);
      this.scopes.pop();
    }
  }

  /** A transition's guard and step; a per-key one's with its keys in scope, each naming one member at a time. */
  private transition(t: ast.Transition): void {
    const keys: Scope = new Map();
    let copies = 1;
    for (const k of t.keys) {
      const en = this.enums.get(k.type.name);
      if (!en) continue; // not an enum: the binder reported it
      copies *= en.members.length;
      const sym = this.keySymbol(k.name, en, keys);
      if (sym) keys.set(sym.name, sym);
    }
    if (copies > MAX_COPIES) this.report("VED0127", t.name.span, { what: "per-key transition", count: copies.toLocaleString("en-US"), max: MAX_COPIES.toLocaleString("en-US") });
    this.scopes.push(keys);
    if (t.guard) this.condition(t.guard, "VED0202", "a `when` guard");
    this.block(t.step);
    this.scopes.pop();
  }

  /** A key named `name` over `en`, or undefined (reported) when the name is taken in scope or by another key of the same transition. */
  private keySymbol(name: ast.Ident, en: EnumSymbol, siblings: Scope = new Map()): KeySymbol | undefined {
    const clash = siblings.get(name.name) ?? this.lookup(name.name);
    if (clash) {
      this.report("VED0126", name.span, { name: name.name, what: kindText(clash) });
      return undefined;
    }
    const sym: KeySymbol = { kind: "key", name: name.name, type: enumType(en.name) as KeySymbol["type"], decl: name };
    this.analysis.keys.set(name, sym);
    return sym;
  }

  private initialiser(init: ast.Literal | null, type: Type, what: string): void {
    if (!init) return;
    const t = this.expr(init);
    if (t && !assignable(type, t)) this.report("VED0206", init.span, { what, expected: describeType(type), actual: describeType(t), hint: temporalValueHint(type, t) });
  }

  /**
   * The region a field declares: `x: int in lo..hi`, `x: float in lo..hi by
   * step`, or `x: string in {a, b}` (an int or a float may list values too):
   * ends, step and members of the field's type, a range not empty, a step
   * above 0, a set neither empty nor with a value twice, and the initial
   * value inside.
   */
  private range(f: FieldSymbol): void {
    const r = f.decl.range ?? f.decl.values;
    if (!r) return;
    const literals = r.kind === "Range" ? [r.min, r.max, ...(r.step ? [r.step] : [])] : r.values;
    const types = literals.map((l) => this.expr(l));
    if (types.some((t) => !t)) return;
    const kind = f.type.kind;
    const type = describeType(f.type);
    if (r.kind === "Range" && kind !== "int" && kind !== "float") {
      const hint = kind === "string" ? `list its values instead: ${f.name}: string in {"a", "b"}` : `${type} field takes every value already: drop the range`;
      this.report("VED0210", r.span, { form: "range", name: f.name, type, hint });
      return;
    }
    if (r.kind === "ValueSet" && kind !== "int" && kind !== "float" && kind !== "string") {
      this.report("VED0210", r.span, { form: "set", name: f.name, type });
      return;
    }
    const wrong = literals.findIndex((l, i) => !assignable(f.type, types[i]!));
    if (wrong >= 0) {
      const what = r.kind === "ValueSet" ? "a value in its set" : literals[wrong] === r.step ? "the step of its range" : "an end of its range";
      const hint = kind === "int" && r.kind === "Range" && types[wrong]!.kind === "float" ? `an int field's range has int ends; for fractions declare it a float: ${f.name}: float in ${r.min.text}..${r.max.text} by 0.1` : undefined;
      this.report("VED0233", literals[wrong].span, { name: f.name, type, what, actual: describeType(types[wrong]!), hint });
      return;
    }
    const values = r.kind === "ValueSet" ? r.values.map(ast.literalValue) : [];
    if (r.kind === "ValueSet") {
      if (values.length === 0) {
        this.report("VED0231", r.span, { name: f.name, type: typeName(f.type), example: kind === "string" ? '"a", "b"' : "1, 2" });
        return;
      }
      const twice = values.findIndex((v, i) => values.indexOf(v) !== i);
      if (twice >= 0) {
        this.report("VED0232", r.values[twice].span, { value: exprText(r.values[twice]), name: f.name });
        return;
      }
    } else {
      const [min, max] = [Number(r.min.text), Number(r.max.text)];
      if (min > max) {
        this.report("VED0209", r.span, { name: f.name, min: r.min.text, max: r.max.text });
        return;
      }
      if (kind === "int" && r.step) {
        this.report("VED0230", r.step.span, { form: "int", name: f.name, step: r.step.text });
        return;
      }
      if (kind === "float" && !r.step) {
        this.report("VED0230", r.span, { form: "missing", name: f.name, min: r.min.text, max: r.max.text, suggested: suggestedStep(min, max) });
        return;
      }
      if (r.step && !(Number(r.step.text) > 0)) {
        this.report("VED0230", r.step.span, { form: "nonpositive", name: f.name, step: r.step.text, suggested: suggestedStep(min, max) });
        return;
      }
    }
    const init = f.decl.init;
    if (init && !assignable(f.type, this.analysis.types.get(init) ?? f.type)) return; // a wrong type is reported by initialiser()
    const start = init ? ast.literalValue(init) : kind === "string" ? "" : 0;
    const inside = r.kind === "ValueSet" ? values.includes(start) : (start as number) >= Number(r.min.text) && (start as number) <= Number(r.max.text);
    if (!inside) {
      const region = r.kind === "ValueSet" ? `its values {${r.values.map(exprText).join(", ")}}` : `its range ${r.min.text}..${r.max.text}`;
      const first = r.kind === "ValueSet" ? exprText(r.values[0]) : r.min.text;
      const holes = { name: f.name, region, type: typeName(f.type), declared: regionText(r), first };
      if (init) this.report("VED0211", init.span, { form: "given", start: exprText(init), ...holes });
      else this.report("VED0211", r.span, { form: "default", start: kind === "string" ? '""' : "0", described: type, ...holes });
    }
  }

  private condition(e: ast.Expr, code: "VED0201" | "VED0202", what: string): void {
    const t = this.expr(e);
    if (t && t.kind !== "bool") this.report(code, e.span, { form: isNumeric(t) ? "number" : isTemporal(t) ? "time" : "other", what, type: describeType(t) });
  }

  /** A let's type, checking its expression on first use; a let that depends on itself is an error. */
  private letType(sym: LetSymbol): Type | undefined {
    if (this.checkedLets.has(sym)) return sym.type;
    if (this.visiting.has(sym)) {
      this.report("VED0116", sym.decl.name.span, { name: sym.name });
      this.checkedLets.add(sym);
      return undefined;
    }
    // Checking a let that reads lets recurses here, as evaluating it will at run time: bounded, as nesting is.
    if (this.visiting.size >= MAX_DEPTH) {
      // The chain starts at the outermost let being checked.
      this.tooLong(this.visiting.values().next().value!);
      this.checkedLets.add(sym);
      return undefined;
    }
    this.visiting.add(sym);
    this.reading.push(0);
    // A domain let sees fields, params and other lets, never a step's locals.
    const saved = this.scopes.splice(0);
    sym.type = this.expr(sym.decl.value);
    this.scopes.push(...saved);
    this.visiting.delete(sym);
    this.checkedLets.add(sym);
    const depth = 1 + this.reading.pop()!;
    this.letDepth.set(sym, depth);
    if (depth === MAX_DEPTH + 1) this.tooLong(sym);
    return sym.type;
  }

  /** Counts a let read by the let being checked, for the length of the chain of lets it starts. */
  private readLet(sym: LetSymbol): void {
    const top = this.reading.length - 1;
    if (top >= 0) this.reading[top] = Math.max(this.reading[top], this.letDepth.get(sym) ?? 0);
  }

  /** Once per domain: the rest of a chain too long is the same mistake. */
  private tooLong(sym: LetSymbol): void {
    if (this.chainReported) return;
    this.chainReported = true;
    this.report("VED0007", sym.decl.name.span, { form: "lets", name: sym.name, max: MAX_DEPTH });
  }

  // ---- statements -------------------------------------------------------------

  private block(list: ast.Stmt[]): void {
    this.scopes.push(new Map());
    for (const s of list) this.stmt(s);
    this.scopes.pop();
  }

  private stmt(s: ast.Stmt): void {
    switch (s.kind) {
      case "Assign":
        return this.assign(s);
      case "If":
        this.condition(s.cond, "VED0202", "an if condition");
        this.block(s.then);
        this.block(ast.elseBranch(s));
        return;
      case "Let":
        return this.local(s);
      case "CallStmt":
        return this.effectCall(s.call);
    }
  }

  private local(s: ast.Let): void {
    const type = this.expr(s.value);
    const name = s.name.name;
    const clash = this.lookup(name);
    if (clash) {
      this.report("VED0117", s.name.span, { name, what: kindText(clash) });
      return;
    }
    const sym: LocalSymbol = { kind: "local", name, decl: s };
    if (type) sym.type = type;
    this.scopes[this.scopes.length - 1].set(name, sym);
    this.locals.push(sym);
  }

  private assign(s: ast.Assign): void {
    const value = this.expr(s.value);
    const target = this.lookup(s.target.name);
    if (!target) {
      if (s.key) this.expr(s.key);
      this.unknown(s.target.name, s.target.span);
      return;
    }
    if (target.kind !== "field") {
      if (s.key) this.expr(s.key);
      this.report("VED0112", s.target.span, { form: target.kind, name: target.name });
      return;
    }
    this.analysis.refs.set(s.target, target);
    if (s.key && !this.mapKey(target, s.key, s.target)) return;
    if (!s.key && target.key) return this.whole(target, s.target.span, "assignWhole");
    if (!value) return;
    const field = target.type;
    if (s.op === "=") {
      if (!assignable(field, value)) {
        if (field.kind === "int" && value.kind === "float") this.report("VED0203", s.value.span, { form: "floatToInt", name: target.name, expected: describeType(field), actual: describeType(value) });
        else this.report("VED0203", s.value.span, { form: "assign", name: target.name, expected: describeType(field), actual: describeType(value), hint: temporalValueHint(field, value) });
      }
      return;
    }
    if (isTemporal(field) || isTemporal(value)) {
      if (!isTemporal(field) || !temporalCompound(s.op, field, value)) {
        const form = field.kind === "time" ? "compoundTime" : field.kind === "duration" ? "compoundDuration" : "compoundNumber";
        const expected = s.op === "*=" && field.kind === "duration" ? "an int" : isTemporal(field) ? "a duration" : describeType(field);
        this.report("VED0213", s.value.span, { form, name: target.name, op: s.op, expected, actual: describeType(value) });
      }
      return;
    }
    const concat = s.op === "+=" && field.kind === "string" && value.kind === "string";
    if (concat) return;
    if (!isNumeric(field)) {
      this.report("VED0204", s.span, { form: field.kind === "string" && s.op === "+=" ? "string" : "other", op: s.op, name: target.name, type: describeType(field) });
    } else if (!isNumeric(value) || !assignable(field, value)) {
      this.report("VED0203", s.value.span, { form: "compound", name: target.name, op: s.op, expected: describeType(field), actual: describeType(value) });
    }
  }

  private effectCall(call: ast.Call): void {
    const argTypes = call.args.map((a) => this.expr(a));
    const name = call.callee.name;
    const effect = this.domain.effects.get(name);
    if (!effect) {
      if ((BUILTINS as readonly string[]).includes(name)) {
        this.report("VED0113", call.span, { form: "functionAsStatement", name });
      } else {
        const suggestion = didYouMean(name, this.domain.effects.keys()) ?? (this.domain.effects.size ? undefined : `declare it in the domain: effect ${name}(...)`);
        this.report("VED0113", call.callee.span, { form: "unknownEffect", name, domain: this.domain.decl.name.name, suggestion });
      }
      return;
    }
    if (call.args.length !== effect.params.length) {
      this.report("VED0114", call.span, { form: "effect", name, wanted: plural(effect.params.length, "argument"), given: call.args.length, declaration: declText(effect.decl) });
      return;
    }
    effect.params.forEach((p, i) => {
      const t = argTypes[i];
      if (t && !assignable(p.type, t)) this.report("VED0208", call.args[i].span, { form: "effect", name: p.name, effect: name, expected: describeType(p.type), actual: describeType(t) });
    });
  }

  // ---- expressions --------------------------------------------------------------

  /** Returns the expression's type, or undefined when it is already reported as wrong. */
  expr(e: ast.Expr): Type | undefined {
    const t = this.infer(e);
    if (t) this.analysis.types.set(e, t);
    return t;
  }

  private infer(e: ast.Expr): Type | undefined {
    switch (e.kind) {
      case "Int": {
        const v = BigInt(e.text);
        if (v > SAFE || v < -SAFE) return this.report("VED0205", e.span, { form: "int", literal: e.text, max: String(SAFE) });
        return INT;
      }
      case "Float":
        if (!Number.isFinite(Number(e.text))) return this.report("VED0205", e.span, { form: "float", literal: e.text });
        return FLOAT;
      case "Duration": {
        const ms = parseDuration(e.text.replace(/^-/, ""));
        if (ms === null || ms > SAFE) return this.report("VED0212", e.span, { literal: e.text, max: String(SAFE) });
        return DURATION;
      }
      case "Now":
        return TIME;
      case "Bool":
        return BOOL;
      case "String":
        return STRING;
      case "EnumRef":
        return this.enumRef(e);
      case "Name":
        return this.name(e);
      case "Call":
        return this.builtin(e);
      case "Unary": {
        const t = this.expr(e.operand);
        if (!t) return undefined;
        if (e.op === "!") return t.kind === "bool" ? BOOL : this.report("VED0200", e.span, { form: "not", type: describeType(t) });
        if (t.kind === "duration") return t;
        if (t.kind === "time") return this.report("VED0213", e.span, { form: "timeOnly", op: "-", verb: "negates" });
        return isNumeric(t) ? t : this.report("VED0200", e.span, { form: "negate", type: describeType(t) });
      }
      case "Binary":
        return this.binary(e);
      case "Conditional":
        return this.conditional(e);
      case "Index": {
        const sym = this.lookup(e.target.name);
        if (!sym) {
          this.expr(e.key);
          return this.unknown(e.target.name, e.target.span);
        }
        this.analysis.refs.set(e.target, sym);
        if (sym.kind !== "field" || !sym.key) {
          this.expr(e.key);
          return this.report("VED0241", e.span, { form: "notMap", name: sym.name });
        }
        return this.mapKey(sym, e.key, e.target) ? sym.type : undefined;
      }
      case "Quantifier":
        return this.quantifier(e);
      case "Interpolation": {
        // Every Ved type prints (ir.Interpolate says how): a hole is checked only for itself.
        const types = e.holes.map((h) => this.expr(h));
        return types.every((t) => t !== undefined) ? STRING : undefined;
      }
    }
  }

  /** Whether `key` is a key of map field `f` (of its key enum); reported when it is not. */
  private mapKey(f: FieldSymbol, key: ast.Expr, target: ast.Ident): boolean {
    const t = this.expr(key);
    if (!t || !f.key) return false;
    if (sameType(t, f.key)) return true;
    const members = this.enums.get(f.key.name)?.members ?? [];
    const suggestion = t.kind === "enum" || members.length === 0 ? `write a member of ${f.key.name}, e.g. ${target.name}[${f.key.name}.${members[0] ?? "a"}]` : `a map's keys are the members of its enum, ${f.key.name}.${members.join(`, ${f.key.name}.`)}: write ${target.name}[${f.key.name}.${members[0]}]`;
    this.report("VED0242", key.span, { name: f.name, expected: describeType(f.key), actual: describeType(t), suggestion });
    return false;
  }

  /** Reports a map field read or assigned whole. */
  private whole(f: FieldSymbol, at: ast.Span, form: "whole" | "assignWhole"): undefined {
    const en = f.key!.name;
    const first = this.enums.get(en)?.members[0] ?? "a";
    return this.report("VED0241", at, { form, name: f.name, key: `${en}.${first}`, enum: en });
  }

  /**
   * `all z in Zone: body` and `any`: bool bodies, a bool; `count(...)`: a
   * bool body, an int; `sum(...)`: an int, float or duration body, its
   * type; `min(...)` and `max(...)`: an int or float body, its type. The key
   * is in scope in the body only.
   */
  private quantifier(e: ast.Quantifier): Type | undefined {
    const en = this.enums.get(e.over.name);
    if (!en) {
      if (this.unresolved.has(e.over.name)) return undefined;
      if (Object.hasOwn(PRIMITIVES, e.over.name)) return this.report("VED0125", e.over.span, { form: "quantifier", op: e.op, type: e.over.name });
      return this.report("VED0100", e.over.span, { form: "enum", name: e.over.name, suggestion: didYouMean(e.over.name, this.enums.keys()) ?? (this.enums.size ? `the enums are ${[...this.enums.keys()].join(", ")}` : "declare it at the top of the file: enum Zone { a, b }") });
    }
    const key = this.keySymbol(e.binder, en);
    const outer = this.copies;
    this.copies *= en.members.length;
    if (this.copies > MAX_COPIES && outer <= MAX_COPIES) this.report("VED0127", e.keyword.span, { what: `\`${e.op}\``, count: this.copies.toLocaleString("en-US"), max: MAX_COPIES.toLocaleString("en-US") });
    this.scopes.push(key ? new Map([[key.name, key]]) : new Map());
    const body = this.expr(e.body);
    this.scopes.pop();
    this.copies = outer;
    if (!body || !key) return undefined;
    switch (e.op) {
      case "all":
      case "any":
        return body.kind === "bool" ? BOOL : this.report("VED0243", e.body.span, { form: "bool", op: e.op, type: describeType(body) });
      case "count":
        return body.kind === "bool" ? INT : this.report("VED0243", e.body.span, { form: "count", type: describeType(body) });
      case "sum":
      case "min":
      case "max": {
        if (isNumeric(body) || (e.op === "sum" && body.kind === "duration")) return body;
        const hint = body.kind === "bool" ? `to count the members where it holds: count(${e.binder.name} in ${e.over.name}: ...)` : isTemporal(body) ? "compare times and durations instead: `all z in Zone: ...`" : undefined;
        return this.report("VED0243", e.body.span, { form: "number", op: e.op, type: describeType(body), hint });
      }
    }
  }

  /** `if c then a else b`: c a bool, a and b of one type (an int and a float make a float). */
  private conditional(e: ast.Conditional): Type | undefined {
    const c = this.expr(e.cond);
    const a = this.expr(e.then);
    const b = this.expr(e.else);
    if (c && c.kind !== "bool") this.report("VED0202", e.cond.span, { form: isNumeric(c) ? "number" : isTemporal(c) ? "time" : "other", what: "the condition of `if ... then ... else`", type: describeType(c) });
    if (!c || c.kind !== "bool" || !a || !b) return undefined;
    if (sameType(a, b)) return a;
    if (isNumeric(a) && isNumeric(b)) return FLOAT;
    return this.report("VED0240", { start: e.then.span.start, end: e.else.span.end }, { left: describeType(a), right: describeType(b) });
  }

  private name(e: ast.Name): Type | undefined {
    const sym = this.lookup(e.name);
    if (!sym) return this.unknown(e.name, e.span);
    this.analysis.refs.set(e, sym);
    if (sym.kind === "field" && sym.key) return this.whole(sym, e.span, "whole");
    if (sym.kind !== "field") this.used.add(sym);
    if (sym.kind !== "let") return sym.type;
    const type = this.letType(sym);
    this.readLet(sym);
    return type;
  }

  private enumRef(e: ast.EnumRef): Type | undefined {
    const en = this.enums.get(e.enum.name);
    if (!en && this.unresolved.has(e.enum.name)) return undefined;
    if (!en && this.analysis.program.domains.some((d) => d.name.name === e.enum.name)) {
      return this.report("VED0100", e.span, { form: "otherDomain", name: e.enum.name, domain: this.domain.decl.name.name, member: e.member.name });
    }
    if (!en) {
      return this.report("VED0100", e.enum.span, { form: "enum", name: e.enum.name, suggestion: didYouMean(e.enum.name, this.enums.keys()) ?? (this.enums.size ? `the enums are ${[...this.enums.keys()].join(", ")}` : "declare it at the top of the file: enum Name { a, b }") });
    }
    if (!en.members.includes(e.member.name)) {
      return this.report("VED0100", e.member.span, { form: "member", name: en.name, member: e.member.name, suggestion: didYouMean(e.member.name, en.members) ?? `its members are ${en.members.join(", ")}` });
    }
    return enumType(en.name);
  }

  private builtin(call: ast.Call): Type | undefined {
    const types = call.args.map((a) => this.expr(a));
    const name = call.callee.name;
    if (!(BUILTINS as readonly string[]).includes(name)) {
      if (this.domain.effects.has(name)) return this.report("VED0113", call.span, { form: "effectAsValue", name });
      return this.report("VED0113", call.callee.span, { form: "unknownFunction", name, suggestion: didYouMean(name, BUILTINS) ?? `the functions are ${BUILTINS.join(", ")}` });
    }
    const [min, max] = ARITY[name as Builtin];
    if (call.args.length < min || call.args.length > max) {
      const wanted = min === max ? plural(min, "argument") : `at least ${plural(min, "argument")}`;
      return this.report("VED0114", call.span, { form: "builtin", name, wanted, given: call.args.length });
    }
    if (types.some((t) => t === undefined)) return undefined;
    for (let i = 0; i < types.length; i++) {
      if (!isNumeric(types[i]!)) return this.report("VED0208", call.args[i].span, { form: "builtin", name, actual: describeType(types[i]!), hint: isTemporal(types[i]!) ? "compare times and durations instead: `if a < b { ... }`" : undefined });
    }
    return types.every((t) => t!.kind === "int") ? INT : FLOAT;
  }

  private binary(e: ast.Binary): Type | undefined {
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    if (!l || !r) return undefined;
    const op = e.op;
    if ((isTemporal(l) || isTemporal(r)) && !LOGICAL.has(op)) {
      if ((op === "==" || op === "!=") && sameType(l, r)) return BOOL;
      const result = temporalBinary(op, l, r);
      return "type" in result ? result.type : this.report("VED0213", e.opSpan, result.refused);
    }
    if (op === "==" || op === "!=") {
      if (sameType(l, r) || (isNumeric(l) && isNumeric(r))) return BOOL;
      return this.report("VED0200", e.opSpan, { form: "compare", op, left: describeType(l), right: describeType(r) });
    }
    if (LOGICAL.has(op)) {
      for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
        if (t.kind !== "bool" && op === "=>" && isNumeric(l) && isNumeric(r)) return this.report("VED0200", side.span, { form: "implication", type: describeType(t) });
        if (t.kind !== "bool") return this.report("VED0200", side.span, { form: "logical", op, type: describeType(t) });
      }
      return BOOL;
    }
    if (op === "+" && l.kind === "string" && r.kind === "string") return STRING;
    for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
      if (!isNumeric(t)) {
        const form = op === "+" && (l.kind === "string" || r.kind === "string") ? "joinOrAdd" : "arithmetic";
        return this.report("VED0200", side.span, { form, op, type: describeType(t) });
      }
    }
    if (ORDERING.has(op)) return BOOL;
    return l.kind === "float" || r.kind === "float" ? FLOAT : INT;
  }

  // ---- names ------------------------------------------------------------------------

  private lookup(name: string): ValueSymbol | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const local = this.scopes[i].get(name);
      if (local) return local;
    }
    return this.domain.fields.get(name) ?? this.domain.params.get(name) ?? this.domain.lets.get(name);
  }

  private unknown(name: string, span: ast.Span): undefined {
    const d = this.domain;
    const known = [...this.scopes.flatMap((s) => [...s.keys()]), ...d.fields.keys(), ...d.params.keys(), ...d.lets.keys()];
    const owner = [...this.enums.values()].find((en) => en.members.includes(name));
    if (owner) return this.report("VED0100", span, { form: "enumMember", name, domain: d.decl.name.name, enum: owner.name });
    const suggestion = didYouMean(name, known) ?? (this.enums.has(name) ? `'${name}' is an enum: write ${name}.${this.enums.get(name)!.members[0]}` : known.length ? `the names here are ${known.join(", ")}` : "declare it in the domain's state block");
    return this.report("VED0100", span, { form: "name", name, domain: d.decl.name.name, suggestion });
  }

  private report<C extends DiagnosticCode>(code: C, span: ast.Span, args: DiagnosticArgs<C>): undefined {
    // report() checks args against code; here C is generic, which TypeScript cannot narrow, and the caller's args were checked already.
    this.out.push((report as (code: C, file: string, span: ast.Span, args: DiagnosticArgs<C>) => Diagnostic)(code, this.file, span, args));
    return undefined;
  }
}

/** What a name in scope is, in a message: `a local`, `an effect argument`, `a field`. */
function kindText(sym: ValueSymbol): string {
  return sym.kind === "local" ? "a local" : sym.kind === "arg" ? "an effect argument" : `a ${sym.kind}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function declText(e: ast.EffectDecl): string {
  return `effect ${e.name.name}(${e.params.map((p) => `${p.name.name}: ${p.type.name}`).join(", ")})`;
}

/** A round step giving about ten values between `min` and `max`. */
function suggestedStep(min: number, max: number): string {
  const width = max - min;
  if (!(width > 0)) return "0.1";
  return String(10 ** Math.floor(Math.log10(width / 10) + 1e-9));
}
