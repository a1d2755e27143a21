import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "../app.ts";
import { NOT_RANKED } from "./trade-report.ts";
import { pdfText } from "./trade-report-pdf.ts";

const app = createApp({ engine: createEngine(), web: false });
const win = "base=2021-03:2021-11&period=2022-03:2022-11";
const eur = (v: number) => `EUR ${Math.round(v).toLocaleString("en-GB")}`;
const usd = (v: number) => `USD ${Math.round(v).toLocaleString("en-GB")}`;

/** The text of a PDF as poppler's pdftotext reads it (a real reader, not our own writer's view). */
function pdfToText(pdf: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-pdf-"));
  const file = path.join(dir, "report.pdf");
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

interface ReportJson {
  sanctioned: { base: { value: number }; period: { value: number } };
  allGoodsToRussia: { base: { value: number }; period: { value: number } };
  alerts: {
    alerts: { excess: number; baseValue: number; periodValue: number }[];
    preset: { id: string; version: string };
  };
  revenue: { partners: { base: string; period: string; years: string[]; world: { values: number[] } } };
  simulation: { covered: number; total: number };
}

test("GET /v1/trade/report?format=pdf is a PDF whose text holds the API's figures to the euro", async () => {
  const res = await app.request(`/v1/trade/report?${win}&format=pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  const pdf = new Uint8Array(await res.arrayBuffer());
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString("latin1"), "%PDF-");
  assert.match(Buffer.from(pdf.subarray(-8)).toString("latin1"), /%%EOF\s*$/);
  const text = pdfToText(pdf);
  const info = execFileSync("pdfinfo", ["-"], { input: pdf, encoding: "utf8" });
  assert.match(info, /Pages:\s+([2-9]|\d\d)/);

  // The API's own figures for the same window (the growth endpoint, not the report's JSON).
  const api = async (p: string) => {
    const r = await app.request(p);
    assert.equal(r.status, 200);
    return (await r.json()) as { base: { value: number }; period: { value: number } };
  };
  const sanctioned = await api(`/v1/trade/growth?${win}&products=sanctioned&by=partner`);
  const toRussia = await api(`/v1/trade/growth?${win}&partners=RU&by=none`);
  for (const v of [sanctioned.base.value, sanctioned.period.value, toRussia.base.value, toRussia.period.value])
    assert.ok(text.includes(eur(v)), `PDF text lacks ${eur(v)}`);

  const report = (await (await app.request(`/v1/trade/report?${win}&format=json`)).json()) as ReportJson;
  assert.equal(report.sanctioned.base.value, sanctioned.base.value);
  const pa = report.revenue.partners;
  assert.ok(text.includes(usd(pa.world.values[pa.years.indexOf(pa.period)] ?? Number.NaN)));
  const top = report.alerts.alerts[0];
  assert.ok(top && text.includes(eur(top.excess)) && text.includes(eur(top.periodValue)));
  assert.ok(text.includes(eur(report.simulation.covered)));
  assert.match(text, new RegExp(`${report.alerts.preset.id} v${report.alerts.preset.version.replaceAll(".", "\\.")}`));
  for (const heading of [
    "Executive summary",
    "Alerts and the numbers behind them",
    "Hub ranking",
    "Hubs with the largest excess",
    "index (2019",
    "Revenue pressure",
    "Coverage simulator",
    "Data versions",
    "Caveats",
  ])
    assert.ok(text.includes(heading), `PDF text lacks the section ${heading}`);
});

test("the HTML report links the same report as PDF", async () => {
  const res = await app.request(`/v1/trade/report?${win}&sanctionedBy=EU`);
  const html = await res.text();
  const href = html.match(/id="report-pdf-link" href="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
  assert.ok(href, "no PDF link");
  const u = new URL(href, "http://x");
  assert.deepEqual(
    [u.pathname, u.searchParams.get("base"), u.searchParams.get("period"), u.searchParams.get("sanctionedBy")],
    ["/v1/trade/report", "2021-03:2021-11", "2022-03:2022-11", "EU"],
  );
  assert.equal(u.searchParams.get("format"), "pdf");
  const pdf = await app.request(href);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
});

test("a PDF report on a window beyond the data says so", async () => {
  const res = await app.request("/v1/trade/report?base=2021-03:2021-11&period=2023-03:2023-11&format=pdf");
  assert.equal(res.status, 200);
  const text = pdfToText(new Uint8Array(await res.arrayBuffer()));
  assert.match(text, /the period is outside the data/);
  assert.match(text, /n\/a \(outside the data\)/);
  // No hub ranking of "negative excess" made by the empty window, and no alert.
  assert.ok(text.includes(NOT_RANKED));
  assert.doesNotMatch(text, /Hubs with the largest excess/);
  assert.match(text, /No alerts: no data in the period window/);
});

test("pdfText spells out what the standard fonts cannot print", () => {
  assert.equal(pdfText("DE → KZ ≥ 2 × 3 … EUR – é"), "DE -> KZ >= 2 × 3 … EUR – é");
  assert.equal(pdfText("a\nb"), "a b");
});
