// Talking to a database that can go away: a restart, a failover, a dropped
// connection. Every client checked out of the pool has an 'error' listener
// while it is out (pg emits 'error' on a client whose server went away, and an
// unheard 'error' ends the process), and a client that failed is destroyed,
// never handed back. What may be retried is decided here: connecting always
// (nothing was sent), a statement only when its caller says it is idempotent.
import type pg from "pg";

/**
 * SQLSTATEs after which trying again may succeed: the server is shutting down,
 * starting up or out of connections (57P01-3, 53300), or it rolled the
 * transaction back for a conflict (40001, 40P01). Class 08 is every
 * connection exception.
 */
const RETRYABLE = new Set(["57P01", "57P02", "57P03", "53300", "40001", "40P01"]);
/** Socket errors of a server that cannot be reached for now. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
/** How pg words a connection that dropped or never came. */
const DROPPED = /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i;

/** True when `error` says the database could not be reached or went away, so that trying again later may succeed. */
export function isTransient(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === "string" && (RETRYABLE.has(e.code) || e.code.startsWith("08") || UNREACHABLE.has(e.code))) return true;
  return typeof e.message === "string" && DROPPED.test(e.message);
}

/** A client checked out of the pool, heard while out; `done(error)` destroys it when it failed. */
export interface Checkout {
  client: pg.PoolClient;
  /** Whether the client was heard to fail while out: it must not be used again. */
  readonly broken: boolean;
  done(error?: unknown): void;
}

/** Checks a client out, retrying a connection that fails for a transient reason until `until` (a Date.now() time). */
export async function checkout(pool: pg.Pool, until: number): Promise<Checkout> {
  const client = await retrying(() => pool.connect(), until);
  let failed: unknown = null;
  // The statement in flight fails with this error too; here it only marks the client as broken.
  const heard = (error: unknown) => (failed ??= error);
  client.on("error", heard);
  let released = false;
  return {
    client,
    get broken() {
      return failed !== null;
    },
    done(error?: unknown) {
      if (released) return;
      released = true;
      client.off("error", heard);
      const broken = failed ?? (error !== undefined && isTransient(error) ? error : null);
      client.release(broken ? (broken as Error) : undefined);
    },
  };
}

/**
 * A client kept checked out across statements that follow one another at
 * once — an instance's next commit, started as the last one ends — so they
 * skip the pool's checkout and hand-back. It goes back to the pool when a
 * turn of the event loop passes without a statement, at once when someone is
 * waiting for a client, and on close(). One statement at a time.
 */
export class KeptClient {
  private kept: Checkout | null = null;
  private handBack: ReturnType<typeof setImmediate> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** Runs one statement, on the kept client if there is a sound one; connecting is retried until `until`, the statement is not. */
  async query(config: pg.QueryConfig, until: number): Promise<pg.QueryResult> {
    let c = this.take();
    if (c?.broken) c.done();
    if (!c || c.broken) c = await checkout(this.pool, until);
    try {
      const result = await c.client.query(config);
      this.keep(c);
      return result;
    } catch (error) {
      c.done(error);
      throw error;
    }
  }

  /** Hands the kept client back now. */
  close(): void {
    this.take()?.done();
  }

  private take(): Checkout | null {
    const c = this.kept;
    this.kept = null;
    if (this.handBack) clearImmediate(this.handBack);
    this.handBack = null;
    return c;
  }

  private keep(c: Checkout): void {
    if (this.pool.waitingCount > 0) return c.done();
    this.kept = c;
    this.handBack = setImmediate(() => this.close());
  }
}

/** One statement. Connecting is retried until `until`; the statement itself only when `idempotent`. */
export async function query(pool: pg.Pool, text: string, values: unknown[], until: number, idempotent: boolean): Promise<pg.QueryResult> {
  const once = async () => {
    const c = await checkout(pool, until);
    try {
      const result = await c.client.query(text, values);
      c.done();
      return result;
    } catch (error) {
      c.done(error);
      throw error;
    }
  };
  return idempotent ? retrying(once, until) : once();
}

/** Runs `fn` in one transaction on one connection; connecting is retried until `until`, the transaction is not. */
export async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, until = 0): Promise<T> {
  const c = await checkout(pool, until);
  try {
    await c.client.query("BEGIN");
    const result = await fn(c.client);
    await c.client.query("COMMIT");
    c.done();
    return result;
  } catch (error) {
    // The error reported is the statement's; a connection that cannot even roll back is discarded (done(error)), which ends its transaction.
    await c.client.query("ROLLBACK").catch(() => {});
    c.done(error);
    throw error;
  }
}

/**
 * Calls `attempt` until it succeeds, fails for a reason that is not transient,
 * or `until` has passed; waits between tries with exponential backoff and
 * jitter (50 ms doubling to 1 s). `guard` runs before each retry and may throw
 * to give up (a lease that ran out).
 */
export async function retrying<T>(attempt: () => Promise<T>, until: number, guard: () => void = () => {}): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    return retryAfter(error, attempt, until, guard);
  }
}

/**
 * `retrying` for a caller whose own first try failed with `error`: rethrows
 * it unless it is transient, else waits and tries again as `retrying` does.
 * A hot path tries once itself and pays for the loop only after a failure.
 */
export async function retryAfter<T>(error: unknown, attempt: () => Promise<T>, until: number, guard: () => void = () => {}): Promise<T> {
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const wait = delay / 2 + Math.random() * (delay / 2);
    if (!isTransient(error) || Date.now() + wait >= until) throw error;
    await new Promise((resolve) => setTimeout(resolve, wait));
    guard();
    try {
      return await attempt();
    } catch (next) {
      error = next;
    }
  }
}
