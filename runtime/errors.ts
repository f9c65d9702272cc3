// Errors the runtime reports. Each says what went wrong and where, in words a
// person can act on; `code` is stable for programs that branch on it.

export class VedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "VedError";
  }
}

/** An observation or an initial state that does not fit the domain's fields. Nothing was applied. */
export class ObservationError extends VedError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super("VED_BAD_OBSERVATION", message);
    this.name = "ObservationError";
  }
}

/** A step threw; the state is the one before the step. */
export class StepError extends VedError {
  constructor(
    readonly domain: string,
    readonly transition: string,
    cause: unknown,
  ) {
    super("VED_STEP_FAILED", `${domain}: transition '${transition}' failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StepError";
  }
}

/** A goal or an invariant could not be evaluated (a division by zero in it, say). */
export class EvaluationError extends VedError {
  constructor(
    readonly domain: string,
    /** e.g. "goal 'sized'", "invariant 'workers >= 0'". */
    readonly what: string,
    cause: unknown,
  ) {
    super("VED_EVALUATION_FAILED", `${domain}: ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "EvaluationError";
  }
}

/** A transition or an observation would have broken an invariant; it was not applied. */
export class InvariantError extends VedError {
  constructor(
    readonly domain: string,
    readonly invariant: string,
    /** The transition that would have broken it, or null for an observation or initial state. */
    readonly transition: string | null,
    what = "this observation",
  ) {
    super("VED_INVARIANT", transition === null ? `${domain}: ${what} would break invariant '${invariant}'; nothing was applied` : `${domain}: transition '${transition}' would break invariant '${invariant}'; it was not applied`);
    this.name = "InvariantError";
  }
}

/** An effect handler threw or rejected. */
export class EffectError extends VedError {
  constructor(
    readonly domain: string,
    readonly effect: string,
    readonly transition: string,
    cause: unknown,
  ) {
    super("VED_EFFECT_FAILED", `${domain}: effect '${effect}' (from transition '${transition}') failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "EffectError";
  }
}

/** Another owner holds the instance's journal: two writers would corrupt it. */
export class InstanceLockedError extends VedError {
  constructor(
    readonly id: string,
    holder: string,
  ) {
    super("VED_INSTANCE_LOCKED", `instance '${id}' is already open in ${holder}; two owners would corrupt its journal. Stop the other one first.`);
    this.name = "InstanceLockedError";
  }
}

/** A journal or snapshot that cannot be read back: refused rather than guessed at. */
export class CorruptStoreError extends VedError {
  constructor(readonly path: string, detail: string) {
    super("VED_STORE_CORRUPT", `${path}: ${detail}; the store was left as it is`);
    this.name = "CorruptStoreError";
  }
}

/**
 * A file store's read or write failed (a full disk, an I/O error, a
 * permission). `path` is the file, `errno` the system's code (ENOSPC, EIO,
 * EACCES…). For a failed commit, `outcome` says what became of its records:
 * "not applied" (the journal was cut back to its last good record, so they
 * are gone for good), or "unknown" (the journal could not even be cut back).
 */
export class StoreIOError extends VedError {
  constructor(
    readonly path: string,
    readonly operation: string,
    readonly errno: string,
    /** The system's words, e.g. "ENOSPC: no space left on device, write", then what became of the commit. */
    detail: string,
    readonly outcome: "not applied" | "unknown" | null = null,
    options?: { cause?: unknown },
  ) {
    super("VED_STORE_IO", `${path}: ${operation} failed: ${detail}`, options);
    this.name = "StoreIOError";
  }
}

/** The loop applied its maximum number of transitions without the goals holding. */
export class LimitError extends VedError {
  constructor(
    readonly domain: string,
    readonly maxTicks: number,
    readonly transitions: string[],
  ) {
    super("VED_TICK_LIMIT", `${domain} did not converge within ${maxTicks} ticks; still firing: ${transitions.join(", ")}. Raise maxTicks if it needs more steps, or check whether these transitions undo each other`);
    this.name = "LimitError";
  }
}

/** An arithmetic operation with no result of its type: division by zero, int overflow. `site` is the Ved source location. */
export class ArithmeticError extends VedError {
  constructor(
    message: string,
    readonly site: string,
  ) {
    super("VED_ARITHMETIC", `${message} at ${site}`);
    this.name = "ArithmeticError";
  }
}

/** Params given to an instance that was created with others: an instance's params are journaled with it and never change under it. */
export class ParamsError extends VedError {
  constructor(
    readonly id: string,
    message: string,
  ) {
    super("VED_PARAMS_MISMATCH", message);
    this.name = "ParamsError";
  }
}
