import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { createEngine } from "../engine.ts";
import { isEmbargoError } from "../errors/index.ts";
import { createSnapshotCache, SNAPSHOT_CACHE_KEY } from "../runtime/snapshot-cache.ts";
import { getListSnapshots } from "./store.ts";

/**
 * The list parsers are imported only when a list is parsed (issue 10). This process never parses: the cache is
 * filled by a child process, so here the lazily read snapshots cannot fall back to parsing synchronously.
 */
const engineWithCache = (dir: string) => {
  const engine = createEngine();
  engine.replace(SNAPSHOT_CACHE_KEY, createSnapshotCache({ dir, codeVersion: "lazy-test-1" }));
  return engine;
};

test("a cached list damaged after a parser-less start chose to read it: LIST_CACHE_DAMAGED once, the next start parses", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "embargo-lazylists-"));
  try {
    const here = (f: string) => pathToFileURL(path.join(import.meta.dirname, "..", f)).href;
    const fill = [
      `import { createEngine } from ${JSON.stringify(here("engine.ts"))};`,
      `import { createSnapshotCache, SNAPSHOT_CACHE_KEY } from ${JSON.stringify(here("runtime/snapshot-cache.ts"))};`,
      `import { getListSnapshots } from ${JSON.stringify(here("screening/store.ts"))};`,
      "const engine = createEngine();",
      `engine.replace(SNAPSHOT_CACHE_KEY, createSnapshotCache({ dir: ${JSON.stringify(dir)}, codeVersion: "lazy-test-1" }));`,
      "const s = await getListSnapshots(engine);",
      "await new Promise((r) => setTimeout(r, 200));",
      "console.log(s.reduce((n, x) => n + x.entities.length, 0));",
    ].join("\n");
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", fill], {
      encoding: "utf8",
      timeout: 300_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const total = Number(child.stdout.trim());
    assert.ok(total > 0);

    // This start reads the counts only; the entities of un-sc are decoded when first read — and that entry is
    // damaged meanwhile.
    const snapshots = await getListSnapshots(engineWithCache(dir));
    const un = snapshots.find((s) => s.list === "un-sc");
    assert.ok(un);
    const victim = path.join(dir, "list-un-sc-bundled.snap");
    const bytes = await readFile(victim);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01;
    await writeFile(victim, bytes);
    assert.throws(
      () => un.entities,
      (e: unknown) => isEmbargoError(e) && e.code === "LIST_CACHE_DAMAGED" && e.details?.list === "un-sc",
    );
    await new Promise((r) => setTimeout(r, 200));

    // The next start parses un-sc from its files (loading the parsers) and has every entity again.
    const again = await getListSnapshots(engineWithCache(dir));
    assert.equal(
      again.reduce((n, s) => n + s.entities.length, 0),
      total,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
