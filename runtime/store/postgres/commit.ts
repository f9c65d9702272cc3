// A commit as one statement, so one round trip: a named prepared statement
// (parsed once per connection, then only bound and run) whose first part is
// the fenced update of the instance's row, and whose journal, outbox and
// observed_keys parts read that row's RETURNING, so they write only when the
// update did. One statement is atomic on its own: no BEGIN, no COMMIT.
//
// The records go into the row first: the UPDATE appends them, as JSON text,
// to the row's `pending` column, so the common commit (observations and
// transitions that call nothing) writes one row of one table, as cheap as a
// commit can be. Once pending would pass PENDING_BYTES, the commit moves
// it, with its own records, to the journal as one row (an array), and
// empties it. A journal row per record cost about 5 µs of server time each,
// and a second table written per commit a fixed cost besides; one row per
// move shares both among the commits since the last (docs/benchmarks.md).
// Text, not jsonb, because appending to text copies bytes, where appending
// to a jsonb array parses the parameter and rebuilds the array; and the
// journal's rows are json, which the move only checks. Kept under
// PENDING_BYTES, the row stays small enough for HOT updates (no index
// touched); and with the table's toast_tuple_target at a page (schema.ts),
// a larger one is still not compressed on every commit.
//
// Every list goes in as one text, jsonb or array parameter, so a
// statement's text depends only on which parts a commit has: whether it
// moves; the outbox entries it adds, those it removes, and the observation
// keys it remembers when there are any. A handful of statements cover every
// commit.
//
// All parts of a statement see the tables as they were before it, so what a
// batch adds and removes is worked out here first (an effect finishing in the
// batch that called it never reaches the outbox), and the observed_keys trim
// counts the keys this commit adds instead of reading them back.
import { createHash } from "node:crypto";
import { KEY_MEMORY } from "../../image.js";
import type { Image, JournalRecord, OutboxEntry } from "../../api.js";
import { pendingArray } from "./schema.js";

/**
 * The most bytes of records an instance's row keeps before a commit moves
 * them to the journal: about four commits of one observation and the
 * transitions it causes, and a row (with a small state) under the 2 kB past
 * which PostgreSQL hands an updated row to TOAST first. 1,000 to 6,000
 * measured the same within the noise (docs/benchmarks.md): larger moves
 * less often but has every UPDATE write a larger row.
 */
export const PENDING_BYTES = 1500;

/** A named statement, as pg takes it with its values: `{ name, text, values }`. */
export interface Statement {
  name: string;
  text: string;
}

/** Who may write: the row must still have this owner and fence. */
export interface Fence {
  id: string;
  owner: string;
  fence: number;
}

/** The parts of a commit besides the row and the journal, in the order their parameters come. */
interface Parts {
  /** The row's pending records and this commit's go to the journal, and pending is emptied. */
  move: boolean;
  /** Outbox entries added (a jsonb array). */
  called: boolean;
  /** Outbox keys removed (a text[]). */
  finished: boolean;
  /** Observation keys remembered (a text[] and a bigint[] of their seqs). */
  keys: boolean;
}

/** A commit ready to send: which statement, with which values, and the bytes of records the row holds after it. */
export interface Commit {
  parts: Parts;
  values: unknown[];
  pendingBytes: number;
}

/**
 * The statement's parameters for committing `records`, which take the image
 * from seq `from` to `image`, on a row whose pending records are
 * `pendingBytes` long.
 */
export function commitOf(fence: Fence, records: JournalRecord[], image: Image, from: number, pendingBytes: number): Commit {
  // Made only for a batch that has them: the common one (observations and transitions that call nothing) allocates none.
  let called: Map<string, OutboxEntry & { seq: number }> | null = null;
  let finished: string[] | null = null;
  let keys: string[] | null = null;
  let keySeqs: number[] | null = null;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.t === "transition") {
      if (r.effects.length > 0) callAll((called ??= new Map()), r.effects, r.seq);
    } else if (r.t === "effect") {
      // Called earlier in this batch: it is never written. Otherwise it leaves the table.
      if (!called?.delete(r.key)) (finished ??= []).push(r.key);
      if (r.effects && r.effects.length > 0) callAll((called ??= new Map()), r.effects, r.seq);
    } else if (r.t === "observe" && r.key !== undefined) {
      (keys ??= []).push(r.key);
      (keySeqs ??= []).push(r.seq);
    }
  }
  // Each record after a comma: what the row's pending text is made of (schema.ts).
  const appended = `,${JSON.stringify(records).slice(1, -1)}`;
  const bytes = pendingBytes + Buffer.byteLength(appended);
  const move = bytes > PENDING_BYTES;
  const values: unknown[] = [fence.id, fence.owner, fence.fence, image.seq, JSON.stringify(image.state), image.ticks, image.lastVersion, from, appended, image.versionSpent ?? false];
  const parts: Parts = { move, called: called !== null && called.size > 0, finished: finished !== null, keys: keys !== null };
  if (parts.called) values.push(JSON.stringify([...called!.values()]));
  if (finished) values.push(finished);
  if (keys) {
    // More keys than are remembered: only the newest are written.
    const skip = Math.max(0, keys.length - KEY_MEMORY);
    values.push(keys.slice(skip), keySeqs!.slice(skip));
  }
  return { parts, values, pendingBytes: move ? 0 : bytes };
}

