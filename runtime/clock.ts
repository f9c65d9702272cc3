// The clock is an input, like an observation: an instance of a domain that
// reads `now` asks its clock for the instant once per tick, and is woken by it
// when time alone will change what it would do. Tests and `vedc run` give a
// manual clock, moved by hand; everything else runs on the system clock.
import { after, type Timer } from "./timers.js";
import type { Clock, ManualClock } from "./api.js";

/**
 * The system clock: `Date.now()`, and Node timers. A timer keeps the process
 * alive, as a waiting instance has work to do at its instant (stop() cancels
 * it). A timer never
 * fires before the instant it was set for: one woken early (timers and the
 * wall clock can disagree by a millisecond) waits again for the rest.
 */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimer(at, fn) {
      let timer: Timer | null = null;
      let cancelled = false;
      const wait = () => {
        if (cancelled) return;
        const left = at - Date.now();
        if (left > 0) timer = after(left, wait);
        else fn();
      };
      // Never called back before setTimer returns, even for an instant already past.
      timer = after(Math.max(0, at - Date.now()), wait);
      return () => {
        cancelled = true;
        timer?.clear();
      };
    },
  };
}

/** A clock that moves only when told: for tests, and `vedc run --now --advance`. */
export function manualClock(start = 0): ManualClock {
  checkInstant(start, "the start of a manual clock");
  let now = start;
  let order = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const earliest = () => {
    let best: number | null = null;
    for (const [k, t] of timers) if (best === null || t.at < timers.get(best)!.at) best = k;
    return best;
  };
  return {
    now: () => now,
    setTimer(at, fn) {
      const key = order++;
      timers.set(key, { at, fn });
      return () => void timers.delete(key);
    },
    set(at) {
      checkInstant(at, "the instant a manual clock is set to");
      for (let k = earliest(); k !== null && timers.get(k)!.at <= at; k = earliest()) {
        const t = timers.get(k)!;
        timers.delete(k);
        now = Math.max(now, t.at);
        t.fn();
      }
      now = Math.max(now, at);
    },
    next() {
      const k = earliest();
      return k === null ? null : timers.get(k)!.at;
    },
  };
}

/** Reads `options.clock`: a clock has a `now()` and a `setTimer(at, fn)`. */
export function checkClock(clock: unknown): Clock {
  const c = clock as Partial<Clock> | null;
  if (typeof c !== "object" || c === null || typeof c.now !== "function" || typeof c.setTimer !== "function") {
    throw new TypeError("clock must be { now(): milliseconds since the epoch, setTimer(at, fn): cancel }");
  }
  return { now: c.now.bind(c), setTimer: c.setTimer.bind(c) };
}

/** The instant a clock gave: milliseconds since the epoch, a safe integer. */
export function readNow(clock: Clock): number {
  const now = clock.now();
  checkInstant(now, "the clock's now()");
  return now;
}

function checkInstant(at: unknown, what: string): asserts at is number {
  if (!Number.isSafeInteger(at)) throw new RangeError(`${what} must be a whole number of milliseconds since the epoch, got ${String(at)}`);
}
