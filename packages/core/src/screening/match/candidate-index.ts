/**
 * The candidate index: an inverted index from name-part keys to listed names, so a query touches only the names
 * that share something with it — never a scan of every entity.
 *
 * Keys per listed name part: its folded key and the folded key of every transliteration (so "Сергей" is found by
 * "Sergej"), plus the joined key of the whole name ("abdalrahman"). A query part reaches vocabulary keys by
 * (1) equal key or transliteration variant, (2) a one-deletion neighbourhood (SymSpell-style: typos, one edit
 * either side), (3) an equal consonant skeleton (coarse phonetic key). Postings are weighted by IDF so common
 * parts ("mohammed", "company") count less; the best `limit` names go on to the scorer.
 */
import type { Entity } from "../model.ts";
import { finalHKey, type PreparedName, type PreparedToken, prepareName, splitRuns } from "./names.ts";
import { skeleton } from "./normalise.ts";
import { DEFAULT_SCORE_PARAMS } from "./scorer.ts";
import { boundedEditDistance, maxEditsFor } from "./strings.ts";

import { ABJADS } from "./transliterate.ts";

/** How much each retrieval path counts, relative to an exact key. */
const VIA_DELETE = 0.7;
const VIA_SKELETON = 0.5;
/** Weight of a listed initial reached by a query part's first letter (`#` keys): an initial pair, not a part's. */
const VIA_INITIAL = 0.3;
/** Deletion neighbourhoods only for keys this long: short keys would reach half the vocabulary. */
const MIN_DELETE_LEN = 4;

export interface CandidateIndex {
  entities: Entity[];
  /** Every screenable listed name (weak aliases included for display, flagged by kind). */
  names: PreparedName[];
  /** names[i] belongs to entities[nameEntity[i]]. */
  nameEntity: Int32Array;
  /** Scored parts of each name (capped at 255) and the most of any name (for the pruning bound). */
  nameParts: Uint8Array;
  /** Per name, a bit per key length (6..31, longer as 31) of its parts: which lengths a multi-edit pair can have. */
  nameLengths: Uint32Array;
  maxParts: number;
  /** Names of each entity, by entity position. */
  entityNames: number[][];
  /** Key → vocabulary id (a Map when built; a hashed string table over the file when read from a snapshot). */
  vocab: KeyTable<number>;
  postings: Int32Array[];
  /**
   * Key id → its postings, when the index is read from a snapshot (decoded on first use): retrieval reads postings
   * through it, as `postings` there is a lazily decoded array whose every element access runs a proxy trap (10% of
   * screening). Undefined for a built index. Not saved.
   */
  postingsAt: ((id: number) => Int32Array) | undefined;
  /** Hashes of vocabulary keys and of their one-deletion variants (see `hashSkip`). */
  deletes: DeletionTable;
  skeletons: KeyTable<number | number[]>;
  stats: { entities: number; names: number; vocabulary: number; deleteKeys: number };
}

/**
 * What retrieval reads of a key → value table: `get`, `size` and the entries in order. A built index holds Maps; an
 * index read from a snapshot holds hashed string tables over the file (`index-snapshot.ts`), so a start does not
 * insert 124,000 keys into a Map before its first query.
 */
export interface KeyTable<V> extends Iterable<[string, V]> {
  get(key: string): V | undefined;
  readonly size: number;
}

/**
 * FNV-1a hash of `key` with the character at `skip` left out (`skip` = -1: the whole key). The deletion
 * neighbourhood is stored by these hashes, not by strings: half a million deletion strings would dominate the
 * build time and heap. A hash collision only adds a candidate, which the scorer then rejects.
 */
function hashSkip(key: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    if (i === skip) continue;
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The deletion neighbourhood as sorted (hash, vocabulary id) pairs: `hashes` ascending, `ids[i]` the vocabulary id
 * of `hashes[i]`, ascending among equal hashes, no pair twice. Built by one numeric sort instead of half a million
 * Map inserts of non-Smi number keys, which dominated the build. Most hashes have one id, so the pairs (8 bytes
 * each) are smaller than distinct hashes with start offsets (12 bytes per hash plus 4 per id).
 */
export interface DeletionTable {
  hashes: Uint32Array;
  ids: Int32Array;
  /**
   * The ids under hash `h`, ascending, each passed to `visit` — when present, retrieval uses this instead of
   * searching `hashes` (a table read from a snapshot reads only the pages a lookup needs; see `index-snapshot.ts`).
   */
  lookup?(h: number, visit: (id: number) => void): void;
}

/** The deletion table and its number of distinct hashes. */

/** Whether `k` is made of a-z and 0-9 only (and not empty): the keys that get a deletion neighbourhood. */
function isPlainKey(k: string): boolean {
  if (k.length === 0) return false;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/**
 * Writes `hashSkip(key, i)` for i = -1 … key.length - 1 into `out` from `at`: the hash of each prefix is computed
 * once and continued past the skipped character, half the work of hashing every variant from the start.
 */
function writeDeletionHashes(
  key: string,
  out: Float64Array,
  at: number,
  mul: number,
  id: number,
  prefix: Uint32Array,
): void {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    prefix[i] = h;
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  out[at] = (h >>> 0) * mul + id;
  for (let skip = 0; skip < key.length; skip++) {
    let g = prefix[skip] as number;
    for (let i = skip + 1; i < key.length; i++) g = Math.imul(g ^ key.charCodeAt(i), 0x01000193);
    out[at + 1 + skip] = (g >>> 0) * mul + id;
  }
}

/**
 * Sorts the deletion pairs (hash × `mul` + id) ascending, as `pairs.sort()` would: a counting sort by the hash's top
 * 16 bits (hashes are uniform: ~20 pairs a bucket), then each bucket by insertion (a typed-array sort when large).
 * A million pairs: two linear passes instead of a comparison sort (7% of the index build). Exported for tests.
 */
export function sortPairs(pairs: Float64Array, mul: number): void {
  const n = pairs.length;
  const div = mul * 65536;
  const top = new Uint16Array(n);
  const start = new Uint32Array(65537);
  for (let i = 0; i < n; i++) {
    const t = Math.floor((pairs[i] as number) / div);
    top[i] = t;
    start[t + 1] = (start[t + 1] as number) + 1;
  }
  for (let b = 0; b < 65536; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const out = new Float64Array(n);
  const at = start.slice(0, 65536);
  for (let i = 0; i < n; i++) {
    const t = top[i] as number;
    out[at[t] as number] = pairs[i] as number;
    at[t] = (at[t] as number) + 1;
  }
  for (let b = 0; b < 65536; b++) {
    const lo = start[b] as number;
    const hi = start[b + 1] as number;
    if (hi - lo > 64) out.subarray(lo, hi).sort();
    else
      for (let i = lo + 1; i < hi; i++) {
        const x = out[i] as number;
        let j = i - 1;
        while (j >= lo && (out[j] as number) > x) {
          out[j + 1] = out[j] as number;
          j--;
        }
        out[j + 1] = x;
      }
  }
  pairs.set(out);
}

function buildDeletionTable(vocab: Map<string, number>): { table: DeletionTable; distinct: number } {
  // hash * 2^b + id, exact in a double (32 + b ≤ 53 bits): one sort orders by hash, then by id.
  const bits = Math.max(1, Math.ceil(Math.log2(vocab.size + 1)));
  if (bits > 21) throw new RangeError(`vocabulary of ${vocab.size} keys is too large for the deletion table`);
  const mul = 2 ** bits;
  let n = 0;
  let longest = 0;
  const keys: string[] = [];
  const keyIds: number[] = [];
  vocab.forEach((id, k) => {
    if (k.length >= MIN_DELETE_LEN && isPlainKey(k)) {
      keys.push(k);
      keyIds.push(id);
      n += k.length + 1;
      if (k.length > longest) longest = k.length;
    }
  });
  const pairs = new Float64Array(n);
  const prefix = new Uint32Array(longest);
  n = 0;
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j] as string;
    writeDeletionHashes(k, pairs, n, mul, keyIds[j] as number, prefix);
    n += k.length + 1;
  }
  sortPairs(pairs, mul);
  const hashes = new Uint32Array(n);
  const ids = new Int32Array(n);
  let ni = 0;
  let distinct = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const x = pairs[i] as number;
    if (x === prev) continue;
    prev = x;
    const h = Math.floor(x / mul);
    if (ni === 0 || hashes[ni - 1] !== h) distinct++;
    hashes[ni] = h;
    ids[ni++] = x - h * mul;
  }
  return { table: { hashes: hashes.slice(0, ni), ids: ids.slice(0, ni) }, distinct };
}

