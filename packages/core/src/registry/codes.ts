/**
 * The registry's stable error codes. Category: `conflict` for state violations, `unauthorized` for signatures and
 * keys, `forbidden` for role/custody, `invalid_input` for malformed events, `not_found` for unknown references,
 * `integrity` for a store whose content does not match its log.
 */
import { EmbargoError, type ErrorCategory } from "../errors/index.ts";

export const REGISTRY_ERRORS = {
  EVENT_INVALID: "invalid_input",
  LOT_INCONSISTENT: "invalid_input",
  BAD_SIGNATURE: "unauthorized",
  UNKNOWN_PARTY: "unauthorized",
  KEY_NOT_VALID: "unauthorized",
  REPLAYED_EVENT: "conflict",
  LOT_ALREADY_EXISTS: "conflict",
  LOT_ALREADY_CONSUMED: "conflict",
  LOT_NOT_FOUND: "not_found",
  PARENT_NOT_FOUND: "not_found",
  PARTY_ALREADY_EXISTS: "conflict",
  WEIGHT_NOT_CONSERVED: "conflict",
  PIECES_NOT_CONSERVED: "conflict",
  ORIGIN_NOT_CONSERVED: "conflict",
  ORIGIN_DILUTED: "conflict",
  ORIGIN_NOT_ACTOR_COUNTRY: "conflict",
  NOT_HOLDER: "forbidden",
  ROLE_NOT_AUTHORISED: "forbidden",
  EVENT_PREDATES_INPUT: "conflict",
  EVENT_IN_FUTURE: "conflict",
  WRONG_INPUT_COUNT: "invalid_input",
  LOT_FORM_INVALID: "conflict",
  LOT_IN_TRANSIT: "conflict",
  NO_PENDING_TRANSFER: "conflict",
  NOT_RECEIVER: "forbidden",
  KP_CERT_REUSED: "conflict",
  KP_CERT_INVALID: "conflict",
  KP_MISMATCH: "conflict",
  KP_NOT_EXPORTED: "conflict",
  G7_MEASUREMENT_MISMATCH: "conflict",
  TARGET_NOT_FOUND: "not_found",
  REVOKE_NOT_ALLOWED: "conflict",
  ALREADY_REVOKED: "conflict",
  LOG_INTEGRITY: "integrity",
  STORE_CONFLICT: "conflict",
} as const satisfies Record<string, ErrorCategory>;

export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

/** Throws the registry error `code` with its fixed category. */
export function fail(code: RegistryErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new EmbargoError({ code, category: REGISTRY_ERRORS[code], message, details });
}
