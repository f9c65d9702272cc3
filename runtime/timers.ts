// Timers for delays a user sets. Node's setTimeout takes at most 2^31 - 1 ms
// (about 24.8 days) and treats anything longer as 1 ms, with only a warning:
// an effect timeout, a retry delay or a poll interval of a month would fire at
// once. Every timer in the runtime whose delay comes from a user goes through
// here, and a longer delay is waited out as a chain of shorter timers.

/** The longest delay one Node timer can take. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Timer {
  /** Cancels the timer; calling it after it fired does nothing. */
  clear(): void;
}

/**
 * Calls `fn` once `ms` milliseconds have passed, however long that is.
 * `unref`: the timer alone does not keep the process alive. A delay past the
 * limit is measured on the wall clock (it spans weeks), so each link of the
 * chain waits for what is left of it.
 */
export function after(ms: number, fn: () => void, options: { unref?: boolean } = {}): Timer {
  let handle: ReturnType<typeof setTimeout> | null = null;
  const arm = (wait: number, then: () => void) => {
    handle = setTimeout(then, wait);
    if (options.unref) handle.unref?.();
  };
  if (!(ms > MAX_TIMER_MS)) {
    arm(Math.max(0, ms), () => ((handle = null), fn()));
  } else {
    const end = Date.now() + ms;
    const link = () => {
      const left = end - Date.now();
      if (left > 0) arm(Math.min(left, MAX_TIMER_MS), link);
      else (handle = null), fn();
    };
    link();
  }
  return {
    clear() {
      if (handle) clearTimeout(handle);
      handle = null;
    },
  };
}

/** Calls `fn` every `ms` milliseconds until cleared. */
export function every(ms: number, fn: () => void, options: { unref?: boolean } = {}): Timer {
  let current: Timer | null = null;
  let cleared = false;
  const next = () => {
    current = after(
      ms,
      () => {
        if (cleared) return;
        next();
        fn();
      },
      options,
    );
  };
  next();
  return {
    clear() {
      cleared = true;
      current?.clear();
    },
  };
}

/** Resolves once `ms` milliseconds have passed. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => after(ms, resolve));
}
