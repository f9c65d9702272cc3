// What `vedc build` says about a file it built: each file written with its
// size and, for what ships, its gzipped size. Colour only on a terminal.
import pc from "picocolors";
import type { BuildReport } from "./build.js";
import { useColor, type Io } from "./io.js";

/** Prints `pool.ved → dist/pool.js (12.3 kB, gzip 3.9 kB), ...` for a built file; a failure was printed as it happened. */
export function printReport(io: Io, report: BuildReport): void {
  if (report.built) io.stdout.write(`${report.file} → ${outcome(report, useColor(io, io.stdout))}\n`);
}

/** What became of a file: what was written, or why nothing was. */
export function outcome(report: BuildReport, color: boolean): string {
  const c = pc.createColors(color);
  if (!report.built) {
    const errors = report.diagnostics.filter((d) => d.severity === "error").length;
    return c.red(`not built: ${report.error ?? `${errors} ${errors === 1 ? "error" : "errors"}`}`);
  }
  // A source map does not ship to users, and an archive is compressed already: their gzipped sizes say nothing.
  const size = (w: BuildReport["written"][number]) => (/\.(map|zip)$/.test(w.path) ? formatSize(w.bytes) : `${formatSize(w.bytes)}, gzip ${formatSize(w.gzip)}`);
  const written = report.written.map((w) => `${c.cyan(w.path)} ${c.dim(`(${size(w)})`)}`).join(", ");
  return report.coldStart === undefined ? written : `${written}; cold start ${report.coldStart.toFixed(0)} ms`;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}
