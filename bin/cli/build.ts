// vedc build: one self-contained bundle and .d.ts per .ved file. Prints one
// line per file, or with --json one document of what was written; --watch
// hands the same per-file build to ./watch.ts.
import { basename, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { bundle, emitDeclarations, readRuntimeTypes, type Diagnostic, type IR } from "../../compiler/index.js";
import type { Verification } from "../../compiler/6-verify/verify.js";
import { compileFile, outputName } from "./compile-file.js";
import { printDiagnostics, UserError, type Io, type Source, type Writer } from "./io.js";
import { formatVerification, verificationSummary } from "../../compiler/6-verify/report.js";
import { printReport } from "./build-summary.js";
import { makeOutputDir, writeFiles } from "./write-files.js";
import { checkVerifyFlags, parseVerifyFlags, verifyProgram, type VerifyFlags } from "./verify.js";
import { zipFiles } from "./zip.js";
import { checkEffectExports, checkEffectsFile, checkEffectsFit, coldStart, targetFor, type EffectProblem, type Target } from "./targets.js";

export interface BuildOptions {
  outdir: string;
  format: string;
  minify?: boolean;
  sourcemap?: boolean;
  /** Verify each domain first, and write nothing for a file whose domains do not all verify. */
  verify?: boolean;
  /** With verify: the region and params, as `vedc verify` takes them (`workers=0..10`, `target=3`). */
  bound?: string[];
  param?: string[];
  /** Build, then rebuild each file as it changes, until interrupted. */
  watch?: boolean;
  /** Print what was built as JSON (with --watch, one document per line per build) rather than text. */
  json?: boolean;
  /** module (default), lambda or node: see compiler/5-bundle/targets.ts. */
  target?: string;
  /** The effects module bundled into a lambda or node target. */
  effects?: string;
  /** With --target lambda: also write <name>.zip, the deployable archive of what runs. */
  zip?: boolean;
}

/** One file's build: what --json prints for it. */
export interface BuildReport {
  file: string;
  /** False when the diagnostics hold an error, or `error` says why. */
  built: boolean;
  /** Each file written, with its size in bytes, raw and gzipped. */
  written: { path: string; bytes: number; gzip: number }[];
  diagnostics: Diagnostic[];
  /** With --verify, each domain's verification. */
  verification?: Verification[];
  /** Why the file was not built, other than its diagnostics: unreadable, or not verified. */
  error?: string;
  /** The files its imports reached (absent when it imports nothing): `--watch` rebuilds it when one changes. */
  imports?: string[];
  /** With --effects: each export that does not fit its effect, located in the effects module. */
  effectProblems?: EffectProblem[];
  /** For the lambda target: milliseconds for a fresh node process to import the bundle and run a first reconcile. */
  coldStart?: number;
}

export async function buildCommand(files: string[], options: BuildOptions, io: Io): Promise<number> {
  if (options.format !== "esm" && options.format !== "cjs") throw new UserError(`--format must be esm or cjs, not '${options.format}'`);
  const target = options.target ?? "module";
  if (!["module", "lambda", "node"].includes(target)) throw new UserError(`--target must be module, lambda or node, not '${target}'`);
  if (options.effects !== undefined && target === "module") throw new UserError("--effects goes with --target lambda or node: a plain module takes its handlers at create()");
  if (options.zip && target !== "lambda") throw new UserError("--zip goes with --target lambda: it writes the function's deployment archive");
  if (options.effects !== undefined) options = { ...options, effects: await checkEffectsFile(options.effects) };
  const names = new Map<string, string>();
  for (const file of files) {
    const name = outputName(file);
    const other = names.get(name);
    if (other) throw new UserError(`${other} and ${file} would both be written to ${join(options.outdir, name)}.js`);
    names.set(name, file);
  }
  const given = (options.bound?.length ?? 0) + (options.param?.length ?? 0) > 0;
  if (given && !options.verify) throw new UserError("--bound and --param go with --verify: they set the region and the params it verifies with");
  const flags = options.verify ? parseVerifyFlags(options) : null;
  const runtimeTypes = await readRuntimeTypes();
  const used = new Set<string>();
  const build = (file: string) => buildFile(io, file, options, runtimeTypes, flags && (files.length === 1 ? flags : forFile(flags, used)));
  // Loaded only to watch: the file watcher is no part of the other commands.
  if (options.watch) return (await import("./watch.js")).watchBuild(files, build, options, io);
  const reports: BuildReport[] = [];
  for (const file of files) {
    const report = await build(file);
    reports.push(report);
    if (!options.json) printReport(io, report);
  }
  if (options.json) io.stdout.write(JSON.stringify({ files: reports }, null, 2) + "\n");
  // With several files, a flag that names nothing in any of them is a mistake, as it is with one.
  const unused = flags && files.length > 1 ? [...flags.bounds.texts.keys(), ...Object.keys(flags.params)].filter((name) => !used.has(name)) : [];
  if (unused.length > 0) throw new UserError(`${unused.map((n) => `'${n}'`).join(", ")} ${unused.length === 1 ? "names" : "name"} no field or param of any domain in ${files.join(", ")}`);
  return reports.every((r) => r.built) ? 0 : 1;
}

/**
 * Builds one file. As text, diagnostics, verifications and why a file was not
 * built are printed as they come; with --json they are only collected.
 */
async function buildFile(io: Io, file: string, options: BuildOptions, runtimeTypes: string, flags: VerifyFlags | ((ir: IR.Program) => VerifyFlags) | null): Promise<BuildReport> {
  const report: BuildReport = { file, built: false, written: [], diagnostics: [] };
  const say = (stream: Writer, text: string) => {
    if (!options.json) stream.write(text);
  };
  let compiled;
  try {
    const collect = (diagnostics: Diagnostic[], source: Source) => {
      report.diagnostics = diagnostics;
      if (source.imports?.length) report.imports = source.imports.map((f) => f.file);
      if (!options.json) printDiagnostics(io, diagnostics, source);
    };
    compiled = await compileFile(io, file, { emit: "bundle", report: collect });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    say(io.stderr, `vedc: ${e.message}\n`);
    return { ...report, error: e.message };
  }
  if (!compiled) return report;
  const { result } = compiled;
  if (options.verify) {
    try {
      const ir = result.ir!;
      const own = typeof flags === "function" ? flags(ir) : flags!;
      report.verification = await verifyProgram(io, ir, result.code!, checkVerifyFlags(ir, own, file));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      say(io.stderr, `${file}: not built: it cannot be verified: ${e.message}\n`);
      return { ...report, error: `it cannot be verified: ${e.message}` };
    }
    const failing = report.verification.filter((v) => !v.verified);
    if (failing.length > 0) {
      const why = `${failing.map((v) => v.domain).join(", ")} ${failing.length === 1 ? "does" : "do"} not verify`;
      say(io.stderr, failing.map((v) => formatVerification(v)).join("\n") + `\n${file}: not built: ${why}\n`);
      return { ...report, error: why };
    }
    say(io.stdout, report.verification.map((v) => verificationSummary(v)).join(""));
  }
  const name = outputName(file);
  let target: Target | undefined;
  if (options.target === "lambda" || options.target === "node") {
    try {
      target = targetFor(options.target, result.ir!, options.effects);
      if (target.effects) {
        await checkEffectExports(result.ir!, target.effects);
        const problems = await checkEffectsFit(result.ir!, target.effects, runtimeTypes);
        if (problems.length > 0) {
          report.effectProblems = problems;
          say(io.stderr, problems.map((p) => `${relative(process.cwd(), p.file)}:${p.line}:${p.column}: error: ${p.message}\n`).join(""));
          throw new UserError(`not built: the effects module does not fit ${result.ir!.domains[0].name}'s effects (${problems.map((p) => p.effect).join(", ")})`);
        }
      }
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      say(io.stderr, `vedc: ${file}: ${e.message}\n`);
      return { ...report, error: e.message };
    }
  }
  const { js: ext, declarations } = extensionsFor(target, options.format);
  const js = join(options.outdir, `${name}${ext}`);
  const out = await bundle(result.code!, { outfile: js, format: options.format as "esm" | "cjs", minify: options.minify ?? false, sourcemap: options.sourcemap ?? false, moduleMap: result.map, ...(target ? { target } : {}) });
  const runs: [string, string][] = [[js, out.code]];
  if (out.map) runs.push([`${js}.map`, out.map]);
  const written: [string, string | Uint8Array][] = [runs[0]];
  // A node target is a program to run, not a module to import: it has no declarations.
  if (target?.kind !== "node") written.push([join(options.outdir, `${name}${declarations}`), await emitDeclarations(result.ir!, runtimeTypes, target ? "lambda" : "module")]);
  written.push(...runs.slice(1));
  // The archive holds what runs (the bundle, and its map when there is one), at its root: the handler is `<name>.handler`.
  if (options.zip) written.push([join(options.outdir, `${name}.zip`), await zipFiles(runs.map(([path, text]) => ({ name: basename(path), data: text })))]);
  try {
    await makeOutputDir(options.outdir);
    await writeFiles(written);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    say(io.stderr, `vedc: ${file}: not built: ${e.message}\n`);
    return { ...report, error: e.message };
  }
  report.written = written.map(([path, data]) => ({ path, bytes: Buffer.byteLength(data), gzip: gzipSync(data).length }));
  if (target?.kind === "lambda") report.coldStart = coldStart(js, options.format);
  return { ...report, built: true };
}

/**
 * A deployment bundle says its module format in its extension (.mjs, .cjs),
 * so that node and the Lambda runtime load it as what it is whatever the
 * package.json around it says; a plain module stays .js, for the app's own
 * toolchain to take up.
 */
function extensionsFor(target: Target | undefined, format: string): { js: string; declarations: string } {
  if (!target) return { js: ".js", declarations: ".d.ts" };
  return format === "cjs" ? { js: ".cjs", declarations: ".d.cts" } : { js: ".mjs", declarations: ".d.mts" };
}

/**
 * With several files, each is verified with the bounds and params that name
 * its own fields and params; one that names nothing in a file is for another.
 */
function forFile(flags: VerifyFlags, used: Set<string>): (ir: IR.Program) => VerifyFlags {
  return (ir) => {
    const fields = new Set(ir.domains.flatMap((d) => d.fields.map((f) => f.name)));
    const params = new Set(ir.domains.flatMap((d) => d.params.map((p) => p.name)));
    for (const name of flags.bounds.texts.keys()) if (fields.has(name)) used.add(name);
    for (const name of Object.keys(flags.params)) if (params.has(name)) used.add(name);
    const texts = new Map([...flags.bounds.texts].filter(([name]) => fields.has(name)));
    const values = Object.fromEntries(Object.entries(flags.bounds.values).filter(([name]) => fields.has(name)));
    return { bounds: { values, texts }, params: Object.fromEntries(Object.entries(flags.params).filter(([name]) => params.has(name))), maxTicks: flags.maxTicks };
  };
}
