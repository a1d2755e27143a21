// Browser tests of the HS lookup page and the About / data sources page (Debian Chromium via playwright-core).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { browserAvailable, withBrowserPage } from "../testing/browser.ts";

const skip = browserAvailable() ? false : "no Chromium installed";

test("HS page: a code shows entry, parents, children and correlation; words show ranked matches", {
  skip,
}, async () => {
  await withBrowserPage(createEngine(), async (page, base) => {
    await page.goto(`${base}/hs?q=8542.31`);
    await page.waitForSelector("#hs-entry");
    assert.match(
      await page.textContent("#hs-entry h2").then(String),
      /854231\s+Electronic integrated circuits; processors/,
    );
    assert.match(String(await page.textContent("#hs-parents")), /XVI.*85.*8542/s);
    assert.match(String(await page.textContent("#hs-children")), /85423111.*Multi-component integrated circuits/s);
    assert.match(String(await page.textContent("#hs-correlation")), /854231\s*n:1/);

    // Clicking a child navigates to the CN code.
    await page.click("#hs-children a >> text=85423111");
    await page.waitForFunction(() => document.querySelector("#hs-entry h2")?.textContent?.includes("85423111"));
    assert.match(String(await page.textContent("#hs-entry")), /Leaf text \(as in the CN\): Multi-component/);

    // Words search (the edition select followed the CN link: back to the default scope).
    await page.selectOption("#hs-edition", "");
    await page.fill("#hs-q", "integrated circuits");
    await page.click("#hs-form button");
    await page.waitForSelector("#hs-results");
    const first = await page.textContent("#hs-results tbody tr:first-child");
    assert.match(String(first), /^8542HS2022heading/);

    // Unknown code: the API error is shown.
    await page.goto(`${base}/hs?q=854299`);
    await page.waitForSelector("#hs-error");
    assert.match(String(await page.textContent("#hs-error")), /HS_CODE_NOT_FOUND/);
  });
});

test("About page lists the data sources and attribution lines", { skip }, async () => {
  await withBrowserPage(createEngine(), async (page, base) => {
    await page.goto(`${base}/about`);
    await page.waitForSelector("#attributions");
    assert.match(String(await page.textContent("#attributions")), /© European Union, Combined Nomenclature/);
    await page.click("#provenance-nomenclature summary");
    assert.match(String(await page.textContent("#provenance-nomenclature")), /Dropped UN Comtrade artefacts/);
    assert.ok(await page.isVisible("#provenance-nomenclature table"));
  });
});
