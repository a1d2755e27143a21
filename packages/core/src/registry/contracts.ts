/**
 * The diamond registry's inputs as zod schemas, one per input: a signed event (`POST /v1/diamonds/events`, the
 * CLI's event sub-commands), a party registration, an import decision request (`POST /v1/diamonds/decide`,
 * `embargo diamonds decide`) and the provenance query (`since`). The HTTP validator, the OpenAPI document and the
 * CLI parser all go through these. Errors name *fields* (`jurisdiction`, `grandfathering.evidenceDocIds`, `since`);
 * each edge words them (a body field or query parameter for HTTP, a flag for the CLI).
 */
import { z } from "zod";
import { type ErrorIssue, formatPath, invalidInput } from "../errors/index.ts";
import { inputJsonSchema } from "../runtime/json-schema.ts";
import { Declaration } from "./decide.ts";
import { Party, SignedEvent } from "./model.ts";

/** Most log verifier keys a decision request may name as trusted. */
export const MAX_TRUSTED_LOG_KEYS = 100;

/**
 * An import decision request: the declaration (jurisdiction, date, evidence, grandfathering, licences) and what is
 * decided on, a lot of this registry (`lotId`) or a provenance bundle (`bundle`, verified by `decideBundle`), with
 * the log verifier keys the caller trusts besides this registry's.
 */
export const DecideRequestInput = Declaration.extend({
  lotId: z.string().min(1).max(128).optional().describe("a lot of this registry (needs a read key over HTTP)"),
  bundle: z
    .unknown()
    .optional()
    .describe("a provenance bundle (GET /v1/diamonds/lots/{id}/provenance), verified before it is decided on"),
  trustedLogKeys: z
    .array(z.string().min(1).max(512))
    .max(MAX_TRUSTED_LOG_KEYS)
    .optional()
    .describe("log verifier keys trusted besides this registry's (a bundle must chain to one of them)"),
});

/** A parsed decision request. */
export interface DecideRequest {
  /** Decide on this lot of the registry, or on {@link bundle}; exactly one is set. */
  lotId?: string;
  bundle?: unknown;
  trustedLogKeys: string[];
  declaration: Declaration;
}

const DECLARATION_FIELDS = new Set(Object.keys(Declaration.shape));

/** zod issues with `field` = the top-level key (what the edges word) and `path` = the full path. */
function issuesOf(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => {
    const path = formatPath(i.path);
    return { code: i.code, message: i.message, field: String(i.path[0] ?? "body"), path: path || "body" };
  });
}

const summary = (issues: ErrorIssue[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");

/**
 * Parses a decision request. Throws `DECIDE_BODY_INVALID` (not an object, or `lotId`/`trustedLogKeys` malformed),
 * `DECLARATION_INVALID` (a declaration field), or `LOT_REQUIRED` (neither `lotId` nor `bundle`); every issue names
 * its field.
 */
export function parseDecideRequest(input: unknown): DecideRequest {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw invalidInput("DECIDE_BODY_INVALID", "body must be { lotId | bundle, jurisdiction, date, evidence? }", [
      { code: "invalid_type", path: "body", field: "body", message: "an object expected" },
    ]);
  const r = DecideRequestInput.safeParse(input);
  if (!r.success) {
    const issues = issuesOf(r.error);
    const declarationOnly = issues.every((i) => DECLARATION_FIELDS.has(i.field as string));
    throw invalidInput(
      declarationOnly ? "DECLARATION_INVALID" : "DECIDE_BODY_INVALID",
      `${declarationOnly ? "import declaration" : "decision request"} is invalid: ${summary(issues)}`,
      issues,
    );
  }
  const { lotId, bundle, trustedLogKeys, ...declaration } = r.data;
  if (bundle === undefined && lotId === undefined)
    throw invalidInput("LOT_REQUIRED", "send lotId or bundle", [
      { code: "required", field: "lotId", path: "lotId", message: "a lot id (or a bundle) is required" },
    ]);
  return {
    ...(bundle !== undefined ? { bundle } : { lotId }),
    trustedLogKeys: trustedLogKeys ?? [],
    declaration,
  };
}

/** The provenance query: `since`, a tree size from which a consistency proof is added. */
export const ProvenanceQueryInput = z.object({
  since: z
    .string()
    .regex(/^\d{1,15}$/, "a tree size (a whole number ≥ 0) expected")
    .transform(Number)
    .optional()
    .describe("tree size the caller holds: the bundle adds a consistency proof from it"),
});

/** Parses the provenance query (string values; blank counts as absent). Throws `PARAMETER_INVALID` naming `since`. */
export function parseProvenanceQuery(params: { since?: string | undefined }): { sinceSize?: number } {
  const since = params.since?.trim() === "" ? undefined : params.since;
  const r = ProvenanceQueryInput.safeParse({ since });
  if (!r.success)
    throw invalidInput(
      "PARAMETER_INVALID",
      `'since' must be a tree size (a whole number ≥ 0), got '${String(since).slice(0, 40)}'`,
      [{ code: "invalid_value", field: "since", path: "since", message: "a whole number ≥ 0 expected" }],
    );
  return r.data.since === undefined ? {} : { sinceSize: r.data.since };
}

/** Parses a party to register. Throws `PARTY_INVALID` naming the fields at fault. */
export function parsePartyInput(input: unknown): z.output<typeof Party> {
  const r = Party.safeParse(input);
  if (r.success) return r.data;
  const issues = issuesOf(r.error);
  throw invalidInput("PARTY_INVALID", `party does not match the schema: ${summary(issues)}`, issues);
}

/** JSON Schemas (as callers write them) of the registry's request bodies, for the OpenAPI document. */
export function registryJsonSchemas(): Record<
  "DiamondSignedEvent" | "DiamondParty" | "DiamondDecideRequest",
  Record<string, unknown>
> {
  return {
    DiamondSignedEvent: {
      ...inputJsonSchema(SignedEvent),
      description: "RFC 8785-canonical event envelope with an Ed25519 signature over its SHA-256 event id",
    },
    DiamondParty: inputJsonSchema(Party),
    DiamondDecideRequest: inputJsonSchema(DecideRequestInput),
  };
}
