/**
 * The screening index as binary snapshots, so a process that starts again reads the index instead of building it
 * (preparing ~59,000 names, merging profiles and filling the deletion table take seconds), and reads only the
 * parts of it a query touches.
 *
 * Index payload: a little-endian u32 directory length, the directory's CRC-32, the directory (JSON: layout
 * version, scalars, each section's type, offset and length, the page size and where the page table is), zero
 * padding to 8, then the sections, each 8-byte aligned, then the page table: one CRC-32 per page of the sections.
 * Numbers are typed arrays written as raw bytes; keys (vocabulary and skeleton keys, record ids) are one UTF-16
 * string table per kind with end offsets and open-addressing hash slots, looked up in place; listed names (over a
 * table of distinct name parts) and profiles are compact UTF-8 JSON entries, objects as `[shape, ...values]` with
 * each key list once in a shape table.
 *
 * Reading: the directory and the page table are read and checked at start, with the few small sections every
 * query reads densely (per-name owner, part count and lengths: 0.5 MB). Everything else (22 MB for the bundled
 * lists: vocabulary, deletion table, postings, skeletons, record ids, entry offsets) is read a page at a time by
 * position when a lookup first reaches it, each page checked against its CRC-32 then — a warm `check` or `screen`
 * reads a few hundred pages, not the whole file. The deletion table has a fence (the first hash of each block of
 * pairs), so a lookup reads one block of hashes and one of ids instead of binary-searching across the file.
 *
 * The entry texts (profiles, names, name parts: 27 MB) are a second payload, read one entry at a time by position,
 * each checked against its CRC-32 (kept in the index payload's checked pages).
 *
 * Integrity: the entries' headers (magic, key over the code version and the sources' hashes, length) are the
 * snapshot cache's job (`openBytes`); the directory, the page table, every page and every entry are checked here
 * before they are used. Damage found at start or during a query calls `onDamage` (the screener removes the damaged
 * cache entry) and throws {@link IndexEntryDamaged}: a damaged snapshot is rebuilt, never half-used (during a query
 * the screener rebuilds its index from the lists and answers from that).
 *
 * Every field of {@link CandidateIndex} must have an encoding here: {@link encodeScreenerCore} throws on a field it
 * does not know, so a field added to the index fails the round-trip test instead of going silently unsaved.
 */
import { crc32 } from "node:zlib";
import type { Entity } from "../model.ts";
import type { CandidateIndex, DeletionTable, KeyTable } from "./candidate-index.ts";
import { asPreparedName, asPreparedToken, type PreparedName, type PreparedToken } from "./names.ts";

/** Bumped whenever the layout changes (also part of the cache key). */
export const INDEX_SNAPSHOT_VERSION = "screening-index/8";

/** What a screener needs besides its list snapshots: the merged profiles' index and the record → profile map. */
export interface ScreenerCore {
  index: CandidateIndex;
  /** Source record id → position of its profile in `index.entities`. */
  byRecord: KeyTable<number>;
}

/** The fields of {@link CandidateIndex} this layout saves (and restores). */
const INDEX_FIELDS = [
  "entities",
  "names",
  "nameEntity",
  "nameParts",
  "nameLengths",
  "maxParts",
  "entityNames",
  "vocab",
  "postings",
  "deletes",
  "skeletons",
  "stats",
] as const;

type SectionType = "u8" | "i32" | "u32" | "str";
interface Section {
  type: SectionType;
  offset: number;
  length: number;
}
interface Directory {
  version: string;
  maxParts: number;
  stats: CandidateIndex["stats"];
  sections: Record<string, Section>;
  /** Bytes of the sections; each page of `pageSize` bytes of them has its CRC-32 in the page table. */
  bytes: number;
  pageSize: number;
  /** The page table (u32 CRC-32s) after the sections: its offset from the sections' start, count and CRC-32. */
  pages: { offset: number; count: number; crc32: number };
  /** The entry texts' sections in the separate entries payload, and its length. */
  entries: { bytes: number; sections: Record<string, Section> };
}

/** Page size of the index payload's sections (a power of two, a multiple of 8: no number straddles two pages). */
const PAGE_SHIFT = 12;
/** Pairs per block of the deletion table's fence (one lookup reads one block of hashes and one of ids). */
const FENCE_BLOCK = 1024;

/**
 * The encoded core: `index` (read by pages, each checked against its CRC-32 when first read) and `entries`
 * (profiles, names and name parts as UTF-8 entries, read one at a time when a query touches them; each checked
 * against its CRC-32 kept in `index`).
 */
export interface EncodedCore {
  index: Uint8Array[];
  entries: Uint8Array[];
}

