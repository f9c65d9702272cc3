// The imperative shell around the pure core: a queue of observations, a loop
// that runs one tick at a time, and events. Nothing here ever runs two ticks
// at once: one drain loop owns the state, observations wait in the queue until
// the loop has converged or got stuck after the previous one.
import { checkMaxTicks, failingGoals, limitError, tick } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import type { CreateOptions, Instance, InstanceEvents, InstanceStatus, Settled, State, StateOf } from "./types.js";
import { validatePatch } from "./validate.js";

interface Pending<S> {
  patch: Partial<S>;
  resolve(): void;
  reject(error: Error): void;
}

type Listeners<S> = { [E in keyof InstanceEvents<S>]: Set<(payload: InstanceEvents<S>[E]) => void> };

export class DomainInstance<S extends State<S>> implements Instance<S> {
  readonly id: string;
  private state: Readonly<S>;
  private current: InstanceStatus = "idle";
  private ticks = 0;
  private readonly maxTicks: number;
  private readonly queue: Pending<S>[] = [];
  private draining = false;
  private readonly waiters: ((s: Settled<S>) => void)[] = [];
  private readonly listeners: Listeners<S> = { transition: new Set(), observed: new Set(), converged: new Set(), stuck: new Set(), error: new Set() };

  constructor(
    private readonly spec: DomainSpec<S>,
    options: CreateOptions<S> = {},
  ) {
    this.id = options.id ?? spec.meta.name;
    this.maxTicks = checkMaxTicks(options.maxTicks);
    const state = spec.initial();
    if (options.state !== undefined) {
      for (const [k, v] of validatePatch(spec.meta, options.state, "the initial state")) (state as StateOf)[k] = v;
    }
    this.state = Object.freeze(state);
  }

  start(): this {
    if (this.current === "stopped") throw new Error(`${this.id}: a stopped instance cannot be started again`);
    if (this.current === "idle") {
      this.current = "running";
      void this.drain(true);
    }
    return this;
  }

  observe(patch: Partial<S>): Promise<void> {
    if (this.current === "stopped") return Promise.reject(new Error(`${this.id}: the instance is stopped`));
    try {
      validatePatch(this.spec.meta, patch, "observation");
    } catch (error) {
      return Promise.reject(error);
    }
    // Copy now: a caller mutating its object later must not change what we apply.
    const own = { ...patch };
    return new Promise((resolve, reject) => {
      this.queue.push({ patch: own, resolve, reject });
      if (this.current !== "idle") void this.drain(false);
    });
  }

  settled(): Promise<Settled<S>> {
    if (this.isIdle()) return Promise.resolve(this.snapshot());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  getState(): Readonly<S> {
    return this.state;
  }

  status(): InstanceStatus {
    return this.current;
  }

  on<E extends keyof InstanceEvents<S>>(event: E, listener: (payload: InstanceEvents<S>[E]) => void): () => void {
    const set = this.listeners[event];
    if (!set) throw new Error(`unknown event '${String(event)}'; events are ${Object.keys(this.listeners).join(", ")}`);
    set.add(listener);
    return () => set.delete(listener);
  }

  stop(): void {
    if (this.current === "stopped") return;
    this.current = "stopped";
    for (const pending of this.queue.splice(0)) pending.reject(new Error(`${this.id}: the instance was stopped before this observation was applied`));
    this.notifySettled();
  }

  // ---- the loop ---------------------------------------------------------------

  /** A method, not a narrowed field read: stop() can run while drain() awaits. */
  private isStopped(): boolean {
    return this.current === "stopped";
  }

  private isIdle(): boolean {
    return this.current === "stopped" || (this.current !== "idle" && !this.draining && this.queue.length === 0);
  }

  private snapshot(): Settled<S> {
    return { status: this.current, state: this.state, ticks: this.ticks };
  }

  /** The only place state changes. Re-entrant calls return at once: the running drain picks their work up. */
  private async drain(wake: boolean): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      if (wake) this.converge();
      while (this.queue.length > 0 && !this.isStopped()) {
        // Let callers queue more and listeners run between observations.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const next = this.queue.shift();
        if (!next || this.isStopped()) break;
        this.apply(next);
        this.converge();
      }
    } finally {
      this.draining = false;
      this.notifySettled();
    }
  }

  private apply(pending: Pending<S>): void {
    const before = this.state;
    const draft = this.spec.copy(before);
    Object.assign(draft, pending.patch);
    this.state = Object.freeze(draft);
    this.emit("observed", { patch: pending.patch, before, after: this.state });
    pending.resolve();
  }

  /** Ticks until the goals hold, no transition is valid, a step fails, or the tick bound is hit. */
  private converge(): void {
    const recent: string[] = [];
    while (this.current !== "stopped") {
      const result = tick(this.spec, this.state);
      if (result.kind === "applied") {
        const before = this.state;
        this.state = Object.freeze(result.state);
        this.ticks++;
        recent.push(result.name);
        if (this.listeners.transition.size > 0) {
          this.emit("transition", { name: result.name, failing: failingGoals(this.spec, before), tick: this.ticks, before, after: this.state });
        }
        if (recent.length >= this.maxTicks) {
          if (tick(this.spec, this.state).kind === "converged") continue;
          this.current = "limit";
          this.emit("error", limitError(this.spec.meta, this.maxTicks, recent));
          return;
        }
        continue;
      }
      if (result.kind === "converged") {
        const was = this.current;
        this.current = "converged";
        if (was !== "converged" || recent.length > 0) this.emit("converged", { state: this.state, tick: this.ticks });
      } else if (result.kind === "stuck") {
        this.current = "stuck";
        this.emit("stuck", { state: this.state, failing: result.failing });
      } else {
        this.current = "error";
        this.emit("error", result.error);
      }
      return;
    }
  }

  private notifySettled(): void {
    if (!this.isIdle()) return;
    const snapshot = this.snapshot();
    for (const resolve of this.waiters.splice(0)) resolve(snapshot);
  }

  private emit<E extends keyof InstanceEvents<S>>(event: E, payload: InstanceEvents<S>[E]): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(payload);
      } catch (error) {
        // A listener's bug must not break the loop; report it unless it came from an error listener.
        if (event !== "error") this.emit("error", error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
