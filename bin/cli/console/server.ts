// The console's HTTP server: a static page (page.html, console.js,
// console.css, shipped as they are: no build step) and a read-only JSON API
// over a store reader. /events pushes the table of instances as server-sent
// events whenever it changes; the store is read while someone watches, no
// more often than every `interval` ms and never more than half the time.
// Bound to 127.0.0.1: the page shows whatever the store holds.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { graph } from "../../../compiler/index.js";
import { convergenceGraph } from "../../../compiler/graph/model.js";
import { detail, history, summarize, type Domains } from "../../../runtime/observability/inspect.js";
import type { StoreReader } from "../../../runtime/store/reader.js";
import type { LoadedDomain } from "../store-option.js";

export interface ConsoleOptions {
  reader: StoreReader;
  domains: Map<string, LoadedDomain>;
  port: number;
  /** Least ms between two reads of the store while the page is open. Default 500. */
  interval?: number;
  /** Told what went wrong reading the store in the background. */
  report?: (error: Error) => void;
}

export interface RunningConsole {
  readonly url: string;
  close(): Promise<void>;
}

/** The page's files: beside this file's source (the compiled server runs from lib/), and words.js compiled beside this one. */
const source = new URL("../../../../bin/cli/console/", import.meta.url);
const ASSETS: Record<string, [file: URL, type: string]> = {
  "/": [new URL("page.html", source), "text/html; charset=utf-8"],
  "/console.js": [new URL("console.js", source), "text/javascript; charset=utf-8"],
  "/console.css": [new URL("console.css", source), "text/css; charset=utf-8"],
  "/words.js": [new URL("words.js", import.meta.url), "text/javascript; charset=utf-8"],
};
/** History lines sent with an instance: its latest. */
const HISTORY = 200;

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { reader } = options;
  const judges: Domains = new Map([...options.domains].map(([name, l]) => [name, l.domain]));
  const interval = options.interval ?? 500;
  const report = options.report ?? (() => {});
  const watchers = new Set<ServerResponse>();
  const svgs = new Map<string, Promise<string>>();
  let latest: { at: number; body: string } | null = null;
  let timer: NodeJS.Timeout | null = null;

  const list = async () => ({ store: reader.where, judged: judges.size > 0, instances: (await reader.list()).map((s) => summarize(s, judges)) });

  /** Reads the store, and pushes the table to every watcher if it changed; then again, while anyone watches. */
  const poll = async () => {
    timer = null;
    if (watchers.size === 0) return;
    const began = performance.now();
    try {
      const body = JSON.stringify(await list());
      // A lease's end moves at each renewal: what the table shows changes only when something else does.
      if (latest === null || withoutLeases(latest.body) !== withoutLeases(body)) {
        latest = { at: Date.now(), body };
        for (const w of watchers) w.write(`event: instances\ndata: ${body}\n\n`);
      }
    } catch (error) {
      report(error as Error);
      for (const w of watchers) w.write(`event: trouble\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
    }
    const took = performance.now() - began;
    if (watchers.size > 0) timer = setTimeout(() => void poll(), Math.max(interval, took));
  };

  const routes = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const asset = ASSETS[path];
    if (asset) return send(res, 200, asset[1], await readFile(asset[0]));
    if (path === "/api/instances") return json(res, await list());
    if (path.startsWith("/api/instances/")) {
      const id = decodeURIComponent(path.slice("/api/instances/".length));
      const stored = await reader.read(id);
      if (stored === null) return json(res, { error: `no instance '${id}'` }, 404);
      const d = detail(stored, judges);
      const loaded = options.domains.get(stored.domain);
      return json(res, { ...d, history: history(stored, judges).slice(-HISTORY), graph: loaded?.ir ? graphMarks(loaded, d) : null });
    }
    if (path.startsWith("/api/graph/")) {
      const name = decodeURIComponent(path.slice("/api/graph/".length));
      const loaded = options.domains.get(name);
      if (!loaded?.ir) return json(res, { error: `no graph of '${name}': give its .ved file with --domain` }, 404);
      let svg = svgs.get(name);
      if (!svg) {
        // Only this domain, so that its nodes are named d0_g<i> and d0_t<i> (see graphMarks).
        svg = graph({ ...loaded.ir.program, domains: [loaded.ir.domain] }, "svg");
        svgs.set(name, svg);
        svg.catch(() => svgs.delete(name));
      }
      return send(res, 200, "image/svg+xml; charset=utf-8", await svg);
    }
    if (path === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write(": the table of instances, as it changes\n\n");
      watchers.add(res);
      req.on("close", () => watchers.delete(res));
      if (latest) res.write(`event: instances\ndata: ${latest.body}\n\n`);
      if (timer === null) void poll();
      return;
    }
    json(res, { error: `not found: ${path}` }, 404);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return void json(res, { error: "the console is read-only: only GET" }, 405);
    routes(req, res, path).catch((error: Error) => {
      report(error);
      if (!res.headersSent) json(res, { error: error.message }, 500);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? new Error(`port ${options.port} is in use: pass another with --port (0 picks a free one)`) : error));
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.end();
      watchers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Which nodes of the domain's graph to mark: the goals that fail, the transition applied last, the one due next. */
function graphMarks(loaded: LoadedDomain, d: ReturnType<typeof detail>) {
  const failing = new Set(d.failing);
  const last = d.transitions.at(-1)?.name ?? null;
  return {
    svg: `/api/graph/${encodeURIComponent(loaded.domain.name)}`,
    goals: loaded.domain.meta.goals.map((g, i) => ({ node: `d0_g${i}`, failing: failing.has(g.name ?? g.text) })),
    // A per-key transition is one node for all its copies (add(a), add(b), ...): marked when any of them is.
    transitions: convergenceGraph({ ...loaded.ir!.program, domains: [loaded.ir!.domain] })[0].transitions.map((t) => ({ node: t.id, name: t.name, last: last !== null && t.members.includes(last), next: d.next !== null && t.members.includes(d.next) })),
  };
}

function withoutLeases(body: string): string {
  return body.replace(/"leaseUntil":[0-9.e+]+/g, "");
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(body);
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value));
}
