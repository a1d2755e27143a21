/**
 * The screening inputs as one zod schema each: a screening request (one query or a batch) and a query row. The
 * HTTP validator and the OpenAPI document derive from them (packages/server/src/routes/screen.ts); the CLI's
 * flags map onto the same fields. Errors name fields (`queries[3].dob`); front ends word them.
 */
import { z } from "zod";
import {
  type ErrorData,
  type ErrorIssue,
  formatPath,
  invalidInput,
  isEmbargoError,
  unknownColumnWarnings,
} from "../errors/index.ts";
import { inputJsonSchema } from "../runtime/json-schema.ts";
import type { ScreenQuery } from "./match/scorer.ts";
import type { Algorithm, Screener, ScreenerOptions, ScreenResult } from "./screener.ts";

/** Most queries in one screening request (larger batches: `embargo screen --batch`). */
export const MAX_SCREEN_BATCH = 1000;

/** One screening query: a name plus optional qualifiers. */
export const ScreenQueryInput = z.object({
  name: z.string().describe("The name to screen, in any script (at most 500 characters)"),
  type: z.enum(["person", "organization", "vessel", "aircraft", "unknown"]).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "ISO 3166-1 alpha-2 (two letters) expected")
    .optional()
    .describe("ISO 3166-1 alpha-2"),
  dob: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "YYYY, YYYY-MM or YYYY-MM-DD expected")
    .optional()
    .describe("Date of birth: YYYY, YYYY-MM or YYYY-MM-DD"),
  identifiers: z
    .array(z.object({ type: z.string().optional(), value: z.string() }))
    .max(100)
    .optional()
    .describe("Identifiers (passport, IMO, registration numbers…)"),
});

/** The options of a screening request, shared by the batch and the single-query form. */
const ScreenOptionsInput = z.object({
  algorithm: z.enum(["evidence", "ofac-parity"]).optional(),
  threshold: z.number().min(0).max(1).optional().describe("Hits scoring below are not reported (default 0.70)"),
  limit: z.number().int().min(1).max(100).optional().describe("Hits per query (default 10)"),
});

/**
 * `{ queries: [...], algorithm?, threshold?, limit? }`. Rows are checked one by one ({@link parseScreenQuery}) so
 * that a bad row is answered with its own error and the batch goes on.
 */
export const ScreenRequestInput = ScreenOptionsInput.extend({
  queries: z.array(z.unknown()).describe(`One object per query (${MAX_SCREEN_BATCH} at most), see ScreenQuery`),
});

/** A parsed screening request. */
export interface ScreenRequest {
  /** The rows as sent: each is checked by {@link parseScreenQuery} when it is screened. */
  queries: unknown[];
  algorithm?: Algorithm;
  threshold?: number;
  limit?: number;
}

/** zod issues as error issues; the root (an empty path) is named `body`. */
function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): ErrorIssue[] {
  return error.issues.map((i) => ({
    code: i.code,
    message: i.message,
    path: formatPath([...prefix, ...i.path]) || "body",
  }));
}

