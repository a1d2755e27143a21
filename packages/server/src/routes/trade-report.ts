/**
 * The monitoring report (HTML): an executive summary, alerts with their numbers, the hub ranking, index lines,
 * the revenue panel, the coverage simulator, data versions and caveats — built from the same engine calls as the
 * dashboard and the API, with charts drawn server-side as plain SVG. Served at `GET /v1/trade/report` and written by
 * `embargo trade report --out report.html`; the PDF (trade-report-pdf.ts) is drawn from the same {@link MonitorReport}.
 */
import type { Engine } from "@embargo/core";
import {
  type AlertPreset,
  type AlertResult,
  alerts,
  type GrowthResult,
  getTrade,
  growth,
  indexSeries,
  type RevenuePressureResult,
  revenuePressure,
  type SeriesResult,
  type SimulateResult,
  simulate,
  type Window,
} from "@embargo/core/trade";

/** Parameters of {@link buildMonitorReport}. */
export interface MonitorReportParams {
  base: Window;
  period: Window;
  dataset?: string;
  preset?: AlertPreset;
  sanctionedBy?: string[];
}

/** Everything the report shows, as data (`format=json`): the same objects the API returns. */
export interface MonitorReport {
  generatedAt: string;
  base: { from: string; to: string };
  period: { from: string; to: string };
  sanctioned: GrowthResult;
  allGoodsToRussia: GrowthResult;
  alerts: AlertResult;
  index: SeriesResult;
  revenue: RevenuePressureResult;
  simulation: SimulateResult;
  datasets: {
    name: string;
    origin: string;
    rows: number;
    ingestedAt: string;
    files: { file: string; sha256: string }[];
  }[];
  regimesVersion: string;
  caveats: string[];
}

/** Runs the engine calls behind the report. */
export async function buildMonitorReport(engine: Engine, p: MonitorReportParams): Promise<MonitorReport> {
  const ctx = await getTrade(engine);
  const dataset = p.dataset ?? "comext-cn8";
  const sb = p.sanctionedBy ? { sanctionedBy: p.sanctionedBy } : {};
  const sanctioned = await growth(ctx, {
    dataset,
    base: p.base,
    period: p.period,
    products: { kind: "sanctioned" },
    by: "partner",
    ...sb,
  });
  const allGoodsToRussia = await growth(ctx, {
    dataset,
    base: p.base,
    period: p.period,
    products: { kind: "all" },
    partners: ["RU"],
    by: "none",
  });
  const al = await alerts(ctx, {
    dataset,
    base: p.base,
    period: p.period,
    ...sb,
    ...(p.preset ? { preset: p.preset } : {}),
  });
  const index = await indexSeries(ctx, {
    dataset: "comext-totals",
    base: { from: "2019-01", to: "2021-12", freq: "M", length: 36 },
    span: { from: "2019-01", to: "2024-08", freq: "M", length: 68 },
    partners: ["AM", "GE", "KZ", "KG", "UZ", "RU"],
  });
  const revenue = await revenuePressure(ctx);
  const simulation = await simulate(ctx, { dataset, regime: "EU", year: "2021" });
  const datasets = (await ctx.listDatasets()).map((d) => ({
    name: d.name,
    origin: d.origin,
    rows: d.manifest.rows,
    ingestedAt: d.manifest.ingestedAt,
    files: d.manifest.files.map((f) => ({ file: f.file, sha256: f.sha256 })),
  }));
  const caveats = [
    ...new Set([
      ...sanctioned.windowCheck.warnings,
      ...al.notes,
      ...revenue.imports.notes,
      ...revenue.partners.notes,
      ...revenue.diamonds.notes,
      ...simulation.notes,
    ]),
  ];
  return {
    generatedAt: engine.clock.now().toISOString(),
    base: { from: p.base.from, to: p.base.to },
    period: { from: p.period.from, to: p.period.to },
    sanctioned,
    allGoodsToRussia,
    alerts: al,
    index,
    revenue,
    simulation,
    datasets,
    regimesVersion: al.regimesVersion,
    caveats,
  };
}

// ---- rendering -----------------------------------------------------------------------------------------------

const esc = (s: unknown) =>
  String(s).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
