// The bundler plugin, as a user meets it: a fresh app with vedc and one
// bundler installed imports two .ved files, builds with that bundler's own
// config or script, and runs; a broken .ved fails the build with the host's
// own error, located, with a frame. Vite's dev server picks up an edit.
import { cleanup, run as runCommand, tempDir, test, until } from "../harness.js";
import * as assert from "uvu/assert";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, createServer } from "vite";
import vedcVite from "../../lib/compiler/plugin/vite.js";
import { plainEnv, root } from "../helpers.js";

const MAIN = `import WorkerPool from "./pool.ved";
import Autoscaler from "./autoscaler.ved";

const healed = WorkerPool.reconcile({ workers: 8 });
const boot = Autoscaler.reconcile({ load: 450 }, { params: { capacity: 50 } }).effects[0];
console.log(healed.transitions.join(","), healed.state.workers, boot.name, boot.args.count);
`;
const OUTPUT = "scale_down,scale_down,scale_down 5 boot 8\n";
const BROKEN = readFileSync(join(root, "tests/fixtures/broken/unknown-name/input.ved"), "utf8");

/** A fresh app: package.json, vedc (this repository) and `bundler` in node_modules, two .ved files and `files`. Later tests of this file use it too. */
function app(bundler, files, dep = bundler) {
  const dir = tempDir(bundler, { afterFile: true });
  mkdirSync(join(dir, "node_modules"));
  mkdirSync(join(dir, "src"));
  symlinkSync(root, join(dir, "node_modules/vedc"), "dir");
  for (const name of [dep, "typescript"]) {
    mkdirSync(join(dir, "node_modules", name, ".."), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name), "dir");
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  copyFileSync(join(root, "examples/worker-pool.ved"), join(dir, "src/pool.ved"));
  copyFileSync(join(root, "examples/autoscaler.ved"), join(dir, "src/autoscaler.ved"));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const run = (dir, args) => runCommand(process.execPath, args, { cwd: dir, env: plainEnv });

/** An app built with webpack's API (or Rspack's, the same), printing the stats as the CLI does. */
function webpackLike(importLine, bundlerFn, plugin) {
  return {
    files: {
      "src/main.js": MAIN,
      "build.js": `${importLine}
import vedc from "${plugin}";
import { fileURLToPath } from "node:url";

const compiler = ${bundlerFn}({
  mode: "production",
  target: "node",
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("dist", import.meta.url)), filename: "main.cjs" },
  devtool: "source-map",
  plugins: [vedc()],
});
compiler.run((error, stats) => {
  if (error) throw error;
  console.log(stats.toString());
  process.exitCode = stats.hasErrors() ? 1 : 0;
  compiler.close(() => {});
});
`,
    },
    build: ["build.js"],
    output: "dist/main.cjs",
  };
}

const bundlers = {
  esbuild: {
    files: {
      "src/main.js": MAIN,
      "build.js": `import { build } from "esbuild";
import vedc from "vedc/esbuild";

await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: "dist/main.js",
  sourcemap: true,
  plugins: [vedc()],
}).catch(() => process.exit(1));
`,
    },
    build: ["build.js"],
    output: "dist/main.js",
  },
  rollup: {
    files: {
      "src/main.js": MAIN,
      "rollup.config.js": `import vedc from "vedc/rollup";

export default {
  input: "src/main.js",
  output: { file: "dist/main.js", format: "es", sourcemap: true },
  external: ["vedc/runtime"],
  plugins: [vedc()],
};
`,
    },
    build: ["node_modules/rollup/dist/bin/rollup", "-c"],
    output: "dist/main.js",
  },
  webpack: webpackLike('import webpack from "webpack";', "webpack", "vedc/webpack"),
  rspack: { dep: "@rspack/core", ...webpackLike('import { rspack } from "@rspack/core";', "rspack", "vedc/rspack") },
  rolldown: {
    files: {
      "src/main.js": MAIN,
      "rolldown.config.js": `import { defineConfig } from "rolldown";
import vedc from "vedc/rolldown";

export default defineConfig({
  input: "src/main.js",
  platform: "node",
  output: { file: "dist/main.js", format: "esm", sourcemap: true },
  plugins: [vedc()],
});
`,
    },
    build: ["node_modules/rolldown/bin/cli.mjs", "-c"],
    output: "dist/main.js",
  },
  vite: {
    // A Vite + TypeScript app, as `npm create vite` makes one, with the plugin added.
    files: {
      "index.html": `<!doctype html>\n<script type="module" src="/src/main.ts"></script>\n`,
      "src/main.ts": MAIN,
      "vite.config.ts": `import { defineConfig } from "vite";
import vedc from "vedc/vite";

export default defineConfig({
  plugins: [vedc()],
  // The test runs the bundle in node, which has no document for the preload polyfill.
  build: { sourcemap: true, modulePreload: { polyfill: false } },
});
`,
      // The template's compiler options, and allowArbitraryExtensions for the .ved imports.
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          useDefineForClassFields: true,
          module: "ESNext",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: ["vite/client"],
          skipLibCheck: true,
          moduleResolution: "bundler",
          allowImportingTsExtensions: true,
          verbatimModuleSyntax: true,
          moduleDetection: "force",
          noEmit: true,
          strict: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          erasableSyntaxOnly: true,
          noFallthroughCasesInSwitch: true,
          noUncheckedSideEffectImports: true,
          allowArbitraryExtensions: true,
        },
        include: ["src"],
      }),
    },
    build: ["node_modules/vite/bin/vite.js", "build"],
    output: () => `dist/assets/${readdirSync(join(current.vite, "dist/assets")).find((f) => f.endsWith(".js"))}`,
  },
};
const current = {};

