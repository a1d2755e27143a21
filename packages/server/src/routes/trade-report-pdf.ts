/**
 * The monitoring report as PDF (pdfkit): the same {@link MonitorReport} and the same formatted figures as the HTML
 * report (`reportSummaryRows`, `reportSummaryText`, `exact`, `pct`, `share`), so the two cannot disagree; charts are
 * drawn with pdfkit's vector API from the same series the HTML's SVG charts use. Served at
 * `GET /v1/trade/report?format=pdf` and written by `embargo trade report --out report.pdf`.
 */
import type PDFDocument from "pdfkit";
import {
  exact,
  type MonitorReport,
  NOT_RANKED,
  pct,
  REPORT_ALERTS,
  reportAlertTable,
  reportHubs,
  reportHubTable,
  reportSummaryRows,
  reportSummaryText,
  share,
} from "./trade-report.ts";

export type Doc = InstanceType<typeof PDFDocument>;

const COLOURS = ["#2e90fa", "#d92d20", "#12b76a", "#f79009", "#7a5af8", "#667085", "#ee46bc", "#0e9384"];
export const MARGIN = 40;
export const FONT = "Helvetica";
export const BOLD = "Helvetica-Bold";

// The standard 14 fonts carry only WinAnsi glyphs (Latin-1 plus a few): spell the others out rather than let them
// print as blanks, so the text a reader extracts is what the HTML says.
const SPELLED: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "≥": ">=",
  "≤": "<=",
  "≠": "!=",
  "≈": "~",
  "−": "-",
  "‑": "-",
  "‐": "-",
};
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
/** Text in the glyphs a standard PDF font has (exported for the test). */
export const pdfText = (s: unknown) =>
  [...String(s)]
    .map((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) return ch;
      if (ch === "\n" || ch === "\t") return " ";
      return SPELLED[ch] ?? "?";
    })
    .join("");

export const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc) => doc.page.height - MARGIN;
/** Starts a new page when fewer than `h` points are left. */
export const room = (doc: Doc, h: number) => {
  if (doc.y + h > bottom(doc)) doc.addPage();
};

export const h1 = (doc: Doc, s: string) => doc.font(BOLD).fontSize(15).fillColor("#101828").text(pdfText(s), MARGIN);
/** A section heading kept on the page with the next `keep` points of what follows. */
export const h2 = (doc: Doc, s: string, keep = 60) => {
  room(doc, keep);
  doc.moveDown(0.8).font(BOLD).fontSize(11.5).fillColor("#101828").text(pdfText(s), MARGIN);
  doc
    .moveTo(MARGIN, doc.y + 1)
    .lineTo(MARGIN + contentWidth(doc), doc.y + 1)
    .lineWidth(0.5)
    .strokeColor("#eaecf0")
    .stroke();
  doc.moveDown(0.4);
};
/** A sub-heading kept on the page with the next `keep` points (a chart's height) of what follows. */
export const h3 = (doc: Doc, s: string, keep = 50) => {
  room(doc, keep);
  doc.moveDown(0.5).font(BOLD).fontSize(9.5).fillColor("#101828").text(pdfText(s), MARGIN);
  doc.moveDown(0.2);
};
export const para = (doc: Doc, s: string, o: { muted?: boolean } = {}) => {
  doc
    .font(FONT)
    .fontSize(o.muted ? 7.5 : 8.5)
    .fillColor(o.muted ? "#667085" : "#101828")
    .text(pdfText(s), MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
};

/** A table that breaks across pages (header repeated); column widths are relative weights. */
export function table(doc: Doc, head: string[], rows: (string | number)[][], weights?: number[]) {
  const w = contentWidth(doc);
  const ws = weights ?? head.map(() => 1);
  const sum = ws.reduce((a, b) => a + b, 0);
  const cols = ws.map((x) => (x / sum) * w);
  const pad = 2;
  const size = 7;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? BOLD : FONT).fontSize(size);
    const hs = cells.map((c, i) => doc.heightOfString(c, { width: (cols[i] ?? 0) - 2 * pad }));
    const h = Math.max(...hs) + 2 * pad;
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      if (!bold) drawRow(head.map(pdfText), true);
      doc.font(bold ? BOLD : FONT).fontSize(size);
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor("#101828").text(c, x + pad, y + pad, { width: (cols[i] ?? 0) - 2 * pad });
      x += cols[i] ?? 0;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + w, y + h)
      .lineWidth(0.4)
      .strokeColor(bold ? "#98a2b3" : "#eaecf0")
      .stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  room(doc, 40);
  drawRow(head.map(pdfText), true);
  for (const r of rows) drawRow(r.map(pdfText), false);
  doc.moveDown(0.5);
}

