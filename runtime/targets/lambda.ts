// The serverless target: `vedc build --target lambda` bundles a domain with
// its effect handlers into a function handler. Each invocation takes the
// instance's lease (waiting while another invocation holds it), applies the
// observations its event carries, runs the loop to a fixpoint or to the time
// the platform gives it, commits, dispatches the outbox, and lets go.
// Platforms deliver events more than once: SQS messages are applied under
// their message id as key, so a redelivery changes nothing.
import { InstanceLockedError } from "../errors.js";
import type { Domain, EffectHandlers, StateOf, Store, Value } from "../api.js";
import { pickHandlers, storeFromEnv } from "./environment.js";
import { patchesOf, readObservation, type Observation } from "./observations.js";
import { after, sleep, type Timer } from "../timers.js";

export interface DirectResult {
  id: string;
  status: string;
  state: StateOf;
  /** The transitions this invocation committed, in order. */
  transitions: string[];
  /** The effects that failed for good during this invocation (their `failed` blocks, if any, ran). */
  failed: { effect: string; key: string; attempts: number; error: string }[];
}

interface LambdaContext {
  getRemainingTimeInMillis?: () => number;
}

/** How much of the remaining time to leave for committing and returning. */
const SAFETY_MS = 1_000;

export function lambdaHandler(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env) {
  const handlers = pickHandlers(domain, effects);
  let store: Store | null = null;
  const storeFor = (): Store => {
    if (!store) {
      const named = storeFromEnv(env);
      store = "postgres" in named ? named.postgres : named.file;
    }
    return store;
  };

  async function run(event: unknown, what: string, deadline: number): Promise<DirectResult> {
    const obs = readObservation(event, what);
    const transitions: string[] = [];
    const failed: DirectResult["failed"] = [];
    const instance = await claim(() => {
      // The event's params are a new instance's own; the store keeps them, and one that has them must be given the same or none.
      const i = domain.create({ id: obs.id, store: storeFor(), effects: handlers as EffectHandlers<Record<string, Record<string, Value>>>, ...(obs.params === undefined ? {} : { params: obs.params }) });
      i.on("transition", (e) => transitions.push(e.name));
      i.on("effect-failed", (e) => {
        failed.push({ effect: String(e.name), key: e.key, attempts: e.attempt, error: e.error.message });
        process.stderr.write(`[${domain.name}] ${obs.id}: effect ${String(e.name)} [${e.key}] failed for good after ${e.attempt} attempts: ${e.error.message}\n`);
      });
      return i.start();
    }, deadline);
    let status: string;
    try {
      for (const { patch, options } of patchesOf(obs)) await instance.observe(patch, options);
      // Settled, or out of time; the timer goes when the instance settles, so that nothing holds the process after the handler returns.
      let timer: Timer | undefined;
      await Promise.race([instance.settled(), new Promise<void>((resolve) => (timer = after(Math.max(0, deadline - Date.now()), resolve)))]);
      timer?.clear();
      status = instance.status();
    } finally {
      // Stopping commits what was applied and releases the lease for the next invocation.
      await instance.stop();
    }
    return { id: obs.id, status, state: { ...instance.getState() }, transitions, failed };
  }

  return async function handler(event: unknown, context: LambdaContext = {}) {
    const remaining = context.getRemainingTimeInMillis?.() ?? 30_000;
    const deadline = Date.now() + Math.max(100, remaining - SAFETY_MS);
    const e = event as { Records?: unknown[]; "detail-type"?: string; detail?: unknown };
    if (Array.isArray(e?.Records)) {
      // An SQS batch: report the messages that failed, so that only they are delivered again; the others are applied.
      const failures: { itemIdentifier: string }[] = [];
      for (const [i, record] of e.Records.entries()) {
        const messageId = (record as { messageId?: unknown } | null)?.messageId;
        try {
          const body = sqsBody(record);
          await run({ ...body, key: body.key ?? (messageId as string) }, "the record's body", deadline);
        } catch (error) {
          const named = typeof messageId === "string" && messageId.length > 0 ? messageId : null;
          // A record with no messageId cannot be named for redelivery (an empty name would fail the whole batch): it is only said.
          if (named) failures.push({ itemIdentifier: named });
          log(`SQS record ${i}${named ? ` (${named})` : ""} failed: ${(error as Error)?.message ?? String(error)}`);
        }
      }
      return { batchItemFailures: failures };
    }
    if (e?.["detail-type"] === "Scheduled Event") {
      // No id, no instance: reconciling one named after the domain would run an instance nobody asked for.
      const detail = e.detail as { id?: unknown; params?: unknown } | undefined;
      if (typeof detail?.id !== "string") throw new TypeError(`a scheduled event does not say which instance to reconcile: give the rule's target the constant input { "id": "<instance id>" } (or a detail with an id)`);
      return run({ id: detail.id, ...(detail.params === undefined ? {} : { params: detail.params }) }, "the scheduled event's detail", deadline);
    }
    return run(event, "the event", deadline);
  };
}

/** Waits for the instance's lease while another invocation holds it, until the deadline: a new instance each try. */
async function claim<T>(start: () => Promise<T>, deadline: number): Promise<T> {
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof InstanceLockedError) || Date.now() + wait >= deadline) throw error;
      await sleep(wait * (0.5 + Math.random()));
    }
  }
}

/** The observation an SQS record's body carries; throws, saying why, for a record that carries none. */
function sqsBody(record: unknown): Observation {
  if (typeof record !== "object" || record === null) throw new TypeError(`the record is ${record === null ? "null" : typeof record}, not an SQS message`);
  const { messageId, body } = record as { messageId?: unknown; body?: unknown };
  if (typeof messageId !== "string" || messageId.length === 0) throw new TypeError("the record has no messageId");
  if (typeof body !== "string") throw new TypeError("the record's body is not a string");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new TypeError(`the record's body is not JSON: ${(error as Error).message}`);
  }
  return readObservation(parsed, "the record's body");
}

/** Where a function's logs go: the platform keeps stderr. */
function log(line: string): void {
  process.stderr.write(`[vedc] ${line}\n`);
}
