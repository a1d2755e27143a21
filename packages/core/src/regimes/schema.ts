/**
 * The regime data model: every G7 member's measures (and scenarios) as dated, cited, versioned data.
 * Files under `data/regimes/` are validated against {@link RegimeFileSchema}; the JSON Schema published at
 * `data/regimes/regime-file.schema.json` is generated from it (`regimeFileJsonSchema()`).
 */
import { z } from "zod";
import { CalendarDate } from "../runtime/calendar-date.ts";

/** The G7 members whose rules Embargo encodes (the EU acts for its member states). */
export const MEMBERS = ["EU", "US", "UK", "JP", "CA"] as const;
export const Member = z.enum(MEMBERS);
export type Member = z.infer<typeof Member>;

/** A jurisdiction is a member or a scenario id (lower-case, e.g. `g7-full-ban-2023`). */
export const JurisdictionId = z.union([
  Member,
  z.string().regex(/^[a-z][a-z0-9-]{2,63}$/, "scenario ids are kebab-case"),
]);

/** A nomenclature edition a code list is written in. */
export const Nomenclature = z.string().regex(/^(HS(2017|2022)|CN20\d\d|HTS20\d\d|UK20\d\d|JP20\d\d|CA20\d\d)$/, {
  message: "nomenclature must be HS2017, HS2022, CN<year>, HTS<year>, UK<year>, JP<year> or CA<year>",
});
export type Nomenclature = z.infer<typeof Nomenclature>;

/** A code prefix: 2, 4, 6, 8 or 10 digits, no dots or spaces (normalise before storing). */
export const CodePrefix = z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$/, "code prefixes are 2/4/6/8/10 digits");

export const MEASURE_KINDS = [
  "export_ban",
  "licence_requirement",
  "import_ban",
  "end_user_restriction",
  "asset_freeze_reference",
  "due_diligence",
] as const;
export const MeasureKind = z.enum(MEASURE_KINDS);
export type MeasureKind = z.infer<typeof MeasureKind>;

export const EXEMPTION_CATEGORIES = [
  "agricultural",
  "food",
  "medical",
  "pharmaceutical",
  "humanitarian",
  "personal_use",
  "diplomatic",
  "partner_country",
  "government",
  "telecommunications",
  "other",
] as const;
export const ExemptionCategory = z.enum(EXEMPTION_CATEGORIES);
export type ExemptionCategory = z.infer<typeof ExemptionCategory>;

/** Where a fact comes from. `url` is the official text wherever one exists. */
export const Citation = z.object({
  instrument: z.string().min(1).describe("e.g. 'Council Regulation (EU) No 833/2014'"),
  article: z.string().optional(),
  annex: z.string().optional(),
  url: z.url(),
  note: z.string().optional(),
});
export type Citation = z.infer<typeof Citation>;

/** A list of code prefixes in one edition. */
export const CodeList = z.object({
  nomenclature: Nomenclature,
  prefixes: z.array(CodePrefix).min(1),
});
export type CodeList = z.infer<typeof CodeList>;

/**
 * Codes a cited (usually secondary) source maps goods described in words to. A hit makes the item a candidate
 * ("likely restricted by <measure>", verdict REVIEW), never a definite verdict.
 */
export const IndicativeCodeList = CodeList.extend({
  /** Who maps the words to these codes (document, table, page), so the user can weigh the mapping. */
  source: z.string().min(1).optional(),
});
export type IndicativeCodeList = z.infer<typeof IndicativeCodeList>;

/**
 * Coverage of a measure or a known regime. `gapScope`, when a cited source bounds it, says which codes the
 * unencoded part can concern: an item outside it is decided by what is encoded; without it the gap may concern
 * any code.
 */
export const CoverageInfo = z.object({
  status: z.enum(["complete", "partial"]),
  note: z.string().min(1),
  gapScope: CodeList.extend({ source: z.string().min(1) }).optional(),
});
export type CoverageInfo = z.infer<typeof CoverageInfo>;

