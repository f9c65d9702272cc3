// vedc verify: proves that each domain in a file converges from every state
// of a bounded region, or prints the traces where it does not. Also used by
// `vedc build --verify`, which refuses to build a domain that fails.
import { bundle, compile, type IR } from "../../compiler/index.js";
import { formatVerification } from "../../compiler/6-verify/report.js";
import { checkOptions, verifyDomain, VerifyError, type Bound, type Progress, type Verification, type VerifyOptions } from "../../compiler/6-verify/verify.js";
import type { Domain, StateOf, ValuesOf, Value } from "../../runtime/index.js";
import { didYouMean } from "../../compiler/2-analysis/suggest.js";
import { compileFile } from "./compile-file.js";
import { mergeAssignments, UserError, type Io } from "./io.js";

export interface VerifyCliOptions {
  bound: string[];
  param: string[];
  maxTicks?: number;
  json?: boolean;
}

export async function verifyCommand(file: string, options: VerifyCliOptions, io: Io): Promise<number> {
  const flags = parseVerifyFlags(options);
  // Check first (fast), so that a mistake in the flags is reported before anything is generated.
  const checked = await compileFile(io, file, { emit: false });
  if (!checked) return 1;
  const ir = checked.result.ir!;
  const programOptions = checkVerifyFlags(ir, flags, "this file");
  const { code } = await compile(checked.source.text, { filename: file, format: false });
  const results = await verifyProgram(io, ir, code!, programOptions);
  if (options.json) io.stdout.write(JSON.stringify({ file, verified: results.every((r) => r.verified), domains: results }, null, 2) + "\n");
  else io.stdout.write(results.map((r) => formatVerification(r)).join("\n"));
  return results.every((r) => r.verified) ? 0 : 1;
}

/** `--bound`, `--param` and `--max-ticks` as given to `vedc verify` or `vedc build --verify`, parsed but not yet checked against a program. */
export interface VerifyFlags {
  bounds: ReturnType<typeof parseBounds>;
  params: ValuesOf;
  maxTicks?: number | undefined;
}

export function parseVerifyFlags(options: { bound?: string[]; param?: string[]; maxTicks?: number }): VerifyFlags {
  return { bounds: parseBounds(options.bound ?? []), params: mergeAssignments("--param", options.param ?? []) as ValuesOf, maxTicks: options.maxTicks };
}

/**
 * Checks the flags against `ir`: every bound names a field and every param a
 * param of one of its domains, and each domain's region is one the verifier
 * takes. Throws UserError; returns the options to verify with.
 */
export function checkVerifyFlags(ir: IR.Program, flags: VerifyFlags, where: string): ProgramOptions {
  for (const [name, text] of flags.bounds.texts) {
    const { field, key } = boundName(name);
    if (!ir.domains.some((d) => d.fields.some((f) => f.name === field))) throw new UserError(`--bound ${text}: ${unknown(ir, field, "field", where)}`);
    if (key !== null) {
      const maps = ir.domains.flatMap((d) => d.fields.filter((f) => f.name === field && f.key));
      if (maps.length === 0) throw new UserError(`--bound ${text}: '${field}' is not a map, so it has no key '${key}'; bound it as ${field}=...`);
      const keys = [...new Set(maps.flatMap((f) => ir.enums.find((e) => e.name === f.key!.name)!.members))];
      if (!keys.includes(key)) throw new UserError(`--bound ${text}: '${field}' has no key '${key}' (keys: ${keys.join(", ")})`);
    }
  }
  for (const name of Object.keys(flags.params)) {
    if (!ir.domains.some((d) => d.params.some((p) => p.name === name))) throw new UserError(`--param ${name}=${String(flags.params[name])}: ${unknown(ir, name, "param", where)}`);
  }
  const programOptions = { bounds: flags.bounds.values, params: flags.params, maxTicks: flags.maxTicks };
  for (const d of ir.domains) userErrors(() => checkOptions(ir, d.name, forDomain(d, programOptions)));
  return programOptions;
}

export interface ProgramOptions {
  bounds?: Record<string, Bound>;
  params?: ValuesOf;
  maxTicks?: number | undefined;
}

/**
 * Bundles the compiled module, imports it, and verifies each of its domains
 * with the bounds and params that name its fields and params.
 */
export async function verifyProgram(io: Io, ir: IR.Program, code: string, options: ProgramOptions = {}): Promise<Verification[]> {
  const { code: js } = await bundle(code, { outfile: "verify.js", format: "esm" });
  // The bundle is this compiler's own output for a file that type-checked; importing it runs nothing but definitions.
  const module = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as Record<string, Domain<StateOf>>;
  const results: Verification[] = [];
  for (const d of ir.domains) {
    const progress = progressReporter(io, d.name);
    try {
      results.push(userErrors(() => verifyDomain(ir, module[d.name], { ...forDomain(d, options), onProgress: progress.report })));
    } finally {
      progress.done();
    }
  }
  return results;
}

