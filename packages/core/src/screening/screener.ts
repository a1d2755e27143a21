/**
 * The screener: list snapshots → candidate index → explained hits. `createScreener` is pure (no I/O);
 * `getScreener(engine)` builds one over the engine's loaded lists and the allow-list in the state directory;
 * `getPartyScreener(engine)` adapts it to the interface shipment verdicts consume.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Engine } from "../engine.ts";
import { invalidInput, notFound } from "../errors/index.ts";
import { type Clock, systemClock } from "../runtime/index.ts";
import { snapshotCacheOf } from "../runtime/snapshot-cache.ts";
import type { PartyHit, PartyScreener } from "../verdicts/parties.ts";
import { entityCounts } from "./lists/counts.ts";
import {
  type ConsultedList,
  DEFAULT_MAX_LIST_AGE_DAYS,
  groupedWarnings,
  type ScreeningCoverage,
  type ScreeningWarning,
  screeningCoverage,
  screeningSummary,
  summaryTail,
} from "./lists/coverage.ts";
import { listingOf, mergeProfiles } from "./lists/profiles.ts";
import { listSource } from "./lists/sources.ts";
import { AllowList, type AllowListEntry, queryFingerprint } from "./match/allow-list.ts";
import {
  buildCandidateIndex,
  type Candidate,
  type CandidateIndex,
  type CandidatePruning,
  createScratch,
  findCandidates,
} from "./match/candidate-index.ts";
import {
  decodeScreenerCore,
  encodeScreenerCore,
  INDEX_SNAPSHOT_VERSION,
  IndexEntryDamaged,
  type ScreenerCore,
} from "./match/index-snapshot.ts";
import { type PreparedToken, prepareName } from "./match/names.ts";
import { ofacEntityScore } from "./match/ofac.ts";
import { queryReadings } from "./match/readings.ts";
import {
  bestExplanation,
  DEFAULT_SCORE_PARAMS,
  type Explanation,
  explainEntity,
  explanationText,
  type ScoreParams,
  type ScreenQuery,
} from "./match/scorer.ts";
import type { Entity, EntityAddress, EntityIdentifier, EntityType, Listing, ListSnapshot, MergeLink } from "./model.ts";
import { getListSnapshots, listSnapshotKeys } from "./store.ts";

export type { ScreenQuery } from "./match/scorer.ts";

export type Algorithm = "evidence" | "ofac-parity";

/** Screening parameters. Every threshold is a parameter; defaults and their origin below. */
export interface ScreenerOptions {
  /** `evidence` (default: name parts + qualifiers, explained) or `ofac-parity` (emulates OFAC's SLS tool). */
  algorithm?: Algorithm;
  /** Hits scoring below are not reported. Default 0.70 (yente's default `threshold`). */
  threshold?: number;
  /** Hits at or above are `match`, below `possible`. Default 0.95 (watchman's documented "block" band). */
  matchThreshold?: number;
  /** Hits returned per query. Default 10. */
  limit?: number;
  /** Candidate entities scored per query. Default 50 (yente: limit 5 × 10 candidates). */
  candidates?: number;
  params?: Partial<ScoreParams>;
  allowList?: AllowList;
  /** The time staleness is measured at (default: the system clock; engines pass theirs). */
  clock?: Clock;
  /** A list published more than this many days before the screening is stale. Default 30. */
  maxListAgeDays?: number;
}

/** One explained hit. */
export interface ScreenHit {
  entityId: string;
  /** Source list id (`ofac-sdn`, `un-sc`…). */
  list: string;
  /** The list's own record id (OFAC ent_num, UN reference number…). */
  sourceId: string;
  /** The listed name that matched. */
  name: string;
  /** The entity's primary name. */
  caption: string;
  type: EntityType;
  score: number;
  strength: "match" | "possible";
  programmes: string[];
  sanctionKind: Entity["sanctionKind"];
  listedOn?: string;
  explanation: Explanation;
  /**
   * Every listing of this person, company or vessel (one per source record, lead first): list, programmes,
   * listing date, source record id. One listing unless the record was merged with others (see `mergedOn`).
   */
  listings: Listing[];
  /** Why the listings were taken for one target (shared identifier, name + date of birth, name + country). */
  mergedOn?: MergeLink[];
  /** Set when every listing is incomplete (e.g. OFAC alias-only records): the hit is not a complete listing. */
  partial?: string;
  /** What the lists say about the listed target (union over its listings). */
  birthDates: string[];
  birthPlaces?: string[];
  nationalities: string[];
  gender?: string;
  addresses: EntityAddress[];
  identifiers: EntityIdentifier[];
}

