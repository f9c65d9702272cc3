// Polling: the runtime reads the world on a schedule and observes what it
// returns — the level-triggered healing the seed describes, for a world that
// does not call back. A failed read is reported and tried again on schedule,
// never fatal; so is a read that takes longer than `poll.timeout` (its late
// answer, if it ever comes, is ignored: a newer read is on its way).
import { after, type Timer } from "./timers.js";
import type { Patch, PollOptions } from "./api.js";

export interface Poller {
  stop(): void;
}

export interface PollTarget<S> {
  id: string;
  observe(patch: Patch<S>): Promise<unknown>;
  report(error: Error): void;
  /** Runs the loop from what the instance has: the first read gave it nothing it could use. */
  wake(): void;
  stopped(): boolean;
}

/** How long a read may take by default: the interval, but no more than 30 s. */
export function pollTimeout(poll: PollOptions<unknown>): number {
  return poll.timeout ?? Math.min(poll.every, 30_000);
}

/**
 * Reads now, then every `poll.every` ms. Resolves once the first read is
 * answered or timed out, with the poller and whether that read queued an
 * observation. When it did but the domain rejects it, the instance is woken
 * anyway, so that it converges from what it has.
 */
export async function startPolling<S>(poll: PollOptions<S>, target: PollTarget<S>): Promise<{ poller: Poller; queued: boolean }> {
  let timer: Timer | null = null;
  const limit = pollTimeout(poll as PollOptions<unknown>);
  const read = async (first: boolean): Promise<boolean> => {
    try {
      const patch = await bounded(Promise.resolve().then(() => poll.read()), limit);
      if (patch === null || patch === undefined || target.stopped()) return false;
      // A patch the domain rejects (a wrong type, an invariant) is reported like a failed read.
      target.observe(patch).catch((error: Error) => {
        target.report(error);
        if (first) target.wake();
      });
      return true;
    } catch (error) {
      target.report(new Error(`${target.id}: polling failed: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
      return false;
    }
  };
  const again = () => {
    if (!target.stopped()) timer = after(poll.every, () => void read(false).then(again));
  };
  const queued = await read(true);
  again();
  return { poller: { stop: () => timer?.clear() }, queued };
}

/** `promise`, or a rejection once `ms` have passed without its answer. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: Timer | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = after(ms, () => reject(new Error(`the read did not answer within ${ms} ms (poll.timeout)`)));
  });
  return Promise.race([promise, timeout]).finally(() => timer?.clear());
}