/** Whole units with thousands separators: the report's figures are exact to the unit (euro, dollar). */
export const exact = (v: number, cur: string) => `${cur} ${Math.round(v).toLocaleString("en-GB")}`;
/** A signed change as a percentage with one decimal ("n/a" without a base). */
export const pct = (v: number | null) => (v === null ? "n/a" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`);
/** A share as a percentage with one decimal. */
export const share = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
const COLOURS = ["#2e90fa", "#d92d20", "#12b76a", "#f79009", "#7a5af8", "#667085", "#ee46bc", "#0e9384"];

/** A line chart as standalone SVG (nulls break the line). */
export function lineSvg(o: {
  title: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  unit: string;
  marks?: { at: string; label: string }[];
  width?: number;
  height?: number;
}): string {
  const w = o.width ?? 760;
  const h = o.height ?? 280;
  const L = 56;
  const R = 12;
  const T = 34;
  const B = 30;
  const all = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1e-9, ...all);
  const x = (i: number) => L + (i * (w - L - R)) / Math.max(1, o.categories.length - 1);
  const y = (v: number) => T + (h - T - B) * (1 - v / max);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const every = Math.max(1, Math.ceil(o.categories.length / 10));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="sans-serif" font-size="10">`,
    `<title>${esc(o.title)}</title>`,
    ...ticks.map(
      (t) =>
        `<line x1="${L}" x2="${w - R}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eaecf0"/><text x="${L - 4}" y="${(y(t) + 3).toFixed(1)}" text-anchor="end">${esc(t >= 100 ? t.toFixed(0) : t.toFixed(1))}</text>`,
    ),
    `<text x="4" y="12">${esc(o.unit)}</text>`,
    ...o.categories.map((c, i) =>
      i % every === 0 ? `<text x="${x(i).toFixed(1)}" y="${h - 12}" text-anchor="middle">${esc(c)}</text>` : "",
    ),
    ...(o.marks ?? []).flatMap((m) => {
      const i = o.categories.indexOf(m.at);
      return i < 0
        ? []
        : [
            `<line x1="${x(i).toFixed(1)}" x2="${x(i).toFixed(1)}" y1="${T}" y2="${h - B}" stroke="#98a2b3" stroke-dasharray="3 3"><title>${esc(m.label)}</title></line>`,
          ];
    }),
    ...o.series.map((s, k) => {
      const segs: string[] = [];
      let cur = "";
      s.values.forEach((v, i) => {
        if (v === null) {
          if (cur) segs.push(cur);
          cur = "";
        } else cur += `${cur ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      });
      if (cur) segs.push(cur);
      return `<path d="${segs.join(" ")}" fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="1.6"><title>${esc(s.name)}</title></path>`;
    }),
    ...o.series.map(
      (s, k) =>
        `<rect x="${L + k * 90}" y="16" width="10" height="8" fill="${COLOURS[k % COLOURS.length]}"/><text x="${L + k * 90 + 14}" y="24">${esc(s.name)}</text>`,
    ),
    "</svg>",
  ];
  return parts.join("");
}

/** A horizontal bar chart as standalone SVG. */
export function barSvg(o: {
  title: string;
  bars: { label: string; value: number }[];
  unit: string;
  width?: number;
}): string {
  const w = o.width ?? 760;
  const rowH = 18;
  const h = 30 + o.bars.length * rowH;
  const L = 70;
  const max = Math.max(1e-9, ...o.bars.map((b) => Math.abs(b.value)));
  const min = Math.min(0, ...o.bars.map((b) => b.value));
  const span = max - min;
  const x = (v: number) => L + ((v - min) / span) * (w - L - 90);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="sans-serif" font-size="10">`,
    `<title>${esc(o.title)}</title><text x="4" y="12">${esc(o.unit)}</text>`,
    ...o.bars.map((b, i) => {
      const y0 = 22 + i * rowH;
      const a = x(Math.min(0, b.value));
      const wd = Math.abs(x(b.value) - x(0));
      return `<text x="${L - 6}" y="${y0 + 11}" text-anchor="end">${esc(b.label)}</text><rect x="${a.toFixed(1)}" y="${y0}" width="${wd.toFixed(1)}" height="${rowH - 5}" fill="${b.value < 0 ? "#98a2b3" : "#c4320a"}"/><text x="${(Math.max(x(b.value), x(0)) + 4).toFixed(1)}" y="${y0 + 11}">${esc((b.value / 1e6).toFixed(1))}</text>`;
    }),
    "</svg>",
  ].join("");
}

/** Alerts listed in the report (the highest; the API and the dashboard's CSV hold all). */
export const REPORT_ALERTS = 50;

const table = (head: string[], rows: (string | number)[][], id?: string) =>
  `<table${id ? ` id="${id}"` : ""}><thead><tr>${head.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

/** The alert table (header and formatted rows, the highest {@link REPORT_ALERTS}): shared by the HTML and the PDF. */
export function reportAlertTable(r: MonitorReport): { head: string[]; rows: string[][] } {
  const al = r.alerts;
  return {
    head: ["level", "route", "code", "CHPL", "base", "period", "growth", "excess"],
    rows: al.alerts
      .slice(0, REPORT_ALERTS)
      .map((a) => [
        a.level,
        `${a.reporter} → ${a.partner}`,
        a.code,
        a.chplTier ?? "",
        exact(a.baseValue, al.currency),
        exact(a.periodValue, al.currency),
        a.growth === null ? "new" : `×${a.growth.toFixed(2)}`,
        exact(a.excess, al.currency),
      ]),
  };
}

/** The hub ranking table (header and formatted rows): shared by the HTML and the PDF. */
export function reportHubTable(r: MonitorReport): { head: string[]; rows: (string | number)[][] } {
  const cur = r.alerts.currency;
  return {
    head: ["partner", "base", "period", "excess", "alerts"],
    rows: reportHubs(r).map((h) => [
      h.partner,
      exact(h.base, cur),
      exact(h.period, cur),
      exact(h.excess, cur),
      h.alerts,
    ]),
  };
}

/**
 * The executive summary's rows (figure, base, period, change), formatted: shared by the HTML and the PDF so both
 * print the same figures.
 */
export function reportSummaryRows(r: MonitorReport): string[][] {
  const s = r.sanctioned;
  const cur = s.currency;
  const pa = r.revenue.partners;
  const bi = pa.years.indexOf(pa.base);
  const pi = pa.years.indexOf(pa.period);
  const outside = s.windowCheck.status === "outside";
  return [
    [
      "sanctioned goods, EU exports, all partners",
      exact(s.base.value, cur),
      exact(s.period.value, cur),
      outside ? "n/a (outside the data)" : pct(s.change),
    ],
    [
      "all goods, EU exports to Russia",
      exact(r.allGoodsToRussia.base.value, cur),
      exact(r.allGoodsToRussia.period.value, cur),
      r.allGoodsToRussia.windowCheck.status === "outside" ? "n/a (outside the data)" : pct(r.allGoodsToRussia.change),
    ],
    [
      `Russia's exports to the world (IMF, ${pa.base} → ${pa.period})`,
      exact(pa.world.values[bi] ?? 0, pa.currency),
      exact(pa.world.values[pi] ?? 0, pa.currency),
      pct((pa.world.values[bi] ?? 0) > 0 ? (pa.world.values[pi] ?? 0) / (pa.world.values[bi] ?? 1) - 1 : null),
    ],
  ];
}

