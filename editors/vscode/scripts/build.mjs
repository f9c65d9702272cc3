// Bundles the extension and its language client into dist/extension.js, the
// one file the .vsix carries besides the grammar: VS Code provides `vscode`.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));

await build({
  absWorkingDir: here,
  entryPoints: ["src/extension.ts"],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  outfile: "dist/extension.js",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
});
