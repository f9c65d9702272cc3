// The runtime's public types. This file imports nothing: `vedc build` copies
// its declarations into each bundle's .d.ts, so a bundle's types stand alone.
//
// Type parameters, everywhere: S is a domain's state, P its params, E its
// effects (effect name → argument object).

/**
 * A Ved value in JavaScript: an int is a safe-integer number, a float a finite
 * number, an enum value its member's name. A `time` is a safe integer of
 * milliseconds since the Unix epoch (within ±8.64e15, the range of a Date); a
 * `duration` is a safe integer of milliseconds, negative when it runs
 * backwards.
 */
export type Value = number | boolean | string;

/**
 * A map field's value: a plain object from each member of its key enum to a
 * Value, every member present (`{ a: 0, b: 2, c: 1 }`). An observation may
 * give some of the members; the rest keep their values.
 */
export type MapValue = { readonly [member: string]: Value };

/** What a state field holds: a Value, or for a map field a MapValue. */
export type FieldValue = Value | MapValue;

/**
 * What an observation, or a state to start from, may give: some of the
 * fields, and of a map field some of its keys (the others keep their values).
 */
export type Patch<S> = { [K in keyof S]?: S[K] extends Value ? S[K] : Partial<S[K]> };

/** A field or a param: its Ved type (`int`, `float`, `bool`, `string`, `time`, `duration`, or an enum's name). */
export interface ValueMeta {
  name: string;
  type: string;
  /** The enum's members, when the type is an enum. */
  members?: string[];
}

export interface FieldMeta extends ValueMeta {
  /** Each value's initial value (for a map, every key's). */
  initial: Value;
  /** A map field's keys: the enum and its members, in order; absent for a field holding one value (then `type` is the field's; for a map, each value's). */
  key?: { type: string; members: string[] };
}

export interface ParamMeta extends ValueMeta {
  default: Value;
}

export interface EffectMeta {
  name: string;
  params: ValueMeta[];
}

/** A goal or an invariant. */
export interface ConditionMeta {
  /** Its name, when it has one (`goal sized: ...`). */
  name: string | null;
  /** The expression as Ved source, e.g. `workers == 5`. */
  text: string;
  line: number;
  col: number;
}

export interface TransitionMeta {
  name: string;
  line: number;
  col: number;
}

/** A domain described as data. */
export interface DomainMeta {
  name: string;
  /** The .ved file the domain was compiled from. */
  file: string;
  fields: FieldMeta[];
  params: ParamMeta[];
  effects: EffectMeta[];
  invariants: ConditionMeta[];
  goals: ConditionMeta[];
  /** In the order the runtime tries them. */
  transitions: TransitionMeta[];
  /**
   * Whether a goal, guard, let or step reads `now`. Such a domain is given
   * the instant of each tick: `reconcile(state, { now })`, and a `now`
   * argument to the functions of `unchecked`.
   */
  readsNow: boolean;
}

export type StateOf = Record<string, FieldValue>;

/** Params, and an effect's arguments: Values by name (never a map). */
export type ValuesOf = Record<string, Value>;

/** The constraint on a domain's state and params types: every field a Ved value. Interfaces satisfy it. */
export type State<S> = { [K in keyof S]: FieldValue };

/** An effect a transition asked for: `{ name: "boot", args: { count: 1 } }`. */
export type EffectCall<E = Record<string, Record<string, Value>>> = { [K in keyof E]: { name: K; args: E[K] } }[keyof E];

/**
 * How a run of the loop ended:
 * - converged: every goal holds (with `until` when a goal reading `now` will
 *   fail by time alone, `goal fresh: now - last_backup < 1d`);
 * - waiting: some goal fails and no transition is valid now, but time
 *   passing alone may change that at `until` (a cooldown that ends);
 * - stuck: some goal fails, no transition is valid, and time passing changes
 *   nothing;
 * - limit: `maxTicks` transitions were applied and the goals still fail;
 * - error: a step threw (division by zero, say) or would have broken an
 *   invariant; the state is the one before it.
 */
export type ReconcileStatus = "converged" | "waiting" | "stuck" | "limit" | "error";

