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
import { patchesOf, type Observation } from "./observations.js";

export interface DirectResult {
  id: string;
  status: string;
  state: StateOf;
  /** The transitions this invocation committed, in order. */
  transitions: string[];
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

  async function run(obs: Observation, deadline: number): Promise<DirectResult> {
    if (typeof obs?.id !== "string" || obs.id.length === 0) throw new TypeError("the event needs an instance id: { id, observe }");
    const transitions: string[] = [];
    const instance = await claim(() => {
      const i = domain.create({ id: obs.id, store: storeFor(), effects: handlers as EffectHandlers<Record<string, Record<string, Value>>> });
      i.on("transition", (e) => transitions.push(e.name));
      return i.start();
    }, deadline);
    let status: string;
    try {
      for (const { patch, options } of patchesOf(obs)) await instance.observe(patch, options);
      await Promise.race([instance.settled(), sleep(Math.max(0, deadline - Date.now()))]);
      status = instance.status();
    } finally {
      // Stopping commits what was applied and releases the lease for the next invocation.
      await instance.stop();
    }
    return { id: obs.id, status, state: { ...instance.getState() }, transitions };
  }

  return async function handler(event: unknown, context: LambdaContext = {}) {
    const remaining = context.getRemainingTimeInMillis?.() ?? 30_000;
    const deadline = Date.now() + Math.max(100, remaining - SAFETY_MS);
    const e = event as { Records?: { messageId: string; body: string }[]; "detail-type"?: string; detail?: { id?: string } };
    if (Array.isArray(e?.Records)) {
      // An SQS batch: report the messages that failed, so that only they are delivered again.
      const failures: { itemIdentifier: string }[] = [];
      for (const record of e.Records) {
        try {
          const body = JSON.parse(record.body) as Observation;
          await run({ ...body, key: body.key ?? record.messageId }, deadline);
        } catch {
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    }
    if (e?.["detail-type"] === "Scheduled Event") {
      const id = e.detail?.id ?? domain.name;
      return run({ id }, deadline);
    }
    return run(event as Observation, deadline);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
