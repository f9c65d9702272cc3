// Compiling: a cold `vedc build` of the seed in a fresh process, a warm
// compile of it in a long-lived one (as a bundler plugin runs), and a
// generated 10,000-line file; each stage's share of the time; and how
// checking grows with the size of the input (size-scaling.js).
import { join } from "node:path";
import { alternate } from "../lib/alternate.js";
import { emptyProcess, node, nodeJson } from "../lib/child.js";
import { count, ms, percent, plural, spread } from "../lib/format.js";
import { generate } from "../lib/generate.js";
import { goal } from "../lib/goal.js";
import { readSeed, SEED_PATH } from "../lib/paths.js";
import { compileOrThrow } from "../lib/seed.js";
import { sizeScaling } from "../lib/size-scaling.js";
import { loadStages, timeStages } from "../lib/stages.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";

const WARM_GOAL_MS = 20;

export async function compileSuite({ config, seed, progress }) {
  const c = config.compile;
  const source = await readSeed();

  progress("compile: cold builds");
  const cold = await alternate(
    {
      build: async () => node(["bin/vedc.js", "build", SEED_PATH, "--outdir", join(seed.dir, "build")]).ms,
      stages: async () => nodeJson(["bench/children/cold-compile.js"]),
      empty: async () => emptyProcess(),
    },
    c.coldRounds,
  );

  progress("compile: warm compiles of the seed");
  const { stages } = await loadStages();
  const warmCompile = async () => {
    const start = performance.now();
    await compileOrThrow(source, SEED_PATH);
    return performance.now() - start;
  };
  const warmStages = () => timeStages(stages, source, SEED_PATH, { format: true });
  for (let i = 0; i < c.warmup; i++) {
    await warmCompile();
    await warmStages();
  }
  const warm = await alternate({ compile: warmCompile, stages: warmStages }, c.warmRounds);

  // The large file gets as many runs as fit its time budget: at least one.
  const large = generate(c.largeLines);
  const largeLines = large.split("\n").length - 1;
  const domains = large.match(/^domain /gm).length;
  const largeRuns = [];
  const largeStart = performance.now();
  while (largeRuns.length < c.largeRounds && (largeRuns.length === 0 || performance.now() - largeStart < c.largeBudgetMs)) {
    progress(`compile: the ${count(largeLines)}-line file, run ${largeRuns.length + 1}`);
    largeRuns.push(await timeStages(stages, large, "large.ved", { format: true }));
  }

  const columns = { cold: byStage(cold.stages), warm: byStage(warm.stages), large: byStage(largeRuns) };
  const summary = {
    build: summarize(cold.build),
    empty: summarize(cold.empty),
    warmCompile: summarize(warm.compile),
    large: summarize(largeRuns.map((run) => sum(run) - (run.format ?? 0))),
  };

  const rows = [
    ["cold `vedc build` of the seed, a fresh process", ms(summary.build.median), spread(summary.build)],
    ["an empty node process, for reference", ms(summary.empty.median), spread(summary.empty)],
    ["warm `compile()` of the seed (format: false), a long-lived process", ms(summary.warmCompile.median), spread(summary.warmCompile)],
    [`${count(largeLines)}-line file (${domains} domains): parse → bundle, no format; ${plural(largeRuns.length, "run")}`, ms(summary.large.median), spread(summary.large)],
  ];
  // Loading first (only the cold process has it), then the stages in the order they run.
  const order = Object.keys(columns.warm.medians);
  const stageNames = [...new Set([...Object.keys(columns.cold.medians), ...order])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const cell = (column, name) => (column.medians[name] === undefined ? ["—", ""] : [ms(column.medians[name]), percent(column.medians[name] / column.total)]);
  const shareRows = [
    ...stageNames.map((name) => [name, ...cell(columns.cold, name), ...cell(columns.warm, name), ...cell(columns.large, name)]),
    ["total", ms(columns.cold.total), "", ms(columns.warm.total), "", ms(columns.large.total), ""],
  ];
  const text = [
    `Compiling (cold: ${plural(c.coldRounds, "alternating round")}; warm: ${c.warmRounds} after ${c.warmup} unmeasured)`,
    table(["measurement", "median", "spread"], rows),
    "Each stage's share (medians; the cold process skips formatting, as `vedc build` does)",
    table(["stage", "cold seed", "share", "warm seed", "share", `${count(largeLines)} lines`, "share"], shareRows),
  ].join("\n\n");

  const scaling = sizeScaling({ base: c.scaling, rounds: c.scalingRounds, progress });

  const warmMs = summary.warmCompile.median;
  return {
    text: `${text}\n\n${scaling.text}`,
    data: { ...summary, largeLines, domains, stages: columns, scaling: scaling.data },
    goals: [goal(`warm compile of the seed under ${WARM_GOAL_MS} ms`, ms(warmMs), warmMs < WARM_GOAL_MS, warmMs), ...scaling.goals],
  };
}

function sum(run) {
  return Object.values(run).reduce((a, b) => a + b, 0);
}

/** Per-stage medians over runs, and their total. */
function byStage(runs) {
  const medians = {};
  for (const name of Object.keys(runs[0])) medians[name] = summarize(runs.map((run) => run[name])).median;
  return { medians, total: sum(medians) };
}