/** Random reads of the entries payload (the snapshot cache's `openBytes`, or a buffer in tests). */
export interface EntryBytes {
  readonly length: number;
  read(offset: number, length: number): Uint8Array;
}

/** An entry read from the entries payload does not match its checksum: the snapshot must not be used. */
export class IndexEntryDamaged extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IndexEntryDamaged";
  }
}

/** Entries over an in-memory payload. */
export function entryBytesOf(chunks: readonly Uint8Array[]): EntryBytes {
  const b = Buffer.concat(chunks);
  return { length: b.length, read: (offset, length) => b.subarray(offset, offset + length) };
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** 32-bit FNV-1a over a string's UTF-16 code units (the hashed string tables' hash). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Numbers and bytes of the index payload's sections, read a page at a time on first use: each page is checked
 * against its CRC-32 from the (checked) page table before anything is read from it, and kept.
 */
class Pages {
  private readonly loaded: (Uint8Array | undefined)[];
  private readonly mask = (1 << PAGE_SHIFT) - 1;
  constructor(
    private readonly source: EntryBytes,
    /** Where the sections start in `source`. */
    private readonly base: number,
    /** Bytes of the sections. */
    readonly length: number,
    private readonly crcs: Uint32Array,
    private readonly damaged: (reason: string) => never,
  ) {
    this.loaded = new Array(crcs.length);
  }

  private page(p: number): Uint8Array {
    const b = this.loaded[p];
    return b ?? this.load(p);
  }

  private load(p: number): Uint8Array {
    const from = p << PAGE_SHIFT;
    if (p >= this.crcs.length || from >= this.length) throw new RangeError(`index snapshot page ${p} is past the end`);
    const b = this.source.read(this.base + from, Math.min(this.length - from, 1 << PAGE_SHIFT));
    if (crc32(b) !== this.crcs[p]) this.damaged(`index snapshot page ${p} does not match its CRC-32`);
    this.loaded[p] = b;
    return b;
  }

  u8(at: number): number {
    return this.page(at >>> PAGE_SHIFT)[at & this.mask] as number;
  }

  u16(at: number): number {
    const b = this.page(at >>> PAGE_SHIFT);
    const o = at & this.mask;
    return (b[o] as number) | ((b[o + 1] as number) << 8);
  }

  i32(at: number): number {
    const b = this.page(at >>> PAGE_SHIFT);
    const o = at & this.mask;
    return (b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24);
  }

  u32(at: number): number {
    return this.i32(at) >>> 0;
  }

  /** `n` bytes from `at` (a view into one page, or a copy across pages). */
  bytes(at: number, n: number): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    if (at < 0 || at + n > this.length) throw new RangeError("read outside the index snapshot's sections");
    const p0 = at >>> PAGE_SHIFT;
    const p1 = (at + n - 1) >>> PAGE_SHIFT;
    if (p0 === p1) {
      const o = at & this.mask;
      return this.page(p0).subarray(o, o + n);
    }
    const out = new Uint8Array(n);
    let done = 0;
    for (let p = p0; p <= p1; p++) {
      const b = this.page(p);
      const o = p === p0 ? at & this.mask : 0;
      const take = Math.min(b.length - o, n - done);
      out.set(b.subarray(o, o + take), done);
      done += take;
    }
    return out;
  }

  /**
   * `n` bytes from `at` as a new 8-byte aligned buffer (for typed arrays read whole), read in one call, every page
   * checked; pages are not kept (the caller keeps the copy).
   */
  whole(at: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    if (n === 0) return out;
    if (at < 0 || at + n > this.length) throw new RangeError("read outside the index snapshot's sections");
    const p0 = at >>> PAGE_SHIFT;
    const p1 = (at + n - 1) >>> PAGE_SHIFT;
    const from = p0 << PAGE_SHIFT;
    const span = this.source.read(this.base + from, Math.min(this.length, (p1 + 1) << PAGE_SHIFT) - from);
    for (let p = p0; p <= p1; p++) {
      const o = (p - p0) << PAGE_SHIFT;
      const page = span.subarray(o, Math.min(span.length, o + (1 << PAGE_SHIFT)));
      if (crc32(page) !== this.crcs[p]) this.damaged(`index snapshot page ${p} does not match its CRC-32`);
    }
    out.set(span.subarray(at - from, at - from + n));
    return out;
  }
}

/** A u32 or i32 section read by pages: `at(i)` is element `i` (bounds-checked). */
interface PagedInts {
  readonly length: number;
  at(i: number): number;
}

