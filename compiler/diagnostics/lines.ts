// What a line is, once for everything that counts lines: the scanner's token
// positions, the code frames under diagnostics, and the language server's
// ranges. A line ends at `\r\n`, `\r` or `\n`, the three breaks the Language
// Server Protocol counts; U+2028, U+2029 and U+0085 are ordinary characters
// (a string may hold them), as they are to an editor's LSP client. Columns
// are 1-based and counted in UTF-16 code units, as LSP's are.

/** A line break, as above; match it at one place with `.lastIndex`, or split with it. */
export const LINE_BREAK = /\r\n|\r|\n/g;

/** The offset at which each line starts: 0 first, then just past every break. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(LINE_BREAK)) starts.push(m.index + m[0].length);
  return starts;
}

/** The text of each line, without its break. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** Turns offsets into 1-based lines and columns, in O(log lines) each. */
export class LineMap {
  private readonly starts: number[];

  constructor(text: string) {
    this.starts = lineStarts(text);
  }

  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1 };
  }
}
