// The imperative shell around the pure core: a queue of observations, a loop
// that runs one tick at a time, a journal every change is committed to, an
// outbox of effects dispatched after their commit, a poller, and events.
//
// Nothing here ever runs two ticks at once: one drain loop owns the state,
// and an observation waits in the queue until the loop has converged (or got
// stuck) after the one before. The loop does not wait for the disk: changes
// go into a batch that is committed while the loop goes on, and everything
// that leaves the process — an acknowledged observation, an effect — waits
// for the commit of the batch that holds it (group commit).
import { Committer } from "./committer.js";
import { Queue } from "./queue.js";
import { startPolling, type Poller } from "./poller.js";
import { after } from "./timers.js";
import { checkClock, readNow, systemClock } from "./clock.js";
import { Dispatcher, effectPolicy } from "./effects.js";
import { CorruptStoreError, InvariantError, ObservationError, VedError } from "./errors.js";
import { applyPatch, changes } from "./image.js";
import { ObservationFilter } from "./observation-filter.js";
import { copyMetrics, emptyMetrics } from "./metrics.js";
import { checkMaxTicks, frozenState, keepsInvariants, limitError, safely, tick } from "./reconcile.js";
import type { DomainSpec } from "./spec.js";
import { memoryStore } from "./store/memory.js";
import { traceTo } from "./trace.js";
import type {
  Clock,
  CreateOptions,
  EffectHandlers,
  EffectPolicy,
  Image,
  Instance,
  InstanceProbe,
  InstanceEvents,
  InstanceStatus,
  Journal,
  JournalRecord,
  Metrics,
  ObserveOptions,
  ObserveResult,
  OutboxEntry,
  Settled,
  State,
  StateOf, ValuesOf,
  Store,
} from "./api.js";
import { loneSurrogate } from "./text.js";
import { readObserveOptions } from "./validate.js";
import { resumedParams } from "./params.js";

/**
 * Whoever waits for observations to be applied and durable: the promise
 * observe() returned. Observations issued in one turn that can only be
 * applied (no key or version to drop them by, no invariant to refuse them)
 * share one: it resolves once the last of them is durable, or rejects with
 * the first failure. A burst of them then costs a promise per turn, not one
 * per observation (a promise and its two resolving functions were most of
 * what a burst kept alive, and most of its garbage collection).
 */
class Acknowledgement {
  /** Observations still to be made durable; more join while the turn lasts. */
  members = 1;
  readonly promise: Promise<ObserveResult>;
  private readonly resolve: (result: ObserveResult) => void;
  private readonly reject: (error: Error) => void;

  constructor() {
    this.promise = new Promise<ObserveResult>(capture);
    this.resolve = captured.resolve;
    this.reject = captured.reject;
  }

  /** One member is applied and durable. */
  ok(): void {
    if (--this.members === 0) this.resolve(APPLIED);
  }

  /** A member failed: so does the promise (it settles once). */
  fail(error: Error): void {
    this.reject(error);
  }

  /** A single observation's own answer (dropped). */
  answer(result: ObserveResult): void {
    this.resolve(result);
  }
}

/** An observation waiting for its tick boundary. */
class Pending<S> {
  constructor(
    readonly patch: Partial<S>,
    readonly options: ObserveOptions,
    readonly ack: Acknowledgement,
  ) {}

  /** On the prototype, not in each of a burst's pending observations. */
  get kind(): "observation" {
    return "observation";
  }
}

/** What every applied observation resolves to: one frozen object. */
const APPLIED: ObserveResult = Object.freeze({ applied: true });

/** The resolving functions of the promise just made with `new Promise(capture)`: no closure per promise. */
const captured: { resolve: (result: ObserveResult) => void; reject: (error: Error) => void } = { resolve: () => {}, reject: () => {} };
function capture(resolve: (result: ObserveResult) => void, reject: (error: Error) => void): void {
  captured.resolve = resolve;
  captured.reject = reject;
}

/** An effect that finished, its outcome waiting for its tick boundary. */
interface Finished {
  kind: "outcome";
  entry: OutboxEntry;
  outcome: "done" | "failed";
}

/** What arrives from outside the loop: applied at the next tick boundary, in arrival order. */
type Arrival<S> = Pending<S> | Finished;

type Events<S> = InstanceEvents<S>;
type Listener = (payload: never) => void;
type Handlers = EffectHandlers<Record<string, OutboxEntry["args"]>>;