/** Which goods a measure covers. */
export const GoodsScope = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("codes"),
    nomenclature: Nomenclature,
    include: z.array(CodePrefix).min(1),
    exclude: z.array(CodePrefix).optional(),
    /**
     * "ex" codes: listed prefixes (also in `include`) under which only some goods are covered (the legal list
     * names the code with "ex" or a narrower description). A hit on one is a candidate (REVIEW), never definite.
     */
    exCodes: z.array(CodePrefix).optional(),
    /** Where the legal list has entries we could not encode (e.g. "ex" codes), say so. */
    note: z.string().optional(),
  }),
  z.object({
    kind: z.literal("all_except"),
    nomenclature: Nomenclature,
    /** Codes outside the measure altogether (besides its exemptions). */
    except: z.array(CodePrefix).default([]),
    note: z.string().optional(),
  }),
  z.object({
    kind: z.literal("description"),
    /** Goods described in words (Japan's 14 items, ECCN-based controls): never matched automatically. */
    text: z.string().min(1),
    items: z.array(z.object({ id: z.string(), text: z.string(), codes: z.array(CodePrefix).optional() })).optional(),
    /** Indicative codes that make an item a *candidate* (verdict REVIEW), if any are known, with their source. */
    indicative: IndicativeCodeList.optional(),
  }),
]);
export type GoodsScope = z.infer<typeof GoodsScope>;

/** An exemption: by codes, by category (with a condition the user must confirm), or both. */
export const Exemption = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  category: ExemptionCategory,
  summary: z.string().min(1),
  /** Goods automatically exempt by code. */
  codes: CodeList.optional(),
  /** A condition that cannot be read from the code (end use, recipient): exemption applies only if declared. */
  condition: z.string().optional(),
  /**
   * When the exemption or general licence is valid (first and last day, inclusive); absent: as long as the measure.
   * Outside it the verdict does not honour it and says so.
   */
  effective: z.object({ from: CalendarDate, until: CalendarDate.optional() }).optional(),
  /**
   * Pre-ban stock: the exemption (or general licence) covers only goods physically located outside the measure's
   * countries before this date. The diamond checkpoint checks it against the declared location date and evidence.
   */
  locatedOutsideBefore: CalendarDate.optional(),
  citation: Citation,
});
export type Exemption = z.infer<typeof Exemption>;

/** Value and carat thresholds. A measure applies only when the item meets them. */
export const Thresholds = z.object({
  valuePerItem: z
    .object({
      amount: z.number().positive(),
      currency: z.string().regex(/^[A-Z]{3}$/),
      /** `above`: applies when value > amount (EU luxury: "exceeding EUR 300"). */
      comparison: z.enum(["above", "at_or_above"]),
      basis: z.string().optional(),
    })
    .optional(),
  caratsPerStone: z
    .object({
      min: z.number().positive(),
      comparison: z.enum(["above", "at_or_above"]),
    })
    .optional(),
});
export type Thresholds = z.infer<typeof Thresholds>;

/**
 * Countries a measure concerns: ISO 3166 alpha-2 codes, or `@GROUP` references to a country group
 * (e.g. `@THIRD_COUNTRIES_NON_PARTNER`), resolved through the regime set's groups file.
 */
export const CountryRef = z.string().regex(/^([A-Z]{2}|@[A-Z0-9_]+)$/, "ISO alpha-2 or @GROUP");

/** How an import measure decides the goods are "from Russia". */
export const OriginRule = z.enum([
  "originating_in",
  "consigned_from",
  "originating_or_consigned",
  "processed_in_third_country_from_origin",
]);

export const Measure = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "measure ids are lower-case, e.g. eu-833-3k-annex-xxiii"),
  jurisdiction: JurisdictionId,
  kind: MeasureKind,
  title: z.string().min(1),
  summary: z.string().min(1),
  direction: z.enum(["export", "import"]),
  /** Export destinations (direction export) or countries of origin/consignment (direction import). */
  countries: z.array(CountryRef).min(1),
  originRule: OriginRule.optional(),
  /**
   * The measure also covers goods of any origin that transited the named countries (e.g. EU Art. 3p(2) for
   * diamonds): the shipment's route (or the diamond registry's verified lineage) decides.
   */
  coversTransit: z.boolean().optional(),
  /**
   * For `processed_in_third_country_from_origin`: inputs also count when they were exported from (not only mined
   * in) the named countries (EU Art. 3p(3)-(4): "originating in or exported from Russia").
   */
  coversInputsExportedFrom: z.boolean().optional(),
  goods: GoodsScope,
  exemptions: z.array(Exemption).default([]),
  thresholds: Thresholds.optional(),
  legalBasis: z.array(Citation).min(1),
  effective: z.object({ from: CalendarDate, until: CalendarDate.optional() }),
  grandfathering: z
    .object({ contractsConcludedBefore: CalendarDate, executionUntil: CalendarDate, note: z.string().optional() })
    .optional(),
  licensingPolicy: z.enum(["denial", "presumption_of_denial", "case_by_case"]).optional(),
  /** Flags a hit raises (e.g. NO_RUSSIA_CLAUSE_REQUIRED, DIVERSION_RISK). */
  flags: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/)).optional(),
  /** CHPL tier or other priority tag where relevant. */
  tags: z.array(z.string()).optional(),
  coverage: CoverageInfo,
  confidence: z.enum(["verified", "secondary", "unverified"]),
  /** The source snapshot this measure was encoded from (file under data/regimes/sources or a URL+date). */
  source: z.object({ snapshot: z.string().min(1), retrieved: CalendarDate.optional(), note: z.string().optional() }),
});
export type Measure = z.infer<typeof Measure>;

