// Analysis as one step: bind names, type-check every domain, then look for
// likely mistakes. Reports every error it finds, not only the first.
import type * as ast from "../1-syntax/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { Binder } from "./binder.js";
import type { ImportedEnum } from "./modules.js";
import type { Analysis } from "./symbols.js";
import { TypeChecker } from "./type-checker.js";
import { warn } from "./warnings.js";

/**
 * `imported`: the enums the file imports, by name (modules.ts resolves them);
 * null for a name whose file failed, where that failure is reported.
 */
export function analyse(program: ast.Program, file: string, imported: ReadonlyMap<string, ImportedEnum | null> = new Map()): { analysis: Analysis; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const binder = new Binder(file, diagnostics);
  for (const [name, e] of imported) {
    if (e) binder.enums.set(name, e);
    else binder.unresolved.add(name);
  }
  const domains = binder.bind(program);
  const analysis: Analysis = { program, enums: binder.enums, domains, types: new Map(), refs: new Map(), keys: new Map() };
  for (const domain of domains) {
    const checker = new TypeChecker(domain, binder.enums, file, diagnostics, analysis, undefined, binder.unresolved);
    checker.checkDomain();
    warn(domain, checker.used, checker.locals, file, diagnostics);
  }
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { analysis, diagnostics };
}
