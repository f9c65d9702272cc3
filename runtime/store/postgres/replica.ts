// A replica: one of several processes running the same domain's instances on
// one PostgreSQL database. Each instance is driven by exactly one replica at a
// time (the store's lease); a replica takes over instances whose lease ran out
// (their replica died) as it scans, and instances spread over the replicas as
// each claims its share. An observation made on any replica reaches the one
// driving the instance through the database's inbox and LISTEN/NOTIFY.
import { InstanceLockedError } from "../../errors.js";
import type { PostgresStore } from "./index.js";
import type { Domain, FleetOptions, Instance, ObserveOptions, ObserveResult, StateOf } from "../../api.js";

export interface ReplicaOptions<S> extends Omit<FleetOptions<S>, "store"> {
  store: PostgresStore;
  /** Milliseconds between scans for instances no live replica drives. Default: half the lease. */
  scanEvery?: number;
}

export type ReplicaObserveResult = ObserveResult | { applied: false; reason: "forwarded" };

export interface Replica<S> {
  /** Applies an observation here when this replica drives (or can take) the instance; otherwise sends it to the one that does. */
  observe(id: string, patch: Partial<S>, options?: ObserveOptions): Promise<ReplicaObserveResult>;
  /** The ids of the instances this replica drives now. */
  ids(): string[];
  /** The instance, when this replica drives it. */
  instance(id: string): Promise<Instance<S>> | undefined;
  /** Looks for orphaned instances now, rather than at the next scan. */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

export async function replica<S extends StateOf>(domain: Domain<S>, options: ReplicaOptions<S>): Promise<Replica<S>> {
  const { store, scanEvery = Math.max(50, store.lease / 2), setup, ...createOptions } = options;
  const driving = new Map<string, Promise<Instance<S>>>();
  let stopped = false;

  /** Starts driving an instance; null when another replica drives it. */
  const claim = (id: string): Promise<Instance<S>> | null => {
    const running = driving.get(id);
    if (running) return running;
    const instance = domain.create({ ...createOptions, id, store });
    setup?.(instance);
    instance.on("error", () => {
      // A lost lease stops the instance for good: forget it, so that a later claim starts afresh.
      if (instance.status() === "failed") driving.delete(id);
    });
    const started = instance.start().then(async (i) => {
      await deliver(id, i);
      return i;
    });
    driving.set(id, started);
    return started;
  };

  const tryClaim = async (id: string): Promise<Instance<S> | null> => {
    try {
      return await claim(id);
    } catch (error) {
      driving.delete(id);
      if (error instanceof InstanceLockedError) return null;
      throw error;
    }
  };

  /** Applies what waits in the instance's inbox, then removes it; a crash in between re-applies it harmlessly (by key). */
  const deliver = async (id: string, instance: Instance<S>): Promise<void> => {
    const messages = await store.inbox(id);
    const applied: number[] = [];
    for (const m of messages) {
      await instance.observe(m.patch as Partial<S>, { key: m.key, ...(m.version === undefined ? {} : { version: m.version }) }).catch(() => {});
      applied.push(m.row);
    }
    await store.ackInbox(applied);
  };

  const scan = async (): Promise<void> => {
    if (stopped) return;
    const [orphans, owners] = await Promise.all([store.orphans(domain.name), store.owners()]);
    // Claim a fair share: with n live replicas (this one counted), about 1/n of the orphans, at random.
    const live = Math.max(1, owners.length + (owners.includes(store.owner) ? 0 : 1));
    for (const id of orphans) if (!stopped && (live === 1 || Math.random() < 1 / live)) await tryClaim(id);
  };

  const unlisten = await store.listen((id) => {
    const running = driving.get(id);
    if (running) void running.then((i) => deliver(id, i)).catch(() => {});
  });
  let timer: ReturnType<typeof setTimeout> | null = null;
  const loop = () => {
    timer = setTimeout(() => void scan().catch(() => {}).finally(() => !stopped && loop()), scanEvery);
  };
  loop();

  return {
    async observe(id, patch, observeOptions) {
      const instance = await tryClaim(id);
      if (instance && instance.status() !== "failed") return instance.observe(patch, observeOptions);
      await store.send(id, patch as StateOf, observeOptions);
      return { applied: false, reason: "forwarded" };
    },
    ids: () => [...driving.keys()],
    instance: (id) => driving.get(id),
    scan,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await unlisten();
      await Promise.all([...driving.values()].map(async (p) => (await p.catch(() => null))?.stop()));
      driving.clear();
    },
  };
}
