// vedc build --watch: builds every file, then rebuilds each one as it changes,
// one line per build: when, what changed, what was written, how long it took.
// Diagnostics are printed as in any build and the watch goes on; Ctrl-C ends
// it with status 0. A file's imports are watched too: changing one rebuilds
// every file that imports it.
import { loadOptional } from "../../compiler/optional.js";
import { resolve } from "node:path";
import pc from "picocolors";
import type { BuildOptions, BuildReport } from "./build.js";
import { outcome } from "./build-summary.js";
import { useColor, type Io } from "./io.js";

export async function watchBuild(files: string[], build: (file: string) => Promise<BuildReport>, options: BuildOptions, io: Io): Promise<number> {
  // Before the first build: a missing watcher is said at once, not after a build that then stops.
  const { watch } = await loadOptional("chokidar", "vedc build --watch", () => import("chokidar"));
  const color = useColor(io, io.stdout);
  const c = pc.createColors(color);
  const time = () => c.dim(new Date().toTimeString().slice(0, 8));
  const rebuild = async (file: string, changed: boolean) => {
    const started = performance.now();
    let report;
    try {
      report = await build(file);
    } catch (e) {
      // A bug in vedc should not end the watch either.
      io.stderr.write(`vedc: internal error: ${(e as Error)?.message ?? String(e)}\n`);
      return;
    }
    follow(file, report.imports ?? []);
    if (options.json) io.stdout.write(JSON.stringify(report) + "\n");
    else io.stdout.write(`${time()} ${report.file}${changed ? " changed" : ""} → ${outcome(report, color)} ${c.dim(`in ${Math.round(performance.now() - started)} ms`)}\n`);
  };
  // Each imported file (absolute) → the files that import it, as their last builds found.
  const importers = new Map<string, Set<string>>();
  let watcher: ReturnType<typeof watch> | null = null;
  const follow = (file: string, imports: string[]) => {
    for (const set of importers.values()) set.delete(file);
    for (const path of imports.map((p) => resolve(p))) {
      if (!importers.has(path)) {
        importers.set(path, new Set());
        watcher?.add(path);
      }
      importers.get(path)!.add(file);
    }
  };
  for (const file of files) await rebuild(file, false);

  // One build at a time; a file saved again while it builds is built once more after.
  const pending = new Set<string>();
  let draining: Promise<void> | null = null;
  const drain = async () => {
    for (const file of pending) {
      pending.delete(file);
      await rebuild(file, true);
    }
    draining = null;
  };
  const byPath = new Map(files.map((f) => [resolve(f), f]));
  const changed = (path: string) => {
    const entry = byPath.get(resolve(path));
    if (entry) pending.add(entry);
    for (const importer of importers.get(resolve(path)) ?? []) pending.add(importer);
    if (pending.size > 0) draining ??= drain();
  };
  // awaitWriteFinish: an editor's save can land in more than one write; build once it settles.
  watcher = watch([...files, ...importers.keys()], { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 } });
  watcher.on("change", changed).on("add", changed);
  // Not a build, so not on stdout, which --json keeps to one document a line.
  watcher.on("unlink", (path) => {
    const entry = byPath.get(resolve(path));
    if (entry) io.stderr.write(`${time()} ${entry} removed; it is built again when it comes back\n`);
    else changed(path);
  });
  watcher.on("error", (e) => io.stderr.write(`vedc: watching: ${(e as Error).message}\n`));
  await new Promise<void>((ready) => watcher.once("ready", ready));
  io.stderr.write(`watching ${files.length} ${files.length === 1 ? "file" : "files"} for changes; Ctrl-C to stop\n`);

  await new Promise<void>((stop) => {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await watcher.close();
  await draining;
  return 0;
}
