// Circumvention monitor dashboard: honest windows (every figure knows its data's coverage), filters that drive
// every chart (product, CHPL tier, sanctioning member, partner, reporter, time), sanction dates on time axes,
// CSV/PNG/SVG downloads, revenue pressure (imports against the import bans, Russia's exports by partner, diamonds)
// and the hubs missing from the product data. State lives in the URL (?base=…&period=…&products=…).
import type {
  AlertResult,
  AnomalyResult,
  FlowResult,
  GrowthResult,
  HubGaps,
  RevenuePressureResult,
  SeriesResult,
  SimulateResult,
  sanctionDates,
  WindowCheck,
} from "@embargo/core/trade";
import * as echarts from "echarts";
import { api, errorText } from "../lib/api.ts";
import { appRoot, badge, h, render } from "../lib/dom.ts";

// The answers of /v1/trade/* are core's result types (types only: nothing of core's runtime enters the page's
// bundle). The names are the page's.
type Growth = GrowthResult;
type Anomalies = AnomalyResult;
type Alerts = AlertResult;
type Series = SeriesResult;
type Flows = FlowResult;
type Simulation = SimulateResult;
/** `GET /v1/trade/timeline`: the regimes' version and the sanction dates. */
type Timeline = Awaited<ReturnType<typeof sanctionDates>>;
type Revenue = RevenuePressureResult;
type Hubs = HubGaps;

const root = appRoot();
const params = new URL(location.href).searchParams;
const field = (id: string, value: string, size = 16, placeholder = "") =>
  h("input", { id, value, size, ...(placeholder ? { placeholder } : {}) });
const select = (id: string, value: string, options: [string, string][]) =>
  h("select", { id }, ...options.map(([v, label]) => h("option", { value: v, selected: value === v }, label)));

const base = field("trade-base", params.get("base") ?? "2021-03:2021-11");
const period = field("trade-period", params.get("period") ?? "2022-03:2022-11");
const span = field("trade-span", params.get("span") ?? "2019-01:2024-08");
const products = select("trade-products", params.get("products") ?? "sanctioned", [
  ["sanctioned", "sanctioned goods"],
  ["all", "all goods"],
  ["codes", "chapter / codes →"],
]);
const codes = field("trade-codes", params.get("codes") ?? "", 10, "85, 8542");
const tiers = select("trade-tiers", params.get("tiers") ?? "", [
  ["", "any tier"],
  ["1", "CHPL tier 1"],
  ["2", "CHPL tier 2"],
  ["1,2", "CHPL tiers 1–2"],
  ["3a,3b", "CHPL tier 3"],
  ["4a,4b", "CHPL tier 4"],
]);
const sanctionedBy = h("select", { id: "trade-sanctioned-by" }, h("option", { value: "" }, "any member"));
const partners = field("trade-partners", params.get("partners") ?? "", 12, "KZ,KG,TR");
const reporters = field("trade-reporters", params.get("reporters") ?? "", 10, "DE,IT");
const minValue = field("trade-min-value", params.get("minValue") ?? "10000000", 10);
const minGrowth = field("trade-min-growth", params.get("minGrowth") ?? "2", 4);
const regime = h("select", { id: "trade-regime" });
const banner = h("div", { id: "trade-window" });
const out = h("div", { id: "trade-out" });
const revenueOut = h("div", { id: "trade-revenue" });
const hubsOut = h("div", { id: "trade-hubs" });

// ---- formatting ----------------------------------------------------------------------------------------------

const money = (v: number, cur: string) =>
  `${cur} ${Math.abs(v) >= 1e9 ? `${(v / 1e9).toFixed(2)}bn` : Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}m` : Math.round(v).toLocaleString("en-GB")}`;
const pct = (v: number | null) => (v === null ? "n/a" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`);
const share = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
const chartBox = (id: string, height = 320) =>
  h("div", { id, className: "chart", style: `width:100%;height:${height}px` });

function notesOf(ns: string[]): HTMLElement[] {
  return ns.map((n) => h("p", { className: "muted" }, `Note: ${n}`));
}

// ---- downloads -----------------------------------------------------------------------------------------------