/**
 * A regime (a legal instrument or one of its parts) that a member applies to a destination or origin, with its
 * encoding status. A jurisdiction's verdict may read `complete` only when every known regime concerning the
 * shipment's destination (export) or origin/consignment (import) and in force on the date is `encoded`.
 */
export const KnownRegime = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "known-regime ids are lower-case, e.g. eu-765-2006-belarus"),
  title: z.string().min(1),
  /** Export regimes concern destinations; import regimes origins or consignment countries. */
  directions: z.array(z.enum(["export", "import"])).min(1),
  countries: z.array(CountryRef).min(1),
  citations: z.array(Citation).min(1),
  effective: z.object({ from: CalendarDate, until: CalendarDate.optional() }),
  /**
   * What the regime restricts: `goods` (default) counts towards the goods coverage of a verdict; `parties`
   * (asset freezes, end-user lists) is covered by party screening instead, and makes a verdict partial only when
   * the parties were not screened.
   */
  concerns: z.enum(["goods", "parties"]).optional(),
  /** `encoded`: every measure of the regime is encoded with complete lists; `partial`: some; `not_encoded`: none. */
  status: z.enum(["encoded", "partial", "not_encoded"]),
  /** Ids of the measures that encode (part of) it. */
  measures: z.array(z.string()).default([]),
  /** What is missing and why; where the missing part is bounded by a cited source, `gapScope`. */
  note: z.string().min(1),
  gapScope: CodeList.extend({ source: z.string().min(1) }).optional(),
});
export type KnownRegime = z.infer<typeof KnownRegime>;

/** One regime data file: a jurisdiction's (or scenario's) measures. */
export const RegimeFileSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  jurisdiction: JurisdictionId,
  name: z.string().min(1),
  /** `scenario` files are evaluated only when asked for (`--scenario`). */
  type: z.enum(["member", "scenario"]),
  version: z.string().min(1).describe("data version of this file, e.g. 2026-11-24.1"),
  snapshotDate: CalendarDate,
  description: z.string().optional(),
  /** Every regime of this member known to concern Russia or Belarus, encoded or not (member files). */
  knownRegimes: z.array(KnownRegime).optional(),
  measures: z.array(Measure),
});
export type RegimeFile = z.infer<typeof RegimeFileSchema>;

/** Named country groups (partners, transit hubs, EU member states), each cited. */
export const CountryGroupsFileSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  version: z.string().min(1),
  groups: z.record(
    z.string().regex(/^[A-Z0-9_]+$/),
    z.object({
      title: z.string(),
      description: z.string().optional(),
      /** Members, ISO alpha-2. */
      members: z.array(z.string().regex(/^[A-Z]{2}$/)),
      /** `complement`: the group is every country *except* members (e.g. non-partner third countries). */
      mode: z.enum(["list", "complement"]).default("list"),
      /** Why each member is in the group, with its evidence (e.g. which study names a transit hub). */
      memberNotes: z.record(z.string().regex(/^[A-Z]{2}$/), z.string().min(1)).optional(),
      citations: z.array(Citation).min(1),
      coverage: z.object({ status: z.enum(["complete", "partial"]), note: z.string() }).optional(),
    }),
  ),
});
export type CountryGroupsFile = z.infer<typeof CountryGroupsFileSchema>;

/** JSON Schema (draft 2020-12) of a regime file, for editors and other tools. */
export function regimeFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RegimeFileSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}

/** JSON Schema of the country groups file. */
export function countryGroupsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CountryGroupsFileSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}
