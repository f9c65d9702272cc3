// The floor: the WorkerPool's loop as a person would write it in plain
// JavaScript. It does what Ved's `reconcile` promises — state in; the
// converged state and the transitions taken out — and nothing more: no
// validation, no copies, no freezing, no overflow checks.

function reconcile(state) {
  let workers = state.workers;
  const transitions = [];
  while (workers !== 5) {
    if (workers < 5) {
      workers += 1;
      transitions.push("scale_up");
    } else {
      workers -= 1;
      transitions.push("scale_down");
    }
  }
  return { state: { workers }, transitions };
}

export const handLoop = {
  name: "hand-written loop",
  prepare: async (counts) => () => {
    let transitions = 0;
    for (const n of counts) transitions += reconcile({ workers: n }).transitions.length;
    return transitions;
  },
};
