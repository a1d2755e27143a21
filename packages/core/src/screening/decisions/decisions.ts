/**
 * Recording reviewed decisions and applying them to screening results. The keying and the re-alert rule are the
 * allow-list's (`match/allow-list.ts`): a decision names the listed entity and the query's fingerprint and keeps
 * the listing's digest; a false positive suppresses the hit only while that digest is unchanged.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { EmbargoError, type ErrorIssue, invalidInput, issuesFromZod } from "../../errors/index.ts";
import type { Clock } from "../../runtime/index.ts";
import { entityDigest, queryFingerprint } from "../match/allow-list.ts";
import type { ScreenQuery } from "../match/scorer.ts";
import type { Entity } from "../model.ts";
import {
  type DecisionFilter,
  type DecisionFilterInput,
  type DecisionInput,
  type DecisionRecord,
  decisionFilterSchema,
  decisionInputSchema,
  type HitDecision,
  type NewDecision,
} from "./model.ts";
import type { DecisionStore } from "./store.ts";

/** Most decisions accepted in one request. */
export const MAX_DECISION_BATCH = 1000;

/** What decisions need from a screener: entity look-up, and screening to find the hit a decision is about. */
export interface DecisionScreener {
  /** The target (a merged profile when several listings were merged) by its id or any of its records' ids. */
  getEntity(id: string): Entity | undefined;
  /** One source record as its list gives it, when the screener merges records into profiles. */
  getRecord?(id: string): Entity | undefined;
  screen(
    query: ScreenQuery,
    overrides?: { threshold?: number; limit?: number },
  ): { hits: HitLike[]; suppressed: { entityId: string }[] };
}

/** The part of a hit decisions read. A merged profile lists its other listings under `listings`. */
export interface HitLike {
  entityId: string;
  list: string;
  sourceId: string;
  caption?: string;
  score: number;
  listings?: { entityId?: string }[];
}

/** The entity ids a hit stands for: itself plus every merged listing. */
export function hitEntityIds(hit: HitLike): string[] {
  const ids = [hit.entityId];
  for (const l of hit.listings ?? []) if (l.entityId && !ids.includes(l.entityId)) ids.push(l.entityId);
  return ids;
}

/**
 * Digest of what the listings say. One listing: exactly the allow-list's `entityDigest`; several (a merged
 * profile): a digest of their sorted digests, so a change in any listing alerts again.
 */
export function listingDigest(entities: Entity[]): string {
  if (entities.length === 1) return entityDigest(entities[0] as Entity);
  const parts = entities.map(entityDigest).sort();
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(parts)))).slice(0, 32);
}

/** Digest of a hit's listings: each source record as its list gives it (so a change in any of them counts). */
function hitDigest(screener: Pick<DecisionScreener, "getEntity" | "getRecord">, hit: HitLike): string | undefined {
  const seen = new Map<string, Entity>();
  for (const id of hitEntityIds(hit)) {
    const e = screener.getRecord?.(id) ?? screener.getEntity(id);
    if (e && !seen.has(e.id)) seen.set(e.id, e);
  }
  return seen.size ? listingDigest([...seen.values()]) : undefined;
}

/**
 * Validates a request body: one decision, or `{ decisions: [...] }`. Every row is checked and all issues are
 * reported together (row numbers 1-based); nothing is written unless every row is valid.
 */
export function parseDecisionInputs(body: unknown): DecisionInput[] {
  const rows =
    body && typeof body === "object" && Array.isArray((body as { decisions?: unknown }).decisions)
      ? ((body as { decisions: unknown[] }).decisions as unknown[])
      : [body];
  if (rows.length === 0) throw invalidInput("DECISION_BATCH_EMPTY", "decisions must not be empty");
  if (rows.length > MAX_DECISION_BATCH)
    throw invalidInput(
      "DECISION_BATCH_TOO_LARGE",
      `at most ${MAX_DECISION_BATCH} decisions per request (got ${rows.length})`,
    );
  const out: DecisionInput[] = [];
  const issues: ErrorIssue[] = [];
  rows.forEach((row, i) => {
    const r = decisionInputSchema.safeParse(row);
    if (r.success) out.push(r.data);
    else issues.push(...issuesFromZod(r.error, rows.length > 1 ? { row: i + 1 } : {}));
  });
  if (issues.length)
    throw invalidInput(
      "DECISION_INVALID",
      "decision is invalid: expects { query: { name, type?, country?, dob? }, entityId, verdict: false_positive|confirmed, reviewer, reason? }",
      issues,
    );
  return out;
}

