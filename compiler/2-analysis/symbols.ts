// What analysis knows about a program once names are bound and types
// checked. This, with the tree, is the whole input of lowering.
import type * as ast from "../1-syntax/ast.js";
import type { EnumType, Type } from "../ir.js";

export { describeType, isNumeric, sameType, typeName, type Type } from "../ir.js";

export interface EnumSymbol {
  name: string;
  members: string[];
  decl: ast.EnumDecl;
  /** The file that declares it, when it is imported: `decl`'s spans are in that file. */
  file?: string;
}

export interface FieldSymbol {
  kind: "field";
  name: string;
  /** For a map field, each value's type. */
  type: Type;
  /** A map field's key enum (`map<Zone, int>`); null for a field holding one value. */
  key: EnumType | null;
  decl: ast.Field;
}

export interface ParamSymbol {
  kind: "param";
  name: string;
  type: Type;
  decl: ast.Param;
}

export interface LetSymbol {
  kind: "let";
  name: string;
  /** Known once the checker has typed the let's expression; undefined when it did not type-check. */
  type?: Type;
  decl: ast.Let;
}

export interface LocalSymbol {
  kind: "local";
  name: string;
  type?: Type;
  decl: ast.Let;
}

/** An effect's argument, read in its outcome blocks. */
export interface ArgSymbol {
  kind: "arg";
  name: string;
  type: Type;
  decl: ast.EffectParam;
}

/** A key: the name a quantifier (`all z in Zone: ...`) or a per-key transition (`transition add(z: Zone)`) gives each member in turn. */
export interface KeySymbol {
  kind: "key";
  name: string;
  type: EnumType;
  /** The name where it is declared: after `all`, or in the transition's parentheses. */
  decl: ast.Ident;
}

export type ValueSymbol = FieldSymbol | ParamSymbol | LetSymbol | LocalSymbol | ArgSymbol | KeySymbol;

export interface EffectSymbol {
  name: string;
  params: { name: string; type: Type }[];
  decl: ast.EffectDecl;
}

export interface DomainSymbols {
  decl: ast.Domain;
  /** Each map in declaration order. */
  fields: Map<string, FieldSymbol>;
  params: Map<string, ParamSymbol>;
  lets: Map<string, LetSymbol>;
  effects: Map<string, EffectSymbol>;
  invariants: ast.Invariant[];
  goals: ast.Goal[];
  transitions: ast.Transition[];
}

export interface Analysis {
  program: ast.Program;
  enums: Map<string, EnumSymbol>;
  domains: DomainSymbols[];
  /** The type of every expression that type-checked. */
  types: Map<ast.Expr, Type>;
  /** What each name in an expression, and each assignment target, refers to. */
  refs: Map<ast.Name | ast.Ident, ValueSymbol>;
  /** Each key a quantifier or a per-key transition declares, by its declaring name. */
  keys: Map<ast.Ident, KeySymbol>;
}

export { BUILTINS, type Builtin } from "../ir.js";