/** A line chart (nulls break the line), the same geometry as the HTML report's `lineSvg`. */
function lineChart(
  doc: Doc,
  o: {
    categories: string[];
    series: { name: string; values: (number | null)[] }[];
    unit: string;
    marks?: { at: string; label: string }[];
  },
) {
  const w = contentWidth(doc);
  const h = 200;
  room(doc, h + 10);
  const X0 = MARGIN;
  const Y0 = doc.y;
  const L = 42;
  const R = 8;
  const T = 30;
  const B = 22;
  const all = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1e-9, ...all);
  const x = (i: number) => X0 + L + (i * (w - L - R)) / Math.max(1, o.categories.length - 1);
  const y = (v: number) => Y0 + T + (h - T - B) * (1 - v / max);
  doc.font(FONT).fontSize(7).fillColor("#344054");
  doc.text(pdfText(o.unit), X0, Y0 + 2, { lineBreak: false });
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const t = f * max;
    doc
      .moveTo(X0 + L, y(t))
      .lineTo(X0 + w - R, y(t))
      .lineWidth(0.4)
      .strokeColor("#eaecf0")
      .stroke();
    doc.fillColor("#344054").text(t >= 100 ? t.toFixed(0) : t.toFixed(1), X0, y(t) - 3, {
      width: L - 4,
      align: "right",
      lineBreak: false,
    });
  }
  const every = Math.max(1, Math.ceil(o.categories.length / 10));
  o.categories.forEach((c, i) => {
    if (i % every === 0)
      doc.text(pdfText(c), x(i) - 20, Y0 + h - B + 5, { width: 40, align: "center", lineBreak: false });
  });
  for (const m of o.marks ?? []) {
    const i = o.categories.indexOf(m.at);
    if (i < 0) continue;
    doc
      .moveTo(x(i), Y0 + T)
      .lineTo(x(i), Y0 + h - B)
      .lineWidth(0.6)
      .dash(2, { space: 2 })
      .strokeColor("#98a2b3")
      .stroke()
      .undash();
  }
  o.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length] ?? "#000";
    let open = false;
    s.values.forEach((v, i) => {
      if (v === null) open = false;
      else if (!open) {
        doc.moveTo(x(i), y(v));
        open = true;
      } else doc.lineTo(x(i), y(v));
    });
    doc.lineWidth(1.2).strokeColor(colour).stroke();
    doc
      .rect(X0 + L + k * 80, Y0 + 14, 8, 6)
      .fillColor(colour)
      .fill();
    doc
      .fillColor("#344054")
      .text(pdfText(s.name), X0 + L + k * 80 + 11, Y0 + 13.5, { width: 68, lineBreak: false, ellipsis: true });
  });
  doc.x = MARGIN;
  doc.y = Y0 + h + 4;
}

