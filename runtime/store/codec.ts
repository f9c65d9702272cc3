// How a file store writes records: one line per commit, `<checksum> <json>\n`,
// the JSON an array of the commit's records (one checksum and one write per
// commit, not per record: the hashing was most of a busy store's CPU). The
// checksum finds a commit torn by a crash (or a disk that lied); a torn commit
// can only be at the end of the journal, where recovery cuts it off whole.
import { createHash } from "node:crypto";

export function checksum(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${checksum(json)} ${json}\n`;
}

/** The value on a line, or undefined when the line is damaged. */
export function decodeLine(line: string): unknown {
  const space = line.indexOf(" ");
  if (space < 0) return undefined;
  const json = line.slice(space + 1);
  if (checksum(json) !== line.slice(0, space)) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

export interface DecodedLog<T> {
  /** Every record, in order: a line holding an array is one commit of several. */
  records: T[];
  /** Bytes of the file up to the end of the last good record: what survives a torn tail. */
  goodLength: number;
  /** True when damaged bytes followed the last good record. */
  torn: boolean;
}

/**
 * Reads every record of a log. Damage is allowed only at the end (a torn
 * write); damage followed by a good record means corruption, and throws.
 */
export function decodeLog<T>(bytes: Buffer, path: string, corrupt: (path: string, detail: string) => Error): DecodedLog<T> {
  const records: T[] = [];
  let offset = 0;
  let goodLength = 0;
  let damagedAt = -1;
  let lineNo = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset);
    lineNo++;
    if (end < 0) {
      // An unterminated last line: the write was cut short.
      if (damagedAt < 0) damagedAt = lineNo;
      break;
    }
    const value = decodeLine(bytes.toString("utf8", offset, end));
    if (value === undefined) {
      if (damagedAt < 0) damagedAt = lineNo;
    } else {
      if (damagedAt >= 0) throw corrupt(path, `line ${damagedAt} is damaged but later lines are intact`);
      if (Array.isArray(value)) records.push(...(value as T[]));
      else records.push(value as T);
      goodLength = end + 1;
    }
    offset = end + 1;
  }
  return { records, goodLength, torn: damagedAt >= 0 };
}