/**
 * A read-only key → value table over a snapshot's string table and hash slots (written by
 * {@link SectionWriter.hashedStrings}), read by pages: a lookup hashes the key, probes the slots and compares the
 * candidate's UTF-16 code units in place — no string or Map entry is made for keys a query does not reach. Values
 * come from `valueAt` (by position in the table). Iterates its entries in table order, like the Map it was
 * written from.
 */
class HashedStrings<V> implements KeyTable<V> {
  readonly size: number;
  constructor(
    private readonly pages: Pages,
    /** Byte offset of the UTF-16 text and its length in code units. */
    private readonly textAt: number,
    private readonly textLength: number,
    private readonly ends: PagedInts,
    private readonly slots: PagedInts,
    private readonly valueAt: (i: number) => V,
  ) {
    this.size = ends.length;
  }

  private span(i: number): [number, number] {
    const from = i === 0 ? 0 : this.ends.at(i - 1);
    const to = this.ends.at(i);
    if (to < from || to > this.textLength) throw new Error("index snapshot string table is inconsistent");
    return [from, to];
  }

  private keyAt(i: number): string {
    const [from, to] = this.span(i);
    const b = this.pages.bytes(this.textAt + from * 2, (to - from) * 2);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf16le");
  }

  get(key: string): V | undefined {
    const { slots, pages, textAt } = this;
    const mask = slots.length - 1;
    let at = fnv1a(key) & mask;
    for (let probes = 0; probes < slots.length; probes++) {
      const s = slots.at(at);
      if (s === 0) return undefined;
      const i = s - 1;
      if (i < this.size) {
        const [from, to] = this.span(i);
        if (to - from === key.length) {
          let k = 0;
          while (k < key.length && pages.u16(textAt + (from + k) * 2) === key.charCodeAt(k)) k++;
          if (k === key.length) return this.valueAt(i);
        }
      }
      at = (at + 1) & mask;
    }
    return undefined;
  }

  *[Symbol.iterator](): Iterator<[string, V]> {
    for (let i = 0; i < this.size; i++) yield [this.keyAt(i), this.valueAt(i)];
  }
}

/**
 * The deletion table read by pages: `lookup` finds the block of a hash through the fence (the first hash of each
 * block of {@link FENCE_BLOCK} pairs, read at start) and reads that block's hashes and ids. `hashes` and `ids`
 * (read whole) are there for writing the table again and for tests; retrieval does not touch them.
 */
class PagedDeletions implements DeletionTable {
  private whole?: { hashes: Uint32Array; ids: Int32Array };
  constructor(
    private readonly hashAt: PagedInts,
    private readonly idAt: PagedInts,
    private readonly fence: Uint32Array,
    private readonly readWhole: () => { hashes: Uint32Array; ids: Int32Array },
  ) {}

  get hashes(): Uint32Array {
    this.whole ??= this.readWhole();
    return this.whole.hashes;
  }

  get ids(): Int32Array {
    this.whole ??= this.readWhole();
    return this.whole.ids;
  }

  lookup(h: number, visit: (id: number) => void): void {
    const { fence, hashAt, idAt } = this;
    // The last block whose first hash is below h (a run of h may start at the end of the block before).
    let lo = 0;
    let hi = fence.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((fence[mid] as number) < h) lo = mid + 1;
      else hi = mid;
    }
    const block = Math.max(0, lo - 1);
    const n = hashAt.length;
    let a = block * FENCE_BLOCK;
    let b = Math.min(n, a + FENCE_BLOCK);
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (hashAt.at(mid) < h) a = mid + 1;
      else b = mid;
    }
    for (let j = a; j < n && hashAt.at(j) === h; j++) visit(idAt.at(j));
  }
}

/** Collects sections: typed arrays as their raw bytes, strings as UTF-16LE. */
class SectionWriter {
  readonly chunks: Uint8Array[] = [];
  readonly sections: Record<string, Section> = {};
  private offset = 0;

  get size(): number {
    return this.offset;
  }

  push(name: string, type: SectionType, bytes: Uint8Array, length: number): void {
    const gap = pad8(this.offset);
    if (gap > 0) {
      this.chunks.push(new Uint8Array(gap));
      this.offset += gap;
    }
    this.sections[name] = { type, offset: this.offset, length };
    this.chunks.push(bytes);
    this.offset += bytes.byteLength;
  }

