// A .ved file, or its name, can never run code. Every place user text reaches
// generated code is tried with every way out of a string, a comment or a
// name: comment terminators, line terminators, quotes, backticks, `${`,
// `</script>`, U+2028 and U+2029. Each program is compiled, bundled with the
// real esbuild (with a source map) and imported: nothing may run (a global
// flag stays unset), and the module's values must be the source's. Its
// `.d.ts` and `.d.ved.ts` must stay valid TypeScript (the TypeScript compiler,
// in this process).
import { tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import ts from "typescript";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundle, check, compile, emitDeclarations, readRuntimeTypes } from "../lib/compiler/index.js";
import { emitImportTypes } from "../lib/compiler/4-emit/import-types.js";
import { cli } from "./helpers.js";

const FLAG = "__vedInjected";
const runtimeTypes = await readRuntimeTypes();
const runtimeModule = fileURLToPath(new URL("../lib/runtime/index.js", import.meta.url));

/** Texts that try to leave whatever they are put in, and set the flag. */
const PAYLOADS = [
  `*/ globalThis.${FLAG} = "block comment"; /*`,
  `*/ } globalThis.${FLAG} = "doc comment"; interface Z { /*`,
  `/* */ */ globalThis.${FLAG} = "nested"; /*`,
  `\nglobalThis.${FLAG} = "newline"; //`,
  `\rglobalThis.${FLAG} = "carriage return"; //`,
  `\r\nglobalThis.${FLAG} = "crlf"; //`,
  `\u2028globalThis.${FLAG} = "line separator"; //`,
  `\u2029globalThis.${FLAG} = "paragraph separator"; //`,
  `" + (globalThis.${FLAG} = "double quote") + "`,
  `' + (globalThis.${FLAG} = 'single quote') + '`,
  "` + (globalThis." + FLAG + " = 'backtick') + `",
  "${globalThis." + FLAG + " = 'template'}",
  `\\" + (globalThis.${FLAG} = "backslash") + \\"`,
  `</script><script>globalThis.${FLAG} = "script"</script>`,
  // (NUL is refused in a Ved string: VED0010.)
  `\u202e\u2066 globalThis.${FLAG} = "bidi" \u0001\u0007\u001b[2J\u0085\ufeff`,
];

/** `value` as a Ved string literal; `raw` keeps U+2028 and U+2029 as they are (Ved allows them in a string). */
function vedString(value, { raw = false } = {}) {
  const escaped = [...value]
    .map((c) => {
      if (c === "\\") return "\\\\";
      if (c === '"') return '\\"';
      if (c === "\n") return "\\n";
      if (c === "\r") return "\\r";
      if (c === "\t") return "\\t";
      const code = c.codePointAt(0);
      if (raw && (code === 0x2028 || code === 0x2029)) return c;
      return code < 0x20 || code > 0x7e ? `\\u{${code.toString(16)}}` : c;
    })
    .join("");
  return `"${escaped}"`;
}

/** A domain putting `text` everywhere a string can go. */
function stringProgram(text, options) {
  const lit = vedString(text, options);
  return `enum Mode { idle, busy }
domain Hostile {
  state {
    note: string = ${lit}
    mode: Mode = Mode.idle
    count: int
  }
  param label: string = ${lit}
  param zero: int = 0
  let both = note + label
  effect say(text: string)
  invariant same_length: note != ${lit} + "!"
  goal done: count == 1
  transition write {
    step {
      let copy = ${lit}
      if count == 0 {
        count = 1
        note = copy
        say(${lit})
      }
    }
  }
  transition fail when count == 5 {
    step {
      count = count / zero
    }
  }
}
`;
}