/** A hit withheld by a reviewed allow-list decision (reported, never silently dropped). */
export interface SuppressedHit {
  entityId: string;
  list: string;
  sourceId: string;
  score: number;
  reviewer: string;
  reviewedAt: string;
  reason?: string;
}

export interface ScreenResult {
  query: ScreenQuery;
  fingerprint: string;
  algorithm: Algorithm;
  hits: ScreenHit[];
  suppressed: SuppressedHit[];
  /** When the screening ran (ISO 8601, injected clock). */
  checkedAt: string;
  /** Each list consulted, with its publication date and age. */
  lists: ConsultedList[];
  /** Stale, missing, partial or retired lists: while any holds, the answer is never a bare "No hit". */
  warnings: ScreeningWarning[];
  /** The answer in one sentence, naming the lists' dates and every warning. */
  summary: string;
}

/** One row of a batch: a result, or the reason this row could not be screened. */
export type BatchRow =
  | { row: number; result: ScreenResult }
  | { row: number; error: { code: string; message: string } };

export interface Screener {
  /** Identifies the list data screened against (list ids, dates and hashes). */
  readonly version: string;
  readonly lists: { list: string; title: string; date?: string; sha256: string; entities: number }[];
  readonly stats: CandidateIndex["stats"];
  readonly options: Required<Omit<ScreenerOptions, "allowList" | "params" | "clock" | "maxListAgeDays">> & {
    params: ScoreParams;
    maxListAgeDays: number;
  };
  screen(
    query: ScreenQuery,
    overrides?: Pick<ScreenerOptions, "algorithm" | "threshold" | "limit" | "maxListAgeDays">,
  ): ScreenResult;
  /** The lists consulted and their warnings now (by the screener's clock). */
  coverage(): ScreeningCoverage;
  /** Screens many queries; a bad row is reported and the batch goes on. */
  screenBatch(queries: ScreenQuery[], onProgress?: (done: number) => void): BatchRow[];
  /**
   * The profile a record belongs to, by profile id or by the id of any of its records (a merged profile carries
   * every listing; `undefined` for unknown ids).
   */
  getEntity(id: string): Entity | undefined;
  /** One source record as its list gives it (not merged). */
  getRecord(id: string): Entity | undefined;
}

function validateQuery(q: ScreenQuery): void {
  if (typeof q.name !== "string" || q.name.trim() === "")
    throw invalidInput("SCREEN_NAME_REQUIRED", "a name to screen is required", [
      { code: "required", message: "name is empty", field: "name" },
    ]);
  if (q.name.length > 500)
    throw invalidInput("SCREEN_NAME_TOO_LONG", "name longer than 500 characters", [
      { code: "too_long", message: "at most 500 characters", field: "name" },
    ]);
  if (q.country !== undefined && !/^[A-Za-z]{2}$/.test(q.country))
    throw invalidInput("SCREEN_COUNTRY_INVALID", `country must be ISO 3166-1 alpha-2, got '${q.country}'`, [
      { code: "invalid_country", message: "two letters expected", field: "country" },
    ]);
  if (q.dob !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(q.dob))
    throw invalidInput("SCREEN_DOB_INVALID", `date of birth must be YYYY, YYYY-MM or YYYY-MM-DD, got '${q.dob}'`, [
      { code: "invalid_date", message: "YYYY[-MM[-DD]] expected", field: "dob" },
    ]);
  const types: EntityType[] = ["person", "organization", "vessel", "aircraft", "unknown"];
  if (q.type !== undefined && !types.includes(q.type))
    throw invalidInput("SCREEN_TYPE_INVALID", `type must be one of ${types.join(", ")}`, [
      { code: "invalid_type", message: `got '${q.type}'`, field: "type" },
    ]);
}

