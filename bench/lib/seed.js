// The seed's WorkerPool, built by the real compiler (compile, then bundle,
// as `vedc build` does) into a scratch folder, so every suite measures what
// a user would ship.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundle, compile } from "../../lib/compiler/index.js";
import { readSeed, SEED_PATH } from "./paths.js";

/** Compiles `source` to a module for bundling (not formatted, as `vedc build` does); throws on errors. */
export async function compileOrThrow(source, filename) {
  const result = await compile(source, { filename, format: false });
  if (!result.code) throw new Error(`${filename} does not compile:\n${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  return result;
}

/**
 * Builds the seed into a fresh scratch folder: `worker-pool.mjs` (what
 * `vedc build` writes; .mjs, as the folder has no package.json to say it is
 * ESM) and `worker-pool.min.mjs`, the production build (`vedc build
 * --minify`: its results are not frozen), both imported. `dispose` removes the folder.
 */
export async function buildSeed() {
  const source = await readSeed();
  const built = await loadDomain(source, SEED_PATH, "worker-pool");
  const minified = await bundle((await compileOrThrow(source, SEED_PATH)).code, { outfile: "worker-pool.js", format: "esm", minify: true });
  const productionFile = join(built.dir, "worker-pool.min.mjs");
  await writeFile(productionFile, minified.code);
  const production = await import(pathToFileURL(productionFile).href);
  return { dir: built.dir, file: built.file, code: built.code, minified: minified.code, WorkerPool: built.module.default, WorkerPoolProduction: production.default, dispose: built.dispose };
}

/** Compiles and bundles any Ved source into a scratch folder and imports it; `dispose` removes the folder. */
export async function loadDomain(source, filename, name = "domain") {
  const { code } = await compileOrThrow(source, filename);
  // `bundle` looks for its output by the name ending in .js; the file is saved as .mjs below.
  const plain = await bundle(code, { outfile: `${name}.js`, format: "esm" });
  const dir = await mkdtemp(join(tmpdir(), "vedc-bench-"));
  const file = join(dir, `${name}.mjs`);
  await writeFile(file, plain.code);
  const module = await import(pathToFileURL(file).href);
  return { dir, file, code: plain.code, module, dispose: () => rm(dir, { recursive: true, force: true }) };
}
