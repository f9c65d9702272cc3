// The goals, checked against the medians. A missed goal is not a
// failure of the run: the README says why it is missed and what would close it.

/** `measured` is the median as shown; `met` whether it reaches the goal. */
export function goal(text, measured, met, value) {
  return { goal: text, measured, met, value };
}