  typed(name: string, a: Uint8Array | Int32Array | Uint32Array): void {
    const type: SectionType = a instanceof Uint8Array ? "u8" : a instanceof Int32Array ? "i32" : "u32";
    this.push(name, type, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), a.length);
  }

  /** Strings as one table plus their end offsets (`<name>.ends`). */
  strings(name: string, list: readonly string[]): void {
    const ends = new Uint32Array(list.length);
    let at = 0;
    list.forEach((s, i) => {
      at += s.length;
      ends[i] = at;
    });
    const text = Buffer.from(list.join(""), "utf16le");
    this.push(name, "str", text, at);
    this.typed(`${name}.ends`, ends);
  }

  /**
   * Strings as a table (see {@link strings}) plus an open-addressing hash table over it (`<name>.slots`: a power of
   * two at least twice the count, each slot 0 or 1 + the string's position, linear probing on {@link fnv1a}), so a
   * reader looks keys up in the file's bytes instead of building a Map at every start.
   */
  hashedStrings(name: string, list: readonly string[]): void {
    this.strings(name, list);
    let size = 8;
    while (size < list.length * 2) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    list.forEach((k, i) => {
      let at = fnv1a(k) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = i + 1;
    });
    this.typed(`${name}.slots`, slots);
  }

  /** Variable-length int lists as one array plus `n + 1` start offsets (`<name>.start`). */
  lists(name: string, lists: readonly ArrayLike<number>[]): void {
    const start = new Uint32Array(lists.length + 1);
    let n = 0;
    lists.forEach((l, i) => {
      start[i] = n;
      n += l.length;
    });
    start[lists.length] = n;
    const data = new Int32Array(n);
    lists.forEach((l, i) => {
      data.set(l, start[i] as number);
    });
    this.typed(name, data);
    this.typed(`${name}.start`, start);
  }

  /**
   * Strings as UTF-8 with their end byte offsets (`<name>.ends`), for entries read one at a time. With `away`, the
   * text goes to that writer (the entries payload) and each entry's CRC-32 here (`<name>.crc`).
   */
  utf8(name: string, list: readonly string[], away?: SectionWriter): void {
    const parts = list.map((x) => Buffer.from(x, "utf8"));
    const ends = new Uint32Array(parts.length);
    let at = 0;
    parts.forEach((p, i) => {
      at += p.length;
      ends[i] = at;
    });
    if (away) {
      away.push(name, "u8", Buffer.concat(parts, at), at);
      this.typed(
        `${name}.crc`,
        Uint32Array.from(parts, (p) => crc32(p)),
      );
    } else this.push(name, "u8", Buffer.concat(parts, at), at);
    this.typed(`${name}.ends`, ends);
  }
}

/**
 * Listed names as JSON with their parts replaced by ids into a table of distinct parts (most parts recur: the same
 * "mohammed" with the same role in thousands of names), `scored` as positions in `tokens`. Every other field is
 * kept as it is, whatever it is called, so a field added to prepared names or parts is saved too (JSON values only:
 * the round-trip test compares every name).
 */
/** Key lists of the objects written as `[shape, ...values]`, each once (a section of its own, written last). */
class Shapes {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  /** `[shape, ...values]` of an object (its own values as they are). */
  valuesOf(o: object): unknown[] {
    const shape = JSON.stringify(Object.keys(o));
    let id = this.ids.get(shape);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(shape);
      this.ids.set(shape, id);
    }
    return [id, ...Object.values(o)];
  }

  /**
   * A JSON value with every plain object as `[shape, ...values]` and every array as `[-1, ...items]`, recursively.
   * Refuses what JSON would not give back as it was (undefined, non-finite numbers, Dates, Maps…).
   */
  deep(v: unknown): unknown {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") {
      if (!Number.isFinite(v) || Object.is(v, -0)) throw new Error(`number ${v} has no JSON form`);
      return v;
    }
    if (Array.isArray(v)) return [-1, ...v.map((x) => this.deep(x))];
    if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      const out = this.valuesOf(v);
      for (let i = 1; i < out.length; i++) out[i] = this.deep(out[i]);
      return out;
    }
    throw new Error(`a ${typeof v} value has no JSON form`);
  }
}

/** Decodes {@link Shapes.deep}'s form. */
function undeep(v: unknown, shapes: readonly string[][]): unknown {
  if (!Array.isArray(v)) return v;
  const tag = v[0] as number;
  if (tag === -1) {
    const out = new Array(v.length - 1);
    for (let i = 1; i < v.length; i++) out[i - 1] = undeep(v[i], shapes);
    return out;
  }
  const keys = shapes[tag];
  if (!keys || keys.length !== v.length - 1) throw new Error("index snapshot entry does not match its shape");
  const o: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) o[keys[k] as string] = undeep(v[k + 1], shapes);
  return o;
}

