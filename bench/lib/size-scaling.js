// Does checking grow linearly with the input? Each shape — one long step,
// one large enum, many domains — is checked at 1×, 2× and 4× its base size,
// and the times are reported as ratios to 1×: about 2 and 4 when the
// compiler is linear, far more when something in it is quadratic. The time
// is the process's CPU time (user and system), which load on a shared
// machine disturbs less than the clock does.
import { check } from "../../lib/compiler/index.js";
import { domains, enumOf, step } from "./sizes.js";
import { bytes, count, ms, times } from "./format.js";
import { goal } from "./goal.js";
import { summarize } from "./stats.js";
import { table } from "./table.js";

const SHAPES = [
  { name: "one step", unit: "statements", make: step },
  { name: "one enum", unit: "members", make: enumOf },
  { name: "many domains", unit: "domains", make: domains },
];

function cpuMs(fn) {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** `base` maps a shape's name to its 1× size. */
export function sizeScaling({ base, rounds, progress }) {
  const shapes = [];
  for (const shape of SHAPES) {
    const points = [1, 2, 4].map((factor) => {
      const n = base[shape.name] * factor;
      const source = shape.make(n);
      progress(`compile: checking ${shape.name}, ${count(n)} ${shape.unit}`);
      const samples = [];
      for (let i = 0; i < rounds; i++) {
        samples.push(
          cpuMs(() => {
            if (check(source).diagnostics.some((d) => d.severity === "error")) throw new Error(`${shape.name} of ${n} does not check`);
          }),
        );
      }
      return { factor, n, bytes: source.length, cpu: summarize(samples) };
    });
    const at = (factor) => points.find((p) => p.factor === factor).cpu.median;
    shapes.push({ name: shape.name, unit: shape.unit, points, ratios: { x2: at(2) / at(1), x4: at(4) / at(1) } });
  }
  const rows = shapes.map((s) => [
    `${s.name}: ${count(s.points[0].n)} ${s.unit} (${bytes(s.points[0].bytes)}) at 1×`,
    ...s.points.map((p) => ms(p.cpu.median)),
    times(s.ratios.x2),
    times(s.ratios.x4),
  ]);
  const text = [`Size scaling: \`check()\` at 1×, 2× and 4× (CPU time, median of ${rounds}; linear is 2× and 4×)`, table(["input", "1×", "2×", "4×", "2× / 1×", "4× / 1×"], rows)].join("\n\n");
  // Linear, with room for noise and the garbage collector: 4× the input within 5× the time.
  const goals = shapes.map((s) => goal(`checking ${s.name} grows linearly: 4× the ${s.unit} in under 5× the time`, times(s.ratios.x4), s.ratios.x4 < 5, s.ratios.x4));
  return { text, data: shapes, goals };
}
