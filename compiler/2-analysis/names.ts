// The binder: collects each domain's fields, goals and transitions, and
// reports duplicates, unknown types and names the compiler refuses. Names used
// inside expressions are resolved by the type checker, which needs the same
// tables anyway.
import type * as ast from "../1-syntax/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { DomainSymbols, Type } from "./symbols.js";
import { didYouMean } from "./suggest.js";

const TYPES: readonly Type[] = ["int", "bool"];

/**
 * `__proto__` cannot be an own data property of a plain object literal, so a
 * field, transition or domain with that name could not mean what it says.
 */
const REFUSED = new Set(["__proto__"]);

export function bind(program: ast.Program, file: string, out: Diagnostic[]): DomainSymbols[] {
  const seenDomains = new Map<string, ast.Domain>();
  const result: DomainSymbols[] = [];
  for (const domain of program.domains) {
    refuse(domain.name, "domain", file, out);
    const first = seenDomains.get(domain.name.name);
    if (first) {
      out.push(duplicate("VED0103", `domain '${domain.name.name}'`, domain.name, first.name, file));
    } else {
      seenDomains.set(domain.name.name, domain);
    }
    result.push(bindDomain(domain, file, out));
  }
  return result;
}

function bindDomain(domain: ast.Domain, file: string, out: Diagnostic[]): DomainSymbols {
  const symbols: DomainSymbols = { decl: domain, fields: new Map(), goals: [], transitions: [] };
  const transitions = new Map<string, ast.Transition>();
  let stateBlock: ast.StateBlock | null = null;
  for (const member of domain.members) {
    switch (member.kind) {
      case "State":
        if (stateBlock) {
          const d = error("VED0106", file, member.span, `domain '${domain.name.name}' has more than one state block`, "declare all fields in one `state { ... }`");
          d.related = [{ message: "the first state block", span: stateBlock.span }];
          out.push(d);
        } else stateBlock = member;
        for (const field of member.fields) bindField(symbols, field, file, out);
        break;
      case "Goal":
        symbols.goals.push(member);
        break;
      case "Transition": {
        refuse(member.name, "transition", file, out);
        const first = transitions.get(member.name.name);
        if (first) out.push(duplicate("VED0102", `transition '${member.name.name}'`, member.name, first.name, file));
        else transitions.set(member.name.name, member);
        symbols.transitions.push(member);
        break;
      }
    }
  }
  return symbols;
}

function bindField(symbols: DomainSymbols, field: ast.Field, file: string, out: Diagnostic[]): void {
  refuse(field.name, "state field", file, out);
  const type = field.type.name as Type;
  if (!TYPES.includes(type)) {
    out.push(error("VED0104", file, field.type.span, `unknown type '${field.type.name}'`, didYouMean(field.type.name, TYPES) ?? `the types are ${TYPES.join(" and ")}`));
    return;
  }
  const first = symbols.fields.get(field.name.name);
  if (first) {
    out.push(duplicate("VED0101", `state field '${field.name.name}'`, field.name, first.decl.name, file));
    return;
  }
  symbols.fields.set(field.name.name, { name: field.name.name, type, decl: field });
}

function refuse(name: ast.Ident, what: string, file: string, out: Diagnostic[]): void {
  if (REFUSED.has(name.name)) {
    out.push(error("VED0105", file, name.span, `'${name.name}' cannot be the name of a ${what}`, "choose another name: this one has a special meaning in JavaScript objects"));
  }
}

function duplicate(code: "VED0101" | "VED0102" | "VED0103", what: string, again: ast.Ident, first: ast.Ident, file: string): Diagnostic {
  const d = error(code, file, again.span, `${what} is declared twice`, "rename one of them or remove the second");
  d.related = [{ message: "first declared here", span: first.span }];
  return d;
}
