// How a file store frames what it writes: one line per commit,
// `<checksum> <json>\n`, the checksum the first 12 hex digits of the JSON's
// SHA-256, the JSON an array of the commit's records (one checksum and one
// write per commit, not per record: the hashing was most of a busy store's
// CPU).
//
// Reading a journal back tells a torn tail from damage:
// - A torn tail is what a crash in the middle of an append leaves: bytes
//   after the last newline that are the beginning of a line as encodeLine
//   writes it (hex digits, a space, JSON), possibly followed by NUL bytes (a
//   file system may extend a file before its data lands). Nothing in it was
//   acknowledged — a commit is acknowledged only once its whole line,
//   newline included, is durable — so recovery cuts it off.
// - Anything else is damage and is refused: a whole line (one that ends in a
//   newline) whose checksum fails, wherever it is, even the last; a tail that
//   is not the start of a line; a tail that is a whole line whose newline was
//   overwritten.
import { createHash } from "node:crypto";

export function checksum(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${checksum(json)} ${json}\n`;
}

/** The value on a line (without its newline), or undefined when the line is damaged. */
export function decodeLine(line: string): unknown {
  const space = line.indexOf(" ");
  if (space !== 12) return undefined;
  const json = line.slice(space + 1);
  if (checksum(json) !== line.slice(0, space)) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    // A damaged line: undefined tells the caller, which refuses it naming the file and line.
    return undefined;
  }
}

export interface DecodedLog<T> {
  /** Every record, in order: a line holding an array is one commit of several. */
  records: T[];
  /** Bytes of the file up to the end of the last whole line: what remains once a torn tail is cut off. */
  goodLength: number;
  /** True when a torn tail followed the last whole line. */
  torn: boolean;
}

/**
 * Reads every record of a log. Only a torn tail is allowed (see above);
 * damage anywhere throws `corrupt(path, detail)`, naming the line.
 */
export function decodeLog<T>(bytes: Buffer, path: string, corrupt: (path: string, detail: string) => Error): DecodedLog<T> {
  const records: T[] = [];
  let offset = 0;
  let lineNo = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset);
    lineNo++;
    if (end < 0) {
      const problem = tailProblem(bytes.subarray(offset));
      if (problem) throw corrupt(path, `line ${lineNo} (the last, ${bytes.length - offset} bytes with no newline) ${problem}`);
      return { records, goodLength: offset, torn: true };
    }
    const value = decodeLine(bytes.toString("utf8", offset, end));
    if (value === undefined) {
      const later = end + 1 < bytes.length;
      throw corrupt(path, `line ${lineNo} is damaged ${later ? "but later lines are intact" : "and is a whole line (it ends in a newline), so no crash tore it"} (its checksum does not match)`);
    }
    const lineRecords = Array.isArray(value) ? value : [value];
    if (!lineRecords.every(isRecord)) throw corrupt(path, `line ${lineNo} holds something other than journal records`);
    records.push(...(lineRecords as T[]));
    offset = end + 1;
  }
  return { records, goodLength: offset, torn: false };
}

/** Why the bytes after the last newline are not a torn tail, or null when they are one. */
function tailProblem(tail: Buffer): string | null {
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--;
  const text = tail.toString("latin1", 0, end);
  if (end > 1 && decodeLine(tail.toString("utf8", 0, end - 1)) !== undefined) return "is a whole line whose newline was overwritten";
  const sum = text.slice(0, 12);
  if (!/^[0-9a-f]*$/.test(sum) || (text.length > 12 && !/^ [[{]/.test(text.slice(12, 14).padEnd(2, "[")))) return "is not the start of a journal line";
  if (text.includes("\0")) return "holds NUL bytes inside it";
  return null;
}

function isRecord(value: unknown): boolean {
  const r = value as { t?: unknown; seq?: unknown } | null;
  return typeof r === "object" && r !== null && typeof r.t === "string" && Number.isSafeInteger(r.seq);
}
