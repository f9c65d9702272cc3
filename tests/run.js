// Runs one tier of the tests and exits, whatever a test left behind.
//
//   node tests/run.js             the fast tier: tests/*.test.js, in-process
//   node tests/run.js integration the integration tier: tests/integration/*.test.js
//   node tests/run.js <tier> <pattern>   only the files whose name matches
//
// TEST_TIMES=1 prints the slowest tests (TEST_TIMES=40: the 40 slowest).
//
// uvu on its own waits for the event loop to empty; a test that leaked a
// child or a timer would hang the run. This runner ends the process once the
// suites are done, killing any child a test left alive.
import { fileURLToPath } from "node:url";

// uvu reads this when it is first imported: its suites then wait to be run.
globalThis.UVU_DEFER = 1;
const { parse } = await import("uvu/parse");
const { run } = await import("uvu/run");
const { finish, timings } = await import("./harness.js");

const tiers = {
  fast: { dir: "tests", ignore: ["^integration$", "^fixtures$"] },
  integration: { dir: "tests/integration", ignore: ["^fixtures$", "^crash$", "^pg$"] },
};

const [tierName = "fast", only] = process.argv.slice(2);
const tier = tiers[tierName];
if (!tier) {
  process.stderr.write(`unknown tier '${tierName}': one of ${Object.keys(tiers).join(", ")}\n`);
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const { suites } = await parse(tier.dir, /\.test\.js$/, { cwd: root, ignore: tier.ignore });
const chosen = only ? suites.filter((s) => new RegExp(only).test(s.name)) : suites;
if (chosen.length === 0) {
  process.stderr.write(`no test files in ${tier.dir}${only ? ` matching ${only}` : ""}\n`);
  process.exit(2);
}
process.env.FORCE_COLOR ??= process.stdout.isTTY ? "1" : "0";
try {
  await run(chosen, {});
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
}
await finish();
if (process.env.TEST_TIMES) {
  const slowest = timings.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.TEST_TIMES) > 1 ? Number(process.env.TEST_TIMES) : 15);
  for (const t of slowest) process.stderr.write(`${(t.ms / 1000).toFixed(2).padStart(7)} s  ${t.name}\n`);
}
process.exit(process.exitCode ?? 0);