function encodeNames(w: SectionWriter, away: SectionWriter, names: readonly PreparedName[], shapeTable: Shapes): void {
  // Objects are written as [shape, ...values], the shape (their keys in order) once in a table.
  const valuesOf = (o: object) => shapeTable.valuesOf(o);
  const tokenIds = new Map<string, number>();
  const tokens: string[] = [];
  const idOf = (t: PreparedToken): number => {
    const json = JSON.stringify(valuesOf(t));
    let id = tokenIds.get(json);
    if (id === undefined) {
      id = tokens.length;
      tokens.push(json);
      tokenIds.set(json, id);
    }
    return id;
  };
  const encoded = names.map((n) => {
    const ids = n.tokens.map(idOf);
    // A scored part is one of the name's tokens (its position), or a part of its own (-1 - its table id).
    const scored =
      n.scored === n.tokens
        ? "tokens"
        : n.scored.map((t) => {
            const at = n.tokens.indexOf(t);
            return at >= 0 ? at : -1 - idOf(t);
          });
    return JSON.stringify(valuesOf({ ...n, tokens: ids, scored }));
  });
  w.utf8("names", encoded, away);
  w.utf8("tokens", tokens, away);
}

/**
 * Encodes a screener's index and record map as the chunks of one payload (for `SnapshotCache.putBytes`). Throws
 * when the index has a field this layout does not know.
 */
export function encodeScreenerCore(core: ScreenerCore): EncodedCore {
  const { index } = core;
  // `postingsAt` is a reader over a snapshot's postings, not data.
  const known = new Set<string>([...INDEX_FIELDS, "postingsAt"]);
  for (const k of Object.keys(index))
    if (!known.has(k)) throw new Error(`candidate index field '${k}' has no snapshot encoding (index-snapshot.ts)`);
  const w = new SectionWriter();
  const away = new SectionWriter();
  const shapes = new Shapes();
  // Profiles as compact JSON (14.8 MB for the bundled lists, against 22.7 MB of per-entry V8 blobs).
  w.utf8(
    "entities",
    index.entities.map((e) => JSON.stringify(shapes.deep(e))),
    away,
  );
  encodeNames(w, away, index.names, shapes);
  w.typed("nameEntity", index.nameEntity);
  w.typed("nameParts", index.nameParts);
  w.typed("nameLengths", index.nameLengths);
  w.lists("entityNames", index.entityNames);
  const vocab = [...index.vocab];
  w.hashedStrings(
    "vocab",
    vocab.map(([k]) => k),
  );
  w.typed(
    "vocab.ids",
    Int32Array.from(vocab, ([, v]) => v),
  );
  w.lists("postings", index.postings);
  const { hashes } = index.deletes;
  w.typed("deletes.hashes", hashes);
  w.typed("deletes.ids", index.deletes.ids);
  w.typed(
    "deletes.fence",
    Uint32Array.from({ length: Math.ceil(hashes.length / FENCE_BLOCK) }, (_, b) => hashes[b * FENCE_BLOCK] as number),
  );
  const skeletons = [...index.skeletons];
  w.hashedStrings(
    "skeletons",
    skeletons.map(([k]) => k),
  );
  const skel = skeletons.map(([, v]) => v);
  w.lists(
    "skeletons.ids",
    skel.map((v) => (typeof v === "number" ? [v] : v)),
  );
  w.typed(
    "skeletons.bare",
    Uint8Array.from(skel, (v) => (typeof v === "number" ? 1 : 0)),
  );
  const records = [...core.byRecord];
  w.hashedStrings(
    "byRecord",
    records.map(([k]) => k),
  );
  w.typed(
    "byRecord.at",
    Int32Array.from(records, ([, v]) => v),
  );
  w.utf8("shapes", shapes.list);
  // One CRC-32 per page of the sections, in a table after them.
  const body = Buffer.concat(w.chunks, w.size);
  const pageSize = 1 << PAGE_SHIFT;
  const crcs = Uint32Array.from({ length: Math.ceil(body.length / pageSize) }, (_, p) =>
    crc32(body.subarray(p * pageSize, (p + 1) * pageSize)),
  );
  const table = new Uint8Array(crcs.buffer);
  const dir: Directory = {
    version: INDEX_SNAPSHOT_VERSION,
    maxParts: index.maxParts,
    stats: index.stats,
    sections: w.sections,
    bytes: body.length,
    pageSize,
    pages: { offset: body.length + pad8(body.length), count: crcs.length, crc32: crc32(table) },
    entries: { bytes: away.size, sections: away.sections },
  };
  const json = Buffer.from(JSON.stringify(dir));
  const head = Buffer.alloc(8 + json.length + pad8(8 + json.length));
  head.writeUInt32LE(json.length, 0);
  head.writeUInt32LE(crc32(json), 4);
  json.copy(head, 8);
  return { index: [head, body, new Uint8Array(pad8(body.length)), table], entries: away.chunks };
}

