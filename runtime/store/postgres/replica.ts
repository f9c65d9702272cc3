// A replica: one of several processes running the same domain's instances on
// one PostgreSQL database. Each instance is driven by exactly one replica at a
// time (the store's lease); a replica takes over instances whose lease ran out
// (their replica died) as it scans, and instances spread over the replicas as
// each claims its share. An observation made on any replica reaches the one
// driving the instance through the database's inbox and LISTEN/NOTIFY.
//
// A replica outlives its database: while PostgreSQL is down its scans fail
// (and are reported), its instances ride the outage out within their lease
// or stop at its deadline, and when the database is back it listens again,
// reads the inboxes NOTIFYs could not announce, and takes up the instances
// whose lease ran out, its own included.
import { InstanceLockedError } from "../../errors.js";
import { after, type Timer } from "../../timers.js";
import type { PostgresStore } from "./index.js";
import { assertAgree } from "../../params.js";
import { checkClock, systemClock } from "../../clock.js";
import { timerHeap } from "../../timer-heap.js";
import type { Domain, FleetOptions, Instance, InstanceOptions, ObserveOptions, ObserveResult, StateOf, ValuesOf } from "../../api.js";

export interface ReplicaOptions<S> extends Omit<FleetOptions<S>, "store"> {
  store: PostgresStore;
  /** Milliseconds between scans for instances no live replica drives. Default: half the lease. */
  scanEvery?: number;
  /**
   * Told what went wrong in the background: a scan or an inbox read that
   * failed (both are tried again), the LISTEN connection lost and made again,
   * an instance stopped for a lost lease. Default: a line on stderr.
   */
  onError?: (error: Error) => void;
}

export type ReplicaObserveResult = ObserveResult | { applied: false; reason: "forwarded" };

