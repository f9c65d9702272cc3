// Objects keyed by names a user chose (transitions, effects). A plain `{}`
// already has `constructor`, `toString` and the rest of Object.prototype:
// `counts["constructor"] ?? 0` is a function, not 0. These have no prototype.

/** An object keyed by user names, with no prototype, so that no name is already taken. */
export function byName<T>(entries: Iterable<[string, T]> = []): Record<string, T> {
  const o = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) o[k] = v;
  return o;
}
