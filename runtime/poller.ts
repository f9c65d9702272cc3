// Polling: the runtime reads the world on a schedule and observes what it
// returns — the level-triggered healing the seed describes, for a world that
// does not call back. A failed read is reported and tried again on schedule,
// never fatal.
import type { PollOptions } from "./api.js";

export interface Poller {
  stop(): void;
}

export interface PollTarget<S> {
  id: string;
  observe(patch: Partial<S>): Promise<unknown>;
  report(error: Error): void;
  stopped(): boolean;
}

/** Reads now, then every `poll.every` ms; resolves with the poller and whether the first read queued an observation. */
export async function startPolling<S>(poll: PollOptions<S>, target: PollTarget<S>): Promise<{ poller: Poller; queued: boolean }> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const read = async (): Promise<boolean> => {
    try {
      const patch = await poll.read();
      if (patch === null || patch === undefined || target.stopped()) return false;
      // A patch the domain rejects (a wrong type, an invariant) is reported like a failed read.
      target.observe(patch).catch((error: Error) => target.report(error));
      return true;
    } catch (error) {
      target.report(new Error(`${target.id}: polling failed: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
      return false;
    }
  };
  const again = () => {
    if (!target.stopped()) timer = setTimeout(() => void read().then(again), poll.every);
  };
  const queued = await read();
  again();
  return { poller: { stop: () => timer && clearTimeout(timer) }, queued };
}