/**
 * Records decisions (validated with {@link parseDecisionInputs}) against the listings as they are now: each hit is
 * looked up by screening its query, so the digest covers every listing of a merged profile. Unknown entities fail
 * the whole batch (`not_found`, rows named). Time comes from the injected clock.
 */
export async function recordDecisions(
  store: DecisionStore,
  screener: DecisionScreener,
  inputs: DecisionInput[],
  clock: Clock,
): Promise<DecisionRecord[]> {
  return store.append(decisionRows(screener, inputs), clock.now().toISOString());
}

/**
 * What {@link recordDecisions} appends, computed without writing: each decision against the listings as they are
 * now. Throws `SCREEN_ENTITY_NOT_FOUND` (not_found, rows named) when an entity is not in the loaded lists.
 */
export function decisionRows(screener: DecisionScreener, inputs: DecisionInput[]): NewDecision[] {
  const rows: NewDecision[] = [];
  const missing: ErrorIssue[] = [];
  inputs.forEach((d, i) => {
    const entity = screener.getEntity(d.entityId);
    if (!entity) {
      missing.push({
        code: "unknown_entity",
        message: `no listed entity '${d.entityId}' in the loaded lists`,
        field: "entityId",
        ...(inputs.length > 1 ? { row: i + 1 } : {}),
      });
      return;
    }
    const query: ScreenQuery = {
      name: d.query.name,
      ...(d.query.type ? { type: d.query.type } : {}),
      ...(d.query.country ? { country: d.query.country.toUpperCase() } : {}),
      ...(d.query.dob ? { dob: d.query.dob } : {}),
    };
    // The hit as the reviewer saw it (threshold 0: a decision may be on a weak hit); a merged profile's digest
    // covers all its listings. Not found among the hits → the entity alone.
    const r = screener.screen(query, { threshold: 0, limit: 100 });
    const hit = r.hits.find((h) => hitEntityIds(h).includes(d.entityId));
    const primary = entity.names.find((n) => n.kind === "primary") ?? entity.names[0];
    const digest =
      hitDigest(
        screener,
        hit ?? {
          entityId: entity.id,
          list: entity.list,
          sourceId: entity.sourceId,
          score: 0,
          ...(entity.listings ? { listings: entity.listings } : {}),
        },
      ) ?? entityDigest(entity);
    const score = d.score ?? hit?.score;
    rows.push({
      verdict: d.verdict,
      // Decisions on a merged profile are filed under the hit's own entity id, which is what results carry.
      entityId: hit?.entityId ?? entity.id,
      fingerprint: queryFingerprint(query),
      entityDigest: digest,
      reviewer: d.reviewer,
      ...(d.reason ? { reason: d.reason } : {}),
      query,
      list: entity.list,
      sourceId: entity.sourceId,
      caption: hit?.caption ?? primary?.full ?? entity.id,
      ...(score !== undefined ? { score } : {}),
    });
  });
  if (missing.length)
    throw new EmbargoError({
      code: "SCREEN_ENTITY_NOT_FOUND",
      category: "not_found",
      message: missing.length === 1 ? (missing[0] as ErrorIssue).message : `${missing.length} unknown entities`,
      issues: missing,
    });
  return rows;
}

