// What `vedc build --target lambda|node` needs besides a plain build: the
// effects module checked against the domain, and the cold start measured.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { IR } from "../../compiler/index.js";
import type { Target, TargetKind } from "../../compiler/5-bundle/targets.js";
import type { EffectProblem } from "../../compiler/5-bundle/check-effects.js";
import { UserError } from "./io.js";

export type { EffectProblem, Target };

/** The effects file, resolved, with the names it exports checked now rather than at the first invocation. */
export async function checkEffectsFile(path: string): Promise<string> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UserError(`--effects ${path}: no such file`);
  return file;
}

async function exportsOf(file: string): Promise<string[]> {
  try {
    const result = await build({ entryPoints: [file], bundle: true, write: false, metafile: true, platform: "node", format: "esm", logLevel: "silent", outdir: "out", external: ["*"] });
    return Object.values(result.metafile.outputs).flatMap((o) => o.exports);
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    throw new UserError(`--effects ${file}: ${first ? `${first.text}${first.location ? ` at ${first.location.line}:${first.location.column + 1}` : ""}` : (e as Error).message}`);
  }
}

/** The target for a program: one domain, and effects for every effect it declares. */
export function targetFor(kind: TargetKind, program: IR.Program, effects: string | undefined): Target {
  if (program.domains.length !== 1) throw new UserError(`--target ${kind} builds one domain, and this file has ${program.domains.length} (${program.domains.map((d) => d.name).join(", ")})`);
  const domain = program.domains[0];
  if (domain.effects.length > 0 && effects === undefined) throw new UserError(`--target ${kind} needs --effects <file>: ${domain.name} declares ${domain.effects.map((e) => e.name).join(", ")}`);
  return { kind, domain: domain.name, ...(effects === undefined ? {} : { effects }) };
}

/** Checks that the effects module exports a function name for every effect (by name; types are the handler's business). */
export async function checkEffectExports(program: IR.Program, effects: string): Promise<void> {
  const exported = await exportsOf(effects);
  const missing = program.domains[0].effects.map((e) => e.name).filter((n) => !exported.includes(n));
  if (missing.length > 0) throw new UserError(`--effects ${effects} does not export ${missing.map((m) => `'${m}'`).join(", ")} (it exports ${exported.join(", ") || "nothing"})`);
}

/** Milliseconds for a fresh node process to import the bundle and run its domain's first reconcile. */
export function coldStart(file: string, format: string): number | undefined {
  const url = pathToFileURL(resolve(file)).href;
  const load = format === "cjs" ? `require(${JSON.stringify(resolve(file))})` : `await import(${JSON.stringify(url)})`;
  const script = `const t = performance.now(); const m = ${load}; m.domain.reconcile({}); process.stdout.write(String(performance.now() - t));`;
  const r = spawnSync(process.execPath, format === "cjs" ? ["-e", script] : ["--input-type=module", "-e", script], { encoding: "utf8", env: {} });
  const ms = Number(r.stdout);
  return r.status === 0 && Number.isFinite(ms) ? ms : undefined;
}

/** How the effects module's exports fit the domain's effects, by their types: the problems, none when they fit. */
export async function checkEffectsFit(program: IR.Program, effects: string, runtimeTypes: string): Promise<EffectProblem[]> {
  // Loaded only here: the TypeScript compiler is no part of a plain build.
  const [{ emitDeclarations }, { checkEffectTypes }] = await Promise.all([import("../../compiler/index.js"), import("../../compiler/5-bundle/check-effects.js")]);
  return checkEffectTypes(program.domains[0], await emitDeclarations(program, runtimeTypes, "lambda"), effects);
}
