import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { bundledDataDir, createEngine } from "@embargo/core";
import { browserAvailable, withBrowserPage } from "@embargo/server/testing";
import { parseCsv } from "@embargo/web/csv";

// Test fixture regime data (invented measures; see its README).
const dataDir = fileURLToPath(new URL("../../../core/src/verdicts/fixtures", import.meta.url));
const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));
// Screenshots the README shows.
const docShots = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));

/** Fixture regimes beside the bundled nomenclature (code descriptions, CN-8 children, unknown codes). */
function fixtureWithNomenclature(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-check-page-"));
  symlinkSync(path.join(dataDir, "regimes"), path.join(dir, "regimes"));
  symlinkSync(fileURLToPath(new URL("../../../../data/nomenclature", import.meta.url)), path.join(dir, "nomenclature"));
  return dir;
}

test("the check page: fill a shipment, submit, read the verdict", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(createEngine({ dataDir }), async (page, base) => {
    await page.goto(`${base}/`);
    await page.waitForSelector("#check-form");
    assert.match(page.url(), /\/check$/, "the check page is the first page");
    await page.fill("#exporter-name", "Acme Maschinenbau GmbH");
    await page.fill("#exporter-country", "DE");
    await page.fill("#consignee-name", "TOO Example Trading");
    await page.fill("#consignee-country", "KZ");
    await page.fill("#destination", "KZ");
    await page.fill("#date", "2025-06-01");
    await page.fill('input[name="item-code"]', "8542.31");
    await page.click("button:has-text('Add line')");
    const codes = page.locator('input[name="item-code"]');
    await codes.nth(1).fill("8471.50");
    await page.locator('input[name="item-description"]').nth(1).fill("processing units");
    await page.click("#check-submit");
    await page.waitForSelector("#verdict-overall");
    assert.equal(await page.getAttribute("#verdict-overall", "data-verdict"), "REVIEW");
    const flags = await page.textContent("#flags");
    assert.match(flags ?? "", /NO_RUSSIA_CLAUSE_REQUIRED/);
    assert.match(flags ?? "", /DIVERSION_RISK/);
    const eu = await page.textContent('[data-jurisdiction="EU"]');
    assert.match(eu ?? "", /fx-eu-no-russia-clause/);
    await page.screenshot({ path: `${shots}check.png`, fullPage: true });
  });
});

test("the check page: today's date; codes and countries validated as you type, flagged before submit", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(docShots, { recursive: true });
  await withBrowserPage(createEngine({ dataDir: fixtureWithNomenclature() }), async (page, base) => {
    await page.clock.setFixedTime(new Date("2026-03-02T09:00:00"));
    const checks: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/v1/check") checks.push(r.url());
    });
    await page.goto(`${base}/check`);
    await page.waitForSelector("#check-form");
    assert.equal(await page.inputValue("#date"), "2026-03-02", "the shipment date defaults to today");
    // The default line's code: its description from the nomenclature, and narrower codes to pick.
    await page.waitForSelector('input[name="item-code"] + .hint-ok');
    const hint = page.locator('input[name="item-code"] + .hint').first();
    assert.match(
      (await hint.textContent()) ?? "",
      /subheading: Electronic integrated circuits; processors and controllers/,
    );
    await hint.locator('button.pick-code[data-code="85423190"]').click();
    assert.equal(await page.inputValue('input[name="item-code"]'), "85423190");
    await page.waitForFunction(() =>
      /^CN2026 cn8: Electronic integrated circuits/.test(
        document.querySelector('input[name="item-code"] + .hint')?.textContent ?? "",
      ),
    );
    // A code that exists nowhere and a country that is not one are flagged as they are typed.
    await page.fill('input[name="item-code"]', "99999999");
    await page.fill("#destination", "XX");
    await page.waitForSelector("#destination-hint.hint-bad");
    assert.equal(await page.textContent("#destination-hint"), "XX is not an ISO 3166-1 country code");
    assert.equal(await page.getAttribute("#destination", "aria-invalid"), "true");
    await page.waitForSelector('input[name="item-code"] + .hint-bad');
    assert.match((await hint.textContent()) ?? "", /^unknown code: no CN code 99999999/);
    await page.fill("#consignee-country", "kz");
    await page.waitForFunction(() => document.querySelector("#consignee-country-hint")?.textContent === "Kazakhstan");
    await page.click("#check-submit");
    await page.waitForSelector("#check-invalid");
    const invalid = (await page.textContent("#check-invalid")) ?? "";
    assert.match(invalid, /Destination: XX is not an ISO 3166-1 country code/);
    assert.match(invalid, /HS\/CN code line 1: unknown code/);
    assert.equal(checks.length, 0, "nothing was sent to /v1/check");
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "destination",
      "the first flagged field has focus",
    );
    await page.screenshot({ path: `${docShots}check-validation.png`, fullPage: true });
    // Fixed, the same form checks.
    await page.fill("#destination", "KZ");
    await page.fill('input[name="item-code"]', "8542.31");
    await page.click("#check-submit");
    await page.waitForSelector("#verdict-overall");
    assert.equal(checks.length, 1);
  });
});

