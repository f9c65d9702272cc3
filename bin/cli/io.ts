// What every command shares: where it reads and writes (the process's
// streams, or a caller's: the tests run the CLI in their own process),
// reading sources, printing diagnostics, and the one kind of error the CLI
// prints without a stack trace.
import { open } from "node:fs/promises";
import { MAX_SOURCE_LENGTH, renderDiagnostic, type Diagnostic } from "../../compiler/index.js";
import { parseDuration } from "../../runtime/time-text.js";

/** A mistake of the user's: printed as one clear message, exit status 1. */
export class UserError extends Error {}

/** Somewhere to write text: a terminal, a pipe, or a test's buffer. */
export interface Writer {
  write(text: string): unknown;
  /** True for a terminal: colour, and progress rewritten in place. */
  isTTY?: boolean;
  columns?: number;
}

/** A command's whole view of the outside world, besides files: every command writes only through it. */
export interface Io {
  stdout: Writer;
  stderr: Writer;
  /** Read only by `vedc lsp`. */
  stdin: NodeJS.ReadableStream;
  /** NO_COLOR, FORCE_COLOR and VEDC_DEBUG are read from here. */
  env: Record<string, string | undefined>;
}

let quietOnBrokenPipe = false;

/**
 * The process's own streams. A reader that goes away (`vedc run … | head`)
 * ends the command quietly, with status 0, rather than with a stack trace:
 * it asked for no more.
 */
