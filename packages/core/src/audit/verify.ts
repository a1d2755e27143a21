/** Verifying one record end to end: its inclusion in the latest signed checkpoint, then a replay. */
import { type IntegrityReport, verifyAuditProof } from "./integrity.ts";
import type { AuditLog, AuditProof } from "./log.ts";
import { type ReplayReport, type Rerun, replay } from "./replay.ts";

/** The outcome of {@link verifyAuditRecord}. */
export interface AuditVerification {
  id: string;
  /** Included in the signed checkpoint, and the replay gives the recorded result. */
  ok: boolean;
  integrity: IntegrityReport;
  replay: ReplayReport;
  proof: AuditProof;
}

/**
 * Proves record `id` against the log's latest signed checkpoint (checked against the log's own key) and replays
 * it. A stored record that no longer matches the log is AUDIT_INTEGRITY (thrown by the log), not a report.
 */
export async function verifyAuditRecord(log: AuditLog, id: string, rerun: Rerun): Promise<AuditVerification> {
  const proof = await log.prove(id);
  const integrity = verifyAuditProof(proof, { trustedVerifierKey: log.identity.verifierKey });
  const r = await replay(proof.record, rerun);
  return { id, ok: integrity.ok && r.matches, integrity, replay: r, proof };
}
