// The outbox dispatcher: runs effect handlers for committed transitions, a
// bounded number at a time, retrying failures with exponential backoff and
// jitter, and reports each effect's outcome so that it is journaled and leaves
// the outbox. The loop never waits for it.
//
// A handler holds its slot until its promise settles. An attempt that times
// out fails then (its signal is aborted, its retry is scheduled), but a
// handler that ignores the signal still runs, so it keeps its slot until it
// ends: `maxInFlight` counts handlers actually running, and a retry waits for
// a free slot like any other attempt.
import { EffectError } from "./errors.js";
import { after, type Timer } from "./timers.js";
import type { EffectHandlers, EffectPolicy, OutboxEntry } from "./api.js";

const DEFAULTS: Required<EffectPolicy> = { attempts: 5, baseDelay: 100, maxDelay: 10_000, timeout: 30_000, maxInFlight: 8 };

export function effectPolicy(policy: EffectPolicy = {}): Required<EffectPolicy> {
  const p = { ...DEFAULTS, ...policy };
  for (const [name, value] of Object.entries(p)) {
    const min = name === "baseDelay" || name === "maxDelay" ? 0 : 1;
    if (!Number.isFinite(value) || value < min) throw new RangeError(`effectPolicy.${name} must be a number >= ${min}, got ${String(value)}`);
  }
  return p;
}

export interface DispatchHooks {
  domain: string;
  id: string;
  /** Throws when the instance may no longer act (a lost lease): then nothing is dispatched. */
  guard(): void;
  lost(error: unknown): void;
  start(entry: OutboxEntry, attempt: number): void;
  succeeded(entry: OutboxEntry, attempt: number): void;
  retry(entry: OutboxEntry, attempt: number, error: Error, delay: number): void;
  failed(entry: OutboxEntry, attempt: number, error: Error): void;
  /** Called once the dispatcher has nothing running, queued or waiting to retry. */
  idle(): void;
}

type Handler = (args: OutboxEntry["args"], ctx: import("./api.js").EffectContext) => void | Promise<void>;

interface Attempt {
  entry: OutboxEntry;
  attempt: number;
}

export class Dispatcher {
  private readonly queue: Attempt[] = [];
  /** Handlers whose promise has not settled yet, timed out or not. */
  private running = 0;
  /** Failed attempts waiting out their backoff. */
  private waiting = 0;
  private readonly timers = new Set<Timer>();
  private readonly controllers = new Set<AbortController>();
  private stopped = false;

  constructor(
    private readonly handlers: EffectHandlers<Record<string, OutboxEntry["args"]>>,
    private readonly policy: Required<EffectPolicy>,
    private readonly hooks: DispatchHooks,
  ) {}

  /** True while a handler runs (even one that timed out), a retry waits, or an effect is queued. */
  busy(): boolean {
    return this.running > 0 || this.waiting > 0 || this.queue.length > 0;
  }

  enqueue(entry: OutboxEntry): void {
    if (this.stopped) return;
    this.queue.push({ entry, attempt: 1 });
    this.pump();
  }

  /** Aborts running attempts and cancels retries; their effects stay in the outbox for the next start. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    for (const t of this.timers) t.clear();
    this.timers.clear();
    this.waiting = 0;
    for (const c of this.controllers) c.abort(new Error("the instance stopped"));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.policy.maxInFlight && this.queue.length > 0) this.run(this.queue.shift()!);
  }

  /** One attempt: the handler, bounded by the timeout; its signal aborts on timeout or stop. Its slot is freed when the handler settles. */
  private run({ entry, attempt }: Attempt): void {
    try {
      this.hooks.guard();
    } catch (error) {
      // The effect stays in the outbox; whoever owns the instance now dispatches it, with the same key.
      this.stop();
      this.hooks.lost(error);
      return;
    }
    this.running++;
    this.hooks.start(entry, attempt);
    const handler = this.handlers[entry.name] as Handler;
    const controller = new AbortController();
    this.controllers.add(controller);
    let decided = false;
    const decide = (error: Error | null) => {
      if (decided) return;
      decided = true;
      timeout.clear();
      if (this.stopped) return;
      if (error === null) this.hooks.succeeded(entry, attempt);
      else this.failed(entry, attempt, new EffectError(this.hooks.domain, entry.name, entry.transition, error));
    };
    const timeout = after(this.policy.timeout, () => {
      const error = new Error(`timed out after ${this.policy.timeout} ms`);
      controller.abort(error);
      decide(error);
    });
    const ctx = { id: this.hooks.id, transition: entry.transition, tick: entry.tick, key: entry.key, attempt, signal: controller.signal };
    void Promise.resolve()
      .then(() => handler(entry.args, ctx))
      .then(
        () => decide(null),
        (error: unknown) => decide(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.controllers.delete(controller);
        this.running--;
        this.next();
      });
  }

  /** Reports a failed attempt, and schedules the next one unless it was the last, or the handler said the failure is final. */
  private failed(entry: OutboxEntry, attempt: number, error: Error): void {
    if (attempt >= this.policy.attempts || isFinal(error.cause)) return this.hooks.failed(entry, attempt, error);
    const delay = this.backoff(attempt);
    this.hooks.retry(entry, attempt, error, delay);
    this.waiting++;
    const timer = after(delay, () => {
      this.timers.delete(timer);
      this.waiting--;
      // Ahead of effects queued since: it is older than they are.
      if (!this.stopped) this.queue.unshift({ entry, attempt: attempt + 1 });
      this.next();
    });
    this.timers.add(timer);
  }

  private next(): void {
    this.pump();
    if (!this.busy()) this.hooks.idle();
  }

  /** Exponential backoff with full jitter between half and all of the step. */
  private backoff(attempt: number): number {
    const step = Math.min(this.policy.maxDelay, this.policy.baseDelay * 2 ** (attempt - 1));
    return Math.round(step / 2 + Math.random() * (step / 2));
  }
}

/**
 * What a handler throws when retrying cannot help (the request was refused,
 * not lost): the effect fails at once, and its `failed` block runs. Any error
 * with `nonRetryable: true` counts too, so a handler need not import this
 * (each bundle carries its own copy of the runtime).
 */
export class NonRetryableError extends Error {
  readonly nonRetryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetryableError";
  }
}

function isFinal(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { nonRetryable?: unknown }).nonRetryable === true;
}