/**
 * Per table, where each value of a hash's top 16 bits starts in the sorted `hashes` (65,537 offsets, built on first
 * lookup in one pass): the hashes are uniform, so a lookup binary-searches ~20 pairs of one bucket instead of
 * a million across the table (a cache miss at most steps).
 */
const hashDirectories = new WeakMap<DeletionTable, Uint32Array>();

function hashDirectoryOf(t: DeletionTable): Uint32Array {
  let dir = hashDirectories.get(t);
  if (dir === undefined) {
    const hs = t.hashes;
    dir = new Uint32Array(65537);
    let b = 0;
    for (let i = 0; i < hs.length; i++) {
      const top = (hs[i] as number) >>> 16;
      while (b <= top) dir[b++] = i;
    }
    while (b <= 65536) dir[b++] = hs.length;
    hashDirectories.set(t, dir);
  }
  return dir;
}

/** Position of the first pair with hash `h` in `t.hashes`, or -1. */
function findHash(t: DeletionTable, h: number): number {
  const hs = t.hashes;
  const dir = hashDirectoryOf(t);
  const top = h >>> 16;
  let lo = dir[top] as number;
  let hi = dir[top + 1] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hs[mid] as number) < h) lo = mid + 1;
    else hi = mid;
  }
  return lo < hs.length && hs[lo] === h ? lo : -1;
}

/** Key → vocabulary ids; a single id is stored bare (most keys have one), saving an array per key. */
type IdMap<K = string> = Map<K, number | number[]>;

/**
 * Adds id `v` under `k`. Ids are pushed in ascending order (the vocabulary is walked in id order), so a repeat can
 * only be the last id: checking that keeps the build linear where `includes` was quadratic on common deletion keys.
 */
function pushMap<K>(m: IdMap<K>, k: K, v: number): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, v);
  else if (typeof a === "number") {
    if (a !== v) m.set(k, [a, v]);
  } else if (a[a.length - 1] !== v) a.push(v);
}

const NONE: number[] = [];
function idsOf(m: KeyTable<number | number[]>, k: string): number | number[] {
  return m.get(k) ?? NONE;
}

/** Whether `names[k]` repeats an earlier name of the entity (same kind, same text). */
function repeats(names: Entity["names"], k: number): boolean {
  const n = names[k] as Entity["names"][number];
  for (let j = 0; j < k; j++) {
    const m = names[j] as Entity["names"][number];
    if (m.full === n.full && m.kind === n.kind) return true;
  }
  return false;
}

/**
 * Postings gathered as (key, name) pairs in two growing typed arrays, then laid out key by key in one buffer:
 * each key's postings list is a view into it. One list per vocabulary key (140,000 over the bundled lists) as a
 * growing JS array, copied at the end into an `Int32Array` of its own, cost the build an allocation per push
 * that outgrew its array and an ArrayBuffer per key, which every later garbage collection tracks. Names must be
 * added in increasing order: each list comes out sorted and without repeats, as retrieval expects.
 */
class PostingsBuilder {
  private keys = new Int32Array(1 << 16);
  private names = new Int32Array(1 << 16);
  private n = 0;
  /** Per key: the last name added + 1 (0: none yet), to skip a name reached twice through one key. */
  private last = new Int32Array(1 << 14);

  add(key: number, name: number): void {
    if (key >= this.last.length) this.last = grown(this.last, key + 1);
    if (this.last[key] === name + 1) return;
    this.last[key] = name + 1;
    if (this.n === this.keys.length) {
      this.keys = grown(this.keys, this.n + 1);
      this.names = grown(this.names, this.n + 1);
    }
    this.keys[this.n] = key;
    this.names[this.n++] = name;
  }