test("the check page: traffic lights, PDF/CSV/JSON exports, print layout and a permalink that re-runs the check", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(docShots, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), "embargo-check-export-"));
  await withBrowserPage(createEngine({ dataDir }), async (page, base) => {
    await page.goto(`${base}/check`);
    await page.waitForSelector("#check-form");
    await page.fill("#date", "2025-06-01");
    await page.fill('input[name="item-code"]', "8542.31");
    await page.click("button:has-text('Add line')");
    await page.locator('input[name="item-code"]').nth(1).fill("8471.50");
    await page.locator('input[name="item-description"]').nth(1).fill("processing units");
    await page.click("#check-submit");
    await page.waitForSelector("#verdict-grid");
    // The plain answer first, then one light per member and line, each naming its verdict in words.
    const headline = ((await page.textContent("#headline")) ?? "").trim();
    assert.ok(headline.length > 0);
    const firstText = await page.evaluate(() => document.querySelector("#check-result")?.textContent?.trim() ?? "");
    assert.ok(firstText.startsWith(headline), "the headline is the first thing in the result");
    const cells = page.locator("#verdict-grid td.light");
    const members = await page.$$eval("#verdict-grid thead th", (ths) => ths.slice(1).map((t) => t.textContent));
    assert.ok(members.includes("EU"), `members: ${members.join(", ")}`);
    assert.equal(await cells.count(), members.length * 2);
    const eu1 = page.locator('#verdict-grid td[data-member="EU"][data-line="1"]');
    assert.equal(await eu1.getAttribute("data-verdict"), "REVIEW");
    assert.match((await eu1.textContent()) ?? "", /^REVIEW/);
    await page.screenshot({ path: `${docShots}check-result.png`, fullPage: true });

    // PDF: a real report, read back with poppler's pdftotext.
    const save = async (id: string, name: string) => {
      const [dl] = await Promise.all([page.waitForEvent("download"), page.click(id)]);
      const file = path.join(tmp, name);
      await dl.saveAs(file);
      return { file, suggested: dl.suggestedFilename() };
    };
    const pdf = await save("#export-pdf", "check.pdf");
    assert.match(pdf.suggested, /^embargo-check-2025-06-01-[0-9a-f]{12}\.pdf$/);
    const text = execFileSync("pdftotext", [pdf.file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const json = JSON.parse(readFileSync((await save("#export-json", "check.json")).file, "utf8")) as {
      generatedAt: string;
      digest: { value: string };
      result: { dataVersion: string; headline: string };
    };
    for (const s of [
      "Shipment check report",
      "Acme Maschinenbau GmbH (DE)",
      "854231",
      "847150",
      "Verdicts per member and line",
      "fx-eu-no-russia-clause",
      json.result.dataVersion,
      json.digest.value,
    ])
      assert.ok(text.includes(s), `PDF text lacks ${s}`);
    assert.equal(json.result.headline, headline);
    const csv = parseCsv(readFileSync((await save("#export-csv", "check.csv")).file, "utf8"));
    assert.equal(csv.length - 1, members.length * 2);
    assert.ok(csv.slice(1).every((r) => r.at(-1)?.length === 64));
    assert.match((await page.textContent("#export-status")) ?? "", /Downloaded embargo-check-.*\.csv/);

    // Print: the result without the form, navigation or buttons.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible("#check-form"), false);
    assert.equal(await page.isVisible("#export-pdf"), false);
    assert.equal(await page.isVisible("#verdict-grid"), true);
    assert.match(
      (await page.textContent("#print-summary")) ?? "",
      /Shipment of 2025-06-01: Acme Maschinenbau GmbH \(DE\) to TOO Example Trading \(KZ\)/,
    );
    await page.screenshot({ path: `${docShots}check-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
    assert.equal(await page.isVisible("#print-summary"), false);

    // The permalink carries the request and the data versions; opening it re-runs the same check.
    const link = (await page.getAttribute("#permalink", "href")) ?? "";
    const q = new URL(link).searchParams;
    assert.equal(q.get("data"), json.result.dataVersion);
    await page.goto(link);
    await page.waitForSelector("#verdict-grid");
    assert.equal(await page.inputValue('input[name="item-code"] >> nth=1'), "8471.50");
    assert.equal(await page.inputValue("#date"), "2025-06-01");
    assert.equal(((await page.textContent("#headline")) ?? "").trim(), headline);
    assert.match((await page.textContent("#permalink-note")) ?? "", /same data versions/);
    // Made on other data: it says so above the re-run verdict.
    q.set("data", "regimes-000000000000");
    await page.goto(`${base}/check?${q}`);
    await page.waitForSelector("#verdict-grid");
    const note = (await page.textContent("#permalink-note")) ?? "";
    assert.match(note, new RegExp(`regime data was regimes-000000000000, is now ${json.result.dataVersion}`));
    assert.equal(await page.getAttribute("#permalink-note", "class"), "warning");
  });
});

test("the check page: headline on top; a broader code offers its CN-8 children to re-check with", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  // Fixture regimes beside the bundled nomenclature, which gives the children.
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-check-page-"));
  symlinkSync(path.join(dataDir, "regimes"), path.join(dir, "regimes"));
  symlinkSync(fileURLToPath(new URL("../../../../data/nomenclature", import.meta.url)), path.join(dir, "nomenclature"));
  await withBrowserPage(createEngine({ dataDir: dir }), async (page, base) => {
    await page.goto(`${base}/check`);
    await page.waitForSelector("#check-form");
    await page.fill("#consignee-country", "RU");
    await page.fill("#destination", "RU");
    await page.fill('input[name="item-code"]', "8542.31");
    await page.click("#check-submit");
    await page.waitForSelector("#headline");
    assert.match((await page.textContent("#headline")) ?? "", /^Likely restricted: give the CN 8-digit code/);
    assert.match((await page.textContent("#verdict-overall")) ?? "", /likely restricted/);
    await page.waitForSelector('button.child-code[data-code="85423190"]');
    assert.equal(await page.locator('button.child-code[data-code="85423111"]').count(), 1);
    await page.click('button.child-code[data-code="85423190"]');
    await page.waitForSelector('#verdict-overall[data-verdict="PROHIBITED"]');
    assert.equal(await page.inputValue('input[name="item-code"]'), "85423190");
    assert.match((await page.textContent("#headline")) ?? "", /^Do not ship: prohibited by EU/);
  });
});

test("the compare page renders the matrix", { skip: !browserAvailable() && "no Chromium" }, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(createEngine({ dataDir }), async (page, base) => {
    await page.goto(`${base}/compare?codes=847150,8703,854231&asOf=2025-01-01&scenario=test-full-ban`);
    await page.waitForSelector("#cmp-table");
    const text = (await page.textContent("#cmp-table")) ?? "";
    assert.match(text, /847150/);
    assert.match(text, /since 2022-04-09/);
    assert.match(text, /scenario adds/);
    await page.screenshot({ path: `${shots}compare.png`, fullPage: true });
  });
});

test("the compare page: heat-map of members × codes with descriptions and dates; timeline of the measures", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(docShots, { recursive: true });
  await withBrowserPage(createEngine({ dataDir: fixtureWithNomenclature() }), async (page, base) => {
    await page.goto(`${base}/compare?codes=847150,8703,854231&asOf=2025-01-01&scenario=test-full-ban`);
    await page.waitForSelector("#cmp-heatmap svg text");
    await page.waitForFunction(() =>
      /Electronic integrated circuits/.test(document.querySelector("#cmp-heatmap")?.textContent ?? ""),
    );
    const heat = (await page.textContent("#cmp-heatmap")) ?? "";
    assert.match(heat, /854231 Electronic integrated circuits/, "codes carry their nomenclature description");
    assert.match(heat, /2022-04-09/, "cells carry the date since when");
    assert.match(heat, /EU/);
    await page.waitForSelector("#cmp-timeline svg");
    const items = await page.$$eval("#cmp-timeline-list li", (ls) => ls.map((l) => l.textContent ?? ""));
    assert.ok(items.length > 0);
    assert.deepEqual(items, [...items].sort(), "in date order");
    assert.ok(
      items.every((t) => /^\d{4}-\d{2}-\d{2} [A-Za-z0-9-]+: \S+ \(\S+\)$/.test(t)),
      items.join(" | "),
    );
    await page.locator("#cmp-heatmap").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${docShots}compare.png`, fullPage: true });
  });
});

