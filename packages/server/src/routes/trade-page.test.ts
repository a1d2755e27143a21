// Browser tests of the trade dashboard (Debian Chromium via playwright-core); they write screenshots to
// bench/out/screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { bundledDataDir, createEngine } from "@embargo/core";
import { openTradeDb, sql } from "@embargo/core/trade";
import { browserAvailable, withBrowserPage } from "@embargo/server/testing";
import type { Page } from "playwright-core";

const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));
const skip = !browserAvailable() && "no Chromium";

/** Clicks a download button and returns the file's text. */
async function download(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(path, "utf8") };
}

const parseCsv = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(","));

test("the trade dashboard: charts, alerts, revenue, hubs and simulator; CSV equals the SQL; PNG and SVG", {
  skip,
  timeout: 180_000,
}, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(
    createEngine(),
    async (page, base) => {
      await page.goto(`${base}/trade`);
      await page.waitForSelector("#trade-anomalies", { timeout: 90_000 });
      await page.waitForSelector("#trade-bans", { timeout: 90_000 });
      await page.waitForSelector("#trade-hubs-note", { timeout: 90_000 });
      await page.waitForSelector("#trade-sim-summary", { timeout: 90_000 });
      for (const id of [
        "#trade-index",
        "#trade-ranking",
        "#trade-flows",
        "#trade-imports",
        "#trade-partner-groups",
        "#trade-partner-top",
        "#trade-hub-series",
      ])
        assert.equal(await page.locator(`${id} canvas`).count(), 1, `${id} has a canvas`);
      assert.match((await page.textContent("#trade-change")) ?? "", /%$/);
      assert.ok((await page.locator("#trade-anomalies tbody tr").count()) > 0);
      assert.ok((await page.locator("#trade-alerts tbody tr").count()) > 0);
      assert.match((await page.textContent("#trade-sim-summary")) ?? "", /EUR .* of .*2021 EU exports to Russia/);
      // The flow legend names both drawn legs and says the onward leg is not drawn.
      const legend = (await page.textContent("#trade-flows-legend")) ?? "";
      assert.match(legend, /EU member → hub/);
      assert.match(legend, /hub → Russia: not drawn/);
      // Hubs the product data lack are named, with the series that exist.
      const hubs = (await page.textContent("#trade-hubs")) ?? "";
      assert.match(hubs, /Not in the product-level data: .*AE.*TR/);
      assert.match(hubs, /imf-russia: all goods exports, annual 2016…2024/);
      // Import bans come from the regimes: the table names measures and their status.
      assert.match((await page.textContent("#trade-bans")) ?? "", /measured/);
      assert.match((await page.textContent("#trade-kp")) ?? "", /m ct/);
      await page.screenshot({ path: `${shots}trade.png`, fullPage: true });
      // The report link opens the monitoring report of the page's window.
      const [popup] = await Promise.all([page.waitForEvent("popup"), page.click("#trade-report-link")]);
      await popup.waitForSelector("#report-summary-table", { timeout: 120_000 });
      assert.match(popup.url(), /\/v1\/trade\/report\?base=2021-03%3A2021-11&period=2022-03%3A2022-11/);
      // Its PDF link names the same report as a PDF.
      const pdfHref = (await popup.getAttribute("#report-pdf-link", "href")) ?? "";
      assert.match(pdfHref, /base=2021-03%3A2021-11&period=2022-03%3A2022-11.*format=pdf/);
      await popup.close();
      // The dashboard's PDF link: the page's window as PDF (followed here by a request, not a viewer).
      const dashPdf = await page.$eval("#trade-report-pdf-link", (a) => {
        a.addEventListener("click", (e) => e.preventDefault());
        (a as HTMLAnchorElement).click();
        return (a as HTMLAnchorElement).href;
      });
      assert.match(dashPdf, /\/v1\/trade\/report\?base=2021-03%3A2021-11&period=2022-03%3A2022-11.*format=pdf/);
      const pdfRes = await page.request.get(dashPdf);
      assert.equal(pdfRes.headers()["content-type"], "application/pdf");
      assert.equal((await pdfRes.body()).subarray(0, 5).toString("latin1"), "%PDF-");

      // The ranking chart's CSV equals a hand-written SQL over the bundled Parquet (sanctioned goods are the
      // codes the API tagged: check the totals per partner against the API's own growth result, and the all-goods
      // selection against SQL directly).
      await page.selectOption("#trade-products", "all");
      await page.click("#trade-apply");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("products") === "all");
      await page.waitForSelector("#trade-ranking canvas", { timeout: 90_000 });
      const csv = await download(page, "#trade-ranking-csv");
      assert.match(csv.name, /^ranking_2021-03-2021-11_2022-03-2022-11\.csv$/);
      const rows = parseCsv(csv.text);
      assert.deepEqual(rows[0], ["partner", "base_value", "period_value", "change", "excess", "currency"]);
      const db = await openTradeDb(1);
      const ref = await db.all<{ partner: string; b: number; p: number }>(
        sql`SELECT partner, sum(value) FILTER (WHERE period BETWEEN '2021-03' AND '2021-11') AS b,
                sum(value) FILTER (WHERE period BETWEEN '2022-03' AND '2022-11') AS p
         FROM read_parquet(${`${bundledDataDir}/trade/comext-cn8/panel.parquet`})
         WHERE code_level = 'CN8' AND flow = 'export' AND reporter_kind = 'country' AND partner NOT IN ('RU', 'BY')
         GROUP BY 1`,
      );
      assert.equal(rows.length - 1, ref.length);
      for (const r of ref) {
        const line = rows.find((x) => x[0] === r.partner);
        assert.ok(line, r.partner);
        assert.equal(Number(line?.[1]), r.b, `${r.partner} base`);
        assert.equal(Number(line?.[2]), r.p, `${r.partner} period`);
      }
      const png = await download(page, "#trade-index-png");
      assert.match(png.name, /^index_.*\.png$/);
      const svg = await download(page, "#trade-flows-svg");
      assert.match(svg.text, /^<svg[\s\S]*<\/svg>\s*$/);
      // The imports chart's CSV equals the monthly SQL sums of EU imports from RU (all goods and chapter 27).
      const imp = parseCsv((await download(page, "#trade-imports-csv")).text);
      assert.deepEqual(imp[0], ["series", "period", "value", "currency"]);
      const impRef = await db.all<{ code: string; period: string; v: number }>(
        sql`SELECT code, period, sum(value) AS v FROM read_parquet(${`${bundledDataDir}/trade/comext-cn8/panel.parquet`})
         WHERE flow = 'import' AND partner = 'RU' AND code_level IN ('TOTAL', 'HS2') AND reporter_kind = 'country'
         GROUP BY 1, 2`,
      );
      assert.ok(impRef.length > 0);
      for (const r of impRef)
        assert.equal(Number(imp.find((x) => x[0] === r.code && x[1] === r.period)?.[2]), r.v, `${r.code} ${r.period}`);
      const bans = await download(page, "#trade-bans-csv");
      assert.match(bans.text.split("\r\n")[0] ?? "", /^measure,in_force,binds_all_contracts/);
    },
    { width: 1400, height: 1000 },
  );
});

