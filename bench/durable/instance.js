// A live WorkerPool on a durable store, fed the chaos workload the way
// alerts arrive: `window` observations issued at once, none awaited on its
// own, then all of them awaited (each resolves once its record is durable),
// then the next window; at the end, the instance awaited until it has
// converged and everything is committed. While one commit is in flight the
// instance batches what comes next, so the observations in flight share
// fsyncs (group commit): the wider the window, the more.

/**
 * `store` is a module of bench/stores/ with commit counts (file, postgres),
 * `context` what its open() needs. The returned function runs windows of
 * the workload `counts`, from its start, for at least `runMs` (or to its
 * end), and returns what it measured.
 */
export function windowed(WorkerPool, store, window) {
  return {
    name: `Ved instance, ${store.name} store, ${window} in flight`,
    window,
    run: async (counts, runMs, context) => {
      const opened = await store.open(context);
      const pool = opened.create(WorkerPool, { id: "durable" });
      try {
        await pool.start();
        const first = await pool.settled();
        const before = { ...opened.counts };
        let next = 0;
        const start = performance.now();
        do {
          const acks = [];
          for (const end = Math.min(counts.length, next + window); next < end; next++) acks.push(pool.observe({ workers: counts[next] }));
          await Promise.all(acks);
        } while (performance.now() - start < runMs && next + window <= counts.length);
        const last = await pool.settled();
        const ms = performance.now() - start;
        if (last.status !== "converged") throw new Error(`the instance ended ${last.status}`);
        return {
          observations: next,
          transitions: last.ticks - first.ticks,
          ms,
          commits: opened.counts.commits - before.commits,
          records: opened.counts.records - before.records,
          bytes: opened.counts.bytes - before.bytes,
        };
      } finally {
        await pool.stop();
        await opened.close();
      }
    },
  };
}
