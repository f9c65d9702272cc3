// The Ved extension: starts the workspace's `vedc lsp` through VS Code's
// language client, so .ved files get diagnostics as you type, hover, go to
// definition, references, rename, completion, the outline, formatting and
// quick fixes. vedc comes from the workspace (`npm install --save-dev vedc`),
// so the server is always the compiler the project builds with; the
// `ved.server.path` setting names another.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { window, workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const server = serverOptions();
  if (!server) {
    void window.showErrorMessage("Ved: vedc is not installed in this workspace. Run `npm install --save-dev vedc`, or set `ved.server.path` to its bin/vedc.js.");
    return;
  }
  client = new LanguageClient("ved", "Ved", server, {
    documentSelector: [{ language: "ved" }],
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/*.ved") },
  });
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

/** How to start the server: the configured vedc, else the workspace's; null when there is none. */
function serverOptions(): ServerOptions | null {
  const configured = workspace.getConfiguration("ved").get<string>("server.path")?.trim();
  if (configured) {
    // A .js file is vedc's entry, run on VS Code's own node over IPC; anything else is a command speaking stdio.
    if (configured.endsWith(".js")) return nodeModule(configured);
    return { command: configured, args: ["lsp", "--stdio"] };
  }
  for (const folder of workspace.workspaceFolders ?? []) {
    const entry = workspaceVedc(folder.uri.fsPath);
    if (entry) return nodeModule(entry);
  }
  return null;
}

function nodeModule(module: string): ServerOptions {
  const run = { module, args: ["lsp"], transport: TransportKind.ipc };
  return { run, debug: run };
}

/** bin/vedc.js of the vedc installed for `folder`, if any. */
function workspaceVedc(folder: string): string | null {
  try {
    const manifest = createRequire(join(folder, "package.json")).resolve("vedc/package.json");
    const entry = join(dirname(manifest), "bin", "vedc.js");
    return existsSync(entry) ? entry : null;
  } catch {
    return null;
  }
}