test("a window outside the data is flagged on the page, never shown as EUR 0 / -100 %", {
  skip,
  timeout: 120_000,
}, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(
    createEngine(),
    async (page, base) => {
      await page.goto(`${base}/trade?base=2021-03:2021-11&period=2023-03:2023-11&partners=KZ,TR`);
      await page.waitForSelector("#trade-window", { timeout: 90_000 });
      await page.waitForFunction(() => (document.querySelector("#trade-window")?.textContent ?? "").length > 0, null, {
        timeout: 90_000,
      });
      const warn = (await page.textContent("#trade-window")) ?? "";
      assert.match(warn, /Outside the data/);
      assert.match(warn, /period window 2023-03…2023-11 is outside the data: comext-cn8 holds .* 2020-01…2022-11/);
      assert.match(warn, /partner TR is not in comext-cn8; series that exist: comext-totals/);
      const change = (await page.textContent("#trade-change")) ?? "";
      assert.doesNotMatch(change, /-100/);
      assert.match(change, /outside the data/);
      assert.match((await page.textContent("#trade-period-value")) ?? "", /no data/);
      assert.match((await page.textContent("#trade-alert-counts")) ?? "", /no data/);
      await page.screenshot({ path: `${shots}trade-outside-window.png`, fullPage: false });
    },
    { width: 1400, height: 1000 },
  );
});

test("the monitoring report: its pages render in the browser and its figures equal the API's to the euro", {
  skip,
  timeout: 180_000,
}, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(
    createEngine(),
    async (page, base) => {
      const win = "base=2021-03:2021-11&period=2022-03:2022-11";
      await page.goto(`${base}/v1/trade/report?${win}`);
      await page.waitForSelector("#report-summary-table", { timeout: 120_000 });
      // Every chart is an inline SVG drawn server-side.
      assert.ok((await page.locator("svg").count()) >= 3);
      assert.match((await page.textContent("#report-preset")) ?? "", /trade-alerts v1\.0\.0/);
      // The summary's figures are the API's, to the euro.
      const g = (await (
        await page.request.get(`${base}/v1/trade/growth?${win}&products=sanctioned&by=partner`)
      ).json()) as { base: { value: number }; period: { value: number } };
      const eur = (v: number) => `EUR ${Math.round(v).toLocaleString("en-GB")}`;
      const summary = (await page.textContent("#report-summary-table")) ?? "";
      assert.ok(summary.includes(eur(g.base.value)), `${eur(g.base.value)} in the summary`);
      assert.ok(summary.includes(eur(g.period.value)), `${eur(g.period.value)} in the summary`);
      const al = (await (await page.request.get(`${base}/v1/trade/alerts?${win}`)).json()) as {
        alerts: { excess: number }[];
      };
      assert.equal(await page.locator("#report-alerts tbody tr").count(), Math.min(50, al.alerts.length));
      assert.ok(((await page.textContent("#report-alerts")) ?? "").includes(eur(al.alerts[0]?.excess ?? 0)));
      assert.match((await page.textContent("#report-datasets")) ?? "", /comext-cn8.*imf-russia/s);
      await page.screenshot({ path: `${shots}trade-report.png`, fullPage: true });
      // A report on a window beyond the data says so at the top.
      await page.goto(`${base}/v1/trade/report?base=2021-03:2021-11&period=2023-03:2023-11`);
      await page.waitForSelector("#report-window", { timeout: 120_000 });
      assert.match((await page.textContent("#report-window")) ?? "", /outside the data/);
      assert.match((await page.textContent("#report-summary-table")) ?? "", /n\/a \(outside the data\)/);
      assert.match((await page.textContent("#report-not-ranked")) ?? "", /not ranked/);
      assert.equal(await page.locator("#report-ranking").count(), 0);
    },
    { width: 1100, height: 1400 },
  );
});
