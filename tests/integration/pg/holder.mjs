// A process that drives one instance on PostgreSQL and reports what happens:
// the fencing test freezes it (SIGSTOP) past its lease, then lets it go on.
import { createInterface } from "node:readline";
const [bundle, url, lease] = process.argv.slice(2);
const { Booter } = await import(bundle);
const { postgresStore } = await import("../../../lib/runtime/store/postgres/index.js");
const store = postgresStore({ connectionString: url, lease: Number(lease), owner: "frozen-replica" });
const booted = [];
const b = Booter.create({ id: "b", store, effects: { boot: (args, ctx) => void booted.push(ctx.key) } });
b.on("error", (e) => process.stdout.write(`error ${e.message}\n`));
await b.start();
await b.settled();
process.stdout.write(`ready ${JSON.stringify(booted)}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const patch = JSON.parse(line);
  await b.observe(patch).then(
    () => process.stdout.write(`applied\n`),
    (e) => process.stdout.write(`refused ${e.message}\n`),
  );
  process.stdout.write(`booted ${JSON.stringify(booted)} ${b.status()}\n`);
}
