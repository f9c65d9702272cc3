// vedc graph: goals, transitions with their guards and steps, and which goals
// each transition can change, as Mermaid, DOT and SVG; every name and string
// from the source escaped for each.
import { test } from "./harness.js";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { instance } from "@viz-js/viz";
import { check, graph } from "../lib/compiler/index.js";
import { cli, root, seed } from "./helpers.js";

const ir = (source) => {
  const { ir, diagnostics } = check(source);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return ir;
};

test("the seed as Mermaid: two transitions in the order they are tried, each changing the one goal through workers", async () => {
  assert.is(
    await graph(ir(seed), "mermaid"),
    `flowchart LR
  subgraph d0["WorkerPool"]
    direction LR
    d0_t0["1. scale_up<br/>if workers #60; 5#58;<br/>#160;#160;workers += 1"]
    d0_t1["2. scale_down<br/>if workers #62; 5#58;<br/>#160;#160;workers -= 1"]
    d0_g0(["goal<br/>workers == 5"])
    d0_t0 -->|"workers"| d0_g0
    d0_t1 -->|"workers"| d0_g0
  end
`,
  );
});

test("the seed as DOT: left-aligned code labels, one cluster per domain", async () => {
  const dot = await graph(ir(seed), "dot");
  assert.match(dot, `"d0_t0" [label="1. scale_up\\lif workers < 5:\\l  workers += 1\\l"]`);
  assert.match(dot, `"d0_g0" [label="goal\\lworkers == 5\\l"`);
  assert.match(dot, `"d0_t1" -> "d0_g0" [label="workers"]`);
  assert.match(dot, `subgraph "cluster_d0" {\n    label="WorkerPool"`);
});

test("docs/worker-pool.svg, shown by the README, is what vedc graph draws for the seed today", async () => {
  const r = await cli(["graph", "examples/worker-pool.ved", "--format", "svg"]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^<\?xml[^]*<svg[^]*<\/svg>\n$/);
  assert.is(readFileSync(`${root}/docs/worker-pool.svg`, "utf8"), r.stdout, "regenerate it: npx vedc graph examples/worker-pool.ved --format svg > docs/worker-pool.svg");
});

test("a goal a step changes through lets is linked; guards are shown; a step that changes no goal has no edge", async () => {
  const program = ir(`domain D {
  state { load: int; workers: int; noted: bool; log: string }
  param per: int = 10
  let needed = (load + per - 1) / per
  let wanted = max(needed, 1)
  effect page(reason: string)
  goal sized: workers == wanted
  goal quiet: !noted
  transition grow when workers < wanted {
    step {
      workers += 1
      if workers > 3 { noted = true } else { log += "." }
    }
  }
  transition shed when load == 0 && workers > 1 { step { load = 1 } }
  transition alert when noted { step { page("busy"); log = "" } }
}`);
  const mermaid = await graph(program, "mermaid");
  assert.match(mermaid, `d0_t0 -->|"workers"| d0_g0`);
  assert.match(mermaid, `d0_t0 -->|"noted"| d0_g1`);
  // shed assigns load, which sized reads through wanted and needed.
  assert.match(mermaid, `d0_t1 -->|"load"| d0_g0`);
  assert.not.match(mermaid, "d0_t2 -->");
  const dot = await graph(program, "dot");
  assert.match(dot, `label="1. grow\\lwhen workers < wanted\\lworkers += 1\\lif workers > 3:\\l  noted = true\\lelse:\\l  log += \\".\\"\\l"`);
  assert.match(dot, `label="3. alert\\lwhen noted\\lpage(\\"busy\\")\\llog = \\"\\"\\l"`);
  assert.match(dot, `label="goal quiet\\l!noted\\l"`);
});

// Names Mermaid and DOT reserve, and strings holding what either would read as syntax.
const hostile = `enum end { subgraph, graph }
domain style {
  state { classDef: string = "\\"a\\" <b> & #quot; --> ]] \\\\N |x| %% ;:{} \\u{1F600} \\n"; click: end }
  goal node: classDef == "\\"]\\"" && click == end.graph
  transition digraph when classDef != "<br/>" { step { classDef = "--> \\\\l \\"" ; click = end.graph } }
  transition strict { step { if click == end.subgraph { classDef += "#35;" } } }
}`;
const hostileLabels = [
  "style",
  "1. digraph",
  'when classDef != "<br/>"',
  'classDef = "--> \\\\l \\""',
  "click = end.graph",
  "2. strict",
  "if click == end.subgraph:",
  '  classDef += "#35;"',
  "goal node",
  'classDef == "\\"]\\"" && click == end.graph',
];

