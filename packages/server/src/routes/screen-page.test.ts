import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine } from "@embargo/core";
import { browserAvailable, withBrowserPage } from "@embargo/server/testing";

const shots = fileURLToPath(new URL("../../../../bench/out/screenshots/", import.meta.url));

test("the screen page: search a Cyrillic name and read the explained hit", {
  skip: !browserAvailable() && "no Chromium",
}, async () => {
  mkdirSync(shots, { recursive: true });
  await withBrowserPage(createEngine(), async (page, base) => {
    await page.goto(`${base}/screen`);
    await page.waitForSelector("#screen-form");
    await page.fill("#screen-name", "Сергей Иванов");
    await page.selectOption("#screen-type", "person");
    await page.click("#screen-form button[type=submit]");
    await page.waitForSelector(".hit", { timeout: 60_000 });
    const text = (await page.textContent("#screen-result")) ?? "";
    assert.match(text, /IVANOV, Sergei/);
    assert.match(text, /transliteration/);
    assert.match(page.url(), /q=/, "the query is in the URL");
    await page.screenshot({ path: `${shots}screen.png`, fullPage: true });
  });
});
