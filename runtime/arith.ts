// Arithmetic the Ved way, where JavaScript's numbers differ. Generated steps
// call these; `site` is the Ved location for the error message.
import { ArithmeticError } from "./errors.js";

/** An int result: an error outside the safe-integer range, never a silent rounding. */
export function int(value: number, site: string): number {
  if (!Number.isSafeInteger(value)) throw new ArithmeticError("int overflow: the result is outside ±(2^53 - 1)", site);
  return value + 0; // no -0 in state
}

/** A float result: an error when it is not finite. */
export function float(value: number, site: string): number {
  if (!Number.isFinite(value)) throw new ArithmeticError("float overflow: the result is not a finite number", site);
  return value;
}

/** Integer division, truncating toward zero. */
export function div(a: number, b: number, site: string): number {
  if (b === 0) throw new ArithmeticError("division by zero", site);
  let q = Math.trunc(a / b);
  // a / b is rounded; near an integer boundary the truncation can be one off.
  const r = a - q * b;
  if (r !== 0 && r < 0 !== a < 0) q += a < 0 === b < 0 ? -1 : 1;
  return q + 0;
}

/** Remainder with the sign of the dividend, matching `div`. */
export function mod(a: number, b: number, site: string): number {
  if (b === 0) throw new ArithmeticError("remainder by zero", site);
  return (a % b) + 0;
}

export function fdiv(a: number, b: number, site: string): number {
  if (b === 0) throw new ArithmeticError("division by zero", site);
  return float(a / b, site);
}

export function fmod(a: number, b: number, site: string): number {
  if (b === 0) throw new ArithmeticError("remainder by zero", site);
  return a % b;
}

/** `x` limited to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number, site: string): number {
  if (lo > hi) throw new ArithmeticError(`clamp bounds are the wrong way round (${lo} > ${hi})`, site);
  return x < lo ? lo : x > hi ? hi : x;
}
