// vedc lsp: the language server, speaking LSP on stdin and stdout until the
// client closes it. Nothing else may write to stdout meanwhile.
import { startServer } from "../../compiler/lsp/server.js";
import type { Io } from "./io.js";

export function lspCommand(io: Io): number {
  // LSP is a byte stream: stdout here is the process's own, never a test's buffer.
  startServer(io.stdin, io.stdout as NodeJS.WritableStream);
  return 0;
}