/**
 * An array whose elements are decoded on first access (and kept). Reads by position, `length`, iteration and
 * `JSON.stringify` behave as on the plain array. The decoded elements are kept in a Map, so making one costs no
 * `n`-slot array (five of them, 270,000 slots, took ~10 ms at every start).
 */
function lazyArray<T>(n: number, decode: (i: number) => T): T[] {
  return lazyArrayOver(n, memoised(decode));
}

/** `decode` memoised by position. */
function memoised<T>(decode: (i: number) => T): (i: number) => T {
  const kept = new Map<number, T>();
  return (i: number): T => {
    let v = kept.get(i);
    if (v === undefined) {
      v = decode(i);
      kept.set(i, v);
    }
    return v;
  };
}

/** {@link lazyArray} over an element reader already memoised. */
function lazyArrayOver<T>(n: number, at: (i: number) => T): T[] {
  /** The position a property names, or -1. */
  const positionOf = (prop: string | symbol): number => {
    if (typeof prop !== "string") return -1;
    const c = prop.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(prop);
    return Number.isInteger(i) && i < n ? i : -1;
  };
  return new Proxy([] as T[], {
    get(t, prop, receiver) {
      const i = positionOf(prop);
      if (i >= 0) return at(i);
      if (prop === "length") return n;
      return Reflect.get(t, prop, receiver);
    },
    has(t, prop) {
      return positionOf(prop) >= 0 || Reflect.has(t, prop);
    },
    getOwnPropertyDescriptor(t, prop) {
      const i = positionOf(prop);
      if (i >= 0) return { value: at(i), writable: true, enumerable: true, configurable: true };
      if (prop === "length") return { value: n, writable: true, enumerable: false, configurable: false };
      return Reflect.getOwnPropertyDescriptor(t, prop);
    },
    ownKeys(t) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < n; i++) keys.push(String(i));
      return [...keys, ...Reflect.ownKeys(t).filter((k) => typeof k !== "string" || !/^\d+$/.test(k))];
    },
  });
}

/** Where damage was found: the index payload (its directory, page table or a page) or an entry text. */
export type DamagedPart = "index" | "entries";

/**
 * Opens payloads written by {@link encodeScreenerCore}: checks the index payload's directory and page table and
 * reads the small dense sections now; the rest of `index` is read by pages and `entries` one entry at a time when a
 * query first reaches them, each checked against its CRC-32. Damage (a checksum that does not match, at start or
 * later) calls `onDamage` with the damaged part and throws {@link IndexEntryDamaged}; a directory that is not this
 * layout or sections that do not fit throw an Error.
 */
