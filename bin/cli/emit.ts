// vedc emit: the generated TypeScript, or the IR as JSON.
import { compileFile } from "./compile-file.js";
import type { Io } from "./io.js";

export async function emitCommand(file: string, options: { ir?: boolean }, io: Io): Promise<number> {
  const compiled = await compileFile(io, file, { emit: options.ir ? false : "readable" });
  if (!compiled) return 1;
  io.stdout.write(options.ir ? JSON.stringify(compiled.result.ir, null, 2) + "\n" : compiled.result.code!);
  return 0;
}
