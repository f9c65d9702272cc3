// Bundling: the emitted module plus the runtime, in one file that plain node
// (or a serverless function) runs with nothing installed.
import { build, type Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { inlineSourceMapComment, sourceMapFileComment } from "../4-emit/js.js";
import { targetEntry, type Target } from "./targets.js";

export interface BundleOptions {
  format?: "esm" | "cjs";
  minify?: boolean;
  /** Write a source map; with `moduleMap` it maps through the module back to the .ved file. */
  sourcemap?: boolean;
  /** The source map of the module being bundled, from `compile`. */
  moduleMap?: string | null;
  /** Name of the output file: with `sourcemap`, the code ends with a comment naming `<its base name>.map`. */
  outfile: string;
  /** Bundle for a deployment target rather than as a plain module (see targets.ts). */
  target?: Target;
}

export interface Bundle {
  code: string;
  map?: string;
}

const runtimeEntry = fileURLToPath(new URL("../../runtime/index.js", import.meta.url));
const runtimeTypes = fileURLToPath(new URL("../../runtime/api.d.ts", import.meta.url));

/** Points the generated module's `vedc/runtime` import at this compiler's own runtime. */
const runtimePlugin: Plugin = {
  name: "vedc-runtime",
  setup(b) {
    b.onResolve({ filter: /^vedc\/runtime$/ }, () => ({ path: runtimeEntry }));
  },
};

export async function bundle(moduleCode: string, options: BundleOptions): Promise<Bundle> {
  // esbuild follows an inline source map in its input, so the bundle's map reaches the .ved source.
  const contents = options.sourcemap && options.moduleMap ? `${moduleCode}\n${inlineSourceMapComment(options.moduleMap)}\n` : moduleCode;
  // The module's map names the .ved file relative to the working directory, so the module "lives" there.
  const sourcefile = basename(options.outfile).replace(/\.[mc]?js$/, ".module.ts");
  const target = options.target;
  const plugins = [runtimePlugin];
  if (target) plugins.push(domainModulePlugin(contents, sourcefile), optionalPackagesPlugin);
  const result = await build({
    // esbuild's own default is the directory the process started in; paths here are relative to the current one.
    absWorkingDir: process.cwd(),
    stdin: target ? { contents: targetEntry(target), loader: "js", sourcefile: "entry.js", resolveDir: process.cwd() } : { contents, loader: "ts", sourcefile, resolveDir: process.cwd() },
    // pg's optional native binding is never used; node's own modules stay imports.
    external: ["pg-native"],
    // A CommonJS dependency (pg) bundled into an ES module still calls require.
    ...(target && (options.format ?? "esm") === "esm" ? { banner: { js: 'import { createRequire as $vedcRequire } from "node:module"; const require = $vedcRequire(import.meta.url);' } } : {}),
    bundle: true,
    write: false,
    platform: "node",
    format: options.format ?? "esm",
    target: "es2022",
    minify: options.minify ?? false,
    // A minified bundle is a production build: the runtime skips freezing its results (runtime/reconcile.ts).
    ...(options.minify ? { define: { __VEDC_PRODUCTION__: "true" } } : {}),
    sourcemap: options.sourcemap ? "external" : false,
    outfile: options.outfile,
    plugins,
    logLevel: "silent",
    legalComments: "none",
  });
  const map = result.outputFiles.find((o) => o.path.endsWith(".map"));
  const js = result.outputFiles.find((o) => o !== map)!;
  return map ? { code: `${js.text}${sourceMapFileComment(`${basename(options.outfile)}.map`)}\n`, map: map.text } : { code: js.text };
}

/**
 * A target bundles pg, the PostgreSQL client, when it is installed where the
 * bundle is built; pg is optional, and without it the bundle still runs on a
 * file store, and says on its first use of PostgreSQL what it lacks.
 */
const optionalPackagesPlugin: Plugin = {
  name: "vedc-optional-packages",
  setup(b) {
    b.onResolve({ filter: /^(pg|prom-client)$/ }, async (args) => {
      if (args.pluginData === "vedc-optional") return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "vedc-optional" });
      return found.errors.length === 0 ? found : { path: args.path, namespace: "vedc-missing" };
    });
    b.onLoad({ filter: /.*/, namespace: "vedc-missing" }, (args) => ({
      contents: `const why = ${JSON.stringify(MISSING[args.path])};\nfunction missing() { throw new Error(why); }\nexport default new Proxy({}, { get: () => missing });\n`,
      loader: "js",
    }));
  },
};

/** What a bundle built without an optional package says when it is asked for what the package does. */
const MISSING: Record<string, string> = {
  pg: "this bundle was built without the optional package 'pg', so it cannot use PostgreSQL (DATABASE_URL): npm install pg where you build it, and build it again",
  "prom-client": "this bundle was built without the optional package 'prom-client', so it cannot serve /metrics (VEDC_HTTP_PORT): npm install prom-client where you build it, and build it again",
};

/** Serves the compiled domain module to a target's entry as `vedc:domain`. */
function domainModulePlugin(contents: string, sourcefile: string): Plugin {
  return {
    name: "vedc-domain",
    setup(b) {
      b.onResolve({ filter: /^vedc:domain$/ }, () => ({ path: sourcefile, namespace: "vedc-domain" }));
      b.onLoad({ filter: /.*/, namespace: "vedc-domain" }, () => ({ contents, loader: "ts", resolveDir: process.cwd() }));
    },
  };
}

/** The runtime's public types, inlined into each bundle's .d.ts. */
export function readRuntimeTypes(): Promise<string> {
  return readFile(runtimeTypes, "utf8");
}
