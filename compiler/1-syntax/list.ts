// The lists the grammar builds, in linear time.
//
// An Earley parser shares a partial list between every parse that may extend
// it, most of which die a token later; so a list under construction is never
// mutated, and never copied either (nearley's own `:*` copies the whole list
// at each item: quadratic in time and, since every prefix stays referenced,
// in memory). Each rule puts one immutable cell in front of the list so far.
//
// A list becomes an array only in the rule that closes it with a token
// (`}`, `)`), or in parse.ts for the whole program: a rule that completes
// wherever the list could end (`program -> topItems`) runs its postprocessor
// after every item, so converting there would be quadratic again.

export type List<T> = { readonly item: T; readonly rest: List<T> } | null;

/** `rest` with `item` after its last one. */
export function cell<T>(rest: List<T>, item: T): List<T> {
  return { item, rest };
}

/** The items of a list in source order, leaving out the `null`s stray `;` give. */
export function items<T>(list: List<T | null>): T[] {
  const out: T[] = [];
  for (let c = list; c !== null; c = c.rest) if (c.item !== null) out.push(c.item);
  return out.reverse();
}