/** Compiles `source` as `filename`, bundles it with a source map, and imports the bundle. */
async function build(source, filename = "hostile.ved", { typed = false } = {}) {
  const compiled = await compile(source, { filename });
  assert.equal(compiled.diagnostics.filter((d) => d.severity === "error"), [], "it compiles");
  const outfile = `${basename(filename)}.js`;
  const bundled = await bundle(compiled.code, { outfile, sourcemap: true, moduleMap: compiled.map });
  delete globalThis[FLAG];
  const module = await import(`data:text/javascript;base64,${Buffer.from(bundled.code).toString("base64")}`);
  assert.is(globalThis[FLAG], undefined, "importing the bundle runs nothing of the source's");
  // The module again, importing the runtime by its path, for the TypeScript compiler to check.
  return { compiled, bundled, module, outfile, typed: typed ? await compile(source, { filename, runtimeModule }) : null };
}

/** Every generated TypeScript file of the tests, type-checked together at the end. */
const typescriptFiles = new Map();
function addTypeScript(name, text) {
  typescriptFiles.set(`/virtual/${typescriptFiles.size}/${name}`, text);
}
/**
 * The declarations of `ir`: the import's `.d.ved.ts` always; with `bundle`
 * the bundle's `.d.ts` too (the same interfaces, with the runtime's types
 * copied in, and the header); with `all`, also the lambda bundle's `.d.ts` and
 * the module itself (whose validity its bundling and import already show).
 */
async function addAllTypeScript(ir, typed, { bundle = false, all = false } = {}) {
  addTypeScript("types.d.ved.ts", emitImportTypes(ir, runtimeModule));
  if (bundle || all) addTypeScript("bundle.d.ts", await emitDeclarations(ir, runtimeTypes));
  if (!all) return;
  addTypeScript("module.ts", typed.code);
  addTypeScript("lambda.d.ts", await emitDeclarations(ir, runtimeTypes, "lambda"));
}

for (const [i, text] of PAYLOADS.entries()) {
  for (const raw of /[\u2028\u2029]/.test(text) ? [false, true] : [false]) {
    test(`a string value cannot escape its literal or a comment: payload ${i + 1}${raw ? " (raw separators)" : ""}`, async () => {
      const source = stringProgram(text, { raw });
      const { compiled, module, typed } = await build(source, "hostile.ved", { typed: i === 0 });
      const Hostile = module.Hostile;
      // The values are the source's, wherever they went.
      assert.is(Hostile.meta.fields[0].initial, text);
      assert.is(Hostile.initial().note, text);
      assert.is(Hostile.params().label, text);
      assert.is(Hostile.meta.params[0].default, text);
      assert.equal(Hostile.meta.fields[1].members, ["idle", "busy"]);
      assert.is(Hostile.meta.invariants[0].text, `note != ${vedString(text, { raw })} + "!"`);
      const run = Hostile.reconcile({});
      assert.is(run.status, "converged");
      assert.is(run.state.note, text);
      assert.equal(run.effects, [{ name: "say", args: { text } }]);
      const lines = source.split("\n");
      const line = lines.findIndex((l) => l.includes("count / zero"));
      assert.ok(Hostile.reconcile({ count: 5 }).error.message.includes(`hostile.ved:${line + 1}:${lines[line].indexOf("count / zero") + 1}`), "sites keep their lines");
      // Nothing of the payload's code is code: the flag's name appears only inside string literals.
      assert.is(globalThis[FLAG], undefined);
      await addAllTypeScript(compiled.ir, typed, { all: i === 0 });
    });
  }
}

/** A domain putting `text` in every run of interpolated strings: between holes, before and after them, in one nested in another. */
function interpolationProgram(text, options) {
  const body = vedString(text, options).slice(1, -1);
  return `enum Mode { idle, busy }
domain HostileText {
  state {
    note: string
    mode: Mode
    count: int
    wait: duration = 90s
  }
  effect say(text: string)
  invariant shown: "\\(count)" != "${body}\\(mode)${body}"
  goal done: count == 1
  transition write when count == 0 {
    step {
      note = "${body}\\(mode)${body}\\(count + 1)${body}\\(wait)${body}\\("${body}\\(mode)")${body}"
      count = 1
      say("\\(note)${body}")
    }
  }
}
`;
}

