/**
 * The code version caches are keyed by (see `createSnapshotCache`): the build id esbuild writes into the compiled
 * CLI, or — running the TypeScript sources (EMBARGO_DEV=1) — a SHA-256 over core's sources, so an edited parser
 * never reads entries written by other code.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Replaced by `scripts/build.mjs` (esbuild `define`); undeclared when the sources run through tsx. */
declare const EMBARGO_BUILD_ID: string | undefined;

/** The compiled build's id, if this is the compiled CLI. */
export function buildId(): string | undefined {
  return typeof EMBARGO_BUILD_ID === "string" ? EMBARGO_BUILD_ID : undefined;
}

/** SHA-256 over the paths and bytes of packages/core/src (tests excluded), in a stable order. */
export async function sourceCodeVersion(): Promise<string> {
  const dir = fileURLToPath(new URL("../../core/src/", import.meta.url));
  const files: string[] = [];
  const walk = async (d: string) => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith(".ts") && !e.name.includes(".test.")) files.push(p);
    }
  };
  await walk(dir);
  const h = createHash("sha256");
  for (const f of files) h.update(`${path.relative(dir, f)}\0`).update(await readFile(f));
  return `src-${h.digest("hex")}`;
}

/** The code version: the build id, else the sources' hash (computed only when a cache is first used). */
export function codeVersion(): string | (() => Promise<string>) {
  return buildId() ?? sourceCodeVersion;
}
