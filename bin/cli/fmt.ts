// vedc fmt: prints each file formatted (as prettier does), or with --write
// rewrites the files that change, or with --check lists the files that would
// change and exits 1. A file that does not parse is reported, never written.
// Files a .prettierignore names are left alone, as prettier leaves them.
import { formatSource } from "../../compiler/index.js";
import { printDiagnostics, readSource, UserError, type Io } from "./io.js";
import { writeFiles } from "./write-files.js";

export async function fmtCommand(files: string[], options: { check?: boolean; write?: boolean }, io: Io): Promise<number> {
  if (options.check && options.write) throw new UserError("fmt: --check and --write cannot be used together (--check changes nothing)");
  let failed = 0;
  const { getFileInfo } = await import("prettier");
  for (const file of files) {
    if ((await getFileInfo(file, { ignorePath: [".prettierignore"] })).ignored) {
      if (options.check || options.write) io.stdout.write(`${file}: ignored (.prettierignore)\n`);
      else io.stdout.write((await readSource(file)).text);
      continue;
    }
    const source = await readSource(file);
    const { formatted, diagnostics } = await formatSource(source.text, { filename: file });
    if (formatted === null) {
      printDiagnostics(io, diagnostics, source);
      failed++;
    } else if (options.check) {
      const ok = formatted === source.text;
      if (!ok) failed++;
      io.stdout.write(`${file}: ${ok ? "formatted" : "not formatted"}\n`);
    } else if (options.write) {
      const changed = formatted !== source.text;
      try {
        if (changed) await writeFiles([[file, formatted]]);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        io.stderr.write(`vedc: ${e.message}\n`);
        failed++;
        continue;
      }
      io.stdout.write(`${file}: ${changed ? "rewritten" : "unchanged"}\n`);
    } else {
      io.stdout.write(formatted);
    }
  }
  if (options.check && failed > 0) io.stderr.write(`vedc: ${failed} of ${files.length} files are not formatted or do not parse; vedc fmt --write formats them\n`);
  return failed === 0 ? 0 : 1;
}
