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
import { type PreparedName, prepareName } from "./names.ts";
import { skeleton } from "./normalise.ts";
import { ABJADS } from "./transliterate.ts";

/** How much each retrieval path counts, relative to an exact key. */
const VIA_DELETE = 0.7;
const VIA_SKELETON = 0.5;
/** Deletion neighbourhoods only for keys this long: short keys would reach half the vocabulary. */
const MIN_DELETE_LEN = 4;

export interface CandidateIndex {
  entities: Entity[];
  /** Every screenable listed name (weak aliases included for display, flagged by kind). */
  names: PreparedName[];
  /** names[i] belongs to entities[nameEntity[i]]. */
  nameEntity: Int32Array;
  /** Names of each entity, by entity position. */
  entityNames: number[][];
  vocab: Map<string, number>;
  postings: Int32Array[];
  /** Hashes of vocabulary keys and of their one-deletion variants (see `hashSkip`). */
  deletes: IdMap<number>;
  skeletons: IdMap;
  stats: { entities: number; names: number; vocabulary: number; deleteKeys: number };
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

/** Key → vocabulary ids; a single id is stored bare (most keys have one), saving an array per key. */
type IdMap<K = string> = Map<K, number | number[]>;

function pushMap<K>(m: IdMap<K>, k: K, v: number): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, v);
  else if (typeof a === "number") {
    if (a !== v) m.set(k, [a, v]);
  } else if (!a.includes(v)) a.push(v);
}

const NONE: number[] = [];
function idsOf<K>(m: IdMap<K>, k: K): number | number[] {
  return m.get(k) ?? NONE;
}

/** Builds the index over entities (all names except weak aliases are indexed; weak aliases are kept for display). */
export function buildCandidateIndex(entities: Entity[]): CandidateIndex {
  const names: PreparedName[] = [];
  const owner: number[] = [];
  const entityNames: number[][] = [];
  const vocab = new Map<string, number>();
  const post: number[][] = [];
  const keyOf = (k: string): number => {
    let id = vocab.get(k);
    if (id === undefined) {
      id = post.length;
      vocab.set(k, id);
      post.push([]);
    }
    return id;
  };
  entities.forEach((e, ei) => {
    const mine: number[] = [];
    const seen = new Set<string>();
    for (const n of e.names) {
      const dedupe = `${n.kind}\u0000${n.full}`;
      if (seen.has(dedupe) || n.full.trim() === "") continue;
      seen.add(dedupe);
      const prepared = prepareName(n.full, { kind: n.kind, type: e.type, parts: n });
      const ni = names.length;
      names.push(prepared);
      owner.push(ei);
      mine.push(ni);
      if (n.kind === "weak_alias") continue;
      for (const t of prepared.scored) {
        if (t.initial) continue;
        for (const v of t.variants) {
          const p = post[keyOf(v.key)] as number[];
          if (p[p.length - 1] !== ni) p.push(ni);
        }
        // Consonant key ("~mhmd"), reached only by Arabic/Hebrew-script query parts.
        if (t.consonants.length >= 2) {
          const p = post[keyOf(`~${t.consonants}`)] as number[];
          if (p[p.length - 1] !== ni) p.push(ni);
        }
      }
      if (prepared.scored.length > 1 && prepared.compact.length >= 6) {
        const p = post[keyOf(prepared.compact)] as number[];
        if (p[p.length - 1] !== ni) p.push(ni);
      }
    }
    entityNames.push(mine);
  });
  const deletes: IdMap<number> = new Map();
  const skeletons: IdMap = new Map();
  for (const [k, id] of vocab) {
    if (k.length >= MIN_DELETE_LEN && /^[a-z0-9]+$/.test(k)) {
      for (let i = -1; i < k.length; i++) pushMap(deletes, hashSkip(k, i), id);
    }
    if (k.length >= 3 && /^[a-z]+$/.test(k)) pushMap(skeletons, skeleton(k), id);
  }
  return {
    entities,
    names,
    nameEntity: Int32Array.from(owner),
    entityNames,
    vocab,
    postings: post.map((p) => Int32Array.from(p)),
    deletes,
    skeletons,
    stats: { entities: entities.length, names: names.length, vocabulary: vocab.size, deleteKeys: deletes.size },
  };
}

/** Reusable per-thread scratch space for {@link findCandidates} (avoids allocating per query). */
export interface Scratch {
  acc: Float64Array;
  tokScore: Float64Array;
  tokStamp: Int32Array;
  /** How many query parts reached each name. */
  reach: Int32Array;
  stamp: number;
}

export function createScratch(index: CandidateIndex): Scratch {
  const n = index.names.length;
  return {
    acc: new Float64Array(n),
    tokScore: new Float64Array(n),
    tokStamp: new Int32Array(n),
    reach: new Int32Array(n),
    stamp: 0,
  };
}

