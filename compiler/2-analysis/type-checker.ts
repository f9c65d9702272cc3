// The type checker: resolves every name used in expressions and steps, and
// gives every expression a type. An expression whose type cannot be known (an
// unknown name, a bad operand) gets none, and nothing above it is reported
// again, so one mistake makes one message.
import * as ast from "../1-syntax/ast.js";
import { error, type Diagnostic, type DiagnosticCode } from "../diagnostics/diagnostic.js";
import { BOOL, DURATION, enumType, FLOAT, INT, isTemporal, sameType, STRING, TIME } from "../ir.js";
import { parseDuration } from "../../runtime/time-text.js";
import { temporalBinary, temporalCompound, temporalValueHint } from "./time-types.js";
import { BUILTINS, describeType, isNumeric, type Analysis, type Builtin, type DomainSymbols, type EnumSymbol, type FieldSymbol, type LetSymbol, type LocalSymbol, type Type, type ValueSymbol, type ArgSymbol } from "./symbols.js";
import { didYouMean } from "./suggest.js";
import { MAX_DEPTH } from "../1-syntax/parse.js";

const SAFE = 2n ** 53n - 1n;
const ORDERING = new Set<ast.BinaryOp>(["<", "<=", ">", ">="]);
const LOGICAL = new Set<ast.BinaryOp>(["&&", "||"]);
const ARITY: Record<Builtin, [number, number]> = { min: [2, Infinity], max: [2, Infinity], abs: [1, 1], clamp: [3, 3] };

/** True when a value of type `from` may be stored where `to` is expected: the same type, or an int where a float goes. */
export function assignable(to: Type, from: Type): boolean {
  return sameType(to, from) || (to.kind === "float" && from.kind === "int");
}