export interface ReconcileOptions<P = Record<string, Value>> {
  /** Params overriding the declared defaults. */
  params?: Partial<P>;
  /** Transitions applied before giving up with status 'limit'. Default 10,000. */
  maxTicks?: number;
  /**
   * The instant of every tick of this run, in milliseconds since the epoch
   * (`Date.now()`, or a fixed instant in a test: the result depends only on
   * the inputs). Required by a domain whose meta.readsNow is true; ignored by
   * one that does not read `now`.
   */
  now?: number;
}

export interface ReconcileResult<S, E = Record<string, Record<string, Value>>> {
  state: Readonly<S>;
  status: ReconcileStatus;
  /** The transitions applied, in order: one per tick. */
  transitions: string[];
  /** The effects those transitions called, in order. */
  effects: EffectCall<E>[];
  /** The goals (by name, or as Ved source) that fail in the final state; empty when converged. */
  failing: string[];
  /** Set when status is 'limit' or 'error'. */
  error?: Error;
  /**
   * The earliest instant after `now` at which time alone could change the
   * outcome: always set when status is 'waiting' (run again then); set on
   * 'converged' when a goal that reads `now` could fail then. Absent otherwise.
   */
  until?: number;
}

/**
 * One tick of the loop, as `Domain.tick` reports it: every goal holds (with
 * `until` when a goal reading `now` could fail then); or no transition is
 * valid, but time alone may change that at `until` (waiting); or no transition
 * is valid and time changes nothing (stuck); or one was applied (its name, the
 * new state, the effects it called); or a step threw or would have broken an
 * invariant.
 */
export type TickOutcome<S, E = Record<string, Record<string, Value>>> =
  | { kind: "converged"; until?: number }
  | { kind: "waiting"; failing: string[]; until: number }
  | { kind: "stuck"; failing: string[] }
  | { kind: "applied"; name: string; state: Readonly<S>; effects: EffectCall<E>[] }
  | { kind: "error"; error: Error };

export type InstanceStatus = "idle" | "running" | ReconcileStatus | "stopped" | "failed";

export interface EffectContext {
  /** The instance's id. */
  id: string;
  /** The transition whose step called the effect. */
  transition: string;
  /** The tick that applied it. */
  tick: number;
  /**
   * The same for every attempt, before and after a restart: pass it to the
   * outside API as its idempotency key (a client token), so that a retried
   * call is done once.
   */
  key: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the attempt times out or the instance stops. */
  signal: AbortSignal;
}

/** One handler per effect, called after the transition that asked for it is committed. */
export type EffectHandlers<E> = { [K in keyof E]: (args: E[K], ctx: EffectContext) => void | Promise<void> };

/** How effects are retried. Delays are in milliseconds. */
export interface EffectPolicy {
  /** Attempts before an effect is reported as failed and dropped. Default 5. */
  attempts?: number;
  /** The delay before the first retry; each retry doubles it, with jitter. Default 100. */
  baseDelay?: number;
  /** The longest delay between attempts. Default 10,000. */
  maxDelay?: number;
  /**
   * An attempt that takes longer fails (and its signal is aborted), and is
   * retried. Default 30,000. A handler that ignores its signal keeps running,
   * and keeps its `maxInFlight` slot, until its promise settles.
   */
  timeout?: number;
  /**
   * Handlers of one instance running at once. Default 8. A handler counts
   * until its promise settles, even after its attempt timed out; retries
   * wait for a free slot.
   */
  maxInFlight?: number;
}

export interface PollOptions<S> {
  /** Milliseconds between reads. */
  every: number;
  /**
   * Milliseconds a read may take; one that takes longer is reported as failed
   * (an 'error' event) and the next is tried on schedule. Bounds the first
   * read too, which `start()` waits for. Default: `every`, at most 30,000.
   */
  timeout?: number;
  /** Reads the world; what it returns is observed. Null or undefined observes nothing. */
  read(): Patch<S> | null | undefined | Promise<Patch<S> | null | undefined>;
}

export interface ObserveOptions {
  /** A patch with a version older than the last applied one is dropped as stale. */
  version?: number;
  /** A patch whose key was already applied is dropped as a duplicate. */
  key?: string;
}

export interface ObserveResult {
  applied: boolean;
  /** Why it was not applied. */
  reason?: "stale" | "duplicate";
}