for (const [i, text] of PAYLOADS.entries()) {
  for (const raw of /[\u2028\u2029]/.test(text) ? [false, true] : [false]) {
    test(`an interpolated string's text cannot escape it, nor the comments and meta its condition reaches: payload ${i + 1}${raw ? " (raw separators)" : ""}`, async () => {
      const { compiled, module } = await build(interpolationProgram(text, { raw }));
      const Hostile = module.HostileText;
      const body = vedString(text, { raw }).slice(1, -1);
      assert.is(Hostile.meta.invariants[0].text, `"\\(count)" != "${body}\\(mode)${body}"`);
      const run = Hostile.reconcile({});
      assert.is(run.status, "converged");
      const note = `${text}idle${text}1${text}1m30s${text}${text}idle${text}`;
      assert.is(run.state.note, note);
      assert.equal(run.effects, [{ name: "say", args: { text: `${note}${text}` } }]);
      assert.is(globalThis[FLAG], undefined);
      await addAllTypeScript(compiled.ir, null);
    });
  }
}

/** File names that try to leave the header comment, the source map comment or a string. */
const FILE_NAMES = [
  `evil\nglobalThis.${FLAG} = "newline"; //.ved`,
  `evil\rglobalThis.${FLAG} = "cr"; //.ved`,
  `evil\u2028globalThis.${FLAG} = "ls"; //.ved`,
  `evil */ globalThis.${FLAG} = "block"; /*.ved`,
  `dir/" + (globalThis.${FLAG} = "quote") + "'\`\${x}.ved`,
  `</script><script>globalThis.${FLAG} = 1</script>.ved`,
  `100% #fragment ?query \\back.ved`,
];

for (const [i, filename] of FILE_NAMES.entries()) {
  test(`a file name cannot escape the header, a site or the source map comment: name ${i + 1}`, async () => {
    const source = "domain Named {\n  state {\n    x: int\n  }\n  param zero: int = 0\n  goal x == 1\n  transition t {\n    step {\n      x = 1 / zero\n    }\n  }\n}\n";
    const { compiled, bundled, module, outfile, typed } = await build(source, filename);
    assert.is(module.Named.meta.file, filename);
    assert.ok(module.Named.reconcile({}).error.message.includes(`${filename}:9:11`), "run-time errors name the file as given");
    assert.equal(JSON.parse(compiled.map).sources, [filename]);
    // The bundle ends by naming its map: one line, a relative URL that decodes to the map's name.
    const last = bundled.code.trimEnd().split("\n").pop();
    const url = /^\/\/# sourceMappingURL=([A-Za-z0-9\-_.!~*'()%]+)$/.exec(last);
    assert.ok(url, `the source map comment is one clean line: ${JSON.stringify(last)}`);
    assert.is(decodeURIComponent(url[1]), `${outfile}.map`);
    // The module's header comment is one line.
    assert.is(compiled.code.split("\n")[1], 'import * as $rt from "vedc/runtime";');
    await addAllTypeScript(compiled.ir, typed, { bundle: true });
  });
}

test("vedc build --sourcemap: a file name cannot end the comment naming the map", async () => {
  const dir = tempDir("injection");
  // The map's name is the bundle's plus `.map`: after a newline, `globalThis.js.map` would end the code.
  const name = `evil % \u2028\nglobalThis.${FLAG} = "cli"; globalThis`;
  writeFileSync(join(dir, `${name}.ved`), "domain Named {\n  state {\n    x: int\n  }\n  goal x == 1\n  transition t {\n    step {\n      x = 1\n    }\n  }\n}\n");
  const built = await cli(["build", `${name}.ved`, "--sourcemap", "-o", "dist"], { cwd: dir });
  assert.is(built.status, 0, built.stderr);
  const js = join(dir, "dist", `${name}.js`);
  delete globalThis[FLAG];
  const module = await import(pathToFileURL(js).href);
  assert.is(globalThis[FLAG], undefined, "importing the bundle runs nothing of the file's name");
  assert.is(module.Named.meta.file, `${name}.ved`);
  const last = readFileSync(js, "utf8").trimEnd().split("\n").pop();
  const url = /^\/\/# sourceMappingURL=([A-Za-z0-9\-_.!~*'()%]+)$/.exec(last);
  assert.ok(url, JSON.stringify(last));
  assert.ok(existsSync(join(dir, "dist", decodeURIComponent(url[1]))), "the comment names the map written beside the bundle");
});

