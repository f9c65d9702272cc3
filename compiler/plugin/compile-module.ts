// What the bundler plugin does with one .ved file, whatever the host: compile
// it, transpile the TypeScript module to JavaScript (so that no host needs a
// TypeScript loader) with the source map still pointing at the .ved, and write
// the typed declarations beside it.
import { transform } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { compile, type Diagnostic, type ImportedFile } from "../index.js";
import { inlineSourceMapComment } from "../4-emit/js.js";
import { inAppStyle } from "./app-style.js";

export interface CompiledModule {
  /** JavaScript importing vedc/runtime; null when there are errors. */
  code: string | null;
  /** A v3 source map from `code` to the .ved file; null when there are errors. */
  map: string | null;
  diagnostics: Diagnostic[];
  /** The files its imports reached, by absolute path, with their text (null when unreadable): the host watches them, and draws their diagnostics from them. */
  imports: ImportedFile[];
}

export async function compileModule(source: string, id: string, options: { types: boolean }): Promise<CompiledModule> {
  // Named relative to the working directory, as `vedc build` names it: the name
  // lands in run-time error sites and in meta.file, so no machine path ships.
  const filename = relative(process.cwd(), id).split(sep).join("/");
  const result = await compile(source, { filename, format: false });
  // Diagnostics in an imported file name it as the compiler did, relative to the working directory; the host gets its path.
  const imports = result.imports.map((f) => ({ file: resolve(f.file), source: f.source }));
  const diagnostics = result.diagnostics.map((d) => (d.file === filename ? d : { ...d, file: resolve(d.file) }));
  if (!result.code || !result.ir) return { code: null, map: null, diagnostics, imports };
  if (options.types) {
    const { emitImportTypes, importTypesPath } = await import("../4-emit/import-types.js");
    const path = importTypesPath(id);
    await writeIfChanged(path, await inAppStyle(path, emitImportTypes(result.ir)));
  }
  // esbuild follows the inline map, so its own map reaches the .ved source.
  const input = `${result.code}\n${inlineSourceMapComment(result.map!)}\n`;
  const js = await transform(input, { loader: "ts", format: "esm", target: "esnext", sourcemap: "external", sourcefile: id });
  // The .ved is the map's one source; absolute, the host resolves it wherever its output goes.
  const map = { ...JSON.parse(js.map), sources: [id] };
  return { code: js.code, map: JSON.stringify(map), diagnostics, imports };
}

/** Unchanged declarations are left alone, so a dev server's watcher sees nothing to do. */
async function writeIfChanged(path: string, text: string): Promise<void> {
  const old = await readFile(path, "utf8").catch(() => null);
  if (old !== text) await writeFile(path, text);
}