export function processIo(): Io {
  if (!quietOnBrokenPipe) {
    quietOnBrokenPipe = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code !== "EPIPE") throw e;
        process.exit(0);
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

export interface Source {
  path: string;
  text: string;
  /** The files its imports reached, once compiled: their diagnostics are drawn from their own text. */
  imports?: { file: string; source: string | null }[];
}

/**
 * Reads a source file, but never more than could decode to a source the
 * compiler accepts (three bytes of UTF-8 per UTF-16 unit at most): a larger
 * file is then refused with its location (VED0013) instead of read whole, and
 * `/dev/zero` ends.
 */
export async function readSource(path: string): Promise<Source> {
  let bytes: Buffer;
  try {
    bytes = await readAtMost(path, 3 * MAX_SOURCE_LENGTH + 4);
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${fsReason(e, "no such file")}`);
  }
  // Invalid UTF-8 decodes to U+FFFD, which the parser reports as binary data with a location.
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  return { path, text };
}

async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.alloc(Math.min(1 << 20, limit - total));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks);
  } finally {
    await file.close();
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EEXIST: "a file is in the way",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  EROFS: "the file system is read-only",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EMFILE: "too many open files",
  EIO: "an input/output error",
};

/** Why a file operation failed, in words: for the one line the CLI prints. */
export function fsReason(e: unknown, missing = "no such file or directory"): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return missing;
  return (code && REASONS[code]) ?? (e as Error)?.message ?? String(e);
}

/** Colour on a terminal, unless NO_COLOR says otherwise; anywhere with FORCE_COLOR. */
export function useColor(io: Io, stream: Writer): boolean {
  if ("NO_COLOR" in io.env) return false;
  if ("FORCE_COLOR" in io.env) return true;
  return stream.isTTY === true;
}

export function printDiagnostics(io: Io, diagnostics: Diagnostic[], source: Source): void {
  const color = useColor(io, io.stderr);
  for (const d of diagnostics) io.stderr.write(renderDiagnostic(d, textOf(d.file, source), { color }) + "\n\n");
}

/** The text a diagnostic in `file` points into: the source's own, or that of a file it imports. */
export function textOf(file: string, source: Source): string {
  if (file === source.path) return source.text;
  return source.imports?.find((f) => f.file === file)?.source ?? "";
}

type Assigned = Record<string, number | boolean | string | Record<string, number | boolean | string>>;

/**
 * Parses `field=value,field=value` into a patch. A value is a number, true or
 * false, or else a string (an enum member is its name): `phase=steady`,
 * `name="a,b"` with quotes for commas or spaces, and inside quotes the
 * escapes of a Ved string (`\"`, `\\`, `\n`, `\t`, `\r`, `\u{...}`).
 */
export function parseAssignments(flag: string, text: string): Assigned {
  return mergeAssignments(flag, [text]);
}

/**
 * Every `flag` given, as one patch: a name set twice, in one flag or in two,
 * is refused rather than one value silently winning.
 */
export function mergeAssignments(flag: string, texts: string[]): Assigned {
  const patch: Assigned = {};
  for (const text of texts) {
    // `replicas[a]=3` sets one key of a map field.
    const item = /\s*([A-Za-z_][A-Za-z0-9_]*)(?:\[([A-Za-z_][A-Za-z0-9_]*)\])?\s*=\s*("(?:[^"\\]|\\.)*"|[^,]*?)\s*(?:,|$)/y;
    let at = 0;
    while (at < text.length) {
      item.lastIndex = at;
      const m = item.exec(text);
      if (!m || m[0].length === 0) throw new UserError(`${flag} ${text}: expected name=value, e.g. ${flag} workers=3`);
      at = item.lastIndex;
      const [, name, key, raw] = m;
      // No Ved field, param or enum member can have this name (the compiler refuses it), and as a key it would set a prototype.
      if (name === "__proto__") throw new UserError(`${flag} ${text}: '__proto__' cannot be a field or param name`);
      if (key === "__proto__") throw new UserError(`${flag} ${text}: '__proto__' cannot be an enum member, so it is no map's key`);
      const value = parseValue(flag, text, raw);
      if (key === undefined) {
        if (Object.hasOwn(patch, name)) throw new UserError(`${flag} ${text}: '${name}' is set twice`);
        define(patch, name, value);
        continue;
      }
      const map = Object.hasOwn(patch, name) ? patch[name] : define(patch, name, {});
      if (typeof map !== "object") throw new UserError(`${flag} ${text}: '${name}' is set whole and by key`);
      if (Object.hasOwn(map, key)) throw new UserError(`${flag} ${text}: '${name}[${key}]' is set twice`);
      define(map, key, value);
    }
  }
  return patch;
}

/** Defined, not assigned: an own data property whatever its name. */
function define<T>(into: object, name: string, value: T): T {
  Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

function parseValue(flag: string, text: string, raw: string): number | boolean | string {
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  if (!raw.startsWith('"')) return raw;
  const value = unquote(raw);
  if (value === null) throw new UserError(`${flag} ${text}: ${raw} is not a valid quoted string: the escapes are \\" \\\\ \\n \\t \\r and \\u{...}`);
  return value;
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r" };

/** A quoted value with Ved's string escapes decoded, or null when one is not an escape Ved knows. */
function unquote(raw: string): string | null {
  let out = "";
  const escape = /\\(?:u\{([0-9a-fA-F]{1,6})\}|([^]))|([^\\]+)/gy;
  const body = raw.slice(1, -1);
  for (const m of body.matchAll(escape)) {
    if (m[3] !== undefined) out += m[3];
    else if (m[2] !== undefined && Object.hasOwn(ESCAPES, m[2])) out += ESCAPES[m[2]];
    else if (m[1] !== undefined && isScalar(parseInt(m[1], 16))) out += String.fromCodePoint(parseInt(m[1], 16));
    else return null;
  }
  return out;
}

function isScalar(code: number): boolean {
  return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
}

/**
 * A patch from the command line with its times and durations read in Ved's
 * words: a time field or param given as ISO 8601 (`2026-12-01T10:00:00Z`), a
 * duration as a duration literal (`90s`, `1m30s`); milliseconds stay numbers.
 */
export function readTemporal(flag: string, patch: Assigned, types: Readonly<Record<string, string>>): Assigned {
  for (const [name, value] of Object.entries(patch)) {
    // A map's keys hold values of its type: `deadline[a]=2026-12-01T10:00:00Z`.
    if (typeof value === "object") {
      for (const [key, v] of Object.entries(value)) if (typeof v === "string") value[key] = temporal(flag, `${name}[${key}]`, v, types[name]);
    } else if (typeof value === "string") patch[name] = temporal(flag, name, value, types[name]);
  }
  return patch;
}

/** `value` as milliseconds when `name` holds a time or a duration; as it is otherwise. */
function temporal(flag: string, name: string, value: string, type: string | undefined): string | number {
  if (type === "time") {
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw new UserError(`${flag} ${name}=${value}: '${name}' is a time: write it as ISO 8601, e.g. ${name}=2026-12-01T10:00:00Z, or as milliseconds since the epoch`);
    return ms;
  }
  if (type === "duration") {
    const ms = parseDuration(value.replace(/^-/, ""));
    if (ms === null || ms > BigInt(Number.MAX_SAFE_INTEGER)) throw new UserError(`${flag} ${name}=${value}: '${name}' is a duration: write it as Ved does, e.g. ${name}=90s or ${name}=1m30s, or as milliseconds`);
    return (value.startsWith("-") ? -1 : 1) * Number(ms);
  }
  return value;
}
