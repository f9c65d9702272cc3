// What ships: the seed's bundle (runtime included) as `vedc build` writes
// it, minified, and minified then gzipped; and its cold start, a fresh node
// process importing it and running the first reconcile, against a node
// process that loads an empty file. The same for a `--target lambda` bundle,
// which also carries pg and the effect handlers.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { alternate } from "../lib/alternate.js";
import { emptyProcess, node } from "../lib/child.js";
import { bytes, ms, plural, spread, times } from "../lib/format.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";

export async function ship({ config, seed, progress }) {
  const { rounds } = config.ship;
  const size = {
    bundle: Buffer.byteLength(seed.code),
    minified: Buffer.byteLength(seed.minified),
    gzipped: gzipSync(seed.minified).length,
  };

  progress("ship: the lambda bundle");
  const lambdaDir = mkdtempSync(join(tmpdir(), "vedc-bench-lambda-"));
  node(["bin/vedc.js", "build", "tests/fixtures/lambda/pool.ved", "--target", "lambda", "--effects", "tests/fixtures/lambda/effects.ts", "--minify", "--outdir", lambdaDir]);
  const lambdaFile = join(lambdaDir, "pool.mjs");
  const lambdaCode = readFileSync(lambdaFile);
  size.lambda = { minified: lambdaCode.length, gzipped: gzipSync(lambdaCode).length };

  progress("ship: cold starts");
  const samples = await alternate(
    {
      start: async () => node(["bench/children/first-reconcile.js", seed.file]).ms,
      lambda: async () => node(["bench/children/first-invocation.js", lambdaFile]).ms,
      empty: async () => emptyProcess(),
    },
    rounds,
  );
  rmSync(lambdaDir, { recursive: true, force: true });
  const start = summarize(samples.start);
  const lambda = summarize(samples.lambda);
  const lambdaOverhead = summarize(samples.lambda.map((s, r) => s - samples.empty[r]));
  const empty = summarize(samples.empty);
  const overhead = summarize(samples.start.map((s, r) => s - samples.empty[r]));
  const ratio = summarize(samples.start.map((s, r) => s / samples.empty[r]));

  const text = [
    "What ships: the seed's bundle",
    table(
      ["bundle", "size"],
      [
        ["as `vedc build` writes it", bytes(size.bundle)],
        ["minified", bytes(size.minified)],
        ["minified, gzipped", bytes(size.gzipped)],
        ["`--target lambda` (pg and effects inside), minified", bytes(size.lambda.minified)],
        ["`--target lambda`, minified, gzipped", bytes(size.lambda.gzipped)],
      ],
    ),
    `Cold start (${plural(rounds, "alternating round")})`,
    table(
      ["process", "median", "spread"],
      [
        ["node: import the bundle, run the first reconcile", ms(start.median), spread(start)],
        ["node: an empty file", ms(empty.median), spread(empty)],
        ["difference: the bundle's cost", `${ms(overhead.median)} (${times(ratio.median)})`, ""],
        ["node: import the `--target lambda` bundle, run the first reconcile", ms(lambda.median), spread(lambda)],
        ["difference: the lambda bundle's cost", ms(lambdaOverhead.median), ""],
      ],
    ),
  ].join("\n\n");
  return { text, data: { size, coldStart: { start, empty, overhead, ratio, lambda, lambdaOverhead } }, goals: [] };
}