  /** One postings list per key id below `keys` (empty for a key never added to). */
  finish(keys: number): Int32Array[] {
    const start = new Int32Array(keys + 1);
    for (let i = 0; i < this.n; i++) {
      const k = (this.keys[i] as number) + 1;
      start[k] = (start[k] as number) + 1;
    }
    for (let k = 0; k < keys; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
    const all = new Int32Array(this.n);
    const at = start.slice(0, keys);
    // In the order added: each key's names stay in increasing order.
    for (let i = 0; i < this.n; i++) {
      const k = this.keys[i] as number;
      const j = at[k] as number;
      all[j] = this.names[i] as number;
      at[k] = j + 1;
    }
    const out = new Array<Int32Array>(keys);
    for (let k = 0; k < keys; k++) out[k] = all.subarray(start[k], start[k + 1]);
    return out;
  }
}

/** A copy of `a` at least `min` long (doubling). */
function grown(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

/** Builds the index over entities (all names except weak aliases are indexed; weak aliases are kept for display). */
export function buildCandidateIndex(entities: Entity[]): CandidateIndex {
  const names: PreparedName[] = [];
  const owner: number[] = [];
  const entityNames: number[][] = [];
  const vocab = new Map<string, number>();
  const post = new PostingsBuilder();
  const keyOf = (k: string): number => {
    let id = vocab.get(k);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(k, id);
    }
    return id;
  };
  const tokenCache = new Map<string, PreparedToken>();
  const tokenKeys = new Map<PreparedToken["variants"], number[]>();
  entities.forEach((e, ei) => {
    const mine: number[] = [];
    const all = e.names;
    for (let k = 0; k < all.length; k++) {
      const n = all[k] as (typeof all)[number];
      // The same name of the same kind twice in one entity is indexed once (its first time).
      if (n.full.trim() === "" || repeats(all, k)) continue;
      const prepared = prepareName(n.full, { kind: n.kind, type: e.type, parts: n, tokenCache });
      const ni = names.length;
      names.push(prepared);
      owner.push(ei);
      mine.push(ni);
      if (n.kind === "weak_alias") continue;
      for (const t of prepared.scored) {
        // An initial ("V.") is reached by any query part starting with its letter (`#v`), so that the pairs the
        // scorer credits with `initialSimilarity` are never missed by retrieval.
        if (t.initial) {
          if (!t.personal) continue;
          post.add(keyOf(`#${t.latin}`), ni);
          continue;
        }
        // A recurring part (same cached token, so the same `variants` array) has its keys looked up once. Its keys
        // all exist by then, so vocabulary ids are assigned in the same order as without this memo.
        let ids = tokenKeys.get(t.variants);
        if (ids === undefined) {
          ids = [];
          for (const v of t.variants) ids.push(keyOf(v.key));
          // The scorer also pairs a query part as typed with a Latin listed part as published (see `fuzzyPair`):
          // "hoseyeitash" is one edit from HOSEYNITASH, two from its folded key "hoseinitash". Index the published
          // spelling too, so the typed query variant reaches it through the deletion neighbourhood.
          if (t.script === "latin" && t.latin !== t.key && t.latin.length >= 5) ids.push(keyOf(t.latin));
          // Consonant key ("~mhmd"), reached only by Arabic/Hebrew-script query parts.
          if (t.consonants.length >= 1) {
            ids.push(keyOf(`~${t.consonants}`));
            // An Arabic/Hebrew-script listed part is also reached by the consonants of a Latin query part (`^mhmd`).
            if (ABJADS.has(t.script)) ids.push(keyOf(`^${t.consonants}`));
          }
          tokenKeys.set(t.variants, ids);
        }
        for (const id of ids) post.add(id, ni);
      }
      if (prepared.scored.length > 1 && prepared.compact.length >= 6) {
        post.add(keyOf(prepared.compact), ni);
        // The scorer also joins on the sorted parts: index that form under its own prefix.
        post.add(keyOf(`=${prepared.compactSorted}`), ni);
      } else if (prepared.compact.length >= 6) {
        post.add(keyOf(`=${prepared.compactSorted}`), ni);
      }
    }
    entityNames.push(mine);
  });
  const { table: deletes, distinct: deleteKeys } = buildDeletionTable(vocab);
  const skeletons: IdMap = new Map();
  // forEach, not for…of: no [key, id] entry array per vocabulary key.
  vocab.forEach((id, k) => {
    if (k.length >= 3 && /^[a-z]+$/.test(k)) pushMap(skeletons, skeleton(k), id);
  });
  return {
    entities,
    names,
    nameEntity: Int32Array.from(owner),
    nameParts: filled(new Uint8Array(names.length), names, (n) => Math.min(255, n.scored.length)),
    nameLengths: filled(new Uint32Array(names.length), names, (n) => {
      let m = 0;
      for (const t of n.scored) if (!t.initial && !t.number && t.key.length >= 6) m |= 1 << Math.min(31, t.key.length);
      return m >>> 0;
    }),
    maxParts: names.reduce((m, n) => Math.max(m, n.scored.length), 1),
    entityNames,
    vocab,
    postings: post.finish(vocab.size),
    postingsAt: undefined,
    deletes,
    skeletons,
    stats: {
      entities: entities.length,
      names: names.length,
      vocabulary: vocab.size,
      deleteKeys,
    },
  };
}

/** The postings of key `id` (see `CandidateIndex.postingsAt`). */
function postingsOf(index: CandidateIndex, id: number): Int32Array {
  const at = index.postingsAt;
  return (at === undefined ? index.postings[id] : at(id)) as Int32Array;
}

/** Reusable per-thread scratch space for {@link findCandidates} (avoids allocating per query). */
export interface Scratch {
  acc: Float64Array;
  tokScore: Float64Array;
  tokStamp: Int32Array;
  /** Which query parts reached each name (a bit each) by a key that pairs the part itself. */
  reach: Int32Array;
  /** Which reached it only through a listed initial (`#` keys): at most an initial pair. */
  initReach: Int32Array;
  /** Which reached it by a key equal to one of the part's keys or its consonants (else by a neighbour only). */
  exactReach: Int32Array;
  /** Which reached it as part of a split run (see {@link absorbable}). */
  runReach: Int32Array;
  /** The names a query touched (the first `count` entries, in the order first touched) and their bounds: reused. */
  touched: Int32Array;
  bound: Float64Array;
  /**
   * Exact mode's mark of the names a query touched, a bit each (7 KB for 59,000 names: it stays in the first-level
   * cache, where `acc` and `tokStamp`, read per postings entry, are a cache miss each); cleared after each query.
   */
  seen: Int32Array;
  stamp: number;
}

/** A name's reach bits, zeroed when a query first touches it (they are kept from the query that touched it last). */
function clearReach(s: Scratch, n: number): void {
  s.reach[n] = 0;
  s.initReach[n] = 0;
  s.exactReach[n] = 0;
  s.runReach[n] = 0;
}

export function createScratch(index: CandidateIndex): Scratch {
  const n = index.names.length;
  return {
    acc: new Float64Array(n),
    tokScore: new Float64Array(n),
    tokStamp: new Int32Array(n),
    reach: new Int32Array(n),
    initReach: new Int32Array(n),
    exactReach: new Int32Array(n),
    runReach: new Int32Array(n),
    touched: new Int32Array(n),
    bound: new Float64Array(n),
    seen: new Int32Array((n >>> 5) + 1),
    stamp: 0,
  };
}

/**
 * Lets retrieval drop names that cannot reach `minScore` under the evidence scorer. Weights not given default to
 * {@link DEFAULT_SCORE_PARAMS}; pass the scorer's own parameters when they were overridden.
 */
export interface CandidatePruning {
  minScore: number;
  familyWeight: number;
  extraQueryWeight: number;
  initialSimilarity?: number;
  fuzzyMultiEditCap?: number;
  patronymicExtraWeight?: number;
  /** What a listed part left unpaired costs (see `scoreName`): the scorer's weights, defaults when not given. */
  extraResultWeight?: number;
  contradictedPartWeight?: number;
  extraFamilyWeight?: number;
  /**
   * false: every name a key reaches is touched and bounded (see `deferredGroups`, which reads some keys' postings
   * only for names others touched). The same names come out either way; tests check that.
   */
  deferral?: boolean;
}

/**
 * The highest similarity the scorer can give a query part in a pair with a listed name that no query part reached
 * (see {@link findCandidates}): a query initial 0 (the scorer counts initials only beside a full part at most one
 * edit off, and such a part is always retrieved); a part whose key has 6+ letters up to `fuzzyMultiEditCap` (two or more edits apart, which the scorer allows only
 * from 6 letters on); a shorter part 0 (every pair it can form — equal, variant, one edit, consonants, initial of
 * the listed name — is retrieved).
 */
export function unreachedCap(t: PreparedToken, prune: CandidatePruning): number {
  if (t.initial) return 0;
  if (t.key.length >= 6) return prune.fuzzyMultiEditCap ?? DEFAULT_SCORE_PARAMS.fuzzyMultiEditCap;
  return 0;
}

/**
 * Upper bound of the evidence name score of a listed name with `c` scored parts, for a query of which `m` parts
 * reached the name through the index and the others can pair at most at `caps` (the first `rest`, sorted high to
 * low; for a touched name, each part's best similarity with the name's parts; for an untouched name,
 * {@link unreachedCap}). The bound takes every reached part at similarity 1 with the family weight, assumes the
 * unreached parts are those with the highest caps, pairs any number of them at their cap with the weight that
 * helps most or leaves them out at the lowest cost, and charges the unpaired listed parts the least the scorer
 * would: the cheapest of the name's own parts when its `roles` are known (see {@link extraCost}), else the lowest
 * cost each. Up to `absorb` reached parts may share a listed part with another (split runs: see
 * {@link absorbable}): a run pair counts once (similarity 1 at one weight, no more than its parts each at 1) but
 * leaves listed parts for the other query parts, so each number absorbed is bounded as a name with that many more
 * listed parts (the extra listed-part cost then counts as it would).
 * Exported for tests: the property test checks pruned retrieval against a full scan.
 */
export function nameScoreUpperBound(
  caps: ArrayLike<number>,
  m: number,
  c: number,
  prune: CandidatePruning,
  rest: number = caps.length,
  roles = 0,
  absorb = 0,
): number {
  const f = prune.familyWeight;
  const e = prune.extraQueryWeight;
  const minExtra = Math.min(
    prune.patronymicExtraWeight ?? DEFAULT_SCORE_PARAMS.patronymicExtraWeight,
    prune.extraResultWeight ?? DEFAULT_SCORE_PARAMS.extraResultWeight,
  );
  let best = 0;
  for (let parts = c; parts <= c + absorb; parts++) {
    const p1 = Math.min(m, parts);
    for (let p2 = 0; p2 <= Math.min(rest, parts - p1); p2++) {
      if (p2 > 0 && (caps[p2 - 1] as number) <= 0) break;
      const unpaired = parts - p1 - p2;
      const extra = roles === 0 ? minExtra * unpaired : extraCost(unpaired, roles, rest - p2 > 0, prune);
      for (let wi = 0; wi < 2; wi++) {
        const w = wi === 0 ? 1 : f;
        let num = f * p1;
        let den = f * p1;
        for (let i = 0; i < p2; i++) {
          num += (caps[i] as number) * w;
          den += w;
        }
        den += e * (rest - p2) + extra;
        const ub = den > 0 ? num / den : 0;
        if (ub > best) best = ub;
      }
    }
  }
  return best;
}

/**
 * {@link nameScoreUpperBound} of a name not yet known: the best over every number of listed parts it may have (up to
 * `maxParts`; beyond the query's own parts, each more listed part only costs).
 */
function anyNameUpperBound(
  caps: ArrayLike<number>,
  m: number,
  maxParts: number,
  prune: CandidatePruning,
  rest: number = caps.length,
  absorb = 0,
): number {
  let ub = 0;
  const cMax = Math.min(maxParts, m + rest);
  for (let c = 1; c <= cMax; c++) ub = Math.max(ub, nameScoreUpperBound(caps, m, c, prune, rest, 0, absorb));
  return ub;
}

/**
 * How many listed parts fewer than reached query parts a name may pair them with, for the parts `runBits` that
 * reached it as split runs: a run of k parts pairs with one listed part ("dmitriye vich" = Dmitriyevich), so k − 1
 * fewer. Runs overlap ("a b", "b c"), so this counts the run parts less one: never fewer than the truth.
 */
function absorbable(runBits: number): number {
  return Math.max(0, popcount(runBits) - 1);
}

/**
 * A listed name's parts by what each costs the scorer when left unpaired (see `scoreName`), packed 7 bits each:
 * patronymics, family names, initials, the others; bit 28 marks the value computed (0 = not yet): below 2^30, the
 * value stays a small integer in V8 (no number boxed per call). Filled on first use per name, like
 * {@link firstLettersOf}.
 */
const partRoles = new WeakMap<CandidateIndex, Uint32Array>();

function rolesOf(index: CandidateIndex, n: number): number {
  // Not through `perIndex`: a closure per call, and this runs per bounded name.
  let all = partRoles.get(index);
  if (all === undefined) {
    all = new Uint32Array(index.names.length);
    partRoles.set(index, all);
  }
  let r = all[n] as number;
  if (r === 0) {
    let patronymic = 0;
    let family = 0;
    let initial = 0;
    let other = 0;
    for (const c of (index.names[n] as PreparedName).scored) {
      if (c.role === "patronymic") patronymic++;
      else if (c.role === "family") family++;
      else if (c.initial) initial++;
      else other++;
    }
    const k = (x: number) => Math.min(x, 127);
    r = k(patronymic) | (k(family) << 7) | (k(initial) << 14) | (k(other) << 21) | (1 << 28);
    all[n] = r;
  }
  return r;
}

/**
 * The least the scorer charges for `unpaired` parts of a listed name with these `roles` left unpaired: the cheapest
 * ones left over (a patronymic, an initial or another part, a family name at the family weight; another part costs
 * more when a query part is left unpaired too: `contradicted`). Never more than the scorer's charge, so the bound
 * stays an upper bound of the score.
 */
const extraCosts = new Float64Array(4);
const extraCounts = new Int32Array(4);

function extraCost(unpaired: number, roles: number, contradicted: boolean, prune: CandidatePruning): number {
  if (unpaired <= 0) return 0;
  const er = prune.extraResultWeight ?? DEFAULT_SCORE_PARAMS.extraResultWeight;
  // Module scratch, not fresh arrays: this runs for every bounded name, several times.
  const costs = extraCosts;
  costs[0] = prune.patronymicExtraWeight ?? DEFAULT_SCORE_PARAMS.patronymicExtraWeight;
  costs[1] = (prune.extraFamilyWeight ?? DEFAULT_SCORE_PARAMS.extraFamilyWeight) * prune.familyWeight;
  costs[2] = er;
  costs[3] = contradicted ? (prune.contradictedPartWeight ?? DEFAULT_SCORE_PARAMS.contradictedPartWeight) : er;
  const counts = extraCounts;
  counts[0] = roles & 127;
  counts[1] = (roles >>> 7) & 127;
  counts[2] = (roles >>> 14) & 127;
  counts[3] = (roles >>> 21) & 127;
  let left = unpaired;
  let cost = 0;
  while (left > 0) {
    let k = -1;
    for (let i = 0; i < 4; i++)
      if ((counts[i] as number) > 0 && (k < 0 || (costs[i] as number) < (costs[k] as number))) k = i;
    if (k < 0) break;
    const take = Math.min(left, counts[k] as number);
    cost += take * (costs[k] as number);
    left -= take;
    counts[k] = 0;
  }
  return cost;
}

/**
 * The caps a bound is computed from (the first `n` entries): one typed array reused by every query, so the bound
 * code sees one array shape. Arrays of numbers change shape with their values (small integers, then doubles), and
 * each change cost the optimised retrieval code a deoptimisation (about 1,500 per 16,000 bench queries).
 */
const capList = { v: new Float64Array(64), n: 0 };

function pushCap(x: number): void {
  if (capList.n === capList.v.length) {
    const v = new Float64Array(capList.v.length * 2);
    v.set(capList.v);
    capList.v = v;
  }
  capList.v[capList.n++] = x;
}

/**
 * The letters a key holds, a bit each (code mod 31): an edit changes at most two of them (a substitution drops one
 * letter and adds another; a transposition none), so keys whose masks differ in more than 2k bits are more than k
 * edits apart — a test far cheaper than the edit distance it saves.
 */
function letterMask(key: string): number {
  let mask = 0;
  for (let i = 0; i < key.length; i++) mask |= 1 << (key.charCodeAt(i) % 31);
  return mask;
}

/** Sorts the first `n` numbers high to low in place (insertion sort: a bound's caps are a handful, per name). */
function sortDescending(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) < v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The listed parts an unreached long query part may still pair with two or more edits off, per name, as small
 * integer ids (filled on first use, per index): the parts that are neither initials, numbers nor family names (the
 * scorer never pairs a family name two or more edits off: Bunakov / Burlakov), so the exact bound's inner loop reads
 * typed arrays instead of token objects of many shapes.
 */
interface MultiEditParts {
  /** Per name: the ids of its parts that may pair two or more edits off (undefined until first used). */
  byName: (Int32Array | undefined)[];
  /** Part key → id, and id → key. */
  ids: Map<string, number>;
  keys: string[];
  /** Per part id: the stamp of the query part its `near` value was computed for, and that value (1 = near). */
  stamp: Int32Array;
  near: Uint8Array;
  /** Per part id: the letters of its key (see {@link letterMask}). */
  letters: Int32Array;
  nextStamp: number;
}

const multiEditParts = new WeakMap<CandidateIndex, MultiEditParts>();

function multiEditPartsOf(index: CandidateIndex): MultiEditParts {
  return perIndex(multiEditParts, index, () => ({
    byName: new Array(index.names.length),
    ids: new Map(),
    keys: [],
    stamp: new Int32Array(1024),
    near: new Uint8Array(1024),
    letters: new Int32Array(1024),
    nextStamp: 0,
  }));
}

function partIdsOf(m: MultiEditParts, index: CandidateIndex, n: number): Int32Array {
  let ids = m.byName[n];
  if (ids !== undefined) return ids;
  const out: number[] = [];
  for (const c of (index.names[n] as PreparedName).scored) {
    if (c.initial || c.number || c.role === "family") continue;
    let id = m.ids.get(c.key);
    if (id === undefined) {
      id = m.keys.length;
      m.ids.set(c.key, id);
      m.keys.push(c.key);
      if (id >= m.stamp.length) {
        const stamp = new Int32Array(m.stamp.length * 2);
        stamp.set(m.stamp);
        m.stamp = stamp;
        const near = new Uint8Array(m.near.length * 2);
        near.set(m.near);
        m.near = near;
        const letters = new Int32Array(m.letters.length * 2);
        letters.set(m.letters);
        m.letters = letters;
      }
      m.letters[id] = letterMask(c.key);
    }
    out.push(id);
  }
  ids = Int32Array.from(out);
  m.byName[n] = ids;
  return ids;
}

/**
 * What an unreached long query part can still add with a touched name: it did not pair within one edit (else
 * retrieval would have reached the name through it), so only a pair two or more edits off remains, which the
 * scorer caps at `fuzzyMultiEditCap` and refuses when either part is a family name; 0 when no part of the name is
 * within the scorer's edit allowance. `stamp` is unique to the query part (the memo of its edit distances to listed
 * parts: listed parts repeat across names — company, mohammed… — and each is compared once per query part).
 */
function multiEditCap(
  a: string,
  aLetters: number,
  ids: Int32Array,
  m: MultiEditParts,
  stamp: number,
  cap: number,
): number {
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    if (m.stamp[id] !== stamp) {
      m.stamp[id] = stamp;
      const b = m.keys[id] as string;
      const allowed = maxEditsFor(Math.min(a.length, b.length));
      m.near[id] =
        allowed >= 2 &&
        Math.abs(a.length - b.length) <= allowed &&
        popcount(aLetters ^ (m.letters[id] as number)) <= 2 * allowed &&
        boundedEditDistance(a, b, allowed) <= allowed
          ? 1
          : 0;
    }
    if (m.near[id] === 1) return cap;
  }
  return 0;
}