/** Adds the effects a record called to `called`, each with the record's seq. */
function callAll(called: Map<string, OutboxEntry & { seq: number }>, effects: OutboxEntry[], seq: number): void {
  for (const e of effects) called.set(e.key, { ...e, seq });
}

/**
 * The commit statements for the tables `t` names, made on first use. A
 * statement's name comes from its text, so stores whose tables are in
 * different schemas can share a pool.
 *
 * A commit with no part but the row is the row's UPDATE alone. Otherwise
 * the UPDATE is a CTE the other parts read, and the statement's body is the
 * journal INSERT of a move, or a SELECT of the updated row. Either way its
 * row count says whether the fence held (one row) or not (none).
 */
export function commitStatements(t: (name: string) => string): (parts: Parts) => Statement {
  const made = new Map<string, Statement>();
  return (parts) => {
    const shape = `${+parts.move}${+parts.called}${+parts.finished}${+parts.keys}`;
    let statement = made.get(shape);
    if (!statement) {
      const text = commitText(t, parts);
      made.set(shape, (statement = { name: `vedc_commit_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`, text }));
    }
    return statement;
  };
}

function commitText(t: (name: string) => string, parts: Parts): string {
  let next = 11;
  const param = () => `$${next++}`;
  const update = `UPDATE ${t("instances")} SET seq = $4, state = $5::jsonb, ticks = $6, last_version = $7, version_spent = $10, pending = ${parts.move ? "''" : "pending || $9"}
  WHERE id = $1 AND owner = $2 AND fence = $3 AND lease_until > now() AND seq = $8`;
  if (!parts.move && !parts.called && !parts.finished && !parts.keys) return update;
  const ctes = [`updated AS (
  ${update}
  RETURNING id)`];
  // What the row held before: every part of a statement reads the tables as they were before it. The UPDATE's seq = $8 makes that what it replaces: had anything committed since, it would update nothing.
  if (parts.move) ctes.unshift(`old AS (SELECT pending FROM ${t("instances")} WHERE id = $1)`);
  if (parts.called) {
    ctes.push(`called AS (
  INSERT INTO ${t("outbox")} (id, key, seq, entry)
  SELECT u.id, e->>'key', (e->>'seq')::bigint, e - 'seq' FROM updated u, jsonb_array_elements(${param()}::jsonb) e)`);
  }
  if (parts.finished) {
    ctes.push(`finished AS (
  DELETE FROM ${t("outbox")} o USING updated u WHERE o.id = u.id AND o.key = ANY(${param()}::text[]))`);
  }
  if (parts.keys) {
    const [keys, seqs] = [param(), param()];
    // Only the newest KEY_MEMORY keys are remembered, as in every store: of those already here, the newest KEY_MEMORY less the ones this commit adds.
    ctes.push(
      `remembered AS (
  INSERT INTO ${t("observed_keys")} (id, key, seq)
  SELECT u.id, k.key, k.seq FROM updated u, unnest(${keys}::text[], ${seqs}::bigint[]) AS k(key, seq)
  ON CONFLICT DO NOTHING)`,
      `forgotten AS (
  DELETE FROM ${t("observed_keys")} o USING updated u
  WHERE o.id = u.id AND o.seq <= (SELECT seq FROM ${t("observed_keys")} WHERE id = $1 ORDER BY seq DESC OFFSET ${KEY_MEMORY} - cardinality(${keys}::text[]) LIMIT 1))`,
    );
  }
  const body = parts.move
    ? `INSERT INTO ${t("journal")} (id, seq, records)
SELECT u.id, $4, ${pendingArray("o.pending || $9", "json")} FROM updated u, old o`
    : "SELECT FROM updated";
  return `WITH ${ctes.join(",\n")}
${body}`;
}