export interface CreateOptions<S, P = Record<string, Value>, E = Record<string, Record<string, Value>>> {
  /** Names the instance in its store, its effect keys, messages and events. Default: the domain's name. */
  id?: string;
  /** Initial values for some or all fields, for an instance its store has never seen. */
  state?: Patch<S>;
  /** Params overriding the declared defaults. */
  params?: Partial<P>;
  /**
   * Handlers for the domain's effects. When given, there must be one for
   * every effect; when left out, effects are only reported as 'effect' events.
   */
  effects?: EffectHandlers<E>;
  effectPolicy?: EffectPolicy;
  /** Where the instance keeps its state, outbox and filters. Default: a memoryStore() of its own. */
  store?: Store;
  /** Read the world on a schedule and observe what it returns. */
  poll?: PollOptions<S>;
  /** Milliseconds between two transitions, at least. Default 0. */
  minTickInterval?: number;
  /** Transitions per wake before the instance reports 'limit' and sleeps. Default 10,000. */
  maxTicks?: number;
  /** Log each tick, in the words of `vedc run`: true for stderr, or a function taking each line. */
  trace?: boolean | ((line: string) => void);
  /** Metrics, traces or logs (vedc/observability): told at each point the instance counts something. */
  telemetry?: Telemetry;
  /** Where a domain that reads `now` reads it, and what wakes it: default the system clock. See Clock. */
  clock?: Clock;
}

/**
 * The time, as an input. An instance of a domain that reads `now` calls
 * `now()` once per tick (and journals what it read), and, when it waits,
 * sets one timer for the instant time alone changes what it would do. A
 * test gives `manualClock()`; a fleet shares one timer among its instances.
 */
export interface Clock {
  /** Milliseconds since the epoch, a safe integer. */
  now(): number;
  /** Calls `fn` once, when `now()` reads `at` or later, never before setTimer returns; the function returned cancels it. */
  setTimer(at: number, fn: () => void): () => void;
}

/** A clock that moves only when told (`manualClock(start)`): for tests, and `vedc run --now --advance`. */
export interface ManualClock extends Clock {
  /** Moves the clock to `at` (never back), calling each timer that comes due, earliest first, with the clock at its instant. */
  set(at: number): void;
  /** The instant of the earliest timer set and not cancelled or fired, or null. */
  next(): number | null;
}

// ---- telemetry --------------------------------------------------------------

/** What an instance lets a telemetry read of it at any time (a scrape, say). */
export interface InstanceView {
  readonly id: string;
  readonly domain: string;
  status(): InstanceStatus;
  /** Observations queued and not yet applied. */
  queued(): number;
}

/** Watches instances; vedc/observability has Prometheus metrics, OpenTelemetry spans, and both at once. */
export interface Telemetry {
  /** Called once per instance, as it is created; what it returns is told what the instance does. */
  instance(view: InstanceView): InstanceProbe;
  /** An observation refused before any instance saw it: a replica checks what it may have to forward. */
  rejected?(domain: string): void;
}

export type ObservationOutcome = "applied" | "stale" | "duplicate" | "rejected";

/** Told what one instance does, at the points its metrics() count. Every method is optional; none may throw. */
export interface InstanceProbe {
  observation?(outcome: ObservationOutcome): void;
  /** A tick: a transition (by name), or an effect's outcome block (`boot done`, `boot failed`). */
  ticked?(name: string, tick: number, kind: "transition" | "outcome"): void;
  /**
   * A wake ended: how (the status it left the instance in), how many
   * transitions it applied, and when it began (performance.now()).
   */
  settled?(status: InstanceStatus, transitions: number, began: number): void;
  effectStarted?(effect: OutboxEntry, attempt: number): void;
  effectEnded?(effect: OutboxEntry, attempt: number, outcome: "succeeded" | "retried" | "failed", error?: Error): void;
  /** The journal, once opened: what is returned is used in its place (a wrapper that times commits, say). */
  journal?(journal: Journal): Journal;
}

export interface TransitionEvent<S> {
  name: string;
  /** The goals (by name, or as Ved source) that failed before this transition. */
  failing: string[];
  /** Counts every transition the instance has applied since it was created, from 1. */
  tick: number;
  before: Readonly<S>;
  after: Readonly<S>;
}

/** An effect's `done` or `failed` block ran: a tick of its own. */
export interface OutcomeEvent<S> {
  effect: string;
  args: Readonly<Record<string, Value>>;
  key: string;
  outcome: "done" | "failed";
  /** Counts every tick, transitions and outcomes, since the instance was created. */
  tick: number;
  before: Readonly<S>;
  after: Readonly<S>;
}