for (const [name, bundler] of Object.entries(bundlers)) {
  test(`${name}: an app importing .ved files builds and runs, with one copy of the runtime`, async () => {
    const dir = (current[name] = app(name, bundler.files, bundler.dep));
    const built = await run(dir, bundler.build);
    assert.is(built.status, 0, built.stdout + built.stderr);
    // Quiet as the host is quiet: in a browser build (Vite) the runtime comes without its Node-only file store.
    assert.not.match(built.stdout + built.stderr, /warn|\(!\)|externalized/i);
    const output = typeof bundler.output === "function" ? bundler.output() : bundler.output;
    const ran = await run(dir, [output]);
    assert.is(ran.stderr, "");
    assert.is(ran.stdout, OUTPUT);
    const code = readFileSync(join(dir, output), "utf8");
    // Rollup leaves vedc/runtime to node; the others bundle it once for both domains.
    if (name === "rollup") assert.is(code.match(/from ['"]vedc\/runtime['"]/g)?.length, 1);
    else assert.is(code.match(/VED_TICK_LIMIT/g)?.length, 1, "one copy of the runtime");
    const map = JSON.parse(readFileSync(join(dir, `${output}.map`), "utf8"));
    assert.ok(
      map.sources.some((s) => s.endsWith("src/pool.ved")),
      `the map reaches the .ved: ${map.sources}`,
    );
    assert.ok(existsSync(join(dir, "src/pool.d.ved.ts")), "declarations written beside the source");
  });

  test(`${name}: a broken .ved fails the build with the host's own located error and frame`, async () => {
    const dir = current[name];
    writeFileSync(join(dir, "src/pool.ved"), BROKEN);
    const built = await run(dir, bundler.build);
    const out = built.stdout + built.stderr;
    assert.is.not(built.status, 0, out);
    assert.match(out, "VED0100");
    assert.match(out, "unknown name 'wrkers'");
    // Ved counts columns from 1 and webpack shows the message as it is; the others count from 0.
    assert.match(out, name === "webpack" || name === "rspack" ? "src/pool.ved:5:8" : /src\/pool\.ved(:5:7| \(5:7\))/);
    // Once, and without where in vedc it was raised (Rolldown's CLI, and Vite on it, print their own stack).
    if (name === "webpack" || name === "rspack") {
      assert.is(out.split("unknown name 'wrkers'").length - 1, 1, out);
      assert.not.match(out, /\n\s+at \S+ \(|messages\.js/);
    }
    assert.not.match(out, "messages.js");
    assert.match(out, /5 [│|]\s+goal wrkers == 5/, "a frame");
    assert.match(out, "did you mean 'workers'?");
  });
}

test("vite: the app type-checks with tsc against the declarations the plugin wrote", async () => {
  const dir = current.vite;
  copyFileSync(join(root, "examples/worker-pool.ved"), join(dir, "src/pool.ved"));
  writeFileSync(join(dir, "src/typed.ts"), `import WorkerPool, { type WorkerPoolState } from "./pool.ved";
import Autoscaler from "./autoscaler.ved";

export const healed: WorkerPoolState = WorkerPool.reconcile({ workers: 8 }).state;
export const scaler = Autoscaler.create({ params: { capacity: 50 }, effects: { boot: ({ count }) => void count.toFixed(), terminate: async () => {} } });
`);
  const tsc = await run(dir, ["node_modules/typescript/bin/tsc", "-p", "."]);
  assert.is(tsc.status, 0, tsc.stdout);
  writeFileSync(join(dir, "src/typed.ts"), `import WorkerPool from "./pool.ved";\nWorkerPool.reconcile({ wrkers: 8 });\n`);
  const bad = await run(dir, ["node_modules/typescript/bin/tsc", "-p", "."]);
  assert.is(bad.status, 2);
  assert.match(bad.stdout, "'wrkers' does not exist");
});

test("the plugin writes no declarations with types: false", async () => {
  const dir = app("vite", { "index.html": `<script type="module" src="/src/main.js"></script>\n`, "src/main.js": MAIN });
  await build({ root: dir, configFile: false, logLevel: "silent", plugins: [vedcVite({ types: false })], build: { write: false } });
  assert.ok(existsSync(join(dir, "src/pool.ved")));
  assert.not.ok(existsSync(join(dir, "src/pool.d.ved.ts")));
});

test("the declarations the plugin and vedc types write pass prettier --check in the app's own style", async () => {
  const dir = app("vite", { "index.html": `<script type="module" src="/src/main.js"></script>\n`, "src/main.js": MAIN, ".prettierrc": JSON.stringify({ semi: false, singleQuote: true, printWidth: 60, useTabs: true }) });
  symlinkSync(join(root, "node_modules/prettier"), join(dir, "node_modules/prettier"), "dir");
  await build({ root: dir, configFile: false, logLevel: "silent", plugins: [vedcVite()], build: { write: false } });
  const check = () => run(dir, ["node_modules/prettier/bin/prettier.cjs", "--check", "src/pool.d.ved.ts", "src/autoscaler.d.ved.ts"]);
  const checked = await check();
  assert.is(checked.status, 0, checked.stdout + checked.stderr);
  assert.match(readFileSync(join(dir, "src/pool.d.ved.ts"), "utf8"), /^\t/m, "the app's tabs");
  // vedc types writes them the same way.
  const types = await run(dir, [join(root, "bin/vedc.js"), "types", "src/pool.ved", "src/autoscaler.ved"]);
  assert.is(types.status, 0, types.stderr);
  assert.is((await check()).status, 0);
});

test("include and exclude choose the .ved files the plugin compiles", async () => {
  const html = `<script type="module" src="/src/main.js"></script>\n`;
  const tryBuild = (dir, options) => build({ root: dir, configFile: false, logLevel: "silent", plugins: [vedcVite(options)], build: { write: false } }).then(() => null, (e) => e);
  const both = { "index.html": html, "src/main.js": MAIN };
  // Globs, relative to the working directory as in every unplugin plugin.
  const included = app("vite", { "index.html": html, "src/main.js": `import WorkerPool from "./pool.ved";\nconsole.log(WorkerPool.name);\n` });
  const cwd = process.cwd();
  process.chdir(included);
  try {
    assert.is(await tryBuild(included, { include: ["src/pool.ved"] }), null);
  } finally {
    process.chdir(cwd);
  }
  assert.ok(existsSync(join(included, "src/pool.d.ved.ts")), "pool.ved compiled");
  // Excluded, autoscaler.ved is not Ved to the plugin, and not JavaScript to Vite: the build fails on it.
  const excluded = app("vite", both);
  const failed = await tryBuild(excluded, { exclude: [/autoscaler\.ved$/] });
  assert.match(String(failed?.message), "autoscaler.ved");
  assert.not.ok(existsSync(join(excluded, "src/autoscaler.d.ved.ts")), "autoscaler.ved never compiled");
  const other = app("vite", both);
  assert.match(String((await tryBuild(other, { include: [/autoscaler\.ved$/] }))?.message), "pool.ved");
});

test("vite dev server: serves a .ved module and picks up an edit to it", async () => {
  const dir = app("vite", { "src/main.js": MAIN });
  const server = await createServer({ root: dir, configFile: false, logLevel: "silent", plugins: [vedcVite()], server: { port: 0, ws: false } });
  cleanup(() => server.close());
  {
    await server.listen();
    const url = `${server.resolvedUrls.local[0]}src/pool.ved?import`;
    const first = await fetch(url);
    assert.is(first.status, 200);
    assert.match(first.headers.get("content-type"), "javascript");
    assert.match(await first.text(), "workers == 5");
    const pool = await server.ssrLoadModule("/src/pool.ved");
    assert.equal(pool.default.reconcile({ workers: 8 }).state, { workers: 5 });

    writeFileSync(join(dir, "src/pool.ved"), readFileSync(join(dir, "src/pool.ved"), "utf8").replaceAll("5", "6"));
    // The watcher's event and the module's invalidation are asynchronous: ask again until the new module is served.
    await until(async () => (await (await fetch(url)).text()).includes("workers == 6"), "the edited module to be served", 10_000, 20);
    const edited = await server.ssrLoadModule("/src/pool.ved");
    assert.equal(edited.default.reconcile({ workers: 8 }).state, { workers: 6 });

    writeFileSync(join(dir, "src/pool.ved"), BROKEN);
    const broken = await until(async () => {
      const r = await fetch(url);
      return r.status === 500 && r;
    }, "the broken module to be refused", 10_000, 20);
    assert.is(broken.status, 500);
    assert.match(await broken.text(), "unknown name 'wrkers'");
  }
});

const ZONES = "enum Zone { eu, us }\n";
const QUOTA = `import { Zone } from "./shared/zones.ved"

domain Quota {
  state {
    zone: Zone
    limit: int
  }
  goal limit == 3
  transition raise when limit < 3 {
    step {
      limit += 1
    }
  }
}
`;
const QUOTA_MAIN = `import Quota from "./quota.ved";

console.log(Quota.reconcile({ limit: 0 }).state.limit, JSON.stringify(Quota.meta.fields[0].members));
`;

for (const name of ["esbuild", "vite"]) {
  test(`${name}: a .ved importing an enum from another .ved builds and runs; an error in the imported file is located there`, async () => {
    const bundler = bundlers[name];
    const dir = app(name, { ...bundler.files, [name === "vite" ? "src/main.ts" : "src/main.js"]: QUOTA_MAIN }, bundler.dep);
    // Vite's output is found in the app's folder.
    if (name === "vite") current.vite = dir;
    mkdirSync(join(dir, "src/shared"));
    writeFileSync(join(dir, "src/shared/zones.ved"), ZONES);
    writeFileSync(join(dir, "src/quota.ved"), QUOTA);
    const built = await run(dir, bundler.build);
    assert.is(built.status, 0, built.stdout + built.stderr);
    const output = typeof bundler.output === "function" ? bundler.output() : bundler.output;
    const ran = await run(dir, [output]);
    assert.is(ran.stderr, "");
    assert.is(ran.stdout, '3 ["eu","us"]\n');
    assert.not.match(readFileSync(join(dir, output), "utf8"), "zones.ved\"", "no import of the .ved file at run time");

    writeFileSync(join(dir, "src/shared/zones.ved"), "enum Zone { eu,, us }\n");
    const broken = await run(dir, bundler.build);
    const out = broken.stdout + broken.stderr;
    assert.is.not(broken.status, 0, out);
    assert.match(out, "VED0003");
    // esbuild places it in the imported file; Vite in the module, with the imported file's error, named, under the frame.
    assert.match(out, /src\/shared\/zones\.ved(:1:15| \(1:15\)|:1:16: error VED0003)/, out);
    assert.match(out, "VED0124");
  });
}

test("vite dev server: an edit to an imported .ved file reaches the module that imports it", async () => {
  const dir = app("vite", { "src/main.js": QUOTA_MAIN });
  mkdirSync(join(dir, "src/shared"));
  writeFileSync(join(dir, "src/shared/zones.ved"), ZONES);
  writeFileSync(join(dir, "src/quota.ved"), QUOTA);
  const server = await createServer({ root: dir, configFile: false, logLevel: "silent", plugins: [vedcVite()], server: { port: 0, ws: false } });
  cleanup(() => server.close());
  await server.listen();
  const url = `${server.resolvedUrls.local[0]}src/quota.ved?import`;
  assert.match(await (await fetch(url)).text(), '"eu", "us"');
  writeFileSync(join(dir, "src/shared/zones.ved"), "enum Zone { ap, eu, us }\n");
  await until(async () => (await (await fetch(url)).text()).includes('"ap", "eu", "us"'), "the importer rebuilt with the edited enum", 10_000, 20);
  const quota = await server.ssrLoadModule("/src/quota.ved");
  assert.equal(quota.default.meta.fields[0].members, ["ap", "eu", "us"]);
});

test.run();
