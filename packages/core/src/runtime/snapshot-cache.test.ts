import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createEngine } from "../engine.ts";
import {
  cachedSnapshot,
  createSnapshotCache,
  SNAPSHOT_CACHE_KEY,
  type SnapshotCacheEvent,
  snapshotCacheOf,
} from "./snapshot-cache.ts";

async function fixture() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "embargo-snap-"));
  const events: SnapshotCacheEvent[] = [];
  const cache = createSnapshotCache({ dir, codeVersion: "build-1", onEvent: (e) => events.push(e) });
  return { dir, events, cache, done: () => rm(dir, { recursive: true, force: true }) };
}

const value = {
  entities: [{ id: "a", names: ["Сергей Иванов"], born: new Date("1970-01-02T00:00:00Z") }],
  index: new Map([["ivanov", new Int32Array([0, 3])]]),
};

test("put then get returns an equal value (Maps, typed arrays, Dates kept) and writes no temporary file", async () => {
  const f = await fixture();
  await f.cache.put("lists-un-sc", ["sha-1"], value);
  const got = await f.cache.get<typeof value>("lists-un-sc", ["sha-1"]);
  assert.deepEqual(got, value);
  assert.ok(got?.entities[0]?.born instanceof Date);
  assert.deepEqual(await readdir(f.dir), ["lists-un-sc.snap"]);
  assert.deepEqual(
    f.events.map((e) => e.kind),
    ["written", "hit"],
  );
  await f.done();
});

test("another source hash or another code version is stale: a miss, never the old value", async () => {
  const f = await fixture();
  await f.cache.put("lists-un-sc", ["sha-1"], value);
  assert.equal(await f.cache.get("lists-un-sc", ["sha-2"]), undefined);
  const newer = createSnapshotCache({ dir: f.dir, codeVersion: async () => "build-2" });
  assert.equal(await newer.get("lists-un-sc", ["sha-1"]), undefined);
  assert.equal(f.events.at(-1)?.kind, "stale");
  await f.done();
});

test("a corrupted entry is never trusted: flipped payload byte, truncation, bad header — miss, and the file is removed", async () => {
  const f = await fixture();
  const file = path.join(f.dir, "lists-un-sc.snap");
  const damages: ((b: Buffer) => Buffer)[] = [
    (b) => {
      const c = Buffer.from(b);
      c[c.length - 5] = (c[c.length - 5] as number) ^ 0xff;
      return c;
    },
    (b) => b.subarray(0, b.length - 10),
    (b) => Buffer.concat([Buffer.from("{not json\n"), b.subarray(b.indexOf(10) + 1)]),
    () => Buffer.alloc(0),
  ];
  for (const damage of damages) {
    await f.cache.put("lists-un-sc", ["sha-1"], value);
    await writeFile(file, damage(await readFile(file)));
    assert.equal(await f.cache.get("lists-un-sc", ["sha-1"]), undefined);
    assert.equal(f.events.at(-1)?.kind, "corrupt");
    assert.deepEqual(await readdir(f.dir), []);
  }
  // …and cachedSnapshot rebuilds it.
  let builds = 0;
  const again = await cachedSnapshot(f.cache, "lists-un-sc", ["sha-1"], () => {
    builds++;
    return value;
  });
  assert.equal(builds, 1);
  assert.deepEqual(again, value);
  assert.deepEqual(await f.cache.get("lists-un-sc", ["sha-1"]), value);
  await f.done();
});

test("a payload that checks out but does not deserialize is corrupt too", async () => {
  const f = await fixture();
  await f.cache.put("x", ["k"], value);
  const file = path.join(f.dir, "x.snap");
  const buf = await readFile(file);
  const header = JSON.parse(buf.subarray(0, buf.indexOf(10)).toString()) as Record<string, unknown>;
  const junk = Buffer.from("definitely not v8");
  const { createHash } = await import("node:crypto");
  header.bytes = junk.length;
  header.sha256 = createHash("sha256").update(junk).digest("hex");
  await writeFile(file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), junk]));
  assert.equal(await f.cache.get("x", ["k"]), undefined);
  assert.equal(f.events.at(-1)?.kind, "corrupt");
  await f.done();
});

test("cachedSnapshot builds once per key; without a cache it always builds; engines have none unless installed", async () => {
  const f = await fixture();
  let builds = 0;
  const build = () => {
    builds++;
    return { n: builds };
  };
  assert.deepEqual(await cachedSnapshot(f.cache, "e", ["1"], build), { n: 1 });
  assert.deepEqual(await cachedSnapshot(f.cache, "e", ["1"], build), { n: 1 });
  assert.deepEqual(await cachedSnapshot(f.cache, "e", ["2"], build), { n: 2 });
  assert.deepEqual(await cachedSnapshot(undefined, "e", ["2"], build), { n: 3 });
  const engine = createEngine();
  assert.equal(await snapshotCacheOf(engine), undefined);
  engine.replace(SNAPSHOT_CACHE_KEY, f.cache);
  assert.equal(await snapshotCacheOf(engine), f.cache);
  await f.done();
});

test("a write into an unwritable place is reported, not thrown, and leaves no temporary file", async () => {
  const f = await fixture();
  await writeFile(path.join(f.dir, "blocker"), "a file where the cache folder should be");
  const events: SnapshotCacheEvent[] = [];
  const cache = createSnapshotCache({
    dir: path.join(f.dir, "blocker"),
    codeVersion: "v",
    onEvent: (e) => events.push(e),
  });
  await cache.put("x", ["k"], value);
  assert.equal(events.at(-1)?.kind, "write_failed");
  assert.deepEqual(await readdir(f.dir), ["blocker"]);
  await f.done();
});

test("openBytes: random reads of a binary entry; header, key and length checked (not the payload: the caller's job)", async () => {
  const f = await fixture();
  const payload = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  await f.cache.putBytes?.("entries", ["sha-1"], [payload.subarray(0, 400), payload.subarray(400)]);
  const r = await f.cache.openBytes?.("entries", ["sha-1"]);
  assert.ok(r);
  assert.equal(r.length, 1000);
  assert.deepEqual(Buffer.from(r.read(390, 20)), payload.subarray(390, 410));
  assert.deepEqual(Buffer.from(r.read(0, 0)), Buffer.alloc(0));
  assert.throws(() => r.read(990, 20), RangeError);
  assert.equal(await f.cache.openBytes?.("entries", ["sha-2"]), undefined);
  assert.equal(await f.cache.openBytes?.("other", ["sha-1"]), undefined);
  // A truncated file is refused at open (its length is in the checked header).
  const file = path.join(f.dir, "entries.bin");
  const whole = await readFile(file);
  await writeFile(file, whole.subarray(0, whole.length - 1));
  assert.equal(await f.cache.openBytes?.("entries", ["sha-1"]), undefined);
  assert.deepEqual(await readdir(f.dir), []);
  // discard: the caller found a damaged part; the entry is removed and reported.
  await f.cache.putBytes?.("entries", ["sha-1"], [payload]);
  const again = await f.cache.openBytes?.("entries", ["sha-1"]);
  again?.discard("entry 3 does not match its checksum");
  assert.deepEqual(await readdir(f.dir), []);
  assert.deepEqual(
    f.events.map((e) => e.kind),
    ["written", "hit", "stale", "miss", "corrupt", "written", "hit", "corrupt"],
  );
  await f.done();
});
