// Accessibility of every page: axe-core (injected into the page) finds no serious or critical violation, and a
// keyboard-only walk reaches every control with a visible focus indicator and works the main action.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import { generateKeyPair, openRegistry } from "@embargo/core/registry";
import { pages } from "@embargo/web";
import type { Page } from "playwright-core";
import { browserAvailable, withBrowserPage } from "../testing/browser.ts";
import { DIAMONDS_HTTP_KEY, parseApiKeys } from "./diamonds.ts";

const skip = browserAvailable() ? false : "no Chromium installed";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page (evaluated, not a script tag, so a strict CSP does not block it). */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource);
  const vs = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time.
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return { violations: r.violations as Violation[], rules: r.passes.length + r.violations.length };
  });
  // axe ran its rules on this page (an empty answer from a failed injection would pass silently otherwise).
  assert.ok(vs.rules >= 10, `axe-core checked only ${vs.rules} rules`);
  if (process.env.EMBARGO_A11Y_VERBOSE) console.error(page.url(), vs.rules, show(vs.violations));
  return vs.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

const show = (vs: Violation[]) =>
  vs.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 4)
        .join(", ")}`,
  );

/** Tabs through the page from the top; every stop is visible, named, and shows a focus indicator. */
async function tabWalk(page: Page, max = 80): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const s = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      if (!el.dataset.tabStop) el.dataset.tabStop = String(document.querySelectorAll("[data-tab-stop]").length);
      const r = el.getBoundingClientRect();
      const st = getComputedStyle(el);
      const name =
        el.getAttribute("aria-label") ||
        (el as HTMLInputElement).labels?.[0]?.textContent ||
        el.getAttribute("title") ||
        el.textContent ||
        (el as HTMLInputElement).placeholder ||
        "";
      return {
        id: `${el.dataset.tabStop}:${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""}`,
        visible: r.width > 0 && r.height > 0,
        named: name.trim() !== "",
        indicator: st.outlineStyle !== "none" && st.outlineWidth !== "0px",
      };
    });
    if (s === null) break;
    assert.ok(s.visible, `focus on a hidden element: ${s.id}`);
    assert.ok(s.named, `focus on an unnamed control: ${s.id}`);
    assert.ok(s.indicator, `no visible focus indicator on ${s.id}`);
    if (stops.includes(s.id) && stops[0] === s.id) break;
    stops.push(s.id);
  }
  return stops;
}

/** Waits until the page's module has replaced "Loading…" in #app. */
async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !/^Loading…$/.test(document.querySelector("#app")?.textContent?.trim() ?? ""),
    null,
    {
      timeout: 90_000,
    },
  );
  await page.waitForTimeout(300);
}

test("every page: no serious or critical axe-core violation; a keyboard-only walk reaches its controls", {
  skip,
}, async () => {
  const engine = createEngine({ clock: fixedClock("2026-06-01T00:00:00Z") });
  const operator = generateKeyPair();
  const registry = await openRegistry({ db: "memory", operatorSecretKey: operator.secretKey, clock: engine.clock });
  engine.replace(DIAMONDS_HTTP_KEY, {
    registry,
    apiKeys: parseApiKeys(undefined),
    operatorSecretKey: operator.secretKey,
  });
  const failures: string[] = [];
  try {
    await withBrowserPage(engine, async (page, base) => {
      for (const p of pages) {
        await page.goto(`${base}/${p.id}`);
        await ready(page);
        const vs = await axeViolations(page);
        if (vs.length > 0) failures.push(`/${p.id}: ${show(vs).join("\n  ")}`);
        const stops = await tabWalk(page);
        assert.ok(stops.length >= 3, `/${p.id}: only ${stops.length} keyboard stops`);
        assert.ok(
          stops.some((s) => /^\d+:a\b/.test(s)),
          `/${p.id}: navigation links reachable`,
        );
      }
    });
  } finally {
    await registry.close();
  }
  assert.deepEqual(failures, [], failures.join("\n"));
});

/** Presses Tab (Shift+Tab when `back`) until `selector` has the focus; fails after `max` presses. */
async function tabTo(page: Page, selector: string, back = false, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  assert.fail(`keyboard never reached ${selector}`);
}

test("keyboard only: check a shipment and export it; seed the diamond demo and read the lineage; results pass axe-core", {
  skip,
}, async () => {
  const engine = createEngine({ clock: fixedClock("2026-06-01T00:00:00Z") });
  const operator = generateKeyPair();
  const registry = await openRegistry({ db: "memory", operatorSecretKey: operator.secretKey, clock: engine.clock });
  engine.replace(DIAMONDS_HTTP_KEY, {
    registry,
    apiKeys: parseApiKeys("admin:a11y-admin-key-0123456789"),
    operatorSecretKey: operator.secretKey,
  });
  try {
    await withBrowserPage(engine, async (page, base) => {
      await page.goto(`${base}/check`);
      await ready(page);
      await page.keyboard.press("Tab");
      await tabTo(page, "#destination");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("AM");
      await tabTo(page, "#check-submit");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#verdict-grid", { timeout: 90_000 });
      assert.match((await page.textContent("#verdict-overall")) ?? "", /AM|Armenia/);
      assert.deepEqual(show(await axeViolations(page)), [], "the check result");
      await tabTo(page, "#export-json");
      const [dl] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      assert.match(dl.suggestedFilename(), /^embargo-check-.*\.json$/);

      await page.goto(`${base}/diamonds`);
      await ready(page);
      await page.keyboard.press("Tab");
      await tabTo(page, "#dm-key");
      await page.keyboard.type("a11y-admin-key-0123456789");
      await tabTo(page, "#dm-demo", true);
      await page.keyboard.press("Enter");
      await page.waitForSelector("#dm-graph", { timeout: 60_000 });
      assert.match((await page.textContent("#dm-decision h2")) ?? "", /EU import on \d{4}-\d{2}-\d{2}:\s*REFUSE/);
      assert.deepEqual(show(await axeViolations(page)), [], "the diamond lineage and decision");

      await page.goto(`${base}/compare?codes=847150,8703,854231&asOf=2025-01-01`);
      await page.waitForSelector("#cmp-table", { timeout: 90_000 });
      assert.deepEqual(show(await axeViolations(page)), [], "the compare matrix");
    });
  } finally {
    await registry.close();
  }
});