test("the compare page: a tracker timeline of every member's regimes towards Russia and Belarus, with encoding status", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(docShots, { recursive: true });
  await withBrowserPage(createEngine({ dataDir: bundledDataDir }), async (page, base) => {
    await page.goto(`${base}/compare`);
    await page.waitForSelector("#cmp-tracker-chart svg");
    const items = await page.$$eval("#cmp-tracker-list li", (ls) => ls.map((l) => l.textContent ?? ""));
    assert.ok(items.length >= 20, `${items.length} regimes`);
    const dates = items.map((t) => t.slice(0, 10));
    assert.deepEqual(dates, [...dates].sort(), "in date order");
    for (const m of ["EU", "US", "UK", "JP", "CA"])
      assert.ok(
        items.some((t) => new RegExp(`^\\d{4}-\\d{2}-\\d{2}(…\\d{4}-\\d{2}-\\d{2})? ${m} `).test(t)),
        `a regime of ${m}`,
      );
    assert.ok(
      items.some((t) => /\bBY\b/.test(t)),
      "Belarus regimes are on the timeline",
    );
    assert.ok(
      items.every((t) => /\[(encoded|partly encoded|not encoded)\]$/.test(t)),
      "every regime says how much of it is encoded",
    );
    assert.ok(
      items.some((t) => /^2022-02-2[45] EU /.test(t)),
      "the EU's February 2022 measures",
    );
    await page.click("#cmp-tracker summary");
    await page.locator("#cmp-tracker").scrollIntoViewIfNeeded();
    await page.locator("#cmp-tracker").screenshot({ path: `${docShots}compare-tracker.png` });
  });
});
