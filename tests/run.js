// Runs one tier of the tests and exits, whatever a test left behind.
//
//   node tests/run.js             the fast tier: tests/*.test.js, in-process
//   node tests/run.js integration the integration tier: tests/integration/*.test.js
//   node tests/run.js <tier> <pattern>   only the files whose name matches
//
// uvu on its own waits for the event loop to empty; a test that leaked a
// child or a timer would hang the run. This runner ends the process once the
// suites are done, killing any child a test left alive.
import { fileURLToPath } from "node:url";

// uvu reads this when it is first imported: its suites then wait to be run.
globalThis.UVU_DEFER = 1;
const { parse } = await import("uvu/parse");
const { run } = await import("uvu/run");
const { killAll } = await import("./harness.js");

const tiers = {
  fast: { dir: "tests", ignore: ["^integration", "^fixtures"] },
  integration: { dir: "tests/integration", ignore: ["^fixtures"] },
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
killAll();
process.exit(process.exitCode ?? 0);