export interface ObservedEvent<S> {
  patch: Readonly<Partial<S>>;
  before: Readonly<S>;
  after: Readonly<S>;
}

export interface DroppedEvent<S> {
  patch: Readonly<Partial<S>>;
  reason: "stale" | "duplicate";
}

export interface ConvergedEvent<S> {
  state: Readonly<S>;
  tick: number;
  /** When a goal that reads `now` will fail by time alone: the instance sleeps until then, and wakes itself. */
  until?: number;
}

/** Some goal fails and no transition is valid, but one will be at `until`, by time alone: the instance sleeps until then. */
export interface WaitingEvent<S> {
  state: Readonly<S>;
  failing: string[];
  until: number;
  /** What `until` is the instant of, in Ved: `transition scale_up at last_scaled + cooldown`. */
  reason: string | null;
}

export interface StuckEvent<S> {
  state: Readonly<S>;
  /** The goals that fail, by name or as Ved source. */
  failing: string[];
}

export type EffectEvent<E> = EffectCall<E> & { transition: string; tick: number; key: string };

export type EffectAttemptEvent<E> = EffectEvent<E> & { attempt: number };

/** Every event says which instance it comes from and when (milliseconds since the epoch). On an 'error' event the two are non-enumerable properties of the Error. */
export interface Stamp {
  id: string;
  at: number;
}

export interface InstanceEvents<S, E = Record<string, Record<string, Value>>> {
  transition: TransitionEvent<S> & Stamp;
  outcome: OutcomeEvent<S> & Stamp;
  observed: ObservedEvent<S> & Stamp;
  dropped: DroppedEvent<S> & Stamp;
  /** A transition called an effect. */
  effect: EffectEvent<E> & Stamp;
  "effect-start": EffectAttemptEvent<E> & Stamp;
  "effect-succeeded": EffectAttemptEvent<E> & Stamp;
  "effect-retry": EffectAttemptEvent<E> & { error: Error; delay: number } & Stamp;
  "effect-failed": EffectAttemptEvent<E> & { error: Error } & Stamp;
  converged: ConvergedEvent<S> & Stamp;
  waiting: WaitingEvent<S> & Stamp;
  stuck: StuckEvent<S> & Stamp;
  error: Error & Stamp;
}

export interface Settled<S> {
  status: InstanceStatus;
  state: Readonly<S>;
  /** Transitions applied since the instance was created. */
  ticks: number;
  /** When it sleeps until an instant (status 'waiting', or 'converged' with a goal that will expire): that instant, in ms since the epoch. */
  until?: number;
}

export interface Metrics {
  ticks: number;
  transitions: Record<string, number>;
  effects: { started: number; succeeded: number; retried: number; failed: number };
  observations: { applied: number; stale: number; duplicate: number; rejected: number };
  /** Milliseconds from a wake to convergence: the last, the longest, and their sum over `converged` wakes. */
  convergence: { last: number; max: number; total: number; converged: number };
}

export interface Instance<S, E = Record<string, Record<string, Value>>> {
  readonly id: string;
  /**
   * Starts the loop: resumes the instance from its store (or starts it from
   * its initial state), dispatches its undelivered effects, converges, then
   * sleeps until observed. Resolves once it has resumed.
   */
  start(): Promise<Instance<S, E>>;
  /**
   * Queues a change made by the outside world. Resolves once the change is
   * durable and applied, or dropped as stale or duplicate; rejects, applying
   * nothing, when a field is unknown, a value has the wrong type, or the
   * change would break an invariant.
   */
  observe(patch: Patch<S>, options?: ObserveOptions): Promise<ObserveResult>;
  /** Resolves once every queued observation is applied, every change is durable, every effect handler has returned (timed out or not), and the loop sleeps. */
  settled(): Promise<Settled<S>>;
  /** The current state, frozen. */
  getState(): Readonly<S>;
  /** The params it runs with: those it was created with, kept in its journal across restarts. */
  getParams(): Readonly<ValuesOf>;
  status(): InstanceStatus;
  metrics(): Metrics;
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof InstanceEvents<S, E>>(event: K, listener: (payload: InstanceEvents<S, E>[K]) => void): () => void;
  /** Stops the loop and the poller, aborts running effects, waits for pending writes and closes the journal. Queued observations are rejected. */
  stop(): Promise<void>;
}

