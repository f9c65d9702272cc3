// What the name at a position of the source is, for the language server's
// hover and go-to-definition, read from the syntax tree and its analysis.
// Every name in the tree is an occurrence; a use is resolved through the
// analysis (`refs` for values, the enum and effect tables for the rest), a
// declaration is its own. The first occurrence whose span holds the offset
// wins: names never overlap.
import * as ast from "../1-syntax/ast.js";
import { PRIMITIVES } from "../ir.js";
import { BUILTINS, typeName, type Analysis, type DomainSymbols, type Type, type ValueSymbol } from "../2-analysis/symbols.js";
import { exprText, regionText } from "../1-syntax/ast-text.js";

export interface SymbolInfo {
  kind: "import" | "domain" | "enum" | "member" | "type" | "field" | "param" | "let" | "local" | "effect" | "argument" | "transition" | "goal" | "invariant" | "builtin" | "key";
  name: string;
  /** The occurrence at the offset. */
  span: ast.Span;
  /** The name in its declaration; null for a builtin function or a primitive type. */
  declaration: ast.Span | null;
  /** The file `declaration` is in, when it is another than the document's: an imported enum's, or the file an import's path names. */
  file?: string;
  /** One line of Ved saying what it is, e.g. `(field) workers: int = 0`. */
  signature: string;
}

type Found = Omit<SymbolInfo, "span">;

/** The symbol whose name covers `offset` (0-based; the end of a name counts, where a cursor stops). */
export function symbolAt(analysis: Analysis, offset: number): SymbolInfo | null {
  let found: SymbolInfo | null = null;
  walk(analysis, (span, what) => {
    if (found || offset < span.start.offset || offset > span.end.offset) return;
    const info = what();
    if (info) found = { ...info, span };
  });
  return found;
}

/** Every name of the program that resolves, declarations and uses, in source order within each part: for references and rename. */
export function occurrences(analysis: Analysis): SymbolInfo[] {
  const all: SymbolInfo[] = [];
  walk(analysis, (span, what) => {
    const info = what();
    if (info) all.push({ ...info, span });
  });
  return all;
}

/** Calls `at` with each name's span, and how to say what it is. */
function walk(analysis: Analysis, at: (span: ast.Span, what: () => Found | null) => void): void {
  for (const i of analysis.program.imports) for (const name of i.names) at(name.span, () => enumInfo(analysis, name.name));
  for (const e of analysis.program.enums) {
    at(e.name.span, () => enumInfo(analysis, e.name.name));
    for (const m of e.members) at(m.span, () => ({ kind: "member", name: m.name, declaration: m.span, signature: `(member) ${e.name.name}.${m.name}` }));
  }
  for (const d of analysis.domains) new Walker(analysis, d, at).domain();
}

class Walker {
  /** What each key's declaration is in, said once its quantifier or transition is walked: before any use of it. */
  private readonly keyDecls = new Map<ast.Ident, string>();

  constructor(
    private readonly analysis: Analysis,
    private readonly d: DomainSymbols,
    private readonly at: (span: ast.Span, what: () => Found | null) => void,
  ) {}

  domain(): void {
    const name = this.d.decl.name;
    this.at(name.span, () => ({ kind: "domain", name: name.name, declaration: name.span, signature: `domain ${name.name}` }));
    for (const m of this.d.decl.members) this.member(m);
  }