/** Mermaid's entity codes back to text, `<br/>` to a newline, a non-breaking space to a space. */
const decode = (label) => label.replace(/<br\/>/g, "\n").replace(/#(\d+);/g, (_, code) => String.fromCodePoint(Number(code))).replace(/\u00a0/g, " ");

test("Mermaid: user names never become syntax; every label is quoted, encoded, and decodes to the Ved text", async () => {
  const mermaid = await graph(ir(hostile), "mermaid");
  const label = `"((?:[A-Za-z0-9 _.,=+*/!()'-]|#\\d+;|<br/>)*)"`;
  const shapes = [
    new RegExp(`^flowchart LR$`),
    new RegExp(`^  subgraph d\\d+\\[${label}\\]$`),
    new RegExp(`^    direction LR$`),
    new RegExp(`^    d\\d+_t\\d+\\[${label}\\]$`),
    new RegExp(`^    d\\d+_g\\d+\\(\\[${label}\\]\\)$`),
    new RegExp(`^    d\\d+_t\\d+ -->\\|${label}\\| d\\d+_g\\d+$`),
    new RegExp(`^  end$`),
  ];
  const texts = [];
  for (const line of mermaid.trimEnd().split("\n")) {
    const shape = shapes.find((s) => s.test(line));
    assert.ok(shape, `unexpected line: ${line}`);
    const m = shape.exec(line);
    if (m[1] !== undefined) texts.push(...decode(m[1]).split("\n"));
  }
  for (const text of hostileLabels) assert.ok(texts.includes(text), `missing label line ${text}`);
  assert.ok(texts.includes("classDef"), "the edge names the field");
});

test("DOT: Graphviz reads the escaped labels back as the Ved text, and draws every node and edge", async () => {
  const dot = await graph(ir(hostile), "dot");
  const viz = await instance();
  const { status, output, errors } = viz.render(dot, { format: "json" });
  assert.is(status, "success", JSON.stringify(errors));
  const drawn = JSON.parse(output);
  // Graphviz keeps a label's escapes for its renderer, which reads \\ as a backslash and \l as the end of a left-aligned line.
  const shown = (label) => label.replace(/\\(.)/g, (_, c) => (c === "l" ? "\n" : c)).split("\n");
  const labels = drawn.objects.filter((o) => o.label !== undefined && o.name.startsWith("d0_")).flatMap((o) => shown(o.label));
  for (const text of hostileLabels.slice(1)) assert.ok(labels.includes(text), `missing label line ${text}`);
  assert.equal([drawn.objects.filter((o) => o.name.startsWith("d0_")).length, drawn.edges.filter((e) => e.label).length], [3, 2]);
  const svg = await graph(ir(hostile), "svg");
  assert.match(svg, "&lt;br/&gt;");
  assert.match(svg, "&#45;&#45;&gt; \\\\l \\&quot;&quot;");
});

test("vedc graph: --format picks the output; a file with errors prints its diagnostics, exit 1", async () => {
  assert.match((await cli(["graph", "examples/autoscaler.ved"])).stdout, /^flowchart LR\n/);
  assert.match((await cli(["graph", "examples/autoscaler.ved", "--format", "dot"])).stdout, /^digraph "vedc" \{\n/);
  const broken = await cli(["graph", "tests/fixtures/broken/unknown-name/input.ved"]);
  assert.equal([broken.status, broken.stdout], [1, ""]);
  assert.match(broken.stderr, "error VED0100");
  const flag = await cli(["graph", "examples/worker-pool.ved", "--format", "png"]);
  assert.is(flag.status, 1);
  assert.match(flag.stderr, "Allowed choices are mermaid, dot, svg");
});

// ---- maps and per-key transitions ----------------------------------------------------

const zones = `enum Zone { a, b, c }

domain Spreader {
  state {
    replicas: map<Zone, int in 0..5>
    healthy: map<Zone, bool> = true
  }
  param per_zone: int = 2
  goal all z in Zone: healthy[z] => replicas[z] == per_zone
  transition add(z: Zone) when healthy[z] && replicas[z] < per_zone {
    step { replicas[z] += 1 }
  }
  transition remove(z: Zone) when replicas[z] > per_zone || !healthy[z] && replicas[z] > 0 {
    step { replicas[z] -= 1 }
  }
}
`;

test("a per-key transition is drawn once, as declared, with its key; the goal keeps its quantifier", async () => {
  const dot = await graph(ir(zones), "dot");
  assert.match(dot, `"d0_t0" [label="1. add(z: Zone)\\lwhen healthy[z] && replicas[z] < per_zone\\lreplicas[z] += 1\\l"]`);
  assert.match(dot, `"d0_t1" [label="2. remove(z: Zone)\\lwhen replicas[z] > per_zone || !healthy[z] && replicas[z] > 0\\lreplicas[z] -= 1\\l"]`);
  assert.match(dot, `"d0_g0" [label="goal\\lall z in Zone: healthy[z] => replicas[z] == per_zone\\l"`);
  assert.not.match(dot, "add(a)");
  assert.not.match(dot, "Zone.a");
  assert.equal(dot.match(/^    "d0_t\d+" -> "d0_g0" \[label="replicas"\]$/gm), ['    "d0_t0" -> "d0_g0" [label="replicas"]', '    "d0_t1" -> "d0_g0" [label="replicas"]']);
  const viz = await instance();
  const drawn = JSON.parse(viz.render(dot, { format: "json" }).output);
  assert.is(drawn.objects.filter((o) => /^d0_t\d+$/.test(o.name)).length, 2, "two transition boxes, not six");
  const mermaid = await graph(ir(zones), "mermaid");
  assert.match(mermaid, `d0_t0["1. add(z#58; Zone)<br/>when healthy#91;z#93; #38;#38; replicas#91;z#93; #60; per_zone<br/>replicas#91;z#93; += 1"]`);
  assert.not.match(mermaid, "d0_t2");
});

test("per-key transitions: several keys, a member named outright, a fold, a key of a one-member enum", async () => {
  const program = ir(`enum Zone { a, b, c }
enum Mode { on }
domain Mover {
  state {
    replicas: map<Zone, int in 0..5>
    mode: Mode
  }
  goal replicas[Zone.a] == 0
  transition drain(z: Zone) when z != Zone.a && sum(w in Zone: replicas[w]) < 9 { step { replicas[z] += 1 } }
  transition move(from: Zone, to: Zone) when from != to && replicas[from] > 0 && mode == Mode.on {
    step { replicas[from] -= 1; replicas[to] += 1 }
  }
  transition only(m: Mode) when mode == m { step { replicas[Zone.a] = 0 } }
}`);
  const dot = await graph(program, "dot");
  // The member a written in the source stays Zone.a; the fold is written out over the members.
  assert.match(dot, `"1. drain(z: Zone)\\lwhen z != Zone.a && replicas[Zone.a] + replicas[Zone.b] + replicas[Zone.c] < 9\\lreplicas[z] += 1\\l"`);
  assert.match(dot, `"2. move(from: Zone, to: Zone)\\lwhen from != to && replicas[from] > 0 && mode == Mode.on\\lreplicas[from] -= 1\\lreplicas[to] += 1\\l"`);
  assert.match(dot, `"3. only(m: Mode)\\lwhen mode == m\\lreplicas[Zone.a] = 0\\l"`);
  assert.is(dot.match(/\[label="\d+\. /g).length, 3);
});

test("copies of a per-key transition that differ otherwise than by their key are drawn one by one", async () => {
  const program = ir(zones);
  const [a, b] = program.domains[0].transitions;
  b.step[0].value = { ...b.step[0].value, value: 2 };
  const dot = await graph(program, "dot");
  assert.match(dot, `"d0_t0" [label="1. add(a)\\lwhen healthy[Zone.a] && replicas[Zone.a] < per_zone\\lreplicas[Zone.a] += 1\\l"]`);
  assert.match(dot, `"d0_t1" [label="2. add(b)\\lwhen healthy[Zone.b] && replicas[Zone.b] < per_zone\\lreplicas[Zone.b] += 2\\l"]`);
  assert.match(dot, `"4. remove(z: Zone)`);
  assert.ok(a.name === "add(a)");
});

test.run();
