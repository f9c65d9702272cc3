// Observations sent through the database to an instance another replica
// drives: a row in `inbox` and a NOTIFY on the schema's channel, in one
// transaction. The replica driving the instance LISTENs, applies each message
// under its key (so applying one twice is harmless), then removes it.
//
// A NOTIFY is only a wake-up: one sent while the listening connection is down
// is lost. So the listener reconnects on its own and then says so, and the
// replica reads the inbox of every instance it drives, then and at each scan.
import pg from "pg";
import type { StateOf } from "../../api.js";
import { checkout, query, retrying, transaction, type Checkout } from "./connection.js";
import type { Tables } from "./schema.js";

/** An observation sent to an instance through the database. Applied with its key, so applying it twice is harmless. */
export interface InboxMessage {
  row: number;
  patch: StateOf;
  version?: number;
  key: string;
}

export function channel(db: Tables): string {
  return `vedc_inbox_${db.schema.replace(/\W/g, "")}`;
}

/**
 * Writes the message and its NOTIFY, trying to connect until `until`. A keyed
 * message is also sent again when the connection drops mid-way (a second copy
 * is dropped as a duplicate when applied); an unkeyed one is not, since it
 * may have been written.
 */
export async function send(db: Tables, id: string, patch: StateOf, options: { version?: number; key?: string }, until: number): Promise<void> {
  const once = () =>
    transaction(
      db.pool,
      async (c) => {
        await c.query(`INSERT INTO ${db.t("inbox")} (id, patch, version, key) VALUES ($1, $2, $3, $4)`, [id, JSON.stringify(patch), options.version ?? null, options.key ?? null]);
        await c.query("SELECT pg_notify($1, $2)", [channel(db), id]);
      },
      until,
    );
  await (options.key === undefined ? once() : retrying(once, until));
}

export interface ListenHooks {
  /** An observation was sent to the instance `id`. */
  notified(id: string): void;
  /** Listening again after the connection dropped: notifications sent meanwhile are lost. */
  reconnected(): void;
  /** The connection dropped, or reconnecting failed (it is tried again). */
  error(error: Error): void;
}

/**
 * Listens on the schema's channel; resolves once listening, with a function
 * that stops. A dropped connection is made again, with backoff (100 ms
 * doubling to 2 s, with jitter), for as long as it takes.
 */
export async function listen(db: Tables, hooks: ListenHooks): Promise<() => Promise<void>> {
  const name = channel(db);
  const sql = (verb: string) => `${verb} ${pg.escapeIdentifier(name)}`;
  let current: Checkout | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const onNotification = (n: pg.Notification) => n.channel === name && n.payload && hooks.notified(n.payload);

  const open = async (): Promise<void> => {
    const c = await checkout(db.pool, 0);
    const lost = (error: Error) => {
      if (current !== c) return;
      current = null;
      c.client.off("notification", onNotification);
      c.done(error);
      if (stopped) return;
      hooks.error(new Error(`the LISTEN connection was lost (${error.message}); reconnecting`, { cause: error }));
      again(100);
    };
    c.client.on("error", lost);
    c.client.on("end", () => lost(new Error("the connection ended")));
    c.client.on("notification", onNotification);
    try {
      await c.client.query(sql("LISTEN"));
    } catch (error) {
      c.client.off("notification", onNotification);
      c.done(error);
      throw error;
    }
    current = c;
  };

  const again = (delay: number) => {
    retry = setTimeout(async () => {
      retry = null;
      if (stopped) return;
      try {
        await open();
      } catch (error) {
        hooks.error(new Error(`reconnecting the LISTEN connection failed (${(error as Error).message}); trying again`, { cause: error }));
        return again(Math.min(delay * 2, 2_000));
      }
      if (stopped) return void close();
      hooks.reconnected();
    }, delay * (0.5 + Math.random() / 2));
  };

  const close = async () => {
    const c = current;
    current = null;
    if (!c) return;
    c.client.off("notification", onNotification);
    await c.client.query(sql("UNLISTEN")).then(
      () => c.done(),
      (error) => c.done(error),
    );
  };

  await open();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await close();
  };
}

/** The messages waiting for an instance, oldest first. */
export async function messages(db: Tables, id: string, until: number): Promise<InboxMessage[]> {
  const r = await query(db.pool, `SELECT row, patch, version, key FROM ${db.t("inbox")} WHERE id = $1 ORDER BY row`, [id], until, true);
  return r.rows.map((x) => ({ row: Number(x.row), patch: x.patch, ...(x.version === null ? {} : { version: x.version }), key: x.key ?? `inbox-${x.row}` }));
}

/** The ids among `ids` that have messages waiting. */
export async function waiting(db: Tables, ids: string[], until: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await query(db.pool, `SELECT DISTINCT id FROM ${db.t("inbox")} WHERE id = ANY($1::text[])`, [ids], until, true);
  return r.rows.map((x) => x.id as string);
}

export async function remove(db: Tables, rows: number[], until: number): Promise<void> {
  if (rows.length) await query(db.pool, `DELETE FROM ${db.t("inbox")} WHERE row = ANY($1::bigint[])`, [rows], until, true);
}
