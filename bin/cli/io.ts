// What every command shares: reading sources, printing diagnostics, and the
// one kind of error the CLI prints without a stack trace.
import { readFile } from "node:fs/promises";
import { renderDiagnostic, type Diagnostic } from "../../compiler/index.js";

/** A mistake of the user's: printed as one clear message, exit status 1. */
export class UserError extends Error {}

export interface Source {
  path: string;
  text: string;
}

export async function readSource(path: string): Promise<Source> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new UserError(`cannot read ${path}: ${why}`);
  }
  // Invalid UTF-8 decodes to U+FFFD, which the parser reports as binary data with a location.
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
  return { path, text };
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if ("NO_COLOR" in process.env) return false;
  if ("FORCE_COLOR" in process.env) return true;
  return stream.isTTY === true;
}

export function printDiagnostics(diagnostics: Diagnostic[], source: Source): void {
  const color = useColor(process.stderr);
  for (const d of diagnostics) process.stderr.write(renderDiagnostic(d, source.text, { color }) + "\n\n");
}

/**
 * Parses `field=value,field=value` into a patch. A value is a number, true or
 * false, or else a string (an enum member is its name): `phase=steady`,
 * `name="a,b"` with quotes for commas or spaces.
 */
export function parseAssignments(flag: string, text: string): Record<string, number | boolean | string> {
  const patch: Record<string, number | boolean | string> = {};
  const item = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^,]*?)\s*(?:,|$)/y;
  let at = 0;
  while (at < text.length) {
    item.lastIndex = at;
    const m = item.exec(text);
    if (!m || m[0].length === 0) throw new UserError(`${flag} ${text}: expected name=value, e.g. ${flag} workers=3`);
    at = item.lastIndex;
    const [, name, raw] = m;
    let value: number | boolean | string;
    if (raw === "true" || raw === "false") value = raw === "true";
    else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) value = Number(raw);
    else if (raw.startsWith('"')) value = JSON.parse(raw) as string;
    else value = raw;
    if (Object.hasOwn(patch, name)) throw new UserError(`${flag} ${text}: '${name}' is set twice`);
    Object.defineProperty(patch, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return patch;
}
