import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createEngine } from "../engine.ts";
import { createSnapshotCache, SNAPSHOT_CACHE_KEY, type SnapshotCacheEvent } from "../runtime/snapshot-cache.ts";
import { getListSnapshots } from "./store.ts";

/** An engine over the bundled lists with a snapshot cache in `dir`, recording the cache's events. */
function engineWithCache(dir: string, codeVersion = "test-1") {
  const events: SnapshotCacheEvent[] = [];
  const engine = createEngine();
  engine.replace(SNAPSHOT_CACHE_KEY, createSnapshotCache({ dir, codeVersion, onEvent: (e) => events.push(e) }));
  return { engine, events };
}

const kinds = (events: SnapshotCacheEvent[], kind: SnapshotCacheEvent["kind"]) =>
  events.filter((e) => e.kind === kind).map((e) => e.name);

test("bundled lists: parsed once into the cache, then read from it — same snapshots; a corrupt entry is rebuilt", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "embargo-listcache-"));
  try {
    const plain = await getListSnapshots(createEngine());
    assert.ok(plain.length > 0);

    const first = engineWithCache(dir);
    const built = await getListSnapshots(first.engine);
    assert.equal(kinds(first.events, "written").length, plain.length, JSON.stringify(first.events));
    assert.deepEqual(built, plain);

    const second = engineWithCache(dir);
    const cached = await getListSnapshots(second.engine);
    assert.equal(kinds(second.events, "hit").length, plain.length, JSON.stringify(second.events));
    assert.deepEqual(cached, plain);

    // Flip one byte near the end of one entry: that list is parsed again (and rewritten), the others still hit.
    const files = (await readdir(dir)).filter((f) => f.endsWith(".snap")).sort();
    const victim = path.join(dir, files[0] as string);
    const bytes = await readFile(victim);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01;
    await writeFile(victim, bytes);
    const third = engineWithCache(dir);
    assert.deepEqual(await getListSnapshots(third.engine), plain);
    assert.deepEqual(kinds(third.events, "corrupt"), [files[0]?.replace(/\.snap$/, "")]);
    assert.equal(kinds(third.events, "hit").length, plain.length - 1);

    // Another code version never reads these entries.
    const other = engineWithCache(dir, "test-2");
    await getListSnapshots(other.engine);
    assert.equal(kinds(other.events, "hit").length, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