/**
 * Names that are the generated code's own, JavaScript's reserved words and
 * globals, the runtime's types, or each other's interface names. Ved names
 * cannot hold anything but letters, digits and `_`: what they can do is
 * collide, and none may.
 */
const DOMAIN_NAMES = [
  "rt", "d", "l", "s", "p", "fx", "a", "b", "Math", "Readonly", "Object", "require", "vedcRequire", "module", "exports",
  "globalThis", "undefined", "NaN", "eval", "arguments", "constructor", "prototype", "toString", "hasOwnProperty", "then",
  "class", "function", "new", "delete", "return", "var", "const", "import", "export", "await", "yield", "static",
  "this", "super", "null", "typeof", "void", "in", "of", "Domain", "Store", "Instance", "Value", "State", "Metrics", "Fleet",
  "X", "XState", "XParams", "XEffects", "XStateState", "let_X_y", "d_X",
];
const VALUE_NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "then", "s", "p", "fx", "rt", "Math", "class", "in", "l", "d", "a", "b"];
const MEMBERS = ["constructor", "toString", "valueOf", "then", "prototype", "length", "class", "null"];

function namesProgram() {
  let source = `enum Tricky { ${MEMBERS.join(", ")} }\n`;
  for (const name of DOMAIN_NAMES) {
    const fields = VALUE_NAMES.map((n, i) => `    ${n}: int = ${i}`).join("\n");
    source += `domain ${name} {
  state {
${fields}
    tricky: Tricky = Tricky.then
  }
  param s_p: int = 7
  let rt_let = s + p + s_p
  let Math_let = rt_let * 2
  effect toString(valueOf: int, constructor: string)
  invariant constructor: s >= 0
  goal toString: s == 7
  goal then: tricky == Tricky.null
  transition constructor when s != 7 {
    step {
      let fx_local = Math_let
      let Readonly = fx_local - Math_let + 7
      s = Readonly
      tricky = Tricky.null
      toString(s, "x")
    }
  }
}
`;
  }
  return source;
}

test("no name in a .ved file can collide with a generated name, a global or another export", async () => {
  const { compiled, module, typed } = await build(namesProgram(), "names.ved");
  for (const name of DOMAIN_NAMES) {
    const domain = module[name];
    assert.is(domain?.meta?.name, name, `domain ${name} is exported under its name`);
    assert.equal(domain.meta.fields.map((f) => f.name), [...VALUE_NAMES, "tricky"]);
    assert.equal(Object.keys(domain.initial()), [...VALUE_NAMES, "tricky"]);
    assert.equal(domain.initial().then, VALUE_NAMES.indexOf("then"));
    assert.equal(domain.meta.fields.at(-1).members, MEMBERS);
    assert.equal(domain.params(), { s_p: 7 });
    const run = domain.reconcile({});
    assert.is(run.status, "converged", `${name}: ${run.error?.message}`);
    // The step: fx_local = Math_let, Readonly = fx_local - Math_let + 7, so s becomes 7.
    assert.is(run.state.s, 7);
    assert.is(run.state.tricky, "null");
    assert.equal(run.transitions, ["constructor"]);
    assert.equal(run.effects, [{ name: "toString", args: { valueOf: 7, constructor: "x" } }]);
    assert.equal(domain.meta.goals.map((g) => g.name), ["toString", "then"]);
    assert.equal(domain.meta.invariants.map((g) => g.name), ["constructor"]);
    assert.equal(domain.meta.effects, [{ name: "toString", params: [{ name: "valueOf", type: "int" }, { name: "constructor", type: "string" }] }]);
  }
  assert.is(module.default, undefined, "a file of many domains has no default export");
  assert.is(typeof module.fileStore, "function");
  assert.is(typeof module.memoryStore, "function");
  await addAllTypeScript(compiled.ir, typed, { bundle: true });
});

