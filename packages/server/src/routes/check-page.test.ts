import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine } from "@embargo/core";
import { browserAvailable, withBrowserPage } from "@embargo/server/testing";

// Test fixture regime data (invented measures; see its README).
const dataDir = fileURLToPath(new URL("../../../core/src/verdicts/fixtures", import.meta.url));
const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));

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

    // A bad code comes back as the API's error, naming the field.
    await codes.nth(0).fill("85x");
    await page.click("#check-submit");
    await page.waitForSelector("#check-error");
    assert.match((await page.textContent("#check-error")) ?? "", /shipment\.items\[0\]\.code/);
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
