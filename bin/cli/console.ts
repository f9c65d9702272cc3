// vedc console: a page on 127.0.0.1 showing what a store holds, live — the
// instances as a table, and for one its state, goals, graph, history and
// outbox — read-only, beside a live controller (console/server.ts). Runs
// until Ctrl-C (SIGINT) or SIGTERM.
import { startConsole } from "./console/server.js";
import { UserError, type Io } from "./io.js";
import { loadDomains, openReader, reading, type StoreFlags } from "./store-option.js";

export interface ConsoleFlags extends StoreFlags {
  port: string;
}

export async function consoleCommand(flags: ConsoleFlags, io: Io): Promise<number> {
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) throw new UserError(`--port ${flags.port}: expected a port number (0 to 65535; 0 picks a free one)`);
  const domains = await loadDomains(flags.domain, io);
  const reader = await openReader(flags, io);
  // Read once before serving: a store that cannot be read is said now, as one line, rather than on the page.
  await reading(() => reader.list()).catch(async (error) => {
    await reader.close();
    throw error;
  });
  let running;
  try {
    running = await startConsole({ reader, domains, port, report: (error) => io.stderr.write(`vedc console: ${error.message}\n`) });
  } catch (error) {
    await reader.close();
    throw new UserError((error as Error).message);
  }
  io.stdout.write(`vedc console for ${reader.where} on ${running.url} (read-only; Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await running.close();
  await reader.close();
  return 0;
}
