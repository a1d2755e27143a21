/**
 * The shipment a verdict is asked about: the one input schema shared by `decide`, the CSV batch parser, the
 * CLI and the HTTP API (`POST /v1/check`, whose JSON Schema is generated from it).
 */
import { z } from "zod";
import { invalidInput, issuesFromZod } from "../errors/index.ts";
import { CALENDAR_DATE_MESSAGE, CalendarDate } from "../runtime/calendar-date.ts";
import { inputJsonSchema } from "../runtime/json-schema.ts";
import { ISO2_CODES } from "../screening/lists/country-names.generated.ts";

/**
 * ISO 3166 alpha-2 country code, upper-cased on input. `UK` is accepted for the United Kingdom and stored as
 * its ISO code `GB`, because users type it and regime data uses `GB`.
 */
export const CountryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .transform((s) => (s === "UK" ? "GB" : s))
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, { message: "ISO 3166 alpha-2 country code, e.g. RU, DE, CN", abort: true })
      // The one ISO list the core ships (screening's generated table), so "XX" is rejected, not silently unmatched.
      .refine((c) => ISO2_CODES.has(c), { message: "not an ISO 3166-1 alpha-2 country code (e.g. RU, DE, CN)" }),
  );

/** A party to the shipment. */
export const Party = z.object({
  name: z.string().trim().min(1),
  country: CountryCode,
});
export type Party = z.output<typeof Party>;

/** A goods code as typed: digits with optional spaces, dots or dashes; 2 to 10 digits once normalised. */
export const GoodsCode = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s.-]/g, ""))
  .pipe(z.string().regex(/^\d{2,10}$/, "HS/CN/HTS code of 2 to 10 digits (spaces and dots allowed)"));

/** One line of a shipment. */
export const ShipmentItem = z.object({
  /** Line number; defaults to the 1-based position. */
  line: z.number().int().positive().optional(),
  code: GoodsCode,
  /** Nomenclature edition the code is written in (e.g. HS2017, CN2026); default: the edition of each list. */
  edition: z.string().optional(),
  description: z.string().optional(),
  /** Line value (all units together), in `currency`. */
  value: z.number().nonnegative().optional(),
  currency: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, "ISO 4217 currency, e.g. EUR"))
    .optional(),
  /** Number of units (pieces, stones). Per-item value thresholds compare `value / quantity`. */
  quantity: z.number().positive().optional(),
  /** Country of origin of the goods (ISO alpha-2). */
  originCountry: CountryCode.optional(),
  /** Carat weight per stone (for a mixed parcel, the heaviest stone): compared with per-stone carat thresholds. */
  carats: z.number().positive().optional(),
  /**
   * Country where the goods (a diamond) or their inputs (steel slabs) were mined or produced, when it differs from
   * the origin: decides import rules on goods processed in a third country (e.g. EU Art. 3p(1)(b)-(c), 3g(1)(d)).
   */
  miningCountry: CountryCode.optional(),
  /**
   * Country the goods were exported from (e.g. the issuer of their Kimberley Process certificate), when it differs
   * from the country they are now dispatched from: import rules on goods consigned or exported from Russia read it.
   */
  exportedFrom: CountryCode.optional(),
});
export type ShipmentItem = z.output<typeof ShipmentItem>;

/** A shipment: parties, route, dates and items. */
export const ShipmentSchema = z
  .object({
    /** Caller's reference, echoed in the result. */
    id: z.string().optional(),
    /** Shipment (export/import) date; the default `asOf` of the verdict. */
    date: CalendarDate,
    /** Date the contract was concluded: used for grandfathering clauses. */
    contractDate: CalendarDate.optional(),
    /** `export` or `import` restricts which measures are consulted; default: inferred per member (see docs/verdicts.md). */
    direction: z.enum(["export", "import"]).optional(),
    exporter: Party,
    consignee: Party,
    /** End user; defaults to the consignee when absent (and the result says so). */
    endUser: Party.optional(),
    /** Country of destination (ISO alpha-2). */
    destination: CountryCode,
    /** Country the goods are dispatched/consigned from; default: the exporter's country. */
    origin: CountryCode.optional(),
    /** Countries the goods pass through, in order. */
    route: z.array(CountryCode).optional(),
    /**
     * Exemption conditions the declarant confirms: an exemption category (`humanitarian`, `medical`, …) or an
     * exemption id from the regime data. Exemptions with a condition apply only when declared.
     */
    declarations: z.array(z.string().trim().min(1)).optional(),
    items: z.array(ShipmentItem).min(1),
  })
  .describe("A shipment to check");
export type Shipment = z.output<typeof ShipmentSchema>;
/** A shipment as the caller writes it (before normalisation). */
export type ShipmentInput = z.input<typeof ShipmentSchema>;

/**
 * Exchange rates the caller supplies for value thresholds. Embargo never invents a rate: without one, a
 * threshold in another currency yields REVIEW. Keys are `FROM/TO` (e.g. `USD/EUR`: 1 USD = rate EUR).
 */
