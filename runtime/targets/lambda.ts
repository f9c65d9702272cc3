// The serverless target: `vedc build --target lambda` bundles a domain with
// its effect handlers into a function handler. Each invocation takes the
// instance's lease (waiting while another invocation holds it), applies the
// observations its event carries, runs the loop to a fixpoint or to the time
// the platform gives it, commits, dispatches the outbox, and lets go.
// Platforms deliver events more than once: SQS messages are applied under
// their message id as key, so a redelivery changes nothing. What each
// instance does is logged as JSON lines on stderr (the platform keeps them),
// and traced as OpenTelemetry spans once the function registers an SDK.
import { InstanceLockedError } from "../errors.js";
import type { Domain, EffectHandlers, StateOf, Store, Value } from "../api.js";
import { pickHandlers, storeFromEnv } from "./environment.js";
import { patchesOf, readObservation, type Observation } from "./observations.js";
import { after, sleep, type Timer } from "../timers.js";
import { createLogger, logEvents, type Logger } from "../observability/logging.js";
import { tracing } from "../observability/tracing.js";

export interface DirectResult {
  id: string;
  status: string;
  state: StateOf;
  /** The transitions this invocation committed, in order. */
  transitions: string[];
  /** The effects that failed for good during this invocation (their `failed` blocks, if any, ran). */
  failed: { effect: string; key: string; attempts: number; error: string }[];
  /**
   * When status is `waiting` (or `converged` with a goal that will expire):
   * the instant, in ms since the epoch, to invoke the function again for this
   * id — a function does not outlive its invocation, so the deployment wakes
   * it (an EventBridge Scheduler one-off schedule at `until`: docs/deploying.md).
   */
  until?: number;
  /** With `until`: the EventBridge Scheduler expression for it, `at(2026-12-01T10:01:00)` (UTC, rounded up to the second, never early). */
  schedule?: string;
}

interface LambdaContext {
  getRemainingTimeInMillis?: () => number;
}

/** How much of the remaining time to leave for committing and returning. */
const SAFETY_MS = 1_000;

export function lambdaHandler(domain: Domain<StateOf>, effects: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env) {
  const handlers = pickHandlers(domain, effects);
  const telemetry = tracing();
  let logger: Promise<Logger> | null = null;
  let store: Store | null = null;
  const storeFor = (): Store => {
    if (!store) {
      const named = storeFromEnv(env);
      store = "postgres" in named ? named.postgres : named.file;
    }
    return store;
  };

  async function run(event: unknown, what: string, deadline: number, log: Logger): Promise<DirectResult> {
    const obs = readObservation(event, what);
    const transitions: string[] = [];
    const failed: DirectResult["failed"] = [];
    const instance = await claim(() => {
      // The event's params are a new instance's own; the store keeps them, and one that has them must be given the same or none.
      const i = domain.create({ id: obs.id, store: storeFor(), effects: handlers as EffectHandlers<Record<string, Record<string, Value>>>, telemetry, ...(obs.params === undefined ? {} : { params: obs.params }) });
      i.on("transition", (e) => transitions.push(e.name));
      // Logged (at error level, among everything the instance does), and returned.
      i.on("effect-failed", (e) => failed.push({ effect: String(e.name), key: e.key, attempts: e.attempt, error: e.error.message }));
      logEvents(i, domain.meta, log);
      return i.start();
    }, deadline);
    let status: string;
    let until: number | undefined;
    try {
      for (const { patch, options } of patchesOf(obs)) await instance.observe(patch, options);
      // Settled, or out of time; the timer goes when the instance settles, so that nothing holds the process after the handler returns.
      let timer: Timer | undefined;
      const settled = await Promise.race([instance.settled(), new Promise<void>((resolve) => (timer = after(Math.max(0, deadline - Date.now()), resolve)))]);
      timer?.clear();
      status = instance.status();
      if (settled && settled.until !== undefined) until = settled.until;
    } finally {
      // Stopping commits what was applied, releases the lease for the next invocation, and cancels the instance's wake: the deployment's schedule wakes it.
      await instance.stop();
    }
    const result: DirectResult = { id: obs.id, status, state: { ...instance.getState() }, transitions, failed };
    if (until !== undefined) {
      result.until = until;
      result.schedule = `at(${new Date(Math.ceil(until / 1000) * 1000).toISOString().slice(0, 19)})`;
      const at = new Date(until).toISOString();
      log.info({ event: "wake", id: obs.id, status, until: at, schedule: result.schedule }, `${obs.id}: ${status} until ${at}; invoke the function for '${obs.id}' again then`);
    }
    return result;
  }

  return async function handler(event: unknown, context: LambdaContext = {}) {
    const remaining = context.getRemainingTimeInMillis?.() ?? 30_000;
    const deadline = Date.now() + Math.max(100, remaining - SAFETY_MS);
    const log = await (logger ??= createLogger(env, { domain: domain.name }));
    const e = event as { Records?: unknown[]; "detail-type"?: string; detail?: unknown };
    if (Array.isArray(e?.Records)) {
      // An SQS batch: report the messages that failed, so that only they are delivered again; the others are applied.
      const failures: { itemIdentifier: string }[] = [];
      for (const [i, record] of e.Records.entries()) {
        const messageId = (record as { messageId?: unknown } | null)?.messageId;
        try {
          const body = sqsBody(record);
          await run({ ...body, key: body.key ?? (messageId as string) }, "the record's body", deadline, log);
        } catch (error) {
          const named = typeof messageId === "string" && messageId.length > 0 ? messageId : null;
          // A record with no messageId cannot be named for redelivery (an empty name would fail the whole batch): it is only said.
          if (named) failures.push({ itemIdentifier: named });
          const why = (error as Error)?.message ?? String(error);
          log.error({ event: "refused", record: i, messageId: named ?? undefined, error: why }, `SQS record ${i}${named ? ` (${named})` : ""} failed: ${why}`);
        }
      }
      return { batchItemFailures: failures };
    }
    if (e?.["detail-type"] === "Scheduled Event") {
      // No id, no instance: reconciling one named after the domain would run an instance nobody asked for.
      const detail = e.detail as { id?: unknown; params?: unknown } | undefined;
      if (typeof detail?.id !== "string") throw new TypeError(`a scheduled event does not say which instance to reconcile: give the rule's target the constant input { "id": "<instance id>" } (or a detail with an id)`);
      return run({ id: detail.id, ...(detail.params === undefined ? {} : { params: detail.params }) }, "the scheduled event's detail", deadline, log);
    }
    return run(event, "the event", deadline, log);
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
