// The outbox dispatcher: runs effect handlers for committed transitions, a
// bounded number at a time, retrying failures with exponential backoff and
// jitter, and reports each effect's outcome so that it is journaled and leaves
// the outbox. The loop never waits for it.
import { EffectError } from "./errors.js";
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

export class Dispatcher {
  private readonly queue: OutboxEntry[] = [];
  private running = 0;
  private waiting = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly controllers = new Set<AbortController>();
  private stopped = false;

  constructor(
    private readonly handlers: EffectHandlers<Record<string, OutboxEntry["args"]>>,
    private readonly policy: Required<EffectPolicy>,
    private readonly hooks: DispatchHooks,
  ) {}

  busy(): boolean {
    return this.running > 0 || this.waiting > 0 || this.queue.length > 0;
  }

  enqueue(entry: OutboxEntry): void {
    if (this.stopped) return;
    this.queue.push(entry);
    this.pump();
  }

  /** Aborts running attempts and cancels retries; their effects stay in the outbox for the next start. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers) c.abort(new Error("the instance stopped"));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.policy.maxInFlight && this.queue.length > 0) {
      this.attempt(this.queue.shift()!, 1);
    }
  }

  private attempt(entry: OutboxEntry, attempt: number): void {
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
    void this.run(entry, attempt).then(
      () => {
        this.running--;
        if (!this.stopped) this.hooks.succeeded(entry, attempt);
        this.next();
      },
      (error: Error) => {
        this.running--;
        if (this.stopped) return this.next();
        if (attempt >= this.policy.attempts) {
          this.hooks.failed(entry, attempt, error);
        } else {
          const delay = this.backoff(attempt);
          this.hooks.retry(entry, attempt, error, delay);
          this.waiting++;
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.waiting--;
            if (this.stopped) return this.next();
            this.attempt(entry, attempt + 1);
          }, delay);
          this.timers.add(timer);
        }
        this.next();
      },
    );
  }

  private next(): void {
    this.pump();
    if (!this.busy()) this.hooks.idle();
  }

  /** One attempt: the handler, bounded by the timeout; its signal aborts on timeout or stop. */
  private async run(entry: OutboxEntry, attempt: number): Promise<void> {
    const handler = this.handlers[entry.name] as Handler;
    const controller = new AbortController();
    this.controllers.add(controller);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`timed out after ${this.policy.timeout} ms`);
          controller.abort(error);
          reject(error);
        }, this.policy.timeout);
      });
      const ctx = { id: this.hooks.id, transition: entry.transition, tick: entry.tick, key: entry.key, attempt, signal: controller.signal };
      await Promise.race([Promise.resolve().then(() => handler(entry.args, ctx)), timeout]);
    } catch (cause) {
      throw new EffectError(this.hooks.domain, entry.name, entry.transition, cause);
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  /** Exponential backoff with full jitter between half and all of the step. */
  private backoff(attempt: number): number {
    const step = Math.min(this.policy.maxDelay, this.policy.baseDelay * 2 ** (attempt - 1));
    return Math.round(step / 2 + Math.random() * (step / 2));
  }
}