/** The vocabulary ids a query part reaches and the weight of each (the best path), in the order first reached. */
interface KeyHits {
  ids: Int32Array;
  ws: Float64Array;
  /** Postings entries behind the keys, by category (see {@link categoryOf}: index 1, 2 and 4). */
  volume: Float64Array;
}

function keyHitsOf(index: CandidateIndex, reached: Map<number, number>): KeyHits {
  // Filled by hand: `TypedArray.from` over an iterator (or with a mapping function) costs ~10× a loop in V8.
  const ids = new Int32Array(reached.size);
  const ws = new Float64Array(reached.size);
  let at = 0;
  reached.forEach((w, id) => {
    ids[at] = id;
    ws[at++] = w;
  });
  const volume = new Float64Array(5);
  for (let k = 0; k < ids.length; k++) {
    const cat = categoryOf(ws[k] as number);
    volume[cat] = (volume[cat] as number) + postingsOf(index, ids[k] as number).length;
  }
  return { ids, ws, volume };
}

/**
 * What a query part reaches depends only on its keys, consonants, script, first letter and whether neighbours are
 * looked up, and the same parts recur across queries (given names, "company", "bank"…): the lookups (deletion
 * neighbourhood, skeletons) are kept per index, up to this many parts, then forgotten all at once. At 8,192 the
 * bench queries missed on 48% of their lookups however long the run (the cache emptied every ~4,200 queries); at
 * 32,768, on 30–37% after 8,000 queries, for ~17 MB more heap when full (measured over 40,000 bench queries).
 */
