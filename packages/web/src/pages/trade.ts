// Circumvention monitor dashboard: index-to-baseline lines, hub ranking, exporter → hub → Russia flows, alerts,
// anomalies and the regime coverage simulator. State lives in the URL (?base=…&period=…&products=…).
import * as echarts from "echarts";
import { api, errorText } from "../lib/api.ts";
import { appRoot, badge, h, render } from "../lib/dom.ts";

interface Growth {
  base: { from: string; to: string; value: number };
  period: { from: string; to: string; value: number };
  change: number | null;
  currency: string;
  groups: { key: string; base: number; period: number; change: number | null; excess: number }[];
  notes: string[];
}
interface Anomalies {
  count: number;
  periodValueShare: number | null;
  marketsConsidered: number;
  currency: string;
  markets: {
    reporter: string;
    partner: string;
    code: string;
    baseValue: number;
    periodValue: number;
    growth: number | null;
  }[];
  notes: string[];
}
interface Alerts {
  preset: { id: string; version: string };
  counts: Record<string, number>;
  currency: string;
  alerts: { level: string; reporter: string; partner: string; code: string; excess: number; explanation: string }[];
  notes: string[];
}
interface Series {
  periods: string[];
  currency: string;
  series: { key: string; baseMean: number; index: (number | null)[] }[];
}
interface Flows {
  currency: string;
  nodes: { name: string; column: string }[];
  links: { source: string; target: string; value: number; leg: string }[];
  onwardSupported: boolean;
  notes: string[];
}
interface Simulation {
  regime: string;
  year: string;
  currency: string;
  total: number;
  covered: number;
  share: number | null;
  coverage: string;
  byChapter: { chapter: string; value: number; covered: number }[];
  byExemptionCategory: { category: string; value: number }[];
  notes: string[];
}

const root = appRoot();
const params = new URL(location.href).searchParams;
const field = (id: string, value: string, size = 16) => h("input", { id, value, size });
const base = field("trade-base", params.get("base") ?? "2021-03:2021-11");
const period = field("trade-period", params.get("period") ?? "2022-03:2022-11");
const products = h(
  "select",
  { id: "trade-products" },
  ...["sanctioned", "all"].map((p) =>
    h("option", { value: p, selected: (params.get("products") ?? "sanctioned") === p }, p),
  ),
);
const minValue = field("trade-min-value", params.get("minValue") ?? "10000000", 10);
const minGrowth = field("trade-min-growth", params.get("minGrowth") ?? "2", 4);
const regime = h("select", { id: "trade-regime" });
const out = h("div", { id: "trade-out" });

const money = (v: number, cur: string) =>
  `${cur} ${Math.abs(v) >= 1e9 ? `${(v / 1e9).toFixed(2)}bn` : Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}m` : Math.round(v).toLocaleString("en-GB")}`;
const pct = (v: number | null) => (v === null ? "n/a" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`);
const chartBox = (id: string, height = 320) =>
  h("div", { id, className: "chart", style: `width:100%;height:${height}px` });

function qs(extra: Record<string, string>): string {
  const u = new URLSearchParams({
    base: base.value.trim(),
    period: period.value.trim(),
    products: products.value,
    ...extra,
  });
  return u.toString();
}

function notesOf(ns: string[]): HTMLElement[] {
  return ns.map((n) => h("p", { className: "muted" }, `Note: ${n}`));
}

