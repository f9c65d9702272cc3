// Analysis as one step: bind names, then type-check every domain. Reports
// every error it finds, not only the first.
import type * as ast from "../1-syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { bind } from "./names.js";
import type { Analysis, Type } from "./symbols.js";
import { TypeChecker } from "./types.js";

export function analyse(program: ast.Program, file: string): { analysis: Analysis; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const domains = bind(program, file, diagnostics);
  const types = new Map<ast.Expr, Type>();
  for (const domain of domains) new TypeChecker(domain, file, diagnostics, types).checkDomain();
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { analysis: { program, domains, types }, diagnostics };
}
