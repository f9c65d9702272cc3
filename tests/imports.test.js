// Imports between .ved files: `import { Zone } from "./shared.ved"` shares
// enums. Through the CLI as a user runs it (build, then plain node runs the
// bundle; check, emit, verify), through the compiler API with an in-memory
// host, and every mistake located in the file it is in.
import { test, run, tempDir } from "./harness.js";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, compile, memoryHost, renderDiagnostic } from "../lib/compiler/index.js";
import { cli, plainEnv } from "./helpers.js";

const SHARED = "// The zones every service runs in.\nenum Zone { eu, us }\nenum Tier { free, paid }\n";
const POOL = `import { Tier, Zone } from "../shared/zones.ved"

domain Pool {
  state {
    zone: Zone = Zone.us
    tier: Tier
    workers: int in 0..10
  }
  goal workers == 2 && zone == Zone.us
  transition up when workers < 2 {
    step {
      workers += 1
    }
  }
  transition down when workers > 2 {
    step {
      workers -= 1
    }
  }
  transition move when zone != Zone.us {
    step {
      zone = Zone.us
    }
  }
}
`;

function project() {
  const dir = tempDir("imports");
  mkdirSync(join(dir, "shared"));
  mkdirSync(join(dir, "pool"));
  writeFileSync(join(dir, "shared/zones.ved"), SHARED);
  writeFileSync(join(dir, "pool/pool.ved"), POOL);
  return dir;
}

