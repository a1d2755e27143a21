/**
 * The screening index as one binary snapshot, so a process that starts again reads the index instead of building
 * it (preparing ~59,000 names, merging profiles and filling the deletion table take seconds; reading takes
 * milliseconds).
 *
 * Layout: a little-endian u32 directory length, the directory (JSON: layout version, scalars, each section's
 * type, offset and length), zero padding to 8, then the sections, each 8-byte aligned. Numbers are typed arrays
 * written as raw bytes and read back as views over the file's buffer (no copy, no parse); keys (vocabulary and
 * skeleton keys, record ids) are one UTF-16 string table per kind with end offsets and open-addressing hash slots,
 * looked up in place (no Map of 124,000 keys built at every start); listed names (over a table of
 * distinct name parts) and profiles are compact UTF-8 JSON entries, objects as `[shape, ...values]` with each key
 * list once in a shape table, decoded only when a query touches them — a screen decodes the few hundred names and
 * the handful of profiles it scores, not all of them.
 *
 * The entry texts (profiles, names, name parts: 27 of the bundled lists' 49 MB) are a second payload, read one
 * entry at a time by position, so a start neither reads nor checksums them whole.
 *
 * Integrity: the index payload's (magic, key over the code version and the sources' hashes, length, checksum) is
 * the snapshot cache's job (`getBytes`/`putBytes`); the entries payload's header is checked by the cache
 * (`openBytes`) and each entry here against its CRC-32, kept in the checked index payload, before it is used. This
 * module checks that the directory describes sections that fit and throws on anything else, so a damaged snapshot
 * is rebuilt, never half-used (a damaged entry found during a query throws {@link IndexEntryDamaged}: the screener
 * then rebuilds its index from the lists and answers from that).
 *
 * Every field of {@link CandidateIndex} must have an encoding here: {@link encodeScreenerCore} throws on a field it
 * does not know, so a field added to the index fails the round-trip test instead of going silently unsaved.
 */
import { crc32 } from "node:zlib";
import type { Entity } from "../model.ts";
import type { CandidateIndex, DeletionTable, KeyTable } from "./candidate-index.ts";
import type { PreparedName, PreparedToken } from "./names.ts";

/** Bumped whenever the layout changes (also part of the cache key). */
export const INDEX_SNAPSHOT_VERSION = "screening-index/6";

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
  /** The entry texts' sections in the separate entries payload, and its length. */
  entries: { bytes: number; sections: Record<string, Section> };
}

/**
 * The encoded core: `index` (read whole and checked by the cache at every start) and `entries` (profiles, names and
 * name parts as UTF-8 entries, read one at a time when a query touches them; each checked against its CRC-32 kept
 * in `index`, so the 27 MB of entries are neither read nor checksummed whole at start).
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
 * A read-only key → value table over a snapshot's string table and hash slots (written by
 * {@link SectionWriter.hashedStrings}): a lookup hashes the key, probes the slots and compares the candidate in
 * the one string holding every key — no per-key string or Map entry is made at load. Values come from `valueAt`
 * (by position in the table). Iterates its entries in table order, like the Map it was written from.
 */
class HashedStrings<V> implements KeyTable<V> {
  readonly size: number;
  constructor(
    private readonly text: string,
    private readonly ends: Uint32Array,
    private readonly slots: Int32Array,
    private readonly valueAt: (i: number) => V,
  ) {
    this.size = ends.length;
  }

  private keyAt(i: number): string {
    return this.text.slice(i === 0 ? 0 : (this.ends[i - 1] as number), this.ends[i] as number);
  }

  get(key: string): V | undefined {
    const { slots, ends, text } = this;
    const mask = slots.length - 1;
    let at = fnv1a(key) & mask;
    for (let probes = 0; probes < slots.length; probes++) {
      const s = slots[at] as number;
      if (s === 0) return undefined;
      const i = s - 1;
      if (i < ends.length) {
        const from = i === 0 ? 0 : (ends[i - 1] as number);
        if ((ends[i] as number) - from === key.length && text.startsWith(key, from)) return this.valueAt(i);
      }
      at = (at + 1) & mask;
    }
    return undefined;
  }

