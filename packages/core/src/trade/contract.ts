/**
 * The trade monitor's query inputs as zod schemas: one per query (growth, anomalies, alerts…), built from shared
 * parameter schemas. Inputs are strings as a query string or the CLI gives them; outputs are typed. The HTTP
 * validator and its OpenAPI parameters derive from them (packages/server/src/routes/trade.ts). A value outside its
 * domain (a `flow` that is neither export nor import, a negative limit, an unknown `by`, an impossible date) is an
 * error naming the *parameter*; front ends word it (query parameter for HTTP, flag for the CLI).
 */
import { z } from "zod";
import { type ErrorIssue, invalidInput } from "../errors/index.ts";
import { MEMBERS } from "../regimes/schema.ts";
import { calendarDate } from "../runtime/calendar-date.ts";
import { ISO2_CODES } from "../screening/lists/country-names.generated.ts";
import type { ProductSelector, Selection } from "./context.ts";
import { parseWindow, type Window } from "./periods.ts";

const split = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

/** Comma-separated values, each checked by `item` (after `upper` when set); at least one. */
function csv<T extends string>(item: z.ZodType<T, string>, description: string, upper = true) {
  return z
    .string()
    .describe(description)
    .transform((s) => split(upper ? s.toUpperCase() : s))
    .pipe(z.array(item).min(1, "at least one value expected"));
}

const COUNTRY = /^[A-Z]{2}$|^[A-Z0-9_]{2,16}$/;
const country = z.string().regex(COUNTRY, "ISO alpha-2 code (or an aggregate id) expected");
const iso2 = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, { message: "ISO 3166-1 alpha-2 code expected", abort: true })
      .refine((c) => ISO2_CODES.has(c) || c === "UK", "not an ISO 3166-1 alpha-2 country code (e.g. RU, DE, CN)"),
  );
const member = z.enum(MEMBERS);
const countries = (description: string) => csv(country, description);
const dataset = (description: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a dataset name (letters, digits, . _ -) expected")
    .describe(description);
/** A whole number from a query string. */
const int = (min: number, description: string) =>
  z.coerce
    .number({ error: "a number expected" })
    .int("a whole number expected")
    .min(min, `must be ≥ ${min}`)
    .describe(description);
const nonNegative = (description: string) =>
  z.coerce
    .number({ error: "a number expected" })
    .finite("a finite number expected")
    .min(0, "must be ≥ 0")
    .describe(description);

/** A period window `YYYY-MM:YYYY-MM` or `YYYY:YYYY`. */
const window = (description: string) =>
  z
    .string()
    .describe(`${description} (YYYY-MM:YYYY-MM or YYYY:YYYY)`)
    .transform((s, ctx): Window => {
      try {
        return parseWindow(s);
      } catch (e) {
        const why = (e as { issues?: ErrorIssue[] }).issues?.[0]?.message ?? "not a window";
        ctx.addIssue({ code: "custom", message: `${why} (expected YYYY-MM:YYYY-MM or YYYY:YYYY)` });
        return z.NEVER;
      }
    });

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused): core's one date contract, worded as the trade queries. */
const calendarDay = (description: string) =>
  calendarDate("a real calendar date YYYY-MM-DD expected").describe(description);
const year = (description: string) =>
  z
    .string()
    .regex(/^\d{4}$/, "a year YYYY expected")
    .describe(description);

const products = z
  .string()
  .describe("sanctioned | all | comma-separated code prefixes")
  .transform((s, ctx): ProductSelector => {
    if (s === "all") return { kind: "all" };
    if (s === "sanctioned") return { kind: "sanctioned" };
    const codes = split(s);
    const bad = codes.filter((c) => !/^\d[\d.]{0,11}$/.test(c));
    if (codes.length === 0 || bad.length > 0)
      ctx.addIssue({
        code: "custom",
        message: `'sanctioned', 'all' or HS/CN code prefixes expected (got ${bad.join(", ") || "none"})`,
      });
    return { kind: "codes", codes };
  });

const flow = z.enum(["export", "import"]).describe("export (default) or import");
const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((s) => s === "true" || s === "1")
  .describe(
    "true: refuse (400 TRADE_WINDOW_OUTSIDE_DATA) a window not fully inside the data; default: answer with windowCheck.status and warnings",
  );