export function decodeScreenerCore(
  index: EntryBytes,
  entries: EntryBytes,
  onDamage?: (reason: string, part: DamagedPart) => void,
): ScreenerCore {
  const damaged =
    (part: DamagedPart) =>
    (reason: string): never => {
      onDamage?.(reason, part);
      throw new IndexEntryDamaged(reason);
    };
  const indexDamaged = damaged("index");
  if (index.length < 8) throw new Error("index snapshot too short");
  const head = Buffer.from(index.read(0, 8));
  const dirLength = head.readUInt32LE(0);
  if (8 + dirLength > index.length) throw new Error("index snapshot directory runs past the end");
  const dirBytes = index.read(8, dirLength);
  if (crc32(dirBytes) !== head.readUInt32LE(4)) indexDamaged("index snapshot directory does not match its CRC-32");
  const dir = JSON.parse(Buffer.from(dirBytes).toString("utf8")) as Directory;
  if (dir.version !== INDEX_SNAPSHOT_VERSION)
    throw new Error(`index snapshot layout '${dir.version}' is not ${INDEX_SNAPSHOT_VERSION}`);
  if (dir.pageSize !== 1 << PAGE_SHIFT) throw new Error(`index snapshot pages of ${dir.pageSize} bytes`);
  const base = 8 + dirLength + pad8(8 + dirLength);
  const pageCount = Math.ceil(dir.bytes / dir.pageSize);
  if (
    dir.pages.count !== pageCount ||
    dir.pages.offset < dir.bytes ||
    base + dir.pages.offset + pageCount * 4 !== index.length
  )
    throw new Error("index snapshot sections do not fit");
  const table = new Uint8Array(pageCount * 4);
  table.set(index.read(base + dir.pages.offset, pageCount * 4));
  if (crc32(table) !== dir.pages.crc32) indexDamaged("index snapshot page table does not match its CRC-32");
  const pages = new Pages(index, base, dir.bytes, new Uint32Array(table.buffer), indexDamaged);

  const section = (name: string, type: SectionType): Section => {
    const s = dir.sections[name];
    if (!s || s.type !== type) throw new Error(`index snapshot has no ${type} section '${name}'`);
    const width = type === "u8" ? 1 : type === "str" ? 2 : 4;
    if (s.offset % 8 !== 0 || s.offset + s.length * width > dir.bytes)
      throw new Error(`index snapshot section '${name}' does not fit`);
    return s;
  };
  /** Whole typed sections (read now, pages checked), for what every query reads densely. */
  const wholeOf = (name: string, type: SectionType, width: number): ArrayBuffer => {
    const s = section(name, type);
    return pages.whole(s.offset, s.length * width).buffer as ArrayBuffer;
  };
  const u8 = (name: string) => new Uint8Array(wholeOf(name, "u8", 1));
  const i32 = (name: string) => new Int32Array(wholeOf(name, "i32", 4));
  const u32 = (name: string) => new Uint32Array(wholeOf(name, "u32", 4));
  /** Typed sections read by pages. */
  const paged = (name: string, type: "i32" | "u32"): PagedInts => {
    const s = section(name, type);
    const { length, offset } = s;
    const range = (i: number) => {
      if (!(i >= 0 && i < length)) throw new RangeError(`index snapshot ${name}[${i}] of ${length}`);
    };
    return type === "i32"
      ? {
          length,
          at: (i) => {
            range(i);
            return pages.i32(offset + i * 4);
          },
        }
      : {
          length,
          at: (i) => {
            range(i);
            return pages.u32(offset + i * 4);
          },
        };
  };
  const pagedU8 = (name: string) => {
    const s = section(name, "u8");
    return { length: s.length, at: (i: number) => pages.u8(s.offset + i) };
  };
  /** A hashed string table, read by pages. */
  const hashed = <V>(name: string, valueAt: (i: number) => V): HashedStrings<V> => {
    const s = section(name, "str");
    const ends = paged(`${name}.ends`, "u32");
    const slots = paged(`${name}.slots`, "i32");
    if (slots.length < ends.length * 2 || (slots.length & (slots.length - 1)) !== 0)
      throw new Error(`index snapshot hash table '${name}' is inconsistent`);
    return new HashedStrings(pages, s.offset, s.length, ends, slots, valueAt);
  };
  /** Variable-length int lists: list `i` as a copy of its ints (read by pages). */
  const lists = (name: string) => {
    const data = section(name, "i32");
    const start = paged(`${name}.start`, "u32");
    if (start.length === 0) throw new Error(`index snapshot list section '${name}' is inconsistent`);
    return {
      n: start.length - 1,
      get: (i: number): Int32Array => {
        const from = start.at(i);
        const to = start.at(i + 1);
        if (to < from || to > data.length) throw new Error(`index snapshot list section '${name}' is inconsistent`);
        const out = new Int32Array(to - from);
        new Uint8Array(out.buffer).set(pages.bytes(data.offset + from * 4, (to - from) * 4));
        return out;
      },
    };
  };

  /** Entry texts in the entries payload, each checked against its CRC-32 when read. */
  const entriesDamaged = damaged("entries");
  const away = (name: string): { n: number; get: (i: number) => string } => {
    const s = dir.entries?.sections[name];
    if (s?.type !== "u8" || s.offset + s.length > entries.length || dir.entries.bytes !== entries.length)
      throw new Error(`index snapshot entries have no section '${name}' that fits`);
    const ends = paged(`${name}.ends`, "u32");
    const crcs = paged(`${name}.crc`, "u32");
    if (crcs.length !== ends.length || (ends.length > 0 && ends.at(ends.length - 1) !== s.length))
      throw new Error(`index snapshot text section '${name}' is inconsistent`);
    return {
      n: ends.length,
      get: (i) => {
        const from = i === 0 ? 0 : ends.at(i - 1);
        const to = ends.at(i);
        if (to < from || to > s.length) throw new Error(`index snapshot text section '${name}' is inconsistent`);
        const b = entries.read(s.offset + from, to - from);
        if (crc32(b) !== crcs.at(i)) entriesDamaged(`index snapshot ${name} entry ${i} does not match its CRC-32`);
        return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
      },
    };
  };

  const shapeBytes = Buffer.from(u8("shapes").buffer);
  const shapeEnds = u32("shapes.ends");
  const shapes: string[][] = [];
  for (let i = 0; i < shapeEnds.length; i++) {
    const from = i === 0 ? 0 : (shapeEnds[i - 1] as number);
    const to = shapeEnds[i] as number;
    if (to < from || to > shapeBytes.length) throw new Error("index snapshot text section 'shapes' is inconsistent");
    shapes.push(JSON.parse(shapeBytes.toString("utf8", from, to)) as string[]);
  }
  const entityText = away("entities");
  const entities = lazyArray<Entity>(entityText.n, (i) => undeep(JSON.parse(entityText.get(i)), shapes) as Entity);
  /** An object from its `[shape, ...values]` form. */
  const objectOf = (json: string): Record<string, unknown> => {
    const values = JSON.parse(json) as unknown[];
    const keys = shapes[values[0] as number];
    if (!keys || keys.length !== values.length - 1) throw new Error("index snapshot entry does not match its shape");
    const o: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) o[keys[k] as string] = values[k + 1];
    return o;
  };
  const tokenText = away("tokens");
  const tokenTable = new Map<number, PreparedToken>();
  const tokenOf = (id: number): PreparedToken => {
    if (!(id >= 0 && id < tokenText.n)) throw new Error(`index snapshot names part ${id} of ${tokenText.n}`);
    let t = tokenTable.get(id);
    if (t === undefined) {
      // In a built part's shape (see `asPreparedToken`), not in the order of assignments here.
      t = asPreparedToken(objectOf(tokenText.get(id)) as unknown as PreparedToken);
      tokenTable.set(id, t);
    }
    // Each name has its own copy of a part (as when built); the variants array is shared, as when built.
    return { ...t };
  };
  const nameText = away("names");
  const names = lazyArray<PreparedName>(nameText.n, (i) => {
    const raw = objectOf(nameText.get(i)) as unknown as Omit<PreparedName, "tokens" | "scored"> & {
      tokens: number[];
      scored: "tokens" | number[];
    };
    const tokens = raw.tokens.map(tokenOf);
    const scored =
      raw.scored === "tokens"
        ? tokens
        : raw.scored.map((at) => (at >= 0 ? (tokens[at] as PreparedToken) : tokenOf(-1 - at)));
    return asPreparedName({ ...raw, tokens, scored });
  });
  const nameEntity = i32("nameEntity");
  const nameParts = u8("nameParts");
  const nameLengths = u32("nameLengths");
  if (nameEntity.length !== names.length || nameParts.length !== names.length || nameLengths.length !== names.length)
    throw new Error("index snapshot name sections disagree in length");

  const en = lists("entityNames");
  const entityNames = lazyArray<number[]>(en.n, (e) => Array.from(en.get(e)));

  const vocabIds = paged("vocab.ids", "i32");
  const vocab = hashed("vocab", (i) => vocabIds.at(i));
  if (vocabIds.length !== vocab.size) throw new Error("index snapshot vocabulary sections disagree in length");

  const po = lists("postings");
  // Read when a query reaches the key (a few hundred per query), not 124,000 at every start.
  const postingsAt = memoised<Int32Array>((i) => {
    if (!(i >= 0 && i < po.n)) throw new RangeError(`index snapshot postings ${i} of ${po.n}`);
    return po.get(i);
  });
  const postings = lazyArrayOver(po.n, postingsAt);

  const hashAt = paged("deletes.hashes", "u32");
  const idAt = paged("deletes.ids", "i32");
  const fence = u32("deletes.fence");
  if (idAt.length !== hashAt.length || fence.length !== Math.ceil(hashAt.length / FENCE_BLOCK))
    throw new Error("index snapshot deletion sections disagree in length");
  const deletes = new PagedDeletions(hashAt, idAt, fence, () => ({
    hashes: u32("deletes.hashes"),
    ids: i32("deletes.ids"),
  }));

  const sk = lists("skeletons.ids");
  const bare = pagedU8("skeletons.bare");
  const skeletons = hashed("skeletons", (i): number | number[] => {
    const ids = sk.get(i);
    return bare.at(i) === 1 ? (ids[0] as number) : Array.from(ids);
  });
  if (sk.n !== skeletons.size || bare.length !== skeletons.size)
    throw new Error("index snapshot skeleton sections disagree in length");

  const recAt = paged("byRecord.at", "i32");
  const byRecord = hashed("byRecord", (i) => recAt.at(i));
  if (recAt.length !== byRecord.size) throw new Error("index snapshot record sections disagree in length");

  const core: CandidateIndex = {
    entities,
    names,
    nameEntity,
    nameParts,
    nameLengths,
    maxParts: dir.maxParts,
    entityNames,
    vocab,
    postings,
    postingsAt,
    deletes,
    skeletons,
    stats: dir.stats,
  };
  return { index: core, byRecord };
}