const sourceUrl = (list: string) => listSource(list)?.urls.primary;

/**
 * The part of a screener that depends only on the lists' content: profiles merged once (the query path only reads
 * the result) and their candidate index. This is what `getScreener` keeps in the snapshot cache.
 */
export function buildScreenerCore(snapshots: ListSnapshot[]): ScreenerCore {
  const records = snapshots.flatMap((s) => s.entities);
  const { profiles, byRecord } = mergeProfiles(records, sourceUrl);
  return { index: buildCandidateIndex(profiles), byRecord };
}

/**
 * Candidates of two readings of one query: each entity once, in the first reading's order then the second's, with
 * the names either reading reached (every name that may score the threshold under either is kept).
 */
function unionOfCandidates(a: Candidate[], b: Candidate[]): Candidate[] {
  const byEntity = new Map<number, Candidate>();
  const out: Candidate[] = [];
  for (const c of [...a, ...b]) {
    const seen = byEntity.get(c.entity);
    if (seen === undefined) {
      const copy = { entity: c.entity, names: [...c.names] };
      byEntity.set(c.entity, copy);
      out.push(copy);
    } else for (const n of c.names) if (!seen.names.includes(n)) seen.names.push(n);
  }
  return out;
}

/** Builds a screener over list snapshots (pure; the index is built here). */
export function createScreener(snapshots: ListSnapshot[], options: ScreenerOptions = {}): Screener {
  return screenerOver(snapshots, buildScreenerCore(snapshots), options);
}

