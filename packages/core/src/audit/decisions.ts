/**
 * Screening decisions in the audit trail. A decision's result, for the digest, is what the decision fixed from
 * the listings as they were: per row the verdict, the entity, the query fingerprint and the listing digest (not
 * the store's seq or time), so a replay tells whether the listings a reviewer saw have changed since.
 */
import type { Engine } from "../engine.ts";
import { type Clock, fixedClock } from "../runtime/index.ts";
import { type DecisionScreener, decisionRows, recordDecisions } from "../screening/decisions/decisions.ts";
import type { DecisionInput, DecisionRecord, NewDecision } from "../screening/decisions/model.ts";
import type { DecisionStore } from "../screening/decisions/store.ts";
import { getScreener } from "../screening/screener.ts";
import type { AuditInput } from "./model.ts";

type Decided = Pick<NewDecision, "verdict" | "entityId" | "fingerprint" | "entityDigest" | "list" | "sourceId">;

const decided = (r: Decided): Decided => ({
  verdict: r.verdict,
  entityId: r.entityId,
  fingerprint: r.fingerprint,
  entityDigest: r.entityDigest,
  list: r.list,
  sourceId: r.sourceId,
});

/**
 * The audit input of decisions (`screeningVersion`: the lists' version they were taken on). It holds what the
 * decisions fix, not the decision store's seq or time: the record is written before the decisions are (see
 * {@link recordDecisionsAudited}).
 */
export function decisionAuditInput(
  inputs: DecisionInput[],
  records: readonly Decided[],
  screeningVersion: string,
): AuditInput {
  return {
    kind: "screening_decision",
    request: { decisions: inputs },
    result: records.map(decided),
    dataVersions: { screening: screeningVersion },
    summary: records.map((r) => `${r.verdict} ${r.entityId}`).join("; "),
  };
}

/**
 * Records screening decisions together with their audit record, the audit record first.
 *
 * The two live in different stores (the decision table in the screening database, the audit trail in its own
 * signed log, possibly another database), so one transaction cannot hold both. Of the two orders, only "audit
 * first" makes the dangerous half-state impossible: a decision — which withholds a sanctions hit from later
 * screens — can never be in force without its signed audit record. A failure or crash between the two writes leaves
 * an audit record of a decision that did not take effect; the caller got an error (no 201), and a retry appends the
 * decision and a second audit record, both of which say the same thing. The audit record holds what the decision
 * fixes (verdict, entity, query fingerprint, listing digest), which is known before the store assigns a seq.
 *
 * `appendAudit` undefined: no audit trail is configured, and the decisions are recorded alone.
 */
export async function recordDecisionsAudited<A>(
  store: DecisionStore,
  screener: DecisionScreener & { version: string },
  inputs: DecisionInput[],
  clock: Clock,
  appendAudit: ((input: AuditInput) => Promise<A>) | undefined,
): Promise<{ records: DecisionRecord[]; audit?: A }> {
  const rows = decisionRows(screener, inputs);
  const at = clock.now().toISOString();
  const audit = appendAudit ? await appendAudit(decisionAuditInput(inputs, rows, screener.version)) : undefined;
  const records = await store.append(rows, at);
  return { records, ...(audit !== undefined ? { audit } : {}) };
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