type Cell = string | number | null | undefined;
/** An ECharts option object (formatters included). */
type Option = Record<string, unknown>;
/** RFC 4180 CSV; numbers are written in full (no rounding), so a download equals the API's figures. */
function toCsv(rows: Cell[][]): string {
  const cell = (c: Cell) => {
    const s = c === null || c === undefined ? "" : String(c);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

function save(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = h("a", { href: url, download: name, style: "display:none" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => `${base.value.trim()}_${period.value.trim()}`.replaceAll(":", "-");

/** A "CSV" button that downloads `rows()` as `<name>.csv`. */
function csvButton(id: string, name: string, rows: () => Cell[][]): HTMLElement {
  return h(
    "button",
    {
      id: `${id}-csv`,
      type: "button",
      title: "Download the data as CSV",
      onClick: () => save(`${name}_${stamp()}.csv`, new Blob([toCsv(rows())], { type: "text/csv" })),
    },
    "CSV",
  );
}

/** Draws a chart and returns its toolbar (CSV of its data, PNG and SVG of the chart). */
function drawChart(box: HTMLElement, option: Option, name: string, rows: () => Cell[][]): HTMLElement {
  const chart = echarts.init(box);
  chart.setOption(option as echarts.EChartsOption);
  charts.push(chart);
  const svg = () => {
    // A server-side-rendering instance gives a standalone SVG of the same option.
    const ssr = echarts.init(null as unknown as HTMLElement, undefined, {
      renderer: "svg",
      ssr: true,
      width: box.clientWidth || 900,
      height: box.clientHeight || 320,
    });
    ssr.setOption({ ...option, animation: false } as echarts.EChartsOption);
    const text = ssr.renderToSVGString();
    ssr.dispose();
    return text;
  };
  return h(
    "div",
    { className: "row", style: "gap:.4rem;justify-content:flex-end;margin:.2rem 0 .8rem" },
    csvButton(box.id, name, rows),
    h(
      "button",
      {
        id: `${box.id}-png`,
        type: "button",
        onClick: () =>
          void fetch(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }))
            .then((r) => r.blob())
            .then((b) => save(`${name}_${stamp()}.png`, b)),
      },
      "PNG",
    ),
    h(
      "button",
      {
        id: `${box.id}-svg`,
        type: "button",
        onClick: () => save(`${name}_${stamp()}.svg`, new Blob([svg()], { type: "image/svg+xml" })),
      },
      "SVG",
    ),
  );
}

let charts: echarts.ECharts[] = [];
window.addEventListener("resize", () => {
  for (const c of charts) c.resize();
});

// ---- the query -----------------------------------------------------------------------------------------------

function productsParam(): string {
  return products.value === "codes" ? codes.value.replace(/\s+/g, "") || "all" : products.value;
}

/** Query string of the filters every chart shares. */
function qs(extra: Record<string, string> = {}): string {
  const u = new URLSearchParams({ base: base.value.trim(), period: period.value.trim(), products: productsParam() });
  if (tiers.value) u.set("tiers", tiers.value);
  if (sanctionedBy.value) u.set("sanctionedBy", sanctionedBy.value);
  if (partners.value.trim()) u.set("partners", partners.value.trim().toUpperCase());
  if (reporters.value.trim()) u.set("reporters", reporters.value.trim().toUpperCase());
  for (const [k, v] of Object.entries(extra)) u.set(k, v);
  return u.toString();
}

/** The honest-window banner: every warning of every result, once. */
function windowBanner(checks: WindowCheck[]): HTMLElement | null {
  const warnings = [...new Set(checks.flatMap((c) => c.warnings))];
  if (warnings.length === 0) return null;
  const outside = checks.some((c) => c.status === "outside");
  return h(
    "div",
    {
      className: "card",
      style: `border-color:${outside ? "#b42318" : "#b54708"};background:${outside ? "#fef3f2" : "#fffaeb"}`,
    },
    h("strong", {}, outside ? "Outside the data — figures are absent, not zero" : "Data coverage"),
    h("ul", {}, ...warnings.map((w) => h("li", {}, w))),
  );
}

/** Marks the sanction dates on a monthly category axis (dates grouped by month). */
function dateMarks(t: Timeline | null, periods: string[]): Record<string, unknown> {
  if (!t) return {};
  const byMonth = new Map<string, string[]>();
  for (const d of t.dates) {
    const m = d.date.slice(0, 7);
    if (!periods.includes(m)) continue;
    byMonth.set(m, [...(byMonth.get(m) ?? []), `${d.jurisdiction} ${d.date} (${d.measures.length} ${d.direction})`]);
  }
  return {
    markLine: {
      symbol: "none",
      silent: false,
      lineStyle: { type: "dashed", color: "#98a2b3" },
      label: { show: false },
      tooltip: { formatter: (p: { name: string }) => p.name },
      data: [...byMonth.entries()].map(([m, ds]) => ({ xAxis: m, name: ds.join("; ") })),
    },
  };
}

async function load(): Promise<void> {
  const state = new URLSearchParams(
    qs({ span: span.value.trim(), minValue: minValue.value, minGrowth: minGrowth.value }),
  );
  if (products.value === "codes") {
    state.set("products", "codes");
    state.set("codes", codes.value.trim());
  }
  history.replaceState(null, "", `?${state}`);
  render(out, h("p", { className: "muted" }, "Computing…"));
  render(banner);
  for (const c of charts) c.dispose();
  charts = [];
  try {
    const members = sanctionedBy.value || "EU";
    const [g, a, al, f, tl] = await Promise.all([
      api<Growth>(`/v1/trade/growth?${qs({ by: "partner" })}`),
      api<Anomalies>(
        `/v1/trade/anomalies?${qs({ minValue: minValue.value.trim(), minGrowth: minGrowth.value.trim(), limit: "25" })}`,
      ),
      api<Alerts>(`/v1/trade/alerts?${qs({ limit: "15" })}`),
      api<Flows>(`/v1/trade/flows?${qs({ topExporters: "8" })}`),
      api<Timeline>(`/v1/trade/timeline?jurisdictions=${members}&country=RU`).catch(() => null),
    ]);
    // The index chart reads all-goods totals (monthly to 2024-08): product filters cannot apply to it.
    const seriesQs = new URLSearchParams({
      dataset: "comext-totals",
      base: "2019-01:2021-12",
      span: span.value.trim(),
      partners: partners.value.trim().toUpperCase() || "AM,GE,KZ,KG,UZ,RU",
    });
    if (reporters.value.trim()) seriesQs.set("reporters", reporters.value.trim().toUpperCase());
    const s = await api<Series>(`/v1/trade/series?${seriesQs}`).catch((e: unknown) => e);
    const cur = g.currency;
    const outside = g.windowCheck.status === "outside";
    render(
      banner,
      windowBanner([
        g.windowCheck,
        a.windowCheck,
        al.windowCheck,
        f.windowCheck,
        ...(s instanceof Error || !("windowCheck" in (s as Series)) ? [] : [(s as Series).windowCheck]),
      ]),
    );
    const noData = (what: string) =>
      h(
        "p",
        { className: "muted", style: "padding:2rem 0" },
        `${what}: no data in this window (see the coverage note above).`,
      );
    const indexChart = chartBox("trade-index", 340);
    const rankChart = chartBox("trade-ranking", 320);
    const flowChart = chartBox("trade-flows", 380);
    const hubs = g.groups.filter((x) => x.key !== "RU" && x.key !== "BY");
    const alertRows = (): Cell[][] => [
      [
        "level",
        "reporter",
        "partner",
        "code",
        "chpl_tier",
        "base_value",
        "period_value",
        "growth",
        "excess",
        "currency",
      ],
      ...al.alerts.map((x) => [
        x.level,
        x.reporter,
        x.partner,
        x.code,
        x.chplTier ?? "",
        x.baseValue,
        x.periodValue,
        x.growth,
        x.excess,
        al.currency,
      ]),
    ];
    const anomalyRows = (): Cell[][] => [
      ["reporter", "partner", "code", "base_value", "period_value", "growth", "currency"],
      ...a.markets.map((m) => [m.reporter, m.partner, m.code, m.baseValue, m.periodValue, m.growth, a.currency]),
    ];
    const seriesOk = !(s instanceof Error) && "series" in (s as Series);
    const sr = s as Series;
    render(
      out,
      h(
        "div",
        { className: "row" },
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, `Base ${g.base.from}…${g.base.to}`),
          h(
            "strong",
            { id: "trade-base-value" },
            g.windowCheck.windows[0]?.status === "outside" ? "no data" : money(g.base.value, cur),
          ),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, `Period ${g.period.from}…${g.period.to}`),
          h(
            "strong",
            { id: "trade-period-value" },
            g.windowCheck.windows[1]?.status === "outside" ? "no data" : money(g.period.value, cur),
          ),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, "Change"),
          h("strong", { id: "trade-change" }, outside ? "n/a — outside the data" : pct(g.change)),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, "Anomalous markets"),
          h("strong", { id: "trade-anomaly-count" }, outside ? "no data" : `${a.count} of ${a.marketsConsidered}`),
          h("div", { className: "muted" }, outside ? "" : `${share(a.periodValueShare)} of the period's value`),
        ),
        h(
          "div",
          { className: "card", id: "trade-alert-counts" },
          h("div", { className: "muted" }, `Alerts (${al.preset.id} v${al.preset.version})`),
          outside
            ? h("strong", {}, "no data")
            : h(
                "div",
                {},
                ...(["critical", "high", "elevated", "watch"] as const).map((l) =>
                  h("span", {}, badge(l), ` ${al.counts[l] ?? 0} `),
                ),
              ),
        ),
      ),
      h("h2", {}, "EU exports to Russia and its neighbours, index (2019–2021 monthly mean = 100)"),
      h(
        "p",
        { className: "muted" },
        "All goods, sum of EU member states (dataset comext-totals, monthly); the product, tier and member filters do not apply to this chart (totals only); partners and reporters do. Dashed lines: dates on which measures of ",
        members,
        " concerning Russia took effect (from the regimes; hover for the list). Source: Eurostat.",
      ),
      seriesOk ? indexChart : h("p", { className: "error" }, errorText(s)),
      seriesOk
        ? drawToolbarLater(indexChart, "index", () => [
            ["partner", "period", "value", "index", "base_mean", "currency"],
            ...sr.series.flatMap((x) =>
              sr.periods.map((p, i) => [x.key, p, x.values[i] ?? null, x.index[i] ?? null, x.baseMean, sr.currency]),
            ),
          ])
        : null,
      h(
        "div",
        { className: "row", style: "align-items:flex-start" },
        h(
          "div",
          { style: "flex:1 1 420px;min-width:360px" },
          h("h2", {}, "Hubs ranked by excess value"),
          h("p", { className: "muted" }, `Period value above the base run-rate, ${cur}, selected goods.`),
          outside
            ? noData("Ranking")
            : [
                rankChart,
                drawToolbarLater(rankChart, "ranking", () => [
                  ["partner", "base_value", "period_value", "change", "excess", "currency"],
                  ...hubs.map((x) => [x.key, x.base, x.period, x.change, x.excess, cur]),
                ]),
              ],
        ),
        h(
          "div",
          { style: "flex:1 1 520px;min-width:420px" },
          h("h2", {}, "Exporter → hub → Russia"),
          outside
            ? noData("Flows")
            : [
                flowChart,
                flowLegend(f),
                drawToolbarLater(flowChart, "flows", () => [
                  ["source", "target", "leg", "value", "currency"],
                  ...f.links.map((l) => [l.source, l.target, l.leg, l.value, f.currency]),
                ]),
              ],
          ...notesOf(f.notes),
        ),
      ),
      h(
        "div",
        { className: "row", style: "justify-content:space-between" },
        h("h2", {}, "Alerts"),
        csvButton("trade-alerts", "alerts", alertRows),
      ),
      outside
        ? noData("Alerts")
        : h(
            "table",
            { id: "trade-alerts" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, "level"),
                h("th", {}, "route"),
                h("th", {}, "code"),
                h("th", { className: "num" }, "excess"),
                h("th", {}, "why"),
              ),
            ),
            h(
              "tbody",
              {},
              ...al.alerts.map((x) =>
                h(
                  "tr",
                  {},
                  h("td", {}, badge(x.level)),
                  h("td", {}, `${x.reporter} → ${x.partner}`),
                  h("td", {}, x.code),
                  h("td", { className: "num" }, money(x.excess, al.currency)),
                  h("td", { className: "muted" }, x.explanation),
                ),
              ),
            ),
          ),
      ...notesOf(al.notes),
      h(
        "div",
        { className: "row", style: "justify-content:space-between" },
        h("h2", {}, `Anomalies: period value ≥ ${money(Number(minValue.value), cur)} and growth ≥ ×${minGrowth.value}`),
        csvButton("trade-anomalies", "anomalies", anomalyRows),
      ),
      outside
        ? noData("Anomalies")
        : h(
            "table",
            { id: "trade-anomalies" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, "reporter"),
                h("th", {}, "partner"),
                h("th", {}, "code"),
                h("th", { className: "num" }, "base"),
                h("th", { className: "num" }, "period"),
                h("th", { className: "num" }, "growth"),
              ),
            ),
            h(
              "tbody",
              {},
              ...a.markets.map((m) =>
                h(
                  "tr",
                  {},
                  h("td", {}, m.reporter),
                  h("td", {}, m.partner),
                  h("td", {}, m.code),
                  h("td", { className: "num" }, money(m.baseValue, a.currency)),
                  h("td", { className: "num" }, money(m.periodValue, a.currency)),
                  h("td", { className: "num" }, m.growth === null ? "new" : `×${m.growth.toFixed(1)}`),
                ),
              ),
            ),
          ),
      ...notesOf(a.notes),
    );
    // Charts are drawn once their boxes are in the document (echarts needs their size).
    if (seriesOk) {
      const idxTooltip = (ps: { seriesName: string; dataIndex: number; value: number | null; axisValue: string }[]) =>
        [
          ps[0]?.axisValue ?? "",
          ...ps.map((p) => {
            const row = sr.series.find((x) => x.key === p.seriesName);
            const v = row?.values[p.dataIndex];
            return `${p.seriesName}: ${p.value === null || p.value === undefined ? "no data" : `index ${Number(p.value).toFixed(1)}`}${v === null || v === undefined ? "" : ` (${money(v, sr.currency)})`}`;
          }),
        ].join("<br>");
      pending.get("trade-index")?.({
        animation: false,
        tooltip: { trigger: "axis", formatter: idxTooltip },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 36, bottom: 30 },
        xAxis: { type: "category", data: sr.periods },
        yAxis: { type: "value", name: "index" },
        series: sr.series.map((x, i) => ({
          name: x.key,
          type: "line",
          showSymbol: false,
          connectNulls: false,
          data: x.index.map((v) => (v === null ? null : Math.round(v * 10) / 10)),
          ...(i === 0 ? dateMarks(tl, sr.periods) : {}),
        })),
      });
    }
    pending.get("trade-ranking")?.({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => money(v, cur) },
      grid: { left: 60, right: 20, top: 36, bottom: 40 },
      xAxis: { type: "category", data: hubs.map((x) => x.key) },
      yAxis: { type: "value", name: `${cur} m`, axisLabel: { formatter: (v: number) => (v / 1e6).toFixed(0) } },
      series: [{ name: "excess", type: "bar", data: hubs.map((x) => x.excess), itemStyle: { color: "#c4320a" } }],
    });
    const label = (n: string) => n.replace(/^(exp|hub|dest):/, "");
    pending.get("trade-flows")?.({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: (p: {
          dataType: string;
          name: string;
          value: number;
          data: { source?: string; target?: string };
        }) =>
          p.dataType === "edge"
            ? `${label(p.data.source ?? "")} → ${label(p.data.target ?? "")}: ${money(p.value, f.currency)}`
            : `${label(p.name)}: ${money(p.value, f.currency)}`,
      },
      series: [
        {
          type: "sankey",
          left: 10,
          right: 60,
          nodeAlign: "justify",
          data: f.nodes.map((n) => ({ name: n.name, depth: n.column === "exporter" ? 0 : n.column === "hub" ? 1 : 2 })),
          links: f.links.map((l) => ({
            source: l.source,
            target: l.target,
            value: l.value,
            lineStyle: { color: LEG_COLOURS[l.leg] ?? "#999", opacity: 0.45 },
          })),
          label: { formatter: (p: { name: string }) => label(p.name) },
        },
      ],
    });
    pending.clear();
  } catch (e) {
    render(out, h("p", { className: "error" }, errorText(e)));
  }
}

