/**
 * Reviewed screening decisions: an analyst marks a hit as a false positive (with a reason) or as a confirmed
 * match. A decision is keyed on the listed entity AND the query's fingerprint, and remembers the digest of the
 * listing as reviewed (the allow-list semantics of `match/allow-list.ts`): a false positive suppresses that hit
 * only while the listing is unchanged; a changed listing alerts again.
 */
import { z } from "zod";
import type { ScreenQuery } from "../match/scorer.ts";

export type DecisionVerdict = "false_positive" | "confirmed";

/** One stored decision. Rows are only ever appended: the log is the audit trail. */
export interface DecisionRecord {
  /** Position in the append-only log (1, 2, …); later rows supersede earlier ones for the same key. */
  seq: number;
  verdict: DecisionVerdict;
  /** The listed entity the hit was on (`${list}:${sourceId}`). */
  entityId: string;
  /** `queryFingerprint` of the screened query. */
  fingerprint: string;
  /** Digest of the listing (or of every listing of a merged profile) as reviewed. */
  entityDigest: string;
  /** Who decided. */
  reviewer: string;
  /** Why (required for a false positive). */
  reason?: string;
  /** ISO 8601 timestamp from the injected clock. */
  at: string;
  /** The query as screened, for the audit trail. */
  query: ScreenQuery;
  /** The list and record the hit was on, and its caption, as shown to the reviewer. */
  list: string;
  sourceId: string;
  caption: string;
  /** The score the reviewer saw, when known. */
  score?: number;
}

/** A decision to append, before the log assigns `seq` and the clock `at`. */
export type NewDecision = Omit<DecisionRecord, "seq" | "at">;

const queryShape = z.object({
  name: z.string().trim().min(1, "a name is required").max(500),
  type: z.enum(["person", "organization", "vessel", "aircraft", "unknown"]).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "ISO 3166-1 alpha-2 expected")
    .optional(),
  dob: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "YYYY[-MM[-DD]] expected")
    .optional(),
});

/** What a client sends to record one decision (HTTP body, CLI flags). */
export const decisionInputSchema = z
  .object({
    query: queryShape,
    entityId: z.string().trim().min(1, "the hit's entityId is required").max(200),
    verdict: z.enum(["false_positive", "confirmed"]),
    reviewer: z.string().trim().min(1, "a reviewer must be named").max(200),
    reason: z.string().trim().max(2000).optional(),
    /** The score the reviewer saw (kept in the audit log only). */
    score: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.verdict === "false_positive" && !d.reason)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "a false positive needs a reason" });
  });

export type DecisionInput = z.infer<typeof decisionInputSchema>;

/** Filters of the audit log listing. */
export const decisionFilterSchema = z
  .object({
    entityId: z.string().min(1).max(200).optional(),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{32}$/, "32 hex characters expected")
      .optional(),
    /** A query name: matched through its fingerprint (with `type`, `country`, `dob` when given). */
    name: z.string().trim().min(1).max(500).optional(),
    type: queryShape.shape.type,
    country: queryShape.shape.country,
    dob: queryShape.shape.dob,
    verdict: z.enum(["false_positive", "confirmed"]).optional(),
    reviewer: z.string().min(1).max(200).optional(),
    /** Only rows with `seq` below this (paging backwards through the log). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export type DecisionFilterInput = z.input<typeof decisionFilterSchema>;

/** The store-level filter (names already turned into fingerprints). */
export interface DecisionFilter {
  entityId?: string;
  fingerprint?: string;
  verdict?: DecisionVerdict;
  reviewer?: string;
  before?: number;
  limit: number;
}

/**
 * What a decision means for a hit now:
 * - `false_positive`: reviewed as not a match, listing unchanged → the hit is suppressed;
 * - `listing_changed`: reviewed as not a match, but the listing changed since → the hit alerts again;
 * - `confirmed`: reviewed as a true match (`listingChanged` says whether the listing moved since);
 * - `none`: never reviewed for this query.
 */
export type HitDecisionStatus = "false_positive" | "listing_changed" | "confirmed" | "none";

export interface HitDecision {
  status: HitDecisionStatus;
  /** The latest decision for this (entity, query), when there is one. */
  decision?: DecisionRecord;
  /** Whether the listing differs from the one reviewed. */
  listingChanged?: boolean;
}