test("a lone domain named default is the default export, and the names the bundle exports are refused", async () => {
  const { module } = await build("domain default {\n  state {\n    x: int\n  }\n  goal x == 0\n}\n", "default.ved");
  assert.is(module.default.meta.name, "default");
  for (const name of ["fileStore", "memoryStore"]) {
    const { diagnostics } = check(`domain ${name} {\n  state {\n    x: int\n  }\n}\n`);
    assert.equal(diagnostics.map((d) => d.code), ["VED0105"]);
  }
  assert.equal(check("enum E { __proto__ }\ndomain D {\n  state {\n    x: int\n  }\n}\n").diagnostics.map((d) => d.code), ["VED0105"]);
});

test("no type the bundle's .d.ts copies from the runtime can share a name with a domain's interfaces", () => {
  // A domain X declares XState, XParams and XEffects beside the runtime's types in one .d.ts.
  const names = [...runtimeTypes.matchAll(/^export (?:declare )?(?:interface|type|class|function|const) (\w+)/gm)].map((m) => m[1]);
  assert.ok(names.includes("Domain") && names.includes("Store"), names.join(", "));
  // `State` itself is safe: no domain has an empty name.
  assert.equal(names.filter((n) => /.(State|Params|Effects)$/.test(n)), []);
});

test("comments in the source never reach generated code", async () => {
  const source = `// */ globalThis.${FLAG} = "line"; /*
/* \u2028 globalThis.${FLAG} = "block"; \r globalThis.${FLAG} = "cr"; // */
domain Commented { // \\r globalThis.${FLAG} = 1; \`\${x}\` </script>
  state {
    x: int // */ globalThis.${FLAG} = 2; /*
  }
  goal x == 1 // "); globalThis.${FLAG} = 3; ("
  transition t {
    step {
      x = 1 /* \u2029 globalThis.${FLAG} = 4; */
    }
  }
}
`;
  const { compiled, bundled, module } = await build(source);
  assert.is(module.Commented.reconcile({}).state.x, 1);
  assert.not.match(compiled.code, FLAG);
  assert.not.match(bundled.code, FLAG);
});

test("every declaration file and module above is valid TypeScript, its docs still attached", () => {
  assert.ok(typescriptFiles.size > PAYLOADS.length + FILE_NAMES.length * 2, "the other tests ran first and added their files");
  const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: false, skipDefaultLibCheck: true, types: ["node"] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (typescriptFiles.has(name) ? ts.createSourceFile(name, typescriptFiles.get(name), language, true) : getSourceFile(name, language, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => typescriptFiles.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => typescriptFiles.get(name) ?? readFile(name);
  const program = ts.createProgram([...typescriptFiles.keys()], options, host);
  const checker = program.getTypeChecker();
  for (const name of typescriptFiles.keys()) {
    const file = program.getSourceFile(name);
    const problems = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.equal(problems, [], `${name} is valid TypeScript`);
    // Every doc comment of a Hostile interface member is still one comment, on its member.
    file.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || node.name.text !== "HostileState") return;
      const docs = node.members.map((m) => ts.displayPartsToString(checker.getSymbolAtLocation(m.name).getDocumentationComment(checker)));
      assert.equal(node.members.map((m) => m.name.text), ["note", "mode", "count"]);
      assert.ok(docs[0].startsWith("string, initially "), docs[0]);
      assert.equal(docs.slice(1), ['Mode, initially "idle"', "int, initially 0"]);
    });
  }
}, { timeout: 120_000 });

test.run();