const LEG_COLOURS: Record<string, string> = { inflow: "#2e90fa", direct: "#d92d20", onward: "#7a5af8" };

/** The flow chart's legend: what each band colour is, and which leg the data cannot draw. */
function flowLegend(f: Flows): HTMLElement {
  const item = (colour: string, text: string) =>
    h(
      "span",
      { style: "margin-right:1rem;white-space:nowrap" },
      h("span", {
        style: `display:inline-block;width:14px;height:10px;background:${colour};opacity:.6;margin-right:.3rem`,
      }),
      text,
    );
  return h(
    "div",
    { id: "trade-flows-legend", className: "muted", style: "margin:.3rem 0" },
    item(LEG_COLOURS.inflow as string, "EU member → hub (EU exports)"),
    item(LEG_COLOURS.direct as string, "EU member → Russia directly (EU exports)"),
    f.onwardSupported
      ? item(LEG_COLOURS.onward as string, "hub → Russia (hub-reported exports)")
      : h("span", {}, "hub → Russia: not drawn — the data hold no hub-reported exports (ingest Comtrade/BACI data)"),
  );
}

// Toolbars are created with the page; charts are drawn after render (boxes need a size).
const pending = new Map<string, (option: Option) => void>();
function drawToolbarLater(box: HTMLElement, name: string, rows: () => Cell[][]): HTMLElement {
  const bar = h("div", {});
  pending.set(box.id, (option) => render(bar, drawChart(box, option, name, rows)));
  return bar;
}

