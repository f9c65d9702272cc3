// The binder: collects enums and each domain's fields, params, lets, effects,
// invariants, goals and transitions, and reports duplicates, unknown types
// and names the compiler refuses. Names used inside expressions are resolved
// by the type checker, which needs scopes for step locals anyway.
import type * as ast from "../1-syntax/ast.js";
import { report, type Diagnostic } from "../diagnostics/diagnostic.js";
import { enumType, PRIMITIVES, type PrimitiveName } from "../ir.js";
import type { EnumType } from "../ir.js";
import type { DomainSymbols, EnumSymbol, Type } from "./symbols.js";
import { didYouMean } from "./suggest.js";

/** The codes for a name declared twice: they share one message, "{what} '{name}' is declared twice". */
type DuplicateCode = "VED0101" | "VED0102" | "VED0103" | "VED0108" | "VED0109" | "VED0119";

/**
 * `__proto__` cannot be an own data property of a plain object literal, so a
 * field, param or effect argument with that name could not mean what it says.
 */
const REFUSED = new Set(["__proto__"]);

/** Names every generated module exports for the runtime (see 4-emit/emit.ts RUNTIME_EXPORTS). */
const BUNDLE_EXPORTS = new Set(["fileStore", "memoryStore", "manualClock", "systemClock"]);

