// One replica process for the PostgreSQL failover, race and restart tests. It
// reports on stdout: `ready`, `claimed <id>`, `transition <id> <name> <json
// state>`, `effect <key> <name> <json args>`, `converged <id> <json state>`,
// `observed <id> <json result> [key]` and `refused <id> [key]: <message>` for
// each observation, `failed <id> <message>` for an instance that stopped, and
// `error <message>` for what the replica reports. Stdin lines
// `<id> <json patch> [key]` are observations made on this replica.
import { createInterface } from "node:readline";

const [bundle, url, lease, owner, domainName, pace] = process.argv.slice(2);
const mod = await import(bundle);
const domain = mod[domainName];
const { postgresStore, replica } = await import("../../../lib/runtime/store/postgres/index.js");
const store = postgresStore({ connectionString: url, lease: Number(lease), owner });
const say = (line) => process.stdout.write(`${line}\n`);
const handlers = Object.fromEntries(domain.meta.effects.map((e) => [e.name, (args, ctx) => say(`effect ${ctx.key} ${e.name} ${JSON.stringify(args)}`)]));
const r = await replica(domain, {
  store,
  scanEvery: 100,
  minTickInterval: Number(pace ?? 0),
  effects: handlers,
  onError: (error) => say(`error ${error.message.replace(/\n/g, " ")}`),
  setup(instance) {
    say(`claimed ${instance.id}`);
    instance.on("error", (e) => instance.status() === "failed" && say(`failed ${instance.id} ${e.message.replace(/\n/g, " ")}`));
    instance.on("transition", (e) => say(`transition ${instance.id} ${e.name} ${JSON.stringify(e.after)}`));
    instance.on("converged", (e) => say(`converged ${instance.id} ${JSON.stringify(e.state)}`));
  },
});
say("ready");
for await (const line of createInterface({ input: process.stdin })) {
  const [id, patch, key] = line.split(" ");
  r.observe(id, JSON.parse(patch), key ? { key } : {}).then(
    (result) => say(`observed ${id} ${JSON.stringify(result)}${key ? ` ${key}` : ""}`),
    (e) => say(`refused ${id}${key ? ` ${key}` : ""}: ${e.message.replace(/\n/g, " ")}`),
  );
}
