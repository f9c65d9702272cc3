// vedc lsp: the language server, speaking LSP on stdin and stdout until the
// client closes it. Nothing else may write to stdout meanwhile.
import { startServer } from "../../compiler/lsp/server.js";

export function lspCommand(): number {
  startServer(process.stdin, process.stdout);
  return 0;
}