/** The hubs of the ranking (Russia and Belarus are destinations, not hubs). */
export const reportHubs = (r: MonitorReport) =>
  r.alerts.ranking.jurisdictions.filter((j) => j.partner !== "RU" && j.partner !== "BY");

/**
 * Said instead of the hub ranking when the period has no data: every hub would show a "negative excess" equal to
 * its base, which is an artefact of the window, not a fall.
 */
export const NOT_RANKED = "Hubs are not ranked: the period window is outside the data";

/** The executive summary's sentence (plain text): alert counts, the top hubs, where Russia's exports went. */
export function reportSummaryText(r: MonitorReport): string {
  const al = r.alerts;
  const pa = r.revenue.partners;
  const group = (id: string) => pa.groups.find((g) => g.id === id);
  const outside = r.sanctioned.windowCheck.status === "outside";
  const counts = outside
    ? "no data in the period window"
    : (["critical", "high", "elevated", "watch"] as const).map((l) => `${al.counts[l]} ${l}`).join(", ");
  const top = reportHubs(r)
    .slice(0, 3)
    .map((h) => `${h.partner} ${exact(h.excess, al.currency)}`)
    .join("; ");
  const hubs = outside ? NOT_RANKED : `Hubs with the largest excess of sanctioned goods: ${top}`;
  return `Alerts (${al.preset.id} v${al.preset.version}): ${counts}. ${hubs}. The coalition (EU + Annex VIII partners + G7) bought ${share(group("COALITION")?.shareBase ?? null)} of Russia's exports in ${pa.base} and ${share(group("COALITION")?.sharePeriod ?? null)} in ${pa.period}; the largest gain went to ${pa.gainers[0]?.partner ?? "-"} (${exact(pa.gainers[0]?.delta ?? 0, pa.currency)}).`;
}

