/**
 * Screening decisions in the audit trail. A decision's result, for the digest, is what the decision fixed from
 * the listings as they were: per row the verdict, the entity, the query fingerprint and the listing digest (not
 * the store's seq or time), so a replay tells whether the listings a reviewer saw have changed since.
 */
import type { Engine } from "../engine.ts";
import { fixedClock } from "../runtime/index.ts";
import { type DecisionScreener, recordDecisions } from "../screening/decisions/decisions.ts";
import type { DecisionInput, DecisionRecord, NewDecision } from "../screening/decisions/model.ts";
import type { DecisionStore } from "../screening/decisions/store.ts";
import { getScreener } from "../screening/screener.ts";
import type { AuditInput } from "./model.ts";

type Decided = Pick<DecisionRecord, "verdict" | "entityId" | "fingerprint" | "entityDigest" | "list" | "sourceId">;

const decided = (r: Decided): Decided => ({
  verdict: r.verdict,
  entityId: r.entityId,
  fingerprint: r.fingerprint,
  entityDigest: r.entityDigest,
  list: r.list,
  sourceId: r.sourceId,
});

/** The audit input of recorded decisions (`screeningVersion`: the lists' version they were taken on). */
export function decisionAuditInput(
  inputs: DecisionInput[],
  records: DecisionRecord[],
  screeningVersion: string,
): AuditInput {
  return {
    kind: "screening_decision",
    request: { decisions: inputs },
    result: records.map(decided),
    dataVersions: { screening: screeningVersion },
    summary: records.map((r) => `${r.verdict} ${r.entityId} (seq ${r.seq})`).join("; "),
  };
}

/**
 * Recomputes what recorded decisions would fix against the lists loaded now, writing nothing: the decision code
 * runs over a store that only hands the rows back.
 */
export async function redoDecisions(
  screener: DecisionScreener & { version: string },
  request: { decisions: DecisionInput[] },
): Promise<AuditInput> {
  const dryRun = {
    append: async (rows: NewDecision[], at: string) => rows.map((r, seq) => ({ ...r, seq, at })),
  } as unknown as DecisionStore;
  const records = await recordDecisions(dryRun, screener, request.decisions, fixedClock(new Date(0)));
  return decisionAuditInput(request.decisions, records, screener.version);
}

/** {@link redoDecisions} with the engine's screener. */
export async function redoDecisionsWith(engine: Engine, request: unknown): Promise<AuditInput> {
  return redoDecisions(await getScreener(engine), request as { decisions: DecisionInput[] });
}
