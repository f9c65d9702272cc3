// What `vedc inspect`, `vedc history` and `vedc console` say of an instance
// read from its store: its status, its goals, its outbox, its history in the
// words of `vedc run`. A store knows only a domain's name; with the domain
// itself (compiled by the caller) the stored state is judged by the domain's
// own tick, so the status is what the controller would find; without it, only
// what the journal says is shown.
import type { Domain, JournalRecord, OutboxEntry, StateOf, ValuesOf } from "../api.js";
import type { StoredInstance, StoredOwner } from "../store/reader.js";
import { argTypes, showState, typesOf, words } from "../trace.js";

/**
 * - converged: every goal holds;
 * - converging: a goal fails and a transition is valid (its controller is at
 *   work, or not running);
 * - waiting: a goal fails and no transition is valid now, but one will be by
 *   time alone, at `until`;
 * - stuck: a goal fails and no transition can change the state, nor will as time passes;
 * - error: the next step throws, or the stored state does not fit the domain;
 * - unknown: the domain was not given, so the journal alone is shown;
 * - unreadable: the store could not be read for this instance (see problem).
 */
export type StoredStatus = "converged" | "converging" | "waiting" | "stuck" | "error" | "unknown" | "unreadable";

export interface InstanceSummary {
  id: string;
  domain: string;
  status: StoredStatus;
  /** The goals that fail, by name or as Ved source; empty when not known. */
  failing: string[];
  /** When converging: the transition the loop applies next. */
  next: string | null;
  /** When waiting: the instant (ms since the epoch) a transition becomes valid; when converged, the instant a goal that reads `now` will fail, if one will. */
  until: number | null;
  /** Why it is `error` or `unreadable`. */
  problem: string | null;
  ticks: number;
  /** The number of the last record committed. */
  seq: number;
  /** Ms since the epoch. */
  lastChange: number | null;
  /** Effects committed and not yet finished. */
  owed: number;
  failedEffects: number;
  owner: StoredOwner | null;
}

export interface GoalReport {
  name: string | null;
  text: string;
  /** Null when the domain is not known. */
  holds: boolean | null;
}

export interface OutboxReport extends OutboxEntry {
  /** Attempts that failed so far (the journal keeps each). */
  failedAttempts: number;
  lastError: string | null;
}

export interface HistoryLine {
  seq: number;
  at: number | null;
  /** The record's kind; "call" for an effect a tick called, "outcome" for an effect's outcome block that ran, and "converged", "waiting" or "stuck" where a wake ended so. */
  t: JournalRecord["t"] | "call" | "outcome" | "converged" | "waiting" | "stuck";
  /** The transition's name, for a transition. */
  name?: string;
  text: string;
}

export interface InstanceDetail extends InstanceSummary {
  state: StateOf | null;
  /** The params the instance runs with: those it was created with, over the declared ones. */
  params: ValuesOf | null;
  goals: GoalReport[];
  outbox: OutboxReport[];
  /** The instance's last transitions, newest last. */
  transitions: HistoryLine[];
  /** The oldest record kept (those before it are folded into a snapshot). */
  firstKept: number;
}

export type Domains = ReadonlyMap<string, Domain<StateOf>>;

/** `now`: the instant the stored state is judged at, for a domain that reads `now` (the reader's clock). */
export function summarize(stored: StoredInstance, domains: Domains, now = Date.now()): InstanceSummary {
  const base = { id: stored.id, domain: stored.domain, lastChange: stored.lastChange, failedEffects: stored.failedEffects, owner: stored.owner, until: null };
  const image = stored.image;
  if (image === null) return { ...base, status: "unreadable", failing: [], next: null, problem: stored.problem, ticks: 0, seq: 0, owed: 0 };
  const counts = { ticks: image.ticks, seq: image.seq, owed: image.outbox.length };
  const domain = domains.get(stored.domain);
  if (!domain) return { ...base, ...counts, status: "unknown", failing: [], next: null, problem: null };
  return { ...base, ...counts, ...judge(domain, image.state, now, paramsOf(domain, image.params)) };
}

/** The params an instance runs with: those it was created with (its init record's), over the declared ones; a param dropped since is left out. */
function paramsOf(domain: Domain<StateOf>, own: ValuesOf | undefined): ValuesOf {
  const declared = domain.params();
  return { ...declared, ...Object.fromEntries(Object.entries(own ?? {}).filter(([k]) => k in declared)) };
}