export interface Replica<S> {
  /**
   * Applies an observation here when this replica drives (or can take) the
   * instance; otherwise sends it to the one that does. `options.params` are
   * a new instance's own params (see InstanceOptions); one that another
   * replica drives already has its params, journaled.
   */
  observe(id: string, patch: Partial<S>, options?: ObserveOptions & InstanceOptions): Promise<ReplicaObserveResult>;
  /** The ids of the instances this replica drives now. */
  ids(): string[];
  /** The instance, when this replica drives it. */
  instance(id: string): Promise<Instance<S>> | undefined;
  /** Looks for orphaned instances now, rather than at the next scan. */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

export async function replica<S extends StateOf>(domain: Domain<S>, options: ReplicaOptions<S>): Promise<Replica<S>> {
  const { store, scanEvery = Math.max(50, store.lease / 2), setup, onError, ...createOptions } = options;
  if (typeof scanEvery !== "number" || !Number.isFinite(scanEvery) || scanEvery <= 0) throw new RangeError(`scanEvery must be a finite number of milliseconds > 0, got ${String(scanEvery)}`);
  const report = onError ?? ((error: Error) => process.stderr.write(`[vedc replica ${store.owner}] ${error.message}\n`));
  const driving = new Map<string, Promise<Instance<S>>>();
  // The instances driven here wait on one timer: each wakes at its instant, on the replica that owns it (a takeover computes it again).
  const timers = timerHeap(createOptions.clock === undefined ? systemClock() : checkClock(createOptions.clock));
  let stopped = false;

  /** Starts driving an instance; rejects with InstanceLockedError when another replica drives it. */
  const claim = (id: string, params?: ValuesOf): Promise<Instance<S>> => {
    const running = driving.get(id);
    if (running) return params === undefined ? running : running.then((i) => (assertAgree(id, i.getParams(), params), i));
    const given = params ?? createOptions.params;
    const instance = domain.create({ ...createOptions, id, store, clock: timers, ...(given === undefined ? {} : { params: given }) });
    setup?.(instance);
    instance.on("error", (error) => {
      // A lost lease stops the instance for good: forget it, so that a later scan takes it up afresh.
      if (instance.status() !== "failed") return;
      if (driving.get(id) === started) driving.delete(id);
      report(error);
    });
    const started = instance.start();
    driving.set(id, started);
    started.then(
      () => deliver(id),
      () => driving.get(id) === started && driving.delete(id),
    );
    return started;
  };

  const tryClaim = async (id: string, params?: ValuesOf): Promise<Instance<S> | null> => {
    try {
      return await claim(id, params);
    } catch (error) {
      if (error instanceof InstanceLockedError) return null;
      throw error;
    }
  };

  /** Deliveries running, by id; a request while one runs makes it read the inbox once more. */
  const delivering = new Map<string, { again: boolean }>();

  /** Applies what waits in the instance's inbox, then removes it; a crash in between re-applies it harmlessly (by key). */
  const deliver = (id: string): void => {
    const running = delivering.get(id);
    if (running) return void (running.again = true);
    const state = { again: true };
    delivering.set(id, state);
    void (async () => {
      try {
        while (state.again && !stopped) {
          state.again = false;
          // Not driven here after all (a claim that another replica won, or that failed): nothing to deliver.
          const instance = await driving.get(id)?.catch(() => null);
          if (!instance) return;
          await drainInbox(id, instance);
        }
      } catch (error) {
        // Left in the inbox: the next scan reads it again.
        report(new Error(`reading the inbox of '${id}' failed: ${(error as Error).message}`, { cause: error }));
      } finally {
        delivering.delete(id);
      }
    })();
  };

  const drainInbox = async (id: string, instance: Instance<S>): Promise<void> => {
    const messages = await store.inbox(id);
    const done: number[] = [];
    for (const m of messages) {
      try {
        await instance.observe(m.patch as Partial<S>, { key: m.key, ...(m.version === undefined ? {} : { version: m.version }) });
      } catch (error) {
        // The instance stopped: the message stays for whoever drives it next.
        if (instance.status() === "failed" || instance.status() === "stopped") break;
        // The domain refused the message itself (a wrong type, an invariant): removed, and said.
        report(new Error(`an observation sent to '${id}' was refused: ${(error as Error).message}`, { cause: error }));
      }
      done.push(m.row);
    }
    await store.ackInbox(done);
  };

  const scan = async (): Promise<void> => {
    if (stopped) return;
    const [orphans, owners] = await Promise.all([store.orphans(domain.name), store.owners()]);
    // Claim a fair share: with n live replicas (this one counted), about 1/n of the orphans, at random.
    const live = Math.max(1, owners.length + (owners.includes(store.owner) ? 0 : 1));
    for (const id of orphans) if (!stopped && (live === 1 || Math.random() < 1 / live)) await tryClaim(id);
    // NOTIFYs are wake-ups that can be lost; the inbox itself is the truth.
    await inboxes();
  };

  /** Delivers to each instance driven here that has messages waiting. */
  const inboxes = async (): Promise<void> => {
    for (const id of await store.inboxWaiting([...driving.keys()])) deliver(id);
  };

  const unlisten = await store.listen(
    (id) => {
      if (driving.has(id)) deliver(id);
    },
    {
      reconnected: () => void inboxes().catch((error) => report(new Error(`reading the inboxes after reconnecting failed: ${(error as Error).message}`, { cause: error }))),
      error: report,
    },
  );
  let timer: Timer | null = null;
  const loop = () => {
    timer = after(scanEvery, () => {
      void scan()
        .catch((error) => report(new Error(`scanning for instances failed: ${(error as Error).message}; trying again in ${scanEvery} ms`, { cause: error })))
        .finally(() => !stopped && loop());
    });
  };
  loop();

  return {
    async observe(id, patch, { params, ...observeOptions } = {}) {
      // Checked here too: a forwarded observation must be one its instance can apply.
      try {
        domain.checkObservation(patch, observeOptions);
      } catch (error) {
        createOptions.telemetry?.rejected?.(domain.name);
        throw error;
      }
      const instance = await tryClaim(id, params as ValuesOf | undefined);
      if (instance && instance.status() !== "failed") return instance.observe(patch, observeOptions);
      await store.send(id, patch as StateOf, observeOptions);
      return { applied: false, reason: "forwarded" };
    },
    ids: () => [...driving.keys()],
    instance: (id) => driving.get(id),
    scan,
    async stop() {
      stopped = true;
      timer?.clear();
      await unlisten();
      // An instance that failed to start was reported (claim's callers, the error listener), and has nothing to stop.
      await Promise.all([...driving.values()].map(async (p) => (await p.catch(() => null))?.stop()));
      driving.clear();
      timers.clear();
    },
  };
}
