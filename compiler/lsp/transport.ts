// How `vedc lsp` is carried: stdin and stdout (--stdio, the default), or
// node's IPC channel (--node-ipc), which VS Code's language client uses when
// it forks the server as a node module.
import { createConnection, IPCMessageReader, IPCMessageWriter } from "vscode-languageserver/node";
import { serve, startServer } from "./server.js";

export { startServer };

/** The server on this process's IPC channel, as a client that forked it with `--node-ipc` talks to it. */
export function startIpcServer(): void {
  if (!process.send) throw new Error("--node-ipc needs a parent that started vedc with an IPC channel (child_process.fork)");
  serve(createConnection(new IPCMessageReader(process), new IPCMessageWriter(process)));
}