const summary = (issues: ErrorIssue[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");

/**
 * Parses a screening request: `{ queries: [...] }`, or one query object (`{ name, … }`) with the same options.
 * Throws `SCREEN_BODY_INVALID` naming the fields at fault; the number of rows is the caller's limit to apply
 * (it decides how to answer a batch that is too large).
 */
export function parseScreenRequest(input: unknown): ScreenRequest {
  const single =
    typeof input === "object" && input !== null && !Array.isArray(input) && !("queries" in input) && "name" in input;
  const r = single ? ScreenOptionsInput.safeParse(input) : ScreenRequestInput.safeParse(input);
  if (!r.success) {
    const issues = issuesOf(r.error);
    throw invalidInput(
      "SCREEN_BODY_INVALID",
      `body must be { queries: [{ name, type?, country?, dob? }], algorithm?, threshold?, limit? }: ${summary(issues)}`,
      issues,
    );
  }
  const { algorithm, threshold, limit } = r.data;
  return {
    queries: single ? [input] : (r.data as { queries: unknown[] }).queries,
    ...(algorithm !== undefined ? { algorithm } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

/** Parses one query row; throws `SCREEN_QUERY_INVALID` naming the field (`queries[i].field` when `row` is given). */
export function parseScreenQuery(input: unknown, row?: number): ScreenQuery {
  const r = ScreenQueryInput.safeParse(input);
  if (!r.success) {
    const issues = issuesOf(r.error, row === undefined ? [] : ["queries", row]);
    throw invalidInput("SCREEN_QUERY_INVALID", `query is invalid: ${summary(issues)}`, issues);
  }
  const q = r.data;
  return {
    name: q.name,
    ...(q.type !== undefined ? { type: q.type } : {}),
    ...(q.country !== undefined ? { country: q.country } : {}),
    ...(q.dob !== undefined ? { dob: q.dob } : {}),
    ...(q.identifiers !== undefined
      ? {
          identifiers: q.identifiers.map((i) => ({
            ...(i.type !== undefined ? { type: i.type } : {}),
            value: i.value,
          })),
        }
      : {}),
  };
}

/** JSON Schemas (draft 2020-12, as callers write them) of a screening request and a query, for OpenAPI. */
export function screenRequestJsonSchemas(): {
  ScreenRequest: Record<string, unknown>;
  ScreenQuery: Record<string, unknown>;
} {
  const request = inputJsonSchema(ScreenRequestInput) as { properties: Record<string, Record<string, unknown>> };
  request.properties.queries = {
    ...request.properties.queries,
    maxItems: MAX_SCREEN_BATCH,
    items: { $ref: "#/components/schemas/ScreenQuery" },
  };
  return { ScreenRequest: request, ScreenQuery: inputJsonSchema(ScreenQueryInput) };
}

/** The screening options of a parsed request, as {@link Screener.screen} takes them (absent ones left out). */
export function screenOverrides(
  req: Pick<ScreenRequest, "algorithm" | "threshold" | "limit">,
): Pick<ScreenerOptions, "algorithm" | "threshold" | "limit"> {
  return {
    ...(req.algorithm !== undefined ? { algorithm: req.algorithm } : {}),
    ...(req.threshold !== undefined ? { threshold: req.threshold } : {}),
    ...(req.limit !== undefined ? { limit: req.limit } : {}),
  };
}

/** One screened row of a batch: its result, or the error naming the fields at fault (the batch goes on). */
export type ScreenedRow =
  | { row: number; query: ScreenQuery; result: ScreenResult }
  | { row: number; input: unknown; error: ErrorData };

/**
 * Screens a batch of query rows as both edges do (`POST /v1/screen`, `embargo screen --batch`): each row parsed by
 * {@link parseScreenQuery} (issues name `queries[i].field`), a bad row answered with its own error while the
 * others are screened. Faults other than bad input (`invalid_input`) are thrown. Rows are numbered from 1.
 */
export function screenRows(
  screener: Pick<Screener, "screen">,
  rows: readonly unknown[],
  overrides: Parameters<Screener["screen"]>[1] = {},
  onRow?: () => void,
): ScreenedRow[] {
  return rows.map((input, i) => {
    try {
      const query = parseScreenQuery(input, i);
      return { row: i + 1, query, result: screener.screen(query, overrides) };
    } catch (e) {
      if (!isEmbargoError(e) || e.category !== "invalid_input") throw e;
      return { row: i + 1, input, error: e.toJSON() };
    } finally {
      onRow?.();
    }
  });
}

/** The columns of a screening batch CSV (`embargo screen --batch`): a query's fields that a cell can hold. */
export const SCREEN_CSV_COLUMNS = ["name", "type", "country", "dob"] as const;

/**
 * A screening batch CSV's records (keyed by lower-cased header) as query rows (blank cells left out), and
 * warnings naming the columns that are not query fields and are therefore ignored.
 */
export function screenCsvRows(
  header: readonly string[],
  records: readonly Record<string, string | undefined>[],
  file: string,
): { rows: Record<string, string>[]; warnings: ErrorIssue[] } {
  const warnings = unknownColumnWarnings(header, SCREEN_CSV_COLUMNS, file, "screening");
  const rows = records.map((r) => {
    const q: Record<string, string> = {};
    for (const c of SCREEN_CSV_COLUMNS) {
      const v = r[c]?.trim();
      if (v !== undefined && v !== "") q[c] = v;
    }
    // A row without a name cell is still a row: the contract names the missing field.
    if (q.name === undefined) q.name = "";
    return q;
  });
  return { rows, warnings };
}
