// vedc types: writes `pool.d.ved.ts` beside each `pool.ved`, the declarations
// TypeScript reads (with `allowArbitraryExtensions`) for `import Pool from
// "./pool.ved"` in an app that bundles .ved files with the vedc plugin.
import { inAppStyle } from "../../compiler/plugin/app-style.js";
import { compileFile } from "./compile-file.js";
import { UserError, type Io } from "./io.js";
import { writeFiles } from "./write-files.js";

export async function typesCommand(files: string[], io: Io): Promise<number> {
  // Loaded here, not with the CLI: ts-morph takes longer to load than a whole check.
  const { emitImportTypes, importTypesPath } = await import("../../compiler/4-emit/import-types.js");
  let failed = 0;
  for (const file of files) {
    const compiled = await compileFile(io, file, { emit: false });
    if (!compiled) {
      failed++;
      continue;
    }
    const path = importTypesPath(file);
    try {
      await writeFiles([[path, await inAppStyle(path, emitImportTypes(compiled.result.ir!))]]);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      io.stderr.write(`vedc: ${e.message}\n`);
      failed++;
      continue;
    }
    io.stdout.write(`${file} → ${path}\n`);
  }
  return failed === 0 ? 0 : 1;
}