const LOOKUP_CACHE_SIZE = 32768;
const lookUpCaches = new WeakMap<CandidateIndex, Map<string, KeyHits>>();

function lookUpCacheOf(index: CandidateIndex): Map<string, KeyHits> {
  return perIndex(lookUpCaches, index, () => new Map<string, KeyHits>());
}

/** Everything of a query part that {@link findCandidates}'s lookup reads, as one string. */
function lookUpSignature(t: PreparedToken, neighbours: boolean): string {
  let sig = `${neighbours ? 1 : 0}${ABJADS.has(t.script) ? 1 : 0}${t.latin.charAt(0)}\u0001${t.consonants}\u0001${finalHKey(t) ?? ""}`;
  for (const v of t.variants) sig += `\u0001${v.key}`;
  return sig;
}

/**
 * Per index, each vocabulary key's inverse document frequency, log(1 + names / postings): 0 until the key is first
 * reached (never 0 once computed), so an index read from a snapshot reads no postings list ahead of a query.
 */
const idfs = new WeakMap<CandidateIndex, Float64Array>();

function idfOf(index: CandidateIndex): Float64Array {
  return perIndex(idfs, index, () => new Float64Array(index.postings.length));
}

/** The value kept for `index` in `map`, made on first use (per-index arrays that queries fill lazily). */
function perIndex<T>(map: WeakMap<CandidateIndex, T>, index: CandidateIndex, make: () => T): T {
  let v = map.get(index);
  if (v === undefined) {
    v = make();
    map.set(index, v);
  }
  return v;
}

/**
 * `out` with `out[i] = f(items[i])`: what `TypedArray.from(items, f)` gives, as a loop (the built-in with a mapping
 * function costs ~10× as much per call in V8, and retrieval makes several such arrays per query).
 */
function filled<A extends Uint8Array | Int32Array | Uint32Array | Float64Array, T>(
  out: A,
  items: readonly T[],
  f: (t: T) => number,
): A {
  for (let i = 0; i < items.length; i++) out[i] = f(items[i] as T);
  return out;
}

/** The bit of a one-letter initial's letter (a–z), as in {@link firstLettersOf}. */
function letterBit(latin: string): number {
  return 1 << (latin.charCodeAt(0) - 97);
}

/**
 * Per index, per name, the letters (a–z, a bit each) a query initial may pair through: the first letter of each
 * Latin part's Latin form and keys, every letter for a part in another script; bit 30 set once computed. Filled
 * on first use per name, so an index read from a snapshot computes only the names a query touches.
 */
const firstLetters = new WeakMap<CandidateIndex, Uint32Array>();

function firstLettersOf(index: CandidateIndex): Uint32Array {
  return perIndex(firstLetters, index, () => new Uint32Array(index.names.length));
}

const ALL_LETTERS = (1 << 26) - 1;

function letterOf(s: string): number {
  const k = s.charCodeAt(0) - 97;
  return k >= 0 && k < 26 ? 1 << k : 0;
}

function nameLetters(f: Uint32Array, index: CandidateIndex, n: number): number {
  let mask = f[n] as number;
  if (mask === 0) {
    mask = 1 << 30;
    for (const c of (index.names[n] as PreparedName).scored) {
      if (c.script !== "latin") {
        mask |= ALL_LETTERS;
        break;
      }
      mask |= letterOf(c.latin) | letterOf(c.key);
      for (const v of c.variants) mask |= letterOf(v.key);
    }
    f[n] = mask;
  }
  return mask;
}

/** Reach bit of the joined-name key (every part at once: the scorer gives 1). */
const JOINED = 1 << 30;

/** The keys one query part (or split run, or the joined name) looks up, and the query parts they reach for. */
interface QueryKeyGroup {
  keys: KeyHits;
  /** A bit per query part (the first 30), or `JOINED`. */
  reachBy: number;
  /** A split run: its parts may pair with one listed part together (see {@link absorbable}). */
  run: boolean;
}

/** What exact-mode retrieval bounds a touched name with: per query, computed once (see {@link findCandidates}). */
interface ExactInputs {
  /** A name no query part reached could still reach the threshold: every name is bounded. */
  scanAll: boolean;
  /** The scorer's cap on a pair two or more edits apart (`fuzzyMultiEditCap`). */
  multiCap: number;
  /** Per (non-initial) query part: its cap when it reached nothing of a name ({@link unreachedCap}). */
  tokCap: Float64Array;
  /** Per part: the key lengths a listed part two or more edits off may have (a bit per length, 31 = longer). */
  lenMask: Uint32Array;
  /** Bits of the parts with a positive unreached cap, and of all parts (the first 30). */
  longMask: number;
  allMask: number;
  /** Query initials, the most one can pair at, and the most a part reached through a listed initial pairs at. */
  nInit: number;
  sInit: number;
  sIni: number;
  /** Per part: the most it pairs at with a name it reached through a deletion or skeleton neighbour only. */
  approxCap: Float64Array;
}

function exactInputs(
  index: CandidateIndex,
  q: PreparedName,
  tokens: PreparedToken[],
  prune: CandidatePruning,
): ExactInputs {
  const allCaps = q.scored.map((t) => unreachedCap(t, prune)).sort((a, b) => b - a);
  const untouched = anyNameUpperBound(allCaps, 0, index.maxParts, prune);
  const multiCap = prune.fuzzyMultiEditCap ?? DEFAULT_SCORE_PARAMS.fuzzyMultiEditCap;
  const initialSimilarity = prune.initialSimilarity ?? DEFAULT_SCORE_PARAMS.initialSimilarity;
  const tokCap = filled(new Float64Array(tokens.length), tokens, (t) => unreachedCap(t, prune));
  // Key lengths a part two or more edits off may have (the scorer allows 2 edits from 6 letters, 3 from 10).
  const lenMask = filled(new Uint32Array(tokens.length), tokens, (t) => {
    let m = 0;
    for (let l = Math.max(6, t.key.length - 3); l <= Math.min(31, t.key.length + 3); l++)
      if (Math.abs(l - t.key.length) <= maxEditsFor(Math.min(l, t.key.length))) m |= 1 << l;
    if (t.key.length + 3 >= 31) m |= 1 << 31;
    return m >>> 0;
  });
  let longMask = 0;
  let allMask = 0;
  tokens.forEach((_, i) => {
    if (i >= 30) return;
    allMask |= 1 << i;
    if ((tokCap[i] as number) > 0) longMask |= 1 << i;
  });
  return {
    scanAll: untouched + 1e-9 >= prune.minScore,
    multiCap,
    tokCap,
    lenMask,
    longMask,
    allMask,
    // Query initials are never retrieved (compared by prefix): each may pair at the initial similarity with a
    // listed name part, or at 1 with an identical listed initial ("castro v p" vs "p vladimir"), so 1 bounds it.
    nInit: q.scored.length - tokens.length,
    sInit: Math.max(1, initialSimilarity),
    // A query part that reached a name only through a listed initial pairs with it at most at the initial
    // similarity, and an initial pair counts only beside a pair above the multi-edit cap (see `scoreName`): one
    // needs a part reached by a key that pairs it, or a query initial equal to a listed one.
    sIni: initialSimilarity,
    // A part reached by neighbours only pairs by edits: one edit at most 1 − 1/length (the longer of the two, at
    // most one letter longer than the query's key or spelling), two or more at the multi-edit cap.
    approxCap: filled(new Float64Array(tokens.length), tokens, (t) =>
      Math.max(1 - 1 / (t.key.length + 1), 1 - 1 / (t.latin.length + 1), multiCap),
    ),
  };
}

