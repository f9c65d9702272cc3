// A fresh process compiling and bundling the seed once, as `vedc build`
// does (no formatting), printing how long loading and each stage took (ms).
import { readSeed, SEED_PATH } from "../lib/paths.js";
import { loadStages, timeStages } from "../lib/stages.js";

const { stages, loads } = await loadStages();
const times = await timeStages(stages, await readSeed(), SEED_PATH, { format: false });
process.stdout.write(JSON.stringify({ ...loads, ...times }));
