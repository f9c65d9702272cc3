// Times and durations in Ved's words, wherever a person reads them (`vedc
// run`, traces, `vedc inspect` and `history`): an instant as ISO 8601 in UTC,
// `2026-12-01T10:00:00.000Z`; a duration as Ved writes it, `1m`, `1m + 30s`,
// `250ms`. Both are read back the same way (`--now`, `--advance`, `--param`).

const UNITS: readonly [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
  ["ms", 1],
];

/** `90000` → `1m + 30s`; `0` → `0s`; `-1500` → `-(1s + 500ms)`. */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) {
    const text = durationText(-ms);
    return text.includes(" ") ? `-(${text})` : `-${text}`;
  }
  if (ms === 0) return "0s";
  const parts: string[] = [];
  let left = Math.round(ms);
  for (const [unit, size] of UNITS) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${unit}`);
    left -= n * size;
  }
  return parts.join(" + ");
}

/** An instant, in ms since the epoch, as ISO 8601 in UTC. */
export function timeText(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** A value as a person reads it, by its Ved type: times and durations in Ved's words, everything else as it is. */
export function valueText(value: unknown, type: string | undefined): string {
  if (typeof value === "number" && type === "time") return timeText(value);
  if (typeof value === "number" && type === "duration") return durationText(value);
  return String(value);
}

/** `1m + 30s`, `250ms`, `1d`, `2h30m` (units may also follow one another without a `+`): ms, or null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (!/^\d/.test(t)) return null;
  let total = 0;
  const part = /\s*(\d+)\s*(ms|d|h|m|s)\s*(\+\s*)?/y;
  let at = 0;
  while (at < t.length) {
    part.lastIndex = at;
    const m = part.exec(t);
    if (!m) return null;
    total += Number(m[1]) * UNITS.find(([u]) => u === m[2])![1];
    at = part.lastIndex;
  }
  return Number.isSafeInteger(total) ? total : null;
}

/** An ISO 8601 instant with a date and a time (`2026-12-01T10:00:00Z`; no zone means UTC): ms since the epoch, or null. */
export function parseTime(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null;
  const zoned = /T/.test(t) && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}