/** A screener over list snapshots and their already built (or snapshot-loaded) core. */
export function screenerOver(snapshots: ListSnapshot[], core: ScreenerCore, options: ScreenerOptions = {}): Screener {
  let { index, byRecord } = core;
  let entities = index.entities;
  // Source records by id, for `getRecord` only: built on first use (it reads every list's entities).
  let recordById: Map<string, Entity> | undefined;
  let scratch = createScratch(index);
  /**
   * A snapshot-loaded index reads its entries when a query first touches them, each checked against its checksum:
   * when one is damaged, the index is built again from the lists (as without a snapshot) and the call repeated,
   * so a damaged snapshot never answers and the caller still gets its answer.
   */
  const withIntactIndex = <T>(run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof IndexEntryDamaged)) throw e;
      ({ index, byRecord } = buildScreenerCore(snapshots));
      entities = index.entities;
      scratch = createScratch(index);
      return run();
    }
  };
  const clock = options.clock ?? systemClock;
  // Coverage changes only with the day: computed once per UTC day, not per query.
  let covered: { day: number; coverage: ScreeningCoverage; tail: string } | undefined;
  // The time of the check as text, kept while the clock stays on one millisecond (queries of a batch take a fraction
  // of one each; `toISOString` per query was ~1.5% of screening's CPU).
  let checkedMs = Number.NaN;
  let checkedAt = "";
  const coveredNow = () => {
    const now = clock.now();
    const ms = now.getTime();
    const day = Math.floor(ms / 86_400_000);
    if (covered?.day !== day) {
      const coverage = screeningCoverage(snapshots, now, opts.maxListAgeDays);
      covered = { day, coverage, tail: summaryTail(coverage) };
    }
    if (ms !== checkedMs) {
      checkedMs = ms;
      checkedAt = now.toISOString();
    }
    // Written out, not spread: a spread of a non-literal object takes V8's slow object-clone path (~1% of screening).
    return { day: covered.day, coverage: covered.coverage, tail: covered.tail, checkedAt };
  };
  const coverageNow = (): ScreeningCoverage => {
    const c = coveredNow();
    return { ...c.coverage, checkedAt: c.checkedAt };
  };
  const params: ScoreParams = { ...DEFAULT_SCORE_PARAMS, ...options.params };
  // Every scorer weight the pruning bound reads: overridden weights must reach it, or it would bound another scorer.
  const pruningWeights = {
    familyWeight: params.familyWeight,
    extraQueryWeight: params.extraQueryWeight,
    initialSimilarity: params.initialSimilarity,
    fuzzyMultiEditCap: params.fuzzyMultiEditCap,
    patronymicExtraWeight: params.patronymicExtraWeight,
    extraResultWeight: params.extraResultWeight,
    contradictedPartWeight: params.contradictedPartWeight,
    extraFamilyWeight: params.extraFamilyWeight,
  };
  // One pruning object per threshold, made once: a fresh spread per query came out with another hidden class once
  // optimised (its fields' representations change), which made every read of it in retrieval megamorphic.
  const pruning = new Map<number, CandidatePruning>();
  const pruningAt = (minScore: number): CandidatePruning => {
    let p = pruning.get(minScore);
    if (p === undefined) {
      if (pruning.size >= 16) pruning.clear();
      p = { ...pruningWeights, minScore };
      pruning.set(minScore, p);
    }
    return p;
  };
  const opts = {
    algorithm: options.algorithm ?? "evidence",
    threshold: options.threshold ?? 0.7,
    matchThreshold: options.matchThreshold ?? 0.95,
    limit: options.limit ?? 10,
    candidates: options.candidates ?? 50,
    params,
    maxListAgeDays: options.maxListAgeDays ?? DEFAULT_MAX_LIST_AGE_DAYS,
  } satisfies Screener["options"];
  const lists = snapshots.map((s) => ({
    list: s.list,
    title: s.title,
    ...(s.date ? { date: s.date } : {}),
    sha256: s.sha256,
    entities: entityCounts(s).entities,
  }));
  const version = `screening-${bytesToHex(
    sha256(utf8ToBytes(JSON.stringify(lists.map((l) => [l.list, l.date ?? "", l.sha256])))),
  ).slice(0, 12)}`;

  // Query parts recur (given names, "company", "bank"…): each is transliterated and folded once per screener, as an
  // index build does for listed names (each query gets its own copy of the token; see `PrepareOptions.tokenCache`).
  const queryTokens = new Map<string, PreparedToken>();

  function screen(
    query: ScreenQuery,
    overrides: Pick<ScreenerOptions, "algorithm" | "threshold" | "limit" | "maxListAgeDays"> = {},
  ): ScreenResult {
    return withIntactIndex(() => screenOnce(query, overrides));
  }

  function screenOnce(
    query: ScreenQuery,
    overrides: Pick<ScreenerOptions, "algorithm" | "threshold" | "limit" | "maxListAgeDays">,
  ): ScreenResult {
    validateQuery(query);
    const algorithm = overrides.algorithm ?? opts.algorithm;
    const threshold = overrides.threshold ?? opts.threshold;
    const limit = overrides.limit ?? opts.limit;
    if (queryTokens.size >= 65_536) queryTokens.clear();
    const type = query.type ?? "unknown";
    const qName = prepareName(query.name, { type, tokenCache: queryTokens });
    // Other readings of the query (a person's name without its titles, a ship's without its prefix, a name of no
    // known type with its single letters joined as an organisation's): retrieved too, and an entity of a type a
    // reading applies to is scored by the better reading (see match/readings.ts).
    const readings = queryReadings(query.name, type, qName, queryTokens);
    const fingerprint = queryFingerprint(query);
    // Pruning by an upper bound is only sound for the evidence scorer without identifiers (which can lift a score).
    const prune =
      algorithm === "evidence" && !(query.identifiers && query.identifiers.length > 0) && threshold > 0
        ? pruningAt(threshold)
        : undefined;
    const want = Math.max(opts.candidates, limit);
    let cands = findCandidates(index, qName, scratch, want, prune);
    for (const r of readings) cands = unionOfCandidates(cands, findCandidates(index, r.name, scratch, want, prune));
    const scored: ScreenHit[] = [];
    const suppressed: SuppressedHit[] = [];
    for (const cand of cands) {
      const e = index.entities[cand.entity] as Entity;
      // In the entity's own order (primary first), not retrieval's: of two names scoring alike, the hit names the
      // earlier one whatever the bounds that ordered the candidates.
      const names = [...cand.names]
        .sort((a, b) => a - b)
        .map((n) => index.names[n])
        .filter((n) => n !== undefined);
      let exp: Explanation;
      if (algorithm === "ofac-parity") {
        const usable = names.filter((n) => n.kind !== "weak_alias");
        const r = ofacEntityScore(
          query.name,
          usable.map((n) => n.full),
        );
        const kind = usable.find((n) => n.full === r.name)?.kind ?? "";
        exp = {
          algorithm: "ofac-parity",
          score: r.score / 100,
          nameScore: r.score / 100,
          matchedName: r.name,
          matchedNameKind: kind,
          pairs: [],
          features: [{ feature: "name_parts", contribution: r.score / 100, detail: "OFAC SLS emulation (name only)" }],
          text: `${r.score} on "${r.name}" (OFAC-parity: Jaro-Winkler + part matching on the name only)`,
        };
      } else {
        // Most candidates' names score below the threshold: their features (and texts) are not worth building.
        let best = bestExplanation(query, qName, e, names, params, false, threshold);
        for (const r of readings) {
          if (!r.types.has(e.type)) continue;
          const alt = bestExplanation(query, r.name, e, names, params, false, threshold);
          if (alt !== undefined && (best === undefined || alt.score > best.score)) {
            alt.features.push({ feature: "query_reading", contribution: 0, detail: r.detail });
            best = alt;
          }
        }
        best ??= threshold <= 0 ? explainEntity(query, qName, e, undefined, params, false) : undefined;
        if (best === undefined) continue;
        exp = best;
      }
      if (exp.score < threshold) continue;
      if (exp.text === "") exp.text = explanationText(exp);
      const sup = options.allowList?.suppression(e, fingerprint);
      if (sup) {
        suppressed.push({
          entityId: e.id,
          list: e.list,
          sourceId: e.sourceId,
          score: exp.score,
          reviewer: sup.reviewer,
          reviewedAt: sup.reviewedAt,
          ...(sup.reason ? { reason: sup.reason } : {}),
        });
        continue;
      }
      const primary = e.names.find((n) => n.kind === "primary") ?? e.names[0];
      const listings = e.listings ?? [listingOf(e, sourceUrl(e.list))];
      scored.push({
        entityId: e.id,
        list: e.list,
        sourceId: e.sourceId,
        name: exp.matchedName,
        caption: primary?.full ?? exp.matchedName,
        type: e.type,
        score: exp.score,
        strength: exp.score >= opts.matchThreshold ? "match" : "possible",
        programmes: e.programmes,
        sanctionKind: e.sanctionKind,
        ...(e.listedOn ? { listedOn: e.listedOn } : {}),
        explanation: exp,
        listings,
        ...(e.mergedOn ? { mergedOn: e.mergedOn } : {}),
        ...(e.partial ? { partial: e.partial } : {}),
        birthDates: e.birthDates,
        ...(e.birthPlaces ? { birthPlaces: e.birthPlaces } : {}),
        nationalities: e.nationalities,
        ...(e.gender ? { gender: e.gender } : {}),
        addresses: e.addresses,
        identifiers: e.identifiers,
      });
    }
    scored.sort((a, b) => b.score - a.score || a.entityId.localeCompare(b.entityId));
    const hits = scored.slice(0, limit);
    let cov = coveredNow();
    if (overrides.maxListAgeDays !== undefined && overrides.maxListAgeDays !== opts.maxListAgeDays) {
      // Another allowed age for this query only: computed fresh (the cache holds the screener's default).
      const coverage = screeningCoverage(snapshots, clock.now(), overrides.maxListAgeDays);
      cov = { ...cov, coverage, tail: summaryTail(coverage) };
    }
    const matches = hits.reduce((k, h) => k + (h.strength === "match" ? 1 : 0), 0);
    return {
      query,
      fingerprint,
      algorithm,
      hits,
      suppressed,
      checkedAt: cov.checkedAt,
      lists: cov.coverage.lists,
      warnings: cov.coverage.warnings,
      summary: screeningSummary(cov.coverage, hits.length, matches, cov.tail),
    };
  }

  return {
    version,
    lists,
    stats: index.stats,
    options: opts,
    screen,
    coverage: coverageNow,
    screenBatch(queries, onProgress) {
      const out: BatchRow[] = [];
      queries.forEach((q, i) => {
        try {
          out.push({ row: i + 1, result: screen(q) });
        } catch (e) {
          const err = e as { code?: string; message?: string };
          out.push({ row: i + 1, error: { code: err.code ?? "SCREEN_FAILED", message: err.message ?? String(e) } });
        }
        onProgress?.(i + 1);
      });
      return out;
    },
    getEntity(id) {
      return withIntactIndex(() => {
        const i = byRecord.get(id);
        return i === undefined ? undefined : entities[i];
      });
    },
    getRecord(id) {
      recordById ??= new Map(snapshots.flatMap((s) => s.entities).map((e) => [e.id, e]));
      return recordById.get(id);
    },
  };
}

