// The documentation, README.md and docs/*.md, kept true:
// - every ```ved block compiles with no diagnostic at all, and every
//   ```ved broken VEDxxxx... block fails with exactly the error codes it names,
//   a ```ved warns VEDxxxx... block compiles with exactly the warnings it names
//   (the marker is documented at the top of docs/language.md);
// - the README shows the seed's program, examples/worker-pool.ved, as
//   `vedc fmt` lays it out, and stays a front door (at most 200 lines);
// - every relative link and image resolves to a file, every #anchor to a
//   heading (GitHub's slugs), and every repository path named in code
//   (`runtime/instance.ts`) exists, or is one the repository ignores;
// - every page of docs/ links back to the README, and the README to it.
// Markdown is read with marked's lexer, not with regular expressions, so that
// a fence inside a list or a link inside a table is seen as GitHub sees it.
import * as assert from "uvu/assert";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { marked } from "marked";
import GithubSlugger from "github-slugger";
import { check, formatSource, memoryHost } from "../lib/compiler/index.js";
import { test } from "./harness.js";
import { root } from "./helpers.js";

const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];

/** Each page's text, tokens and heading slugs, read once. */
const docs = new Map(pages.map((page) => [page, read(page)]));

function read(page) {
  const text = readFileSync(join(root, page), "utf8");
  const tokens = [];
  marked.walkTokens(marked.lexer(text), (token) => void tokens.push(token));
  const slugger = new GithubSlugger();
  const slugs = new Set(tokens.filter((t) => t.type === "heading").map((t) => slugger.slug(plainText(t.tokens))));
  return { text, tokens, slugs };
}

/** A heading's text as GitHub renders it, from which it takes the slug: code spans, links and emphasis reduced to their text. */
function plainText(tokens) {
  return tokens.map((t) => (t.tokens ? plainText(t.tokens) : t.text)).join("");
}

/** The line a code block starts on, for messages. */
function lineOf(text, token) {
  return text.slice(0, text.indexOf(token.text)).split("\n").length - 1;
}

/**
 * Every ```ved block: where it is, its source, and, for `ved broken`, the
 * error codes it must fail with. A block named `ved file=shared.ved` is a
 * file the page's other blocks import ("./shared.ved"); it is compiled under
 * that name, and a page gives each name one text.
 */
function vedBlocks() {
  const blocks = [];
  for (const [page, { text, tokens }] of docs) {
    const files = new Map();
    for (const token of tokens) {
      if (token.type !== "code" || token.codeBlockStyle === "indented") continue;
      const words = (token.lang ?? "").trim().split(/\s+/);
      const named = words[1]?.startsWith("file=") ? words.splice(1, 1)[0].slice("file=".length) : null;
      const [language, marker, ...codes] = words;
      if (language !== "ved") continue;
      const where = `${page}:${lineOf(text, token)}`;
      const filename = named ? join(dirname(page), named) : where;
      if (named && files.has(filename) && files.get(filename) !== token.text) throw new Error(`${where}: ${named} is named twice on ${page}, with different text`);
      if (named) files.set(filename, token.text);
      blocks.push({ where, page, filename, source: token.text, marker, codes, files });
    }
  }
  return blocks;
}

/** A block's diagnostics: its own; those of the files it imports only when it has none (an import cycle is reported where it closes). */
function diagnosticsOf({ source, filename, files }) {
  const all = check(source, { filename, host: memoryHost(files) }).diagnostics;
  const own = all.filter((d) => d.file === filename);
  return own.length > 0 ? own : all;
}

test("every ```ved block in the README and docs/ compiles without a diagnostic", () => {
  const blocks = vedBlocks().filter((b) => b.marker === undefined);
  assert.ok(blocks.filter((b) => b.page === "README.md").length >= 1, "the README shows no ved block");
  assert.ok(blocks.filter((b) => b.page === "docs/language.md").length >= 8, "docs/language.md shows fewer than 8 programs");
  const problems = blocks.flatMap((block) => diagnosticsOf(block).map((d) => `${block.where}: ${d.code} ${d.message}`));
  assert.equal(problems, []);
});

test("every ```ved warns block compiles with exactly the warnings it names, and no error", () => {
  const problems = [];
  for (const block of vedBlocks().filter((b) => b.marker === "warns")) {
    const { where, codes } = block;
    const found = diagnosticsOf(block).map((d) => `${d.severity} ${d.code}`);
    if (found.join() !== codes.map((c) => `warning ${c}`).join()) problems.push(`${where}: marked warns ${codes.join(" ")}, but reports ${found.join(", ") || "nothing"}`);
  }
  assert.equal(problems, []);
});

