// A strict reader of Prometheus' text exposition format (version 0.0.4), for
// the tests: it throws, naming the line, at anything a Prometheus server
// would refuse or misread — a malformed name, label or value, a sample of a
// family with no TYPE or a TYPE after its samples, a family declared twice,
// a duplicate series, a counter that does not end in _total, a histogram
// whose buckets are not cumulative or whose +Inf bucket is not its count.
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/** Families by name: `{ type, help, samples: [{ name, labels, value }] }`. */
export function parsePrometheus(text) {
  if (!text.endsWith("\n")) throw new Error("the text does not end in a newline");
  const families = new Map();
  const seen = new Set();
  let current = null;
  text
    .slice(0, -1)
    .split("\n")
    .forEach((line, i) => {
      const where = `line ${i + 1} (${JSON.stringify(line)})`;
      if (line === "") return;
      if (line.startsWith("#")) {
        const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
        if (!m) return; // another comment
        const [, kind, name, rest] = m;
        if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
        const family = families.get(name) ?? { type: null, help: null, samples: [] };
        if (kind === "TYPE") {
          if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
          if (family.type !== null) throw new Error(`${where}: ${name} is typed twice`);
          if (family.samples.length > 0) throw new Error(`${where}: TYPE after ${name}'s samples`);
          if (rest === "counter" && !name.endsWith("_total")) throw new Error(`${where}: a counter's name must end in _total`);
          family.type = rest;
        } else {
          if (family.help !== null) throw new Error(`${where}: ${name} has HELP twice`);
          family.help = rest;
        }
        families.set(name, family);
        current = name;
        return;
      }
      const sample = parseSample(line, where);
      const family = familyOf(sample.name, families);
      if (!family) throw new Error(`${where}: sample ${sample.name} of no declared family`);
      if (family.name !== current) throw new Error(`${where}: ${family.name}'s samples are not together after its TYPE`);
      const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
      if (seen.has(series)) throw new Error(`${where}: the series ${series} appears twice`);
      seen.add(series);
      family.family.samples.push(sample);
    });
  for (const [name, family] of families) {
    if (family.type === null) throw new Error(`${name} has no TYPE`);
    if (family.type === "histogram") checkHistogram(name, family.samples);
    if (family.type === "counter") for (const s of family.samples) if (!(s.value >= 0)) throw new Error(`counter ${s.name} is ${s.value}`);
  }
  return families;
}

function parseSample(line, where) {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`${where}: not a sample`);
  const [, name, , body = "", raw] = m;
  const labels = {};
  let rest = body;
  while (rest.length > 0) {
    const l = /^([^=]+)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(rest);
    if (!l || !LABEL.test(l[1])) throw new Error(`${where}: bad label at ${JSON.stringify(rest)}`);
    if (Object.hasOwn(labels, l[1])) throw new Error(`${where}: label ${l[1]} twice`);
    labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
    rest = rest.slice(l[0].length);
  }
  // As Prometheus reads a value (Go's ParseFloat): a decimal or exponent number, or Inf and NaN in any case.
  const word = raw.toLowerCase();
  const value = /^\+?inf(inity)?$/.test(word) ? Infinity : /^-inf(inity)?$/.test(word) ? -Infinity : word === "nan" ? NaN : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : null;
  if (value === null) throw new Error(`${where}: bad value ${raw}`);
  return { name, labels, value };
}

/** The family a sample belongs to: its own name, or a histogram's or summary's with _bucket, _sum or _count. */
function familyOf(name, families) {
  if (families.has(name)) return { name, family: families.get(name) };
  const base = name.replace(/_(bucket|sum|count)$/, "");
  const family = families.get(base);
  return family && (family.type === "histogram" || family.type === "summary") ? { name: base, family } : null;
}

function checkHistogram(name, samples) {
  const groups = new Map();
  for (const s of samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [], count: null, sum: null };
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new Error(`${name}: a bucket without le`);
      g.buckets.push([le === "+Inf" ? Infinity : Number(le), s.value]);
    } else if (s.name === `${name}_count`) g.count = s.value;
    else if (s.name === `${name}_sum`) g.sum = s.value;
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    if (g.count === null || g.sum === null) throw new Error(`${name}${key}: no _count or _sum`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i][0] > g.buckets[i - 1][0])) throw new Error(`${name}${key}: buckets out of order`);
      if (g.buckets[i][1] < g.buckets[i - 1][1]) throw new Error(`${name}${key}: buckets not cumulative`);
    }
    const inf = g.buckets.at(-1);
    if (!inf || inf[0] !== Infinity || inf[1] !== g.count) throw new Error(`${name}${key}: the +Inf bucket is not the count`);
  }
}

/** The value of one series: the sample of `name` whose labels include `labels`; 0 when there is none. */
export function valueOf(families, name, labels = {}) {
  const family = familyOf(name, families);
  const matches = (family?.family.samples ?? []).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matches.reduce((sum, s) => sum + s.value, 0);
}
