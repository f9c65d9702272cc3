// The TypeScript types of a domain: the interfaces typing its state, params
// and effects, which the module, the bundle's .d.ts and an import's
// .d.ved.ts all declare alike.
import type { ExportSpecifierStructure, InterfaceDeclarationStructure, OptionalKind } from "ts-morph";
import * as ir from "../ir.js";
import { docComment, ident, string } from "./js.js";
import { local, typeNames } from "./names.js";
import { valueText } from "../../runtime/time-text.js";

/** The TypeScript type of a Ved type; an enum is the union of its member names. */
export function tsType(t: ir.Type, program: ir.Program): string {
  switch (t.kind) {
    case "int":
    case "float":
    case "time":
    case "duration":
      return "number";
    case "bool":
      return "boolean";
    case "string":
      return "string";
    case "enum":
      return ir.membersOf(program.enums, t).map(string).join(" | ");
  }
}

/** A Ved value as it reads in a doc comment: strings quoted, times and durations in Ved's words. */
function shown(value: ir.Value, type: ir.Type): string {
  return typeof value === "string" ? JSON.stringify(value) : valueText(value, type.kind);
}

/** What a doc comment says a type is: for a time or a duration, also how it is held. */
function typeDoc(t: ir.Type): string {
  if (t.kind === "time") return "time (milliseconds since the Unix epoch, a safe integer)";
  if (t.kind === "duration") return "duration (milliseconds, a safe integer)";
  return ir.typeName(t);
}

/** The exported interfaces for a domain. */
export function domainInterfaces(domain: ir.Domain, program: ir.Program): OptionalKind<InterfaceDeclarationStructure>[] {
  const names = typeNames(domain);
  const value = (v: { name: string; type: ir.Type; key?: ir.EnumType | null }, doc: string) => ({ name: ident(v.name), type: v.key ? `Readonly<Record<${tsType(v.key, program)}, ${tsType(v.type, program)}>>` : tsType(v.type, program), docs: [docComment(doc)] });
  const range = (f: ir.Field) => (f.range ? ` in ${f.range.min}..${f.range.max}` : "");
  return [
    { name: names.state, isExported: true, docs: [`The state of domain ${domain.name}.`], properties: domain.fields.map((f) => value(f, `${f.key ? `map<${f.key.name}, ${typeDoc(f.type)}${range(f)}>, every key initially` : `${typeDoc(f.type)}${range(f)}, initially`} ${shown(f.initial, f.type)}`)) },
    { name: names.params, isExported: true, docs: [`The params of domain ${domain.name}.`], properties: domain.params.map((p) => value(p, `${typeDoc(p.type)}, by default ${shown(p.default, p.type)}`)) },
    {
      name: names.effects,
      isExported: true,
      docs: [`The effects of domain ${domain.name}: each one's arguments.`],
      properties: domain.effects.map((e) => ({ name: ident(e.name), type: `{ ${e.params.map((p) => `${ident(p.name)}: ${tsType(p.type, program)}`).join("; ")} }` })),
    },
  ];
}

/** Each domain under its own name; a lone domain also as the default, unless it is itself called `default`. */
export function exportNames(program: ir.Program): OptionalKind<ExportSpecifierStructure>[] {
  const named = program.domains.map((d) => ({ name: local(d), alias: ident(d.name) }));
  if (program.domains.length === 1 && program.domains[0].name !== "default") named.push({ name: local(program.domains[0]), alias: "default" });
  return named;
}
