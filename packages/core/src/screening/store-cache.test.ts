import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createEngine } from "../engine.ts";
import { createSnapshotCache, SNAPSHOT_CACHE_KEY, type SnapshotCacheEvent } from "../runtime/snapshot-cache.ts";
import { getListSnapshots, getListVersions } from "./store.ts";

/** An engine over the bundled lists with a snapshot cache in `dir`, recording the cache's events. */
function engineWithCache(dir: string, codeVersion = "test-1") {
  const events: SnapshotCacheEvent[] = [];
  const engine = createEngine();
  engine.replace(SNAPSHOT_CACHE_KEY, createSnapshotCache({ dir, codeVersion, onEvent: (e) => events.push(e) }));
  return { engine, events };
}

const kinds = (events: SnapshotCacheEvent[], kind: SnapshotCacheEvent["kind"]) =>
  events.filter((e) => e.kind === kind).map((e) => e.name);

/** Events of the parsed-list entries only (not their `-meta` and `-verified` records). */
const parsedEntries = (events: SnapshotCacheEvent[], kind: SnapshotCacheEvent["kind"]) =>
  kinds(events, kind).filter((n) => /^list-.*-bundled$/.test(n));

test("bundled lists: parsed once into the cache, then read from it — same snapshots; a corrupt entry is rebuilt", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "embargo-listcache-"));
  try {
    const plain = await getListSnapshots(createEngine());
    assert.ok(plain.length > 0);

    const first = engineWithCache(dir);
    const built = await getListSnapshots(first.engine);
    assert.equal(parsedEntries(first.events, "written").length, plain.length, JSON.stringify(first.events));
    assert.deepEqual(built, plain);

    // A later start reads the counts and versions only; each list's entities are decoded when first read.
    const second = engineWithCache(dir);
    const cached = await getListSnapshots(second.engine);
    assert.deepEqual(await getListVersions(second.engine), await getListVersions(first.engine));
    assert.deepEqual(parsedEntries(second.events, "hit"), []);
    assert.deepEqual(cached, plain);
    assert.equal(parsedEntries(second.events, "hit").length, plain.length, JSON.stringify(second.events));

    // Flip one byte near the end of one entry: that list is parsed again from its files, the others still hit.
    const victim = path.join(dir, "list-un-sc-bundled.snap");
    const bytes = await readFile(victim);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01;
    await writeFile(victim, bytes);
    const third = engineWithCache(dir);
    assert.deepEqual(await getListSnapshots(third.engine), plain);
    assert.deepEqual(parsedEntries(third.events, "corrupt"), ["list-un-sc-bundled"]);
    assert.equal(parsedEntries(third.events, "hit").length, plain.length - 1);

    // A damaged counts record: the list is loaded as on a first start, same snapshots and versions.
    const meta = path.join(dir, "list-ofac-sdn-bundled-meta.snap");
    await writeFile(meta, (await readFile(meta)).subarray(0, 20));
    const fourth = engineWithCache(dir);
    assert.deepEqual(await getListSnapshots(fourth.engine), plain);
    assert.deepEqual(await getListVersions(fourth.engine), await getListVersions(first.engine));
    assert.deepEqual(kinds(fourth.events, "corrupt"), ["list-ofac-sdn-bundled-meta"]);

    // Another code version never reads these entries.
    const other = engineWithCache(dir, "test-2");
    await getListSnapshots(other.engine);
    assert.equal(kinds(other.events, "hit").length, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
