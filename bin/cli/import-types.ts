// vedc types: writes `pool.d.ved.ts` beside each `pool.ved`, the declarations
// TypeScript reads (with `allowArbitraryExtensions`) for `import Pool from
// "./pool.ved"` in an app that bundles .ved files with the vedc plugin.
import { compileFile } from "./compile-file.js";
import { UserError } from "./io.js";
import { writeFiles } from "./write-files.js";

export async function typesCommand(files: string[]): Promise<number> {
  // Loaded here, not with the CLI: TypeScript takes longer to load than a whole check.
  const { emitImportTypes, importTypesPath } = await import("../../compiler/4-emit/import-types.js");
  let failed = 0;
  for (const file of files) {
    const compiled = await compileFile(file, { emit: false });
    if (!compiled) {
      failed++;
      continue;
    }
    const path = importTypesPath(file);
    try {
      await writeFiles([[path, emitImportTypes(compiled.result.ir!)]]);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      process.stderr.write(`vedc: ${e.message}\n`);
      failed++;
      continue;
    }
    process.stdout.write(`${file} → ${path}\n`);
  }
  return failed === 0 ? 0 : 1;
}
