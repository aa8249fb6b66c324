// The dashboard: four panels over the public REST API (nothing else is asked of any host).
// Page state (filters, dyad, period, page cursor, selected event) lives in the URL's query
// string, so that a view can be shared; every change rewrites it and redraws from the API.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];
const QUAD_COLOUR = {
  verbal_cooperation: "var(--coop)", material_cooperation: "var(--coop-material)",
  verbal_conflict: "var(--conflict)", material_conflict: "var(--conflict-material)",
};
const STATE_KEYS = ["actor", "dyad", "type", "since", "until", "by", "count", "cursor", "event"];
const FILTER_KEYS = ["actor", "dyad", "type", "since", "until"];
const FORM_KEYS = [...FILTER_KEYS, "by", "count"];
const PAGE_SIZE = 25;

let world = null; // country shapes, loaded once
const state = readState();
const cursors = []; // cursors of the pages before this one (for "First")

function readState() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of STATE_KEYS) s[k] = p.get(k) || "";
  if (!s.by) s.by = "month";
  return s;
}

function writeState(replace) {
  const p = new URLSearchParams();
  for (const k of STATE_KEYS) if (state[k] && !(k === "by" && state[k] === "month")) p.set(k, state[k]);
  const url = location.pathname + (p.toString() ? "?" + p : "");
  if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
}

function query(keys, extra) {
  const p = new URLSearchParams();
  for (const k of keys) if (state[k]) p.set(k, state[k]);
  for (const [k, v] of Object.entries(extra || {})) if (v !== "" && v != null) p.set(k, v);
  return p.toString();
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json();
  if (!r.ok) {
    const e = body && body.error ? `${body.error.code} ${body.error.message}` : `HTTP ${r.status}`;
    throw new Error(e);
  }
  return body;
}

function status(text, isError) {
  const el = document.getElementById("status");
  el.textContent = text;
  el.classList.toggle("error", !!isError);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function empty(panel, text) {
  const chart = document.querySelector(`#${panel} .chart`);
  chart.replaceChildren(el("p", { class: "empty" }, text));
}

function sub(panel, text) { document.querySelector(`#${panel} h2 .sub`).textContent = text; }

function codes(group) { return group.map((p) => p.country || p.id || p.name).filter(Boolean).join(", "); }

// -- the form ----------------------------------------------------------------------------------
function fillForm() {
  const form = document.getElementById("filters");
  for (const k of FORM_KEYS) form.elements[k].value = state[k];
}

function setupForm() {
  const form = document.getElementById("filters");
  const select = form.elements.type;
  for (const t of TYPES) select.append(el("option", { value: t }, t));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    for (const k of FORM_KEYS) state[k] = form.elements[k].value.trim();
    state.dyad = state.dyad.toUpperCase();
    state.actor = state.actor.toUpperCase();
    state.cursor = ""; state.event = ""; cursors.length = 0;
    writeState(false);
    refresh();
  });
  document.getElementById("reset").addEventListener("click", () => {
    for (const k of STATE_KEYS) state[k] = "";
    state.by = "month"; cursors.length = 0;
    fillForm(); writeState(false); refresh();
  });
  document.getElementById("next").addEventListener("click", () => {
    const next = document.getElementById("next").dataset.cursor;
    if (!next) return;
    cursors.push(state.cursor); state.cursor = next; state.event = "";
    writeState(false); drawEvents();
  });
  document.getElementById("first").addEventListener("click", () => {
    cursors.length = 0; state.cursor = ""; state.event = "";
    writeState(false); drawEvents();
  });
  form.elements.actor.addEventListener("input", async (ev) => {
    const q = ev.target.value.trim();
    if (q.length < 1) return;
    try {
      const { actors } = await api(`/api/actors?${new URLSearchParams({ q, limit: 10 })}`);
      document.getElementById("actor-list").replaceChildren(
        ...actors.map((a) => el("option", { value: a.id }, `${a.name} (${a.events})`)));
    } catch (e) { status(e.message, true); }
  });
}

// -- timeline: a dyad's events per period, stacked by quad class, with the mean score ---------------
// A dyad is "A-B", or "A,B" when a code holds "-" itself (an actor id such as AZE-GOV).
const dyadOf = (a, b) => (a.includes("-") || b.includes("-") ? `${a},${b}` : `${a}-${b}`);