/** The common selection: dataset, reporters, partners, products, sanctionedBy, tiers, flow, strictWindow. */
const selection = {
  dataset: dataset("dataset name (default comext-cn8; see /v1/trade/datasets)").optional(),
  reporters: countries("comma-separated ISO alpha-2 reporters (default: all countries, no aggregates)").optional(),
  partners: countries("comma-separated ISO alpha-2 partners").optional(),
  products: products.optional(),
  sanctionedBy: csv(
    member,
    `regime jurisdictions defining 'sanctioned' (${MEMBERS.join(", ")}; default: all members)`,
  ).optional(),
  tiers: csv(
    z.enum(["1", "2", "3a", "3b", "4a", "4b"]),
    "only codes of these CHPL tiers, comma-separated (1,2,3a,3b,4a,4b)",
    false,
  ).optional(),
  flow: flow.optional(),
  strictWindow: bool.optional(),
};
const windows = {
  base: window("baseline window"),
  period: window("comparison window, same frequency as base"),
};
const preset = z.string().describe("alert preset as JSON (schema: AlertPresetSchema; default trade-alerts v1.0.0)");

/** One schema per trade query (query-string parameters → typed values). */
export const TradeQueries = {
  growth: z.object({
    ...selection,
    ...windows,
    by: z.enum(["partner", "reporter", "code", "chapter", "none"]).optional().describe("grouping (default partner)"),
    pseudoCount: nonNegative("per-period pseudo-count").optional(),
    limit: int(1, "max groups").optional(),
  }),
  anomalies: z.object({
    ...selection,
    ...windows,
    minValue: nonNegative("minimum period value"),
    minGrowth: nonNegative("minimum growth multiple period/base"),
    limit: int(1, "max markets").optional(),
  }),
  did: z.object({
    ...selection,
    ...windows,
    hubs: countries("hub partners"),
    controls: countries("control partners").optional(),
    pseudoCount: nonNegative("per-period pseudo-count").optional(),
  }),
  onward: z.object({
    ...selection,
    ...windows,
    hubs: countries("hub partners"),
    onwardDataset: dataset("dataset with hub-reported exports").optional(),
    lags: z
      .string()
      .describe("lags in months tried for the onward leg, comma-separated (default 0,1,2,3; annual data: 0)")
      .transform(split)
      .pipe(
        z
          .array(
            z
              .string()
              .regex(/^\d{1,2}$/, "whole numbers of months ≥ 0 expected")
              .transform(Number),
          )
          .min(1, "at least one value expected"),
      )
      .optional(),
  }),
  mirror: z.object({
    dataset: dataset("exporter-reported dataset (default comext-totals)").optional(),
    importsDataset: dataset("partner-reported imports"),
    hubs: countries("hubs"),
    exporters: countries("exporters").optional(),
    ...windows,
  }),
  unitValues: z.object({ ...selection, ...windows, targets: countries("destinations of interest") }),
  alerts: z.object({
    ...selection,
    ...windows,
    onwardDataset: dataset("hub-reported exports").optional(),
    importsDataset: dataset("partner-reported imports").optional(),
    limit: int(1, "max alerts").optional(),
    preset: preset.optional(),
  }),
  simulate: z.object({
    regime: z.string().min(1).max(100).describe("member or scenario id"),
    year: year("baseline year (default 2021)").optional(),
    dataset: dataset("dataset").optional(),
    reporters: countries("reporters").optional(),
    asOf: calendarDay("only measures in force on this date (YYYY-MM-DD)").optional(),
  }),
  series: z.object({
    ...selection,
    base: window("baseline window"),
    span: window("span to chart"),
    by: z.enum(["partner", "reporter"]).optional().describe("partner (default) or reporter"),
    limit: int(1, "max series").optional(),
  }),
  report: z.object({
    ...windows,
    dataset: selection.dataset,
    sanctionedBy: selection.sanctionedBy,
    preset: preset.optional(),
    format: z.enum(["html", "pdf", "json"]).optional().describe("html (default), pdf or json"),
  }),
  timeline: z.object({
    jurisdictions: csv(member, "members (default all)").optional(),
    country: iso2.optional().describe("country concerned (default RU)"),
    from: calendarDay("first date (YYYY-MM-DD)").optional(),
    to: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "YYYY, YYYY-MM or YYYY-MM-DD expected")
      .optional()
      .describe("last date or month prefix"),
  }),
  hubs: z.object({ dataset: selection.dataset }),
  coverage: z.object({
    dataset: selection.dataset,
    reporters: selection.reporters,
    partners: selection.partners,
    codeLevel: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(z.enum(["TOTAL", "HS2", "HS4", "HS6", "CN8"]))
      .optional()
      .describe("TOTAL|HS2|HS4|HS6|CN8"),
    flow: flow.optional(),
  }),
  revenueImports: z.object({
    importsDataset: dataset("dataset of imports from the origin (default comext-cn8)").optional(),
    origin: iso2.optional().describe("country of origin (default RU)"),
    jurisdiction: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(member)
      .optional()
      .describe(`whose import bans (${MEMBERS.join(", ")}; default EU)`),
    reporters: countries("importers (default all countries)").optional(),
    baseYear: year("pre-war year (default 2021)").optional(),
    monthsBefore: int(1, "months averaged before each ban (default 3)").optional(),
  }),
  revenuePartners: z.object({
    partnersDataset: dataset("dataset of the origin's trade by partner (default imf-russia)").optional(),
    base: year("base year for partners (default 2021)").optional(),
    period: year("period year for partners (default the last year)").optional(),
    flow: flow.optional(),
    limit: int(0, "partners listed (default 20; 0 = all)").optional(),
  }),
  flows: z.object({
    ...selection,
    period: window("window"),
    onwardDataset: dataset("hub-reported exports").optional(),
    topExporters: int(1, "top N exporters").optional(),
  }),
} as const;

