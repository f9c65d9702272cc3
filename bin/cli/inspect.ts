// vedc inspect and vedc history: what a store holds, read beside a live
// controller without disturbing it (no lock, no lease, nothing written).
// Without an id, inspect prints a table of every instance; with one, that
// instance's state, goals, last transitions and outbox. history prints an
// instance's journal in the words of `vedc run`.
import { detail, history, summarize, type HistoryLine, type InstanceDetail, type InstanceSummary } from "../../runtime/observability/inspect.js";
import { showState, typesOf } from "../../runtime/trace.js";
import { ago, ownerText, statusText } from "./console/words.js";
import { UserError, type Io } from "./io.js";
import { domainsOf, loadDomains, openReader, reading, type StoreFlags } from "./store-option.js";

export interface InspectFlags extends StoreFlags {
  json?: boolean;
}

export async function inspectCommand(id: string | undefined, flags: InspectFlags, io: Io): Promise<number> {
  const domains = domainsOf(await loadDomains(flags.domain, io));
  const reader = await openReader(flags, io);
  try {
    if (id === undefined) {
      const started = performance.now();
      const instances = (await reading(() => reader.list())).map((s) => summarize(s, domains));
      const ms = performance.now() - started;
      if (flags.json) io.stdout.write(JSON.stringify({ store: reader.where, instances }, null, 2) + "\n");
      else io.stdout.write(table(reader.where, instances, domains.size > 0, ms));
      return 0;
    }
    const stored = await reading(() => reader.read(id));
    if (stored === null) throw new UserError(`the store at ${reader.where} has no instance '${id}'`);
    const d = detail(stored, domains);
    if (flags.json) io.stdout.write(JSON.stringify({ store: reader.where, ...d }, null, 2) + "\n");
    else io.stdout.write(describe(reader.where, d, domains.get(d.domain)?.meta));
    return 0;
  } finally {
    await reader.close();
  }
}

export async function historyCommand(id: string, flags: InspectFlags, io: Io): Promise<number> {
  const domains = domainsOf(await loadDomains(flags.domain, io));
  const reader = await openReader(flags, io);
  try {
    const stored = await reading(() => reader.read(id));
    if (stored === null) throw new UserError(`the store at ${reader.where} has no instance '${id}'`);
    const lines = history(stored, domains);
    if (flags.json) {
      io.stdout.write(JSON.stringify({ store: reader.where, id: stored.id, domain: stored.domain, firstKept: stored.firstKept, records: stored.records, lines }, null, 2) + "\n");
      return 0;
    }
    const out = [`${stored.domain} '${stored.id}' in ${reader.where}`];
    if (stored.problem) out.push(`  cannot be read: ${stored.problem}`);
    if (stored.base) out.push(`  records before ${stored.firstKept} are folded into a snapshot, at tick ${stored.base.ticks}: ${showState(stored.base.state)}`);
    if (!domains.has(stored.domain)) out.push(`  (without the domain, goals are not shown: pass --domain <file.ved>)`);
    for (const line of lines) out.push(historyLine(line));
    io.stdout.write(out.join("\n") + "\n");
    return 0;
  } finally {
    await reader.close();
  }
}

function historyLine(line: HistoryLine): string {
  return `${line.at === null ? "".padEnd(24) : new Date(line.at).toISOString()}  ${line.text}`;
}

function table(where: string, rows: InstanceSummary[], judged: boolean, ms: number): string {
  const head = ["ID", "DOMAIN", "STATUS", "FAILING", "TICKS", "LAST CHANGE", "OWED", "FAILED", "OWNER"];
  const now = Date.now();
  const body = rows.map((r) => [r.id, r.domain, statusText(r, now), r.failing.join(" && ") || "-", String(r.ticks), ago(r.lastChange, now), String(r.owed), String(r.failedEffects), ownerText(r.owner, now)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const numeric = new Set([4, 6, 7]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  const out = [`${rows.length} instance${rows.length === 1 ? "" : "s"} in ${where} (read in ${Math.round(ms)} ms)`];
  if (rows.length > 0) out.push(line(head), ...body.map(line));
  for (const r of rows) if (r.problem) out.push(`${r.id}: ${r.problem}`);
  if (!judged && rows.length > 0) out.push("status needs the domain: pass --domain <file.ved> (or a built module) to judge each state by its goals");
  return out.join("\n") + "\n";
}

function describe(where: string, d: InstanceDetail, meta: Parameters<typeof typesOf>[0] | undefined): string {
  const now = Date.now();
  const types = meta ? typesOf(meta) : undefined;
  const out = [`${d.id} (${d.domain}) in ${where}`];
  const status =
    d.status === "stuck"
      ? "stuck: no transition can change the state, nor will as time passes"
      : d.status === "converging"
        ? `converging: next ${d.next}`
        : d.status === "waiting"
          ? `${statusText(d, now)}: no transition is valid before then`
          : d.status === "unknown"
            ? "unknown: pass --domain <file.ved> to judge the state by its goals"
            : statusText(d, now);
  out.push(`  status   ${status}`);
  if (d.problem) out.push(`  problem  ${d.problem}`);
  out.push(`  owner    ${ownerText(d.owner, now)}`);
  out.push(`  ticks    ${d.ticks} (record ${d.seq}${d.lastChange === null ? "" : `, last change ${new Date(d.lastChange).toISOString()}, ${ago(d.lastChange, now)}`})`);
  if (d.state) out.push(`  state    ${showState(d.state, types)}`);
  if (d.params && Object.keys(d.params).length > 0) out.push(`  params   ${showState(d.params, types)}`);
  if (d.goals.length > 0) {
    out.push("  goals");
    for (const g of d.goals) out.push(`    ${g.holds === null ? "?" : g.holds ? "holds" : "FAILS"}  ${g.name ? `${g.name}: ` : ""}${g.text}`);
  }
  if (d.transitions.length > 0) {
    out.push(`  last transitions${d.firstKept > 1 ? ` (since record ${d.firstKept})` : ""}`);
    for (const t of d.transitions) out.push(`    ${historyLine({ ...t, text: t.text.trim() })}`);
  }
  out.push(d.outbox.length === 0 ? "  outbox   empty" : `  outbox   ${d.outbox.length} owed`);
  for (const e of d.outbox) {
    const tried = e.failedAttempts > 0 ? `, ${e.failedAttempts} failed attempt${e.failedAttempts === 1 ? "" : "s"}, last error: ${e.lastError}` : ", not failed yet";
    out.push(`    ${e.key}  ${e.name}(${showState(e.args)}) from ${e.transition} at tick ${e.tick}${tried}`);
  }
  if (d.failedEffects > 0) out.push(`  gave up on ${d.failedEffects} effect${d.failedEffects === 1 ? "" : "s"} (vedc history ${d.id} says which)`);
  return out.join("\n") + "\n";
}
