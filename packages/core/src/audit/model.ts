/**
 * What one audit record holds. The log leaf is the RFC 8785 canonical JSON of an {@link AuditEntry}; its id is the
 * hex SHA-256 of that text, so an id names exactly one record's bytes.
 */
import { z } from "zod";
import { sha256Hex } from "../registry/crypto.ts";
import { canonicalize } from "../registry/jcs.ts";
import { auditFail } from "./codes.ts";

/** What was recorded: a shipment verdict (`/v1/check`, `embargo check --record`) or a screening decision. */
export const AUDIT_KINDS = ["verdict", "screening_decision"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The signed leaf. */
export const auditEntrySchema = z.strictObject({
  v: z.literal(1),
  kind: z.enum(AUDIT_KINDS),
  /** Clock time of the recording (ISO 8601). */
  at: z.string(),
  /** Random hex: two identical requests recorded in the same millisecond still get two records. */
  nonce: z.string().regex(/^[0-9a-f]{16}$/),
  /** The canonical request, with every default that affects the result pinned (e.g. `asOf`): enough to replay. */
  request: z.unknown(),
  /** SHA-256 (hex) of the canonical JSON of `request`. */
  inputDigest: hex64,
  /** The data the result was computed from, by name (`regimes`, `screening`, one per regime file…). */
  dataVersions: z.record(z.string(), z.string()),
  /** SHA-256 (hex) of the canonical JSON of the result. */
  resultDigest: hex64,
  /** One line a reader can check the record by (e.g. the overall verdict and headline). */
  summary: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** A stored record: the entry with its id and position in the log. */
export interface AuditRecord extends AuditEntry {
  id: string;
  seq: number;
}

/** What a front end hands to the log; the log adds time, nonce and digests. */
export interface AuditInput {
  kind: AuditKind;
  request: unknown;
  result: unknown;
  dataVersions: Record<string, string>;
  summary?: string;
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of `value`. */
export function digestOf(value: unknown): string {
  return sha256Hex(canonicalize(value));
}

/** A JSON round trip: what a record can hold (drops `undefined`, turns dates into strings). */
export function jsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Parses a stored leaf (AUDIT_INTEGRITY when it is not a well-formed, canonical entry). */
export function parseLeaf(leaf: string, seq: number): AuditEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(leaf);
  } catch {
    return auditFail("AUDIT_INTEGRITY", `audit record ${seq} is not JSON`, { seq });
  }
  const r = auditEntrySchema.safeParse(raw);
  if (!r.success) return auditFail("AUDIT_INTEGRITY", `audit record ${seq} is malformed`, { seq });
  if (canonicalize(r.data) !== leaf)
    auditFail("AUDIT_INTEGRITY", `audit record ${seq} is not in canonical form`, { seq });
  if (digestOf(r.data.request) !== r.data.inputDigest)
    auditFail("AUDIT_INTEGRITY", `audit record ${seq}: the request does not match its input digest`, { seq });
  return r.data;
}

/** Checks an id's shape (AUDIT_ID_INVALID) before it reaches the store. */
export function checkAuditId(id: string): string {
  if (!/^[0-9a-f]{64}$/.test(id))
    auditFail("AUDIT_ID_INVALID", `audit id must be 64 lower-case hex characters, got "${id.slice(0, 80)}"`, {
      field: "id",
    });
  return id;
}
