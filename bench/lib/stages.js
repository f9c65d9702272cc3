// The compiler's stages, called one by one and timed, as `compile` and
// `bundle` chain them. Loaded on demand and timed too: in a cold process,
// loading the stages (ts-morph above all) is most of the work.

const lib = (path) => new URL(`../../lib/compiler/${path}`, import.meta.url).href;

const stopwatch = () => {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return elapsed;
  };
};

/** The stage functions, and how long loading each group of them took (ms). */
export async function loadStages() {
  const lap = stopwatch();
  const [{ parse }, { analyse }, { lower }] = await Promise.all([import(lib("1-syntax/parse.js")), import(lib("2-analysis/analyse.js")), import(lib("3-lower/lower.js"))]);
  const front = lap();
  const { emit } = await import(lib("4-emit/emit.js"));
  const prettier = await import("prettier");
  const back = lap();
  const { bundle } = await import(lib("5-bundle/bundle.js"));
  const bundler = lap();
  return {
    stages: { parse, analyse, lower, emit, prettier, bundle },
    loads: { "load parse, check, lower": front, "load emit (ts-morph, prettier)": back, "load bundle (esbuild)": bundler },
  };
}

/**
 * Compiles and bundles `source` stage by stage; returns each stage's time
 * (ms). `format` adds prettier over the emitted module, which `compile`
 * does by default and `vedc build` skips.
 */
export async function timeStages({ parse, analyse, lower, emit, prettier, bundle }, source, filename, { format }) {
  const lap = stopwatch();
  const times = {};
  const parsed = parse(source, filename);
  times.parse = lap();
  if (!parsed.program) throw new Error(`${filename} does not parse: ${parsed.diagnostics[0].message}`);
  const { analysis, diagnostics } = analyse(parsed.program, filename);
  times.check = lap();
  if (diagnostics.some((d) => d.severity === "error")) throw new Error(`${filename} does not check: ${diagnostics[0].message}`);
  const program = lower(analysis, filename);
  times.lower = lap();
  const { code } = await emit(program, { format: false });
  times.emit = lap();
  if (format) {
    await prettier.format(code, { parser: "typescript" });
    times.format = lap();
  }
  await bundle(code, { outfile: "bench.js", format: "esm" });
  times.bundle = lap();
  return times;
}
