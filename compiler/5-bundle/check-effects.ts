// The effects module of a deployment target, checked against the domain's
// generated `XEffects` types with the TypeScript compiler, before anything is
// bundled: each effect's export must be a function that takes the effect's
// arguments. A .js or .mjs module is checked with the types TypeScript infers
// from it (and its JSDoc). Only how the exports fit the effects is judged:
// the module's own code is its author's business, and an import that does
// not resolve here only weakens the check, never fails it.
import { Node, Project, ts, type SourceFile } from "ts-morph";
import { dirname, join } from "node:path";
import type * as ir from "../ir.js";
import { typeName } from "../ir.js";

/** An export that does not fit its effect, located in the effects module (line and column from 1). */
export interface EffectProblem {
  file: string;
  line: number;
  column: number;
  effect: string;
  message: string;
}

/**
 * Type-checks `effectsFile`'s exports against `domain`'s effects, described
 * by `declarations` (the bundle's .d.ts, which declares `<Domain>Effects` and
 * `EffectHandlers`). Resolves with each problem; none means it fits.
 */
export function checkEffectTypes(domain: ir.Domain, declarations: string, effectsFile: string): EffectProblem[] {
  if (domain.effects.length === 0) return [];
  const project = new Project({
    compilerOptions: { strict: true, noEmit: true, allowJs: true, checkJs: false, allowImportingTsExtensions: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] },
    skipAddingFilesFromTsConfig: true,
  });
  // Beside the effects module, so that its imports resolve as they will when it is bundled; never written.
  const here = dirname(effectsFile);
  project.createSourceFile(join(here, "__vedc_domain__.d.ts"), declarations, { overwrite: true });
  const module = project.addSourceFileAtPath(effectsFile);
  const name = `${domain.name}Effects`;
  const lines = domain.effects.map((e) => `$effects[${JSON.stringify(e.name)}] satisfies $Handlers[${JSON.stringify(e.name)}];`);
  const check = project.createSourceFile(
    join(here, "__vedc_check__.ts"),
    [`import type { ${name}, EffectHandlers } from "./__vedc_domain__.js";`, `import * as $effects from ${JSON.stringify(effectsFile)};`, `type $Handlers = EffectHandlers<${name}>;`, ...lines].join("\n"),
    { overwrite: true },
  );
  const first = 4; // the line of the first effect's check
  const problems: EffectProblem[] = [];
  for (const d of check.getPreEmitDiagnostics()) {
    const line = (d.getLineNumber() ?? 0) - first;
    const effect = domain.effects[line];
    if (!effect) continue;
    const at = exportedNode(module, effect.name);
    const where = at ? at.getSourceFile().getLineAndColumnAtPos(at.getStart()) : { line: 1, column: 1 };
    const file = at ? at.getSourceFile().getFilePath() : module.getFilePath();
    problems.push({ file, line: where.line, column: where.column, effect: effect.name, message: describe(effect, at, ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n  ")) });
  }
  return problems;
}

/** The name of the declaration `name` is exported by, to point at. */
function exportedNode(module: SourceFile, name: string): Node | undefined {
  const declaration = module.getExportedDeclarations().get(name)?.[0];
  if (!declaration) return undefined;
  return Node.hasName(declaration) ? declaration.getNameNode() : declaration;
}

function describe(effect: ir.Effect, at: Node | undefined, text: string): string {
  const signature = `${effect.name}(${effect.params.map((p) => `${p.name}: ${typeName(p.type)}`).join(", ")})`;
  const type = at?.getType();
  if (type && type.getCallSignatures().length === 0) return `'${effect.name}' must be a function (args, ctx) handling the effect ${signature}, but its type is ${type.getText(at)}`;
  return `'${effect.name}' does not handle the effect ${signature}: ${text}`;
}
