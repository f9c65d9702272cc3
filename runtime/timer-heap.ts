// One timer for many instances. A fleet (or a replica) hands each of its
// instances this clock instead of its own: every instance's wake goes into one
// min-heap, and only the earliest is armed on the clock underneath. 100,000
// instances waiting for their cooldowns cost one timer and no polling; a wake
// set, moved or cancelled costs O(log n).
import type { Clock } from "./api.js";

interface Entry {
  at: number;
  /** Breaks ties between equal instants: first set, first called. */
  order: number;
  fn: () => void;
  /** Its place in the heap, or -1 once it fired or was cancelled. */
  index: number;
}

export interface TimerHeap extends Clock {
  /** Timers set and not yet fired or cancelled. */
  readonly pending: number;
  /** How many times a timer was armed on the clock underneath (for the benchmark: one per earliest instant, not one per instance). */
  readonly armed: number;
  /** Cancels every timer. */
  clear(): void;
}

export function timerHeap(clock: Clock): TimerHeap {
  const heap: Entry[] = [];
  let order = 0;
  let armed = 0;
  /** The instant the clock underneath is armed for, and how to cancel it. */
  let armedAt: number | null = null;
  let cancelArmed: (() => void) | null = null;

  const less = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.order < b.order);
  const place = (e: Entry, i: number) => {
    heap[i] = e;
    e.index = i;
  };
  const up = (i: number) => {
    const e = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(e, heap[parent])) break;
      place(heap[parent], i);
      i = parent;
    }
    place(e, i);
  };
  const down = (i: number) => {
    const e = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const c = l + 1 < heap.length && less(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(heap[c], e)) break;
      place(heap[c], i);
      i = c;
    }
    place(e, i);
  };
  const remove = (e: Entry) => {
    const i = e.index;
    if (i < 0) return;
    e.index = -1;
    const last = heap.pop()!;
    if (last === e) return;
    place(last, i);
    up(i);
    down(last.index);
  };

  /** Arms the clock underneath for the earliest timer, when that changed. */
  const rearm = () => {
    const first = heap.length > 0 ? heap[0].at : null;
    if (first === armedAt) return;
    cancelArmed?.();
    cancelArmed = null;
    armedAt = first;
    if (first === null) return;
    armed++;
    cancelArmed = clock.setTimer(first, fire);
  };

  const fire = () => {
    cancelArmed = null;
    armedAt = null;
    const now = clock.now();
    // Every timer due is taken out before any is called: a callback that sets a new timer finds the heap consistent.
    const due: Entry[] = [];
    while (heap.length > 0 && heap[0].at <= now) {
      const e = heap[0];
      remove(e);
      due.push(e);
    }
    rearm();
    for (const e of due) e.fn();
  };

  return {
    now: () => clock.now(),
    setTimer(at, fn) {
      const e: Entry = { at, order: order++, fn, index: heap.length };
      heap.push(e);
      up(heap.length - 1);
      rearm();
      return () => {
        if (e.index < 0) return;
        remove(e);
        rearm();
      };
    },
    get pending() {
      return heap.length;
    },
    get armed() {
      return armed;
    },
    clear() {
      for (const e of heap) e.index = -1;
      heap.length = 0;
      rearm();
    },
  };
}
