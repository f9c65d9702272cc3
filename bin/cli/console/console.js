// The console page: the table of instances, kept live by the server's
// events, and the instance chosen (its id in the URL's #), read again
// whenever the table says it changed. Plain browser JavaScript, no build
// step, no framework; words.js is the module vedc inspect says times and
// owners with. Every text goes in as text (textContent): nothing from
// the store is ever read as HTML; the graph is the SVG the server drew.
import { ago, ownerText, statusText } from "/words.js";

const $ = (id) => document.getElementById(id);
let rows = [];
let selected = decodeURIComponent(location.hash.slice(1)) || null;
/** What the chosen instance's detail was read at: read again when its row says otherwise. */
let shown = null;
let graphOf = null;

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

function statusBadge(r) {
  return el("span", r.status === "converging" && r.next ? `converging → ${r.next}` : statusText(r), `status ${r.status}`);
}

function renderTable(data) {
  rows = data.instances;
  $("store").textContent = data.store;
  $("count").textContent = rows.length;
  $("judged").textContent = data.judged ? "" : "(status needs the domain: start the console with --domain <file.ved>)";
  $("empty").hidden = rows.length > 0;
  const body = document.querySelector("#instances tbody");
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = el("tr");
      tr.dataset.id = r.id;
      if (r.id === selected) tr.className = "selected";
      const status = el("td");
      status.append(statusBadge(r));
      tr.append(el("td", r.id, "id"), el("td", r.domain), status, el("td", r.failing.join(" && ") || "-"), el("td", r.ticks, "n"), el("td", ago(r.lastChange), "ago"), el("td", r.owed, "n"), el("td", r.failedEffects, r.failedEffects > 0 ? "n bad" : "n"), el("td", ownerText(r.owner)));
      tr.querySelector(".ago").dataset.at = r.lastChange ?? "";
      tr.addEventListener("click", () => choose(r.id));
      return tr;
    }),
  );
  const row = rows.find((r) => r.id === selected);
  if (selected && row && (shown === null || shown.seq !== row.seq || shown.status !== row.status)) void showDetail(selected);
}

function choose(id) {
  selected = id;
  shown = null;
  history.replaceState(null, "", `#${encodeURIComponent(id)}`);
  for (const tr of document.querySelectorAll("#instances tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
  void showDetail(id);
}

async function showDetail(id) {
  const res = await fetch(`/api/instances/${encodeURIComponent(id)}`);
  const d = await res.json();
  if (id !== selected) return;
  if (!res.ok) {
    $("detail").hidden = false;
    $("detail-why").textContent = d.error;
    return;
  }
  shown = { seq: d.seq, status: d.status };
  $("detail").hidden = false;
  $("detail-id").textContent = d.id;
  $("detail-domain").textContent = d.domain;
  $("detail-status").replaceWith(Object.assign(statusBadge(d), { id: "detail-status" }));
  const why = [];
  if (d.status === "stuck") why.push(`stuck: ${d.failing.join(" && ")} fails and no transition can change the state`);
  if (d.status === "converging") why.push(`${d.failing.join(" && ")} fails; next: ${d.next}`);
  if (d.status === "waiting") why.push(`${d.failing.join(" && ")} fails and no transition is valid before ${new Date(d.until).toISOString()}`);
  if (d.problem) why.push(d.problem);
  why.push(`tick ${d.ticks}, record ${d.seq}, last change ${ago(d.lastChange)}; owner ${ownerText(d.owner)}`);
  $("detail-why").textContent = why.join(" — ");

  // A map field is a row per key, named as Ved names it: replicas[a].
  const rows = Object.entries(d.state ?? {}).flatMap(([k, v]) => (v !== null && typeof v === "object" ? Object.entries(v).map(([m, x]) => [`${k}[${m}]`, x]) : [[k, v]]));
  $("state").querySelector("tbody").replaceChildren(
    ...rows.map(([k, v]) => {
      const tr = el("tr");
      tr.append(el("th", k), el("td", String(v)));
      return tr;
    }),
  );
  $("goals").replaceChildren(
    ...(d.goals.length
      ? d.goals.map((g) => {
          const li = el("li", null, g.holds === false ? "bad" : g.holds ? "good" : "");
          li.append(el("b", g.holds === null ? "?" : g.holds ? "holds" : "FAILS"), " ", el("span", `${g.name ? `${g.name}: ` : ""}${g.text}`));
          return li;
        })
      : [el("li", "(start the console with --domain to see the goals)")]),
  );
  $("outbox").querySelector("tbody").replaceChildren(
    ...d.outbox.map((e) => {
      const tr = el("tr");
      const args = Object.entries(e.args).map(([k, v]) => `${k} = ${v}`).join(", ");
      tr.append(el("td", e.key, "id"), el("td", `${e.name}(${args})`), el("td", `${e.transition} at tick ${e.tick}`), el("td", e.failedAttempts, e.failedAttempts > 0 ? "n bad" : "n"), el("td", e.lastError ?? "-"));
      return tr;
    }),
  );
  $("outbox-empty").hidden = d.outbox.length > 0;
  $("outbox").hidden = d.outbox.length === 0;
  $("history-note").textContent = d.firstKept > 1 ? `(since record ${d.firstKept}: earlier ones are folded into a snapshot)` : "";
  $("history").replaceChildren(
    ...d.history.map((l) => {
      const li = el("li", null, `h-${l.t}`);
      li.append(el("time", l.at === null ? "" : new Date(l.at).toISOString().replace("T", " ").replace("Z", "")), el("span", l.text));
      return li;
    }),
  );
  $("history").lastElementChild?.scrollIntoView({ block: "nearest" });
  await showGraph(d.graph);
}

async function showGraph(marks) {
  const box = $("graph");
  if (!marks) {
    graphOf = null;
    box.replaceChildren(el("p", "The graph needs the domain's .ved file: start the console with --domain <file.ved>.", "note"));
    return;
  }
  if (graphOf !== marks.svg) {
    const res = await fetch(marks.svg);
    if (!res.ok) return box.replaceChildren(el("p", (await res.json()).error, "note"));
    // The server's own drawing (Graphviz escapes every label): parsed as SVG, not as HTML.
    const svg = new DOMParser().parseFromString(await res.text(), "image/svg+xml").documentElement;
    box.replaceChildren(document.importNode(svg, true));
    graphOf = marks.svg;
  }
  const nodes = new Map([...box.querySelectorAll("g.node")].map((g) => [g.querySelector("title")?.textContent, g]));
  for (const g of marks.goals) nodes.get(g.node)?.classList.toggle("failing", g.failing);
  for (const t of marks.transitions) {
    nodes.get(t.node)?.classList.toggle("last", t.last);
    nodes.get(t.node)?.classList.toggle("next", t.next);
  }
}

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("open", () => {
    $("connection").textContent = "live";
    $("connection").className = "connection live";
  });
  events.addEventListener("instances", (e) => {
    $("trouble").hidden = true;
    renderTable(JSON.parse(e.data));
  });
  events.addEventListener("trouble", (e) => {
    $("trouble").hidden = false;
    $("trouble").textContent = `reading the store failed: ${JSON.parse(e.data).message}`;
  });
  events.addEventListener("error", () => {
    $("connection").textContent = "reconnecting…";
    $("connection").className = "connection lost";
  });
}

// The "ago" column counts on between updates.
setInterval(() => {
  for (const td of document.querySelectorAll("td.ago")) if (td.dataset.at) td.textContent = ago(Number(td.dataset.at));
}, 1000);

connect();
