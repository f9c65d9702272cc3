// What analysis knows about a program once names are resolved: the analysed
// tree, plus per domain its fields and the type of every expression. This is
// the whole input of lowering.
import type * as ast from "../1-syntax/ast.js";

export type Type = "int" | "bool";

export interface FieldSymbol {
  name: string;
  type: Type;
  decl: ast.Field;
}

export interface DomainSymbols {
  decl: ast.Domain;
  /** In declaration order. */
  fields: Map<string, FieldSymbol>;
  goals: ast.Goal[];
  transitions: ast.Transition[];
}

export interface Analysis {
  program: ast.Program;
  domains: DomainSymbols[];
  /** The type of every expression that type-checked. */
  types: Map<ast.Expr, Type>;
}
