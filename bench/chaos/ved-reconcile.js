// Ved's pure loop: the generated module's `reconcile`, called once per
// observation with the observed state, as a serverless handler would.

// The loop's code is compiled afresh for each side (`new Function`): V8 keeps
// what it learns about a call site per copy of the code, and two builds
// (development and production) sharing one copy would make each other's call
// sites polymorphic, a cost neither has on its own.
const LOOP = `
  let transitions = 0;
  for (const n of counts) {
    const result = WorkerPool.reconcile({ workers: n });
    if (result.status !== "converged") throw new Error("reconcile ended " + result.status + " from workers = " + n);
    transitions += result.transitions.length;
  }
  return transitions;
`;

export function vedReconcile(WorkerPool, name = "Ved `reconcile`") {
  const loop = new Function("WorkerPool", "counts", LOOP);
  return {
    name,
    prepare: async (counts) => () => loop(WorkerPool, counts),
  };
}
