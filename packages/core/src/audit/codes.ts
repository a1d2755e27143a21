/**
 * The audit trail's stable error codes. Categories are mapped once by the front ends (HTTP status, exit code):
 * `not_found` for an unknown id, `integrity` for a stored record or checkpoint that does not match the signed log,
 * `invalid_input` for a malformed id or record, `unavailable` when no state directory or database is configured.
 */
import { EmbargoError, type ErrorCategory } from "../errors/index.ts";

export const AUDIT_ERRORS = {
  AUDIT_NOT_FOUND: "not_found",
  AUDIT_ID_INVALID: "invalid_input",
  AUDIT_INTEGRITY: "integrity",
  AUDIT_STATE_REQUIRED: "unavailable",
} as const satisfies Record<string, ErrorCategory>;

export type AuditErrorCode = keyof typeof AUDIT_ERRORS;

/**
 * Throws the audit error `code` with its fixed category. An `invalid_input` error whose `details.field` names the
 * input at fault also carries it as an issue (`{ field, message }`), the shape every edge words for its callers.
 */
export function auditFail(code: AuditErrorCode, message: string, details?: Record<string, unknown>): never {
  const field = details?.field;
  const issues =
    AUDIT_ERRORS[code] === "invalid_input" && typeof field === "string"
      ? [{ code: "invalid_value", field, message }]
      : undefined;
  throw new EmbargoError({
    code,
    category: AUDIT_ERRORS[code],
    message,
    ...(details ? { details } : {}),
    ...(issues ? { issues } : {}),
  });
}
