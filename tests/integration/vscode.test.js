// The VS Code extension as it ships: editors/vscode is type-checked against
// VS Code's API, bundled with its language client, and packaged into a .vsix
// by @vscode/vsce with no network (in a network namespace of its own); the
// archive holds exactly what the extension runs, and its manifest names the
// entry point, the language, the repository and the license.
import { run, tempDir, test } from "../harness.js";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../helpers.js";

const extension = join(root, "editors/vscode");
const out = tempDir("vscode");
const node = (args, options = {}) => run(process.execPath, args, { cwd: extension, env: { PATH: process.env.PATH, HOME: process.env.HOME }, ...options });

test("the extension's own dependencies are installed (npm ci --prefix editors/vscode)", () => {
  assert.ok(existsSync(join(extension, "node_modules/vscode-languageclient/package.json")), "run npm ci --prefix editors/vscode");
});

test("it type-checks against VS Code's API and bundles its language client", async () => {
  const tsc = await node([join(root, "node_modules/typescript/bin/tsc"), "-p", "."]);
  assert.is(tsc.status, 0, tsc.stdout + tsc.stderr);
  const built = await node(["scripts/build.mjs"]);
  assert.is(built.status, 0, built.stderr);
  const bundle = readFileSync(join(extension, "dist/extension.js"), "utf8");
  assert.match(bundle, 'require("vscode")');
  assert.match(bundle, "--node-ipc", "the language client, with its IPC transport, is in the bundle");
});

test("vsce packages the .vsix offline; it holds exactly what runs, and its manifest is complete", async () => {
  const vsix = join(out, "ved.vsix");
  const vsce = join(root, "node_modules/@vscode/vsce/vsce");
  const packed = await run("unshare", ["-n", process.execPath, vsce, "package", "--no-dependencies", "--out", vsix], { cwd: extension, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  assert.is(packed.status, 0, packed.stdout + packed.stderr);
  assert.not.match(packed.stdout + packed.stderr, /WARNING|LICENSE not found|repository/i);
  const listing = await run("unzip", ["-Z1", vsix]);
  assert.equal(listing.stdout.trim().split("\n").sort(), [
    "[Content_Types].xml",
    "extension.vsixmanifest",
    "extension/LICENSE.txt",
    "extension/dist/extension.js",
    "extension/language-configuration.json",
    "extension/package.json",
    "extension/readme.md",
    "extension/syntaxes/ved.tmLanguage.json",
  ]);
  const unpacked = join(out, "unpacked");
  mkdirSync(unpacked);
  assert.is((await run("unzip", ["-q", vsix, "-d", unpacked])).status, 0);
  const manifest = JSON.parse(readFileSync(join(unpacked, "extension/package.json"), "utf8"));
  assert.is(manifest.main, "./dist/extension.js");
  assert.equal(manifest.activationEvents, ["onLanguage:ved"]);
  assert.equal(manifest.contributes.languages[0].extensions, [".ved"]);
  assert.ok(manifest.dependencies["vscode-languageclient"], "the client is the extension's own dependency");
  assert.match(manifest.repository.url, "github.com/vedc-lang/vedc");
  assert.is(manifest.contributes.configuration.properties["ved.server.path"].type, "string");
  const vsixManifest = readFileSync(join(unpacked, "extension.vsixmanifest"), "utf8");
  assert.match(vsixManifest, /<Identity Language="en-US" Id="ved" Version="[0-9.]+" Publisher="vedc"/);
  assert.match(vsixManifest, 'Path="extension/LICENSE.txt"');
  assert.match(readFileSync(join(unpacked, "extension/LICENSE.txt"), "utf8"), "MIT License");
});

test.run();