/** Ticks run between two yields to the event loop, so that other instances get their turn. */
const SLICE = 256;
/** Milliseconds of observations applied between two yields. */
const SLICE_MS = 1;
/** Arrivals taken in between two looks at the clock (reading it costs about as much as applying one). */
const CLOCK_EVERY = 16;
/** The effects of a transition that called none, in its record: one frozen array for all of them. */
const NO_EFFECTS: OutboxEntry[] = Object.freeze([]) as unknown as OutboxEntry[];

export class DomainInstance<S extends State<S>, P extends State<P>> implements Instance<S> {
  readonly id: string;
  private state: Readonly<S>;
  private readonly initial: Readonly<S>;
  private params: Readonly<P>;
  private current: InstanceStatus = "idle";
  private ticks = 0;
  private seq = 0;
  private filter = new ObservationFilter();
  private readonly maxTicks: number;
  private readonly minTickInterval: number;
  private lastTransitionAt = 0;
  private readonly store: Store;
  private journal: Journal | null = null;
  private readonly handlers: Handlers | undefined;
  private readonly policy: Required<EffectPolicy> | undefined;
  private dispatcher: Dispatcher | null = null;
  private readonly queue = new Queue<Arrival<S>>();
  /** Something arrived, or the instance woke, since the loop last settled: it must tick again. */
  private dirty = false;
  /** Transitions that fired calling effects only since the state last changed (each is valid once per state). */
  private readonly fired: number[] = [];
  /** Resolves a pacing wait early when something arrives. */
  private nudge: (() => void) | null = null;
  private wakeScheduled = false;
  /** The acknowledgement observations issued in this turn share (see Acknowledgement), or null. */
  private shared: Acknowledgement | null = null;
  private draining = false;
  private wakeRequested = false;
  private committer: Committer | null = null;
  private poller: Poller | null = null;
  private readonly waiters: ((s: Settled<S>) => void)[] = [];
  private listeners: Map<keyof Events<S>, Set<Listener>> | null = null;
  private readonly counters: Metrics = emptyMetrics();
  /** Told at each point the counters count (options.telemetry); undefined without one. */
  private readonly probe: InstanceProbe | undefined;
  /** Where a domain that reads `now` reads it, and what wakes it when it waits. */
  private readonly clock: Clock;
  private readonly readsNow: boolean;
  /** The instant the instance sleeps until (waiting, or converged with a goal that will expire), or null. */
  private until: number | null = null;
  /** The one timer armed for `until`, and how to cancel it. */
  private wakeAt: number | null = null;
  private cancelWake: (() => void) | null = null;

  private readonly options: CreateOptions<S, P>;

  constructor(
    private readonly spec: DomainSpec<S, P>,
    given: CreateOptions<S, P> = {},
  ) {
    // Each option is read once, here: what is checked is what is used.
    const options: CreateOptions<S, P> = { ...given };
    if (options.poll !== undefined && options.poll !== null && typeof options.poll === "object") options.poll = { ...options.poll };
    this.options = options;
    this.id = checkId(spec.meta.name, options.id ?? spec.meta.name);
    this.maxTicks = checkMaxTicks(options.maxTicks);
    this.minTickInterval = nonNegative(options.minTickInterval ?? 0, "minTickInterval");
    this.params = spec.params(options.params);
    this.readsNow = spec.meta.readsNow === true;
    this.clock = options.clock === undefined ? systemClock() : checkClock(options.clock);
    const initial = readOnce(spec.meta.name, "the initial state", () => spec.state(options.state, "the initial state"));
    keepsInvariants(spec.meta, spec.broken(initial, this.params), "the initial state");
    this.initial = Object.freeze(initial);
    this.state = this.initial;
    this.store = options.store ?? memoryStore();
    this.handlers = options.effects === undefined ? undefined : checkHandlers(spec, options.effects as Handlers);
    this.policy = this.handlers ? effectPolicy(options.effectPolicy) : undefined;
    if (options.poll !== undefined) checkPoll(options.poll);
    this.probe = options.telemetry?.instance({ id: this.id, domain: spec.meta.name, status: () => this.current, queued: () => this.queue.length });
    if (options.trace) traceTo(this as unknown as Instance<StateOf>, spec.meta, options.trace === true ? (line) => process.stderr.write(`[${this.id}] ${line}\n`) : options.trace);
  }