  *[Symbol.iterator](): Iterator<[string, V]> {
    for (let i = 0; i < this.size; i++) yield [this.keyAt(i), this.valueAt(i)];
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
  const known = new Set<string>(INDEX_FIELDS);
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
  w.typed("deletes.hashes", index.deletes.hashes);
  w.typed("deletes.ids", index.deletes.ids);
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
  const dir: Directory = {
    version: INDEX_SNAPSHOT_VERSION,
    maxParts: index.maxParts,
    stats: index.stats,
    sections: w.sections,
    entries: { bytes: away.size, sections: away.sections },
  };
  const json = Buffer.from(JSON.stringify(dir));
  const head = Buffer.alloc(4 + json.length + pad8(4 + json.length));
  head.writeUInt32LE(json.length, 0);
  json.copy(head, 4);
  return { index: [head, ...w.chunks], entries: away.chunks };
}

/**
 * An array whose elements are decoded on first access (and kept). Reads by position, `length`, iteration and
 * `JSON.stringify` behave as on the plain array.
 */
function lazyArray<T>(n: number, decode: (i: number) => T): T[] {
  const target = new Array<T>(n);
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === "string") {
        const c = prop.charCodeAt(0);
        if (c >= 48 && c <= 57) {
          const i = Number(prop);
          if (Number.isInteger(i) && i < n) {
            let v = t[i];
            if (v === undefined) {
              v = decode(i);
              t[i] = v;
            }
            return v;
          }
        }
      }
      return Reflect.get(t, prop, receiver);
    },
    has(t, prop) {
      if (typeof prop === "string") {
        const i = Number(prop);
        if (Number.isInteger(i) && i >= 0 && i < n) return true;
      }
      return Reflect.has(t, prop);
    },
    getOwnPropertyDescriptor(t, prop) {
      if (typeof prop === "string") {
        const i = Number(prop);
        if (Number.isInteger(i) && i >= 0 && i < n) {
          let v = t[i];
          if (v === undefined) {
            v = decode(i);
            t[i] = v;
          }
          return { value: v, writable: true, enumerable: true, configurable: true };
        }
      }
      return Reflect.getOwnPropertyDescriptor(t, prop);
    },
    ownKeys(t) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < n; i++) keys.push(String(i));
      return [...keys, ...Reflect.ownKeys(t).filter((k) => typeof k !== "string" || !/^\d+$/.test(k))];
    },
  });
}

/**
 * Reads a payload written by {@link encodeScreenerCore} (`index`, already checked by the cache) into a screener
 * core whose typed arrays are views over `payload`; profiles, names and parts are read from `entries` when first
 * touched, each checked against its CRC-32 (a mismatch calls `onDamage` and throws {@link IndexEntryDamaged}).
 * Throws when the directory is not this layout or a section does not fit.
 */
