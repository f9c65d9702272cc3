// A process the crash tests kill with SIGKILL: it runs one Pool instance on a
// file store, applies the observations it reads from stdin, prints `ack <key>`
// once each is durable, and logs every effect attempt to a file, by key.
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";

const [bundle, dir, effectsLog] = process.argv.slice(2);
const { Pool, fileStore } = await import(bundle);

const log = (line) => appendFileSync(effectsLog, line + "\n");
const slowly = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
const pool = Pool.create({
  id: "pool-1",
  // Keep every record, so the test can check the whole history.
  store: fileStore(dir, { snapshotEvery: 1_000_000 }),
  effects: {
    boot: async (args, ctx) => {
      log(`${ctx.key} boot ${JSON.stringify(args)}`);
      await slowly();
    },
    stop_one: async (args, ctx) => {
      log(`${ctx.key} stop_one ${JSON.stringify(args)}`);
      await slowly();
    },
  },
  effectPolicy: { baseDelay: 1, maxDelay: 5 },
});
await pool.start();
process.stdout.write("ready\n");

for await (const line of createInterface({ input: process.stdin })) {
  if (line === "settle") {
    const s = await pool.settled();
    process.stdout.write(`settled ${JSON.stringify(s)}\n`);
    continue;
  }
  const { patch, key } = JSON.parse(line);
  pool.observe(patch, { key }).then((r) => process.stdout.write(`ack ${key} ${r.applied}\n`));
}
