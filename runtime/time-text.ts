// Times and durations in Ved's words, wherever a person reads a value: a time
// as ISO 8601 in UTC (`2026-12-01T10:00:00.000Z`), a duration as a Ved
// duration literal (`1m30s`, `250ms`), which reads back as the same value.
// Everything else as JavaScript prints it. Imports nothing: the compiler
// uses it too, for defaults in messages and doc comments.

/** The units of a duration, largest first, in milliseconds. */
export const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
];

/** `90000` → `1m30s`; `0` → `0s`; `-250` → `-250ms`. */
export function durationText(ms: number): string {
  if (!Number.isSafeInteger(ms)) return `${String(ms)}ms`;
  if (ms === 0) return "0s";
  let rest = Math.abs(ms);
  let text = ms < 0 ? "-" : "";
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n === 0) continue;
    text += `${n}${unit}`;
    rest -= n * size;
  }
  return text;
}

/** `0` → `1970-01-01T00:00:00.000Z`; an instant no Date can hold stays milliseconds (`9e15ms after the epoch`). */
export function timeText(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${String(ms)}ms after the epoch` : date.toISOString();
}

/** A value in Ved's words when its Ved type is known (`time`, `duration`); else as JavaScript prints it. */
export function valueText(value: unknown, type?: string): string {
  if (typeof value === "number" && type === "time") return timeText(value);
  if (typeof value === "number" && type === "duration") return durationText(value);
  // A map field's value: each member with its value, in the enum's order (`{a: 0, b: 2}`); a string quoted, as in Ved.
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${typeof v === "string" ? JSON.stringify(v) : valueText(v, type)}`).join(", ")}}`;
  }
  return String(value);
}

/**
 * The milliseconds a duration literal means (`1m30s` → 90000), as a bigint
 * so that a caller can check the range; null when `text` is not one.
 */
export function parseDuration(text: string): bigint | null {
  const part = /([0-9][0-9_]*)(ms|d|h|m|s)/y;
  let total = 0n;
  let at = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const m = part.exec(text);
    if (!m) return null;
    total += BigInt(m[1].replace(/_/g, "")) * BigInt(DURATION_UNITS.find(([u]) => u === m[2])![1]);
    at = part.lastIndex;
  }
  return at === 0 ? null : total;
}

/**
 * A duration as a person types it on the command line (`--advance 90s`,
 * `--param cooldown=1m30s`, `1m + 30s`): milliseconds, or null when it is not
 * a duration a safe integer holds.
 */
export function durationMs(text: string): number | null {
  const literal = text.trim().replace(/\s*\+\s*/g, "");
  const ms = /\s/.test(literal) ? null : parseDuration(literal);
  return ms !== null && ms <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(ms) : null;
}

/** An ISO 8601 instant with a date and a time (`2026-12-01T10:00:00Z`; no zone means UTC): ms since the epoch, or null. */
export function parseTime(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null;
  const zoned = /T/.test(t) && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}