/** What a retrieval key can give the part that reached a name through it, by the key's weight (a bit each). */
const BY_KEY = 1;
const BY_NEIGHBOUR = 2;
const BY_INITIAL = 4;

function categoryOf(w: number): number {
  return w >= 0.9 ? BY_KEY : w === VIA_INITIAL ? BY_INITIAL : BY_NEIGHBOUR;
}

/**
 * Per query key group (`queryKeys` entry), the categories of its keys that need not touch a name (a bit each, see
 * {@link categoryOf}): a name reached by none of the other groups cannot reach the threshold whatever the deferred
 * ones give it, so their postings are read only for names the others touched. The largest groups (by postings read)
 * are deferred first, as long as the best a name reached by deferred groups alone can score stays under the
 * threshold: each part at the best the deferred groups can give it (a key of its own 1, a neighbour its
 * `approxCap`, a listed initial the initial similarity or its unreached cap), query initials at 1, the other parts
 * at their unreached cap, over every number of listed parts. The joined-name key is never deferred (it scores 1).
 */
function deferredGroups(
  index: CandidateIndex,
  queryKeys: QueryKeyGroup[],
  x: ExactInputs,
  prune: CandidatePruning,
): Uint8Array | undefined {
  const groups: { qk: number; cat: number; volume: number }[] = [];
  for (let qk = 0; qk < queryKeys.length; qk++) {
    const { keys, reachBy } = queryKeys[qk] as QueryKeyGroup;
    if (reachBy & JOINED || reachBy === 0) continue;
    const volume = keys.volume;
    for (const cat of [BY_KEY, BY_NEIGHBOUR, BY_INITIAL])
      if ((volume[cat] as number) > 0) groups.push({ qk, cat, volume: volume[cat] as number });
  }
  if (groups.length === 0) return undefined;
  groups.sort((a, b) => b.volume - a.volume);
  // Per part, the most the deferred groups let it pair at: its unreached cap to begin with, EXACT once a key of its
  // own is deferred (it then counts among the reached parts, at 1 with the family weight).
  const n = x.tokCap.length;
  const EXACT = 2;
  const best = x.tokCap.slice();
  const capOf = (cat: number, i: number): number =>
    cat === BY_KEY
      ? EXACT
      : cat === BY_NEIGHBOUR
        ? (x.approxCap[i] as number)
        : Math.max(x.sIni, x.tokCap[i] as number);
  const out = new Uint8Array(queryKeys.length);
  // The parts of the deferred split runs (see `absorbable`).
  let runBits = 0;
  const boundOf = (): number => {
    capList.n = 0;
    let m = 0;
    for (let i = 0; i < x.nInit; i++) pushCap(x.sInit);
    for (let i = 0; i < n; i++) {
      const v = best[i] as number;
      if (v === EXACT) m++;
      else pushCap(v);
    }
    const rest = capList.n;
    sortDescending(capList.v, rest);
    return anyNameUpperBound(capList.v, m, index.maxParts, prune, rest, absorbable(runBits));
  };
  const saved = x.tokCap.slice();
  for (const g of groups) {
    const { reachBy, run } = queryKeys[g.qk] as QueryKeyGroup;
    for (let i = 0; i < n; i++) saved[i] = best[i] as number;
    const runsBefore = runBits;
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (!(reachBy & (1 << i))) continue;
      const v = capOf(g.cat, i);
      if ((best[i] as number) < v) {
        best[i] = v;
        changed = true;
      }
    }
    if (run && g.cat === BY_KEY && (runBits | reachBy) !== runBits) {
      runBits |= reachBy;
      changed = true;
    }
    if (!changed || boundOf() + 1e-9 < prune.minScore) out[g.qk] = (out[g.qk] as number) | g.cat;
    else {
      for (let i = 0; i < n; i++) best[i] = saved[i] as number;
      runBits = runsBefore;
    }
  }
  return out;
}

/**
 * Exact mode's bound of every touched name (see {@link findCandidates}): the names that may reach the threshold,
 * highest bound first. A function of its own, with typed arrays only, so that its optimised code stays stable.
 */
