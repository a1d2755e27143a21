import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { createEngine } from "../engine.ts";
import { fixedClock, type Logger } from "../runtime/index.ts";
import { createSnapshotCache, SNAPSHOT_CACHE_KEY, type SnapshotCacheEvent } from "../runtime/snapshot-cache.ts";
import { INDEX_SNAPSHOT_VERSION } from "./match/index-snapshot.ts";
import { smallListsDataDir } from "./match/test-lists.ts";
import { getScreener } from "./screener.ts";
import { getListSnapshots, listSnapshotKeys } from "./store.ts";

const clock = fixedClock("2026-12-01T00:00:00Z");
const QUERIES = ["Сергей Иванов", "Abdul Rahman", "عبد الرحمن", "Kim Jong Un", "Al Qaida", "Jamal Ahmad"];

let dataDir: string;
let cacheDir: string;
let expected: unknown[];

/** A fresh engine (a new process, as far as the engine memo goes) with a snapshot cache in `cacheDir`. */
function engineWithCache(codeVersion = "test-1") {
  const events: SnapshotCacheEvent[] = [];
  const warnings: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (_o: unknown, msg?: string) => warnings.push(String(msg)),
    error() {},
  };
  const engine = createEngine({ dataDir, clock, logger });
  engine.replace(
    SNAPSHOT_CACHE_KEY,
    createSnapshotCache({ dir: cacheDir, codeVersion, onEvent: (e) => events.push(e) }),
  );
  const index = () => events.filter((e) => e.name === "screening-index").map((e) => e.kind);
  return { engine, events, index, warnings };
}

const answers = async (engine: ReturnType<typeof createEngine>) => {
  const s = await getScreener(engine);
  return QUERIES.map((name) => s.screen({ name }));
};

const indexFile = () => path.join(cacheDir, "screening-index.bin");

before(async () => {
  dataDir = await smallListsDataDir();
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "embargo-idxcache-"));
  // Without any cache: the reference answers.
  expected = await answers(createEngine({ dataDir, clock }));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

test("screening index cache: written on the first start, read on the next, same answers", async () => {
  const first = engineWithCache();
  assert.deepStrictEqual(await answers(first.engine), expected);
  assert.deepEqual(first.index(), ["miss", "written"]);
  const second = engineWithCache();
  assert.deepStrictEqual(await answers(second.engine), expected);
  assert.deepEqual(second.index(), ["hit"]);
});

/** Where the index payload starts in the cache file, its directory's sections and where they start. */
function indexLayout(file: Buffer) {
  const headerLength = file.readUInt32LE(8);
  const payload = 12 + headerLength + ((8 - ((12 + headerLength) % 8)) % 8);
  const dirLength = file.readUInt32LE(payload);
  const dir = JSON.parse(file.toString("utf8", payload + 8, payload + 8 + dirLength));
  const base = payload + 8 + dirLength + ((8 - ((8 + dirLength) % 8)) % 8);
  return { payload, sections: dir.sections as Record<string, { offset: number; length: number }>, base };
}

test("screening index cache: a flipped byte, a truncated file or another header version is rebuilt, same answers", async () => {
  const flip = (b: Buffer, at: number) => {
    const c = Buffer.from(b);
    c[at] = (c[at] as number) ^ 0x01;
    return c;
  };
  const damages: [string, (b: Buffer) => Buffer, string[]][] = [
    // Checked when the index is opened: the directory, and the sections every query reads whole.
    ["flipped byte in the directory", (b) => flip(b, indexLayout(b).payload + 20), ["hit", "corrupt", "written"]],
    [
      "flipped byte in a section read at start",
      (b) => {
        const { sections, base } = indexLayout(b);
        const s = sections.nameLengths as { offset: number; length: number };
        return flip(b, base + s.offset + s.length * 2);
      },
      ["hit", "corrupt", "written"],
    ],
    // Checked by the cache before the index is decoded.
    ["truncated", (b) => b.subarray(0, Math.floor(b.length / 2)), ["corrupt", "written"]],
    ["empty", () => Buffer.alloc(0), ["corrupt", "written"]],
    [
      "other format version",
      (b) => {
        const c = Buffer.from(b);
        c.write("embargo-binary-snapshot/9", c.indexOf("embargo-binary-snapshot/1"), "latin1");
        return c;
      },
      ["corrupt", "written"],
    ],
  ];
  await answers(engineWithCache().engine); // make sure an entry exists
  for (const [what, damage, events] of damages) {
    await writeFile(indexFile(), damage(await readFile(indexFile())));
    const run = engineWithCache();
    assert.deepStrictEqual(await answers(run.engine), expected, what);
    assert.deepEqual(run.index(), events, what);
    const next = engineWithCache();
    assert.deepStrictEqual(await answers(next.engine), expected, what);
    assert.deepEqual(next.index(), ["hit"], `${what}: rewritten whole`);
  }
});