/** The domain's verdict on a stored state at `now`: what its loop would do next. */
function judge(domain: Domain<StateOf>, stored: StateOf, now: number, params: ValuesOf): Pick<InstanceSummary, "status" | "failing" | "next" | "problem" | "until"> {
  let state: StateOf;
  try {
    state = fit(domain, stored, params);
  } catch (error) {
    return { status: "error", failing: [], next: null, problem: `the stored state does not fit domain ${domain.name}: ${(error as Error).message}`, until: null };
  }
  const at = domain.meta.readsNow ? now : undefined;
  const failing = domain.unchecked.failing(state, params, at);
  const outcome = domain.tick(state, { now: at, params });
  switch (outcome.kind) {
    case "converged":
      return { status: "converged", failing: [], next: null, problem: null, until: outcome.until ?? null };
    case "waiting":
      return { status: "waiting", failing: outcome.failing, next: null, problem: null, until: outcome.until };
    case "stuck":
      return { status: "stuck", failing: outcome.failing, next: null, problem: null, until: null };
    case "applied":
      return { status: "converging", failing, next: outcome.name, problem: null, until: null };
    case "error":
      return { status: "error", failing, next: null, problem: outcome.error.message, until: null };
  }
}

/** The stored state as the instance resumes it: fields added since take their initial values, removed ones are dropped. */
function fit(domain: Domain<StateOf>, stored: StateOf, params: ValuesOf): StateOf {
  const known = Object.fromEntries(Object.entries(stored).filter(([k]) => domain.meta.fields.some((f) => f.name === k)));
  // Checked as the instance checks it when it resumes: a value of the wrong type throws.
  domain.brokenInvariant(known, { params });
  return { ...domain.initial(), ...known };
}

/** An instance read with its records: its summary, goals, outbox and last transitions. */
export function detail(stored: StoredInstance, domains: Domains, lastTransitions = 10, now = Date.now()): InstanceDetail {
  const summary = summarize(stored, domains, now);
  const domain = domains.get(stored.domain);
  const state = stored.image?.state ?? null;
  const failing = new Set(summary.failing);
  const goals: GoalReport[] = (domain?.meta.goals ?? []).map((g) => ({ name: g.name, text: g.text, holds: summary.status === "unknown" || summary.status === "unreadable" ? null : !failing.has(g.name ?? g.text) }));
  const attempts = new Map<string, { failed: number; error: string | null }>();
  for (const r of stored.records) {
    if (r.t !== "attempt") continue;
    const a = attempts.get(r.key) ?? { failed: 0, error: null };
    a.failed = Math.max(a.failed, r.attempt);
    a.error = r.error;
    attempts.set(r.key, a);
  }
  const outbox = (stored.image?.outbox ?? []).map((e) => ({ ...e, failedAttempts: attempts.get(e.key)?.failed ?? 0, lastError: attempts.get(e.key)?.error ?? null }));
  const transitions = history(stored, domains)
    .filter((l) => l.t === "transition")
    .slice(-lastTransitions);
  return { ...summary, state, params: domain ? paramsOf(domain, stored.image?.params) : null, goals, outbox, transitions, firstKept: stored.firstKept };
}

