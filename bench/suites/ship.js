// What ships: the seed's bundle (runtime included) as `vedc build` writes
// it, minified, and minified then gzipped; and its cold start, a fresh node
// process importing it and running the first reconcile, against a node
// process that loads an empty file.
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

  progress("ship: cold starts");
  const samples = await alternate(
    {
      start: async () => node(["bench/children/first-reconcile.js", seed.file]).ms,
      empty: async () => emptyProcess(),
    },
    rounds,
  );
  const start = summarize(samples.start);
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
      ],
    ),
    `Cold start (${plural(rounds, "alternating round")})`,
    table(
      ["process", "median", "spread"],
      [
        ["node: import the bundle, run the first reconcile", ms(start.median), spread(start)],
        ["node: an empty file", ms(empty.median), spread(empty)],
        ["difference: the bundle's cost", `${ms(overhead.median)} (${times(ratio.median)})`, ""],
      ],
    ),
  ].join("\n\n");
  return { text, data: { size, coldStart: { start, empty, overhead, ratio } }, goals: [] };
}
