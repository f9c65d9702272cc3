// Ved's pure loop: the generated module's `reconcile`, called once per
// observation with the observed state, as a serverless handler would.

export function vedReconcile(WorkerPool) {
  return {
    name: "Ved `reconcile`",
    prepare: async (counts) => () => {
      let transitions = 0;
      for (const n of counts) {
        const result = WorkerPool.reconcile({ workers: n });
        if (result.status !== "converged") throw new Error(`reconcile ended ${result.status} from workers = ${n}`);
        transitions += result.transitions.length;
      }
      return transitions;
    },
  };
}
