// Many instances of one domain in one process, by id, sharing a store. Each
// instance is started (resumed from the store) on first use and stays strictly
// one tick at a time; after each millisecond of observations and every few hundred ticks each
// yields to the event loop, which takes turns first-in first-out, so a busy
// instance cannot starve the others. Instances that wait for an instant share
// one timer (timer-heap.ts): a fleet of idle instances costs no polling.
import type { CreateOptions, Fleet, FleetOptions, Instance, InstanceOptions, ObserveOptions, ObserveResult, State, ValuesOf, Value } from "./api.js";
import { assertAgree } from "./params.js";
import { addMetrics, emptyMetrics } from "./metrics.js";
import { memoryStore } from "./store/memory.js";
import { checkClock, systemClock } from "./clock.js";
import { timerHeap } from "./timer-heap.js";

export function createFleet<S extends State<S>, P extends State<P>>(create: (options: CreateOptions<S, P>) => Instance<S>, options: FleetOptions<S, P> = {}): Fleet<S, Record<string, Record<string, Value>>, P> {
  const store = options.store ?? memoryStore();
  const timers = timerHeap(options.clock === undefined ? systemClock() : checkClock(options.clock));
  const running = new Map<string, Promise<Instance<S>>>();
  let stopped = false;

  const instance = (id: string, own: InstanceOptions<P> = {}): Promise<Instance<S>> => {
    if (stopped) return Promise.reject(new Error("the fleet is stopped"));
    if (typeof id !== "string" || id.length === 0) return Promise.reject(new TypeError("an instance id must be a non-empty string"));
    if (typeof own !== "object" || own === null) return Promise.reject(new TypeError(`instance '${id}': its options must be an object { params }`));
    const params = own.params ?? options.params;
    let started = running.get(id);
    // Running already: the params it was given must agree with those it runs with.
    if (started && own.params !== undefined) return started.then((i) => (assertAgree(id, i.getParams(), own.params as ValuesOf), i));
    if (!started) {
      let created: Instance<S>;
      try {
        // A bad id (or option) is refused by create(): a rejection, like every other failure here.
        created = create({ ...options, id, store, clock: timers, ...(params === undefined ? {} : { params }) });
        options.setup?.(created);
      } catch (error) {
        return Promise.reject(error);
      }
      started = created.start();
      running.set(id, started);
      // A failed start is not cached: the next call tries again.
      started.catch(() => running.delete(id));
    }
    return started;
  };

  return {
    instance,
    async observe(id: string, patch: Partial<S>, observeOptions?: ObserveOptions & InstanceOptions<P>): Promise<ObserveResult> {
      if (observeOptions?.params === undefined) return (await instance(id)).observe(patch, observeOptions);
      const { params, ...rest } = observeOptions;
      return (await instance(id, { params })).observe(patch, rest);
    },
    ids: () => [...running.keys()],
    get size() {
      return running.size;
    },
    async settled() {
      await Promise.all([...running.values()].map(async (p) => (await p).settled()));
    },
    async metrics() {
      const all = await Promise.all([...running.values()].map(async (p) => (await p).metrics()));
      return all.reduce(addMetrics, emptyMetrics());
    },
    async stop() {
      stopped = true;
      // An instance that failed to start was reported to whoever asked for it, and has nothing to stop.
      await Promise.all([...running.values()].map(async (p) => (await p.catch(() => null))?.stop()));
      running.clear();
      timers.clear();
    },
  };
}