/** `replicas[a]` as the field and the key it bounds; `workers` as a field (a map's every key), key null. */
function boundName(name: string): { field: string; key: string | null } {
  const m = /^(.*)\[(.*)\]$/.exec(name);
  return m ? { field: m[1], key: m[2] } : { field: name, key: null };
}

/** The options that concern domain `d`: the bounds on its fields (a map's keys too), its params. */
function forDomain(d: IR.Domain, options: ProgramOptions): VerifyOptions {
  const pick = <T>(all: Record<string, T>, names: string[], nameOf = (k: string) => k) => Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(nameOf(k))));
  return {
    bounds: pick(options.bounds ?? {}, d.fields.map((f) => f.name), (k) => boundName(k).field),
    params: pick(options.params ?? {}, d.params.map((p) => p.name)),
    ...(options.maxTicks === undefined ? {} : { maxTicks: options.maxTicks }),
  };
}

/** A VerifyError is the user's mistake: one line, no stack trace. */
function userErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof VerifyError) throw new UserError(e.message);
    throw e;
  }
}

/**
 * Progress on stderr: on a terminal, one line rewritten in place; otherwise
 * only when the run is long, a line every few seconds.
 */
function progressReporter(io: Io, name: string): { report: (p: Progress) => void; done: () => void } {
  const tty = io.stderr.isTTY === true;
  let shown = false;
  // Off a terminal, the first line comes after 2 seconds, then one every 5.
  let last = tty ? 0 : -3;
  const report = (p: Progress) => {
    if (tty ? p.seconds - last < 0.1 : p.seconds < 2 || p.seconds - last < 5) return;
    last = p.seconds;
    const line = `${name}: ${Math.floor((100 * p.done) / p.total)}% of ${p.total.toLocaleString("en-US")} states classified (${p.seconds.toFixed(1)} s)`;
    io.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    shown = true;
  };
  const done = () => {
    if (tty && shown) io.stderr.write("\r\x1b[K");
  };
  return { report, done };
}

/**
 * `--bound workers=0..100` (an int range; a float takes the ints in it) or
 * `--bound phase=steady,scaling_up` (a list of values, written as --state
 * values are: a number, true or false, or a string, quoted when it holds a comma).
 * A map field's name bounds every key (`--bound replicas=0..3`); with a key,
 * that key (`--bound replicas[a]=0..1`), which wins over the map's name.
 */
export function parseBounds(flags: string[]): { values: Record<string, Bound>; texts: Map<string, string> } {
  const values: Record<string, Bound> = {};
  const texts = new Map<string, string>();
  for (const text of flags) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\])?\s*=\s*(.*?)\s*$/.exec(text);
    if (!m || m[3] === "") throw new UserError(`--bound ${text}: expected field=lo..hi or field=value,value,..., e.g. --bound workers=0..100`);
    const name = m[2] === undefined ? m[1] : `${m[1]}[${m[2]}]`;
    const spec = m[3];
    if (texts.has(name)) throw new UserError(`--bound ${text}: '${name}' is bound twice`);
    const range = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(spec);
    let bound: Bound;
    if (range) {
      const [min, max] = [Number(range[1]), Number(range[2])];
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) throw new UserError(`--bound ${text}: the ends of a range must be safe integers`);
      if (min > max) throw new UserError(`--bound ${text}: the range is empty, ${min} is above ${max}; write ${name}=${max}..${min}`);
      bound = { min, max };
    } else if (spec.includes("..")) {
      throw new UserError(`--bound ${text}: a range is two integers, lo..hi, e.g. --bound ${name}=0..100`);
    } else {
      bound = { values: valueList(text, spec) };
    }
    Object.defineProperty(values, name, { value: bound, enumerable: true, writable: true, configurable: true });
    texts.set(name, text);
  }
  return { values, texts };
}

/** `a,b,"c,d"`: values written as --state writes them. */
function valueList(text: string, spec: string): Value[] {
  const item = /\s*("(?:[^"\\]|\\.)*"|[^,"]*?)\s*(?:,|$)/y;
  const list: Value[] = [];
  let at = 0;
  while (at < spec.length) {
    item.lastIndex = at;
    const m = item.exec(spec);
    if (!m || m[0].length === 0 || m[1] === "") throw new UserError(`--bound ${text}: expected values separated by commas, e.g. --bound phase=steady,scaling_up`);
    at = item.lastIndex;
    const raw = m[1];
    if (raw === "true" || raw === "false") list.push(raw === "true");
    else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) list.push(Number(raw));
    else if (raw.startsWith('"')) list.push(JSON.parse(raw) as string);
    else list.push(raw);
  }
  return list;
}

function unknown(ir: IR.Program, name: string, what: "field" | "param", file: string): string {
  const known = [...new Set(ir.domains.flatMap((d) => (what === "field" ? d.fields : d.params).map((x) => x.name)))];
  const where = ir.domains.length === 1 ? ir.domains[0].name : `any domain of ${file}`;
  const hint = didYouMean(name, known) ?? `${what}s: ${known.join(", ") || "none"}`;
  return `no ${what} '${name}' in ${where} (${hint})`;
}