  private member(m: ast.Member): void {
    switch (m.kind) {
      case "State":
        for (const f of m.fields) {
          const sym = this.d.fields.get(f.name.name);
          if (sym?.decl === f) this.at(f.name.span, () => this.value(sym));
          if (f.key) this.type(f.key);
          this.type(f.type);
        }
        return;
      case "Param": {
        const sym = this.d.params.get(m.name.name);
        if (sym?.decl === m) this.at(m.name.span, () => this.value(sym));
        this.type(m.type);
        return;
      }
      case "Let": {
        const sym = this.d.lets.get(m.name.name);
        if (sym?.decl === m) this.at(m.name.span, () => this.value(sym));
        return this.expr(m.value);
      }
      case "Effect":
        this.at(m.name.span, () => this.effect(m.name.name));
        for (const p of m.params) {
          this.at(p.name.span, () => ({ kind: "argument", name: p.name.name, declaration: p.name.span, signature: `(argument) ${p.name.name}: ${p.type.name} of effect ${m.name.name}` }));
          this.type(p.type);
        }
        // The outcome blocks: steps with the effect's arguments in scope.
        for (const block of m.outcomes?.blocks ?? []) this.stmts(block.step);
        return;
      case "Invariant":
      case "Goal": {
        const kind = m.kind === "Goal" ? "goal" : "invariant";
        if (m.name) this.at(m.name.span, () => ({ kind, name: m.name!.name, declaration: m.name!.span, signature: `${kind} ${m.name!.name}: ${exprText(m.expr)}` }));
        return this.expr(m.expr);
      }
      case "Transition": {
        const keys = m.keys.length > 0 ? `(${m.keys.map((k) => `${k.name.name}: ${k.type.name}`).join(", ")})` : "";
        this.at(m.name.span, () => ({ kind: "transition", name: m.name.name, declaration: m.name.span, signature: `transition ${m.name.name}${keys}${m.guard ? ` when ${exprText(m.guard)}` : ""}${this.instances(m)}` }));
        for (const k of m.keys) {
          this.keyDecls.set(k.name, `transition ${m.name.name}${keys}${this.instances(m)}`);
          this.key(k.name);
          this.type(k.type);
        }
        if (m.guard) this.expr(m.guard);
        return this.stmts(m.step);
      }
    }
  }

  private stmts(list: ast.Stmt[]): void {
    for (const s of list) {
      switch (s.kind) {
        case "Assign": {
          const sym = this.analysis.refs.get(s.target);
          if (sym) this.at(s.target.span, () => this.value(sym));
          if (s.key) this.expr(s.key);
          this.expr(s.value);
          break;
        }
        case "Let": {
          // A local's own symbol is kept only where it is read; its type is its value's.
          const type = this.analysis.types.get(s.value);
          this.at(s.name.span, () => ({ kind: "local", name: s.name.name, declaration: s.name.span, signature: `(local) ${s.name.name}${typed(type)} = ${exprText(s.value)}` }));
          this.expr(s.value);
          break;
        }
        case "CallStmt":
          this.at(s.call.callee.span, () => this.effect(s.call.callee.name));
          s.call.args.forEach((a) => this.expr(a));
          break;
        case "If":
          this.expr(s.cond);
          this.stmts(s.then);
          this.stmts(ast.elseBranch(s));
          break;
      }
    }
  }

  private expr(e: ast.Expr): void {
    switch (e.kind) {
      case "Name": {
        const sym = this.analysis.refs.get(e);
        if (sym) this.at(e.span, () => this.value(sym));
        return;
      }
      case "EnumRef": {
        this.at(e.enum.span, () => enumInfo(this.analysis, e.enum.name));
        const member = this.analysis.enums.get(e.enum.name)?.decl.members.find((m) => m.name === e.member.name);
        const file = this.analysis.enums.get(e.enum.name)?.file;
        if (member) this.at(e.member.span, () => ({ kind: "member", name: member.name, declaration: member.span, ...(file ? { file } : {}), signature: `(member) ${e.enum.name}.${member.name}` }));
        return;
      }
      case "Call":
        this.at(e.callee.span, () => builtin(e.callee.name));
        return e.args.forEach((a) => this.expr(a));
      case "Now":
        this.at(e.span, () => ({ kind: "builtin", name: "now", declaration: null, signature: "(builtin) now: time, the instant of the current tick (one value for the whole tick)" }));
        return;
      case "Unary":
        return this.expr(e.operand);
      case "Binary":
        this.expr(e.left);
        return this.expr(e.right);
      case "Conditional":
        this.expr(e.cond);
        this.expr(e.then);
        return this.expr(e.else);
      case "Interpolation":
        return e.holes.forEach((h) => this.expr(h));
      case "Index": {
        const sym = this.analysis.refs.get(e.target);
        if (sym) this.at(e.target.span, () => this.value(sym));
        return this.expr(e.key);
      }
      case "Quantifier":
        this.at(e.keyword.span, () => ({ kind: "builtin", name: e.op, declaration: null, signature: `(builtin) ${QUANTIFIER_SIGNATURES[e.op]}` }));
        this.keyDecls.set(e.binder, e.op === "all" || e.op === "any" ? `${e.op} ${e.binder.name} in ${e.over.name}: ...` : `${e.op}(${e.binder.name} in ${e.over.name}: ...)`);
        this.key(e.binder);
        this.at(e.over.span, () => enumInfo(this.analysis, e.over.name));
        return this.expr(e.body);
      default:
        return;
    }
  }

  /** A key's declaring name. */
  private key(name: ast.Ident): void {
    const sym = this.analysis.keys.get(name);
    if (sym) this.at(name.span, () => this.value(sym));
  }

