// npm run bench: measures Ved against its peers side by side in one process
// (and in fresh child processes where only a cold process tells), prints the
// tables — Markdown, as the README shows them — and writes every number,
// each run's samples included, as JSON to bench/results/.
//   node bench/run.js [--quick] [--only chaos,burst,verify,compile,ship,scale,durable,waiting] [--out file.json]
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { sizes } from "./config.js";
import { machine } from "./lib/machine.js";
import { root } from "./lib/paths.js";
import { buildSeed } from "./lib/seed.js";
import { table } from "./lib/table.js";
import { chaos } from "./suites/chaos.js";
import { compileSuite } from "./suites/compile.js";
import { durable } from "./suites/durable.js";
import { scale } from "./suites/scale.js";
import { ship } from "./suites/ship.js";
import { burst } from "./suites/burst.js";
import { verifySuite } from "./suites/verify.js";
import { waiting } from "./suites/waiting.js";

const SUITES = { chaos, burst, verify: verifySuite, compile: compileSuite, ship, scale, durable, waiting };

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" }, out: { type: "string" } },
});
const names = values.only ? values.only.split(",") : Object.keys(SUITES);
const unknown = names.filter((name) => !Object.hasOwn(SUITES, name));
if (unknown.length > 0) throw new Error(`no suite ${unknown.join(", ")} (suites: ${Object.keys(SUITES).join(", ")})`);

const config = sizes(values);
const about = machine();
const began = performance.now();
// Progress goes to stderr, so stdout is exactly the tables.
const progress = (message) => process.stderr.write(`  ${message}\n`);
const say = (text) => process.stdout.write(`${text}\n\n`);

say(`Ved benchmarks, ${about.date.slice(0, 10)}: node ${about.node}, ${about.cpu} × ${about.cores} cores${values.quick ? " (--quick: tiny sizes, the numbers mean nothing)" : ""}`);
const seed = await buildSeed();
const results = {};
const goals = [];
try {
  for (const name of names) {
    progress(name);
    const result = await SUITES[name]({ config, seed, progress });
    say(result.text);
    results[name] = result.data;
    goals.push(...result.goals);
  }
} finally {
  await seed.dispose();
}
const goalRows = goals.map((g) => [g.goal, g.measured, g.met ? "yes" : "**no**"]);
if (goalRows.length > 0) say(`Goals\n\n${table(["goal", "measured", "met"], goalRows)}`);

const seconds = Math.round((performance.now() - began) / 1000);
const out = values.out ?? join(root, "bench", "results", `${about.date.replace(/[:.]/g, "-")}.json`);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify({ machine: about, quick: values.quick, sizes: config, seconds, results, goals }, null, 2)}\n`);
process.stdout.write(`${seconds} s; every number in ${relative(process.cwd(), out)}\n`);
