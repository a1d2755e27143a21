/**
 * An imported regime update ("overlay"): the measures one official machine-readable source gave on one date, with
 * the known regimes of the member they (partly) encode. Overlays are written by `updateRegimes` as immutable
 * versions under `<stateDir>/regimes/versions/` and merged over the bundled `data/regimes/` files on load; the
 * bundled files are never written.
 */
import { z } from "zod";
import { EmbargoError, issuesFromZod } from "../../errors/index.ts";
import { CalendarDate } from "../../runtime/calendar-date.ts";
import { Measure, Member } from "../schema.ts";

export const RegimeOverlaySchema = z.object({
  schemaVersion: z.literal(1),
  /** Source id (`uk-trade-tariff`, …). */
  source: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** The member whose regime file the measures join. */
  jurisdiction: Member,
  /** The source's title, quoted in reasons. */
  title: z.string().min(1),
  /** The date the data state (the `--as-of` date asked of the publisher, or the publication date it carries). */
  publicationDate: CalendarDate,
  retrievedAt: z.iso.datetime(),
  /** URLs read, in order. */
  urls: z.array(z.string().min(1)).min(1),
  /** SHA-256 of the downloaded bytes (several documents: of their `url sha256` lines). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The imported measures (validated with the regime schema's `Measure`). */
  measures: z.array(Measure).min(1),
  /** Known regimes of the member that these measures (partly) encode: `measures` are appended to each. */
  regimes: z.array(z.object({ id: z.string().min(1), measures: z.array(z.string().min(1)).min(1) })),
  counts: z.object({
    documents: z.number().int().nonnegative(),
    measures: z.number().int().nonnegative(),
    codes: z.number().int().nonnegative(),
    /** Source records read but not imported (other measure types, other countries), with why. */
    skipped: z.number().int().nonnegative(),
  }),
  /** What the import does not cover (e.g. only the commodity codes fetched). */
  caveats: z.array(z.string()),
});
export type RegimeOverlay = z.infer<typeof RegimeOverlaySchema>;

/** Codes a measure lists (its `include` prefixes; none for word-described measures). */
export function measureCodes(m: Measure): string[] {
  return m.goods.kind === "codes" ? m.goods.include : [];
}

/** Total codes of an overlay (the shrink check compares these). */
export function overlayCodeCount(o: Pick<RegimeOverlay, "measures">): number {
  return o.measures.reduce((n, m) => n + measureCodes(m).length, 0);
}

/** The body of `POST /v1/regimes/update` (the CLI's flags as JSON). */
export const RegimeUpdateRequestSchema = z
  .object({
    sources: z.array(z.string().min(1)).max(20).optional(),
    urls: z.record(z.string(), z.url()).optional(),
    asOf: CalendarDate.optional(),
    codes: z
      .array(z.string().regex(/^\d{10}$/, "10-digit commodity codes"))
      .max(5000)
      .optional(),
    force: z.boolean().optional(),
  })
  .strict();
export type RegimeUpdateRequest = z.infer<typeof RegimeUpdateRequestSchema>;

/** The body of `POST /v1/regimes/rollback`. */
export const RegimeRollbackRequestSchema = z
  .object({ sources: z.array(z.string().min(1)).max(20).optional() })
  .strict();

/** Validates a request body with `schema`; throws `invalid_input` naming the fields at fault. */
export function parseRegimeRequest<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw new EmbargoError({
      code: "REGIME_UPDATE_REQUEST_INVALID",
      category: "invalid_input",
      message: `invalid request: ${r.error.issues[0]?.path.join(".") ?? ""} ${r.error.issues[0]?.message ?? ""}`.trim(),
      issues: issuesFromZod(r.error),
    });
  return r.data;
}

/** JSON Schemas of the request bodies, for OpenAPI. */
export function regimeUpdateRequestJsonSchemas(): Record<string, unknown> {
  return {
    RegimeUpdateRequest: z.toJSONSchema(RegimeUpdateRequestSchema, { io: "input" }),
    RegimeRollbackRequest: z.toJSONSchema(RegimeRollbackRequestSchema, { io: "input" }),
  };
}