async function load(): Promise<void> {
  const state = new URLSearchParams({
    base: base.value.trim(),
    period: period.value.trim(),
    products: products.value,
    minValue: minValue.value.trim(),
    minGrowth: minGrowth.value.trim(),
  });
  history.replaceState(null, "", `?${state}`);
  render(out, h("p", { className: "muted" }, "Computing…"));
  try {
    const [g, a, al, s, f] = await Promise.all([
      api<Growth>(`/v1/trade/growth?${qs({ by: "partner" })}`),
      api<Anomalies>(
        `/v1/trade/anomalies?${qs({ minValue: minValue.value.trim(), minGrowth: minGrowth.value.trim(), limit: "25" })}`,
      ),
      api<Alerts>(`/v1/trade/alerts?${qs({ limit: "15" })}`),
      api<Series>(
        "/v1/trade/series?dataset=comext-totals&base=2019-01:2021-12&span=2019-01:2024-08&partners=AM,GE,KZ,KG,UZ,RU",
      ),
      api<Flows>(`/v1/trade/flows?${qs({ topExporters: "8" })}`),
    ]);
    const cur = g.currency;
    const indexChart = chartBox("trade-index", 340);
    const rankChart = chartBox("trade-ranking", 320);
    const flowChart = chartBox("trade-flows", 380);
    render(
      out,
      h(
        "div",
        { className: "row" },
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, `Base ${g.base.from}…${g.base.to}`),
          h("strong", {}, money(g.base.value, cur)),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, `Period ${g.period.from}…${g.period.to}`),
          h("strong", {}, money(g.period.value, cur)),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, "Change"),
          h("strong", { id: "trade-change" }, pct(g.change)),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, "Anomalous markets"),
          h("strong", { id: "trade-anomaly-count" }, `${a.count} of ${a.marketsConsidered}`),
          h("div", { className: "muted" }, `${pct(a.periodValueShare).replace("+", "")} of the period's value`),
        ),
        h(
          "div",
          { className: "card" },
          h("div", { className: "muted" }, `Alerts (${al.preset.id} v${al.preset.version})`),
          h(
            "div",
            {},
            ...["critical", "high", "elevated", "watch"].map((l) => h("span", {}, badge(l), ` ${al.counts[l] ?? 0} `)),
          ),
        ),
      ),
      h("h2", {}, "EU exports to Russia and its neighbours, index (2019–2021 monthly mean = 100)"),
      h("p", { className: "muted" }, "All goods, sum of EU member states (dataset comext-totals). Source: Eurostat."),
      indexChart,
      h(
        "div",
        { className: "row", style: "align-items:flex-start" },
        h("div", { style: "flex:1 1 420px;min-width:360px" }, h("h2", {}, "Hubs ranked by excess value"), rankChart),
        h(
          "div",
          { style: "flex:1 1 520px;min-width:420px" },
          h("h2", {}, "Exporter → hub → Russia"),
          flowChart,
          ...notesOf(f.notes),
        ),
      ),
      h("h2", {}, "Alerts"),
      h(
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
      h("h2", {}, `Anomalies: period value ≥ ${money(Number(minValue.value), cur)} and growth ≥ ×${minGrowth.value}`),
      h(
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
    const lines = echarts.init(indexChart);
    lines.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "category", data: s.periods },
      yAxis: { type: "value", name: "index" },
      series: s.series.map((x, i) => ({
        name: x.key,
        type: "line",
        showSymbol: false,
        data: x.index,
        ...(i === 0
          ? { markLine: { silent: true, symbol: "none", data: [{ yAxis: 100 }], label: { show: false } } }
          : {}),
      })),
    });
    const hubs = g.groups.filter((x) => x.key !== "RU" && x.key !== "BY");
    const bars = echarts.init(rankChart);
    bars.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v: number) => money(v, cur) },
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", data: hubs.map((x) => x.key) },
      yAxis: { type: "value", name: `${cur} m`, axisLabel: { formatter: (v: number) => (v / 1e6).toFixed(0) } },
      series: [{ type: "bar", data: hubs.map((x) => x.excess), itemStyle: { color: "#c4320a" } }],
    });
    const sankey = echarts.init(flowChart);
    const label = (n: string) => n.replace(/^(exp|hub|dest):/, "");
    sankey.setOption({
      animation: false,
      tooltip: { trigger: "item", valueFormatter: (v: number) => money(v, f.currency) },
      series: [
        {
          type: "sankey",
          left: 10,
          right: 60,
          nodeAlign: "justify",
          data: f.nodes.map((n) => ({ name: n.name, depth: n.column === "exporter" ? 0 : n.column === "hub" ? 1 : 2 })),
          links: f.links.map((l) => ({ source: l.source, target: l.target, value: l.value })),
          label: { formatter: (p: { name: string }) => label(p.name) },
          lineStyle: { color: "gradient", opacity: 0.4 },
        },
      ],
    });
    window.addEventListener("resize", () => {
      lines.resize();
      bars.resize();
      sankey.resize();
    });
  } catch (e) {
    render(out, h("p", { className: "error" }, errorText(e)));
  }
}

const simOut = h("div", { id: "trade-sim-out" });
async function simulateRegime(): Promise<void> {
  render(simOut, h("p", { className: "muted" }, "Computing…"));
  try {
    const r = await api<Simulation>(`/v1/trade/simulate?regime=${encodeURIComponent(regime.value)}&year=2021`);
    render(
      simOut,
      h(
        "p",
        { id: "trade-sim-summary" },
        h(
          "strong",
          {},
          `${r.regime}: ${money(r.covered, r.currency)} of ${money(r.total, r.currency)} (${pct(r.share).replace("+", "")})`,
        ),
        ` of ${r.year} EU exports to Russia `,
        badge(r.coverage),
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
    "EU exports of goods to Russia and its neighbours (Eurostat Comext, EUR, vintage Jan 2023). A flag means risk, not a violation: bans phased in, wind-down periods, partial codes and grandfathered contracts make many flows legal. Source: Eurostat.",
  ),
  h(
    "div",
    { className: "row" },
    h("label", {}, "Base", base),
    h("label", {}, "Period", period),
    h("label", {}, "Products", products),
    h("label", {}, "Min value", minValue),
    h("label", {}, "Min growth ×", minGrowth),
    h("button", { id: "trade-apply", onClick: () => void load() }, "Apply"),
  ),
  out,
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
  } catch {
    render(regime, h("option", { value: "EU" }, "EU"));
  }
  await load();
  await simulateRegime();
})();