/** Validates listing filters and lists the audit log (newest first). */
export async function listDecisions(store: DecisionStore, filter: DecisionFilterInput): Promise<DecisionRecord[]> {
  const r = decisionFilterSchema.safeParse(filter);
  if (!r.success) throw invalidInput("DECISION_FILTER_INVALID", "invalid decision filter", issuesFromZod(r.error));
  const f = r.data;
  if (f.name === undefined && (f.type || f.country || f.dob))
    throw invalidInput("DECISION_FILTER_INVALID", "type, country and dob qualify a name filter", [
      { code: "requires_name", message: "give name too", field: "name" },
    ]);
  if (f.name !== undefined && f.fingerprint !== undefined)
    throw invalidInput("DECISION_FILTER_INVALID", "give name or fingerprint, not both", [
      { code: "conflict", message: "name and fingerprint both given", field: "fingerprint" },
    ]);
  const fingerprint =
    f.name !== undefined
      ? queryFingerprint({
          name: f.name,
          ...(f.type ? { type: f.type } : {}),
          ...(f.country ? { country: f.country } : {}),
          ...(f.dob ? { dob: f.dob } : {}),
        })
      : f.fingerprint;
  const storeFilter: DecisionFilter = {
    limit: f.limit,
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    ...(f.verdict ? { verdict: f.verdict } : {}),
    ...(f.reviewer ? { reviewer: f.reviewer } : {}),
    ...(f.before ? { before: f.before } : {}),
  };
  return store.list(storeFilter);
}

/** A hit withheld by a reviewed false positive held in the decision store. */
export interface DecidedSuppression {
  entityId: string;
  list: string;
  sourceId: string;
  caption?: string;
  score: number;
  reviewer: string;
  reviewedAt: string;
  reason?: string;
  decision: HitDecision;
}

/** The current decision for a hit, from the latest decision on its (entity, query). */
export function hitDecision(
  screener: Pick<DecisionScreener, "getEntity" | "getRecord">,
  hit: HitLike,
  latest: DecisionRecord | undefined,
): HitDecision {
  if (!latest) return { status: "none" };
  const changed = hitDigest(screener, hit) !== latest.entityDigest;
  if (latest.verdict === "confirmed") return { status: "confirmed", decision: latest, listingChanged: changed };
  return changed
    ? { status: "listing_changed", decision: latest, listingChanged: true }
    : { status: "false_positive", decision: latest, listingChanged: false };
}

/**
 * Applies the latest decisions to one screening result: a hit reviewed as a false positive on an unchanged
 * listing moves to `suppressed` (reported, never dropped silently); every other hit carries its `decision`
 * (`confirmed`, `listing_changed` = alert again, or `none`). Returns the new `hits` and `suppressed`; the caller
 * spreads them over the result (so fields other modules add to a result pass through).
 */
export function applyDecisions<H extends HitLike, S>(
  result: { fingerprint: string; hits: H[]; suppressed: S[] },
  latest: DecisionRecord[],
  screener: Pick<DecisionScreener, "getEntity" | "getRecord">,
): { hits: (H & { decision: HitDecision })[]; suppressed: (S | DecidedSuppression)[] } {
  const byEntity = new Map<string, DecisionRecord>();
  for (const d of latest) if (d.fingerprint === result.fingerprint) byEntity.set(d.entityId, d);
  const hits: (H & { decision: HitDecision })[] = [];
  const suppressed: (S | DecidedSuppression)[] = [...result.suppressed];
  for (const hit of result.hits) {
    const latestForHit = hitEntityIds(hit)
      .map((id) => byEntity.get(id))
      .filter((d): d is DecisionRecord => d !== undefined)
      .sort((a, b) => b.seq - a.seq)[0];
    const decision = hitDecision(screener, hit, latestForHit);
    if (decision.status === "false_positive" && decision.decision) {
      const d = decision.decision;
      suppressed.push({
        entityId: hit.entityId,
        list: hit.list,
        sourceId: hit.sourceId,
        ...(hit.caption ? { caption: hit.caption } : {}),
        score: hit.score,
        reviewer: d.reviewer,
        reviewedAt: d.at,
        ...(d.reason ? { reason: d.reason } : {}),
        decision,
      });
    } else hits.push({ ...hit, decision });
  }
  return { hits, suppressed };
}