function boundTouched(
  index: CandidateIndex,
  q: PreparedName,
  tokens: PreparedToken[],
  scratch: Scratch,
  nTouched: number,
  exact: ExactInputs,
  prune: CandidatePruning,
): number[] {
  const { multiCap, tokCap, lenMask, longMask, allMask, nInit, sInit, sIni, approxCap } = exact;
  const { touched, reach, exactReach, initReach, runReach } = scratch;
  // Every touched name: reached parts count at 1, an unreached part at its cap (the part is known not to pair
  // within one edit, so only a long part can still pair, two or more edits off). Survivors of that cheap bound
  // are bounded again with each unreached long part's actual best similarity with the name's parts.
  const ub = scratch.bound;
  const order: number[] = [];
  // Parts past the 30th have no reach bit: whatever they reached, each is bounded at 1.
  const beyond = Math.max(0, tokens.length - 30);
  const cap = multiCap;
  // The cheap bound depends only on (parts reached, long parts unreached, short parts unreached, listed parts):
  // memoised per query, so most touched names cost a few bit operations.
  const memo = new Map<number, number>();
  // Its key in the smallest radices the query allows: a small integer (a Smi) hashes much faster in a Map than a
  // heap number; a query too long for that falls back to fixed radices.
  const R = tokens.length + 1;
  const C = index.maxParts + 1;
  const small = R ** 6 * (nInit + 1) * C < 2 ** 30;
  // A query family name never pairs two or more edits off (see `multiEditCap`): its stamp is 0 (never used).
  const parts = multiEditPartsOf(index);
  const nearStamp = filled(new Int32Array(tokens.length), tokens, (t) => (t.role === "family" ? 0 : ++parts.nextStamp));
  const keyLetters = filled(new Int32Array(tokens.length), tokens, (t) => letterMask(t.key));
  // A query initial can pair only with a listed part whose Latin form or one of whose keys starts with its letter
  // (equal parts, equal keys, a prefix: see `pairOf`), or with a part in another script (consonant skeletons):
  // per name, how many query initials can pair at all (at most at 1); the others are bound at 0.
  const queryInitials = q.scored.filter((t) => t.initial);
  const initBits = filled(new Int32Array(queryInitials.length), queryInitials, (t) => letterBit(t.latin));
  const letters = nInit > 0 && nInit < 32 ? firstLettersOf(index) : undefined;
  // A part reached through a listed initial may still pair two or more edits off with another listed part (the exact
  // bound below takes the higher of the two): under weights where an initial pair is worth less than the multi-edit
  // cap, the cheap bound must take the cap, or it would fall below the exact one.
  const sIniCap = Math.max(sIni, cap);
  let capA = 0;
  for (let i = 0; i < approxCap.length; i++) capA = Math.max(capA, approxCap[i] as number);
  const caps = capList;
  for (let j = 0; j < nTouched; j++) {
    const n = touched[j] as number;
    const r = reach[n] as number;
    let b = 1;
    if (!(r & JOINED)) {
      const c = index.nameParts[n] as number;
      const rx = (exactReach[n] as number) & allMask;
      const ra = r & ~rx & allMask;
      const m = popcount(rx);
      const nApprox = popcount(ra);
      const ri = (initReach[n] as number) & ~r & allMask;
      let nInitNear = nInit;
      if (letters !== undefined) {
        const mask = nameLetters(letters, index, n);
        nInitNear = 0;
        for (let k = 0; k < initBits.length; k++) if (mask & (initBits[k] as number)) nInitNear++;
      }
      const possible = m + nApprox > 0 || nInitNear > 0;
      const nIni = possible ? popcount(ri) : 0;
      const nLong = popcount(~r & (possible ? ~ri : -1) & longMask);
      const nShort = tokens.length - beyond - m - nApprox - nLong - nIni;
      const runs = runReach[n] as number;
      const absorb = runs === 0 ? 0 : absorbable(runs & allMask);
      const key = small
        ? ((((((m * R + nLong) * R + nShort) * R + nIni) * R + nApprox) * R + absorb) * (nInit + 1) + nInitNear) * C + c
        : ((((((m * 64 + nLong) * 64 + nShort) * 256 + c) * 32 + Math.min(nInitNear, 31)) * 32 + nIni) * 32 + nApprox) *
            32 +
          absorb;
      let cheap = memo.get(key);
      if (cheap === undefined) {
        // The initials that can pair, the parts reached through a listed initial, the long parts, then the rest
        // at 0; sorted high to low, as the bound reads them.
        caps.n = 0;
        for (let i = 0; i < beyond; i++) pushCap(1);
        for (let i = 0; i < nInitNear; i++) pushCap(sInit);
        for (let i = 0; i < nIni; i++) pushCap(sIniCap);
        for (let i = 0; i < nApprox; i++) pushCap(capA);
        for (let i = 0; i < nLong; i++) pushCap(cap);
        for (let i = 0; i < nShort + nInit - nInitNear; i++) pushCap(0);
        sortDescending(caps.v, caps.n);
        cheap = nameScoreUpperBound(caps.v, m, c, prune, caps.n, 0, absorb);
        memo.set(key, cheap);
      }
      b = cheap;
      // Survivors are bounded again: each unreached long part at its actual best with the name's parts, and the
      // name's own unpaired parts at what the scorer charges for them (see `extraCost`). In two tiers: first each
      // long part that a listed part's key length allows two or more edits from at the multi-edit cap, then, only
      // for the names that still reach the threshold, by edit distance (on the bench queries, 31 of the 51
      // survivors of the cheap bound per query fall at the first tier, without an edit distance).
      if (b + 1e-9 >= prune.minScore) {
        const lengths = index.nameLengths[n] as number;
        const roles = rolesOf(index, n);
        for (let tier = 0; tier < 2; tier++) {
          caps.n = 0;
          let pending = false;
          for (let i = 0; i < nInit; i++) pushCap(i < nInitNear ? sInit : 0);
          for (let i = 0; i < tokens.length; i++) {
            if (i >= 30) {
              pushCap(1);
              continue;
            }
            if (rx & (1 << i)) continue;
            if (ra & (1 << i)) {
              pushCap(approxCap[i] as number);
              continue;
            }
            const viaInitial = possible && (ri & (1 << i)) !== 0;
            if (viaInitial && sIni >= multiCap) {
              pushCap(sIni);
              continue;
            }
            let multi = 0;
            if ((tokCap[i] as number) > 0 && ((lenMask[i] as number) & lengths) !== 0 && (nearStamp[i] as number) > 0) {
              if (tier === 0) {
                multi = multiCap;
                pending = true;
              } else
                multi = multiEditCap(
                  (tokens[i] as PreparedToken).key,
                  keyLetters[i] as number,
                  partIdsOf(parts, index, n),
                  parts,
                  nearStamp[i] as number,
                  multiCap,
                );
            }
            pushCap(viaInitial ? Math.max(sIni, multi) : multi);
          }
          sortDescending(caps.v, caps.n);
          b = nameScoreUpperBound(caps.v, m, c, prune, caps.n, roles, absorb);
          // The first tier's bound is the second's with every edit distance at its most: when it falls short, or no
          // part needs an edit distance, it is the answer.
          if (!pending || b + 1e-9 < prune.minScore) break;
        }
      }
    }
    ub[j] = b;
    if (b + 1e-9 >= prune.minScore) order.push(j);
  }
  order.sort((a, b) => (ub[b] as number) - (ub[a] as number));
  const kept: number[] = [];
  for (let k = 0; k < order.length; k++) kept.push(touched[order[k] as number] as number);
  return kept;
}

/** A candidate entity and the names of it that the query reached. */
export interface Candidate {
  entity: number;
  names: number[];
}

/**
 * The best candidate entities for a prepared query name, best first (at most `limit`), each with the names the
 * query reached (only those are scored). Only postings reached from the query's keys are touched.
 *
 * With `prune`, the result is exact rather than best-effort: every name whose evidence name score can reach
 * `minScore` is returned (no `limit`, no relative floor), ordered by its upper bound, so a full scan of every
 * entity would report no hit above `minScore` that this misses (tested as a property). When a name no query part
 * reached could still score `minScore` (a threshold at or below `fuzzyMultiEditCap`), every name is bounded, which
 * costs a scan: exact mode is meant for reporting thresholds (0.70 and up). Key groups that cannot lift a name to
 * `minScore` on their own are read only for names other keys touched (see `deferredGroups`), and each touched name
 * is bounded from what reached it (`boundTouched`).
 */