/**
 * Renders the report as one self-contained, printable HTML page; `pdfHref` (when served) links the same report as
 * PDF.
 */
export function renderMonitorReport(r: MonitorReport, o: { pdfHref?: string } = {}): string {
  const s = r.sanctioned;
  const al = r.alerts;
  const im = r.revenue.imports;
  const pa = r.revenue.partners;
  const bi = pa.years.indexOf(pa.base);
  const pi = pa.years.indexOf(pa.period);
  const hubs = reportHubs(r);
  const alertTable = reportAlertTable(r);
  const hubTable = reportHubTable(r);
  const outside = s.windowCheck.status === "outside";
  const summary = reportSummaryRows(r);
  const css = `body{font-family:system-ui,sans-serif;margin:2rem;color:#101828;max-width:1000px}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #eaecf0;padding-bottom:.2rem}table{border-collapse:collapse;width:100%;font-size:.8rem;margin:.5rem 0}th,td{border-bottom:1px solid #eaecf0;padding:.25rem .4rem;text-align:left;vertical-align:top}.muted{color:#667085;font-size:.8rem}.warn{border:1px solid #b42318;background:#fef3f2;padding:.5rem 1rem;border-radius:4px}section{page-break-inside:avoid}@media print{body{margin:1cm}}`;
  const html = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embargo monitoring report ${esc(r.period.from)}…${esc(r.period.to)}</title><style>${css}</style></head><body>`,
    `<h1>Circumvention monitoring report: ${esc(r.period.from)}…${esc(r.period.to)} against ${esc(r.base.from)}…${esc(r.base.to)}</h1>`,
    `<p class="muted">Generated ${esc(r.generatedAt)} by Embargo from the same engine calls as the dashboard and the API. Alert preset <strong id="report-preset">${esc(al.preset.id)} v${esc(al.preset.version)}</strong>; regimes ${esc(r.regimesVersion)}. A flag means risk, not a violation.${o.pdfHref ? ` <a id="report-pdf-link" href="${esc(o.pdfHref)}">Download as PDF</a>` : ""}</p>`,
    s.windowCheck.warnings.length > 0
      ? `<div class="warn" id="report-window"${outside ? "" : ' style="border-color:#b54708;background:#fffaeb"'}><strong>Data coverage</strong><ul>${s.windowCheck.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul></div>`
      : "",
    `<section id="report-summary"><h2>Executive summary</h2>`,
    table(
      ["figure", `base ${r.base.from}…${r.base.to}`, `period ${r.period.from}…${r.period.to}`, "change"],
      summary,
      "report-summary-table",
    ),
    `<p>${esc(reportSummaryText(r))}</p></section>`,
    `<section><h2>Alerts and the numbers behind them</h2>`,
    table(alertTable.head, alertTable.rows, "report-alerts"),
    al.alerts.length > REPORT_ALERTS
      ? `<p class="muted">The ${REPORT_ALERTS} highest of ${al.alerts.length} alerts (levels first, then excess value); all of them: GET /v1/trade/alerts or the dashboard's CSV.</p>`
      : "",
    `</section><section><h2>Hub ranking (sanctioned goods, excess over the base run-rate)</h2>`,
    outside
      ? `<p class="warn" id="report-not-ranked">${esc(NOT_RANKED)}.</p>`
      : barSvg({
          title: "Hubs by excess value",
          unit: `${al.currency} m`,
          bars: hubs.map((h) => ({ label: h.partner, value: h.excess })),
        }),
    outside ? "" : table(hubTable.head, hubTable.rows, "report-ranking"),
    `</section><section><h2>EU exports to Russia and its neighbours, index (2019–2021 = 100)</h2>`,
    lineSvg({
      title: "Index lines",
      categories: r.index.periods,
      unit: "index",
      series: r.index.series.map((x) => ({ name: x.key, values: x.index })),
    }),
    `<p class="muted">All goods, comext-totals (Eurostat). Values beyond the data are left blank.</p></section>`,
    `<section><h2>Revenue pressure</h2><h3>${esc(im.jurisdiction)} imports from ${esc(im.origin)} against the import bans (${esc(im.currency)} bn)</h3>`,
    lineSvg({
      title: "Imports from Russia",
      categories: im.series[0]?.periods ?? [],
      unit: `${im.currency} bn`,
      series: im.series.map((x) => ({ name: x.label, values: x.values.map((v) => v / 1e9) })),
      marks: im.bans.map((b) => ({ at: b.effective.slice(0, 7), label: `${b.measureId} ${b.effective}` })),
    }),
    table(
      ["ban", "in force", "binds all", "measured on", "before / month", "after / month", "change", "status"],
      im.bans.map((b) => [
        b.measureId,
        b.effective,
        b.bindsFully,
        b.measuredAs.label,
        b.before ? exact(b.before.mean, im.currency) : "–",
        b.after ? exact(b.after.mean, im.currency) : "–",
        pct(b.change),
        b.status,
      ]),
      "report-bans",
    ),
    `<h3>Russia's exports by partner (${esc(pa.currency)}, IMF)</h3>`,
    table(
      ["group", pa.base, pa.period, `share ${pa.base}`, `share ${pa.period}`],
      pa.groups.map((g) => [
        g.label,
        exact(g.values[bi] ?? 0, pa.currency),
        exact(g.values[pi] ?? 0, pa.currency),
        share(g.shareBase),
        share(g.sharePeriod),
      ]),
    ),
    table(
      ["partner", pa.base, pa.period, "change"],
      pa.partners
        .slice(0, 15)
        .map((x) => [x.partner, exact(x.base, pa.currency), exact(x.period, pa.currency), pct(x.change)]),
    ),
    `<h3>Russia's rough-diamond production (Kimberley Process, press-reported, secondary)</h3>`,
    table(
      ["year", "carats", "value", "share of world carats"],
      r.revenue.diamonds.russia.map((x) => [
        x.year,
        x.carats === null ? "–" : Math.round(x.carats).toLocaleString("en-GB"),
        x.valueUsd === null ? "–" : exact(x.valueUsd, "USD"),
        share(x.shareOfWorldCarats),
      ]),
    ),
    `</section><section><h2>Coverage simulator: ${esc(r.simulation.regime)}, ${esc(r.simulation.year)}</h2>`,
    `<p>${esc(r.simulation.regime)} covers ${exact(r.simulation.covered, r.simulation.currency)} of ${exact(r.simulation.total, r.simulation.currency)} (${share(r.simulation.share)}) of ${esc(r.simulation.year)} exports to ${esc(r.simulation.destination)} [coverage ${esc(r.simulation.coverage)}].</p>`,
    table(
      ["chapter", "value", "covered"],
      r.simulation.byChapter
        .slice(0, 10)
        .map((c) => [c.chapter, exact(c.value, r.simulation.currency), exact(c.covered, r.simulation.currency)]),
    ),
    `</section><section><h2>Data versions</h2>`,
    table(
      ["dataset", "origin", "rows", "ingested", "source files (SHA-256)"],
      r.datasets.map((d) => [
        d.name,
        d.origin,
        d.rows,
        d.ingestedAt,
        d.files.map((f) => `${f.file} ${f.sha256.slice(0, 16)}…`).join("; "),
      ]),
      "report-datasets",
    ),
    `<p class="muted">Regimes ${esc(r.regimesVersion)}.</p></section>`,
    `<section><h2>Caveats</h2><ul>${r.caveats.map((c) => `<li>${esc(c)}</li>`).join("")}</ul></section>`,
    "</body></html>",
  ];
  return html.join("\n");
}
