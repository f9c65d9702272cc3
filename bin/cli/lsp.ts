// vedc lsp: the language server, speaking LSP on stdin and stdout (or over
// node IPC, --node-ipc) until the client closes it. Nothing else may write to
// stdout meanwhile.
import { loadOptional } from "../../compiler/optional.js";
import type { Io } from "./io.js";

export async function lspCommand(io: Io, options: { nodeIpc?: boolean } = {}): Promise<number> {
  // The server's packages are optional: said plainly when missing, before the server loads them.
  await loadOptional("vscode-languageserver", "vedc lsp", () => import("vscode-languageserver/node"));
  await loadOptional("vscode-languageserver-textdocument", "vedc lsp", () => import("vscode-languageserver-textdocument"));
  const { startServer, startIpcServer } = await import("../../compiler/lsp/transport.js");
  if (options.nodeIpc) startIpcServer();
  // LSP is a byte stream: stdout here is the process's own, never a test's buffer.
  else startServer(io.stdin, io.stdout as NodeJS.WritableStream);
  return 0;
}
