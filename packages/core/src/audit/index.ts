/**
 * Audit trail: an append-only, signed Merkle log of verdicts and screening decisions (input digest, data
 * versions, result digest, clock time and the canonical request), on the registry's log machinery and storage;
 * offline integrity checks (inclusion, consistency); replay of a recorded request against today's data.
 */
export { AUDIT_ERRORS, type AuditErrorCode } from "./codes.ts";
export { decisionAuditInput, recordDecisionsAudited, redoDecisions } from "./decisions.ts";
export { AUDIT_LOG_KEY, getAuditLog, openEngineAuditLog, operatorSecretKey } from "./engine.ts";
export {
  type IntegrityReport,
  publicKeyOfVerifierKey,
  verifyAuditConsistency,
  verifyAuditProof,
} from "./integrity.ts";
export {
  AUDIT_ORIGIN,
  AUDIT_SCHEMA,
  type AuditIdentity,
  AuditLog,
  type AuditLogOptions,
  type AuditProof,
  openAuditLog,
  type SignedCheckpoint,
} from "./log.ts";
export {
  AUDIT_KINDS,
  type AuditEntry,
  type AuditInput,
  type AuditKind,
  type AuditRecord,
  auditEntrySchema,
  digestOf,
} from "./model.ts";
export {
  type DataVersionChange,
  diffDataVersions,
  engineRerun,
  type ReplayReport,
  type Rerun,
  replay,
} from "./replay.ts";
export {
  auditJsonSchemas,
  auditListSchema,
  auditProofSchema,
  auditRecordSchema,
  auditVerificationSchema,
  replayReportSchema,
} from "./schemas.ts";
export { runCheckRequest, verdictAuditInput, verdictDataVersions } from "./verdict.ts";
export { type AuditVerification, verifyAuditRecord } from "./verify.ts";