  async start(): Promise<this> {
    if (this.current === "stopped" || this.current === "failed") throw new Error(`${this.id}: a ${this.current} instance cannot be started again; create a new one`);
    if (this.current !== "idle") return this;
    this.current = "running";
    try {
      const opened = await this.store.open(this.id, this.spec.meta.name);
      this.journal = this.probe?.journal?.(opened) ?? opened;
      this.journal.onLost?.((error) => this.failStop(error));
      this.journal.onTrouble?.((error) => this.emit("error", error));
      this.committer = new Committer(this.journal, {
        durable: (effects) => effects.forEach((e) => this.send(e)),
        failed: (cause) => this.failStop(cause, "committing to the store failed"),
        idle: () => this.notifySettled(),
      });
      const image = await this.journal.recover();
      if (image) this.resume(image);
      else this.committer.record({ t: "init", seq: ++this.seq, state: { ...this.initial } as StateOf, domain: this.spec.meta.name, params: { ...this.params } as ValuesOf, id: this.id });
    } catch (error) {
      this.current = "failed";
      // The error thrown is the start's; a journal that cannot close lets its lease run out, or its lock be taken as stale.
      await this.journal?.close().catch(() => {});
      this.notifySettled();
      throw error;
    }
    // With a poller, the instance learns the world before it acts: the first read is its first wake.
    let queued = false;
    if (this.options.poll) {
      const polling = await startPolling(this.options.poll, {
        id: this.id,
        observe: (p) => this.observe(p as Partial<S>),
        report: (e) => this.emit("error", e),
        wake: () => {
          this.wakeRequested = true;
          void this.drain();
        },
        stopped: () => this.isStopped(),
      });
      this.poller = polling.poller;
      queued = polling.queued;
    }
    if (!queued) this.wakeRequested = true;
    void this.drain();
    return this;
  }

  observe(patch: Partial<S>, options?: ObserveOptions): Promise<ObserveResult> {
    if (this.current === "stopped" || this.current === "failed") return Promise.reject(new Error(`${this.id}: the instance is ${this.current}`));
    // The patch and options are read once — each value exactly once, checked and copied in one pass — and what was
    // read is what is checked, applied and journaled: a getter or Proxy answering differently later changes nothing.
    let own: Partial<S>;
    let opts: ObserveOptions;
    try {
      own = this.spec.patch(patch, "observation");
      opts = readObserveOptions(this.spec.meta.name, options);
    } catch (error) {
      this.counters.observations.rejected++;
      this.probe?.observation?.("rejected");
      return Promise.reject(unreadable(this.spec.meta.name, "observation", error));
    }
    const ack = this.acknowledgement(opts);
    this.arrive(new Pending(own, opts, ack));
    return ack.promise;
  }

  /** The promise an observation's caller waits on: the turn's shared one when nothing but a failure can keep it from being applied. */
  private acknowledgement(options: ObserveOptions): Acknowledgement {
    const certain = options.key === undefined && options.version === undefined && this.spec.meta.invariants.length === 0;
    if (!certain) return new Acknowledgement();
    const shared = this.shared;
    if (shared !== null && shared.members > 0) {
      shared.members++;
      return shared;
    }
    const ack = new Acknowledgement();
    this.shared = ack;
    // The turn ends: what is issued next waits on a promise of its own.
    queueMicrotask(() => {
      if (this.shared === ack) this.shared = null;
    });
    return ack;
  }

