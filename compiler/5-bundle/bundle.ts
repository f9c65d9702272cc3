// Bundling: the emitted module plus the runtime, in one file that plain node
// (or a serverless function) runs with nothing installed.
import { build, type Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export interface BundleOptions {
  format?: "esm" | "cjs";
  minify?: boolean;
  sourcemap?: boolean;
  /** Name of the output file, used for the source map comment. */
  outfile: string;
}

export interface Bundle {
  code: string;
  map?: string;
}

const runtimeEntry = fileURLToPath(new URL("../../runtime/index.js", import.meta.url));
const runtimeTypes = fileURLToPath(new URL("../../runtime/types.d.ts", import.meta.url));

/** Points the generated module's `vedc/runtime` import at this compiler's own runtime. */
const runtimePlugin: Plugin = {
  name: "vedc-runtime",
  setup(b) {
    b.onResolve({ filter: /^vedc\/runtime$/ }, () => ({ path: runtimeEntry }));
  },
};

export async function bundle(moduleCode: string, options: BundleOptions): Promise<Bundle> {
  const result = await build({
    stdin: { contents: moduleCode, loader: "ts", sourcefile: options.outfile.replace(/\.js$/, ".ts"), resolveDir: process.cwd() },
    bundle: true,
    write: false,
    platform: "neutral",
    format: options.format ?? "esm",
    target: "es2022",
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ? "external" : false,
    outfile: options.outfile,
    plugins: [runtimePlugin],
    logLevel: "silent",
    legalComments: "none",
  });
  const js = result.outputFiles.find((o) => o.path.endsWith(".js"))!;
  const map = result.outputFiles.find((o) => o.path.endsWith(".map"));
  return map ? { code: js.text, map: map.text } : { code: js.text };
}

/** The runtime's public types, inlined into each bundle's .d.ts. */
export function readRuntimeTypes(): Promise<string> {
  return readFile(runtimeTypes, "utf8");
}