// ---- revenue pressure --------------------------------------------------------------------------------------

async function loadRevenue(): Promise<void> {
  render(revenueOut, h("p", { className: "muted" }, "Computing…"));
  try {
    // Reporters (EU members) narrow the imports; the other filters do not apply to these sources (said below).
    const rq = new URLSearchParams({ limit: "0" });
    if (reporters.value.trim()) rq.set("reporters", reporters.value.trim().toUpperCase());
    const r = await api<Revenue>(`/v1/trade/revenue?${rq}`);
    const im = r.imports;
    const pa = r.partners;
    const importsChart = chartBox("trade-imports", 340);
    const groupsChart = chartBox("trade-partner-groups", 320);
    const topChart = chartBox("trade-partner-top", 360);
    const top = pa.partners.slice(0, 12);
    const bi = pa.years.indexOf(pa.base);
    const pi = pa.years.indexOf(pa.period);
    const banRows = (): Cell[][] => [
      [
        "measure",
        "in_force",
        "binds_all_contracts",
        "measured_on",
        "before_from",
        "before_to",
        "before_monthly_mean",
        "after_from",
        "after_to",
        "after_monthly_mean",
        "change",
        "remaining_of_base",
        "status",
        "currency",
      ],
      ...im.bans.map((b) => [
        b.measureId,
        b.effective,
        b.bindsFully,
        b.measuredAs.label,
        b.before?.from,
        b.before?.to,
        b.before?.mean,
        b.after?.from,
        b.after?.to,
        b.after?.mean,
        b.change,
        b.remainingOfBase,
        b.status,
        im.currency,
      ]),
    ];
    const partnerRows = (): Cell[][] => [
      ["partner", ...pa.years, "currency"],
      ...pa.partners.map((p) => [p.partner, ...p.values, pa.currency]),
    ];
    const groupRows = (): Cell[][] => [
      ["group", ...pa.years, `share_${pa.base}`, `share_${pa.period}`, "currency"],
      ["WORLD", ...pa.world.values, 1, 1, pa.currency],
      ...pa.groups.map((g) => [g.id, ...g.values, g.shareBase, g.sharePeriod, pa.currency]),
    ];
    const kpRows = (): Cell[][] => [
      ["year", "carats", "value_usd", "share_of_world_carats", "share_basis", "label"],
      ...r.diamonds.russia.map((x) => [
        x.year,
        x.carats,
        x.valueUsd,
        x.shareOfWorldCarats,
        x.shareBasis,
        r.diamonds.label,
      ]),
    ];
    render(
      revenueOut,
      h(
        "h3",
        {},
        `${im.jurisdiction} imports from ${im.origin}, monthly, against the import bans (${im.currency}, ${im.data?.from ?? "-"}…${im.data?.to ?? "-"})`,
      ),
      h(
        "p",
        { className: "muted" },
        `Importers: ${reporters.value.trim().toUpperCase() || "all EU members"} (the reporters filter applies; product, tier, partner and time filters do not — these are all-goods and chapter totals, and the bans' own dates). Solid lines: a ban enters into force; dotted: it binds every contract (end of the wind-down for earlier contracts). Dates from the regimes. Nominal values: energy prices rose in 2022. Source: Eurostat.`,
      ),
      importsChart,
      drawToolbarLater(importsChart, "imports-from-russia", () => [
        ["series", "period", "value", "currency"],
        ...im.series.flatMap((x) => x.periods.map((p, i) => [x.code, p, x.values[i], im.currency])),
      ]),
      h(
        "div",
        { className: "row", style: "justify-content:space-between" },
        h("strong", {}, "What fell after each ban, and what remained"),
        csvButton("trade-bans", "import-bans", banRows),
      ),
      h(
        "table",
        { id: "trade-bans" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "ban"),
            h("th", {}, "in force"),
            h("th", {}, "binds all"),
            h("th", {}, "measured on"),
            h("th", { className: "num" }, "before / month"),
            h("th", { className: "num" }, "after / month"),
            h("th", { className: "num" }, "change"),
            h("th", { className: "num" }, `of ${im.baseYear}`),
            h("th", {}, "status"),
          ),
        ),
        h(
          "tbody",
          {},
          ...im.bans.map((b) =>
            h(
              "tr",
              { title: `${b.title}: ${b.note}` },
              h("td", {}, b.measureId),
              h("td", {}, b.effective),
              h("td", {}, b.bindsFully),
              h("td", {}, b.measuredAs.label),
              h("td", { className: "num" }, b.before ? money(b.before.mean, im.currency) : "–"),
              h("td", { className: "num" }, b.after ? money(b.after.mean, im.currency) : "–"),
              h("td", { className: "num" }, pct(b.change)),
              h("td", { className: "num" }, share(b.remainingOfBase)),
              h("td", { className: "muted" }, b.status === "measured" ? "measured" : b.note),
            ),
          ),
        ),
      ),
      ...notesOf(im.notes),
      h(
        "h3",
        {},
        `Where the revenue went: Russia's exports by partner, ${pa.base} → ${pa.period} (${pa.currency}, IMF)`,
      ),
      h(
        "div",
        { className: "row", style: "align-items:flex-start" },
        h(
          "div",
          { style: "flex:1 1 420px;min-width:360px" },
          groupsChart,
          drawToolbarLater(groupsChart, "russia-exports-groups", groupRows),
        ),
        h(
          "div",
          { style: "flex:1 1 480px;min-width:380px" },
          topChart,
          drawToolbarLater(topChart, "russia-exports-top", partnerRows),
        ),
      ),
      h(
        "table",
        { id: "trade-partner-groups-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "group"),
            h("th", { className: "num" }, pa.base),
            h("th", { className: "num" }, pa.period),
            h("th", { className: "num" }, `share ${pa.base}`),
            h("th", { className: "num" }, `share ${pa.period}`),
          ),
        ),
        h(
          "tbody",
          {},
          h(
            "tr",
            {},
            h("td", {}, "world"),
            h("td", { className: "num" }, money(pa.world.values[bi] ?? 0, pa.currency)),
            h("td", { className: "num" }, money(pa.world.values[pi] ?? 0, pa.currency)),
            h("td", {}, ""),
            h("td", {}, ""),
          ),
          ...pa.groups.map((gr) =>
            h(
              "tr",
              { title: gr.label },
              h("td", {}, gr.label),
              h("td", { className: "num" }, money(gr.values[bi] ?? 0, pa.currency)),
              h("td", { className: "num" }, money(gr.values[pi] ?? 0, pa.currency)),
              h("td", { className: "num" }, share(gr.shareBase)),
              h("td", { className: "num" }, share(gr.sharePeriod)),
            ),
          ),
        ),
      ),
      h(
        "div",
        { className: "row", style: "justify-content:flex-end" },
        csvButton("trade-partners", "russia-exports-by-partner", partnerRows),
      ),
      ...notesOf([...pa.notes, ...(pa.attribution ? [pa.attribution] : [])]),
      h("h3", {}, "Diamonds: Russia's rough-diamond production (Kimberley Process figures, press-reported)"),
      h(
        "div",
        { className: "row", style: "justify-content:space-between" },
        h("span", {}, badge("secondary"), " press-reported, not the official KP statistics"),
        csvButton("trade-kp", "kp-russia-press-reported", kpRows),
      ),
      h(
        "table",
        { id: "trade-kp" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "year"),
            h("th", { className: "num" }, "carats"),
            h("th", { className: "num" }, "value"),
            h("th", { className: "num" }, "share of world carats"),
            h("th", {}, "basis"),
          ),
        ),
        h(
          "tbody",
          {},
          ...r.diamonds.russia.map((x) =>
            h(
              "tr",
              {},
              h("td", {}, x.year),
              h("td", { className: "num" }, x.carats === null ? "–" : `${(x.carats / 1e6).toFixed(1)} m ct`),
              h("td", { className: "num" }, x.valueUsd === null ? "–" : money(x.valueUsd, "USD")),
              h("td", { className: "num" }, share(x.shareOfWorldCarats)),
              h("td", { className: "muted" }, x.shareBasis ?? "–"),
            ),
          ),
        ),
      ),
      ...notesOf(r.diamonds.notes),
    );
    // Ban markers on the monthly axis: entry into force (solid) and binding for every contract (dotted).
    const months = im.series[0]?.periods ?? [];
    const marks = im.bans.flatMap((b) => [
      ...(months.includes(b.effective.slice(0, 7))
        ? [
            {
              xAxis: b.effective.slice(0, 7),
              name: `${b.measureId} in force ${b.effective}`,
              lineStyle: { type: "solid" },
            },
          ]
        : []),
      ...(b.bindsFully !== b.effective && months.includes(b.bindsFully.slice(0, 7))
        ? [
            {
              xAxis: b.bindsFully.slice(0, 7),
              name: `${b.measureId} binds all contracts ${b.bindsFully}`,
              lineStyle: { type: "dotted" },
            },
          ]
        : []),
    ]);
    const bn = (v: number) => Math.round(v / 1e6) / 1e3;
    pending.get("trade-imports")?.({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${im.currency} ${Number(v).toFixed(2)}bn` },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", name: `${im.currency} bn` },
      series: im.series.map((x, i) => ({
        name: x.label,
        type: "line",
        showSymbol: false,
        data: x.values.map(bn),
        ...(i === 0
          ? {
              markLine: {
                symbol: "none",
                label: { show: false },
                lineStyle: { color: "#667085" },
                tooltip: { formatter: (p: { name: string }) => p.name },
                data: marks,
              },
            }
          : {}),
      })),
    });
    const stackOf = ["COALITION", "REST", "UNALLOCATED"];
    pending.get("trade-partner-groups")?.({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${pa.currency} ${Number(v).toFixed(1)}bn` },
      legend: { top: 0 },
      grid: { left: 55, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: pa.years },
      yAxis: { type: "value", name: `${pa.currency} bn` },
      series: pa.groups
        .filter((gr) => stackOf.includes(gr.id))
        .map((gr) => ({
          name:
            gr.id === "COALITION"
              ? "EU + Annex VIII partners + G7"
              : gr.id === "REST"
                ? "rest of the world"
                : "not allocated",
          type: "bar",
          stack: "world",
          data: gr.values.map((v) => Math.round(v / 1e8) / 10),
        })),
    });
    pending.get("trade-partner-top")?.({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${pa.currency} ${Number(v).toFixed(1)}bn` },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "value", name: `${pa.currency} bn` },
      yAxis: { type: "category", data: top.map((p) => p.partner).reverse() },
      series: [pa.base, pa.period].map((y, k) => ({
        name: y,
        type: "bar",
        data: top.map((p) => Math.round((k === 0 ? p.base : p.period) / 1e8) / 10).reverse(),
      })),
    });
    pending.clear();
  } catch (e) {
    render(revenueOut, h("p", { className: "error" }, errorText(e)));
  }
}

// ---- hubs missing from the product data ------------------------------------------------------------------------

async function loadHubs(): Promise<void> {
  try {
    const hb = await api<Hubs>("/v1/trade/hubs?dataset=comext-cn8");
    const missing = hb.missing.map((m) => m.hub);
    const chart = chartBox("trade-hub-series", 300);
    const s =
      missing.length > 0
        ? await api<Series>(
            `/v1/trade/series?dataset=comext-totals&reporters=EU27_2020&base=2019:2021&span=2010:2023&partners=${missing.join(",")}`,
          ).catch(() => null)
        : null;
    render(
      hubsOut,
      h(
        "p",
        { id: "trade-hubs-note" },
        h("strong", {}, `Not in the product-level data: ${missing.join(", ") || "none"}. `),
        `The product-level dataset ${hb.dataset} covers ${hb.productPartners.join(", ")} (${hb.productSpan?.from ?? "-"}…${hb.productSpan?.to ?? "-"}); of the regimes' diversion hubs (${hb.hubs.join(", ")}) the others have only all-goods series:`,
      ),
      h(
        "ul",
        {},
        ...hb.missing.map((m) =>
          h("li", {}, h("strong", {}, m.hub), `: ${m.elsewhere.join("; ") || "no series in any dataset"}`),
        ),
      ),
      h(
        "p",
        { className: "muted" },
        "To add product detail for them, ingest a Comext extract (two commands, see docs/trade.md): embargo trade ingest <extract.csv> --dataset comext-hubs --format comext, then select it with --dataset comext-hubs (or ?dataset= in the API).",
      ),
      s
        ? [
            h("strong", {}, "EU-27 exports to them, all goods, annual (EUR bn, comext-totals)"),
            chart,
            drawToolbarLater(chart, "eu27-exports-hubs", () => [
              ["partner", "year", "value", "currency"],
              ...s.series.flatMap((x) => s.periods.map((p, i) => [x.key, p, x.values[i] ?? null, s.currency])),
            ]),
          ]
        : null,
    );
    if (s)
      pending.get("trade-hub-series")?.({
        animation: false,
        tooltip: {
          trigger: "axis",
          valueFormatter: (v: number | null) => (v === null ? "no data" : `${s.currency} ${Number(v).toFixed(2)}bn`),
        },
        legend: { top: 0 },
        grid: { left: 55, right: 20, top: 36, bottom: 30 },
        xAxis: { type: "category", data: s.periods },
        yAxis: { type: "value", name: `${s.currency} bn` },
        series: s.series.map((x) => ({
          name: x.key,
          type: "line",
          data: x.values.map((v) => (v === null ? null : Math.round(v / 1e7) / 100)),
        })),
      });
    pending.delete("trade-hub-series");
  } catch (e) {
    render(hubsOut, h("p", { className: "error" }, errorText(e)));
  }
}

