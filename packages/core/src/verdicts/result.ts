/**
 * The shape of a verdict, defined once in zod: TypeScript types are inferred from it and the HTTP API's
 * OpenAPI document publishes its JSON Schema. Results are built by `decide`, never validated at run time
 * (that would cost throughput); the type checker keeps the two in step.
 */
import { z } from "zod";
import { EmbargoError } from "../errors/index.ts";
import type { RegimeSet } from "../regimes/load.ts";
import type { MeasureKind } from "../regimes/schema.ts";
import { Citation, MEASURE_KINDS } from "../regimes/schema.ts";
import { parseAsOf } from "./shipment.ts";

/** Verdicts in order of severity: PROHIBITED > LICENCE_REQUIRED > REVIEW > NOT_RESTRICTED. */
export const VERDICTS = ["PROHIBITED", "LICENCE_REQUIRED", "REVIEW", "NOT_RESTRICTED"] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

/** A jurisdiction whose rules do not apply to the shipment reads NOT_APPLICABLE (never counted in `overall`). */
export const JurisdictionVerdictSchema = z.enum([...VERDICTS, "NOT_APPLICABLE"]);
export type JurisdictionVerdict = z.infer<typeof JurisdictionVerdictSchema>;

const SEVERITY: Record<JurisdictionVerdict, number> = {
  PROHIBITED: 3,
  LICENCE_REQUIRED: 2,
  REVIEW: 1,
  NOT_RESTRICTED: 0,
  NOT_APPLICABLE: -1,
};