// ---- durable state ------------------------------------------------------------

/** An effect committed with its transition and not yet finished. */
export interface OutboxEntry {
  key: string;
  name: string;
  args: Record<string, Value>;
  transition: string;
  tick: number;
}

/** What a store keeps of an instance: enough to resume it exactly. */
export interface Image {
  /** The number of the last record applied. */
  seq: number;
  state: StateOf;
  ticks: number;
  outbox: OutboxEntry[];
  lastVersion: number | null;
  /**
   * True once an effect's outcome block changed the state after the
   * observation at `lastVersion`: the world has moved on from that version
   * (the effect's change would have given it a new one), so a report at the
   * same version is stale too. Absent means false.
   */
  versionSpent?: boolean;
  /** Keys of recent observations, oldest first, for dropping duplicates. */
  keys: string[];
  /** The params the instance was created with (its init record's); absent for an instance journaled before params were. */
  params?: ValuesOf;
}

/**
 * One change, as a journal holds it. `set` holds the fields that changed;
 * `at` is when it was recorded, in milliseconds since the epoch (journals
 * written before vedc recorded times have none). An `attempt` record says an
 * effect's attempt failed (changing nothing), for whoever inspects the store.
 */
export type JournalRecord = { at?: number } & (
  | { t: "init"; seq: number; state: StateOf; domain: string; id?: string; params?: ValuesOf }
  | { t: "observe"; seq: number; set: StateOf; version?: number; key?: string }
  /** `now`: the instant the tick read, for a domain that reads it (replayed exactly, shown by `vedc history`). */
  | { t: "transition"; seq: number; name: string; set: StateOf; effects: OutboxEntry[]; now?: number }
  /**
   * An effect finished. When its `done` (or `failed`) block ran, `set` holds
   * the fields it changed (it counts as a tick) and `effects` what it called.
   */
  | { t: "effect"; seq: number; key: string; outcome: "succeeded" | "failed"; set?: StateOf; effects?: OutboxEntry[]; now?: number }
  | { t: "attempt"; seq: number; key: string; attempt: number; error: string }
);

/** An instance's durable log, held open by one owner at a time. */
export interface Journal {
  /** The instance as last committed, or null for one never seen. */
  recover(): Promise<Image | null>;
  /** Makes the records durable, in order; resolves once they are. */
  commit(records: JournalRecord[]): Promise<void>;
  close(): Promise<void>;
  /** For stores whose ownership can end (a lease): throws when this owner may no longer act. */
  assertOwner?(): void;
  /** For stores whose ownership can end: called once when it has. */
  onLost?(listener: (error: Error) => void): void;
  /** For stores whose ownership is a lease: called each time it is renewed. */
  onRenewed?(listener: () => void): void;
  /** For stores that can fail at something besides a commit and go on (a file store's snapshot): the instance reports it as an 'error' event and keeps running. */
  onTrouble?(listener: (error: Error) => void): void;
}

export interface Store {
  /** Opens an instance's journal, refusing when another owner holds it. */
  open(id: string, domain: string): Promise<Journal>;
}

export interface FleetOptions<S, P = Record<string, Value>, E = Record<string, Record<string, Value>>> extends Omit<CreateOptions<S, P, E>, "id" | "poll"> {
  /** Called with each instance as it is created, before it starts: subscribe to its events here. */
  setup?: (instance: Instance<S, E>) => void;
}

/**
 * What one instance of a fleet is started with, besides the fleet's options.
 * `params` are the instance's own: given when it is first created, they are
 * journaled with it, and a restart resumes it with them. Given again for an
 * instance that has them (running, or in the store), they must agree with
 * them: an instance's params never change under it (a ParamsError says so).
 */
export interface InstanceOptions<P = Record<string, Value>> {
  params?: Partial<P>;
}

