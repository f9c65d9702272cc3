// Deployment targets. A target bundle is an entry that wires the compiled
// domain module (served as `vedc:domain`), the user's effects module and the
// runtime's target code together:
//   lambda  exports `handler(event, context)` (and the domain, as `domain`)
//   node    runs a long-lived controller over the store the environment names
// Every name and path reaches the entry as a string literal made by the
// emitter's one path for text into code (4-emit/js.ts).
import { fileURLToPath } from "node:url";
import { string } from "../4-emit/js.js";

export type TargetKind = "lambda" | "node";

export interface Target {
  kind: TargetKind;
  /** The domain's export name in the compiled module. */
  domain: string;
  /** The effects module: its exports, keyed by effect name, are the handlers. */
  effects?: string;
}

const targets = fileURLToPath(new URL("../../runtime/targets/", import.meta.url));

export function targetEntry(target: Target): string {
  const effects = target.effects ? `import * as $effects from ${string(target.effects)};` : "const $effects = {};";
  const domain = `import * as $module from "vedc:domain";\nconst $domain = $module[${string(target.domain)}];`;
  if (target.kind === "lambda") {
    return `${effects}\n${domain}\nimport { lambdaHandler } from ${string(`${targets}lambda.js`)};\nexport const handler = lambdaHandler($domain, $effects);\nexport { $domain as domain };\n`;
  }
  return `${effects}\n${domain}\nimport { runController } from ${string(`${targets}node.js`)};\nrunController($domain, $effects).catch((error) => {\n  process.stderr.write(String(error && error.message || error) + "\\n");\n  process.exit(1);\n});\n`;
}