/** A horizontal bar chart (values in millions), the same geometry as the HTML report's `barSvg`. */
function barChart(doc: Doc, o: { bars: { label: string; value: number }[]; unit: string }) {
  const w = contentWidth(doc);
  const rowH = 13;
  const h = 22 + o.bars.length * rowH;
  room(doc, h + 10);
  const X0 = MARGIN;
  const Y0 = doc.y;
  const L = 50;
  const max = Math.max(1e-9, ...o.bars.map((b) => Math.abs(b.value)));
  const min = Math.min(0, ...o.bars.map((b) => b.value));
  const span = max - min;
  const x = (v: number) => X0 + L + ((v - min) / span) * (w - L - 60);
  doc
    .font(FONT)
    .fontSize(7)
    .fillColor("#344054")
    .text(pdfText(o.unit), X0, Y0 + 2, { lineBreak: false });
  o.bars.forEach((b, i) => {
    const y0 = Y0 + 16 + i * rowH;
    doc.fillColor("#344054").text(pdfText(b.label), X0, y0 + 2, { width: L - 6, align: "right", lineBreak: false });
    doc
      .rect(x(Math.min(0, b.value)), y0, Math.max(0.5, Math.abs(x(b.value) - x(0))), rowH - 4)
      .fillColor(b.value < 0 ? "#98a2b3" : "#c4320a")
      .fill();
    doc
      .fillColor("#344054")
      .text((b.value / 1e6).toFixed(1), Math.max(x(b.value), x(0)) + 4, y0 + 2, { lineBreak: false });
  });
  doc.x = MARGIN;
  doc.y = Y0 + h + 4;
}

/**
 * pdfkit, imported on first use: loading it (with its font and layout libraries) costs ~0.35 s of CPU, which every
 * server start paid before a PDF was ever asked for (issue 10).
 */
export async function loadPdfKit(): Promise<typeof PDFDocument> {
  return (await import("pdfkit")).default;
}