export const FxTable = z.object({
  /** Where the rates come from (e.g. "ECB reference rates 2026-11-20"), quoted in every comparison made with them. */
  source: z.string().min(1),
  rates: z.record(z.string().regex(/^[A-Z]{3}\/[A-Z]{3}$/), z.number().positive()),
});
export type FxTable = z.output<typeof FxTable>;

/** Parses and normalises a shipment; throws `SHIPMENT_INVALID` (invalid_input) with one issue per bad field. */
export function parseShipment(input: unknown, where: { file?: string; row?: number } = {}): Shipment {
  const r = ShipmentSchema.safeParse(input);
  if (!r.success) {
    const issues = issuesFromZod(r.error, where);
    throw invalidInput(
      "SHIPMENT_INVALID",
      `shipment is invalid: ${issues
        .slice(0, 3)
        .map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`)
        .join("; ")}`,
      issues,
    );
  }
  return r.data;
}

/** Parses an FX table; throws `FX_TABLE_INVALID`. */
export function parseFxTable(input: unknown, where: { file?: string } = {}): FxTable {
  const r = FxTable.safeParse(input);
  if (!r.success)
    throw invalidInput("FX_TABLE_INVALID", "exchange-rate table is invalid", issuesFromZod(r.error, where));
  return r.data;
}

/** Converts `amount` from one currency to another with a direct or inverse rate; undefined when no rate is known. */
export function convert(
  fx: FxTable | undefined,
  amount: number,
  from: string,
  to: string,
): { amount: number; rate: number } | undefined {
  if (from === to) return { amount, rate: 1 };
  if (!fx) return undefined;
  const direct = fx.rates[`${from}/${to}`];
  if (direct !== undefined) return { amount: amount * direct, rate: direct };
  const inverse = fx.rates[`${to}/${from}`];
  if (inverse !== undefined) return { amount: amount / inverse, rate: 1 / inverse };
  return undefined;
}

/**
 * The date a check or regime query reads measures at: a real calendar date written YYYY-MM-DD (2024-02-29 yes;
 * 2025-02-30 no). The one date contract of `asOf` — `POST /v1/check`, the regime queries and the CLI's `--as-of`
 * all parse through it. It is core's one calendar-date schema (`runtime/calendar-date.ts`), the shipment's own
 * dates' too, under the name this entry point has always published.
 */
export const AsOfDate = CalendarDate;

/**
 * Parses an `asOf` date with {@link AsOfDate}; undefined stays undefined. Throws `AS_OF_INVALID` (invalid_input)
 * naming the field `asOf` (the CLI words it as `--as-of`).
 */
export function parseAsOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const r = AsOfDate.safeParse(value);
  if (r.success) return r.data;
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  throw invalidInput(
    "AS_OF_INVALID",
    `as-of date ${CALENDAR_DATE_MESSAGE}, got '${shown}'`,
    [{ code: "invalid_date", field: "asOf", message: CALENDAR_DATE_MESSAGE }],
    { asOf: shown },
  );
}

/** Body of the HTTP `POST /v1/check`: a shipment plus the options of a check. */
export const CheckRequestSchema = z.object({
  shipment: ShipmentSchema,
  /** Read measures as of this date instead of the shipment date. */
  asOf: AsOfDate.optional(),
  /** Evaluate a scenario (e.g. `g7-full-ban-2023`) beside the members. */
  scenario: z.string().optional(),
  /** Exchange rates for value thresholds; without them a threshold in another currency yields REVIEW. */
  fx: FxTable.optional(),
  /** Set false to skip party screening (when the server has a screener). */
  screening: z.boolean().optional(),
  /**
   * Append the verdict to the signed audit trail (where the edge has one: `POST /v1/check` answers with `audit`).
   * Not part of the question: the recorded request leaves it out.
   */
  record: z.boolean().optional().describe("Append the verdict to the signed audit trail"),
});
export type CheckRequest = z.output<typeof CheckRequestSchema>;

/** Parses a check request; throws `CHECK_REQUEST_INVALID` with one issue per bad field (`shipment.items[0].code`…). */
export function parseCheckRequest(input: unknown): CheckRequest {
  const r = CheckRequestSchema.safeParse(input);
  if (!r.success) {
    const issues = issuesFromZod(r.error);
    throw invalidInput(
      "CHECK_REQUEST_INVALID",
      `request is invalid: ${issues
        .slice(0, 3)
        .map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`)
        .join("; ")}`,
      issues,
    );
  }
  return r.data;
}

/** JSON Schemas (draft 2020-12, as written by callers) of a shipment and of a check request. */
export function shipmentJsonSchemas(): { Shipment: Record<string, unknown>; CheckRequest: Record<string, unknown> } {
  return { Shipment: inputJsonSchema(ShipmentSchema), CheckRequest: inputJsonSchema(CheckRequestSchema) };
}