export class Binder {
  readonly enums = new Map<string, EnumSymbol>();
  /** Imported names whose file failed (modules.ts reports why): a type of that name is not reported unknown. */
  readonly unresolved = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly out: Diagnostic[],
  ) {}

  bind(program: ast.Program): DomainSymbols[] {
    const domainNames = new Map<string, ast.Ident>();
    for (const e of program.enums) this.bindEnum(e, domainNames);
    const result: DomainSymbols[] = [];
    for (const domain of program.domains) {
      this.refuse(domain.name, "domain");
      if (BUNDLE_EXPORTS.has(domain.name.name)) {
        this.out.push(report("VED0105", this.file, domain.name.span, { form: "domain", name: domain.name.name }));
      }
      this.declare(domainNames, domain.name, "VED0103", "domain or enum");
      result.push(this.bindDomain(domain));
    }
    return result;
  }

  /** Resolves a type name: a primitive or a declared enum. */
  resolveType(name: ast.Ident): Type | undefined {
    if (Object.hasOwn(PRIMITIVES, name.name)) return PRIMITIVES[name.name as PrimitiveName];
    if (this.enums.has(name.name)) return enumType(name.name);
    // Imported from a file that failed (reported at the import): the field keeps its name, so that its uses are not reported unknown.
    if (this.unresolved.has(name.name)) return enumType(name.name);
    const known = [...Object.keys(PRIMITIVES), ...this.enums.keys()];
    this.out.push(report("VED0104", this.file, name.span, { name: name.name, suggestion: didYouMean(name.name, known) ?? `the types are ${known.join(", ")}` }));
    return undefined;
  }

  /**
   * The enum a map is keyed by, or a per-key transition's key ranges over:
   * an enum, else reported (VED0125) and undefined. `form` says which, with
   * the names its message needs.
   */
  keyType(name: ast.Ident, form: { form: "map" } | { form: "transition"; name: string; transition: string }): EnumType | undefined {
    if (this.enums.has(name.name) || this.unresolved.has(name.name)) return enumType(name.name) as EnumType;
    if (Object.hasOwn(PRIMITIVES, name.name)) this.out.push(report("VED0125", this.file, name.span, { ...form, type: name.name }));
    else this.resolveType(name); // reports the unknown name, with a suggestion
    return undefined;
  }

  private bindEnum(e: ast.EnumDecl, names: Map<string, ast.Ident>): void {
    this.refuse(e.name, "enum");
    if (!this.declare(names, e.name, "VED0103", "domain or enum")) return;
    if (Object.hasOwn(PRIMITIVES, e.name.name)) {
      this.out.push(report("VED0105", this.file, e.name.span, { form: "builtinType", name: e.name.name }));
      return;
    }
    const members = new Map<string, ast.Ident>();
    for (const m of e.members) {
      this.refuse(m, "enum member");
      this.declare(members, m, "VED0109", "enum member");
    }
    if (e.members.length === 0) {
      this.out.push(report("VED0110", this.file, e.name.span, { name: e.name.name }));
      return;
    }
    this.enums.set(e.name.name, { name: e.name.name, members: [...members.keys()], decl: e });
  }

  private bindDomain(domain: ast.Domain): DomainSymbols {
    const d: DomainSymbols = { decl: domain, fields: new Map(), params: new Map(), lets: new Map(), effects: new Map(), invariants: [], goals: [], transitions: [] };
    // Fields, params and lets share one namespace: an expression names any of them.
    const values = new Map<string, ast.Ident>();
    const transitions = new Map<string, ast.Ident>();
    let stateBlock: ast.StateBlock | null = null;
    for (const member of domain.members) {
      switch (member.kind) {
        case "State":
          if (stateBlock) {
            const e = report("VED0106", this.file, member.span, { domain: domain.name.name });
            e.related = [{ message: "the first state block", span: stateBlock.span }];
            this.out.push(e);
          } else stateBlock = member;
          for (const field of member.fields) {
            const type = this.valueDecl(field.name, field.type, values, "state field");
            const key = field.key ? this.keyType(field.key, { form: "map" }) : null;
            if (type && key !== undefined) d.fields.set(field.name.name, { kind: "field", name: field.name.name, type, key, decl: field });
          }
          break;
        case "Param": {
          const type = this.valueDecl(member.name, member.type, values, "param");
          if (type) d.params.set(member.name.name, { kind: "param", name: member.name.name, type, decl: member });
          if (!member.init) this.out.push(report("VED0111", this.file, member.span, { name: member.name.name, type: member.type.name }));
          break;
        }
        case "Let":
          this.refuse(member.name, "let");
          if (this.declare(values, member.name, "VED0101", "name")) d.lets.set(member.name.name, { kind: "let", name: member.name.name, decl: member });
          break;
        case "Effect":
          this.bindEffect(d, member);
          break;
        case "Invariant":
          d.invariants.push(member);
          break;
        case "Goal":
          d.goals.push(member);
          break;
        case "Transition":
          this.refuse(member.name, "transition");
          this.declare(transitions, member.name, "VED0102", "transition");
          for (const k of member.keys) this.keyType(k.type, { form: "transition", name: k.name.name, transition: member.name.name });
          d.transitions.push(member);
          break;
      }
    }
    this.uniqueLabels(d.goals, "goal");
    this.uniqueLabels(d.invariants, "invariant");
    for (const e of d.effects.values()) this.outcomeScope(e.decl, values);
    return d;
  }

  private bindEffect(d: DomainSymbols, e: ast.EffectDecl): void {
    this.refuse(e.name, "effect");
    const first = d.effects.get(e.name.name);
    if (first) {
      this.out.push(this.duplicate("VED0108", "effect", e.name, first.decl.name));
      return;
    }
    const params = new Map<string, ast.Ident>();
    const list: { name: string; type: Type }[] = [];
    for (const p of e.params) {
      this.refuse(p.name, "effect argument");
      const type = this.resolveType(p.type);
      if (this.declare(params, p.name, "VED0101", "effect argument") && type) list.push({ name: p.name.name, type });
    }
    d.effects.set(e.name.name, { name: e.name.name, params: list, decl: e });
  }

  /**
   * An effect's outcome blocks see its arguments beside the domain's names:
   * an argument may not take a name a field, param or let already has, and
   * each outcome is declared once.
   */
  private outcomeScope(e: ast.EffectDecl, values: Map<string, ast.Ident>): void {
    if (!e.outcomes) return;
    for (const p of e.params) {
      const taken = values.get(p.name.name);
      if (!taken) continue;
      const d = report("VED0118", this.file, p.name.span, { name: p.name.name, effect: e.name.name });
      d.related = [{ message: `'${p.name.name}' is declared here`, span: taken.span }];
      this.out.push(d);
    }
    const seen = new Map<string, ast.Ident>();
    for (const b of e.outcomes.blocks) this.declare(seen, b.keyword, "VED0119", `outcome of effect '${e.name.name}'`);
  }

  private valueDecl(name: ast.Ident, typeName: ast.Ident, values: Map<string, ast.Ident>, what: string): Type | undefined {
    this.refuse(name, what);
    const type = this.resolveType(typeName);
    const fresh = this.declare(values, name, "VED0101", "name");
    return fresh ? type : undefined;
  }

  private uniqueLabels(list: (ast.Goal | ast.Invariant)[], what: string): void {
    const names = new Map<string, ast.Ident>();
    for (const item of list) if (item.name) this.declare(names, item.name, "VED0101", what);
  }

  /** Records a name; reports a duplicate (pointing at both) and returns false when it is taken. */
  private declare(table: Map<string, ast.Ident>, name: ast.Ident, code: DuplicateCode, what: string): boolean {
    const first = table.get(name.name);
    if (first) {
      this.out.push(this.duplicate(code, what, name, first));
      return false;
    }
    table.set(name.name, name);
    return true;
  }

  private refuse(name: ast.Ident, what: string): void {
    if (REFUSED.has(name.name)) {
      this.out.push(report("VED0105", this.file, name.span, { form: "reserved", name: name.name, what }));
    }
  }

  private duplicate(code: DuplicateCode, what: string, again: ast.Ident, first: ast.Ident): Diagnostic {
    const d = report(code, this.file, again.span, { what, name: again.name });
    d.related = [{ message: "first declared here", span: first.span }];
    return d;
  }
}