test("every ```ved broken block fails to compile with exactly the error codes it names", () => {
  const blocks = vedBlocks().filter((b) => b.marker !== undefined && b.marker !== "warns");
  assert.ok(blocks.length >= 1, "no ved broken block: the marker is documented, so one should show it");
  const problems = [];
  for (const block of blocks) {
    const { where, marker, codes } = block;
    if (marker !== "broken") problems.push(`${where}: a ved block may be marked only "broken" or "warns", then the codes, not "${marker}"`);
    else if (codes.length === 0 || !codes.every((c) => /^VED\d{4}$/.test(c))) problems.push(`${where}: name the codes it fails with, as in \`\`\`ved broken VED0100`);
    else {
      const errors = diagnosticsOf(block).filter((d) => d.severity === "error").map((d) => d.code);
      if (errors.length === 0) problems.push(`${where}: marked broken ${codes.join(" ")}, but it compiles`);
      else if (errors.join() !== codes.join()) problems.push(`${where}: marked broken ${codes.join(" ")}, but fails with ${errors.join(" ")}`);
    }
  }
  assert.equal(problems, []);
});

test("the README shows the seed's program, examples/worker-pool.ved, as vedc fmt lays it out", async () => {
  const seed = readFileSync(join(root, "examples/worker-pool.ved"), "utf8");
  const { formatted } = await formatSource(seed);
  assert.is(vedBlocks().find((b) => b.page === "README.md").source + "\n", formatted);
});

test("the README is a front door: at most 200 lines", () => {
  const lines = docs.get("README.md").text.split("\n").length - 1;
  assert.ok(lines <= 200, `README.md has ${lines} lines: move detail into docs/`);
});

test("every relative link and image in the README and docs/ resolves, #anchors included", () => {
  const problems = [];
  let checked = 0;
  for (const [page, { tokens }] of docs) {
    for (const token of tokens) {
      if ((token.type !== "link" && token.type !== "image") || /^[a-z][a-z0-9+.-]*:/i.test(token.href)) continue;
      checked++;
      const [path, anchor] = token.href.split("#");
      const target = path === "" ? page : normalize(join(dirname(page), decodeURIComponent(path)));
      const link = `${page}: [${token.text}](${token.href})`;
      if (!existsSync(join(root, target))) problems.push(`${link}: no file ${target}`);
      else if (anchor !== undefined && !target.endsWith(".md")) problems.push(`${link}: an anchor into a file that is not markdown`);
      else if (anchor !== undefined && !(docs.get(target) ?? read(target)).slugs.has(anchor)) problems.push(`${link}: no heading #${anchor} in ${target}`);
    }
  }
  assert.equal(problems, []);
  assert.ok(checked > 50, `only ${checked} links checked`);
});

test("every repository path the docs name in code exists, or is one the repository ignores", () => {
  const ignored = readFileSync(join(root, ".gitignore"), "utf8").split("\n").map((l) => l.trim().replace(/^\//, "")).filter(Boolean);
  const isIgnored = (path) => ignored.some((i) => path === i || path.startsWith(i.endsWith("/") ? i : `${i}/`));
  const repoPath = /^(?:bench|bin|compiler|docs|editors|examples|runtime|tests)\/[\w./-]*$/;
  const named = [...docs].flatMap(([page, { tokens }]) => tokens.filter((t) => t.type === "codespan" && repoPath.test(t.text)).map((t) => [page, t.text]));
  const problems = named.filter(([, path]) => !existsSync(join(root, path)) && !isIgnored(path)).map(([page, path]) => `${page}: \`${path}\` does not exist`);
  assert.equal(problems, []);
  assert.ok(named.length > 50, `only ${named.length} paths checked`);
});

test("every page of docs/ links back to the README, and the README links to every page", () => {
  const linksOf = (page) => docs.get(page).tokens.filter((t) => t.type === "link").map((t) => normalize(join(dirname(page), t.href.split("#")[0] || page)));
  const fromReadme = new Set(linksOf("README.md"));
  for (const page of pages.filter((p) => p !== "README.md")) {
    assert.ok(linksOf(page).includes("README.md"), `${page} does not link back to the README`);
    assert.ok(fromReadme.has(page), `the README does not link to ${page}`);
  }
});

test.run();
