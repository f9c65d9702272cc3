// Document symbols: the outline of a file, from its syntax tree alone (so it
// stands while the analysis finds errors): each enum with its members, each
// domain with its state fields, params, lets, effects, goals, invariants and
// transitions.
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver/node";
import type * as ast from "../1-syntax/ast.js";
import { exprText } from "../1-syntax/ast-text.js";
import { parse } from "../1-syntax/parse.js";
import { toRange } from "./document.js";

export function documentSymbols(text: string, file: string): DocumentSymbol[] {
  const { program } = parse(text, file);
  if (!program) return [];
  const enums = program.enums.map((e) =>
    symbol(e.name.name, SymbolKind.Enum, e.span, e.name.span, undefined, e.members.map((m) => symbol(m.name, SymbolKind.EnumMember, m.span, m.span))),
  );
  return [...enums, ...program.domains.map(domainSymbol)];
}

function domainSymbol(d: ast.Domain): DocumentSymbol {
  const children = d.members.flatMap((m): DocumentSymbol[] => {
    switch (m.kind) {
      case "State":
        return m.fields.map((f) => symbol(f.name.name, SymbolKind.Field, f.span, f.name.span, f.key ? `map<${f.key.name}, ${f.type.name}>` : f.type.name));
      case "Param":
        return [symbol(m.name.name, SymbolKind.Constant, m.span, m.name.span, `param: ${m.type.name}`)];
      case "Let":
        return [symbol(m.name.name, SymbolKind.Variable, m.span, m.name.span, `let = ${exprText(m.value)}`)];
      case "Effect":
        return [symbol(m.name.name, SymbolKind.Function, m.span, m.name.span, `effect(${m.params.map((p) => `${p.name.name}: ${p.type.name}`).join(", ")})`)];
      case "Goal":
      case "Invariant": {
        const kind = m.kind === "Goal" ? "goal" : "invariant";
        // An unnamed one is named by its condition, as the runtime names it.
        const name = m.name?.name ?? exprText(m.expr);
        return [symbol(name, m.kind === "Goal" ? SymbolKind.Boolean : SymbolKind.Property, m.span, m.name?.span ?? m.expr.span, m.name ? `${kind}: ${exprText(m.expr)}` : kind)];
      }
      case "Transition": {
        // A per-key one says its keys: `(z: Zone) when ...`.
        const keys = m.keys.length > 0 ? `(${m.keys.map((k) => `${k.name.name}: ${k.type.name}`).join(", ")})` : "";
        const detail = [keys, m.guard ? `when ${exprText(m.guard)}` : ""].filter((x) => x).join(" ");
        return [symbol(m.name.name, SymbolKind.Method, m.span, m.name.span, detail || "transition")];
      }
    }
  });
  return symbol(d.name.name, SymbolKind.Class, d.span, d.name.span, "domain", children);
}

function symbol(name: string, kind: SymbolKind, span: ast.Span, selection: ast.Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  return { name, kind, range: toRange(span), selectionRange: toRange(selection), ...(detail ? { detail } : {}), ...(children ? { children } : {}) };
}
