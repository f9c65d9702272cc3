// Observations sent through the database to an instance another replica
// drives: a row in `inbox` and a NOTIFY on the schema's channel, in one
// transaction. The replica driving the instance LISTENs, applies each message
// under its key (so applying one twice is harmless), then removes it.
import pg from "pg";
import type { StateOf } from "../../api.js";
import { transaction, type Tables } from "./schema.js";

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

export async function send(db: Tables, id: string, patch: StateOf, options: { version?: number; key?: string } = {}): Promise<void> {
  await transaction(db.pool, async (c) => {
    await c.query(`INSERT INTO ${db.t("inbox")} (id, patch, version, key) VALUES ($1, $2, $3, $4)`, [id, JSON.stringify(patch), options.version ?? null, options.key ?? null]);
    await c.query("SELECT pg_notify($1, $2)", [channel(db), id]);
  });
}

/** Calls `fn(id)` for each observation sent; resolves once listening, with a function that stops. */
export async function listen(db: Tables, fn: (id: string) => void): Promise<() => Promise<void>> {
  const name = channel(db);
  const client = await db.pool.connect();
  const onNotification = (n: pg.Notification) => n.channel === name && n.payload && fn(n.payload);
  client.on("notification", onNotification);
  await client.query(`LISTEN ${pg.escapeIdentifier(name)}`);
  return async () => {
    client.off("notification", onNotification);
    await client.query(`UNLISTEN ${pg.escapeIdentifier(name)}`).catch(() => {});
    client.release();
  };
}

/** The messages waiting for an instance, oldest first. */
export async function messages(db: Tables, id: string): Promise<InboxMessage[]> {
  const r = await db.pool.query(`SELECT row, patch, version, key FROM ${db.t("inbox")} WHERE id = $1 ORDER BY row`, [id]);
  return r.rows.map((x) => ({ row: Number(x.row), patch: x.patch, ...(x.version === null ? {} : { version: x.version }), key: x.key ?? `inbox-${x.row}` }));
}

export async function remove(db: Tables, rows: number[]): Promise<void> {
  if (rows.length) await db.pool.query(`DELETE FROM ${db.t("inbox")} WHERE row = ANY($1::bigint[])`, [rows]);
}
