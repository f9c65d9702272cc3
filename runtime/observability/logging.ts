// Structured JSON logs for the deployed targets, through pino (loaded on
// first use, so that the runtime alone never pays for it), one object per
// line on stderr: every
// transition, observation, effect outcome, convergence and error of each
// instance, with its id and the time; the message is the line `vedc run`
// would print. VEDC_LOG_LEVEL (trace, debug, info, warn, error; default
// info) chooses how much: at warn, only retries, failures and errors.
import type { DomainMeta, Instance, StateOf, Value } from "../api.js";
import { changes } from "../image.js";
import { argTypes, typesOf, words } from "../trace.js";
import { timeText } from "../time-text.js";

/** The part of pino's logger the targets use. */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): Logger;
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

/** A pino logger writing JSON lines to stderr, at the level VEDC_LOG_LEVEL names. */
export async function createLogger(env: NodeJS.ProcessEnv, bindings: object = {}): Promise<Logger> {
  const level = env.VEDC_LOG_LEVEL ?? "info";
  if (!LEVELS.includes(level)) throw new Error(`VEDC_LOG_LEVEL must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(level)}`);
  let pino: typeof import("pino");
  try {
    const m = (await import("pino")) as typeof import("pino") & { default?: typeof import("pino") };
    pino = m.default ?? m;
  } catch (error) {
    throw new Error(`the targets' logs need the pino package (a dependency of vedc): npm install pino (${(error as Error).message})`, { cause: error });
  }
  // process.stderr, not fd 2 directly: whatever the process does with its stderr (a test, a platform) sees each line.
  return pino.pino({ level, base: bindings, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, process.stderr) as unknown as Logger;
}

/** Logs every event of an instance; returns a function that stops. Errors are added to `said`, so that whoever else reports them can log each once. */
export function logEvents(instance: Instance<StateOf>, meta: DomainMeta, log: Logger, said?: WeakSet<Error>): () => void {
  // The domain is the logger's own binding (createLogger).
  const fields = (event: string, more: object = {}) => ({ id: instance.id, event, ...more });
  const types = typesOf(meta);
  const offs = [
    instance.on("transition", (e) => log.info(fields("transition", { tick: e.tick, transition: e.name, failing: e.failing, set: changes(e.before, e.after) }), words.tick(e.tick, e.failing, e.name, e.before, e.after, types).trim())),
    instance.on("outcome", (e) => log.info(fields("outcome", { tick: e.tick, effect: e.effect, key: e.key, outcome: e.outcome, set: changes(e.before, e.after) }), words.outcome(e.tick, e.effect, e.outcome, e.before, e.after, types).trim())),
    instance.on("observed", (e) => log.info(fields("observed", { set: e.patch }), words.observed(e.patch, e.before, e.after, types))),
    instance.on("dropped", (e) => log.info(fields("dropped", { set: e.patch, reason: e.reason }), words.dropped(e.patch, e.reason, types))),
    instance.on("effect", (e) => log.info(fields("effect", { effect: String(e.name), key: e.key, args: e.args, transition: e.transition }), words.effect(String(e.name), e.args as Record<string, Value>, argTypes(meta, String(e.name))).trim())),
    instance.on("effect-succeeded", (e) => log.info(fields("effect-succeeded", { effect: String(e.name), key: e.key, attempt: e.attempt }), words.succeeded(String(e.name), e.key).trim())),
    instance.on("effect-retry", (e) => log.warn(fields("effect-retry", { effect: String(e.name), key: e.key, attempt: e.attempt, delay: e.delay, error: e.error.message }), words.retry(String(e.name), e.key, e.attempt, e.error.message, e.delay).trim())),
    instance.on("effect-failed", (e) => log.error(fields("effect-failed", { effect: String(e.name), key: e.key, attempt: e.attempt, error: e.error.message }), words.gaveUp(String(e.name), e.key, e.attempt, e.error.message).trim())),
    instance.on("converged", (e) => log.info(fields("converged", { tick: e.tick, ...(e.until === undefined ? {} : { until: timeText(e.until) }) }), words.converged(e.tick, meta, e.until, e.at).trim())),
    instance.on("waiting", (e) => log.info(fields("waiting", { failing: e.failing, until: timeText(e.until), reason: e.reason }), words.waiting(e.failing, e.until, e.at, e.reason).trim())),
    instance.on("stuck", (e) => log.warn(fields("stuck", { failing: e.failing }), words.stuck(e.failing).trim())),
    instance.on("error", (e) => {
      said?.add(e);
      log.error(fields("error", { error: e.message, code: (e as { code?: string }).code }), e.message);
    }),
  ];
  return () => offs.forEach((off) => off());
}