/** Many instances of one domain, by id, on one store. */
export interface Fleet<S, E = Record<string, Record<string, Value>>, P = Record<string, Value>> {
  /** The instance with this id, started (resumed from the store) on first use; `options.params` are its own params (see InstanceOptions). */
  instance(id: string, options?: InstanceOptions<P>): Promise<Instance<S, E>>;
  /** Observes a change to one instance, starting it if need be, with `options.params` for a new one (see InstanceOptions). */
  observe(id: string, patch: Patch<S>, options?: ObserveOptions & InstanceOptions<P>): Promise<ObserveResult>;
  /** The ids of the instances started so far. */
  ids(): string[];
  readonly size: number;
  /** Resolves once every instance has settled. */
  settled(): Promise<void>;
  /** Every instance's metrics, added up. */
  metrics(): Promise<Metrics>;
  stop(): Promise<void>;
}

export interface Domain<S, P = Record<string, Value>, E = Record<string, Record<string, Value>>> {
  readonly name: string;
  readonly meta: DomainMeta;
  /** The declared initial state. */
  initial(): S;
  /** The declared params. */
  params(): P;
  /** The pure loop: no I/O, no events. Runs until converged, stuck, the tick limit, or a step error. */
  reconcile(state: Patch<S>, options?: ReconcileOptions<P>): ReconcileResult<S, E>;
  /** One tick from `state`, without validation beyond the field types: what the loop would do next. */
  tick(state: Patch<S>, options?: { params?: Partial<P>; now?: number }): TickOutcome<S, E>;
  /**
   * Checks an observation as `observe()` would before queueing it — every
   * field known, every value of its type, no owned field, the options well
   * formed — and returns the checked copy; throws ObservationError otherwise.
   * (Invariants are checked when it is applied, against the state then.)
   */
  checkObservation(patch: Patch<S>, options?: ObserveOptions): Partial<S>;
  /** The first invariant `state` breaks (its name, or its source), or null when it keeps them all. */
  brokenInvariant(state: Patch<S>, options?: { params?: Partial<P> }): string | null;
  /**
   * The generated loop's own pieces, over plain values: no validation, no
   * freezing, no allocation. For tools that step a domain millions of times,
   * such as a verifier; a mistaken value here is undefined behaviour.
   */
  readonly unchecked: UncheckedDomain<S, P, E>;
  create(options?: CreateOptions<S, P, E>): Instance<S, E>;
  /** Many instances of this domain by id, sharing a store and a scheduler. */
  fleet(options?: FleetOptions<S, P, E>): Fleet<S, E, P>;
}

/** What `tick` returns when no transition is applied: every goal holds. */
export type Converged = -1;
/** What `tick` returns when no transition is applied: some goal fails and none is valid. */
export type Stuck = -2;

/** See Domain.unchecked. */
export interface UncheckedDomain<S, P = Record<string, Value>, E = Record<string, Record<string, Value>>> {
  /**
   * One tick from `s`, which it never changes: -1 when every goal holds; -2
   * when stuck; else the index (in meta.transitions) of the transition
   * applied, whose new state it wrote into `d` (every field) and whose
   * effects it pushed to `fx`. `fired` lists the transitions that fired
   * calling effects only since the state last changed (each is valid once
   * per state): start with [], keep it across ticks, empty it when you change
   * the state yourself. Throws as a step would (StepError, EvaluationError,
   * InvariantError).
   */
  tick(s: Readonly<S>, d: S, p: Readonly<P>, fx: EffectCall<E>[], fired: number[], now?: number): number | Converged | Stuck;
  /** Whether every goal holds. */
  converged(s: Readonly<S>, p: Readonly<P>, now?: number): boolean;
  /** The first invariant `s` breaks, by name or source, or null. */
  broken(s: Readonly<S>, p: Readonly<P>): string | null;
  /** The goals that fail in `s`, by name or source. */
  failing(s: Readonly<S>, p: Readonly<P>, now?: number): string[];
  /**
   * The earliest instant after `now` at which time alone could change what a
   * tick from `s` does (see DomainSpec.until), or null. `now` is required
   * (milliseconds) when meta.readsNow is true, as for every function here.
   */
  until(s: Readonly<S>, p: Readonly<P>, now?: number): number | null;
  /**
   * For a domain whose effects declare outcomes: what effect `effect`
   * finishing `done` (or `failed`) does, its new state written into `d` and
   * its effects pushed to `fx`; false when that effect declares no such block.
   */
  outcome?(s: Readonly<S>, d: S, p: Readonly<P>, fx: EffectCall<E>[], effect: string, outcome: "done" | "failed", args: Readonly<Record<string, Value>>, now?: number): boolean;
}
