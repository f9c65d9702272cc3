// The runtime's public types. This file imports nothing: `vedc build` copies
// its declarations into each bundle's .d.ts, so a bundle's types stand alone.
//
// Type parameters, everywhere: S is a domain's state, P its params, E its
// effects (effect name → argument object).

/**
 * A Ved value in JavaScript: an int is a safe-integer number, a float a finite
 * number, an enum value its member's name.
 */
export type Value = number | boolean | string;

/** A field or a param: its Ved type (`int`, `float`, `bool`, `string`, or an enum's name). */
export interface ValueMeta {
  name: string;
  type: string;
  /** The enum's members, when the type is an enum. */
  members?: string[];
}

export interface FieldMeta extends ValueMeta {
  initial: Value;
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
}

export type StateOf = Record<string, Value>;

/** The constraint on a domain's state and params types: every field a Ved value. Interfaces satisfy it. */
export type State<S> = { [K in keyof S]: Value };

/** An effect a transition asked for: `{ name: "boot", args: { count: 1 } }`. */
export type EffectCall<E = Record<string, Record<string, Value>>> = { [K in keyof E]: { name: K; args: E[K] } }[keyof E];

/**
 * How a run of the loop ended:
 * - converged: every goal holds;
 * - stuck: some goal fails and no transition is valid;
 * - limit: `maxTicks` transitions were applied and the goals still fail;
 * - error: a step threw (division by zero, say) or would have broken an
 *   invariant; the state is the one before it.
 */
export type ReconcileStatus = "converged" | "stuck" | "limit" | "error";

export interface ReconcileOptions<P = Record<string, Value>> {
  /** Params overriding the declared defaults. */
  params?: Partial<P>;
  /** Transitions applied before giving up with status 'limit'. Default 10,000. */
  maxTicks?: number;
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
}

/**
 * One tick of the loop, as `Domain.tick` reports it: every goal holds; or no
 * transition is valid; or one was applied (its name, the new state, the
 * effects it called); or a step threw or would have broken an invariant.
 */
export type TickOutcome<S, E = Record<string, Record<string, Value>>> =
  | { kind: "converged" }
  | { kind: "stuck"; failing: string[] }
  | { kind: "applied"; name: string; state: Readonly<S>; effects: EffectCall<E>[] }
  | { kind: "error"; error: Error };

export type InstanceStatus = "idle" | "running" | ReconcileStatus | "stopped";

export interface EffectContext {
  /** The instance's id. */
  id: string;
  /** The transition whose step called the effect. */
  transition: string;
  /** The tick that applied it. */
  tick: number;
}

/** One handler per effect, called after the transition that asked for it is applied. */
export type EffectHandlers<E> = { [K in keyof E]: (args: E[K], ctx: EffectContext) => void | Promise<void> };

export interface CreateOptions<S, P = Record<string, Value>, E = Record<string, Record<string, Value>>> {
  /** A name for the instance in messages and events. Default: the domain's name. */
  id?: string;
  /** Initial values for some or all fields; the rest take their declared initial values. */
  state?: Partial<S>;
  /** Params overriding the declared defaults. */
  params?: Partial<P>;
  /**
   * Handlers for the domain's effects. When given, there must be one for
   * every effect; when left out, effects are only reported as 'effect' events.
   */
  effects?: EffectHandlers<E>;
  /** Transitions per wake before the instance reports 'limit' and sleeps. Default 10,000. */
  maxTicks?: number;
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

export interface ObservedEvent<S> {
  patch: Readonly<Partial<S>>;
  before: Readonly<S>;
  after: Readonly<S>;
}

export interface ConvergedEvent<S> {
  state: Readonly<S>;
  tick: number;
}

export interface StuckEvent<S> {
  state: Readonly<S>;
  /** The goals that fail, by name or as Ved source. */
  failing: string[];
}

export type EffectEvent<E> = EffectCall<E> & { transition: string; tick: number };

export interface InstanceEvents<S, E = Record<string, Record<string, Value>>> {
  transition: TransitionEvent<S>;
  observed: ObservedEvent<S>;
  effect: EffectEvent<E>;
  converged: ConvergedEvent<S>;
  stuck: StuckEvent<S>;
  error: Error;
}

export interface Settled<S> {
  status: InstanceStatus;
  state: Readonly<S>;
  /** Transitions applied since the instance was created. */
  ticks: number;
}

export interface Instance<S, E = Record<string, Record<string, Value>>> {
  readonly id: string;
  /** Starts the loop: the instance converges from its initial state, then sleeps until observed. */
  start(): Instance<S, E>;
  /**
   * Queues a change made by the outside world. Resolves once the change is
   * applied; rejects, applying nothing, when a field is unknown, a value has
   * the wrong type, or the change would break an invariant.
   */
  observe(patch: Partial<S>): Promise<void>;
  /** Resolves once every queued observation is applied, every effect handler has returned, and the loop sleeps. */
  settled(): Promise<Settled<S>>;
  /** The current state, frozen. */
  getState(): Readonly<S>;
  status(): InstanceStatus;
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof InstanceEvents<S, E>>(event: K, listener: (payload: InstanceEvents<S, E>[K]) => void): () => void;
  /** Stops the loop; queued observations are rejected. */
  stop(): void;
}

export interface Domain<S, P = Record<string, Value>, E = Record<string, Record<string, Value>>> {
  readonly name: string;
  readonly meta: DomainMeta;
  /** The declared initial state. */
  initial(): S;
  /** The declared params. */
  params(): P;
  /** The pure loop: no I/O, no events. Runs until converged, stuck, the tick limit, or a step error. */
  reconcile(state: Partial<S>, options?: ReconcileOptions<P>): ReconcileResult<S, E>;
  /** One tick from `state`, without validation beyond the field types: what the loop would do next. */
  tick(state: Partial<S>, options?: { params?: Partial<P> }): TickOutcome<S, E>;
  /** The first invariant `state` breaks (its name, or its source), or null when it keeps them all. */
  brokenInvariant(state: Partial<S>, options?: { params?: Partial<P> }): string | null;
  create(options?: CreateOptions<S, P, E>): Instance<S, E>;
}
