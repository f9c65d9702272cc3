// The imperative shell around the pure core: a queue of observations, a loop
// that runs one tick at a time, effect dispatch, and events. Nothing here ever
// runs two ticks at once: one drain loop owns the state, and observations wait
// in the queue until the loop has converged or got stuck after the previous one.
import { initialState, resolveParams } from "./inputs.js";
import { EffectError, InvariantError } from "./errors.js";
import { brokenInvariant, checkMaxTicks, failingGoals, limitError, tick } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import type { CreateOptions, EffectCall, EffectHandlers, Instance, InstanceEvents, InstanceStatus, Settled, State } from "./types.js";
import { validatePatch } from "./validate.js";

interface Pending<S> {
  patch: Partial<S>;
  resolve(): void;
  reject(error: Error): void;
}

type Events<S> = InstanceEvents<S>;
type Listeners<S> = { [K in keyof Events<S>]: Set<(payload: Events<S>[K]) => void> };
type Handlers = EffectHandlers<Record<string, Record<string, unknown>>>;

export class DomainInstance<S extends State<S>, P extends State<P>> implements Instance<S> {
  readonly id: string;
  private state: Readonly<S>;
  private readonly params: Readonly<P>;
  private current: InstanceStatus = "idle";
  private ticks = 0;
  private readonly maxTicks: number;
  private readonly handlers: Handlers | undefined;
  private readonly queue: Pending<S>[] = [];
  private draining = false;
  /** Effects run one after another, in the order their transitions were applied. */
  private effectsDone: Promise<void> = Promise.resolve();
  private effectsInFlight = 0;
  private readonly waiters: ((s: Settled<S>) => void)[] = [];
  private readonly listeners: Listeners<S> = { transition: new Set(), observed: new Set(), effect: new Set(), converged: new Set(), stuck: new Set(), error: new Set() };

  constructor(
    private readonly spec: DomainSpec<S, P>,
    options: CreateOptions<S, P> = {},
  ) {
    this.id = options.id ?? spec.meta.name;
    this.maxTicks = checkMaxTicks(options.maxTicks);
    this.params = resolveParams(spec, options.params);
    this.state = initialState(spec, options.state, this.params, "the initial state");
    this.handlers = options.effects === undefined ? undefined : checkHandlers(spec, options.effects as Handlers);
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
      validatePatch(this.spec.meta, this.spec.meta.fields, patch, "observation");
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

  on<K extends keyof Events<S>>(event: K, listener: (payload: Events<S>[K]) => void): () => void {
    const set = this.listeners[event] as Set<(payload: Events<S>[K]) => void> | undefined;
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
    return this.current === "stopped" || (this.current !== "idle" && !this.draining && this.queue.length === 0 && this.effectsInFlight === 0);
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
        if (this.apply(next)) this.converge();
      }
    } finally {
      this.draining = false;
      this.notifySettled();
    }
  }

  /** Applies an observation, unless it would break an invariant; then it is rejected and nothing changes. */
  private apply(pending: Pending<S>): boolean {
    const before = this.state;
    const draft = this.spec.copy(before);
    Object.assign(draft, pending.patch);
    let broken: string | null;
    try {
      broken = brokenInvariant(this.spec, draft, this.params);
    } catch (error) {
      pending.reject(error as Error);
      return false;
    }
    if (broken) {
      pending.reject(new InvariantError(this.spec.meta.name, broken, null));
      return false;
    }
    this.state = Object.freeze(draft);
    this.emit("observed", { patch: pending.patch, before, after: this.state });
    pending.resolve();
    return true;
  }

  /** Ticks until the goals hold, no transition is valid, a step fails, or the tick bound is hit. */
  private converge(): void {
    const recent: string[] = [];
    while (!this.isStopped()) {
      const result = tick(this.spec, this.state, this.params);
      if (result.kind === "applied") {
        const before = this.state;
        this.state = Object.freeze(result.state);
        this.ticks++;
        recent.push(result.name);
        if (this.listeners.transition.size > 0) {
          this.emit("transition", { name: result.name, failing: failingGoals(this.spec, before, this.params), tick: this.ticks, before, after: this.state });
        }
        for (const effect of result.effects) this.dispatch(effect, result.name, this.ticks);
        if (recent.length >= this.maxTicks && tick(this.spec, this.state, this.params).kind !== "converged") {
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

  /** Reports an effect, and queues its handler behind those of earlier transitions. The loop does not wait. */
  private dispatch(effect: EffectCall, transition: string, tick: number): void {
    this.emit("effect", { ...effect, transition, tick });
    const handler = this.handlers?.[effect.name];
    if (!handler) return;
    this.effectsInFlight++;
    const ctx = { id: this.id, transition, tick };
    this.effectsDone = this.effectsDone
      .then(() => handler(effect.args, ctx))
      .catch((cause: unknown) => this.emit("error", new EffectError(this.spec.meta.name, effect.name, transition, cause)))
      .finally(() => {
        this.effectsInFlight--;
        this.notifySettled();
      });
  }

  private notifySettled(): void {
    if (!this.isIdle()) return;
    const snapshot = this.snapshot();
    for (const resolve of this.waiters.splice(0)) resolve(snapshot);
  }

  private emit<K extends keyof Events<S>>(event: K, payload: Events<S>[K]): void {
    for (const listener of this.listeners[event] as Set<(payload: Events<S>[K]) => void>) {
      try {
        listener(payload);
      } catch (error) {
        // A listener's bug must not break the loop; report it unless it came from an error listener.
        if (event !== "error") this.emit("error", error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

/** Handlers must cover every declared effect, and name no other. */
function checkHandlers<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, handlers: Handlers): Handlers {
  if (typeof handlers !== "object" || handlers === null) throw new TypeError(`${spec.meta.name}: effects must be an object of handler functions`);
  const declared = spec.meta.effects.map((e) => e.name);
  for (const name of Object.keys(handlers)) {
    if (!declared.includes(name)) throw new TypeError(`${spec.meta.name}: there is no effect '${name}' to handle (effects: ${declared.join(", ") || "none"})`);
    if (typeof handlers[name] !== "function") throw new TypeError(`${spec.meta.name}: the handler for effect '${name}' is not a function`);
  }
  const missing = declared.filter((name) => !Object.hasOwn(handlers, name));
  if (missing.length > 0) throw new TypeError(`${spec.meta.name}: no handler for effect${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}`);
  return handlers;
}

