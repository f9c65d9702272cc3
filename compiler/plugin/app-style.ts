// The declarations the plugin and `vedc types` write land in the user's app,
// among files its Prettier checks: they are written in the app's Prettier
// style, so `prettier --check .` passes there. The app's own Prettier, when
// it has one (the version its check runs), else vedc's; the app's config
// (.prettierrc, package.json, .editorconfig) either way.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

type Prettier = typeof import("prettier");

/** `text`, the contents of the TypeScript file at `path`, formatted as the app's Prettier would format it. */
export async function inAppStyle(path: string, text: string): Promise<string> {
  try {
    const prettier = await prettierFor(path);
    const config = await prettier.resolveConfig(path, { editorconfig: true });
    return await prettier.format(text, { ...config, filepath: path });
  } catch {
    // A Prettier config the app's own Prettier cannot read is its check's to report: the declarations are written as emitted.
    return text;
  }
}

async function prettierFor(path: string): Promise<Prettier> {
  let found: string | null = null;
  try {
    found = createRequire(path).resolve("prettier");
  } catch {
    // No Prettier in the app: vedc's own.
  }
  if (!found) return await import("prettier");
  // Resolved as require resolves it: a CommonJS entry, whose API may sit on its default export.
  const loaded = (await import(pathToFileURL(found).href)) as Prettier & { default?: Prettier };
  return typeof loaded.format === "function" ? loaded : loaded.default!;
}
