// vedc check: diagnostics only, no output files. `--format json` prints them
// as data for editors and CI: one array of every file's diagnostics.
import { check, report } from "../../compiler/index.js";
import type { Diagnostic } from "../../compiler/index.js";
import { compileFile } from "./compile-file.js";
import { readSource, UserError, type Io } from "./io.js";

export async function checkCommand(files: string[], options: { format: string }, io: Io): Promise<number> {
  if (options.format === "json") return checkJson(files, io);
  let failed = 0;
  for (const file of files) {
    const compiled = await compileFile(io, file, { emit: false });
    if (!compiled) failed++;
    else io.stdout.write(`${file}: ok (${compiled.result.ir!.domains.map((d) => d.name).join(", ")})\n`);
  }
  return failed === 0 ? 0 : 1;
}

async function checkJson(files: string[], io: Io): Promise<number> {
  const all: Diagnostic[] = [];
  for (const file of files) {
    try {
      const source = await readSource(file);
      all.push(...check(source.text, { filename: file }).diagnostics);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // An unreadable file is a diagnostic too, so the output stays one JSON document.
      const at = { offset: 0, line: 1, col: 1 };
      all.push(report("VED0012", file, { start: at, end: at }, { reason: e.message }));
    }
  }
  io.stdout.write(JSON.stringify(all, null, 2) + "\n");
  return all.some((d) => d.severity === "error") ? 1 : 0;
}