// The two codes of a dyad: split at its comma, else at the hyphen that leaves two actors the
// network shows (AZE-GOV-TUR: AZE-GOV and TUR), else at its first hyphen.
function splitDyad(dyad, known) {
  if (dyad.includes(",")) return dyad.split(",", 2);
  const parts = dyad.split("-");
  const splits = parts.slice(1).map((_, i) => [parts.slice(0, i + 1).join("-"), parts.slice(i + 1).join("-")]);
  return splits.find(([a, b]) => known.has(a) && known.has(b)) || splits[0] || [dyad, ""];
}

async function drawTimeline(dyad, known = new Set()) {
  if (!dyad) { sub("timeline", ""); empty("timeline", "Choose a dyad (e.g. AZE-TUR) to see its timeline."); return; }
  const [a, b] = splitDyad(dyad, known);
  const q = query(["type", "since", "until", "count"], { by: state.by });
  const { series } = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series?${q}`);
  sub("timeline", `${dyad} by ${state.by}${state.count ? ", counting mentions" : ""}`);
  if (!series.length) { empty("timeline", `No events between ${a} and ${b} for these filters.`); return; }
  const W = 420, H = 230, m = { t: 10, r: 34, b: 40, l: 30 };
  const right = Math.min(W - m.r, m.l + 60 * series.length); // a few periods keep narrow bars
  const x = d3.scaleBand().domain(series.map((d) => d.period)).range([m.l, right]).padding(0.15);
  const y = d3.scaleLinear().domain([0, d3.max(series, (d) => d.events)]).nice().range([H - m.b, m.t]);
  const s = d3.scaleLinear().domain([-10, 10]).range([H - m.b, m.t]);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img")
    .attr("aria-label", `events between ${a} and ${b} per ${state.by}`);
  const stack = d3.stack().keys(QUADS).value((d, k) => d.quad[k] || 0)(series);
  svg.append("g").selectAll("g").data(stack).join("g").attr("fill", (d) => QUAD_COLOUR[d.key])
    .selectAll("rect").data((d) => d).join("rect")
    .attr("class", "bar").attr("x", (d) => x(d.data.period)).attr("width", x.bandwidth())
    .attr("y", (d) => y(d[1])).attr("height", (d) => y(d[0]) - y(d[1]))
    .append("title").text((d) => `${d.data.period}: ${d.data.events} events, mean score ${d.data.mean_score}`);
  const line = d3.line().x((d) => x(d.period) + x.bandwidth() / 2).y((d) => s(d.mean_score));
  svg.append("path").datum(series).attr("class", "score").attr("fill", "none").attr("stroke", "var(--ink)")
    .attr("stroke-width", 1.5).attr("d", line);
  svg.append("g").selectAll("circle").data(series).join("circle").attr("r", 2.5)
    .attr("cx", (d) => x(d.period) + x.bandwidth() / 2).attr("cy", (d) => s(d.mean_score));
  const every = Math.ceil(series.length / 8);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${H - m.b})`)
    .call(d3.axisBottom(x).tickValues(x.domain().filter((_, i) => i % every === 0)))
    .selectAll("text").attr("transform", "rotate(-30)").attr("text-anchor", "end");
  svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${right},0)`).call(d3.axisRight(s).ticks(5));
  const legend = el("div", { class: "legend" },
    ...QUADS.map((k) => el("span", {}, el("i", { style: `background:${QUAD_COLOUR[k]}` }), k.replace("_", " "))),
    el("span", {}, "— mean score (right axis)"));
  document.querySelector("#timeline .chart").replaceChildren(svg.node(), legend);
}

// -- network: actors as nodes, actor -> recipient event counts as edges ----------------------------------
async function drawNetwork() {
  const net = await api(`/api/network?${query(["actor", "type", "since", "until", "count"], { limit: 60 })}`);
  sub("network", `${net.nodes.length} actors, ${net.edges.length} links`);
  if (!net.edges.length) { empty("network", "No actor-to-recipient events for these filters."); return net; }
  const W = 420, H = 300;
  const nodes = net.nodes.map((d) => ({ ...d }));
  const links = net.edges.map((d) => ({ ...d }));
  const r = d3.scaleSqrt().domain([1, d3.max(nodes, (d) => d.events)]).range([4, 16]);
  const w = d3.scaleLinear().domain([1, d3.max(links, (d) => d.weight)]).range([1, 6]);
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(60))
    .force("charge", d3.forceManyBody().strength(-120))
    .force("center", d3.forceCenter(W / 2, H / 2))
    .force("collide", d3.forceCollide().radius((d) => r(d.events) + 2))
    .force("x", d3.forceX(W / 2).strength(0.08)).force("y", d3.forceY(H / 2).strength(0.12))
    .stop();
  for (let i = 0; i < 200; i++) sim.tick(); // laid out once, so that the picture is stable
  for (const n of nodes) {
    n.x = Math.max(20, Math.min(W - 20, n.x)); n.y = Math.max(12, Math.min(H - 12, n.y));
  }
  const coop = (d) => (d.quad.verbal_cooperation || 0) + (d.quad.material_cooperation || 0);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "actor network");
  svg.append("g").selectAll("line").data(links).join("line").attr("class", "edge")
    .attr("x1", (d) => d.source.x).attr("y1", (d) => d.source.y).attr("x2", (d) => d.target.x).attr("y2", (d) => d.target.y)
    .attr("stroke", (d) => (coop(d) * 2 >= d.weight ? "var(--coop)" : "var(--conflict)"))
    .attr("stroke-opacity", 0.7).attr("stroke-width", (d) => w(d.weight))
    .style("cursor", "pointer").on("click", (ev, d) => choose({ dyad: dyadOf(d.source.id, d.target.id) }))
    .append("title").text((d) => `${d.source.id} → ${d.target.id}: ${d.weight} events`);
  const g = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", "node")
    .attr("transform", (d) => `translate(${d.x},${d.y})`).on("click", (ev, d) => choose({ actor: d.id }));
  g.append("circle").attr("r", (d) => r(d.events)).append("title").text((d) => `${d.label}: ${d.events} events`);
  g.append("text").attr("dy", (d) => -r(d.events) - 2).attr("text-anchor", "middle").text((d) => d.id);
  const legend = el("div", { class: "legend" },
    el("span", {}, el("i", { style: "background:var(--coop)" }), "mostly cooperation"),
    el("span", {}, el("i", { style: "background:var(--conflict)" }), "mostly conflict"),
    el("span", {}, "click a node for its events, a link for its dyad"));
  document.querySelector("#network .chart").replaceChildren(svg.node(), legend);
  return net;
}

// -- map: located events on world country shapes, sized by count ------------------------------------
async function drawMap() {
  if (!world) world = await (await fetch("/static/vendor/countries-110m.json")).json();
  const { places } = await api(`/api/places?${query([...FILTER_KEYS, "count"], { limit: 500 })}`);
  sub("map", `${places.length} places, ${d3.sum(places, (d) => d.events)} located ${state.count || "events"}`);
  const W = 420, H = 230;
  const land = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([W, H], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "map of events");
  svg.append("g").selectAll("path").data(land.features).join("path").attr("class", "land").attr("d", path)
    .append("title").text((d) => d.properties.name);
  const r = d3.scaleSqrt().domain([0, d3.max(places, (d) => d.events) || 1]).range([0, 12]);
  svg.append("g").selectAll("circle").data(places).join("circle").attr("class", "place")
    .attr("transform", (d) => `translate(${projection([d.lon, d.lat])})`).attr("r", (d) => Math.max(2, r(d.events)))
    .on("click", (ev, d) => d.country && choose({ actor: d.country }))
    .append("title").text((d) => `${d.name} (${d.country || "?"}): ${d.events} events`);
  const chart = document.querySelector("#map .chart");
  chart.replaceChildren(svg.node());
  if (!places.length) chart.append(el("p", { class: "empty" }, "No located events for these filters."));
}

// -- events table, paging and the evidence of the selected event ------------------------------------
async function drawEvents() {
  const q = query(FILTER_KEYS, { limit: PAGE_SIZE, cursor: state.cursor });
  const page = await api(`/api/events?${q}`);
  const dl = query(FILTER_KEYS);
  document.getElementById("download-csv").href = `/api/events.csv${dl ? "?" + dl : ""}`;
  document.getElementById("download-ndjson").href = `/api/events.ndjson${dl ? "?" + dl : ""}`;
  const tbody = document.querySelector("#events tbody");
  tbody.replaceChildren(...page.events.map((e) => {
    const row = el("tr", { "data-event": e.event_id, onclick: () => select(e.event_id) },
      el("td", {}, e.date || ""), el("td", {}, e.type + (e.mode ? ` (${e.mode})` : "")),
      el("td", {}, codes(e.actors)), el("td", {}, codes(e.recipients)),
      el("td", {}, e.location ? e.location.name : ""), el("td", {}, String(e.num_mentions)));
    if (e.event_id === state.event) row.classList.add("selected");
    return row;
  }));
  if (!page.events.length) tbody.append(el("tr", {}, el("td", { colspan: 6, class: "empty" }, "No events match these filters.")));
  const next = document.getElementById("next");
  next.dataset.cursor = page.next || "";
  next.disabled = !page.next;
  document.getElementById("first").disabled = !state.cursor;
  sub("events", `${page.events.length} shown${page.next ? ", more on the next page" : ""}`);
  if (state.event) await drawEvidence(state.event); else document.getElementById("evidence").hidden = true;
}

async function select(eventId) {
  state.event = eventId;
  writeState(false);
  for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.event === eventId);
  try { await drawEvidence(eventId); } catch (e) { status(e.message, true); }
}

// The evidence sentence as text nodes with <mark>s: the trigger by its offsets, the actors by their text.
function highlighted(evidence, names) {
  const sentence = evidence.sentence || "";
  const spans = [];
  const t = evidence.trigger;
  if (t && t.start != null) spans.push([t.start - evidence.start, t.end - evidence.start, "trigger"]);
  for (const name of names) {
    if (!name) continue;
    const at = sentence.indexOf(name);
    if (at >= 0) spans.push([at, at + name.length, "actor"]);
  }
  spans.sort((p, q) => p[0] - q[0]);
  const out = el("p", { class: "sentence" });
  let pos = 0;
  for (const [s, e, kind] of spans) {
    if (s < pos || s < 0 || e > sentence.length) continue; // overlapping or out of range: leave unmarked
    out.append(sentence.slice(pos, s), el("mark", { class: kind }, sentence.slice(s, e)));
    pos = e;
  }
  out.append(sentence.slice(pos));
  return out;
}

async function drawEvidence(eventId) {
  const box = document.getElementById("evidence");
  const e = await api(`/api/events/${encodeURIComponent(eventId)}`);
  const names = [...e.actors, ...e.recipients].map((p) => p.text);
  const head = el("h3", {}, `${e.type}${e.mode ? " (" + e.mode + ")" : ""}: ${codes(e.actors) || "?"} → ${codes(e.recipients) || "?"}`,
    el("span", { class: "meta" }, ` ${e.date || "undated"}${e.location ? ", " + e.location.name : ""}; score ${e.score},` +
      ` confidence ${e.confidence}; ${e.num_mentions} mention(s) in ${e.num_articles} article(s), ${e.num_sources} source(s)`));
  const mentions = e.mentions.map((m) => el("div", { class: "mention" },
    highlighted(m.evidence || {}, m.participants && m.participants.length ? m.participants : names),
    el("p", { class: "meta" },
      `${m.source || "unknown source"}, ${m.article_date || "undated"} — `,
      m.url ? el("a", { href: m.url, rel: "noopener noreferrer", target: "_blank" }, m.title || m.url) : (m.title || m.article_id),
      ` (sentence ${m.sentence_index})`)));
  box.replaceChildren(head, ...mentions);
  box.hidden = false;
}

// -- wiring -----------------------------------------------------------------------------------------
function choose(change) {
  Object.assign(state, change, { cursor: "", event: "" });
  cursors.length = 0;
  fillForm(); writeState(false); refresh();
}

async function refresh() {
  status("loading…");
  try {
    const net = await drawNetwork();
    let dyad = state.dyad;
    if (!dyad && net.edges.length) dyad = dyadOf(net.edges[0].source, net.edges[0].target); // the busiest pair
    const known = new Set(net.nodes.map((n) => n.id));
    await Promise.all([drawTimeline(dyad, known), drawMap(), drawEvents()]);
    const h = await api("/api/health");
    status(`${h.events} events from ${h.articles} articles in the store`);
  } catch (e) {
    status(e.message, true);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupForm();
  fillForm();
  window.addEventListener("popstate", () => { Object.assign(state, readState()); fillForm(); refresh(); });
  refresh();
});
