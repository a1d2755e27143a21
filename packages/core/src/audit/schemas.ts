/**
 * zod schemas of what the audit trail answers (records, proofs, verifications), from which the OpenAPI document
 * publishes its JSON Schemas: the HTTP surface and its documentation come from the same definitions.
 */
import { z } from "zod";
import { AUDIT_KINDS, auditEntrySchema } from "./model.ts";

export const auditRecordSchema = auditEntrySchema.extend({
  /** Hex SHA-256 of the record's canonical JSON (the leaf text). */
  id: z.string().regex(/^[0-9a-f]{64}$/),
  /** Position in the log (0-based). */
  seq: z.number().int().nonnegative(),
});

const checkpointSchema = z.object({
  origin: z.string(),
  size: z.number().int().nonnegative(),
  root: z.string().describe("Base64 RFC 6962 root hash"),
  note: z.string().describe("The C2SP signed note (tlog-checkpoint) signed with the operator key"),
});

export const auditProofSchema = z.object({
  record: auditRecordSchema,
  leafHash: z.string().describe("Hex RFC 6962 leaf hash of the record's canonical JSON"),
  inclusionProof: z.array(z.string()).describe("Base64 sibling hashes, leaf to root (RFC 9162 §2.1.3)"),
  checkpoint: checkpointSchema,
  verifierKey: z.string().describe("C2SP note verifier key of the audit log: what a verifier pins"),
});

const integritySchema = z.object({ ok: z.boolean(), problems: z.array(z.string()) });

export const replayReportSchema = z.object({
  id: z.string(),
  kind: z.enum(AUDIT_KINDS),
  matches: z.boolean().describe("The request re-run today gives the recorded result digest"),
  recordedResultDigest: z.string(),
  currentResultDigest: z.string().optional(),
  changedData: z.array(z.object({ name: z.string(), recorded: z.string().optional(), current: z.string().optional() })),
  recordedSummary: z.string().optional(),
  currentSummary: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const auditVerificationSchema = z.object({
  id: z.string(),
  ok: z.boolean().describe("Included in the signed checkpoint and the replay gives the recorded result"),
  integrity: integritySchema,
  replay: replayReportSchema,
  proof: auditProofSchema,
});

export const auditListSchema = z.object({
  records: z.array(auditRecordSchema),
  next: z.object({ before: z.number().int() }).optional(),
});

/** JSON Schemas (draft 2020-12, output side) for the OpenAPI document's `components.schemas`. */
export function auditJsonSchemas(): Record<string, Record<string, unknown>> {
  const js = (s: z.ZodType) => {
    const out = z.toJSONSchema(s, { target: "draft-2020-12", io: "output", unrepresentable: "any" }) as Record<
      string,
      unknown
    >;
    delete out.$schema;
    return out;
  };
  return {
    AuditRecord: js(auditRecordSchema),
    AuditProof: js(auditProofSchema),
    AuditVerification: js(auditVerificationSchema),
    AuditList: js(auditListSchema),
  };
}