/** The more severe of two verdicts (precedence PROHIBITED > LICENCE_REQUIRED > REVIEW > NOT_RESTRICTED). */
export function worse<V extends JurisdictionVerdict>(a: V, b: V): V {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** Severity rank (higher is more severe); NOT_APPLICABLE is -1. */
export function severity(v: JurisdictionVerdict): number {
  return SEVERITY[v];
}

/**
 * The two kinds of REVIEW. `likely_restricted`: an encoded rule matched and needs a fact to decide
 * (classification, value, quantity, carats, end use, contract date, origin, country of mining, an "ex" code, an
 * indicative mapping, a party's identity). `data_incomplete`: no encoded rule matched, but the data that could
 * concern the item are only partly encoded.
 */
export const REVIEW_KINDS = ["likely_restricted", "data_incomplete"] as const;
export const ReviewKindSchema = z.enum(REVIEW_KINDS);
export type ReviewKind = z.infer<typeof ReviewKindSchema>;

/** A CN 8-digit code under the item's code, with its description. */
export const ChildCodeSchema = z.object({ code: z.string(), description: z.string() });

export const ReasonSchema = z.object({
  /** The measure behind the reason, or a pseudo-id: `coverage:<measure>`, `party:<list>:<id>`, `input:<field>`. */
  measureId: z.string(),
  kind: z.enum([...MEASURE_KINDS, "coverage", "party_screening", "input"]),
  /** What this reason contributes to the item's verdict. */
  effect: VerdictSchema,
  /** Short human citation, e.g. "Council Regulation (EU) No 833/2014, Art. 3k, Annex XXIII". */
  citation: z.string(),
  summary: z.string(),
  citations: z.array(Citation).optional(),
  effective: z.object({ from: z.string(), until: z.string().optional() }).optional(),
  match: z
    .object({
      how: z.enum(["prefix", "broader_code", "indicative", "all_except"]),
      prefix: z.string().optional(),
      nomenclature: z.string().optional(),
    })
    .optional(),
  coverage: z.enum(["complete", "partial"]).optional(),
  confidence: z.enum(["verified", "secondary", "unverified"]).optional(),
  flags: z.array(z.string()).optional(),
  /** Set on every REVIEW reason: a candidate rule that needs a fact, or incomplete data (see `REVIEW_KINDS`). */
  review: ReviewKindSchema.optional(),
  /** For `likely_restricted`: the fact that would decide (e.g. "the value per item", "the country of mining"). */
  need: z.string().optional(),
  /**
   * For a code broader than the list: its CN 8-digit codes in the edition in force on the date, split into those
   * the measure lists and those it does not, so the user can pick the right one.
   */
  children: z
    .object({
      edition: z.string(),
      covered: z.array(ChildCodeSchema),
      notCovered: z.array(ChildCodeSchema),
      note: z.string().optional(),
    })
    .optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const ItemResultSchema = z.object({
  line: z.number().int(),
  code: z.string(),
  description: z.string().optional(),
  verdict: VerdictSchema,
  /** When the verdict is REVIEW: `likely_restricted` if any reason is, else `data_incomplete`. */
  review: ReviewKindSchema.optional(),
  reasons: z.array(ReasonSchema),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const CoverageSchema = z.object({
  /** `complete` only when every consulted measure's list is complete and none is described in words only. */
  status: z.enum(["complete", "partial"]),
  /** Measures in force that concern this shipment's destination/origin and direction. */
  consulted: z.array(z.string()),
  /** Consulted measures whose lists are only partly encoded, with the data's own note. */
  partial: z.array(z.object({ measureId: z.string(), note: z.string() })),
  /** What was not checked automatically (description-scoped measures, parties, edition drift). */
  notChecked: z.array(z.string()),
  /**
   * Known regimes of the member that concern this shipment (destination or end user's country for exports,
   * origin/consignment/mining country for imports), are in force on the date and are not fully encoded. Any one
   * of them makes the status `partial`.
   */
  regimes: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(["partial", "not_encoded"]),
      citation: z.string(),
      note: z.string(),
      /** The codes the unencoded part can concern, when a cited source bounds it. */
      gapScope: z.array(z.string()).optional(),
    }),
  ),
});
export type Coverage = z.infer<typeof CoverageSchema>;

export const JurisdictionResultSchema = z.object({
  /** Member (EU, US, UK, JP, CA) or scenario id. */
  jurisdiction: z.string(),
  name: z.string(),
  type: z.enum(["member", "scenario"]),
  applies: z.boolean(),
  /** Why the rules apply (or not). */
  why: z.array(z.string()),
  /** Directions of measures consulted. */
  directions: z.array(z.enum(["export", "import"])),
  verdict: JurisdictionVerdictSchema,
  /** When the verdict is REVIEW: which kind (see `REVIEW_KINDS`). */
  review: ReviewKindSchema.optional(),
  /** One plain sentence: what to do next under this jurisdiction's rules. */
  headline: z.string(),
  coverage: CoverageSchema,
  /** Shipment-level reasons (party screening hits attributed to this jurisdiction). */
  reasons: z.array(ReasonSchema),
  items: z.array(ItemResultSchema),
  /** Version of the data file(s) this jurisdiction was read from. */
  dataVersion: z.string(),
});
export type JurisdictionResult = z.infer<typeof JurisdictionResultSchema>;

export const FlagSchema = z.object({
  code: z.string(),
  message: z.string(),
  jurisdiction: z.string().optional(),
  measureId: z.string().optional(),
  lines: z.array(z.number().int()).optional(),
  citations: z.array(Citation).optional(),
  effective: z.object({ from: z.string(), until: z.string().optional() }).optional(),
  grandfathering: z
    .object({ contractsConcludedBefore: z.string(), executionUntil: z.string(), note: z.string().optional() })
    .optional(),
});
export type Flag = z.infer<typeof FlagSchema>;

export const PartyHitSchema = z.object({
  list: z.string(),
  sourceId: z.string(),
  name: z.string(),
  score: z.number(),
  programmes: z.array(z.string()),
  listedOn: z.string().optional(),
  sanctionKind: z.enum(["asset_freeze", "end_user", "sectoral", "other"]),
  explanation: z.string(),
  strength: z.enum(["match", "possible"]),
  jurisdiction: z.string().optional(),
});

export const PartyResultSchema = z.object({
  role: z.enum(["exporter", "consignee", "end_user"]),
  name: z.string(),
  country: z.string().optional(),
  verdict: VerdictSchema,
  hits: z.array(PartyHitSchema),
});
export type PartyResult = z.infer<typeof PartyResultSchema>;

export const CheckResultSchema = z.object({
  shipmentId: z.string().optional(),
  /** The date measures were read as of (default: the shipment date). */
  asOf: z.string(),
  shipmentDate: z.string(),
  /** Regime data version (content hash of every regime file), named in every result. */
  dataVersion: z.string(),
  data: z.object({
    regimes: z.string(),
    files: z.array(
      z.object({ file: z.string(), jurisdiction: z.string(), version: z.string(), snapshotDate: z.string() }),
    ),
    screening: z.string().optional(),
  }),
  /** One plain sentence on top: what to do next (e.g. "Do not ship: …", "Likely restricted: declare …"). */
  headline: z.string(),
  /** Most severe verdict over the applicable member jurisdictions and party screening (scenarios excluded). */
  overall: VerdictSchema,
  /** When `overall` is REVIEW: which kind (see `REVIEW_KINDS`). */
  review: ReviewKindSchema.optional(),
  scenario: z.string().optional(),
  jurisdictions: z.array(JurisdictionResultSchema),
  flags: z.array(FlagSchema),
  parties: z.object({
    screened: z.boolean(),
    version: z.string().optional(),
    note: z.string().optional(),
    results: z.array(PartyResultSchema),
  }),
  notes: z.array(z.string()),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** JSON Schema of a verdict (OpenAPI component). */
export function checkResultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CheckResultSchema, { target: "draft-2020-12", io: "output" }) as Record<string, unknown>;
}

/** What a measure of each kind means for an item it covers (before exemptions and coverage). */
export const KIND_VERDICT: Record<MeasureKind, Verdict> = {
  export_ban: "PROHIBITED",
  import_ban: "PROHIBITED",
  licence_requirement: "LICENCE_REQUIRED",
  end_user_restriction: "REVIEW",
  asset_freeze_reference: "REVIEW",
  due_diligence: "REVIEW",
};

/**
 * Validates the options every regime query shares: `asOf` (when given) is YYYY-MM-DD, `scenario` (when given) is
 * loaded. Throws `AS_OF_INVALID` (invalid_input) or `SCENARIO_NOT_FOUND` (not_found).
 */
export function checkAsOfAndScenario(regimes: RegimeSet, asOf: string | undefined, scenario: string | undefined): void {
  parseAsOf(asOf);
  if (scenario !== undefined && !regimes.scenarios.includes(scenario))
    throw new EmbargoError({
      code: "SCENARIO_NOT_FOUND",
      category: "not_found",
      message: `unknown scenario '${scenario}'; known: ${regimes.scenarios.join(", ") || "none"}`,
      details: { scenario, known: regimes.scenarios },
    });
}