/** Lets retrieval drop names that cannot reach `minScore` under the evidence scorer's weights. */
export interface CandidatePruning {
  minScore: number;
  familyWeight: number;
  extraQueryWeight: number;
}

/** A candidate entity and the names of it that the query reached. */
export interface Candidate {
  entity: number;
  names: number[];
}

/**
 * The best candidate entities for a prepared query name, best first (at most `limit`), each with the names the
 * query reached (only those are scored). Only postings reached from the query's keys are touched.
 */
export function findCandidates(
  index: CandidateIndex,
  q: PreparedName,
  scratch: Scratch,
  limit = 50,
  prune?: CandidatePruning,
): Candidate[] {
  const N = index.names.length;
  const touched: number[] = [];
  const { acc, tokScore, tokStamp, reach } = scratch;
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
  const queryKeys: { keys: Map<number, number> }[] = [];
  const tokens = q.scored.filter((t) => !t.initial);
  for (const t of tokens) {
    reached.clear();
    let exact = false;
    for (const v of t.variants) {
      const id = index.vocab.get(v.key);
      if (id !== undefined) {
        addVocab(id, 1);
        exact = true;
      }
    }
    if (ABJADS.has(t.script) && t.consonants.length >= 2) addVocab(index.vocab.get(`~${t.consonants}`), 0.9);
    // A part spelled as some listed part is taken as written; only unknown parts fan out to their typo
    // (one-deletion) and phonetic (skeleton) neighbours. Keeps common-word queries cheap.
    if (!exact)
      for (const v of t.variants) {
        if (v.key.length >= MIN_DELETE_LEN)
          for (let i = -1; i < v.key.length; i++) addAll(idsOf(index.deletes, hashSkip(v.key, i)), VIA_DELETE);
        if (v.key.length >= 3) addAll(idsOf(index.skeletons, skeleton(v.key)), VIA_SKELETON);
      }
    queryKeys.push({ keys: new Map(reached) });
  }
  let compactAt = -1;
  if (tokens.length > 1 && q.compact.length >= 6) {
    const id = index.vocab.get(q.compact);
    if (id !== undefined) {
      compactAt = queryKeys.length;
      queryKeys.push({ keys: new Map([[id, 1]]) });
    }
  }
  for (let qk = 0; qk < queryKeys.length; qk++) {
    const { keys } = queryKeys[qk] as { keys: Map<number, number> };
    // The joined-name key stands for every query part at once.
    const reachBy = qk === compactAt ? tokens.length : 1;
    const stamp = ++scratch.stamp;
    for (const [id, w] of keys) {
      const p = index.postings[id] as Int32Array;
      const v = w * Math.log(1 + N / p.length);
      for (let i = 0; i < p.length; i++) {
        const n = p[i] as number;
        if (tokStamp[n] !== stamp) {
          tokStamp[n] = stamp;
          tokScore[n] = v;
          if (acc[n] === 0) {
            touched.push(n);
            reach[n] = 0;
          }
          acc[n] = (acc[n] as number) + v;
          reach[n] = (reach[n] as number) + reachBy;
        } else if (v > (tokScore[n] as number)) {
          acc[n] = (acc[n] as number) + v - (tokScore[n] as number);
          tokScore[n] = v;
        }
      }
    }
  }
  // Names reached by too few query parts cannot score above the reporting threshold: with m of k parts reached,
  // every pair at similarity 1 and the family weight f, the name score is at most f·m / (f·m + e·(k − m)).
  let pool = touched;
  if (prune && tokens.length > 1) {
    const k = tokens.length;
    const f = prune.familyWeight;
    const e = prune.extraQueryWeight;
    pool = touched.filter((n) => {
      const m = Math.min(k, reach[n] as number);
      const ub = (f * m) / (f * m + e * (k - m));
      return ub >= prune.minScore;
    });
  }
  let best = 0;
  for (const n of pool) if ((acc[n] as number) > best) best = acc[n] as number;
  // Keep names within reach of the best (cheap pre-filter before sorting).
  // Raise the floor while far more names than needed pass it, so the sort stays small for common names.
  let floorRatio = 0.3;
  let kept = pool.filter((n) => (acc[n] as number) >= best * floorRatio);
  while (kept.length > limit * 4 && floorRatio < 0.8) {
    floorRatio += 0.15;
    const f = best * floorRatio;
    kept = kept.filter((n) => (acc[n] as number) >= f);
  }
  kept.sort((a, b) => (acc[b] as number) - (acc[a] as number));
  const out: Candidate[] = [];
  const seen = new Map<number, Candidate>();
  for (const n of kept) {
    const e = index.nameEntity[n] as number;
    const c = seen.get(e);
    if (c) c.names.push(n);
    else if (out.length < limit) {
      const cand = { entity: e, names: [n] };
      seen.set(e, cand);
      out.push(cand);
    }
  }
  for (const n of touched) acc[n] = 0;
  return out;
}