// ---- simulator -----------------------------------------------------------------------------------------------

const simOut = h("div", { id: "trade-sim-out" });
async function simulateRegime(): Promise<void> {
  render(simOut, h("p", { className: "muted" }, "Computing…"));
  try {
    const r = await api<Simulation>(`/v1/trade/simulate?regime=${encodeURIComponent(regime.value)}&year=2021`);
    const rows = (): Cell[][] => [
      ["chapter", "value", "covered", "currency"],
      ...r.byChapter.map((c) => [c.chapter, c.value, c.covered, r.currency]),
    ];
    render(
      simOut,
      h(
        "p",
        { id: "trade-sim-summary" },
        h(
          "strong",
          {},
          `${r.regime}: ${money(r.covered, r.currency)} of ${money(r.total, r.currency)} (${share(r.share)})`,
        ),
        ` of ${r.year} EU exports to Russia `,
        badge(r.coverage),
        " ",
        csvButton("trade-sim", `simulate-${r.regime}`, rows),
      ),
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, "chapter"),
            h("th", { className: "num" }, "value"),
            h("th", { className: "num" }, "covered"),
          ),
        ),
        h(
          "tbody",
          {},
          ...r.byChapter
            .slice(0, 10)
            .map((c) =>
              h(
                "tr",
                {},
                h("td", {}, c.chapter),
                h("td", { className: "num" }, money(c.value, r.currency)),
                h("td", { className: "num" }, money(c.covered, r.currency)),
              ),
            ),
        ),
      ),
      r.byExemptionCategory.length > 0
        ? h(
            "p",
            { className: "muted" },
            `Exempt by category: ${r.byExemptionCategory.map((x) => `${x.category} ${money(x.value, r.currency)}`).join(", ")}`,
          )
        : null,
      ...notesOf(r.notes),
    );
  } catch (e) {
    render(simOut, h("p", { className: "error" }, errorText(e)));
  }
}

