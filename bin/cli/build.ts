// vedc build: one self-contained bundle and .d.ts per .ved file.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundle, emitDeclarations, readRuntimeTypes } from "../../compiler/index.js";
import { compileFile, outputName } from "./compile-file.js";
import { UserError } from "./io.js";
import { formatVerification } from "../../compiler/6-verify/report.js";
import { verifyProgram } from "./verify.js";

export interface BuildOptions {
  outdir: string;
  format: string;
  minify?: boolean;
  sourcemap?: boolean;
  /** Verify each domain first, and write nothing for a file whose domains do not all verify. */
  verify?: boolean;
}

export async function buildCommand(files: string[], options: BuildOptions): Promise<number> {
  if (options.format !== "esm" && options.format !== "cjs") throw new UserError(`--format must be esm or cjs, not '${options.format}'`);
  const names = new Map<string, string>();
  for (const file of files) {
    const name = outputName(file);
    const other = names.get(name);
    if (other) throw new UserError(`${other} and ${file} would both be written to ${join(options.outdir, name)}.js`);
    names.set(name, file);
  }
  const runtimeTypes = await readRuntimeTypes();
  let failed = 0;
  for (const file of files) {
    const compiled = await compileFile(file, { emit: "bundle" });
    if (!compiled) {
      failed++;
      continue;
    }
    const { result } = compiled;
    if (options.verify) {
      let verified;
      try {
        verified = await verifyProgram(result.ir!, result.code!);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        process.stderr.write(`${file}: not built: it cannot be verified: ${e.message}\n`);
        failed++;
        continue;
      }
      const failing = verified.filter((v) => !v.verified);
      if (failing.length > 0) {
        process.stderr.write(failing.map((v) => formatVerification(v)).join("\n") + `\n${file}: not built: ${failing.map((v) => v.domain).join(", ")} ${failing.length === 1 ? "does" : "do"} not verify\n`);
        failed++;
        continue;
      }
      for (const v of verified) process.stdout.write(formatVerification(v).split("\n")[0] + "\n");
    }
    const name = outputName(file);
    const js = join(options.outdir, `${name}.js`);
    const out = await bundle(result.code!, { outfile: js, format: options.format, minify: options.minify ?? false, sourcemap: options.sourcemap ?? false, moduleMap: result.map });
    const dts = await emitDeclarations(result.ir!, runtimeTypes);
    await mkdir(options.outdir, { recursive: true });
    const written: [string, string][] = [
      [js, out.map ? `${out.code}//# sourceMappingURL=${name}.js.map\n` : out.code],
      [join(options.outdir, `${name}.d.ts`), dts],
    ];
    if (out.map) written.push([`${js}.map`, out.map]);
    for (const [path, text] of written) await writeFile(path, text);
    const sizes = written.map(([path, text]) => `${path} (${formatSize(Buffer.byteLength(text))})`);
    process.stdout.write(`${file} → ${sizes.join(", ")}\n`);
  }
  return failed === 0 ? 0 : 1;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}
