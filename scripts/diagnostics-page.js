// docs/diagnostics.md from the table of diagnostics (compiler/diagnostics/messages.ts):
// the page's hand-written introduction stays; everything after the marker is
// generated. `npm run docs:diagnostics` rewrites the page; a test checks that
// the page in the repository is what this writes.
//
//   node scripts/diagnostics-page.js          rewrite docs/diagnostics.md
//   node scripts/diagnostics-page.js --check  exit 1 if it is stale
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { check, memoryHost, MESSAGES } from "../lib/compiler/index.js";

export const PAGE = fileURLToPath(new URL("../docs/diagnostics.md", import.meta.url));
export const MARKER = "<!-- Generated from compiler/diagnostics/messages.ts by `npm run docs:diagnostics`: edit the table there, not the page below. -->";

const GROUPS = [
  { prefix: "VED00", title: "Reading the source (00xx)" },
  { prefix: "VED01", title: "Names (01xx)" },
  { prefix: "VED02", title: "Types (02xx)" },
  { prefix: "VED03", title: "Warnings (03xx)", intro: "Warnings never stop a build." },
];

/** Text as one Markdown code span, whatever backticks it holds. */
function code(text) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: a pipe would end it. */
const cell = (text) => text.replaceAll("|", "\\|");

/** The wordings of an entry: one, or one for each form. */
function formsOf(entry) {
  return entry.forms ? Object.entries(entry.forms) : [["", entry]];
}

function section(code_, entry) {
  const lines = [`### ${code_}`, "", `${entry.severity}: ${entry.what}. For example: ${entry.example}.`, ""];
  const forms = formsOf(entry);
  lines.push(forms.length > 1 ? "| form | message | hint |" : "| message | hint |", forms.length > 1 ? "|---|---|---|" : "|---|---|");
  for (const [name, form] of forms) {
    const row = [cell(code(form.message)), form.hint === undefined ? "—" : cell(code(form.hint))];
    lines.push(`| ${(forms.length > 1 ? [name, ...row] : row).join(" | ")} |`);
  }
  if (entry.program !== undefined) {
    const marker = entry.severity === "warning" ? "warns" : "broken";
    // A program that imports shows its files first, each named (docs/language.md says how the docs test reads `file=`).
    const host = memoryHost({ ...entry.files, [`${code_}.ved`]: entry.program });
    for (const [name, text] of Object.entries(entry.files ?? {})) {
      const all = check(text, { filename: name, host }).diagnostics.filter((d) => d.severity === "error");
      const own = all.filter((d) => d.file === name);
      const errors = own.length > 0 ? own : all;
      lines.push("", `\`\`\`ved file=${name}${errors.length ? ` broken ${errors.map((d) => d.code).join(" ")}` : ""}`, text, "```");
    }
    lines.push("", `\`\`\`ved ${entry.files ? `file=${code_}.ved ` : ""}${marker} ${code_}`, entry.program, "```");
  }
  return lines.join("\n");
}

/** The generated part of the page. */
export function generated() {
  const entries = Object.entries(MESSAGES);
  const parts = [MARKER];
  for (const { prefix, title, intro } of GROUPS) {
    const group = entries.filter(([c]) => c.startsWith(prefix));
    parts.push(`## ${title}`);
    if (intro) parts.push(intro);
    parts.push(["| code | what | example |", "|---|---|---|", ...group.map(([c, e]) => `| ${c} | ${cell(e.what)} | ${cell(e.example)} |`)].join("\n"));
  }
  parts.push(
    "## Every code: its messages, hints and an example",
    "A message or hint shows its holes as `{name}`: the compiler fills them in. A hint that is all one hole (`{suggestion}`) is worked out where it is reported (the closest name, or the names there are). Each program below is compiled by the docs test and must report exactly its code.",
  );
  for (const [c, e] of entries) parts.push(section(c, e));
  return parts.join("\n\n") + "\n";
}

/** The page as it should be: its introduction as written, then the generated part. */
export function page(current = readFileSync(PAGE, "utf8")) {
  const at = current.indexOf(MARKER);
  if (at < 0) throw new Error(`${PAGE} has no marker line: the generated part starts at it`);
  return current.slice(0, at) + generated();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = readFileSync(PAGE, "utf8");
  const fresh = page(current);
  if (process.argv.includes("--check")) {
    if (fresh !== current) {
      process.stderr.write("docs/diagnostics.md is stale: run npm run docs:diagnostics\n");
      process.exit(1);
    }
  } else if (fresh !== current) writeFileSync(PAGE, fresh);
}