  settled(): Promise<Settled<S>> {
    if (this.isIdle()) return Promise.resolve(this.snapshot());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  getParams(): Readonly<ValuesOf> {
    return this.params as Readonly<ValuesOf>;
  }

  getState(): Readonly<S> {
    return this.state;
  }

  status(): InstanceStatus {
    return this.current;
  }

  metrics(): Metrics {
    return copyMetrics(this.counters);
  }

  on<K extends keyof Events<S>>(event: K, listener: (payload: Events<S>[K]) => void): () => void {
    if (!EVENTS.includes(event)) throw new Error(`unknown event '${String(event)}'; events are ${EVENTS.join(", ")}`);
    this.listeners ??= new Map();
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  async stop(): Promise<void> {
    if (this.current === "stopped") return;
    const failed = this.current === "failed";
    this.current = "stopped";
    this.sleepUntil(null);
    this.poller?.stop();
    this.dispatcher?.stop();
    this.rejectQueued(new Error(`${this.id}: the instance was stopped before this observation was applied`));
    // What was applied before the stop is committed before the journal closes.
    if (!failed) await this.committer?.flush();
    await this.closeJournal();
    this.notifySettled();
  }

  private closing: Promise<void> | null = null;

  /** Closes the journal once, whoever asks first. */
  private closeJournal(): Promise<void> {
    return (this.closing ??= this.journal?.close() ?? Promise.resolve());
  }

  // ---- resuming ----------------------------------------------------------------

  /** Takes up the instance where its journal left it: state, filters, and the effects still owed. */
  private resume(image: Image): void {
    // Fields added since the image was written take their initial values; removed ones are dropped.
    const known = Object.fromEntries(Object.entries(image.state).filter(([k]) => this.spec.meta.fields.some((f) => f.name === k)));
    try {
      this.state = Object.freeze(this.spec.state(known, "the stored state"));
    } catch (error) {
      throw new CorruptStoreError(`instance '${this.id}'`, (error as Error).message);
    }
    this.params = resumedParams(this.spec, this.id, image.params, this.options.params) ?? this.params;
    this.seq = image.seq;
    this.ticks = image.ticks;
    this.filter = new ObservationFilter(image);
    for (const entry of image.outbox) this.send(entry);
  }

  // ---- the loop -----------------------------------------------------------------

  private isStopped(): boolean {
    return this.current === "stopped" || this.current === "failed";
  }

  private isIdle(): boolean {
    if (this.isStopped()) return !this.committer?.busy();
    return this.current !== "idle" && this.committer !== null && !this.draining && this.queue.length === 0 && !this.committer.busy() && !this.dispatcher?.busy();
  }

  private snapshot(): Settled<S> {
    const settled: Settled<S> = { status: this.current, state: this.state, ticks: this.ticks };
    if (this.until !== null && (this.current === "waiting" || this.current === "converged")) settled.until = this.until;
    return settled;
  }

  /** The instant of this tick, read once from the clock; undefined for a domain that does not read `now`. */
  private now(): number | undefined {
    return this.readsNow ? readNow(this.clock) : undefined;
  }

  /**
   * Sleeps until `at` (null: until something arrives): exactly one timer is
   * armed, for the earliest instant time alone changes what the loop would
   * do. A restart computes it again from the recovered state, so a deadline
   * survives a crash: it is in the state (`last_scaled + cooldown`), not in
   * the timer.
   */
  private sleepUntil(at: number | null): void {
    this.until = at;
    if (at === this.wakeAt) return;
    this.cancelWake?.();
    this.cancelWake = null;
    this.wakeAt = at;
    if (at === null || this.isStopped()) return;
    this.cancelWake = this.clock.setTimer(at, () => {
      this.cancelWake = null;
      this.wakeAt = null;
      if (this.isStopped()) return;
      this.wakeRequested = true;
      void this.drain();
    });
  }

  /**
   * Queues what arrived and wakes the loop; a pacing wait ends early for it.
   * The loop wakes in a microtask, not at once, so that what arrives together
   * (several observe() calls in one turn) is taken in together.
   */
  private arrive(item: Arrival<S>): void {
    this.queue.push(item);
    this.nudge?.();
    if (this.current !== "idle" && !this.draining && !this.wakeScheduled) {
      this.wakeScheduled = true;
      queueMicrotask(() => {
        this.wakeScheduled = false;
        void this.drain();
      });
    }
  }

  private rejectQueued(error: Error): void {
    for (const item of this.queue.drain()) if (item.kind === "observation") item.ack.fail(error);
  }

  /**
   * The only place state changes. A call while it runs returns at once: the
   * running drain picks the work up. At every tick boundary it first takes in
   * everything that arrived — observations and effect outcomes, in arrival
   * order — then takes one tick; it sleeps once the goals hold (or nothing
   * can move) and nothing new has arrived. Nothing ever runs two ticks at
   * once, and an observation never waits for a whole convergence: a paced
   * rollout sees a bad error rate before its next step.
   */
  private async drain(): Promise<void> {
    if (this.draining || this.journal === null) return;
    this.draining = true;
    // What the loop records while it waits on nothing is committed together, when it lets go: an observation with the transitions it caused.
    this.committer!.hold();
    try {
      if (this.wakeRequested) {
        this.wakeRequested = false;
        this.dirty = true;
      }
      let applied = 0;
      let started = performance.now();
      while (!this.isStopped()) {
        if (this.queue.length > 0) {
          if (await this.takeArrivals()) {
            // New information: a new wake, with its own tick bound; the instance is running until it settles again.
            applied = 0;
            started = performance.now();
            if (!this.isStopped()) this.current = "running";
          }
          if (this.isStopped()) break;
        }
        if (!this.dirty) break;
        if (applied > 0 && applied % SLICE === 0) await this.pause(turn);
        const now = this.now();
        const result = tick(this.spec, this.state, this.params, this.fired, now);
        if (result.kind !== "applied") {
          this.settle(result, applied, started);
          this.dirty = false;
          continue;
        }
        if (this.minTickInterval > 0 && (await this.pace())) continue;
        if (this.isStopped()) break;
        this.commitTransition(result.name, result.state, result.effects as OutboxEntry[], now);
        // Measured once the transition is applied (and announced), so the next waits a full interval after it.
        if (this.minTickInterval > 0) this.lastTransitionAt = performance.now();
        applied++;
        if (applied >= this.maxTicks && !safely((s, p) => this.spec.converged(s, p, now), this.state, this.params)) {
          this.current = "limit";
          this.sleepUntil(null);
          this.probe?.settled?.("limit", applied, started);
          this.emit("error", limitError(this.spec.meta, this.maxTicks, this.recentNames(applied)));
          this.dirty = false;
        }
      }
    } finally {
      this.draining = false;
      this.committer!.release();
      // An arrival while the last arrivals were being taken in, after the queue was last looked at, found this
      // drain running and left the work to it: take it in now rather than leave it queued until the next arrival.
      if ((this.queue.length > 0 || this.wakeRequested) && !this.isStopped()) void this.drain();
      this.notifySettled();
    }
  }

  /** Lets the event loop run (other instances, timers, I/O); what the loop recorded so far is committed meanwhile. */
  private async pause(wait: () => Promise<void>): Promise<void> {
    this.committer!.release();
    try {
      await wait();
    } finally {
      this.committer!.hold();
    }
  }

  /**
   * Waits until `minTickInterval` has passed since the last transition.
   * True when something arrived meanwhile: the tick must be taken again from
   * what is now known (timers may fire a little early, so the wait repeats
   * until the interval has really passed).
   */
  private async pace(): Promise<boolean> {
    for (let wait = this.lastTransitionAt + this.minTickInterval - performance.now(); wait > 0; wait = this.lastTransitionAt + this.minTickInterval - performance.now()) {
      if (this.queue.length > 0) return true;
      await this.pause(
        () =>
          new Promise<void>((resolve) => {
            const timer = after(Math.ceil(wait), resolve);
            this.nudge = () => {
              timer.clear();
              resolve();
            };
          }),
      );
      this.nudge = null;
      if (this.isStopped()) return false;
    }
    return this.queue.length > 0;
  }

  /** Applies everything queued, in order; true when any of it changed what the loop knows. */
  private async takeArrivals(): Promise<boolean> {
    let changed = false;
    let yielded = performance.now();
    let taken = 0;
    while (this.queue.length > 0 && !this.isStopped()) {
      // Let other instances, timers and I/O run, once per time slice rather than per arrival (the clock read every CLOCK_EVERY arrivals).
      if (++taken % CLOCK_EVERY === 0 && performance.now() - yielded >= SLICE_MS) {
        await this.pause(turn);
        yielded = performance.now();
        if (this.isStopped()) break;
      }
      const next = this.queue.shift()!;
      const applied = next.kind === "observation" ? this.apply(next) : this.applyOutcome(next);
      if (applied) {
        changed = true;
        this.dirty = true;
        // The state changed from outside a tick: every transition may call its effects again.
        this.fired.length = 0;
      }
    }
    return changed;
  }

  /** Applies an observation, or drops it as stale or duplicate, or rejects it for an invariant. */
  private apply(pending: Pending<S>): boolean {
    const { version, key } = pending.options;
    const reason = this.filter.verdict(pending.options);
    if (reason) {
      this.counters.observations[reason]++;
      this.probe?.observation?.(reason);
      if (this.hasListeners("dropped")) this.emit("dropped", { patch: pending.patch, reason });
      // Answered once what came before it is durable, like an applied one.
      this.committer!.after({ ok: () => pending.ack.answer({ applied: false, reason }), fail: (error) => pending.ack.fail(error) });
      return false;
    }
    const before = this.state;
    const draft = this.spec.copy(before);
    applyPatch(draft as StateOf, pending.patch as StateOf);
    let broken: string | null;
    try {
      broken = this.spec.broken(draft, this.params);
    } catch (error) {
      this.counters.observations.rejected++;
      this.probe?.observation?.("rejected");
      pending.ack.fail(error as Error);
      return false;
    }
    if (broken) {
      this.counters.observations.rejected++;
      this.probe?.observation?.("rejected");
      pending.ack.fail(new InvariantError(this.spec.meta.name, broken, null));
      return false;
    }
    this.state = frozenState(draft);
    this.filter.applied(pending.options);
    // The patch is the instance's own copy (spec.patch made it): the record takes it, and a listener gets a copy of its own.
    const record: JournalRecord = { t: "observe", seq: ++this.seq, set: pending.patch as StateOf };
    if (version !== undefined) record.version = version;
    if (key !== undefined) record.key = key;
    this.committer!.record(record, pending.ack);
    this.counters.observations.applied++;
    this.probe?.observation?.("applied");
    if (this.hasListeners("observed")) this.emit("observed", { patch: { ...pending.patch }, before, after: this.state });
    return true;
  }

  /**
   * An effect finished: its outcome block, if it declares one, runs as a tick
   * of its own, journaled in the same record that takes the effect out of the
   * outbox — so after a crash it is applied exactly once (before the record
   * is durable the effect is still owed, and is dispatched again with its key).
   */
  private applyOutcome(finished: Finished): boolean {
    const { entry, outcome } = finished;
    const record: JournalRecord = { t: "effect", seq: ++this.seq, key: entry.key, outcome: outcome === "done" ? "succeeded" : "failed" };
    const before = this.state;
    const draft = this.spec.copy(before);
    const called: { name: string; args: OutboxEntry["args"] }[] = [];
    const now = this.now();
    let ran = false;
    try {
      ran = this.spec.outcome?.(before, draft, this.params, called as never, entry.name, outcome, entry.args, now) ?? false;
    } catch (error) {
      // The effect did finish; what its outcome would have done is refused, and said.
      this.committer!.record(record);
      this.emit("error", error instanceof Error ? error : new Error(String(error)));
      return false;
    }
    if (!ran) {
      this.committer!.record(record);
      return false;
    }
    const label = `${entry.name} ${outcome}`;
    this.state = frozenState(draft);
    this.filter.outcome();
    this.ticks++;
    const effects = called.map((e, i) => ({ key: `${this.id}:${record.seq}:${i}`, name: e.name, args: e.args, transition: label, tick: this.ticks }));
    record.set = changes(before as StateOf, this.state as StateOf);
    if (effects.length > 0) record.effects = effects;
    if (now !== undefined) record.now = now;
    this.committer!.record(record, undefined, this.handlers ? effects : undefined);
    this.counters.ticks++;
    this.probe?.ticked?.(label, this.ticks, "outcome");
    this.emit("outcome", { effect: entry.name, args: entry.args, key: entry.key, outcome, tick: this.ticks, before, after: this.state });
    for (const e of effects) this.emit("effect", { name: e.name, args: e.args, transition: label, tick: e.tick, key: e.key });
    return true;
  }

  /** The last transitions' names, for the message when the tick bound is hit. */
  private recent: string[] = [];

  private recentNames(applied: number): string[] {
    return this.recent.slice(-Math.min(applied, 100));
  }

  private commitTransition(name: string, next: S, called: { name: string; args: OutboxEntry["args"] }[], now: number | undefined): void {
    const before = this.state;
    this.state = frozenState(next);
    this.ticks++;
    const seq = ++this.seq;
    const effects = called.length === 0 ? NO_EFFECTS : called.map((e, i) => ({ key: `${this.id}:${seq}:${i}`, name: e.name, args: e.args, transition: name, tick: this.ticks }));
    // The effects ride in the same batch as their transition: dispatched once it is durable.
    const record: JournalRecord = { t: "transition", seq, name, set: changes(before as StateOf, this.state as StateOf), effects };
    // The instant the tick read is an input, journaled with what it caused: a replay reads the same.
    if (now !== undefined) record.now = now;
    this.committer!.record(record, undefined, this.handlers ? effects : undefined);
    this.counters.ticks++;
    this.counters.transitions[name] = (this.counters.transitions[name] ?? 0) + 1;
    this.probe?.ticked?.(name, this.ticks, "transition");
    this.recent.push(name);
    if (this.recent.length > 200) this.recent.splice(0, 100);
    if (this.hasListeners("transition")) this.emit("transition", { name, failing: this.spec.failing(before, this.params, now), tick: this.ticks, before, after: this.state });
    for (const e of effects) this.emit("effect", { name: e.name, args: e.args, transition: name, tick: e.tick, key: e.key });
  }

  private settle(result: Exclude<ReturnType<typeof tick>, { kind: "applied" }>, applied: number, started: number): void {
    // The wake is over, and with it what the tick bound's message would name: an idle instance keeps no names.
    if (this.recent.length > 0) this.recent.length = 0;
    const was = this.current;
    const wasUntil = this.until;
    const until = result.kind === "converged" || result.kind === "waiting" ? (result.until ?? null) : null;
    this.sleepUntil(until);
    if (result.kind === "converged") {
      this.current = "converged";
      if (was !== "converged" || applied > 0 || until !== wasUntil) {
        const ms = performance.now() - started;
        const c = this.counters.convergence;
        c.last = ms;
        c.max = Math.max(c.max, ms);
        c.total += ms;
        c.converged++;
        this.emit("converged", until === null ? { state: this.state, tick: this.ticks } : { state: this.state, tick: this.ticks, until });
      }
    } else if (result.kind === "waiting") {
      this.current = "waiting";
      // Said at every wake that ends waiting, so that what woke the instance is never invisible (a wake is never a poll).
      this.emit("waiting", { state: this.state, failing: result.failing, until: result.until, reason: this.spec.wakeReason(this.state, this.params, result.until) });
    } else if (result.kind === "stuck") {
      this.current = "stuck";
      this.emit("stuck", { state: this.state, failing: result.failing });
    } else {
      this.current = "error";
      this.emit("error", result.error);
    }
    this.probe?.settled?.(this.current, applied, started);
  }

  // ---- failing ------------------------------------------------------------------------

  /**
   * Stops acting at once, for good: the store refused a commit, or the
   * instance's lease is lost (another owner may be driving it already).
   * Everything waiting is rejected; nothing more is written or dispatched.
   */
  private failStop(cause: unknown, why = "it may no longer act for this instance"): Error {
    const error = new Error(`${this.id}: ${why}, so the instance stopped: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    if (this.current === "failed" || this.current === "stopped") return error;
    this.current = "failed";
    this.sleepUntil(null);
    this.poller?.stop();
    this.dispatcher?.stop();
    this.committer?.abandon(error);
    this.rejectQueued(error);
    // Closed, so that its lease or lock is let go (or left to run out) and another owner can take the instance up;
    // if closing fails, that is what happens anyway, and the error that stopped it is reported just below.
    void this.closeJournal().catch(() => {});
    this.emit("error", error);
    this.notifySettled();
    return error;
  }

  // ---- effects --------------------------------------------------------------------

  private send(entry: OutboxEntry): void {
    if (!this.handlers || this.isStopped()) return;
    this.dispatcher ??= new Dispatcher(this.handlers, this.policy!, {
      domain: this.spec.meta.name,
      id: this.id,
      guard: () => this.journal?.assertOwner?.(),
      lost: (error) => this.failStop(error),
      start: (e, attempt) => {
        this.counters.effects.started++;
        this.probe?.effectStarted?.(e, attempt);
        this.emit("effect-start", { ...event(e), attempt });
      },
      succeeded: (e, attempt) => {
        this.counters.effects.succeeded++;
        this.probe?.effectEnded?.(e, attempt, "succeeded");
        this.emit("effect-succeeded", { ...event(e), attempt });
        // Recorded at the next tick boundary, with what its `done` block does.
        this.arrive({ kind: "outcome", entry: e, outcome: "done" });
      },
      retry: (e, attempt, error, delay) => {
        this.counters.effects.retried++;
        this.probe?.effectEnded?.(e, attempt, "retried", error);
        // Changes nothing; kept so that whoever inspects the store sees why the effect is still owed.
        this.committer!.record({ t: "attempt", seq: ++this.seq, key: e.key, attempt, error: error.message });
        this.emit("effect-retry", { ...event(e), attempt, error, delay });
      },
      failed: (e, attempt, error) => {
        this.counters.effects.failed++;
        this.probe?.effectEnded?.(e, attempt, "failed", error);
        this.committer!.record({ t: "attempt", seq: ++this.seq, key: e.key, attempt, error: error.message });
        this.emit("effect-failed", { ...event(e), attempt, error });
        // Recorded at the next tick boundary, with what its `failed` block does (without one, the world's next
        // observation tells the domain what did not happen, and it heals from there).
        this.arrive({ kind: "outcome", entry: e, outcome: "failed" });
      },
      idle: () => this.notifySettled(),
    });
    this.dispatcher.enqueue(entry);
  }

  /** Reads now, then every `poll.every` ms. True when the first read queued an observation. */
  // ---- events ---------------------------------------------------------------------

  private notifySettled(): void {
    if (this.waiters.length === 0 || !this.isIdle()) return;
    const snapshot = this.snapshot();
    for (const resolve of this.waiters.splice(0)) resolve(snapshot);
  }

  private hasListeners(event: keyof Events<S>): boolean {
    return (this.listeners?.get(event)?.size ?? 0) > 0;
  }

  private emit<K extends keyof Events<S>>(event: K, payload: Omit<Events<S>[K], "id" | "at"> | Error): void {
    const set = this.listeners?.get(event);
    if (!set) return;
    // Every payload is the emitter's own fresh object (an error, its own or a step's): stamped here, once.
    // Stamped with the instance's own clock when it reads one: a simulated run's events say the simulated time.
    stamp(payload, this.id, this.readsNow ? this.clock.now() : Date.now());
    for (const listener of set) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (error) {
        // A listener's bug must not break the loop; report it unless it came from an error listener.
        if (event !== "error") this.emit("error", error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

const EVENTS: readonly string[] = ["transition", "outcome", "observed", "dropped", "effect", "effect-start", "effect-succeeded", "effect-retry", "effect-failed", "converged", "waiting", "stuck", "error"];

/** Says which instance an event comes from and when; on an Error, without changing how it prints. */
function stamp(payload: object, id: string, at: number): void {
  if (payload instanceof Error) {
    if (!Object.isExtensible(payload)) return;
    Object.defineProperty(payload, "id", { value: id, configurable: true, writable: true });
    Object.defineProperty(payload, "at", { value: at, configurable: true, writable: true });
    return;
  }
  const p = payload as { id?: string; at?: number };
  p.id = id;
  p.at = at;
}

function event(e: OutboxEntry) {
  return { name: e.name, args: e.args, transition: e.transition, tick: e.tick, key: e.key };
}

/** Yields to the event loop: other instances, timers and I/O run before this one goes on. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function nonNegative(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number >= 0, got ${String(value)}`);
  return value;
}

function checkPoll(poll: unknown): void {
  const p = poll as { every?: unknown; read?: unknown };
  if (typeof p !== "object" || p === null || typeof p.read !== "function") throw new TypeError("poll must be { every: milliseconds, read: () => patch }");
  if (typeof p.every !== "number" || !Number.isFinite(p.every) || !(p.every > 0)) throw new RangeError(`poll.every must be a finite number of milliseconds > 0, got ${String(p.every)}`);
  const t = (poll as { timeout?: unknown }).timeout;
  if (t !== undefined && (typeof t !== "number" || !Number.isFinite(t) || !(t > 0))) throw new RangeError(`poll.timeout must be a finite number of milliseconds > 0, got ${String(t)}`);
}

/** Runs a generated check of a caller's object; an object that throws when read (a getter, a Proxy) is refused as unreadable. */
export function readOnce<T>(domain: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw unreadable(domain, what, error);
  }
}

/** What a generated check of a caller's object threw, as the caller is told it: its own error, or the object could not be read. */
function unreadable(domain: string, what: string, error: unknown): unknown {
  if (error instanceof VedError) return error;
  return new ObservationError(`${domain}: ${what} could not be read: ${(error as Error)?.message ?? String(error)}`);
}

/** An instance id: a non-empty string of valid Unicode, since it names the instance's journal (a folder, a row) and its effects' keys. */
function checkId(domain: string, id: unknown): string {
  if (typeof id !== "string" || id.length === 0) throw new TypeError(`${domain}: id must be a non-empty string`);
  const bad = loneSurrogate(id);
  if (bad >= 0) throw new TypeError(`${domain}: id ${JSON.stringify(id)} is not valid Unicode text (a lone surrogate at index ${bad}); ids name folders and database rows, which hold only valid text`);
  return id;
}

/** Handlers must cover every declared effect, and name no other. */
function checkHandlers<S extends State<S>, P extends State<P>>(spec: DomainSpec<S, P>, handlers: Handlers): Handlers {
  if (typeof handlers !== "object" || handlers === null) throw new TypeError(`${spec.meta.name}: effects must be an object of handler functions`);
  const declared = spec.meta.effects.map((e) => e.name);
  for (const name of Object.keys(handlers)) {
    if (!declared.includes(name)) throw new TypeError(`${spec.meta.name}: there is no effect '${name}' to handle (effects: ${declared.join(", ") || "none"})`);
  }
  const missing = declared.filter((name) => !Object.hasOwn(handlers, name));
  if (missing.length > 0) throw new TypeError(`${spec.meta.name}: no handler for effect${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}`);
  // The handlers as checked: a getter on the caller's object cannot swap one for a non-function later.
  const checked: Handlers = {};
  for (const name of declared) {
    const handler = handlers[name];
    if (typeof handler !== "function") throw new TypeError(`${spec.meta.name}: the handler for effect '${name}' is not a function`);
    checked[name] = handler;
  }
  return checked;
}

