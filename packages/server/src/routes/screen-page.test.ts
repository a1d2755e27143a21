import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine } from "@embargo/core";
import { DECISION_STORE_KEY, openDecisionStore } from "@embargo/core/screening";
import { browserAvailable, withBrowserPage } from "@embargo/server/testing";
import { parseApiKeys } from "../auth.ts";
import { SCREENING_HTTP_KEY } from "./screen-decisions.ts";

const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));
// Screenshots the README shows.
const docShots = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));
const ADMIN = "admin-key-browser-test-0001";

test("the screen page: explained hit cards, coverage, decisions, and a CSV batch with progress", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(shots, { recursive: true });
  mkdirSync(docShots, { recursive: true });
  const engine = createEngine();
  const store = await openDecisionStore("memory");
  engine.replace(DECISION_STORE_KEY, store);
  engine.replace(SCREENING_HTTP_KEY, { apiKeys: parseApiKeys(`admin:${ADMIN}`) });
  try {
    await withBrowserPage(engine, async (page, base) => {
      // 1. A Cyrillic name: hit cards with the listed entity's details, listings and the explanation.
      await page.goto(`${base}/screen`);
      await page.waitForSelector("#screen-form");
      await page.fill("#screen-name", "Сергей Иванов");
      await page.selectOption("#screen-type", "person");
      await page.click("#screen-form button[type=submit]");
      await page.waitForSelector(".hit", { timeout: 90_000 });
      assert.match(page.url(), /q=/, "the query is in the URL");
      const coverage = (await page.textContent("#screen-coverage")) ?? "";
      assert.match(coverage, /Lists consulted: .*\d{4}-\d{2}/, "the lists and their dates head the answer");
      const summary = (await page.textContent("#screen-summary")) ?? "";
      assert.match(summary, /hit/);
      const card = page.locator(".hit").first();
      const cardText = (await card.textContent()) ?? "";
      assert.match(cardText, /IVANOV, Sergei/i);
      assert.match(cardText, /Date of birth/);
      assert.match(cardText, /programmes/);
      assert.match(cardText, /listed on/);
      await card.locator("details.why summary").click();
      assert.match((await card.textContent()) ?? "", /transliteration/);
      await page.screenshot({ path: `${docShots}screen.png`, fullPage: true });

      // 2. A decision without a key is refused, and the error is shown as data.
      const entity = await card.getAttribute("data-entity");
      assert.ok(entity);
      await page.fill("#screen-reviewer", "a.reviewer");
      await card.locator(".scr-reason").fill("customer born 1990; listed person born 1962");
      await card.locator(".scr-false-positive").click();
      await page.waitForSelector(".hit .scr-decide-status.error");
      assert.match((await card.locator(".scr-decide-status").textContent()) ?? "", /API_KEY_REQUIRED/);

      // 3. With the key: the false positive is recorded and the hit moves to the withheld list.
      await page.fill("#screen-api-key", ADMIN);
      await card.locator(".scr-false-positive").click();
      await page.waitForSelector("#screen-suppressed", { timeout: 30_000 });
      assert.equal(await page.locator(`.hit[data-entity="${entity}"]`).count(), 0);
      const withheld = (await page.textContent("#screen-suppressed")) ?? "";
      assert.match(withheld, /a\.reviewer/);
      assert.match(withheld, /customer born 1990/);

      // 4. Confirm the next hit: it carries the confirmation.
      const next = page.locator(".hit").first();
      const nextId = await next.getAttribute("data-entity");
      await next.locator(".scr-confirm").click();
      await page.waitForSelector(`.hit[data-entity="${nextId}"] .scr-confirmed`, { timeout: 30_000 });
      await page.screenshot({ path: `${shots}screen-decided.png`, fullPage: true });
      const log = await store.list({ limit: 10 });
      assert.deepEqual(
        log.map((d) => [d.verdict, d.entityId, d.reviewer]),
        [
          ["confirmed", nextId, "a.reviewer"],
          ["false_positive", entity, "a.reviewer"],
        ],
      );

      // 5. No hit: a sentence naming the lists' dates, never a bare "No hit".
      await page.fill("#screen-name", "Zzyzx Qwertyuiop");
      await page.click("#screen-form button[type=submit]");
      await page.waitForFunction(() => /No hit/.test(document.querySelector("#screen-summary")?.textContent ?? ""));
      const none = (await page.textContent("#screen-summary")) ?? "";
      assert.match(none, /^No hit .*as of .*\d{4}-\d{2}/);
      await page.screenshot({ path: `${shots}screen-no-hit.png`, fullPage: true });

      // 6. Batch: 45 names in chunks, a progress bar, a downloadable CSV with one line per name.
      const names = ["Sergei Ivanov", "Bank Rossiya", "Zzyzx Qwertyuiop", "Vladimir Putin", "Sovcomflot"];
      const csv = `name,type,country\n${Array.from({ length: 45 }, (_, i) => `"${names[i % names.length]}",,${i % 7 === 0 ? "RU" : ""}`).join("\n")}\n`;
      await page.setInputFiles("#batch-file", { name: "names.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.click("#batch-form button[type=submit]");
      await page.waitForSelector("#batch-download", { timeout: 120_000 });
      assert.equal(await page.getAttribute("#batch-progress", "value"), "45");
      assert.match((await page.textContent("#batch-status")) ?? "", /45 \/ 45 screened/);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#batch-download")]);
      const file = await download.path();
      const lines = readFileSync(file, "utf8").trim().split(/\r\n/);
      assert.equal(lines.length, 46, "header + one line per name");
      assert.match(lines[0] ?? "", /^row,name,type,country,dob,status,hits,matches,top_entity/);
      assert.match(lines[3] ?? "", /^3,Zzyzx Qwertyuiop,.*no hit/);
      await page.locator("#batch-result").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${docShots}screen-batch.png`, fullPage: true });
    });
  } finally {
    await store.close();
  }
});
