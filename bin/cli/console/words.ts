// How a time and an owner are said, in the terminal (vedc inspect) and in
// the console's page alike: the page imports this module, compiled, as it is
// (it imports nothing, and runs in a browser as in Node).

/** `4.2 s ago`, `3 min ago`, `2 h ago`, `5 d ago`; `-` for no time. */
export function ago(at: number | null | undefined, now = Date.now()): string {
  if (at === null || at === undefined) return "-";
  return `${span(Math.max(0, now - at))} ago`;
}

/** `in 4.2 s`, `in 3 min`; `due` once the instant has passed (its controller wakes it, or is not running). */
export function fromNow(at: number, now = Date.now()): string {
  return at <= now ? "due" : `in ${span(at - now)}`;
}

function span(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

/** A stored instance's status in a word or a few: `converging (next scale_up)`, `waiting until 2026-12-01T10:01:00.000Z (in 45 s)`. */
export function statusText(r: { status: string; next: string | null; until?: number | null }, now = Date.now()): string {
  if (r.status === "converging" && r.next) return `converging (next ${r.next})`;
  if ((r.status === "waiting" || r.status === "converged") && typeof r.until === "number") return `${r.status} until ${new Date(r.until).toISOString()} (${fromNow(r.until, now)})`;
  return r.status;
}

/** Who holds an instance: a file store's process (whose name says if it is gone), or a replica and its lease. */
export function ownerText(owner: { name: string; live: boolean; leaseUntil?: number | null; fence?: number } | null, now = Date.now()): string {
  if (owner === null) return "none";
  if (owner.leaseUntil === undefined) return owner.name;
  if (owner.leaseUntil === null || !owner.live) return `${owner.name} (lease ran out)`;
  return `${owner.name} (lease ${((owner.leaseUntil - now) / 1000).toFixed(1)} s left, fence ${owner.fence})`;
}
