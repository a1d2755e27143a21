// Browser test of the diamond provenance page (Debian Chromium via playwright-core); writes the screenshot.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine, fixedClock } from "@embargo/core";
import { demoLineage, generateKeyPair, openRegistry, TestWorld } from "@embargo/core/registry";
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

test("Diamonds page: seed the DEMO registry from the page, the lineage as a graph in date order, no decision for a merged-away lot", {
  skip,
}, async () => {
  const docShots = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));
  const engine = createEngine({ clock: fixedClock("2026-06-01T00:00:00Z") });
  const operator = generateKeyPair();
  const registry = await openRegistry({ db: "memory", operatorSecretKey: operator.secretKey, clock: engine.clock });
  try {
    engine.replace(DIAMONDS_HTTP_KEY, {
      registry,
      apiKeys: parseApiKeys("admin:demo-admin-key-0123456789"),
      operatorSecretKey: operator.secretKey,
    });
    await withBrowserPage(engine, async (page, base) => {
      await page.clock.setFixedTime(new Date("2026-06-01T12:00:00Z"));
      await page.goto(`${base}/diamonds`);
      await page.waitForSelector("#dm-demo");
      // Without the admin key the registry refuses to seed.
      await page.click("#dm-demo");
      await page.waitForSelector("#dm-demo-status .error-text");
      assert.equal(registry.view.lots.size, 0);
      await page.fill("#dm-key", "demo-admin-key-0123456789");
      await page.click("#dm-demo");
      await page.waitForSelector("#dm-graph");
      assert.match(
        String(await page.textContent("#dm-demo-status")),
        /^Seeded \d+ signed DEMO events\. DEMO data: fictional/,
      );
      assert.equal(await page.inputValue("#dm-lot"), "DEMO-POL-1");
      assert.match(String(await page.textContent("#dm-demo-note")), /DEMO data: the parties and lots are fictional/);
      assert.match(String(await page.textContent("#dm-lot-card h2")), /DEMO — fictional data/);
      assert.match(String(await page.textContent("#dm-decision h2")), /EU import on 2026-06-01:\s*REFUSE/);
      // Every lot of the lineage is a node; the columns run in date order, left to right.
      const lots = await page.$$eval("#dm-graph .dm-node", (ns) => ns.map((n) => n.getAttribute("data-lot")));
      for (const l of ["DEMO-BW-ROUGH-1", "DEMO-RU-ROUGH-1", "DEMO-MIX-1", "DEMO-MIX-1A", "DEMO-POL-1"])
        assert.ok(lots.includes(l), `graph lacks ${l}: ${lots.join(", ")}`);
      const cols = await page.$$eval("#dm-graph .dm-date", (ts) =>
        ts.map((t) => ({ x: Number(t.getAttribute("x")), date: (t.textContent ?? "").slice(0, 10) })),
      );
      const byX = [...cols].sort((a, b) => a.x - b.x).map((c) => c.date);
      assert.deepEqual(byX, [...byX].sort(), "columns in date order");
      assert.equal(byX[0], "2023-06-10", "the Russian rough, registered first, is the first column");
      assert.ok((await page.$$("#dm-graph .dm-edge")).length >= 5);
      assert.match(
        String(await page.getAttribute("#dm-graph", "aria-label")),
        /MERGE DEMO-BW-ROUGH-1 \+ DEMO-RU-ROUGH-1 → DEMO-MIX-1/,
      );
      await mkdir(docShots, { recursive: true });
      await page.screenshot({ path: `${docShots}diamonds-demo.png`, fullPage: true });

      // The Botswana rough was merged away: no decision, an explanation and the lot to decide instead.
      await page.goto(`${base}/diamonds?lot=DEMO-BW-ROUGH-1&j=EU&date=2024-09-01`);
      await page.waitForSelector("#dm-consumed");
      assert.equal(await page.$("#dm-decision"), null, "no import decision for a merged-away lot");
      const why = String(await page.textContent("#dm-consumed"));
      assert.match(
        why,
        /DEMO-BW-ROUGH-1 no longer exists as a lot: on 2023-11-28 DEMO-CUTTER-IN merged it with DEMO-RU-ROUGH-1 \(MERGE\)/,
      );
      assert.match(why, /now travel in DEMO-MIX-1/);
      await page.screenshot({ path: `${docShots}diamonds-merged.png`, fullPage: true });
      await page.click('button.dm-successor[data-lot="DEMO-MIX-1"]');
      await page.waitForFunction(() => document.querySelector("#dm-consumed h2")?.textContent?.includes("DEMO-MIX-1"));
      assert.equal(await page.locator("button.dm-successor").count(), 2, "the split made two lots");
      // Seeding again adds nothing.
      await page.click("#dm-demo");
      await page.waitForFunction(() =>
        /already seeded/.test(document.querySelector("#dm-demo-status")?.textContent ?? ""),
      );
    });
  } finally {
    await registry.close();
  }
});