test("done when: two files share an enum by import; vedc build writes one self-contained bundle that plain node runs", async () => {
  const dir = project();
  const r = await cli(["build", "pool/pool.ved", "--outdir", "dist"], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  const app = tempDir("imports-app");
  copyFileSync(join(dir, "dist/pool.js"), join(app, "pool.js"));
  writeFileSync(join(app, "main.mjs"), 'import Pool from "./pool.js";\nconst p = Pool.create();\nawait p.start();\nconst s = await p.settled();\nconsole.log(s.status, s.state.zone, s.state.tier, s.state.workers, JSON.stringify(Pool.meta.fields[0].members));\n');
  const main = await run(process.execPath, ["main.mjs"], { cwd: app, env: plainEnv });
  assert.is(main.stderr, "");
  assert.is(main.stdout, 'converged us free 2 ["eu","us"]\n');
});

test("vedc check, emit --ir, verify and run follow imports", async () => {
  const dir = project();
  const checked = await cli(["check", "pool/pool.ved"], { cwd: dir });
  assert.is(checked.status, 0, checked.stderr);
  assert.is(checked.stdout, "pool/pool.ved: ok (Pool)\n");
  const emitted = await cli(["emit", "--ir", "pool/pool.ved"], { cwd: dir });
  assert.is(emitted.status, 0, emitted.stderr);
  const ir = JSON.parse(emitted.stdout);
  assert.equal(ir.enums.map((e) => [e.name, e.members, e.file, e.span.line]), [["Tier", ["free", "paid"], "shared/zones.ved", 3], ["Zone", ["eu", "us"], "shared/zones.ved", 2]]);
  const code = await cli(["emit", "pool/pool.ved"], { cwd: dir });
  assert.is(code.status, 0, code.stderr);
  assert.not.match(code.stdout, /^import .*\.ved/m, "no import of a .ved file at run time");
  assert.match(code.stdout, /^import .*"vedc\/runtime";$/m);
  const verified = await cli(["verify", "pool/pool.ved"], { cwd: dir });
  assert.is(verified.status, 0, verified.stderr + verified.stdout);
  const ran = await cli(["run", "pool/pool.ved"], { cwd: dir });
  assert.is(ran.status, 0, ran.stderr);
  assert.match(ran.stdout, "converged");
  // A file of enums only is a file other files import from: it checks.
  const lib = await cli(["check", "shared/zones.ved"], { cwd: dir });
  assert.is(lib.status, 0, lib.stderr);
});

test("an error in an imported file is reported in that file, with its own code frame, and at the import", async () => {
  const dir = project();
  writeFileSync(join(dir, "shared/zones.ved"), "enum Zone { eu,, us }\n");
  const r = await cli(["check", "pool/pool.ved"], { cwd: dir });
  assert.is(r.status, 1);
  assert.match(r.stderr, "shared/zones.ved:1:16: error VED0003: unexpected ','");
  assert.match(r.stderr, "> 1 | enum Zone { eu,, us }");
  assert.match(r.stderr, "pool/pool.ved:1:28: error VED0124: '../shared/zones.ved' has 1 error; the first: shared/zones.ved:1:16: unexpected ','");
  assert.not.match(r.stderr, "VED0104", "its names are not reported unknown again");
  assert.not.match(r.stderr, "VED0100", "nor the fields of its types");
});

const host = (files) => memoryHost(files);
const codes = (result) => result.diagnostics.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.col} ${d.code} ${d.message}${d.hint ? ` (${d.hint})` : ""}`);
const USE = '\ndomain D {\n  state {\n    zone: Zone\n  }\n}\n';

test("a missing file names the path it resolved to", () => {
  const r = check(`import { Zone } from "./zone.ved"${USE}`, { filename: "app/main.ved", host: host({ "app/zones.ved": "enum Zone { a }" }) });
  assert.equal(codes(r), ["app/main.ved:1:22 VED0120 cannot import from './zone.ved': there is no file app/zone.ved"]);
  assert.equal(r.imports, [{ file: "app/zone.ved", source: null }], "a watcher watches for it to appear");
});

test("a path that is not relative, or not to a .ved file, is refused with an example", () => {
  const r = check(`import { Zone } from "zones"${USE}`, { host: host({}) });
  assert.equal(codes(r), ['input.ved:1:22 VED0120 cannot import from \'zones\': the path must start with ./ or ../ and end with .ved (write it relative to this file, e.g. "./zones.ved")']);
});

test("an unknown imported name suggests the near one; a domain or an imported enum is not importable", () => {
  const files = { "zones.ved": "enum Zone { a }\ndomain Other {\n  state {\n    x: int\n  }\n}", "tiers.ved": 'import { Zone } from "./zones.ved"\nenum Tier { t }' };
  const r = check(`import { Zonne, Other } from "./zones.ved"\nimport { Zone } from "./tiers.ved"${USE}`, { host: host(files) });
  assert.equal(codes(r), [
    "input.ved:1:10 VED0121 './zones.ved' declares no enum 'Zonne' (did you mean 'Zone'?)",
    "input.ved:1:17 VED0121 'Other' in './zones.ved' is a domain: only enums can be imported (a domain is compiled from its own file; import the enums it shares)",
    "input.ved:2:10 VED0121 './tiers.ved' imports 'Zone' but does not declare it (import it from \"./zones.ved\", where it is declared)",
  ]);
});

test("an import cycle shows its chain, located at the import where it closes", () => {
  const files = { "a.ved": 'import { B } from "./b.ved"\nenum A { a }', "b.ved": 'import { A } from "./a.ved"\nenum B { b }' };
  const r = check(`import { A } from "./a.ved"${USE.replace("Zone", "A")}`, { filename: "main.ved", host: host(files) });
  assert.equal(codes(r), ["b.ved:1:19 VED0122 this import closes a cycle: a.ved → b.ved → a.ved (move the enums both files need into a third file that both import)"]);
  const self = check(`import { B } from "./main.ved"\nenum A { a }${USE}`, { filename: "main.ved", host: host({}) });
  assert.equal(codes(self).map((c) => c.split(" (")[0]), ["main.ved:1:19 VED0122 this import closes a cycle: main.ved → main.ved", "main.ved:5:11 VED0104 unknown type 'Zone'"]);
});

test("a name imported twice, or also declared here, is refused", () => {
  const files = { "zones.ved": "enum Zone { a }\nenum Tier { t }" };
  const r = check(`import { Zone, Zone } from "./zones.ved"\nimport { Tier } from "./zones.ved"\nenum Tier { x }${USE}`, { host: host(files) });
  assert.equal(codes(r).map((c) => c.split(" (")[0]), ["input.ved:1:16 VED0123 'Zone' is imported twice", "input.ved:2:10 VED0123 'Tier' is imported, and this file declares an enum of that name too"]);
});

test("a file imported by two others is read and reported once; diagnostics render from their own file's text", () => {
  let reads = 0;
  const files = { "zones.ved": "enum Zone { a, b }\nenum Bad { }", "tiers.ved": 'import { Zone } from "./zones.ved"\nenum Tier { t }' };
  const base = memoryHost(files);
  const counting = { readFile: (p) => (reads++, base.readFile(p)) };
  const r = check(`import { Zone } from "./zones.ved"\nimport { Tier } from "./tiers.ved"${USE}`, { host: counting });
  assert.is(reads, 2);
  const inZones = r.diagnostics.filter((d) => d.file === "zones.ved");
  assert.equal(inZones.map((d) => d.code), ["VED0110"]);
  assert.match(renderDiagnostic(inZones[0], r.imports.find((f) => f.file === "zones.ved").source), "> 2 | enum Bad { }");
});

test("a path that looks like code reaches the generated module only as data", async () => {
  const weird = './x"; globalThis.pwned = 1; /*${1}*/.ved';
  const r = await compile(`import { Zone } from ${JSON.stringify(weird)}${USE}`, { host: memoryHost({ [weird.slice(2)]: "enum Zone { a }" }) });
  assert.ok(r.code, r.diagnostics.map((d) => d.message).join("\n"));
  assert.not.match(r.code, "pwned");
  assert.is(r.ir.enums[0].file, weird.slice(2));
});

test.run();