TradeQueries satisfies Record<string, z.ZodObject>;

/** The dataset a trade query reads when none is named. */
export const DEFAULT_TRADE_DATASET = "comext-cn8";

/** The parsed selection parameters of a trade query (what {@link tradeSelection} reads). */
export interface SelectionParameters {
  dataset?: string | undefined;
  reporters?: string[] | undefined;
  partners?: string[] | undefined;
  products?: ProductSelector | undefined;
  sanctionedBy?: string[] | undefined;
  tiers?: string[] | undefined;
  flow?: string | undefined;
  strictWindow?: boolean | undefined;
}

/**
 * The selection core's queries take, from parsed parameters, with the defaults both edges apply (dataset
 * {@link DEFAULT_TRADE_DATASET}); parameters not given are left out (core's options are exact optional properties).
 */
export function tradeSelection(p: SelectionParameters): Selection {
  return {
    dataset: p.dataset ?? DEFAULT_TRADE_DATASET,
    ...definedOnly({
      reporters: p.reporters,
      partners: p.partners,
      products: p.products,
      sanctionedBy: p.sanctionedBy,
      chplTiers: p.tiers,
      flow: p.flow,
    }),
    ...(p.strictWindow ? { strictWindow: true } : {}),
  };
}

/** `o` without the keys whose value is undefined (core's options are exact optional properties). */
export function definedOnly<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** A parsed trade query's parameters (the output of one of {@link TradeQueries}). */
export type TradeQueryParams<K extends keyof typeof TradeQueries> = z.output<(typeof TradeQueries)[K]>;

/**
 * Parsed query parameters → the options of the core call each trade query makes, with the defaults both edges
 * apply (so `embargo trade <query>` and `GET /v1/trade/<query>` cannot drift apart). `alerts` takes the preset
 * separately: a file for the CLI, JSON text for HTTP, both validated by `parseAlertPreset` before they get here.
 */
