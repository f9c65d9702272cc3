// Int operations that JavaScript's numbers do not do the Ved way. Generated
// steps call these; `site` is the Ved location for the error message.
import { ArithmeticError } from "./errors.js";

/** Integer division, truncating toward zero. */
export function div(a: number, b: number, site: string): number {
  if (b === 0) throw new ArithmeticError("division by zero", site);
  let q = Math.trunc(a / b);
  // a / b is rounded; near an integer boundary the truncation can be one off.
  const r = a - q * b;
  if (r !== 0 && r < 0 !== a < 0) q += a < 0 === b < 0 ? -1 : 1;
  return q + 0; // no -0 in state
}

/** Remainder with the sign of the dividend, matching `div`. */
export function mod(a: number, b: number, site: string): number {
  if (b === 0) throw new ArithmeticError("remainder by zero", site);
  return (a % b) + 0;
}