export function decodeScreenerCore(
  payload: Uint8Array,
  entries: EntryBytes,
  onDamage?: (reason: string) => void,
): ScreenerCore {
  const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (buf.length < 4) throw new Error("index snapshot too short");
  const dirLength = buf.readUInt32LE(0);
  if (4 + dirLength > buf.length) throw new Error("index snapshot directory runs past the end");
  const dir = JSON.parse(buf.toString("utf8", 4, 4 + dirLength)) as Directory;
  if (dir.version !== INDEX_SNAPSHOT_VERSION)
    throw new Error(`index snapshot layout '${dir.version}' is not ${INDEX_SNAPSHOT_VERSION}`);
  const base = 4 + dirLength + pad8(4 + dirLength);
  if ((buf.byteOffset + base) % 8 !== 0) throw new Error("index snapshot is not 8-byte aligned");
  const section = (name: string, type: SectionType): Section => {
    const s = dir.sections[name];
    if (!s || s.type !== type) throw new Error(`index snapshot has no ${type} section '${name}'`);
    const width = type === "u8" ? 1 : type === "str" ? 2 : 4;
    const bytes = s.length * width;
    if (s.offset % 8 !== 0 || base + s.offset + bytes > buf.length)
      throw new Error(`index snapshot section '${name}' does not fit`);
    return s;
  };
  const at = (s: Section) => buf.byteOffset + base + s.offset;
  const u8 = (name: string) => {
    const s = section(name, "u8");
    return new Uint8Array(buf.buffer, at(s), s.length);
  };
  const i32 = (name: string) => {
    const s = section(name, "i32");
    return new Int32Array(buf.buffer, at(s), s.length);
  };
  const u32 = (name: string) => {
    const s = section(name, "u32");
    return new Uint32Array(buf.buffer, at(s), s.length);
  };
  /** A hashed string table (its text, end offsets and slots checked for consistency, not copied per key). */
  const hashed = <V>(name: string, valueAt: (i: number) => V): HashedStrings<V> => {
    const s = section(name, "str");
    const text = buf.toString("utf16le", base + s.offset, base + s.offset + s.length * 2);
    const ends = u32(`${name}.ends`);
    const slots = i32(`${name}.slots`);
    let from = 0;
    for (let i = 0; i < ends.length; i++) {
      const to = ends[i] as number;
      if (to < from || to > text.length) throw new Error(`index snapshot string table '${name}' is inconsistent`);
      from = to;
    }
    if (slots.length < ends.length * 2 || (slots.length & (slots.length - 1)) !== 0)
      throw new Error(`index snapshot hash table '${name}' is inconsistent`);
    return new HashedStrings(text, ends, slots, valueAt);
  };
  const lists = (name: string) => {
    const data = i32(name);
    const start = u32(`${name}.start`);
    if (start.length === 0 || start[start.length - 1] !== data.length)
      throw new Error(`index snapshot list section '${name}' is inconsistent`);
    return { data, start, n: start.length - 1 };
  };

  const utf8 = (name: string): { n: number; get: (i: number) => string } => {
    const s = section(name, "u8");
    const ends = u32(`${name}.ends`);
    if (ends.length > 0 && ends[ends.length - 1] !== s.length)
      throw new Error(`index snapshot text section '${name}' is inconsistent`);
    const from = base + s.offset;
    return {
      n: ends.length,
      get: (i) => buf.toString("utf8", from + (i === 0 ? 0 : (ends[i - 1] as number)), from + (ends[i] as number)),
    };
  };

  /** Entry texts in the entries payload, each checked against its CRC-32 when read. */
  const away = (name: string): { n: number; get: (i: number) => string } => {
    const s = dir.entries?.sections[name];
    if (s?.type !== "u8" || s.offset + s.length > entries.length || dir.entries.bytes !== entries.length)
      throw new Error(`index snapshot entries have no section '${name}' that fits`);
    const ends = u32(`${name}.ends`);
    const crcs = u32(`${name}.crc`);
    if (crcs.length !== ends.length || (ends.length > 0 && ends[ends.length - 1] !== s.length))
      throw new Error(`index snapshot text section '${name}' is inconsistent`);
    return {
      n: ends.length,
      get: (i) => {
        const from = i === 0 ? 0 : (ends[i - 1] as number);
        const b = entries.read(s.offset + from, (ends[i] as number) - from);
        if (crc32(b) !== crcs[i]) {
          const reason = `index snapshot ${name} entry ${i} does not match its CRC-32`;
          onDamage?.(reason);
          throw new IndexEntryDamaged(reason);
        }
        return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
      },
    };
  };

  const shapeText = utf8("shapes");
  const shapes: string[][] = [];
  for (let i = 0; i < shapeText.n; i++) shapes.push(JSON.parse(shapeText.get(i)) as string[]);
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
  const tokenTable = lazyArray<PreparedToken>(
    tokenText.n,
    (i) => objectOf(tokenText.get(i)) as unknown as PreparedToken,
  );
  const tokenOf = (id: number): PreparedToken => {
    const t = tokenTable[id];
    if (t === undefined) throw new Error(`index snapshot names part ${id} of ${tokenText.n}`);
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
    return { ...raw, tokens, scored };
  });
  const nameEntity = i32("nameEntity");
  const nameParts = u8("nameParts");
  const nameLengths = u32("nameLengths");
  if (nameEntity.length !== names.length || nameParts.length !== names.length || nameLengths.length !== names.length)
    throw new Error("index snapshot name sections disagree in length");

  const en = lists("entityNames");
  const entityNames = lazyArray<number[]>(en.n, (e) => Array.from(en.data.subarray(en.start[e], en.start[e + 1])));

  const vocabIds = i32("vocab.ids");
  const vocab = hashed("vocab", (i) => vocabIds[i] as number);
  if (vocabIds.length !== vocab.size) throw new Error("index snapshot vocabulary sections disagree in length");

  const po = lists("postings");
  // Views made when a query reaches the key (a few hundred per query), not 124,000 at every start.
  const postings = lazyArray<Int32Array>(po.n, (i) => po.data.subarray(po.start[i], po.start[i + 1]));

  const deletes: DeletionTable = { hashes: u32("deletes.hashes"), ids: i32("deletes.ids") };
  if (deletes.ids.length !== deletes.hashes.length)
    throw new Error("index snapshot deletion sections disagree in length");

  const sk = lists("skeletons.ids");
  const bare = u8("skeletons.bare");
  const skeletons = hashed("skeletons", (i): number | number[] => {
    const ids = sk.data.subarray(sk.start[i], sk.start[i + 1]);
    return bare[i] === 1 ? (ids[0] as number) : Array.from(ids);
  });
  if (sk.n !== skeletons.size || bare.length !== skeletons.size)
    throw new Error("index snapshot skeleton sections disagree in length");

  const recAt = i32("byRecord.at");
  const byRecord = hashed("byRecord", (i) => recAt[i] as number);
  if (recAt.length !== byRecord.size) throw new Error("index snapshot record sections disagree in length");

  const index: CandidateIndex = {
    entities,
    names,
    nameEntity,
    nameParts,
    nameLengths,
    maxParts: dir.maxParts,
    entityNames,
    vocab,
    postings,
    deletes,
    skeletons,
    stats: dir.stats,
  };
  return { index, byRecord };
}