type Scope = Map<string, LocalSymbol | ArgSymbol>;

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

  constructor(
    private readonly domain: DomainSymbols,
    private readonly enums: Map<string, EnumSymbol>,
    private readonly file: string,
    private readonly out: Diagnostic[],
    private readonly analysis: Pick<Analysis, "types" | "refs">,
    /** Every step local, for the unused-local warning. */
    readonly locals: LocalSymbol[] = [],
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
    for (const t of this.domain.transitions) {
      if (t.guard) this.condition(t.guard, "VED0202", "a `when` guard");
      this.block(t.step);
    }
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

  private initialiser(init: ast.Literal | null, type: Type, what: string): void {
    if (!init) return;
    const t = this.expr(init);
    if (t && !assignable(type, t)) this.report("VED0206", init.span, `${what} is ${describeType(type)}, but its initial value is ${describeType(t)}`, temporalValueHint(type, t));
  }

  /** `x: int in lo..hi`: an int field, lo <= hi, and an initial value inside. */
  private range(f: FieldSymbol): void {
    const r = f.decl.range;
    if (!r) return;
    const [lo, hi] = [this.expr(r.min), this.expr(r.max)];
    if (!lo || !hi) return;
    if (f.type.kind !== "int") {
      const hint = f.type.kind === "float" ? `state the bounds as an invariant: invariant ${f.name} >= ${r.min.text} && ${f.name} <= ${r.max.text}` : "only an int field can have a range";
      this.report("VED0210", r.span, `a range needs an int field, but '${f.name}' is ${describeType(f.type)}`, hint);
      return;
    }
    const [min, max] = [Number(r.min.text), Number(r.max.text)];
    if (min > max) {
      this.report("VED0209", r.span, `the range ${min}..${max} of '${f.name}' is empty: ${min} is above ${max}`, `write ${max}..${min}`);
      return;
    }
    const init = f.decl.init;
    if (init && init.kind !== "Int") return; // a wrong type is reported by initialiser()
    const start = init ? Number(init.text) : 0;
    if (start < min || start > max) {
      const what = init ? `starts at ${start},` : "starts at 0, the default of an int,";
      this.report("VED0211", init ? init.span : r.span, `'${f.name}' ${what} outside its range ${min}..${max}`, `give it an initial value in the range: ${f.name}: int in ${min}..${max} = ${min}`);
    }
  }

  private condition(e: ast.Expr, code: DiagnosticCode, what: string): void {
    const t = this.expr(e);
    if (t && t.kind !== "bool") this.report(code, e.span, `${what} must be a bool, but this is ${describeType(t)}`, t.kind === "int" || t.kind === "float" ? "compare it with something, e.g. `workers == 5`" : isTemporal(t) ? "compare it with something, e.g. `now - last_scaled >= 60s`" : undefined);
  }

  /** A let's type, checking its expression on first use; a let that depends on itself is an error. */
  private letType(sym: LetSymbol): Type | undefined {
    if (this.checkedLets.has(sym)) return sym.type;
    if (this.visiting.has(sym)) {
      this.report("VED0116", sym.decl.name.span, `let '${sym.name}' depends on itself`, "a derived value must be computable from state and params");
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
    this.report("VED0007", sym.decl.name.span, `let '${sym.name}' starts a chain of more than ${MAX_DEPTH} lets, each reading the next`, "compute part of the chain in a step, or shorten it");
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
      this.report("VED0117", s.name.span, `'${name}' is already ${clash.kind === "local" ? "a local" : clash.kind === "arg" ? "an effect argument" : `a ${clash.kind}`} here`, "give the local another name");
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
      this.unknown(s.target.name, s.target.span);
      return;
    }
    if (target.kind !== "field") {
      const why =
        target.kind === "param" ? "params are read-only; an instance sets them when it is created"
        : target.kind === "let" ? "a domain let is derived from state; assign to the fields it reads"
        : target.kind === "arg" ? "an effect's arguments are what it was called with; assign to a field"
        : "locals are read-only; declare another with `let`";
      this.report("VED0112", s.target.span, `'${target.name}' is ${target.kind === "arg" ? "an effect argument" : `a ${target.kind}`}, not a state field`, why);
      return;
    }
    this.analysis.refs.set(s.target, target);
    if (!value) return;
    const field = target.type;
    if (s.op === "=") {
      if (!assignable(field, value)) this.report("VED0203", s.value.span, `'${target.name}' is ${describeType(field)}, but this value is ${describeType(value)}`, field.kind === "int" && value.kind === "float" ? "a float never silently becomes an int" : temporalValueHint(field, value));
      return;
    }
    if (isTemporal(field) || isTemporal(value)) {
      if (!isTemporal(field) || !temporalCompound(s.op, field, value)) {
        const allowed = field.kind === "time" ? "a time field takes `+=` and `-=` with a duration: `deadline += 30s`" : field.kind === "duration" ? "a duration field takes `+=` and `-=` with a duration, `*=` with an int" : "a time or a duration is not a number";
        this.report("VED0213", s.value.span, `'${target.name} ${s.op}' needs ${s.op === "*=" && field.kind === "duration" ? "an int" : isTemporal(field) ? "a duration" : describeType(field)}, but this value is ${describeType(value)}`, allowed);
      }
      return;
    }
    const concat = s.op === "+=" && field.kind === "string" && value.kind === "string";
    if (concat) return;
    if (!isNumeric(field)) {
      this.report("VED0204", s.span, `'${s.op}' needs a number field, but '${target.name}' is ${describeType(field)}`, field.kind === "string" && s.op === "+=" ? "append a string: `name += \"...\"`" : `write '${target.name} = ...' instead`);
    } else if (!isNumeric(value) || !assignable(field, value)) {
      this.report("VED0203", s.value.span, `'${target.name} ${s.op}' needs ${describeType(field)}, but this value is ${describeType(value)}`);
    }
  }

  private effectCall(call: ast.Call): void {
    const argTypes = call.args.map((a) => this.expr(a));
    const name = call.callee.name;
    const effect = this.domain.effects.get(name);
    if (!effect) {
      if ((BUILTINS as readonly string[]).includes(name)) {
        this.report("VED0113", call.span, `${name}(...) computes a value, and a statement cannot use it`, `assign it: x = ${name}(...)`);
      } else {
        const hint = didYouMean(name, this.domain.effects.keys()) ?? (this.domain.effects.size ? undefined : `declare it in the domain: effect ${name}(...)`);
        this.report("VED0113", call.callee.span, `unknown effect '${name}' in domain '${this.domain.decl.name.name}'`, hint);
      }
      return;
    }
    if (call.args.length !== effect.params.length) {
      this.report("VED0114", call.span, `effect '${name}' takes ${plural(effect.params.length, "argument")}, but this call passes ${call.args.length}`, `it is declared as ${declText(effect.decl)}`);
      return;
    }
    effect.params.forEach((p, i) => {
      const t = argTypes[i];
      if (t && !assignable(p.type, t)) this.report("VED0208", call.args[i].span, `argument '${p.name}' of '${name}' is ${describeType(p.type)}, but this is ${describeType(t)}`);
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
        if (v > SAFE || v < -SAFE) return this.report("VED0205", e.span, `${e.text} is outside the range of an int`, `ints are safe integers, between -${SAFE} and ${SAFE}`);
        return INT;
      }
      case "Float":
        if (!Number.isFinite(Number(e.text))) return this.report("VED0205", e.span, `${e.text} is outside the range of a float`);
        return FLOAT;
      case "Duration": {
        const ms = parseDuration(e.text.replace(/^-/, ""));
        if (ms === null || ms > SAFE) return this.report("VED0212", e.span, `${e.text} is outside the range of a duration`, `a duration is a safe integer of milliseconds, at most ${SAFE}ms (about 285,616 years)`);
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
        if (e.op === "!") return t.kind === "bool" ? BOOL : this.report("VED0200", e.span, `'!' needs a bool, but this is ${describeType(t)}`);
        if (t.kind === "duration") return t;
        if (t.kind === "time") return this.report("VED0213", e.span, "'-' negates a time, which has no meaning", "a duration can be negated (`-30s`); a time can only be compared, or have a duration added or taken away");
        return isNumeric(t) ? t : this.report("VED0200", e.span, `'-' needs a number, but this is ${describeType(t)}`);
      }
      case "Binary":
        return this.binary(e);
    }
  }

  private name(e: ast.Name): Type | undefined {
    const sym = this.lookup(e.name);
    if (!sym) return this.unknown(e.name, e.span);
    this.analysis.refs.set(e, sym);
    if (sym.kind !== "field") this.used.add(sym);
    if (sym.kind !== "let") return sym.type;
    const type = this.letType(sym);
    this.readLet(sym);
    return type;
  }

  private enumRef(e: ast.EnumRef): Type | undefined {
    const en = this.enums.get(e.enum.name);
    if (!en) {
      return this.report("VED0100", e.enum.span, `unknown enum '${e.enum.name}'`, didYouMean(e.enum.name, this.enums.keys()) ?? (this.enums.size ? `the enums are ${[...this.enums.keys()].join(", ")}` : "declare it at the top of the file: enum Name { a, b }"));
    }
    if (!en.members.includes(e.member.name)) {
      return this.report("VED0100", e.member.span, `enum '${en.name}' has no member '${e.member.name}'`, didYouMean(e.member.name, en.members) ?? `its members are ${en.members.join(", ")}`);
    }
    return enumType(en.name);
  }

  private builtin(call: ast.Call): Type | undefined {
    const types = call.args.map((a) => this.expr(a));
    const name = call.callee.name;
    if (!(BUILTINS as readonly string[]).includes(name)) {
      if (this.domain.effects.has(name)) return this.report("VED0113", call.span, `effect '${name}' is a statement and has no value`, `call it on a line of its own in a step: ${name}(...)`);
      return this.report("VED0113", call.callee.span, `unknown function '${name}'`, didYouMean(name, BUILTINS) ?? `the functions are ${BUILTINS.join(", ")}`);
    }
    const [min, max] = ARITY[name as Builtin];
    if (call.args.length < min || call.args.length > max) {
      const wanted = min === max ? plural(min, "argument") : `at least ${plural(min, "argument")}`;
      return this.report("VED0114", call.span, `${name} takes ${wanted}, but this call passes ${call.args.length}`);
    }
    if (types.some((t) => t === undefined)) return undefined;
    for (let i = 0; i < types.length; i++) {
      if (!isNumeric(types[i]!)) return this.report("VED0208", call.args[i].span, `${name} needs numbers, but this is ${describeType(types[i]!)}`, isTemporal(types[i]!) ? "compare times and durations instead: `if a < b { ... }`" : undefined);
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
      return "type" in result ? result.type : this.report("VED0213", e.opSpan, result.message, result.hint);
    }
    if (op === "==" || op === "!=") {
      if (sameType(l, r) || (isNumeric(l) && isNumeric(r))) return BOOL;
      return this.report("VED0200", e.opSpan, `'${op}' compares ${describeType(l)} with ${describeType(r)}`, "both sides must have the same type");
    }
    if (LOGICAL.has(op)) {
      for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
        if (t.kind !== "bool") return this.report("VED0200", side.span, `'${op}' needs a bool on both sides, but this is ${describeType(t)}`);
      }
      return BOOL;
    }
    if (op === "+" && l.kind === "string" && r.kind === "string") return STRING;
    for (const [side, t] of [[e.left, l], [e.right, r]] as const) {
      if (!isNumeric(t)) {
        const hint = op === "+" && (l.kind === "string" || r.kind === "string") ? "`+` joins two strings, or adds two numbers" : undefined;
        return this.report("VED0200", side.span, `'${op}' needs a number on both sides, but this is ${describeType(t)}`, hint);
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
    const hint = didYouMean(name, known) ?? (this.enums.has(name) ? `'${name}' is an enum: write ${name}.${this.enums.get(name)!.members[0]}` : known.length ? `the names here are ${known.join(", ")}` : "declare it in the domain's state block");
    return this.report("VED0100", span, `unknown name '${name}' in domain '${d.decl.name.name}'`, hint);
  }

  private report(code: DiagnosticCode, span: ast.Span, message: string, hint?: string): undefined {
    this.out.push(error(code, this.file, span, message, hint));
    return undefined;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function declText(e: ast.EffectDecl): string {
  return `effect ${e.name.name}(${e.params.map((p) => `${p.name.name}: ${p.type.name}`).join(", ")})`;
}
