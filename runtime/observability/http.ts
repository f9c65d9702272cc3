// The node target's HTTP endpoints, for Prometheus and for whatever checks a
// process's health (Kubernetes' probes, a load balancer):
//   /metrics  the metrics in Prometheus' text format
//   /healthz  200 while the process serves (its event loop runs)
//   /readyz   200 once its instances have recovered from the store, else 503
// On 127.0.0.1 unless told another host: metrics name ids and transitions.
import { createServer, type Server } from "node:http";

export interface Endpoints {
  scrape(): Promise<{ contentType: string; body: string }>;
  /** Null when ready; else why not, in words. */
  notReady(): string | null;
}

export interface Listening {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export function serveEndpoints(endpoints: Endpoints, host: string, port: number): Promise<Listening> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const text = (status: number, body: string, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "only GET and HEAD\n");
    if (path === "/healthz") return text(200, "ok\n");
    if (path === "/readyz") {
      const why = endpoints.notReady();
      return why === null ? text(200, "ready\n") : text(503, `not ready: ${why}\n`);
    }
    if (path === "/metrics") {
      endpoints.scrape().then(
        ({ contentType, body }) => text(200, body, contentType),
        (error: Error) => text(500, `collecting the metrics failed: ${error.message}\n`),
      );
      return;
    }
    text(404, "not found: the endpoints are /metrics, /healthz and /readyz\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new Error(`cannot serve on ${host}:${port}: ${error.code === "EADDRINUSE" ? "the port is in use" : error.message}`, { cause: error })));
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ host, port: typeof address === "object" && address ? address.port : port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** VEDC_HTTP_PORT and VEDC_HTTP_HOST, checked; null when no port is named (no server). */
export function endpointsFromEnv(env: NodeJS.ProcessEnv): { host: string; port: number } | null {
  const raw = env.VEDC_HTTP_PORT;
  if (raw === undefined || raw === "") return null;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new Error(`VEDC_HTTP_PORT must be a port number (0 to 65535), got ${JSON.stringify(raw)}`);
  return { host: env.VEDC_HTTP_HOST || "127.0.0.1", port };
}
