import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine } from "@embargo/core";
import { browserAvailable, withBrowserPage } from "@embargo/server/testing";

const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));

test("the trade dashboard renders its charts, alerts, anomalies and the simulator from the bundled data", {
  skip: !browserAvailable() && "no Chromium",
  timeout: 90_000,
}, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(
    createEngine(),
    async (page, base) => {
      await page.goto(`${base}/trade`);
      await page.waitForSelector("#trade-anomalies", { timeout: 60_000 });
      await page.waitForSelector("#trade-sim-summary", { timeout: 60_000 });
      // echarts draws into a canvas inside each chart box.
      for (const id of ["#trade-index", "#trade-ranking", "#trade-flows"])
        assert.equal(await page.locator(`${id} canvas`).count(), 1, `${id} has a canvas`);
      assert.match((await page.textContent("#trade-change")) ?? "", /%$/);
      assert.ok((await page.locator("#trade-anomalies tbody tr").count()) > 0);
      assert.ok((await page.locator("#trade-alerts tbody tr").count()) > 0);
      assert.match((await page.textContent("#trade-sim-summary")) ?? "", /EUR .* of .*2021 EU exports to Russia/);
      await page.screenshot({ path: `${shots}trade.png`, fullPage: true });
    },
    { width: 1400, height: 1000 },
  );
});
