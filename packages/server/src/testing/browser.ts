/**
 * Browser-test support: serves the app on a loopback port and drives Debian's Chromium with playwright-core.
 * Tests call {@link withBrowserPage}; it skips cleanly only when no Chromium is installed (CI installs it).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Engine } from "@embargo/core";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { createApp } from "../app.ts";

/** Path of Debian's Chromium (override with EMBARGO_CHROMIUM). */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.EMBARGO_CHROMIUM ?? "/usr/bin/chromium";
}

/** Whether a browser test can run here. */
export function browserAvailable(): boolean {
  return existsSync(chromiumPath());
}

/** Launches headless Chromium with the flags this machine needs (no sandbox as root, no background network). */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "embargo-chromium-"));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves the full app (API + web) for `engine` on 127.0.0.1 with a random port, opens a page, runs `fn`,
 * and tears everything down. Screenshots can be written with `page.screenshot({ path })`.
 */
export async function withBrowserPage(
  engine: Engine,
  fn: (page: Page, baseUrl: string) => Promise<void>,
  viewport = { width: 1280, height: 900 },
): Promise<void> {
  const app = createApp({ engine });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const { port } = server.address() as AddressInfo;
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await fn(page, `http://127.0.0.1:${port}`);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
  } finally {
    await close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
