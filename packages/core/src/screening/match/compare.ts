/**
 * Compare two names: the evidence scorer on one pair, without any list. Analysts use it to tune thresholds and
 * justify a decision; anyone can evaluate the matcher on their own labelled pairs (`embargo screen compare`,
 * `POST /v1/screen/compare`). The request is validated with zod; a bad request is an `invalid_input` EmbargoError.
 */
import { z } from "zod";
import { invalidInput, issuesFromZod } from "../../errors/index.ts";
import { type Entity, type EntityType, newEntity } from "../model.ts";
import { prepareName } from "./names.ts";
import { queryReadings } from "./readings.ts";
import { DEFAULT_SCORE_PARAMS, type Explanation, explanationText, type ScoreParams, scoreEntity } from "./scorer.ts";

/** Entity types a comparison can assume for the second name (the listed side). */
export const COMPARE_TYPES = ["person", "organization", "vessel"] as const;

/** Default thresholds: the screener's reporting threshold (yente's 0.70) and its match threshold (0.95). */
export const COMPARE_THRESHOLDS = { possible: 0.7, match: 0.95 } as const;

/** The `POST /v1/screen/compare` body (also one row of `--pairs`). */
export const ComparePairSchema = z
  .object({
    name1: z.string().trim().min(1, "name1 is empty").max(500),
    name2: z.string().trim().min(1, "name2 is empty").max(500),
    type: z.enum(COMPARE_TYPES).optional(),
  })
  .strict();

const CompareBatchSchema = z.object({ pairs: z.array(ComparePairSchema).min(1).max(1000) }).strict();
export const CompareRequestSchema = z.union([ComparePairSchema, CompareBatchSchema]);

export type ComparePair = z.infer<typeof ComparePairSchema>;

/** JSON Schema (OpenAPI 3.0 dialect) of the compare request, generated from the zod schema so they stay in step. */
export function compareRequestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CompareRequestSchema, { target: "openapi-3.0", io: "input" }) as Record<string, unknown>;
}

/** One compared pair: score, verdict at the thresholds, and the explanation (features summing to the score). */
export interface CompareResult {
  name1: string;
  name2: string;
  type?: EntityType;
  score: number;
  verdict: "match" | "possible" | "no_match";
  thresholds: { possible: number; match: number };
  explanation: Explanation;
}

function entityOf(name: string, type: EntityType): Entity {
  return newEntity({ list: "compare", sourceId: "name2", type, names: [{ full: name, kind: "primary" }] });
}

/**
 * Scores `name1` (as a query) against `name2` (as a listed name of `type`, unknown when not given). The
 * explanation's features are the score: the name feature carries the name score, each other feature its signed
 * contribution.
 */
export function compareNames(
  name1: string,
  name2: string,
  options: { type?: EntityType; thresholds?: { possible: number; match: number }; params?: ScoreParams } = {},
): CompareResult {
  const type = options.type ?? "unknown";
  const thresholds = options.thresholds ?? COMPARE_THRESHOLDS;
  const q = { name: name1, ...(options.type ? { type: options.type } : {}) };
  const qName = prepareName(name1, { type });
  const listed = prepareName(name2, { kind: "primary", type });
  const entity = entityOf(name2, type);
  const params = options.params ?? DEFAULT_SCORE_PARAMS;
  let explanation = scoreEntity(q, qName, entity, [listed], params);
  // The query's other readings, as the screener scores them (a person's name without its titles…).
  for (const r of queryReadings(name1, type, qName)) {
    if (!r.types.has(type)) continue;
    const alt = scoreEntity(q, r.name, entity, [listed], params);
    if (alt.score > explanation.score) {
      alt.features.push({ feature: "query_reading", contribution: 0, detail: r.detail });
      alt.text = explanationText(alt);
      explanation = alt;
    }
  }
  const score = explanation.score;
  return {
    name1,
    name2,
    ...(options.type ? { type: options.type } : {}),
    score,
    verdict: score >= thresholds.match ? "match" : score >= thresholds.possible ? "possible" : "no_match",
    thresholds,
    explanation,
  };
}

/** Validates a compare request (one pair or `{ pairs: [...] }`) and compares every pair. */
export function comparePairs(body: unknown): CompareResult[] {
  const r = CompareRequestSchema.safeParse(body);
  if (!r.success)
    throw invalidInput(
      "COMPARE_BODY_INVALID",
      "body must be { name1, name2, type? } or { pairs: [{ name1, name2, type? }] } (type: person, organization or vessel)",
      // A union's error names no field: report the issues of the shape the body was meant to have.
      issuesFromZod(
        (body !== null && typeof body === "object" && "pairs" in body
          ? CompareBatchSchema
          : ComparePairSchema
        ).safeParse(body).error ?? r.error,
      ),
    );
  const pairs = "pairs" in r.data ? r.data.pairs : [r.data];
  return pairs.map((p) => compareNames(p.name1, p.name2, p.type ? { type: p.type } : {}));
}

/** A one-line rendering of the explanation's features, for CSV output: `name_parts +0.91; legal_form_mismatch −0.15`. */
export function featureSummary(e: Explanation): string {
  return e.features
    .map((f) => `${f.feature} ${f.contribution >= 0 ? "+" : "−"}${Math.abs(f.contribution).toFixed(4)} (${f.detail})`)
    .join("; ");
}
