// A process the outcome crash test kills: one Pool on a file store whose
// `boot` handler marks its key as done in the "cloud" (a file, so a retry
// with the same key changes nothing), then, when asked, dies at once —
// after the handler succeeded and before its `done` block is committed.
import { appendFileSync, existsSync, readFileSync, writeSync } from "node:fs";

const [bundle, dir, cloud, mode] = process.argv.slice(2);
const { Pool, fileStore } = await import(bundle);

const done = () => (existsSync(cloud) ? readFileSync(cloud, "utf8").split("\n").filter(Boolean) : []);
const pool = Pool.create({
  id: "pool",
  store: fileStore(dir),
  effects: {
    boot: async ({ count }, { key }) => {
      if (!done().includes(key)) appendFileSync(cloud, `${key}\n`);
      writeSync(1, `handled ${key} ${count}\n`);
      // Killed before the outcome reaches the journal: the effect is still owed after a restart.
      if (mode === "die-after-handler") process.kill(process.pid, "SIGKILL");
    },
  },
});
pool.on("outcome", (e) => writeSync(1, `outcome ${e.effect} ${e.outcome} ${e.key}\n`));
await pool.start();
const s = await pool.settled();
writeSync(1, `settled ${JSON.stringify(s.state)} ${s.ticks}\n`);
await pool.stop();
