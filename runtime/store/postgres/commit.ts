// A commit as one statement, so one round trip: a named prepared statement
// (parsed once per connection, then only bound and run) whose first part is
// the fenced update of the instance's row, and whose journal, outbox and
// observed_keys parts read that row's RETURNING, so they write only when the
// update did. One statement is atomic on its own: no BEGIN, no COMMIT.
//
// Every list goes in as one jsonb or array parameter, so a statement's text
// depends only on which parts a commit has: the journal always; the outbox
// entries it adds, those it removes, and the observation keys it remembers
// when there are any. A handful of statements cover every commit, and the
// common one (observations and transitions that call nothing) touches only
// the row and the journal.
//
// All parts of a statement see the tables as they were before it, so what a
// batch adds and removes is worked out here first (an effect finishing in the
// batch that called it never reaches the outbox), and the observed_keys trim
// counts the keys this commit adds instead of reading them back.
import { createHash } from "node:crypto";
import { KEY_MEMORY } from "../../image.js";
import type { Image, JournalRecord, OutboxEntry } from "../../api.js";

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
  /** Outbox entries added (a jsonb array). */
  called: boolean;
  /** Outbox keys removed (a text[]). */
  finished: boolean;
  /** Observation keys remembered (a text[] and a bigint[] of their seqs). */
  keys: boolean;
}

/** A commit ready to send: which statement, with which values. */
export interface Commit {
  parts: Parts;
  values: unknown[];
}

/**
 * The statement's parameters for committing `records`, which take the image
 * from seq `from` to `image`.
 */
export function commitOf(fence: Fence, records: JournalRecord[], image: Image, from: number): Commit {
  const called = new Map<string, OutboxEntry & { seq: number }>();
  const finished: string[] = [];
  const keys: string[] = [];
  const keySeqs: number[] = [];
  const call = (effects: OutboxEntry[], seq: number) => effects.forEach((e) => called.set(e.key, { ...e, seq }));
  for (const r of records) {
    if (r.t === "transition") call(r.effects, r.seq);
    else if (r.t === "effect") {
      // Called earlier in this batch: it is never written. Otherwise it leaves the table.
      if (!called.delete(r.key)) finished.push(r.key);
      if (r.effects) call(r.effects, r.seq);
    } else if (r.t === "observe" && r.key !== undefined) {
      keys.push(r.key);
      keySeqs.push(r.seq);
    }
  }
  const values: unknown[] = [fence.id, fence.owner, fence.fence, image.seq, JSON.stringify(image.state), image.ticks, image.lastVersion, from, JSON.stringify(records), image.versionSpent ?? false];
  const parts = { called: called.size > 0, finished: finished.length > 0, keys: keys.length > 0 };
  if (parts.called) values.push(JSON.stringify([...called.values()]));
  if (parts.finished) values.push(finished);
  if (parts.keys) {
    // More keys than are remembered: only the newest are written.
    const skip = Math.max(0, keys.length - KEY_MEMORY);
    values.push(keys.slice(skip), keySeqs.slice(skip));
  }
  return { parts, values };
}

/**
 * The commit statements for the tables `t` names, made on first use. A
 * statement's name comes from its text, so stores whose tables are in
 * different schemas can share a pool.
 *
 * The journal INSERT is the statement itself, the other parts its CTEs: its
 * row count says whether the fence held (one row per record) or not (none),
 * and no result rows come back.
 */
export function commitStatements(t: (name: string) => string): (parts: Parts) => Statement {
  const made = new Map<string, Statement>();
  return (parts) => {
    const shape = `${+parts.called}${+parts.finished}${+parts.keys}`;
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
  const ctes = [
    `updated AS (
  UPDATE ${t("instances")} SET seq = $4, state = $5::jsonb, ticks = $6, last_version = $7, version_spent = $10
  WHERE id = $1 AND owner = $2 AND fence = $3 AND lease_until > now() AND seq = $8
  RETURNING id)`,
  ];
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
  return `WITH ${ctes.join(",\n")}
INSERT INTO ${t("journal")} (id, seq, record)
SELECT u.id, (r->>'seq')::bigint, r FROM updated u, jsonb_array_elements($9::jsonb) r`;
}
