// Regime comparison: for some codes or a whole chapter, which members restrict them and since when, the gaps
// between members, and what a scenario would add. State lives in the URL (?codes=…&chapter=…&asOf=…&scenario=…).

import type { CompareCell, Comparison } from "@embargo/core/verdicts";
import { HeatmapChart, ScatterChart } from "echarts/charts";
import { GridComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { api, errorText } from "../lib/api.ts";
import { appRoot, h, render } from "../lib/dom.ts";

// The comparison's shapes are core's (types only: nothing of core's runtime enters the page's bundle).
type Cell = CompareCell;

const STATUS_LABEL: Record<Cell["status"], string> = {
  prohibited: "PROHIBITED",
  licence: "LICENCE",
  review: "REVIEW",
  partly: "PARTLY",
  none: "—",
};
const STATUS_CLASS: Record<Cell["status"], string> = {
  prohibited: "badge-prohibited",
  licence: "badge-licence-required",
  review: "badge-review",
  partly: "badge-partial",
  none: "",
};

echarts.use([HeatmapChart, ScatterChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

/** Heat-map order: the worse the restriction, the higher (and the darker). */
const STATUS_RANK: Record<Cell["status"], number> = { none: 0, partly: 1, review: 2, licence: 3, prohibited: 4 };
const STATUS_COLOUR = ["#eaecf0", "#fec84b", "#f79009", "#e04f16", "#b42318"];
const KIND_COLOUR: Record<string, string> = {};
const KIND_PALETTE = ["#b42318", "#175cd3", "#027a48", "#7a5af8", "#c4320a", "#0e9384", "#667085", "#ee46bc"];

const descriptions = new Map<string, Promise<string>>();
/** A code's description from the nomenclature (blank when it has none). */
function describe(code: string): Promise<string> {
  let p = descriptions.get(code);
  if (!p) {
    p = api<{ description: string }>(`/v1/hs/${encodeURIComponent(code)}`).then(
      (r) => r.description,
      () => "",
    );
    descriptions.set(code, p);
  }
  return p;
}
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Members × codes, each cell coloured by how the member restricts the code, labelled with the date since. */
async function heatmap(cmp: Comparison, el: HTMLElement): Promise<void> {
  const js = [...cmp.members, ...(cmp.scenario ? [cmp.scenario] : [])];
  const descs = await Promise.all(cmp.rows.map((r) => describe(r.code)));
  const codesY = cmp.rows.map((r, i) => (descs[i] ? `${r.code} ${cut(descs[i] ?? "", 38)}` : r.code));
  const data = cmp.rows.flatMap((r, y) =>
    r.cells.map((c, x) => ({
      value: [x, y, STATUS_RANK[c.status]],
      // White on the dark (prohibited, licence) cells, dark on the light ones: readable either way.
      label: { color: STATUS_RANK[c.status] >= 3 ? "#ffffff" : "#101828" },
      text: `${STATUS_LABEL[c.status]}${c.since ? `\n${c.since}` : ""}`,
      tip: `${js[x]} · ${r.code}${descs[y] ? ` ${descs[y]}` : ""}: ${STATUS_LABEL[c.status]}${c.since ? ` since ${c.since}` : ""}${c.measures.length ? `\n${c.measures.map((m) => `${m.id} (${m.kind}, from ${m.from})`).join("\n")}` : ""}`,
    })),
  );
  el.style.height = `${Math.max(220, 70 + cmp.rows.length * 46)}px`;
  const chart = echarts.init(el, undefined, { renderer: "svg" });
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { formatter: (p: { data: { tip: string } }) => p.data.tip.replace(/\n/g, "<br>") },
    grid: { left: 290, right: 20, top: 30, bottom: 20 },
    xAxis: { type: "category", data: js, position: "top", splitArea: { show: true } },
    yAxis: { type: "category", data: codesY, inverse: true, axisLabel: { width: 280, overflow: "truncate" } },
    visualMap: {
      show: false,
      type: "piecewise",
      dimension: 2,
      pieces: STATUS_COLOUR.map((color, i) => ({ value: i, color })),
    },
    series: [
      {
        type: "heatmap",
        data,
        label: {
          show: true,
          formatter: (p: { data: { text: string } }) => p.data.text,
          color: "#101828",
          fontSize: 11,
          lineHeight: 15,
        },
        itemStyle: { borderColor: "#fff", borderWidth: 2 },
      },
    ],
  });
}

/** Every measure the compared codes touch, one row per member, placed at the date it took effect. */
function timeline(cmp: Comparison, el: HTMLElement): void {
  const js = [...cmp.members, ...(cmp.scenario ? [cmp.scenario] : [])];
  const seen = new Set<string>();
  const points: { j: string; id: string; kind: string; from: string }[] = [];
  for (const r of cmp.rows)
    for (const c of r.cells)
      for (const m of c.measures) {
        const key = `${c.jurisdiction}|${m.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        points.push({ j: c.jurisdiction, id: m.id, kind: m.kind, from: m.from });
      }
  const kinds = [...new Set(points.map((p) => p.kind))];
  for (const k of kinds)
    KIND_COLOUR[k] ??= KIND_PALETTE[Object.keys(KIND_COLOUR).length % KIND_PALETTE.length] ?? "#667085";
  el.style.height = `${Math.max(180, 60 + js.length * 40)}px`;
  const chart = echarts.init(el, undefined, { renderer: "svg" });
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { formatter: (p: { data: { tip: string } }) => p.data.tip },
    grid: { left: 90, right: 150, top: 20, bottom: 40 },
    xAxis: { type: "time" },
    yAxis: { type: "category", data: js, inverse: true },
    series: kinds.map((k) => ({
      type: "scatter",
      name: k,
      symbolSize: 12,
      itemStyle: { color: KIND_COLOUR[k] },
      label: {
        show: true,
        position: "right",
        fontSize: 10,
        color: "#344054",
        formatter: (p: { data: { id: string } }) => p.data.id,
      },
      labelLayout: { hideOverlap: true },
      data: points
        .filter((p) => p.kind === k)
        .map((p) => ({ value: [p.from, p.j], id: p.id, tip: `${p.j}: ${p.id} (${p.kind}) from ${p.from}` })),
    })),
  });
}

const root = appRoot();
const params = new URL(location.href).searchParams;
const codes = h("input", {
  id: "cmp-codes",
  size: 40,
  placeholder: "854231, 8471, 7113",
  value: params.get("codes") ?? "",
});
const chapter = h("input", {
  id: "cmp-chapter",
  size: 3,
  maxlength: 2,
  placeholder: "85",
  value: params.get("chapter") ?? "",
});
const asOf = h("input", {
  id: "cmp-asof",
  type: "date",
  value: params.get("asOf") ?? new Date().toISOString().slice(0, 10),
});
const scenario = h("select", { id: "cmp-scenario" }, h("option", { value: "" }, "none"));
const out = h("div", { id: "cmp-result" });
const tracker = h("section", { id: "cmp-tracker", "aria-labelledby": "cmp-tracker-title" });

function query(): URLSearchParams {
  const q = new URLSearchParams();
  if (codes.value.trim()) q.set("codes", codes.value.trim());
  else if (chapter.value.trim()) q.set("chapter", chapter.value.trim());
  if (asOf.value) q.set("asOf", asOf.value);
  if (scenario.value) q.set("scenario", scenario.value);
  return q;
}

function cell(c: Cell): HTMLTableCellElement {
  const title = c.measures
    .map((m) => `${m.id} (${m.kind}, from ${m.from}${m.threshold ? `, ${m.threshold}` : ""})`)
    .join("\n");
  const label =
    STATUS_LABEL[c.status] + (c.coverage === "partial" && (c.status === "none" || c.status === "partly") ? " *" : "");
  return h(
    "td",
    {
      title:
        title || (c.coverage === "partial" ? "not listed in the encoded part of this member's lists" : "not listed"),
    },
    c.status === "none"
      ? h("span", { className: "muted" }, label)
      : h("span", { className: `badge ${STATUS_CLASS[c.status]}` }, label),
    c.since ? h("div", { className: "muted" }, `since ${c.since}`) : null,
  );
}

function show(cmp: Comparison): void {
  const heatEl = h("div", { id: "cmp-heatmap", role: "img", "aria-label": "Heat-map of members by codes" });
  const timeEl = h("div", { id: "cmp-timeline", role: "img", "aria-label": "Timeline of the members' measures" });
  const js = [...cmp.members, ...(cmp.scenario ? [cmp.scenario] : [])];
  const csv = `/v1/regimes/diff?${query().toString()}&format=csv`;
  render(
    out,
    h(
      "p",
      { className: "muted" },
      `${cmp.direction === "export" ? "Exports to" : "Imports from"} ${cmp.country}, as of ${cmp.asOf}; regime data ${cmp.dataVersion}. ${cmp.gaps.length} gap(s) between members${cmp.scenario ? `; the scenario adds ${cmp.scenarioAdditions.length} code(s)` : ""}. `,
      h("a", { href: csv, id: "cmp-csv" }, "Download CSV"),
    ),
    h(
      "table",
      { id: "cmp-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "Code"),
          ...js.map((j) => h("th", {}, j === cmp.scenario ? `${j} (scenario)` : j)),
          h("th", {}, "Gap"),
        ),
      ),
      h(
        "tbody",
        {},
        ...cmp.rows.map((r) =>
          h(
            "tr",
            {},
            h("td", {}, h("code", {}, r.code)),
            ...r.cells.map(cell),
            h(
              "td",
              {},
              r.gap
                ? `${r.restrictedBy.join(", ")} ${r.restrictedBy.length > 1 ? "restrict" : "restricts"}; ${r.notRestrictedBy.join(", ")} ${r.notRestrictedBy.length > 1 ? "do" : "does"} not list it`
                : "",
              r.scenarioAdds ? h("div", {}, h("span", { className: "badge badge-watch" }, "scenario adds")) : null,
            ),
          ),
        ),
      ),
    ),
    h(
      "p",
      { className: "muted" },
      "PROHIBITED / LICENCE: the code is listed; REVIEW: a candidate (goods described in words, thresholds); PARTLY: some codes under it are listed; — not listed. * = that member's lists are only partly encoded here, so not listed does not mean not restricted.",
    ),
    h("h2", {}, "Heat-map: members × codes"),
    h(
      "p",
      { className: "muted" },
      "Darker is stricter: prohibited, licence, review (a candidate), partly listed, not listed; each cell gives the date since when. Codes with their nomenclature description.",
    ),
    heatEl,
    h("h2", {}, "Timeline: every member's measures on these codes"),
    h("p", { className: "muted" }, "Each dot is a measure, at the date it took effect, coloured by its kind."),
    timeEl,
    h("ul", { id: "cmp-timeline-list", className: "muted" }, ...timelineItems(cmp)),
  );
  void heatmap(cmp, heatEl);
  timeline(cmp, timeEl);
}

/** The timeline as text too (screen readers, search, print). */
function timelineItems(cmp: Comparison): HTMLLIElement[] {
  const seen = new Set<string>();
  const items: { j: string; id: string; kind: string; from: string }[] = [];
  for (const r of cmp.rows)
    for (const c of r.cells)
      for (const m of c.measures)
        if (!seen.has(`${c.jurisdiction}|${m.id}`)) {
          seen.add(`${c.jurisdiction}|${m.id}`);
          items.push({ j: c.jurisdiction, id: m.id, kind: m.kind, from: m.from });
        }
  return items
    .sort((a, b) => a.from.localeCompare(b.from) || a.j.localeCompare(b.j))
    .map((x) => h("li", {}, `${x.from} ${x.j}: ${x.id} (${x.kind})`));
}

function go(): void {
  const q = query();
  history.replaceState(null, "", `?${q.toString()}`);
  render(out, h("p", { className: "muted" }, "Comparing…"));
  api<Comparison>(`/v1/regimes/diff?${q.toString()}`).then(show, (e: unknown) =>
    render(out, h("div", { className: "error" }, errorText(e))),
  );
}

const form = h(
  "form",
  { id: "cmp-form" },
  h(
    "div",
    { className: "row" },
    h("div", {}, h("label", { for: "cmp-codes" }, "Codes"), codes),
    h("div", {}, h("label", { for: "cmp-chapter" }, "or chapter"), chapter),
    h("div", {}, h("label", { for: "cmp-asof" }, "As of"), asOf),
    h("div", {}, h("label", { for: "cmp-scenario" }, "Scenario"), scenario),
    h("button", { type: "submit", id: "cmp-submit" }, "Compare"),
  ),
);
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  go();
});

render(
  root,
  h("h1", {}, "Compare members"),
  h(
    "p",
    { className: "muted" },
    "Which G7 members restrict these goods towards Russia, since when, where they differ, and what the 2023 full-ban proposal would add.",
  ),
  form,
  out,
  tracker,
);
api<{ scenarios: string[]; members: string[] }>("/v1/regimes").then(
  (r) => {
    for (const s of r.scenarios) scenario.append(h("option", { value: s }, s));
    void showTracker(r.members);
    if (params.get("scenario")) scenario.value = params.get("scenario") ?? "";
    if (params.get("codes") || params.get("chapter")) go();
  },
  (e: unknown) => render(out, h("div", { className: "error" }, errorText(e))),
);

/** A member's known regime as `GET /v1/regimes/{id}` lists it. */
interface KnownRegimeView {
  id: string;
  title: string;
  status: "encoded" | "partial" | "not_encoded";
  directions: string[];
  countries: string[];
  effective: { from: string; until?: string };
  citation: string;
}

const REGIME_STATUS_COLOUR: Record<KnownRegimeView["status"], string> = {
  encoded: "#1a7f37",
  partial: "#b54708",
  not_encoded: "#667085",
};
const REGIME_STATUS_LABEL: Record<KnownRegimeView["status"], string> = {
  encoded: "encoded",
  partial: "partly encoded",
  not_encoded: "not encoded",
};

/**
 * Every member's known regimes towards Russia and Belarus in date order, like the public sanctions trackers: one
 * row per member, a dot per regime at the date it took effect, coloured by how much of it Embargo encodes. Independent
 * of the codes compared above.
 */
async function showTracker(members: string[]): Promise<void> {
  const perMember = await Promise.all(
    members.map((m) =>
      api<{ knownRegimes?: KnownRegimeView[] }>(`/v1/regimes/${encodeURIComponent(m)}`).then(
        (r) => (r.knownRegimes ?? []).map((k) => ({ member: m, ...k })),
        () => [],
      ),
    ),
  );
  const all = perMember
    .flat()
    .sort((a, b) => a.effective.from.localeCompare(b.effective.from) || a.member.localeCompare(b.member));
  if (all.length === 0) return;
  const chartEl = h("div", {
    id: "cmp-tracker-chart",
    role: "img",
    "aria-label": "Timeline of every member's regimes",
  });
  render(
    tracker,
    h("h2", { id: "cmp-tracker-title" }, "Timeline: every member's regimes towards Russia and Belarus"),
    h(
      "p",
      { className: "muted" },
      `${all.length} regimes of ${members.length} members, each at the date it took effect; colour: how much of it is encoded here (green encoded, orange partly, grey not encoded — verdicts that depend on a regime that is not fully encoded say so).`,
    ),
    chartEl,
    h(
      "details",
      {},
      h("summary", {}, "The regimes as a list"),
      h(
        "ul",
        { id: "cmp-tracker-list", className: "muted" },
        ...all.map((k) =>
          h(
            "li",
            {},
            `${k.effective.from}${k.effective.until ? `…${k.effective.until}` : ""} ${k.member} (${k.directions.join("/")} ${k.countries.join(", ")}): ${k.title} — ${k.citation} [${REGIME_STATUS_LABEL[k.status]}]`,
          ),
        ),
      ),
    ),
  );
  chartEl.style.height = `${Math.max(200, 60 + members.length * 48)}px`;
  const chart = echarts.init(chartEl, undefined, { renderer: "svg" });
  const statuses = Object.keys(REGIME_STATUS_COLOUR) as KnownRegimeView["status"][];
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { formatter: (p: { data: { tip: string } }) => p.data.tip },
    grid: { left: 60, right: 30, top: 20, bottom: 40 },
    xAxis: { type: "time" },
    yAxis: { type: "category", data: members, inverse: true },
    series: statuses.map((st) => ({
      type: "scatter",
      name: REGIME_STATUS_LABEL[st],
      symbolSize: 11,
      itemStyle: { color: REGIME_STATUS_COLOUR[st], opacity: 0.85 },
      data: all
        .filter((k) => k.status === st)
        .map((k) => ({
          value: [k.effective.from, k.member],
          tip: `${k.member} ${k.effective.from}: ${k.title} (${k.citation}) — ${REGIME_STATUS_LABEL[st]}`,
        })),
    })),
  });
}
