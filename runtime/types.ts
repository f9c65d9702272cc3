// The runtime's public types. This file imports nothing: `vedc build` copies
// its declarations into each bundle's .d.ts, so a bundle's types stand alone.

export type FieldType = "int" | "bool";

/** A Ved value in JavaScript: an int is a safe-integer number. */
export type Value = number | boolean;

export interface FieldMeta {
  name: string;
  type: FieldType;
  initial: Value;
}

export interface GoalMeta {
  /** The goal as Ved source, e.g. `workers == 5`. */
  text: string;
  line: number;
  col: number;
}

export interface TransitionMeta {
  name: string;
  line: number;
  col: number;
}

/** A domain described as data: what `vedc emit --ir` shows, minus the code. */
export interface DomainMeta {
  name: string;
  /** The .ved file the domain was compiled from. */
  file: string;
  fields: FieldMeta[];
  goals: GoalMeta[];
  /** In the order the runtime tries them. */
  transitions: TransitionMeta[];
}

export type StateOf = Record<string, Value>;

/** The constraint on a domain's state type: every field a Ved value. Interfaces satisfy it. */
export type State<S> = { [K in keyof S]: Value };

/**
 * How a run of the loop ended:
 * - converged: every goal holds;
 * - stuck: some goal fails and no transition is valid;
 * - limit: `maxTicks` transitions were applied and the goals still fail;
 * - error: a step threw (division by zero, say); the state is the one before it.
 */
export type ReconcileStatus = "converged" | "stuck" | "limit" | "error";

export interface ReconcileOptions {
  /** Transitions applied before giving up with status 'limit'. Default 10,000. */
  maxTicks?: number;
}

export interface ReconcileResult<S> {
  state: Readonly<S>;
  status: ReconcileStatus;
  /** The transitions applied, in order: one per tick. */
  transitions: string[];
  /** The goals (as text) that fail in the final state; empty when converged. */
  failing: string[];
  /** Set when status is 'limit' or 'error'. */
  error?: Error;
}

export type InstanceStatus = "idle" | "running" | ReconcileStatus | "stopped";

export interface CreateOptions<S> {
  /** A name for the instance in messages and events. Default: the domain's name. */
  id?: string;
  /** Initial values for some or all fields; the rest take their declared initial values. */
  state?: Partial<S>;
  /** Transitions per wake before the instance reports 'limit' and sleeps. Default 10,000. */
  maxTicks?: number;
}

export interface TransitionEvent<S> {
  name: string;
  /** The goals (as Ved source) that failed before this transition. */
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
  /** The goals that fail, as Ved source. */
  failing: string[];
}

export interface InstanceEvents<S> {
  transition: TransitionEvent<S>;
  observed: ObservedEvent<S>;
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

export interface Instance<S> {
  readonly id: string;
  /** Starts the loop: the instance converges from its initial state, then sleeps until observed. */
  start(): Instance<S>;
  /**
   * Queues a change made by the outside world. Resolves once the change is
   * applied; rejects, applying nothing, when a field is unknown or a value has
   * the wrong type.
   */
  observe(patch: Partial<S>): Promise<void>;
  /** Resolves once every queued observation is applied and the loop sleeps. */
  settled(): Promise<Settled<S>>;
  /** The current state, frozen. */
  getState(): Readonly<S>;
  status(): InstanceStatus;
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<E extends keyof InstanceEvents<S>>(event: E, listener: (payload: InstanceEvents<S>[E]) => void): () => void;
  /** Stops the loop; queued observations are rejected. */
  stop(): void;
}

export interface Domain<S> {
  readonly name: string;
  readonly meta: DomainMeta;
  /** The declared initial state. */
  initial(): S;
  /** The pure loop: no I/O, no events. Runs until converged, stuck, the tick limit, or a step error. */
  reconcile(state: Partial<S>, options?: ReconcileOptions): ReconcileResult<S>;
  create(options?: CreateOptions<S>): Instance<S>;
}
