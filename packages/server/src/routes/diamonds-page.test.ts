// Browser test of the diamond provenance page (Debian Chromium via playwright-core); writes the screenshot.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine, fixedClock } from "@embargo/core";
import { demoLineage, openRegistry, TestWorld } from "@embargo/core/registry";
import { browserAvailable, withBrowserPage } from "../testing/browser.ts";
import { DIAMONDS_HTTP_KEY, parseApiKeys } from "./diamonds.ts";

const skip = browserAvailable() ? false : "no Chromium installed";
const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));

test("Diamonds page: lineage back to both mines, verified bundle, EU decision with reasons", { skip }, async () => {
  const engine = createEngine({ clock: fixedClock("2026-06-01T00:00:00Z") });
  const w = new TestWorld();
  const registry = await openRegistry({ db: "memory", operatorSecretKey: w.operator.secretKey, clock: engine.clock });
  try {
    const rows = await registry.appendBatch([...w.standard(), ...demoLineage(w)]);
    assert.ok(
      rows.every((r) => r.ok),
      JSON.stringify(rows.filter((r) => !r.ok)),
    );
    engine.replace(DIAMONDS_HTTP_KEY, {
      registry,
      apiKeys: parseApiKeys(undefined),
      operatorSecretKey: w.operator.secretKey,
    });
    await withBrowserPage(engine, async (page, base) => {
      await page.goto(`${base}/diamonds?lot=pol-1&j=EU&date=2024-09-01&ev=INVOICE,PACKING_LIST`);
      await page.waitForSelector("#dm-decision");
      assert.match(String(await page.textContent("#dm-decision h2")), /EU import on 2024-09-01:\s*REFUSE/);
      assert.match(String(await page.textContent("#dm-decision")), /Art\. 3p\(3\)/);
      assert.match(
        String(await page.textContent("#dm-bundle")),
        /verified offline: \d+ events, mines mine-bw, mine-ru/,
      );
      const lineage = String(await page.textContent("#dm-lineage"));
      for (const t of ["REGISTER_ROUGH", "KP_EXPORT", "G7_VERIFY", "MERGE", "SPLIT", "MANUFACTURE", "GRADE"])
        assert.match(lineage, new RegExp(t));
      await mkdir(shots, { recursive: true });
      await page.screenshot({ path: `${shots}diamonds.png`, fullPage: true });
      // Before the ban the same stone is admitted.
      await page.fill("#dm-date", "2024-02-29");
      await page.click("#dm-form button");
      await page.waitForFunction(() => document.querySelector("#dm-decision h2")?.textContent?.includes("2024-02-29"));
      assert.match(String(await page.textContent("#dm-decision h2")), /ADMIT/);
      // Licences are declared as in the API and checked: an unknown one is an error; EU pre-ban stock outside
      // Russia since 2024-01-15 (the lineage last shows the Russian rough in Russia on 2023-06-10) is honoured.
      await page.fill("#dm-date", "2024-09-01");
      await page.fill("#dm-licences", "GL 104A");
      await page.click("#dm-form button");
      await page.waitForSelector("#dm-error");
      assert.match(String(await page.textContent("#dm-error")), /LICENCE_UNKNOWN/);
      await page.fill("#dm-licences", "pre-ban-stock");
      await page.fill("#dm-since", "2024-01-15");
      await page.fill("#dm-docs", "bill-of-lading-7");
      await page.click("#dm-form button");
      await page.waitForFunction(() => document.querySelector("#dm-decision h2")?.textContent?.includes("2024-09-01"));
      assert.match(String(await page.textContent("#dm-decision h2")), /ADMIT/);
      assert.match(String(await page.textContent("#dm-decision")), /before the ban entered into force/);
      await page.goto(`${base}/diamonds?lot=nope`);
      await page.waitForSelector("#dm-error");
      assert.match(String(await page.textContent("#dm-error")), /LOT_NOT_FOUND/);
    });
  } finally {
    await registry.close();
  }
});
