// The source lines under a diagnostic, with the span underlined:
//
//     3 |     workers: int
//     4 |   }
//   > 5 |   goal wrkers == 5
//       |        ^^^^^^
//     6 | }
//
// Lines are split where the scanner splits them (lines.ts), so the frame
// shows the line the diagnostic names, whatever the file's line endings or
// the characters in its strings. A frame stays a few lines of a readable
// width however large the file: a span over many lines shows its first and
// last, a long line only the part around the span. Characters that a
// terminal would act on rather than show (controls, bidirectional
// overrides, line separators) are shown as a visible stand-in, one for one,
// so the columns still line up.
import type pc from "picocolors";
import { splitLines } from "./lines.js";

type Colors = ReturnType<typeof pc.createColors>;

export interface FrameSpan {
  start: { line: number; col: number };
  end: { line: number; col: number };
}

const LINES_ABOVE = 2;
const LINES_BELOW = 1;
/** A span over more lines than this shows its first two and its last, with `...` between. */
const MAX_MARKED_LINES = 4;
/** The widest line shown, in characters; a longer one is cut around the span. */
const MAX_WIDTH = 160;

export function codeFrame(source: string, span: FrameSpan, c: Colors): string {
  const lines = splitLines(source);
  const first = Math.min(Math.max(span.start.line, 1), lines.length);
  const last = Math.min(Math.max(span.end.line, first), lines.length);
  const shown: (number | "gap")[] = [];
  for (let n = Math.max(first - LINES_ABOVE, 1); n < first; n++) shown.push(n);
  if (last - first + 1 > MAX_MARKED_LINES) shown.push(first, first + 1, "gap", last);
  else for (let n = first; n <= last; n++) shown.push(n);
  for (let n = last + 1; n <= Math.min(last + LINES_BELOW, lines.length); n++) shown.push(n);
  const width = String(last + LINES_BELOW).length;
  const out: string[] = [];
  for (const n of shown) {
    if (n === "gap") {
      out.push(`  ${" ".repeat(width)} ${c.dim("|")} ${c.dim("...")}`);
      continue;
    }
    const text = lines[n - 1];
    const marked = n >= first && n <= last;
    // The marked columns of this line, 1-based, end exclusive; at least one.
    const from = n === first ? span.start.col : 1;
    const to = n === last ? span.end.col : text.length + 1;
    const { line, offset } = window(text, from);
    const gutter = `${marked ? c.red(c.bold(">")) : " "} ${String(n).padStart(width)} ${c.dim("|")}`;
    out.push(line.length > 0 ? `${gutter} ${line}` : gutter);
    if (marked) {
      const start = Math.max(from - offset, 1);
      const spacing = line.slice(0, start - 1).replace(/[^\t]/g, " ");
      const count = Math.max(Math.min(to, offset + line.length + 1) - Math.max(from, offset + 1), 1);
      out.push(`  ${" ".repeat(width)} ${c.dim("|")} ${spacing}${c.red(c.bold("^".repeat(count)))}`);
    }
  }
  return out.join("\n");
}

/** The part of a line shown, made visible, and how many characters were cut from its start. */
function window(text: string, col: number): { line: string; offset: number } {
  if (text.length <= MAX_WIDTH) return { line: visible(text), offset: 0 };
  const offset = Math.max(0, Math.min(col - 1 - MAX_WIDTH / 2, text.length - MAX_WIDTH));
  const cut = visible(text.slice(offset, offset + MAX_WIDTH));
  // A stand-in replaces the first and last shown characters, so the columns do not move.
  const head = offset > 0 ? `…${cut.slice(1)}` : cut;
  return { line: offset + MAX_WIDTH < text.length ? `${head.slice(0, -1)}…` : head, offset };
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** Each character a terminal would act on, one for one: a C0 control as its Control Pictures symbol, any other as U+FFFD. */
function visible(text: string): string {
  return text.replace(INVISIBLE, (ch) => {
    if (ch === "\t") return ch;
    const code = ch.charCodeAt(0);
    const stand = code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? "\u2421" : "\ufffd";
    // Keep the width in UTF-16 units: an astral format character takes two.
    return stand.padEnd(ch.length, "\ufffd");
  });
}