test("screening index cache: a damaged index page is found when a query reads it; the answers come from a fresh index and the entry is rebuilt", async () => {
  await answers(engineWithCache().engine); // make sure both entries exist
  const raw = await readFile(indexFile());
  // A flipped bit in every page of the postings (read by pages: every query reaches some of them).
  const { sections, base } = indexLayout(raw);
  const po = sections.postings as { offset: number; length: number };
  for (let i = 0; i < po.length * 4; i += 1024)
    raw[base + po.offset + i] = (raw[base + po.offset + i] as number) ^ 0x08;
  await writeFile(indexFile(), raw);
  const run = engineWithCache();
  assert.deepStrictEqual(await answers(run.engine), expected);
  assert.deepEqual(run.index(), ["hit", "corrupt"]);
  assert.ok(
    run.warnings.some((w) => /damaged/.test(w)),
    JSON.stringify(run.warnings),
  );
  // The damaged index entry was removed: the next start misses it and writes both entries again.
  const next = engineWithCache();
  assert.deepStrictEqual(await answers(next.engine), expected);
  assert.deepEqual(next.index(), ["miss", "written"]);
  const third = engineWithCache();
  assert.deepStrictEqual(await answers(third.engine), expected);
  assert.deepEqual(third.index(), ["hit"]);
  assert.deepEqual(third.warnings, []);
});

test("screening index cache: damaged entry texts are found when a query reads them; the index is rebuilt, same answers", async () => {
  await answers(engineWithCache().engine); // make sure both entries exist
  const entriesFile = path.join(cacheDir, "screening-index-entries.bin");
  const raw = await readFile(entriesFile);
  // A flipped bit every 499 bytes past the header: whatever entries the queries read, some are damaged.
  for (let i = 4096; i < raw.length; i += 499) raw[i] = (raw[i] as number) ^ 0x10;
  await writeFile(entriesFile, raw);
  const run = engineWithCache();
  assert.deepStrictEqual(await answers(run.engine), expected);
  assert.ok(
    run.warnings.some((w) => /damaged/.test(w)),
    JSON.stringify(run.warnings),
  );
  assert.ok(run.events.some((e) => e.name === "screening-index-entries" && e.kind === "corrupt"));
  // The damaged entries file was removed: the next start misses it and writes both entries again.
  const next = engineWithCache();
  assert.deepStrictEqual(await answers(next.engine), expected);
  assert.deepEqual(next.index(), ["hit", "written"]);
  const third = engineWithCache();
  assert.deepStrictEqual(await answers(third.engine), expected);
  assert.deepEqual(third.index(), ["hit"]);
  assert.deepEqual(third.warnings, []);
});

test("screening index cache: another code version is stale (rebuilt); a layout the reader refuses is rebuilt with a warning", async () => {
  const other = engineWithCache("test-2");
  assert.deepStrictEqual(await answers(other.engine), expected);
  assert.deepEqual(other.index(), ["stale", "written"]);

  // An entry that passes the cache's checks (right key, right checksum) but is not a readable index layout.
  const run = engineWithCache("test-2");
  const cache = createSnapshotCache({ dir: cacheDir, codeVersion: "test-2" });
  const keys = listSnapshotKeys(await getListSnapshots(run.engine)) as string[];
  await cache.putBytes?.(
    "screening-index",
    [INDEX_SNAPSHOT_VERSION, ...keys],
    [Buffer.from("\u0004\u0000\u0000\u0000{}  ")],
  );
  assert.deepStrictEqual(await answers(run.engine), expected);
  assert.deepEqual(run.index(), ["hit", "written"]);
  assert.ok(
    run.warnings.some((w) => /unreadable/.test(w)),
    JSON.stringify(run.warnings),
  );
  const next = engineWithCache("test-2");
  assert.deepStrictEqual(await answers(next.engine), expected);
  assert.deepEqual(next.index(), ["hit"]);
  assert.deepEqual(next.warnings, []);
});
