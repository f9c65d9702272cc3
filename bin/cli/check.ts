// vedc check: diagnostics only, no output files.
import { compileFile } from "./compile-file.js";

export async function checkCommand(files: string[]): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const compiled = await compileFile(file, { emit: false });
    if (!compiled) failed++;
    else process.stdout.write(`${file}: ok (${compiled.result.ir!.domains.map((d) => d.name).join(", ")})\n`);
  }
  return failed === 0 ? 0 : 1;
}
