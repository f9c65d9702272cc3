// A minimal LSP client, as an editor is one: JSON-RPC messages with
// Content-Length framing, written to the server's input and read from its
// output. The server is `vedc lsp --stdio` in a child process, or the same
// server in this process over in-memory streams.
import { PassThrough } from "node:stream";
import { createConnection, createProtocolConnection } from "vscode-languageserver";
import { StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { serve } from "../lib/compiler/lsp/server.js";
import { spawn } from "./harness.js";
import { plainEnv, root, vedc } from "./helpers.js";

/** `vedc lsp --stdio` in a child process (killed after the test). */
export function processServer() {
  const { child, exited } = spawn(process.execPath, [vedc, "lsp", "--stdio"], { cwd: root, env: plainEnv });
  return { input: child.stdin, output: child.stdout, exited: exited.then(({ code }) => code) };
}

/**
 * The same server in this process, over in-memory streams. Where `vedc lsp`
 * would exit the process, it reports the exit code instead.
 */
export function memoryServer() {
  const input = new PassThrough();
  const output = new PassThrough();
  let reportExit;
  const exited = new Promise((resolve) => (reportExit = resolve));
  let shutdownReceived = false;
  const watchDog = {
    initialize() {},
    get shutdownReceived() {
      return shutdownReceived;
    },
    set shutdownReceived(value) {
      shutdownReceived = value;
    },
    exit: (code) => reportExit(code),
  };
  const connection = createConnection((logger) => createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output), logger), watchDog);
  serve(connection);
  exited.then(() => connection.dispose());
  return { input, output, exited };
}

/** A client of `server` (from processServer or memoryServer). */
export function client(server) {
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const notifications = [];
  const waiters = [];
  server.output.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, Buffer.from(chunk)]);
    for (;;) {
      const header = buffer.indexOf("\r\n\r\n");
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())[1]);
      if (buffer.length < header + 4 + length) return;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString("utf8"));
      buffer = buffer.subarray(header + 4 + length);
      if (message.id !== undefined && pending.has(message.id)) {
        pending.get(message.id)(message);
        pending.delete(message.id);
      } else {
        notifications.push(message);
        for (const w of [...waiters]) if (w.test(message)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(message);
      }
    }
  });
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    server.input.write(`Content-Length: ${body.length}\r\n\r\n`);
    server.input.write(body);
  };
  return {
    /** The code the server exits with. */
    exited: server.exited,
    request(method, params) {
      const id = nextId++;
      send({ id, method, params });
      return new Promise((resolve) => pending.set(id, resolve));
    },
    notify: (method, params) => send({ method, params }),
    /** The next notification (or one already received) that satisfies `test`. */
    waitFor(method, test = () => true) {
      const match = (m) => m.method === method && test(m.params);
      const seen = notifications.find(match);
      if (seen) {
        notifications.splice(notifications.indexOf(seen), 1);
        return Promise.resolve(seen.params);
      }
      return new Promise((resolve) => waiters.push({ test: match, resolve: (m) => resolve(m.params) }));
    },
    /** Shutdown, then exit: resolves with the exit code the server ends with. */
    async close() {
      await this.request("shutdown", null);
      this.notify("exit", null);
      return server.exited;
    },
  };
}
