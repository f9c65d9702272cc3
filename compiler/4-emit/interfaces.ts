// What the module, the bundle's .d.ts and the .d.ved.ts all declare alike:
// the interfaces typing each domain, its `declare const`, the runtime import
// and the export lists. All of it is TypeScript factory nodes: names are
// checked Ved names, strings are literals, doc comments go through escape.ts.
import ts from "typescript";
import type * as ir from "../ir.js";
import { shownValue, stringLiteral, withDoc } from "./escape.js";
import { domainBinding, RUNTIME, typeNames, vedName } from "./names.js";

const f = ts.factory;

/** What every generated module re-exports from the runtime; the binder refuses these as domain names. */
export const RUNTIME_EXPORTS = ["fileStore", "memoryStore"] as const;

/** The TypeScript type of a Ved type; an enum is the union of its member names. */
export function tsType(t: ir.Type, program: ir.Program): ts.TypeNode {
  if (t === "int" || t === "float") return f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
  if (t === "bool") return f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword);
  if (t === "string") return f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword);
  const members = enumMembers(t, program).map((m) => f.createLiteralTypeNode(stringLiteral(m)));
  return members.length === 1 ? members[0] : f.createUnionTypeNode(members);
}

export function enumMembers(t: ir.Type, program: ir.Program): string[] {
  return program.enums.find((e) => `enum:${e.name}` === t)!.members;
}

/** A Ved type as people write it: `int`, or the enum's name. */
export function typeLabel(t: ir.Type): string {
  return t.startsWith("enum:") ? t.slice(5) : t;
}

export function typeReference(name: string, args: string[] = []): ts.TypeReferenceNode {
  return f.createTypeReferenceNode(name, args.length === 0 ? undefined : args.map((a) => f.createTypeReferenceNode(a)));
}

/** `Domain<XState, XParams, XEffects>`, or `$rt.Domain<...>` when the runtime is a namespace. */
export function domainType(domain: ir.Domain, qualified: boolean): ts.TypeReferenceNode {
  const names = typeNames(domain);
  const name = qualified ? f.createQualifiedName(f.createIdentifier(RUNTIME), "Domain") : f.createIdentifier("Domain");
  return f.createTypeReferenceNode(name, [names.state, names.params, names.effects].map((n) => typeReference(n)));
}

const EXPORT = [f.createModifier(ts.SyntaxKind.ExportKeyword)];
const DECLARE = [f.createModifier(ts.SyntaxKind.DeclareKeyword)];

function property(name: string, type: ts.TypeNode, doc?: string): ts.PropertySignature {
  const node = f.createPropertySignature(undefined, vedName(name), undefined, type);
  return doc === undefined ? node : withDoc(node, doc);
}

function exportedInterface(name: string, doc: string | null, members: ts.TypeElement[]): ts.InterfaceDeclaration {
  const node = f.createInterfaceDeclaration(EXPORT, name, undefined, undefined, members);
  return doc === null ? node : withDoc(node, doc);
}

/** The exported interfaces typing a domain's state, params and effects. */
export function domainInterfaces(domain: ir.Domain, program: ir.Program): ts.InterfaceDeclaration[] {
  const names = typeNames(domain);
  const range = (fl: ir.Field) => (fl.range ? ` in ${fl.range.min}..${fl.range.max}` : "");
  return [
    exportedInterface(
      names.state,
      `The state of domain ${domain.name}.`,
      domain.fields.map((fl) => property(fl.name, tsType(fl.type, program), `${typeLabel(fl.type)}${range(fl)}, initially ${shownValue(fl.initial)}`)),
    ),
    exportedInterface(
      names.params,
      `The params of domain ${domain.name}.`,
      domain.params.map((pr) => property(pr.name, tsType(pr.type, program), `${typeLabel(pr.type)}, by default ${shownValue(pr.default)}`)),
    ),
    exportedInterface(
      names.effects,
      `The effects of domain ${domain.name}: each one's arguments.`,
      domain.effects.map((e) => property(e.name, ts.setEmitFlags(f.createTypeLiteralNode(e.params.map((pr) => property(pr.name, tsType(pr.type, program)))), ts.EmitFlags.SingleLine))),
    ),
  ];
}

/** `declare const d$X: Domain<XState, XParams, XEffects>;` for the declaration files. */
export function declaredDomain(domain: ir.Domain, qualified: boolean): ts.VariableStatement {
  return f.createVariableStatement(DECLARE, f.createVariableDeclarationList([f.createVariableDeclaration(domainBinding(domain), undefined, domainType(domain, qualified))], ts.NodeFlags.Const));
}

/** `import * as $rt from "vedc/runtime"`, or `import type` for a declaration file. */
export function runtimeImport(runtimeModule: string, typeOnly: boolean): ts.ImportDeclaration {
  return f.createImportDeclaration(undefined, f.createImportClause(typeOnly, undefined, f.createNamespaceImport(f.createIdentifier(RUNTIME))), stringLiteral(runtimeModule));
}

/** `export { d$X as X }` for each domain; a lone domain also as the default, unless it is itself called `default`. */
export function domainExports(program: ir.Program): ts.ExportDeclaration {
  const specifier = (d: ir.Domain, alias: string) => f.createExportSpecifier(false, domainBinding(d), alias);
  const named = program.domains.map((d) => specifier(d, vedName(d.name)));
  if (program.domains.length === 1 && program.domains[0].name !== "default") named.push(specifier(program.domains[0], "default"));
  return f.createExportDeclaration(undefined, false, f.createNamedExports(named));
}

/** `export { d$X as domain }`: what a lambda bundle exports besides its handler. */
export function lambdaDomainExport(program: ir.Program): ts.ExportDeclaration {
  return f.createExportDeclaration(undefined, false, f.createNamedExports([f.createExportSpecifier(false, domainBinding(program.domains[0]), "domain")]));
}

/** `export { fileStore, memoryStore } from "vedc/runtime"`. */
export function runtimeReexports(runtimeModule: string): ts.ExportDeclaration {
  return f.createExportDeclaration(undefined, false, f.createNamedExports(RUNTIME_EXPORTS.map((n) => f.createExportSpecifier(false, undefined, n))), stringLiteral(runtimeModule));
}

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
const CONTEXT = ts.createSourceFile("module.ts", "", ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

/** Top-level statements as text, a blank line between each. One printer pass over synthesized nodes. */
export function printStatements(statements: ts.Statement[]): string {
  return statements.map((s) => printer.printNode(ts.EmitHint.Unspecified, s, CONTEXT)).join("\n\n") + "\n";
}