/** The records kept, in the words of `vedc run`: a line for each, and one where a run of transitions converged or got stuck. */
export function history(stored: StoredInstance, domains: Domains): HistoryLine[] {
  const domain = domains.get(stored.domain);
  const lines: HistoryLine[] = [];
  const records = stored.records;
  let state: StateOf = { ...(stored.base?.state ?? {}) };
  let ticks = stored.base?.ticks ?? 0;
  let params = domain ? paramsOf(domain, stored.base?.params) : {};
  const effects = new Map<string, OutboxEntry>((stored.base?.outbox ?? []).map((e) => [e.key, e]));
  // Times and durations in Ved's words, when the domain is known.
  const types = domain ? typesOf(domain.meta) : {};
  const say = (r: JournalRecord, text: string, extra: Partial<HistoryLine> = {}) => lines.push({ seq: r.seq, at: r.at ?? null, t: r.t, text, ...extra });
  // Each start, observation and outcome wakes the loop, and transitions follow until it settles: where no
  // transition follows, the wake ended, and the line vedc run prints then is said.
  const settled = (r: JournalRecord, i: number) => {
    if (!domain || records[i + 1]?.t === "transition") return;
    // A domain that reads `now` is judged at the instant the record's tick read (journaled), or was recorded.
    const now = domain.meta.readsNow ? ("now" in r && r.now !== undefined ? r.now : r.at) : undefined;
    if (domain.meta.readsNow && now === undefined) return;
    const verdict = verdictOn(domain, state, now, params);
    const at = r.at ?? null;
    if (verdict?.kind === "stuck") lines.push({ seq: r.seq, at, t: "stuck", text: words.stuck(verdict.failing) });
    else if (verdict?.kind === "waiting") lines.push({ seq: r.seq, at, t: "waiting", text: words.waiting(verdict.failing, verdict.until, now) });
    else if (verdict?.kind === "converged") lines.push({ seq: r.seq, at, t: "converged", text: words.converged(ticks, domain.meta, verdict.until, now) });
  };
  // Each effect given up on is said with its last attempt, which then has no line of its own.
  const lastAttempt = new Map<string, number>();
  const gaveUpAfter = new Map<number, Extract<JournalRecord, { t: "attempt" }>>();
  records.forEach((r, i) => {
    if (r.t === "attempt") lastAttempt.set(r.key, i);
    else if (r.t === "effect" && r.outcome === "failed" && lastAttempt.has(r.key)) gaveUpAfter.set(i, records[lastAttempt.get(r.key)!] as Extract<JournalRecord, { t: "attempt" }>);
  });
  const saidByGaveUp = new Set([...gaveUpAfter.values()]);
  const called = (r: JournalRecord, list: readonly OutboxEntry[] | undefined) => {
    for (const e of list ?? []) {
      effects.set(e.key, e);
      say(r, words.effect(e.name, e.args, domain ? argTypes(domain.meta, e.name) : undefined), { t: "call" });
    }
  };
  records.forEach((r, i) => {
    const before = state;
    switch (r.t) {
      case "init":
        state = { ...r.state };
        if (domain) params = paramsOf(domain, r.params);
        say(r, `start: ${showState(state, types)}`);
        settled(r, i);
        break;
      case "observe":
        state = { ...state, ...r.set };
        say(r, words.observed(r.set, before, state, types) + (r.key === undefined ? "" : ` [key ${r.key}]`) + (r.version === undefined ? "" : ` [version ${r.version}]`));
        settled(r, i);
        break;
      case "transition": {
        state = { ...state, ...r.set };
        ticks++;
        say(r, words.tick(ticks, domain ? failingIn(domain, before, params, r.now ?? r.at) : null, r.name, before, state, types), { name: r.name });
        called(r, r.effects);
        settled(r, i);
        break;
      }
      case "attempt":
        if (!saidByGaveUp.has(r)) say(r, words.retry(effects.get(r.key)?.name ?? "?", r.key, r.attempt, r.error));
        break;
      case "effect": {
        const name = effects.get(r.key)?.name ?? "?";
        const tried = gaveUpAfter.get(i);
        say(r, r.outcome === "succeeded" ? words.succeeded(name, r.key) : words.gaveUp(name, r.key, tried?.attempt ?? null, tried?.error ?? null));
        effects.delete(r.key);
        if (r.set) {
          // Its outcome block ran: a tick of its own.
          state = { ...state, ...r.set };
          ticks++;
          say(r, words.outcome(ticks, name, r.outcome === "succeeded" ? "done" : "failed", before, state, types), { t: "outcome" });
          called(r, r.effects);
          settled(r, i);
        }
        break;
      }
      default:
        say(r, `record ${(r as { t: string }).t}`);
    }
  });
  return lines;
}

/** What the domain's loop finds in a state at `now`: converged, waiting, stuck, or something to do (or a state it cannot judge: null). */
function verdictOn(domain: Domain<StateOf>, state: StateOf, now: number | undefined, params: ValuesOf): ReturnType<Domain<StateOf>["tick"]> | null {
  try {
    return domain.tick(fit(domain, state, params), { now, params });
  } catch {
    return null; // A state the domain cannot judge says nothing more here; inspect reports it as an error.
  }
}

function failingIn(domain: Domain<StateOf>, state: StateOf, params: ValuesOf, now: number | undefined): string[] | null {
  if (domain.meta.readsNow && now === undefined) return null;
  try {
    return domain.unchecked.failing(fit(domain, state, params), params, domain.meta.readsNow ? now : undefined);
  } catch {
    return null; // The state before a record does not fit the domain (a record of an older version): said without the goals.
  }
}