/** Where the allow-list of reviewed false positives lives in the state directory. */
export function allowListPath(engine: Engine): string | undefined {
  return engine.stateDir ? path.join(engine.stateDir, "screening", "allow-list.json") : undefined;
}

/** Loads the allow-list from the state directory (empty when there is none). */
export async function loadAllowList(engine: Engine): Promise<AllowList> {
  const file = allowListPath(engine);
  if (!file) return new AllowList(engine.clock);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return new AllowList(engine.clock);
  }
  return AllowList.fromJSON(engine.clock, JSON.parse(text));
}

/**
 * Records a reviewed false positive (entity id + query fingerprint, reviewer, time from the engine's clock) in the
 * state directory's allow-list; later screens of the same query against the unchanged listing are suppressed
 * (and reported as suppressed). The in-memory screener picks it up on the next build.
 */
export async function recordFalsePositive(
  engine: Engine,
  init: { entityId: string; query: ScreenQuery; reviewer: string; reason?: string },
): Promise<AllowListEntry> {
  const file = allowListPath(engine);
  if (!file)
    throw invalidInput("STATE_DIR_REQUIRED", "a state directory is needed to keep the allow-list of reviewed hits");
  const screener = await getScreener(engine);
  const entity = screener.getEntity(init.entityId);
  if (!entity) throw notFound("SCREEN_ENTITY_NOT_FOUND", `no listed entity '${init.entityId}'`);
  validateQuery(init.query);
  const list = await loadAllowList(engine);
  const entry = list.add({
    entity,
    query: init.query,
    reviewer: init.reviewer,
    ...(init.reason ? { reason: init.reason } : {}),
  });
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename: a crash never leaves a half-written allow-list.
  await writeFile(`${file}.tmp`, `${JSON.stringify(list.toJSON(), null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  built.delete(await getListSnapshots(engine));
  return entry;
}

const built = new WeakMap<ListSnapshot[], Promise<Screener>>();

/** Snapshot cache entries of the screening index and of its entry texts (see `match/index-snapshot.ts`). */
const INDEX_ENTRY = "screening-index";
const INDEX_ENTRIES_ENTRY = "screening-index-entries";

/**
 * The screener core for these snapshots: read from the engine's snapshot cache when an entry for exactly these
 * list sources (and this code version) checks out, else built — and then stored for the next process. A damaged
 * entry is reported by the cache, never used: the core is built again and the entry replaced. Without a cache
 * (tests, embedders) or for snapshots the store did not load, the core is simply built.
 */
async function screenerCoreOf(engine: Engine, snapshots: ListSnapshot[]): Promise<ScreenerCore> {
  const cache = await snapshotCacheOf(engine);
  const keys = listSnapshotKeys(snapshots);
  if (!cache?.putBytes || !cache.openBytes || !keys) return buildScreenerCore(snapshots);
  const keyParts = [INDEX_SNAPSHOT_VERSION, ...keys];
  // Both read by position, each part checked when first read (see match/index-snapshot.ts): a start reads the
  // directory, the page table and 0.5 MB of dense sections, then only the pages and entries queries reach.
  const index = await cache.openBytes(INDEX_ENTRY, keyParts);
  const entries = index ? await cache.openBytes(INDEX_ENTRIES_ENTRY, keyParts) : undefined;
  if (index && entries) {
    try {
      return decodeScreenerCore(index, entries, (reason, part) => {
        engine.logger.warn({ reason }, "screening index snapshot damaged; rebuilding the index");
        (part === "index" ? index : entries).discard(reason);
      });
    } catch (e) {
      if (!(e instanceof IndexEntryDamaged))
        engine.logger.warn({ err: (e as Error).message }, "screening index snapshot unreadable; rebuilding it");
    }
  }
  const core = buildScreenerCore(snapshots);
  let encoded: ReturnType<typeof encodeScreenerCore> | undefined;
  try {
    encoded = encodeScreenerCore(core);
  } catch (e) {
    engine.logger.warn({ err: (e as Error).message }, "screening index not cached");
  }
  if (encoded) {
    // Entries first: an index entry is only ever next to the entries it was written with (or a newer pair).
    await cache.putBytes(INDEX_ENTRIES_ENTRY, keyParts, encoded.entries);
    await cache.putBytes(INDEX_ENTRY, keyParts, encoded.index);
  }
  return core;
}

/**
 * The engine's screener over every loaded list. Built once per set of snapshots: when the store replaces the
 * snapshots after a list update, the next call builds a new index (the old one serves until then).
 */
export async function getScreener(engine: Engine): Promise<Screener> {
  const snapshots = await getListSnapshots(engine);
  let p = built.get(snapshots);
  if (!p) {
    p = Promise.all([loadAllowList(engine), screenerCoreOf(engine, snapshots)]).then(([allowList, core]) =>
      screenerOver(snapshots, core, { allowList, clock: engine.clock }),
    );
    built.set(snapshots, p);
    p.catch(() => built.delete(snapshots));
  }
  return p;
}

/**
 * Adapts a screener to the interface shipment verdicts consume. The list warnings (stale, missing member lists…)
 * are taken when the adapter is made — once per shipment check — so the verdict carries them beside its hits.
 */
export function partyScreenerFor(screener: Screener): PartyScreener {
  const cov = screener.coverage();
  return {
    version: screener.version,
    lists: cov.lists.map((l) => ({
      list: l.list,
      ...(l.date ? { date: l.date } : {}),
      ...(l.ageDays !== undefined ? { ageDays: l.ageDays } : {}),
    })),
    membersMissing: cov.warnings.flatMap((w) => (w.code === "MEMBER_LIST_MISSING" && w.member ? [w.member] : [])),
    // Grouped ("the EU, Japan and Canada lists are not loaded"): a verdict quotes them in one note.
    warnings: groupedWarnings(cov).map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.list ? { list: w.list } : {}),
      ...(w.member ? { member: w.member } : {}),
    })),
    screen(party): PartyHit[] {
      const r = screener.screen({ name: party.name, ...(party.country ? { country: party.country } : {}) });
      // One party hit per listing: a profile on the OFAC and UK lists counts in the US and the UK verdict, each
      // with what its own list says (programme, listing date, what a hit means).
      return r.hits.flatMap((h) =>
        h.listings.map((l) => {
          const jurisdiction = listSource(l.list)?.jurisdiction;
          const also =
            h.listings.length > 1
              ? ` (one profile with ${h.listings
                  .filter((o) => o !== l)
                  .map((o) => `${o.list}:${o.sourceId}`)
                  .join(", ")})`
              : "";
          return {
            list: l.list,
            sourceId: l.sourceId,
            name: h.name,
            score: h.score,
            programmes: l.programmes,
            ...(l.listedOn ? { listedOn: l.listedOn } : {}),
            sanctionKind: l.sanctionKind,
            explanation: `${h.explanation.text}${also}${l.partial ? `; this listing is ${l.partial}` : ""}`,
            strength: h.strength,
            ...(jurisdiction ? { jurisdiction } : {}),
          };
        }),
      );
    },
  };
}

/** The {@link PartyScreener} over the engine's lists, for shipment verdicts. */
export async function getPartyScreener(engine: Engine): Promise<PartyScreener> {
  return partyScreenerFor(await getScreener(engine));
}