render(
  root,
  h("h1", {}, "Circumvention monitor"),
  h(
    "p",
    { className: "muted" },
    "EU exports of goods to Russia and its neighbours (Eurostat Comext, EUR, vintage Jan 2023; product detail to 2022-11). A flag means risk, not a violation: bans phased in, wind-down periods, partial codes and grandfathered contracts make many flows legal. Source: Eurostat.",
  ),
  h(
    "form",
    {
      id: "trade-filters",
      onSubmit: (e: Event) => {
        e.preventDefault();
        void load();
      },
    },
    h(
      "div",
      { className: "row" },
      h("label", {}, "Base ", base),
      h("label", {}, "Period ", period),
      h("label", {}, "Chart span ", span),
      h("label", {}, "Products ", products, " ", codes),
      h("label", {}, "Tier ", tiers),
      h("label", {}, "Sanctioned by ", sanctionedBy),
    ),
    h(
      "div",
      { className: "row" },
      h("label", {}, "Partners ", partners),
      h("label", {}, "Reporters ", reporters),
      h("label", {}, "Min value ", minValue),
      h("label", {}, "Min growth × ", minGrowth),
      h("button", { id: "trade-apply", type: "submit" }, "Apply"),
      h(
        "a",
        {
          id: "trade-report-link",
          href: "#",
          target: "_blank",
          onClick: (e: Event) => {
            // The report of the current window and member, from the same engine calls as this page.
            const u = new URLSearchParams({ base: base.value.trim(), period: period.value.trim() });
            if (sanctionedBy.value) u.set("sanctionedBy", sanctionedBy.value);
            (e.currentTarget as HTMLAnchorElement).href = `/v1/trade/report?${u}`;
          },
        },
        "Monitoring report (HTML)",
      ),
      h(
        "a",
        {
          id: "trade-report-pdf-link",
          href: "#",
          target: "_blank",
          onClick: (e: Event) => {
            // The same report as a PDF (server-side, from the same report model).
            const u = new URLSearchParams({ base: base.value.trim(), period: period.value.trim(), format: "pdf" });
            if (sanctionedBy.value) u.set("sanctionedBy", sanctionedBy.value);
            (e.currentTarget as HTMLAnchorElement).href = `/v1/trade/report?${u}`;
          },
        },
        "(PDF)",
      ),
    ),
  ),
  banner,
  out,
  h("h2", {}, "Revenue pressure: what Russia still earns"),
  revenueOut,
  h("h2", {}, "Hubs outside the product data"),
  hubsOut,
  h("h2", {}, "Coverage simulator"),
  h(
    "div",
    { className: "row" },
    h("label", {}, "Regime or scenario", regime),
    h("button", { id: "trade-simulate", onClick: () => void simulateRegime() }, "Simulate"),
  ),
  simOut,
);

void (async () => {
  try {
    const r = await api<{ members: string[]; scenarios: string[] }>("/v1/regimes");
    render(regime, ...[...r.members, ...r.scenarios].map((id) => h("option", { value: id }, id)));
    const sb = params.get("sanctionedBy") ?? "";
    render(
      sanctionedBy,
      h("option", { value: "" }, "any member"),
      ...r.members.map((m) => h("option", { value: m, selected: m === sb }, m)),
    );
  } catch {
    render(regime, h("option", { value: "EU" }, "EU"));
  }
  // One at a time: the server's DuckDB connection serves the page's queries in turn anyway.
  await load();
  await loadRevenue();
  await loadHubs();
  await simulateRegime();
})();
