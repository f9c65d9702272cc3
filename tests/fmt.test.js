// vedc fmt and the Prettier plugin: one canonical layout, every comment kept
// where it was, the same program before and after, and formatting twice the
// same as formatting once.
import { run, tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import fc from "fast-check";
import * as prettier from "prettier";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, formatSource, memoryHost } from "../lib/compiler/index.js";
import { scan } from "../lib/compiler/1-syntax/lexer.js";
import { cli, plainEnv, root, seed, zones } from "./helpers.js";

const format = async (source) => {
  const { formatted, diagnostics } = await formatSource(source);
  if (formatted === null) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  return formatted;
};

/** The IR without source positions: what a layout change must leave alone. */
/** The files docs/language.md names (```ved file=NAME), which its programs import. */
const named = memoryHost(Object.fromEntries([...readFileSync(`${root}/docs/language.md`, "utf8").matchAll(/```ved file=(\S+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]])));

const program = (source) => {
  const { ir, diagnostics } = check(source, { host: named });
  assert.ok(ir, diagnostics.map((d) => d.message).join("\n"));
  return JSON.stringify(ir, (key, value) => (key === "span" ? undefined : value));
};


const examples = readdirSync(`${root}/examples`).filter((f) => f.endsWith(".ved"));
const corpus = [
  ...examples.map((f) => readFileSync(`${root}/examples/${f}`, "utf8")),
  ...[...readFileSync(`${root}/docs/language.md`, "utf8").matchAll(/```ved\n([\s\S]*?)```/g)].map((m) => m[1]),
  zones,
];

test("vedc fmt --check passes on every example; the seed's program is kept verbatim through .prettierignore", async () => {
  // examples/worker-pool.ved is the seed's text byte for byte (tests/parser.test.js), flattened as the seed
  // wrote it: .prettierignore names it, as it would for prettier; the next test formats it all the same.
  const files = examples.map((f) => `examples/${f}`);
  const r = await cli(["fmt", "--check", ...files]);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(r.stdout, files.map((f) => (f === "examples/worker-pool.ved" ? `${f}: ignored (.prettierignore)\n` : `${f}: formatted\n`)).join(""));
});

test("formatting the seed's flattened program gives the indented form: its members move inside the domain's braces", async () => {
  assert.is(
    await format(seed),
    `domain WorkerPool {
  state {
    workers: int
  }
  goal workers == 5
  transition scale_up {
    step {
      if workers < 5 {
        workers += 1
      }
    }
  }
  transition scale_down {
    step {
      if workers > 5 {
        workers -= 1
      }
    }
  }
}
`,
  );
});

test("every comment stays where it was: own lines, line ends, after a brace, before else, inside expressions, after the file", async () => {
  const source = `/**
   * A file-level doc comment,
      * re-aligned under its opening.
 */
enum Phase { idle, // the first member is the default
  busy }



domain Pool { // the pool
  state { workers: int in 0..10 = 1_0; /* legacy */ spare: float = -2.5e-1 }


  param size: int = 5   // how many
  // before a let
  let wanted = ((size)) * 2
  goal /* why */ full: workers == wanted
  transition grow when workers < wanted // only while short
  {
    step { // grows by one
      if (workers < 5) { workers += 1 } // small steps
      else if workers < 8 {
        // a comment alone in a block
      } else { workers = wanted; spare = 0.0 }
    }
  }
}
// trailing members belong to Pool
transition idle_out { step {} } /* end */
`;
  assert.is(
    await format(source),
    `/**
 * A file-level doc comment,
 * re-aligned under its opening.
 */
enum Phase {
  idle, // the first member is the default
  busy,
}

domain Pool { // the pool
  state {
    workers: int in 0..10 = 1_0
    /* legacy */ spare: float = -2.5e-1
  }

  param size: int = 5 // how many
  // before a let
  let wanted = (size) * 2
  goal /* why */ full: workers == wanted
  transition grow when workers < wanted { // only while short
    step {
      // grows by one
      if (workers < 5) {
        workers += 1
      } // small steps
      else if workers < 8 {
        // a comment alone in a block
      } else {
        workers = wanted
        spare = 0.0
      }
    }
  }
  // trailing members belong to Pool
  transition idle_out {
    step {}
  } /* end */
}
`,
  );
});

test("layout: 2-space indents, one item per line (a `;` between two is dropped), at most one blank line, long lines broken", async () => {
  const out = await format(`enum   Light{red,green;yellow}
domain   Crossing{state{light:Light;count:int=1_000;ratio:float=2.5E-1;name:string="a\\tb \\u{1F600}"}
goal light==Light.green;goal count>=0&&-count<=0&&!(ratio<0.0)



transition go when light==Light.red{step{light=Light.green;count+=clamp(count,0,10)}}
transition a_rather_long_transition_name when count * 2 + count * 3 + count * 4 + count * 5 + count * 6 > 0 { step { count = max(count, 0) } }
}`);
  assert.is(
    out,
    `enum Light { red, green, yellow }
domain Crossing {
  state {
    light: Light
    count: int = 1_000
    ratio: float = 2.5E-1
    name: string = "a\\tb \\u{1F600}"
  }
  goal light == Light.green
  goal count >= 0 && -count <= 0 && !(ratio < 0.0)

  transition go when light == Light.red {
    step {
      light = Light.green
      count += clamp(count, 0, 10)
    }
  }
  transition a_rather_long_transition_name when count * 2 +
    count * 3 +
    count * 4 +
    count * 5 +
    count * 6 >
    0 {
    step {
      count = max(count, 0)
    }
  }
}
`,
  );
});

test("maps, quantifiers, folds and per-key transitions: laid out canonically, the same program, formatting twice as once", async () => {
  const source = `enum Zone{a,b,c}
domain Spreader{state{replicas:map<Zone,int in 0..5> =1;owned healthy : map< Zone , bool > = true
labels: map<Zone, string in {"x","y"}> = "x"}
let total=sum( z in Zone :replicas[ z ] )
let spread=max(z in Zone: replicas[z])-min(z in Zone: replicas[z])
let weighted=sum(z in Zone: replicas[z] * 2 + replicas[z] * 3 + replicas[z] * 4 + replicas[z] * 5)
invariant (all z in Zone: replicas[z]>=0)&&(any z in Zone: healthy[z])&&!(all z in Zone: !healthy[z])
goal all z in Zone: healthy[z]=>replicas[z]==2
goal count(z in Zone: healthy[z])>=2&&spread<=((sum(z in Zone: replicas[z])))
goal all z in Zone: all y in Zone: replicas[z] + replicas[y] <= 10 && replicas[z] + replicas[y] >= 0 && healthy[z]
goal if any z in Zone: healthy[z] then total > 0 else total == 0
transition add(z:Zone)when healthy[z]{step{replicas[z]+=1;replicas[Zone.a]=replicas[Zone.b]}}
transition swap(from:Zone,to:Zone){step{replicas[from]-=1;replicas[to]+=1}}}`;
  const out = await format(source);
  assert.is(
    out,
    `enum Zone { a, b, c }
domain Spreader {
  state {
    replicas: map<Zone, int in 0..5> = 1
    owned healthy: map<Zone, bool> = true
    labels: map<Zone, string in {"x", "y"}> = "x"
  }
  let total = sum(z in Zone: replicas[z])
  let spread = max(z in Zone: replicas[z]) - min(z in Zone: replicas[z])
  let weighted = sum(z in Zone:
    replicas[z] * 2 + replicas[z] * 3 + replicas[z] * 4 + replicas[z] * 5
  )
  invariant (all z in Zone: replicas[z] >= 0) &&
    (any z in Zone: healthy[z]) &&
    !(all z in Zone: !healthy[z])
  goal all z in Zone: healthy[z] => replicas[z] == 2
  goal count(z in Zone: healthy[z]) >= 2 &&
    spread <= (sum(z in Zone: replicas[z]))
  goal all z in Zone:
    all y in Zone:
      replicas[z] + replicas[y] <= 10 &&
        replicas[z] + replicas[y] >= 0 &&
        healthy[z]
  goal if any z in Zone: healthy[z] then total > 0 else total == 0
  transition add(z: Zone) when healthy[z] {
    step {
      replicas[z] += 1
      replicas[Zone.a] = replicas[Zone.b]
    }
  }
  transition swap(from: Zone, to: Zone) {
    step {
      replicas[from] -= 1
      replicas[to] += 1
    }
  }
}
`,
  );
  assert.is(await format(out), out);
  assert.is(program(out), program(source));
  const example = await format(zones);
  assert.ok(example.includes("  transition add(z: Zone) when healthy[z] && replicas[z] < per_zone {\n    step {\n      replicas[z] += 1\n    }\n  }\n"), example);
  assert.ok(example.includes("    replicas: map<Zone, int in 0..5>\n    healthy: map<Zone, bool> = true\n"), example);
  assert.is(await format(example), example);
  assert.is(program(example), program(zones));
});

test("comments in maps, quantifiers, folds and per-key transition heads stay, once each, where they were", async () => {
  const out = await format(`enum Zone { a, b, c }
domain D {
  state {
    r: map< /* key */ Zone, int /* v */ in 0..5> = 1 // per zone
  }
  goal all /* b */ z in Zone: // why
    r[ /* k */ z] >= 1
  goal sum(z in /* over */ Zone: r[z] /* body */) <= 9
  transition add(z: Zone /* key */) // line
  when r[z] < 5 {
    step { r[z /* at */] += 1 // inc
    }
  }
}
`);
  assert.is(
    out,
    `enum Zone { a, b, c }
domain D {
  state {
    r: map</* key */ Zone, int /* v */ in 0..5> = 1 // per zone
  }
  goal all /* b */ z in Zone: r[/* k */ z] >= 1 // why
  goal sum(z in /* over */ Zone: r[z] /* body */) <= 9
  transition add(z: Zone /* key */) when r[z] < 5 { // line
    step {
      r[z /* at */] += 1 // inc
    }
  }
}
`,
  );
  assert.is(await format(out), out);
});

test("formatting twice is formatting once, and never changes the program, over every example and documented program", async () => {
  for (const source of corpus) {
    const once = await format(source);
    assert.is(await format(once), once);
    assert.is(program(once), program(source));
  }
});

// Comments and line breaks inserted at random token boundaries of the examples and documented programs.
const COMMENTS = [(n) => ` // c${n}\n`, (n) => `/* c${n} */`, (n) => `\n/* c${n} */\n`, (n) => `\n// c${n}\n`, (n) => `/* c${n}\n   * x */`, (n) => `\n\n// c${n}\n\n`, () => "\n", () => "\n\n\n"];
const edit = fc.record({ source: fc.nat({ max: corpus.length - 1 }), inserts: fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat({ max: COMMENTS.length - 1 })), { maxLength: 12 }) });

function applyEdit({ source, inserts }) {
  let text = corpus[source];
  const { tokens } = scan(text);
  const at = [...new Map(inserts.map(([i, after, kind], n) => [after ? tokens[i % tokens.length].offset + tokens[i % tokens.length].text.length : tokens[i % tokens.length].offset, COMMENTS[kind](n)])).entries()];
  for (const [offset, insert] of at.sort((a, b) => b[0] - a[0])) text = text.slice(0, offset) + insert + text.slice(offset);
  return text;
}

test("property: with comments anywhere, formatting is idempotent, keeps every comment once, and keeps the program", async () => {
  await fc.assert(
    fc.asyncProperty(edit, async (e) => {
      const source = applyEdit(e);
      // A comment glued to a `/` makes `//`: a different program, not one to format.
      fc.pre(check(source, { host: named }).ir !== null);
      const once = await format(source);
      assert.is(await format(once), once, `not idempotent on:\n${source}`);
      for (const c of source.match(/\bc\d+\b/g) ?? []) assert.is(once.match(new RegExp(`\\b${c}\\b`, "g"))?.length, 1, `${c} lost in:\n${once}`);
      assert.is(program(once), program(source));
    }),
    { numRuns: 300 },
  );
});

test("a file that does not parse: the located error, exit 1, and --write leaves it as it was", async () => {
  const dir = tempDir("fmt");
  const broken = "domain D {\n  state { x: int }\n  goal x ==\n}\n";
  writeFileSync(join(dir, "broken.ved"), broken);
  const r = await cli(["fmt", "--write", "broken.ved"], { cwd: dir });
  assert.equal([r.status, r.stdout], [1, ""]);
  assert.match(r.stderr, "broken.ved:4:1: error VED0003: unexpected '}': expected an expression");
  assert.is(readFileSync(join(dir, "broken.ved"), "utf8"), broken);
  const result = await formatSource(broken, { filename: "broken.ved" });
  assert.equal([result.formatted, result.diagnostics.map((d) => d.code)], [null, ["VED0003"]]);
});

test("vedc fmt prints by default, --write rewrites only what changes, --check lists and changes nothing", async () => {
  const dir = tempDir("fmt");
  const tidy = readFileSync(`${root}/examples/worker-pool-indented.ved`, "utf8");
  writeFileSync(join(dir, "seed.ved"), seed);
  writeFileSync(join(dir, "tidy.ved"), tidy);
  const printed = await cli(["fmt", "seed.ved", "tidy.ved"], { cwd: dir });
  assert.is(printed.status, 0);
  assert.ok(printed.stdout.endsWith(tidy) && printed.stdout.startsWith("domain WorkerPool {\n  state {\n"));
  assert.is(readFileSync(join(dir, "seed.ved"), "utf8"), seed, "printing changes no file");
  const checked = await cli(["fmt", "--check", "seed.ved", "tidy.ved"], { cwd: dir });
  assert.equal([checked.status, checked.stdout], [1, "seed.ved: not formatted\ntidy.ved: formatted\n"]);
  assert.match(checked.stderr, "vedc: 1 of 2 files are not formatted or do not parse; vedc fmt --write formats them");
  const written = await cli(["fmt", "--write", "seed.ved", "tidy.ved"], { cwd: dir });
  assert.equal([written.status, written.stdout], [0, "seed.ved: rewritten\ntidy.ved: unchanged\n"]);
  assert.is((await cli(["fmt", "--check", "seed.ved"], { cwd: dir })).status, 0);
  const both = await cli(["fmt", "--check", "--write", "seed.ved"], { cwd: dir });
  assert.equal([both.status, both.stderr], [1, "vedc: fmt: --check and --write cannot be used together (--check changes nothing)\n"]);
});

test("the Prettier plugin: vedc/prettier formats .ved files as vedc fmt does, from the API and from prettier's command line", async () => {
  const source = readFileSync(`${root}/examples/worker-pool.ved`, "utf8");
  const viaApi = await prettier.format(source, { filepath: "pool.ved", plugins: ["vedc/prettier"] });
  assert.is(viaApi, await format(source));
  const dir = tempDir("prettier");
  writeFileSync(join(dir, "pool.ved"), source);
  const bin = join(root, "node_modules/prettier/bin/prettier.cjs");
  const prettierCli = (...args) => run(process.execPath, [bin, "--plugin", "vedc/prettier", ...args], { cwd: root, env: plainEnv });
  assert.is((await prettierCli(join(dir, "pool.ved"))).stdout, viaApi);
  const bad = join(dir, "bad.ved");
  writeFileSync(bad, "domain D {\n  goal ==\n}\n");
  const refused = await prettierCli(bad);
  assert.is(refused.status, 2);
  assert.match(refused.stderr, "SyntaxError: unexpected '==': expected an expression (VED0003)");
  assert.match(refused.stderr, "> 2 |   goal ==");
});

test.run();
