// Ved's live instance, kept in `store`: each observation is awaited, then
// the instance is awaited until it has converged again, one after another —
// the way a watcher feeding it one event at a time would.

export function vedInstance(WorkerPool, store) {
  return {
    name: `Ved instance, ${store.name} store`,
    prepare: async (counts) => {
      const opened = await store.open();
      const pool = opened.create(WorkerPool, { id: "chaos" });
      await pool.start();
      const start = (await pool.settled()).ticks;
      return async () => {
        for (const n of counts) {
          await pool.observe({ workers: n });
          await pool.settled();
        }
        const end = await pool.settled();
        await pool.stop();
        await opened.close();
        if (end.status !== "converged") throw new Error(`the instance ended ${end.status}`);
        return end.ticks - start;
      };
    },
  };
}
