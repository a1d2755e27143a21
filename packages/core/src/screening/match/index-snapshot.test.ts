import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { crc32 } from "node:zlib";
import { createEngine } from "../../engine.ts";
import { fixedClock } from "../../runtime/index.ts";
import type { ListSnapshot } from "../model.ts";
import { buildScreenerCore, createScreener, screenerOver } from "../screener.ts";
import { getListSnapshots } from "../store.ts";
import type { DeletionTable } from "./candidate-index.ts";
import {
  decodeScreenerCore,
  encodeScreenerCore,
  entryBytesOf,
  INDEX_SNAPSHOT_VERSION,
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
  const encoded = encodeScreenerCore(built);
  loaded = decodeScreenerCore(entryBytesOf(encoded.index), entryBytesOf(encoded.entries));
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
    } else if (k === "postingsAt") {
      // A built index reads its postings array; a loaded one through its reader, which gives every key's postings.
      assert.equal(x, undefined);
      const at = y as (id: number) => Int32Array;
      for (let id = 0; id < built.index.postings.length; id++)
        assert.deepStrictEqual(at(id), built.index.postings[id], `postingsAt(${id})`);
    } else if (k === "deletes") {
      // Read by pages; its hashes and ids read whole are the built table's.
      const d = y as DeletionTable;
      assert.deepStrictEqual(d.hashes, built.index.deletes.hashes);
      assert.deepStrictEqual(d.ids, built.index.deletes.ids);
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
  // The paged deletion lookup finds, for every stored hash and for hashes not stored, the built table's ids.
  const { hashes, ids } = built.index.deletes;
  const lookup = loaded.index.deletes.lookup;
  assert.ok(lookup, "a snapshot's deletion table is read by pages");
  const idsUnder = (h: number) => {
    const out: number[] = [];
    lookup.call(loaded.index.deletes, h, (id) => out.push(id));
    return out;
  };
  let absent = 0;
  for (let i = 0; i < hashes.length; i += 37) {
    const h = hashes[i] as number;
    let j = i;
    while (j > 0 && hashes[j - 1] === h) j--;
    // A hash just below a run that the table does not hold finds nothing.
    if (h > 0 && (j === 0 || hashes[j - 1] !== h - 1)) {
      assert.deepStrictEqual(idsUnder(h - 1), [], `hash ${h - 1}`);
      absent++;
    }
    const want: number[] = [];
    for (; j < hashes.length && hashes[j] === h; j++) want.push(ids[j] as number);
    assert.deepStrictEqual(idsUnder(h), want, `hash ${h}`);
  }
  assert.ok(absent > 100, `only ${absent} absent hashes tried`);
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

/** The index payload's directory and where its sections start (for tests that damage chosen sections). */
function layoutOf(index: Buffer): { sections: Record<string, { offset: number; length: number }>; base: number } {
  const dirLength = index.readUInt32LE(0);
  const dir = JSON.parse(index.toString("utf8", 8, 8 + dirLength));
  return { sections: dir.sections, base: 8 + dirLength + ((8 - ((8 + dirLength) % 8)) % 8) };
}

test("a payload whose directory is damaged or of another layout does not decode", () => {
  const encoded = encodeScreenerCore(built);
  const bytes = Buffer.concat(encoded.index);
  const entries = entryBytesOf(encoded.entries);
  const damage: string[] = [];
  const onDamage = (reason: string) => damage.push(reason);
  // Another layout version: refused (its directory's CRC-32 is right: written so).
  const other = Buffer.from(bytes);
  const dirLength = other.readUInt32LE(0);
  // Same length as the current version (the directory's length stays as written).
  const another = INDEX_SNAPSHOT_VERSION.replace(/\d+$/, (v) => String((Number(v) + 1) % 10));
  other.write(another, other.indexOf(INDEX_SNAPSHOT_VERSION), "latin1");
  other.writeUInt32LE(crc32(other.subarray(8, 8 + dirLength)), 4);
  assert.throws(() => decodeScreenerCore(entryBytesOf([other]), entries, onDamage), /layout/);
  // A flipped bit in the directory: damage.
  const flipped = Buffer.from(bytes);
  flipped[20] = (flipped[20] as number) ^ 0x02;
  assert.throws(() => decodeScreenerCore(entryBytesOf([flipped]), entries, onDamage), IndexEntryDamaged);
  assert.match(damage.at(-1) ?? "", /directory does not match its CRC-32/);
  // A flipped bit in the page table (the payload's last bytes): damage.
  const table = Buffer.from(bytes);
  table[table.length - 2] = (table[table.length - 2] as number) ^ 0x10;
  assert.throws(() => decodeScreenerCore(entryBytesOf([table]), entries, onDamage), IndexEntryDamaged);
  assert.match(damage.at(-1) ?? "", /page table does not match its CRC-32/);
  assert.throws(() => decodeScreenerCore(entryBytesOf([bytes.subarray(0, bytes.length - 8)]), entries), /fit/);
  assert.throws(() => decodeScreenerCore(entryBytesOf([bytes.subarray(0, 3)]), entries));
  // Entries of another length than the index says (a truncated or foreign entries file).
  const short = entryBytesOf([Buffer.concat(encoded.entries).subarray(0, 100)]);
  assert.throws(() => decodeScreenerCore(entryBytesOf([bytes]), short), /entries/);
});

test("a damaged page of the index is never used: found at start when a dense section holds it, else when a query reads it; the screener then answers from a fresh index", () => {
  const encoded = encodeScreenerCore(built);
  const bytes = Buffer.concat(encoded.index);
  const entries = entryBytesOf(encoded.entries);
  const { sections, base } = layoutOf(bytes);
  const flipIn = (name: string) => {
    const b = Buffer.from(bytes);
    const s = sections[name] as { offset: number; length: number };
    const at = base + s.offset + Math.floor(s.length / 2);
    b[at] = (b[at] as number) ^ 0x01;
    return b;
  };
  // A section read whole at start (the per-name part counts).
  const damage: [string, string][] = [];
  const onDamage = (reason: string, part: string) => {
    damage.push([reason, part]);
  };
  assert.throws(() => decodeScreenerCore(entryBytesOf([flipIn("nameParts")]), entries, onDamage), IndexEntryDamaged);
  assert.match(damage.at(-1)?.[0] ?? "", /page \d+ does not match its CRC-32/);
  assert.equal(damage.at(-1)?.[1], "index");
  // Every page of the postings damaged: opening succeeds (postings are read by pages), the first query that reaches
  // a posting finds the damage, and the screener rebuilds its index and answers as a fresh one does.
  const b = Buffer.from(bytes);
  const po = sections.postings as { offset: number; length: number };
  for (let i = 0; i < po.length * 4; i += 512) b[base + po.offset + i] = (b[base + po.offset + i] as number) ^ 0x01;
  damage.length = 0;
  const core = decodeScreenerCore(entryBytesOf([b]), entries, onDamage);
  assert.equal(damage.length, 0);
  assert.throws(() => core.index.postings[0], IndexEntryDamaged);
  const clock = fixedClock("2026-12-01T00:00:00Z");
  const fresh = createScreener(snapshots, { clock });
  const fromDamaged = screenerOver(snapshots, decodeScreenerCore(entryBytesOf([b]), entries, onDamage), { clock });
  for (const name of ["Сергей Иванов", "Vladimir Putin", "Al Qaida"])
    assert.deepStrictEqual(fromDamaged.screen({ name }), fresh.screen({ name }), name);
  assert.ok(damage.some(([r, part]) => part === "index" && /page \d+ does not match/.test(r)));
});

test("an entry that does not match its checksum is never used: reading it reports the damage and throws", () => {
  const encoded = encodeScreenerCore(built);
  const raw = Buffer.concat(encoded.entries);
  // One flipped bit in every 997th byte: every entry longer than that is damaged, shorter ones may be intact.
  for (let i = 0; i < raw.length; i += 997) raw[i] = (raw[i] as number) ^ 0x04;
  const damage: string[] = [];
  const core = decodeScreenerCore(entryBytesOf(encoded.index), entryBytesOf([raw]), (r, part) => {
    assert.equal(part, "entries");
    damage.push(r);
  });
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