export function findCandidates(
  index: CandidateIndex,
  q: PreparedName,
  scratch: Scratch,
  limit = 50,
  prune?: CandidatePruning,
): Candidate[] {
  const N = index.names.length;
  // Scratch arrays, not fresh ones: a query touches hundreds of names, and each array allocated per query is garbage.
  const { acc, tokScore, tokStamp, reach, initReach, exactReach, runReach, touched } = scratch;
  let nTouched = 0;
  const reached = new Map<number, number>();
  const addVocab = (id: number | undefined, w: number) => {
    if (id === undefined) return;
    const prev = reached.get(id);
    if (prev === undefined || prev < w) reached.set(id, w);
  };
  const addAll = (ids: number | number[], w: number) => {
    if (typeof ids === "number") addVocab(ids, w);
    else for (const id of ids) addVocab(id, w);
  };
  const viaDelete = (id: number) => addVocab(id, VIA_DELETE);
  const queryKeys: QueryKeyGroup[] = [];
  const tokens = q.scored.filter((t) => !t.initial);
  const cache = lookUpCacheOf(index);
  const idf = idfOf(index);
  const lookUp = (t: PreparedToken, neighbours: boolean): KeyHits => {
    const sig = lookUpSignature(t, neighbours);
    let hits = cache.get(sig);
    if (hits === undefined) {
      reached.clear();
      lookUpInto(t, neighbours);
      hits = keyHitsOf(index, reached);
      if (cache.size >= LOOKUP_CACHE_SIZE) cache.clear();
      cache.set(sig, hits);
    }
    return hits;
  };
  const lookUpInto = (t: PreparedToken, neighbours: boolean): void => {
    let exact = false;
    for (const v of t.variants) {
      const id = index.vocab.get(v.key);
      if (id !== undefined) {
        addVocab(id, 1);
        exact = true;
      }
    }
    if (t.consonants.length >= 1) {
      if (ABJADS.has(t.script)) addVocab(index.vocab.get(`~${t.consonants}`), 0.9);
      else addVocab(index.vocab.get(`^${t.consonants}`), 0.9);
      // A short Arabic part's final ه read as the consonant h (the scorer pairs it so: see `finalHKey`).
      const h = finalHKey(t);
      if (h !== undefined) addVocab(index.vocab.get(`~${h}`), 0.9);
    }
    // A run of parts pairs only by its keys and consonants (see `scoreName`): no neighbours to look up.
    if (!neighbours) return;
    // A listed initial ("V.") is a pair the scorer credits: reach it by the first letter.
    if (/^[a-z]/.test(t.latin)) addVocab(index.vocab.get(`#${t.latin[0]}`), VIA_INITIAL);
    // One-edit neighbours are always reached (the scorer credits them highly); phonetic (skeleton) neighbours only
    // for parts spelled as no listed part is, which keeps common-word queries cheap.
    for (const v of t.variants) {
      if (v.key.length >= MIN_DELETE_LEN)
        for (let i = -1; i < v.key.length; i++) {
          const h = hashSkip(v.key, i);
          if (index.deletes.lookup) {
            index.deletes.lookup(h, viaDelete);
            continue;
          }
          const at = findHash(index.deletes, h);
          if (at < 0) continue;
          const { hashes, ids } = index.deletes;
          for (let j = at; j < hashes.length && hashes[j] === h; j++) addVocab(ids[j], VIA_DELETE);
        }
      if (!exact && v.key.length >= 3) addAll(idsOf(index.skeletons, skeleton(v.key)), VIA_SKELETON);
    }
  };
  tokens.forEach((t, i) => {
    queryKeys.push({ keys: lookUp(t, true), reachBy: i < 30 ? 1 << i : 0, run: false });
  });
  // Parts the query writes split that a listed name may write as one ("Abd Allah" / "Abdallah"): the scorer pairs
  // such a run with one listed part, so the run's keys are looked up like a part's and reach for all its parts.
  for (const run of splitRuns(q)) {
    let reachBy = 0;
    for (const k of run.scored) {
      const i = tokens.indexOf(q.scored[k] as PreparedToken);
      if (i >= 0 && i < 30) reachBy |= 1 << i;
    }
    const keys = lookUp(run.token, false);
    if (keys.ids.length > 0) queryKeys.push({ keys, reachBy, run: true });
  }
  if (q.compact.length >= 6) {
    const joined = new Map<number, number>();
    const id = tokens.length > 1 ? index.vocab.get(q.compact) : undefined;
    if (id !== undefined) joined.set(id, 1);
    const sid = index.vocab.get(`=${q.compactSorted}`);
    if (sid !== undefined) joined.set(sid, 1);
    if (joined.size > 0)
      queryKeys.push({
        keys: keyHitsOf(index, joined),
        reachBy: JOINED,
        run: false,
      });
  }
  // Exact mode: the bound's inputs, computed before retrieval, so that key groups that cannot lift a name to the
  // threshold on their own are read only for names other keys touched (see `deferredGroups`).
  const exact = prune === undefined ? undefined : exactInputs(index, q, tokens, prune);
  const deferred =
    exact !== undefined && !exact.scanAll && tokens.length <= 30 && prune?.deferral !== false
      ? deferredGroups(index, queryKeys, exact, prune as CandidatePruning)
      : undefined;
  for (let pass = 0; pass < (deferred === undefined ? 1 : 2); pass++)
    for (let qk = 0; qk < queryKeys.length; qk++) {
      // Which query parts reached the name (a bit each); the joined-name key stands for every part at once.
      const { keys, reachBy, run } = queryKeys[qk] as QueryKeyGroup;
      const late = deferred === undefined ? 0 : (deferred[qk] as number);
      // First pass: the groups not deferred; second: the deferred ones, only for names already touched.
      if (pass === 1 && late === 0) continue;
      const stamp = ++scratch.stamp;
      for (let x = 0; x < keys.ids.length; x++) {
        const id = keys.ids[x] as number;
        const w = keys.ws[x] as number;
        const isLate = (late & categoryOf(w)) !== 0;
        if (isLate !== (pass === 1)) continue;
        const p = postingsOf(index, id);
        const viaInitial = w === VIA_INITIAL;
        // A key the part spells (or its consonants): the pair may be exact. A deletion or skeleton neighbour only
        // gives a fuzzy pair, bounded by the part's length (see `approxCap`).
        const exactBy = w >= 0.9 ? reachBy : 0;
        const runBy = run ? exactBy : 0;
        if (prune !== undefined) {
          // Exact mode orders names by their bound, not by weights: only which names were touched, and by which
          // query parts, counts. A deferred key only adds to names other keys touched.
          const seen = scratch.seen;
          for (let i = 0; i < p.length; i++) {
            const n = p[i] as number;
            const word = n >>> 5;
            const bit = 1 << (n & 31);
            if (((seen[word] as number) & bit) === 0) {
              if (isLate) continue;
              seen[word] = (seen[word] as number) | bit;
              touched[nTouched++] = n;
              reach[n] = 0;
              initReach[n] = 0;
              exactReach[n] = 0;
              runReach[n] = 0;
            }
            if (viaInitial) initReach[n] = (initReach[n] as number) | reachBy;
            else {
              reach[n] = (reach[n] as number) | reachBy;
              exactReach[n] = (exactReach[n] as number) | exactBy;
              runReach[n] = (runReach[n] as number) | runBy;
            }
          }
          continue;
        }
        // Best-effort mode: names ordered by the weights of the keys that reached them, each key's by its idf.
        let f = idf[id] as number;
        if (f === 0) {
          f = Math.log(1 + N / p.length);
          idf[id] = f;
        }
        const v = w * f;
        for (let i = 0; i < p.length; i++) {
          const n = p[i] as number;
          if (tokStamp[n] !== stamp) {
            tokStamp[n] = stamp;
            tokScore[n] = v;
            if (acc[n] === 0) {
              touched[nTouched++] = n;
              // `clearReach`, written out: the hottest loop of retrieval.
              reach[n] = 0;
              initReach[n] = 0;
              exactReach[n] = 0;
              runReach[n] = 0;
            }
            acc[n] = (acc[n] as number) + v;
            if (viaInitial) initReach[n] = (initReach[n] as number) | reachBy;
            else {
              reach[n] = (reach[n] as number) | reachBy;
              exactReach[n] = (exactReach[n] as number) | exactBy;
              runReach[n] = (runReach[n] as number) | runBy;
            }
          } else {
            if (!viaInitial) {
              reach[n] = (reach[n] as number) | reachBy;
              exactReach[n] = (exactReach[n] as number) | exactBy;
              runReach[n] = (runReach[n] as number) | runBy;
            }
            if (v > (tokScore[n] as number)) {
              acc[n] = (acc[n] as number) + v - (tokScore[n] as number);
              tokScore[n] = v;
            }
          }
        }
      }
    }
  let kept: number[];
  if (prune) {
    // Exact mode. A name no query part reached pairs each part at most at its unreached cap; when that could reach
    // the threshold (a query initial beside long parts), every name is considered, not only the touched ones.
    const seen = scratch.seen;
    if ((exact as ExactInputs).scanAll)
      for (let n = 0; n < N; n++)
        if (((seen[n >>> 5] as number) & (1 << (n & 31))) === 0) {
          touched[nTouched++] = n;
          clearReach(scratch, n);
        }
    kept = boundTouched(index, q, tokens, scratch, nTouched, exact as ExactInputs, prune);
    limit = Number.POSITIVE_INFINITY;
  } else {
    let best = 0;
    for (let j = 0; j < nTouched; j++) {
      const a = acc[touched[j] as number] as number;
      if (a > best) best = a;
    }
    // Keep names within reach of the best (cheap pre-filter before sorting).
    // Raise the floor while far more names than needed pass it, so the sort stays small for common names.
    let floorRatio = 0.3;
    kept = [];
    for (let j = 0; j < nTouched; j++) {
      const n = touched[j] as number;
      if ((acc[n] as number) >= best * floorRatio) kept.push(n);
    }
    while (kept.length > limit * 4 && floorRatio < 0.8) {
      floorRatio += 0.15;
      const fl = best * floorRatio;
      kept = kept.filter((n) => (acc[n] as number) >= fl);
    }
    kept.sort((a, b) => (acc[b] as number) - (acc[a] as number));
  }
  const out: Candidate[] = [];
  const seen = new Map<number, Candidate>();
  for (let k = 0; k < kept.length; k++) {
    const n = kept[k] as number;
    const e = index.nameEntity[n] as number;
    const c = seen.get(e);
    if (c) c.names.push(n);
    else if (out.length < limit) {
      const cand = { entity: e, names: [n] };
      seen.set(e, cand);
      out.push(cand);
    }
  }
  if (prune) scratch.seen.fill(0);
  else for (let j = 0; j < nTouched; j++) acc[touched[j] as number] = 0;
  return out;
}
