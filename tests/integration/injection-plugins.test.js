// The bundler plugins with one hostile .ved file: its name and its strings
// try every way out of a comment or a string. Built by esbuild, Rollup and
// Vite with the vedc plugin, in this process, and the output imported:
// nothing of the file runs, and its values arrive as written. (Every place
// user text goes is tried in tests/injection.test.js.)
import { test, tempDir } from "../harness.js";
import * as assert from "uvu/assert";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import { build as vite } from "vite";
import vedcEsbuild from "../../lib/compiler/plugin/esbuild.js";
import vedcRollup from "../../lib/compiler/plugin/rollup.js";
import vedcVite from "../../lib/compiler/plugin/vite.js";
import { root } from "../helpers.js";

const FLAG = "__vedInjected";
const PAYLOAD = `*/ \n\r\u2028\u2029 " ' \` \${globalThis.${FLAG} = 1} </script> globalThis.${FLAG} = 2; //`;
const NAME = `evil */ \u2028 ' " \${x}.ved`;
// esbuild reads `*` in an import path as a glob: the same name without it.
const ESBUILD_NAME = NAME.replace(" */", "");

/** The payload as a Ved string literal. */
const literal = `"${[...PAYLOAD].map((c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r" })[c] ?? c).join("")}"`;
const SOURCE = `domain Hostile {
  state {
    note: string = ${literal}
    done: bool
  }
  param label: string = ${literal}
  goal done
  transition finish {
    step {
      note = note + label
      done = true
    }
  }
}
`;
const main = (name) => `import Hostile from ${JSON.stringify(`./${name}`)};
globalThis.__vedResult = { file: Hostile.meta.file, initial: Hostile.initial(), params: Hostile.params(), state: Hostile.reconcile({}).state };
`;

function app(name = NAME) {
  const dir = tempDir("injection");
  mkdirSync(join(dir, "node_modules"));
  mkdirSync(join(dir, "src"));
  symlinkSync(root, join(dir, "node_modules/vedc"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  // `*/` in a path is a folder `evil *` and a file in it: the path still holds the terminator.
  mkdirSync(dirname(join(dir, `src/${name}`)), { recursive: true });
  writeFileSync(join(dir, `src/${name}`), SOURCE);
  writeFileSync(join(dir, "src/main.js"), main(name));
  return dir;
}

/** Imports a built file: nothing of the .ved may run, and what it holds must be what it says. */
async function importBuilt(file, name = NAME) {
  delete globalThis[FLAG];
  delete globalThis.__vedResult;
  await import(`${pathToFileURL(file).href}?${Date.now()}`);
  assert.is(globalThis[FLAG], undefined, "nothing of the .ved file ran");
  const result = globalThis.__vedResult;
  assert.is(result.file, `src/${name}`);
  assert.equal(result.initial, { note: PAYLOAD, done: false });
  assert.equal(result.params, { label: PAYLOAD });
  assert.equal(result.state, { note: PAYLOAD + PAYLOAD, done: true });
}

// The plugins name the file relative to the working directory, as `vedc build` does.
const inside = async (dir, fn) => {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
};

test("esbuild with vedc/esbuild: a hostile .ved builds into a bundle that runs none of it", async () => {
  const dir = app(ESBUILD_NAME);
  await inside(dir, () => esbuild({ absWorkingDir: dir, entryPoints: ["src/main.js"], bundle: true, platform: "node", format: "esm", outfile: "dist/main.js", sourcemap: true, logLevel: "silent", plugins: [vedcEsbuild()] }));
  await importBuilt(join(dir, "dist/main.js"), ESBUILD_NAME);
}, { timeout: 120_000 });

test("Rollup with vedc/rollup: the same, with the runtime left to node", async () => {
  const dir = app();
  await inside(dir, async () => {
    const bundle = await rollup({ input: "src/main.js", external: ["vedc/runtime"], plugins: [vedcRollup()], logLevel: "silent" });
    await bundle.write({ file: "dist/main.js", format: "es", sourcemap: true });
    await bundle.close();
  });
  assert.match(readFileSync(join(dir, "dist/main.js"), "utf8"), /from ['"]vedc\/runtime['"]/);
  await importBuilt(join(dir, "dist/main.js"));
}, { timeout: 120_000 });

test("Vite with vedc/vite: the same, built for the browser", async () => {
  const dir = app();
  writeFileSync(join(dir, "index.html"), `<!doctype html>\n<script type="module" src="/src/main.js"></script>\n`);
  await inside(dir, () => vite({ root: dir, configFile: false, logLevel: "silent", plugins: [vedcVite()], build: { sourcemap: true, modulePreload: { polyfill: false } } }));
  const assets = join(dir, "dist/assets");
  await importBuilt(join(assets, readdirSync(assets).find((f) => f.endsWith(".js"))));
}, { timeout: 120_000 });

test.run();
