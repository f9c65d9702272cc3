// Waiting: what 100,000 instances waiting for their cooldowns cost. In a
// fleet they share one timer (a heap; only the earliest instant is armed on
// the clock); created one by one, each arms its own. Either way nothing polls:
// no tick runs and next to no CPU is spent while they wait. Each mode runs in
// a fresh process (children/waiting.js), the modes alternating.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { alternate } from "../lib/alternate.js";
import { nodeJson } from "../lib/child.js";
import { count, plural } from "../lib/format.js";
import { root } from "../lib/paths.js";
import { loadDomain } from "../lib/seed.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";

export async function waiting({ config, progress }) {
  const { instances, cooldown, idleMs, rounds } = config.waiting;
  const file = join(root, "examples/queue-workers.ved");
  const built = await loadDomain(await readFile(file, "utf8"), file, "queue-workers");
  try {
    progress(`waiting: ${count(instances)} instances, ${plural(rounds, "round")}`);
    const run = (mode) => () => nodeJson(["bench/children/waiting.js", built.file, mode, String(instances), String(cooldown), String(idleMs)]);
    const samples = await alternate({ fleet: run("fleet"), own: run("own") }, rounds);
    const data = {};
    const rows = [];
    for (const mode of ["fleet", "own"]) {
      const runs = samples[mode];
      for (const r of runs) if (r.waiting !== instances) throw new Error(`${mode}: ${r.waiting} of ${instances} instances were waiting`);
      const summary = {
        timersArmed: summarize(runs.map((r) => r.armedWhileWaiting)),
        ticksWhileWaiting: summarize(runs.map((r) => r.ticksWhileWaiting)),
        idleCpuShare: summarize(runs.map((r) => r.idleCpuMs / r.idleMs)),
        lastWakeLateMs: summarize(runs.map((r) => r.lastWakeLateMs)),
        setupMs: summarize(runs.map((r) => r.setupMs)),
      };
      data[mode] = summary;
      rows.push([
        mode === "fleet" ? "one fleet" : "each on its own",
        count(summary.timersArmed.median),
        count(summary.ticksWhileWaiting.median),
        `${(summary.idleCpuShare.median * 100).toFixed(1)} %`,
        `${Math.round(summary.lastWakeLateMs.median)} ms`,
      ]);
    }
    const text = [
      `Waiting: ${count(instances)} instances, each waiting for a ${cooldown / 1000} s cooldown after its first scale-up (a fresh process per run, ${plural(rounds, "alternating round")})`,
      table(["instances", "timers armed on the clock", `ticks in ${idleMs / 1000} s of waiting`, `CPU in ${idleMs / 1000} s of waiting`, "last wake after its instant"], rows),
    ].join("\n\n");
    const ratio = data.own.timersArmed.median / Math.max(1, data.fleet.timersArmed.median);
    return { text, data, goals: [{ goal: `${count(instances)} waiting instances cost no polling (no tick while waiting; a fleet arms far fewer timers)`, measured: `${count(data.fleet.ticksWhileWaiting.median)} ticks; ${count(data.fleet.timersArmed.median)} timers armed by the fleet, ${Math.round(ratio)}× fewer than one each`, value: ratio, met: data.fleet.ticksWhileWaiting.median === 0 && ratio >= instances / 10 } ] };
  } finally {
    await built.dispose();
  }
}