  /** `: tried as add(a), add(b), add(c)`: the names a per-key transition is tried and traced under. */
  private instances(t: ast.Transition): string {
    if (t.keys.length === 0) return "";
    const members = t.keys.map((k) => this.analysis.enums.get(k.type.name)?.members);
    if (members.some((m) => !m || m.length === 0)) return "";
    let names: string[][] = [[]];
    for (const m of members) names = names.flatMap((prefix) => m!.map((x) => [...prefix, x]));
    const shown = names.slice(0, 4).map((n) => `${t.name.name}(${n.join(", ")})`);
    return `, tried as ${shown.join(", ")}${names.length > shown.length ? `, ... (${names.length})` : ""}`;
  }

  private type(name: ast.Ident): void {
    this.at(name.span, () => (Object.hasOwn(PRIMITIVES, name.name) ? { kind: "type", name: name.name, declaration: null, signature: `(type) ${name.name}` } : enumInfo(this.analysis, name.name)));
  }

  private effect(name: string): Found | null {
    const e = this.d.effects.get(name);
    if (!e) return null;
    return { kind: "effect", name, declaration: e.decl.name.span, signature: `effect ${name}(${e.params.map((p) => `${p.name}: ${typeName(p.type)}`).join(", ")})` };
  }

  private value(sym: ValueSymbol): Found {
    if (sym.kind === "key") {
      const members = this.analysis.enums.get(sym.type.name)?.members ?? [];
      const where = this.keyDecls.get(sym.decl);
      const each = members.slice(0, 6).map((m) => `${sym.type.name}.${m}`).join(", ") + (members.length > 6 ? ", ..." : "");
      return { kind: "key", name: sym.name, declaration: sym.decl.span, signature: `(key) ${sym.name}: ${sym.type.name}, each of ${each} in turn${where ? `, in ${where}` : ""}` };
    }
    const decl = sym.decl;
    let detail = "";
    if (sym.kind === "field") {
      const f = sym.decl;
      const region = f.range ?? f.values;
      const value = `${typeName(sym.type)}${region ? ` ${regionText(region)}` : ""}`;
      const init = f.init ? ` = ${exprText(f.init)}` : "";
      return { kind: "field", name: sym.name, declaration: decl.name.span, signature: `(field) ${sym.name}: ${sym.key ? `map<${sym.key.name}, ${value}>` : value}${init}` };
    } else if (sym.kind === "param") {
      detail = sym.decl.init ? ` = ${exprText(sym.decl.init)}` : "";
    } else if (sym.kind === "arg") {
      return { kind: "argument", name: sym.name, declaration: decl.name.span, signature: `(argument) ${sym.name}${typed(sym.type)}` };
    } else {
      detail = ` = ${exprText(sym.decl.value)}`;
    }
    return { kind: sym.kind, name: sym.name, declaration: decl.name.span, signature: `(${sym.kind}) ${sym.name}${typed(sym.type)}${detail}` };
  }
}

function enumInfo(analysis: Analysis, name: string): Found | null {
  const e = analysis.enums.get(name);
  if (!e) return null;
  return { kind: "enum", name, declaration: e.decl.name.span, ...(e.file ? { file: e.file } : {}), signature: `enum ${name} { ${e.members.join(", ")} }${e.file ? ` (from ${e.file})` : ""}` };
}

const QUANTIFIER_SIGNATURES: Record<ast.QuantifierOp, string> = {
  all: "all k in Enum: cond: true when cond holds for every member",
  any: "any k in Enum: cond: true when cond holds for some member",
  sum: "sum(k in Enum: e): e added up over the members",
  count: "count(k in Enum: cond): how many members cond holds for",
  min: "min(k in Enum: e): the smallest e over the members",
  max: "max(k in Enum: e): the largest e over the members",
};

const BUILTIN_SIGNATURES: Record<string, string> = {
  min: "min(a, b, ...): the smallest",
  max: "max(a, b, ...): the largest",
  abs: "abs(x): the absolute value",
  clamp: "clamp(x, lo, hi): x limited to [lo, hi]",
};

function builtin(name: string): Found | null {
  if (!(BUILTINS as readonly string[]).includes(name)) return null;
  return { kind: "builtin", name, declaration: null, signature: `(builtin) ${BUILTIN_SIGNATURES[name]}` };
}

function typed(type: Type | undefined): string {
  return type ? `: ${typeName(type)}` : "";
}