/** Renders the report as a PDF (A4); resolves to the file's bytes. */
export async function renderMonitorReportPdf(r: MonitorReport): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Embargo monitoring report ${r.period.from}-${r.period.to}`,
      Author: "Embargo",
      Subject: `Circumvention monitoring, ${r.period.from}-${r.period.to} against ${r.base.from}-${r.base.to}`,
      // The report's own timestamp, so the same report gives the same file.
      CreationDate: new Date(r.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const s = r.sanctioned;
  const al = r.alerts;
  const im = r.revenue.imports;
  const pa = r.revenue.partners;
  const bi = pa.years.indexOf(pa.base);
  const pi = pa.years.indexOf(pa.period);
  const hubs = reportHubs(r);
  const outside = s.windowCheck.status === "outside";

  h1(doc, `Circumvention monitoring report: ${r.period.from}…${r.period.to} against ${r.base.from}…${r.base.to}`);
  doc.moveDown(0.3);
  para(
    doc,
    `Generated ${r.generatedAt} by Embargo from the same engine calls as the dashboard and the API. Alert preset ${al.preset.id} v${al.preset.version}; regimes ${r.regimesVersion}. A flag means risk, not a violation.`,
    { muted: true },
  );
  if (s.windowCheck.warnings.length > 0) {
    h3(doc, outside ? "Data coverage: the period is outside the data" : "Data coverage");
    for (const w of s.windowCheck.warnings) para(doc, `- ${w}`);
  }

  h2(doc, "Executive summary");
  table(
    doc,
    ["figure", `base ${r.base.from}…${r.base.to}`, `period ${r.period.from}…${r.period.to}`, "change"],
    reportSummaryRows(r),
    [3, 2, 2, 1.4],
  );
  para(doc, reportSummaryText(r));

  h2(doc, "Alerts and the numbers behind them");
  const alertTable = reportAlertTable(r);
  table(doc, alertTable.head, alertTable.rows, [1, 1.1, 1, 0.6, 1.6, 1.6, 0.8, 1.6]);
  if (al.alerts.length === 0)
    para(doc, outside ? "No alerts: no data in the period window." : "No alerts at this preset's thresholds.");
  if (al.alerts.length > REPORT_ALERTS)
    para(
      doc,
      `The ${REPORT_ALERTS} highest of ${al.alerts.length} alerts (levels first, then excess value); all of them: GET /v1/trade/alerts or the dashboard's CSV.`,
      { muted: true },
    );

  h2(doc, "Hub ranking (sanctioned goods, excess over the base run-rate)");
  if (outside) para(doc, `${NOT_RANKED}.`);
  else {
    barChart(doc, { unit: `${al.currency} m`, bars: hubs.map((h) => ({ label: h.partner, value: h.excess })) });
    const hubTable = reportHubTable(r);
    table(doc, hubTable.head, hubTable.rows);
  }

  h2(doc, "EU exports to Russia and its neighbours, index (2019–2021 = 100)", 250);
  lineChart(doc, {
    categories: r.index.periods,
    unit: "index",
    series: r.index.series.map((x) => ({ name: x.key, values: x.index })),
  });
  para(doc, "All goods, comext-totals (Eurostat). Values beyond the data are left blank.", { muted: true });

  h2(doc, "Revenue pressure", 290);
  h3(doc, `${im.jurisdiction} imports from ${im.origin} against the import bans (${im.currency} bn)`, 240);
  lineChart(doc, {
    categories: im.series[0]?.periods ?? [],
    unit: `${im.currency} bn`,
    series: im.series.map((x) => ({ name: x.label, values: x.values.map((v) => v / 1e9) })),
    marks: im.bans.map((b) => ({ at: b.effective.slice(0, 7), label: `${b.measureId} ${b.effective}` })),
  });
  para(doc, "Dashed lines: the import bans' dates of entry into force (from the regimes).", { muted: true });
  table(
    doc,
    ["ban", "in force", "binds all", "measured on", "before / month", "after / month", "change", "status"],
    im.bans.map((b) => [
      b.measureId,
      b.effective,
      String(b.bindsFully),
      b.measuredAs.label,
      b.before ? exact(b.before.mean, im.currency) : "–",
      b.after ? exact(b.after.mean, im.currency) : "–",
      pct(b.change),
      b.status,
    ]),
    [1.7, 1, 1, 1.3, 1.5, 1.5, 0.7, 1.1],
  );
  h3(doc, `Russia's exports by partner (${pa.currency}, IMF)`);
  table(
    doc,
    ["group", pa.base, pa.period, `share ${pa.base}`, `share ${pa.period}`],
    pa.groups.map((g) => [
      g.label,
      exact(g.values[bi] ?? 0, pa.currency),
      exact(g.values[pi] ?? 0, pa.currency),
      share(g.shareBase),
      share(g.sharePeriod),
    ]),
    [2.4, 1.5, 1.5, 1, 1],
  );
  table(
    doc,
    ["partner", pa.base, pa.period, "change"],
    pa.partners
      .slice(0, 15)
      .map((x) => [x.partner, exact(x.base, pa.currency), exact(x.period, pa.currency), pct(x.change)]),
  );
  h3(doc, "Russia's rough-diamond production (Kimberley Process, press-reported, secondary)");
  table(
    doc,
    ["year", "carats", "value", "share of world carats"],
    r.revenue.diamonds.russia.map((x) => [
      x.year,
      x.carats === null ? "–" : Math.round(x.carats).toLocaleString("en-GB"),
      x.valueUsd === null ? "–" : exact(x.valueUsd, "USD"),
      share(x.shareOfWorldCarats),
    ]),
  );

  const sim = r.simulation;
  h2(doc, `Coverage simulator: ${sim.regime}, ${sim.year}`);
  para(
    doc,
    `${sim.regime} covers ${exact(sim.covered, sim.currency)} of ${exact(sim.total, sim.currency)} (${share(sim.share)}) of ${sim.year} exports to ${sim.destination} [coverage ${sim.coverage}].`,
  );
  table(
    doc,
    ["chapter", "value", "covered"],
    sim.byChapter.slice(0, 10).map((c) => [c.chapter, exact(c.value, sim.currency), exact(c.covered, sim.currency)]),
  );

  h2(doc, "Data versions");
  table(
    doc,
    ["dataset", "origin", "rows", "ingested", "source files (SHA-256)"],
    r.datasets.map((d) => [
      d.name,
      d.origin,
      d.rows,
      d.ingestedAt,
      d.files.map((f) => `${f.file} ${f.sha256.slice(0, 16)}…`).join("; "),
    ]),
    [1.2, 1, 0.8, 1.6, 4],
  );
  para(doc, `Regimes ${r.regimesVersion}. Alert preset ${al.preset.id} v${al.preset.version}.`, { muted: true });

  h2(doc, "Caveats");
  for (const c of r.caveats) para(doc, `- ${c}`);

  // Page numbers, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text in the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(7)
      .fillColor("#667085")
      .text(`Embargo monitoring report - page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 12, {
        width: contentWidth(doc),
        align: "right",
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
