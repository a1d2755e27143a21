import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { createEngine } from "../../engine.ts";
import { fixedClock } from "../../runtime/index.ts";
import type { ListSnapshot } from "../model.ts";
import { buildScreenerCore, createScreener, screenerOver } from "../screener.ts";
import { getListSnapshots } from "../store.ts";
import {
  decodeScreenerCore,
  encodeScreenerCore,
  entryBytesOf,
  IndexEntryDamaged,
  type ScreenerCore,
} from "./index-snapshot.ts";
import { fixtureSnapshots } from "./test-fixtures.ts";
import { smallListsDataDir } from "./test-lists.ts";

let dataDir: string;
let snapshots: ListSnapshot[];
let built: ScreenerCore;
let loaded: ScreenerCore;

before(async () => {
  dataDir = await smallListsDataDir();
  snapshots = [...(await getListSnapshots(createEngine({ dataDir }))), ...fixtureSnapshots];
  built = buildScreenerCore(snapshots);
  // Through a real buffer, as read from disk (views over one ArrayBuffer at an aligned offset).
  const encoded = encodeScreenerCore(built);
  const bytes = Buffer.concat(encoded.index);
  loaded = decodeScreenerCore(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    entryBytesOf(encoded.entries),
  );
});
after(() => rm(dataDir, { recursive: true, force: true }));

test("index snapshot round trip: every field of the candidate index and the record map is restored identical", () => {
  const a = built.index as unknown as Record<string, unknown>;
  const b = loaded.index as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
  assert.ok(built.index.names.length > 5000, `only ${built.index.names.length} names: the sample is too small`);
  for (const k of Object.keys(a)) {
    const x = a[k];
    const y = b[k];
    if (k === "entities" || k === "names") {
      // Decoded one entry at a time on access: compare every entry.
      const xs = x as unknown[];
      const ys = y as unknown[];
      assert.equal(ys.length, xs.length, k);
      for (let i = 0; i < xs.length; i++) assert.deepStrictEqual(ys[i], xs[i], `${k}[${i}]`);
    } else if (x instanceof Map) {
      // Same entries in the same order.
      assert.deepStrictEqual([...(y as Map<unknown, unknown>)], [...x], k);
    } else assert.deepStrictEqual(y, x, k);
  }
  assert.deepStrictEqual([...loaded.byRecord], [...built.byRecord]);
  // The hashed tables answer every key as the Maps they were written from, and nothing else.
  for (const [k, id] of built.index.vocab) assert.equal(loaded.index.vocab.get(k), id, k);
  for (const [k, ids] of built.index.skeletons) assert.deepStrictEqual(loaded.index.skeletons.get(k), ids, k);
  for (const [k, at] of built.byRecord) assert.equal(loaded.byRecord.get(k), at, k);
  for (const k of ["", "zzzzqqqq", "ivanov\u0000", "#", "~", "=ab", "not-a-record:1"])
    if (!(built.index.vocab as Map<string, number>).has(k)) assert.equal(loaded.index.vocab.get(k), undefined, k);
  assert.equal(loaded.byRecord.get("no-such-list:0"), undefined);
  // Shared token objects: a name's scored parts are its own tokens (identity kept within a name).
  const n = loaded.index.names.find((x) => x.scored.length > 0 && x.scored !== x.tokens);
  if (n) for (const t of n.scored) assert.ok(n.tokens.includes(t));
});

test("index snapshot round trip: screening a sample of queries gives identical results", () => {
  const clock = fixedClock("2026-12-01T00:00:00Z");
  const fresh = createScreener(snapshots, { clock });
  const fromSnapshot = screenerOver(snapshots, loaded, { clock });
  assert.deepStrictEqual(fromSnapshot.stats, fresh.stats);
  assert.equal(fromSnapshot.version, fresh.version);
  const queries: { name: string; country?: string; dob?: string }[] = [
    { name: "Сергей Иванов" },
    { name: "Vladimir Putin" },
    { name: "Владимир Путин" },
    { name: "Abdul Rahman" },
    { name: "عبد الرحمن" },
    { name: "Kim Jong Un", country: "KP" },
    { name: "Rosneft" },
    { name: "Al Qaida" },
  ];
  // Listed names themselves, and the same with a typo, across the index.
  const names = built.index.names;
  for (let i = 0; i < names.length; i += Math.max(1, Math.floor(names.length / 40))) {
    const full = names[i]?.full ?? "";
    queries.push({ name: full });
    if (full.length > 6) queries.push({ name: `${full.slice(0, 3)}${full.slice(4)}` });
  }
  for (const q of queries) {
    assert.deepStrictEqual(fromSnapshot.screen(q), fresh.screen(q), q.name);
    assert.deepStrictEqual(
      fromSnapshot.screen(q, { algorithm: "ofac-parity" }),
      fresh.screen(q, { algorithm: "ofac-parity" }),
      q.name,
    );
  }
  const someRecord = snapshots[0]?.entities[0]?.id as string;
  assert.deepStrictEqual(fromSnapshot.getEntity(someRecord), fresh.getEntity(someRecord));
  assert.deepStrictEqual(fromSnapshot.getRecord(someRecord), fresh.getRecord(someRecord));
});

test("an index field the snapshot layout does not know is refused when encoding (never saved half)", () => {
  const index = { ...built.index, addedLater: new Int32Array(3) };
  assert.throws(() => encodeScreenerCore({ index, byRecord: built.byRecord }), /addedLater/);
});

test("a payload whose directory is damaged or of another layout does not decode", () => {
  const encoded = encodeScreenerCore(built);
  const bytes = Buffer.concat(encoded.index);
  const entries = entryBytesOf(encoded.entries);
  const other = Buffer.from(bytes);
  other.write("screening-index/9", other.indexOf("screening-index/6"), "latin1");
  assert.throws(() => decodeScreenerCore(other, entries), /layout/);
  assert.throws(() => decodeScreenerCore(bytes.subarray(0, bytes.length - 8), entries), /does not fit|inconsistent/);
  assert.throws(() => decodeScreenerCore(bytes.subarray(0, 3), entries));
  // Entries of another length than the index says (a truncated or foreign entries file).
  const short = entryBytesOf([Buffer.concat(encoded.entries).subarray(0, 100)]);
  assert.throws(() => decodeScreenerCore(bytes, short), /entries/);
});

test("an entry that does not match its checksum is never used: reading it reports the damage and throws", () => {
  const encoded = encodeScreenerCore(built);
  const bytes = Buffer.concat(encoded.index);
  const raw = Buffer.concat(encoded.entries);
  // One flipped bit in every 997th byte: every entry longer than that is damaged, shorter ones may be intact.
  for (let i = 0; i < raw.length; i += 997) raw[i] = (raw[i] as number) ^ 0x04;
  const damage: string[] = [];
  const core = decodeScreenerCore(bytes, entryBytesOf([raw]), (r) => damage.push(r));
  assert.throws(() => core.index.entities[0], IndexEntryDamaged);
  assert.match(damage[0] ?? "", /entities entry 0 does not match its CRC-32/);
  let thrown = 0;
  for (let i = 0; i < core.index.names.length; i += 97) {
    try {
      assert.deepStrictEqual(core.index.names[i], built.index.names[i]);
    } catch (e) {
      assert.ok(e instanceof IndexEntryDamaged, String(e));
      thrown++;
    }
  }
  assert.ok(thrown > 0, "no damaged name was found");
});