export const tradeCallOptions = {
  growth: (p: TradeQueryParams<"growth">) => ({
    ...tradeSelection(p),
    base: p.base,
    period: p.period,
    ...definedOnly({ by: p.by, pseudoCount: p.pseudoCount, limit: p.limit }),
  }),
  anomalies: (p: TradeQueryParams<"anomalies">) => ({
    ...tradeSelection(p),
    base: p.base,
    period: p.period,
    minValue: p.minValue,
    minGrowth: p.minGrowth,
    ...definedOnly({ limit: p.limit }),
  }),
  did: (p: TradeQueryParams<"did">) => ({
    dataset: p.dataset ?? DEFAULT_TRADE_DATASET,
    base: p.base,
    period: p.period,
    hubs: p.hubs,
    ...definedOnly({
      controls: p.controls,
      reporters: p.reporters,
      sanctionedBy: p.sanctionedBy,
      pseudoCount: p.pseudoCount,
    }),
  }),
  onward: (p: TradeQueryParams<"onward">) => ({
    dataset: p.dataset ?? DEFAULT_TRADE_DATASET,
    base: p.base,
    period: p.period,
    hubs: p.hubs,
    ...definedOnly({
      onwardDataset: p.onwardDataset,
      reporters: p.reporters,
      products: p.products,
      sanctionedBy: p.sanctionedBy,
      lags: p.lags,
    }),
  }),
  mirror: (p: TradeQueryParams<"mirror">) => ({
    exportsDataset: p.dataset ?? "comext-totals",
    importsDataset: p.importsDataset,
    hubs: p.hubs,
    ...definedOnly({ exporters: p.exporters }),
    base: p.base,
    period: p.period,
  }),
  unitValues: (p: TradeQueryParams<"unitValues">) => ({
    ...tradeSelection(p),
    base: p.base,
    period: p.period,
    targets: p.targets,
  }),
  alerts: <P>(p: TradeQueryParams<"alerts">, preset: P | undefined) => ({
    dataset: p.dataset ?? DEFAULT_TRADE_DATASET,
    base: p.base,
    period: p.period,
    ...definedOnly({
      reporters: p.reporters,
      partners: p.partners,
      sanctionedBy: p.sanctionedBy,
      onwardDataset: p.onwardDataset,
      importsDataset: p.importsDataset,
      limit: p.limit,
      chplTiers: p.tiers,
      preset,
    }),
    ...(p.strictWindow ? { strictWindow: true } : {}),
  }),
  simulate: (p: TradeQueryParams<"simulate">) => ({
    dataset: p.dataset ?? DEFAULT_TRADE_DATASET,
    regime: p.regime,
    year: p.year ?? "2021",
    ...definedOnly({ reporters: p.reporters, asOf: p.asOf }),
  }),
  coverage: (p: TradeQueryParams<"coverage">) =>
    definedOnly({ reporters: p.reporters, partners: p.partners, codeLevel: p.codeLevel, flow: p.flow }),
  revenueImports: (p: TradeQueryParams<"revenueImports">) =>
    definedOnly({
      dataset: p.importsDataset,
      reporters: p.reporters,
      origin: p.origin,
      jurisdiction: p.jurisdiction,
      baseYear: p.baseYear,
      monthsBefore: p.monthsBefore,
    }),
  revenuePartners: (p: TradeQueryParams<"revenuePartners">) =>
    definedOnly({ dataset: p.partnersDataset, base: p.base, period: p.period, flow: p.flow, limit: p.limit }),
} as const;

/** The query `revenue` = the imports and the partners parameters together. */
export const TradeRevenueQuery = TradeQueries.revenueImports.extend(TradeQueries.revenuePartners.shape);

/**
 * Parses string parameters (blank values count as absent) with one of {@link TradeQueries}. Throws
 * `PARAMETER_INVALID` (or `PARAMETER_REQUIRED`) with one issue per parameter, `field` = the parameter's name.
 */
export function parseTradeQuery<S extends z.ZodObject>(
  schema: S,
  params: Record<string, string | undefined>,
): z.output<S> {
  const input: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v.trim() !== "") input[k] = v.trim();
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues: ErrorIssue[] = r.error.issues.map((i) => {
    const field = String(i.path[0] ?? "");
    const missing = input[field] === undefined;
    return { code: missing ? "required" : i.code, field, message: missing ? "required" : i.message };
  });
  const allMissing = issues.every((i) => i.code === "required");
  const words = issues.slice(0, 3).map((i) => `'${i.field}': ${i.message}`);
  throw invalidInput(
    allMissing ? "PARAMETER_REQUIRED" : "PARAMETER_INVALID",
    `${allMissing ? "missing" : "invalid"} parameter${issues.length > 1 ? "s" : ""} ${words.join("; ")}`,
    issues,
  );
}

/** One described parameter of a trade query (for OpenAPI parameter lists and CLI help). */
export interface TradeParameter {
  name: string;
  required: boolean;
  description: string;
  schema: Record<string, unknown>;
}

/** The parameters of a trade query schema: name, whether required, description, JSON Schema of the input. */
export function tradeQueryParameters(schema: z.ZodObject): TradeParameter[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const json = z.toJSONSchema(f, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    delete json.$schema;
    const description = (json.description as string | undefined) ?? f.description ?? "";
    delete json.description;
    return { name, required: !f.safeParse(undefined).success, description, schema: json };
  });
}
