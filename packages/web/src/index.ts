/**
 * @embargo/web — the web app. Pages are small TypeScript modules bundled by esbuild the first time they are
 * requested (no build step to go stale); the host app mounts them with {@link mountWeb}.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { type PageDef, pages } from "./pages/index.ts";

export { type PageDef, pages } from "./pages/index.ts";

const srcDir = fileURLToPath(new URL("./", import.meta.url));
const bundles = new Map<string, Promise<string>>();

/**
 * Bundles one page's module (cached per process). esbuild is imported on the first page asked for, not at server
 * start: a server that only answers the API never loads it (issue 10).
 */
export function bundlePage(page: PageDef): Promise<string> {
  const hit = bundles.get(page.id);
  if (hit) return hit;
  const p = import("esbuild")
    .then((esbuild) =>
      esbuild.build({
        entryPoints: [`${srcDir}pages/${page.entry}`],
        bundle: true,
        write: false,
        format: "esm",
        target: "es2022",
        minify: true,
        legalComments: "none",
      }),
    )
    .then((r) => r.outputFiles[0]?.text ?? "");
  bundles.set(page.id, p);
  p.catch(() => bundles.delete(page.id));
  return p;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

/** The HTML shell of a page: navigation, `#app`, and its bundled module. */
export function pageHtml(page: PageDef): string {
  const nav = pages
    .map((p) => `<a href="/${p.id}"${p.id === page.id ? ' class="active"' : ""}>${escapeHtml(p.title)}</a>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Embargo</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><header><a class="brand" href="/">Embargo</a><nav>${nav}</nav></header>
<main id="app"><p class="muted">Loading…</p></main>
<footer>Embargo — open engine for the G7's sanctions and export controls against Russia. Not legal advice: every verdict names its sources and the coverage of the data behind it. <a href="/openapi.json">API</a> · <a href="/about">Data sources</a></footer>
<script type="module" src="/assets/${page.id}.js"></script></body></html>`;
}

/** Mounts the web app on a hono app: `/` → first page, `/{id}` → page, `/assets/*` → bundles and CSS. */
// biome-ignore lint/suspicious/noExplicitAny: accepts any hono app regardless of its Env type.
export function mountWeb(app: Hono<any>): void {
  app.get("/assets/style.css", async (c) => {
    const css = await readFile(`${srcDir}style.css`, "utf8");
    return c.body(css, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" });
  });
  app.get("/assets/:file{[a-z0-9-]+\\.js}", async (c) => {
    const id = c.req.param("file").replace(/\.js$/, "");
    const page = pages.find((p) => p.id === id);
    if (!page) return c.notFound();
    return c.body(await bundlePage(page), 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
    });
  });
  app.get("/", (c) => (pages[0] ? c.redirect(`/${pages[0].id}`) : c.text("Embargo API: see /openapi.json")));
  for (const page of pages) {
    app.get(`/${page.id}`, (c) => c.html(pageHtml(page)));
  }
}
