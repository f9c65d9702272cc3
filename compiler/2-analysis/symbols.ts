// What analysis knows about a program once names are bound and types
// checked. This, with the tree, is the whole input of lowering.
import type * as ast from "../1-syntax/ast.js";

/** A Ved type. An enum type is written `enum:Name`, so that types compare with `===`. */
export type Type = "int" | "float" | "bool" | "string" | `enum:${string}`;

export const PRIMITIVES: readonly Type[] = ["int", "float", "bool", "string"];

export function isNumeric(t: Type): boolean {
  return t === "int" || t === "float";
}

/** How a type reads in a message: `an int`, `a Phase`. */
export function describeType(t: Type): string {
  const name = t.startsWith("enum:") ? t.slice(5) : t;
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

export function typeName(t: Type): string {
  return t.startsWith("enum:") ? t.slice(5) : t;
}

export interface EnumSymbol {
  name: string;
  members: string[];
  decl: ast.EnumDecl;
}

export interface FieldSymbol {
  kind: "field";
  name: string;
  type: Type;
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

export type ValueSymbol = FieldSymbol | ParamSymbol | LetSymbol | LocalSymbol;

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
}

/** The builtin functions, usable in any expression. */
export const BUILTINS = ["min", "max", "abs", "clamp"] as const;
export type Builtin = (typeof BUILTINS)[number];
