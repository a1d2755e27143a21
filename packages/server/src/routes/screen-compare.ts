/**
 * `POST /v1/screen/compare`: the evidence scorer on one name pair or a batch of pairs, without any list. The body
 * is validated with zod in core ({@link comparePairs}); a bad body is a 400 with the invalid_input error and its
 * issues. Open like `POST /v1/screen` (no key): it reads no stored data.
 */
import { type CompareResult, comparePairs, compareRequestJsonSchema } from "@embargo/core/screening";
import type { Hono } from "hono";
import type { AppEnv } from "../context.ts";

/** Registers the route on the app. */
export function registerCompareRoute(app: Hono<AppEnv>): void {
  app.post("/v1/screen/compare", async (c) => {
    const results: CompareResult[] = comparePairs(await c.req.json());
    return c.json({ pairs: results });
  });
}

const featureSchema = {
  type: "object",
  required: ["feature", "contribution", "detail"],
  properties: {
    feature: { type: "string", description: "Feature name (see the scorer's feature table)" },
    contribution: {
      type: "number",
      description: "Signed change to the score; the name feature carries the name score itself",
    },
    detail: { type: "string" },
  },
};

/** The OpenAPI fragment: schemas and the path. */
export const compareOpenapi = {
  schemas: {
    ComparePair: compareRequestJsonSchema(),
    CompareResult: {
      type: "object",
      required: ["name1", "name2", "score", "verdict", "thresholds", "explanation"],
      properties: {
        name1: { type: "string" },
        name2: { type: "string" },
        type: { type: "string", enum: ["person", "organization", "vessel"] },
        score: { type: "number", minimum: 0, maximum: 1 },
        verdict: { type: "string", enum: ["match", "possible", "no_match"] },
        thresholds: {
          type: "object",
          properties: { possible: { type: "number" }, match: { type: "number" } },
        },
        explanation: {
          type: "object",
          description: "The feature table: the features' contributions sum to the score (clamped to 0..1)",
          properties: {
            algorithm: { type: "string" },
            score: { type: "number" },
            nameScore: { type: "number" },
            pairs: { type: "array", items: { type: "object" } },
            features: { type: "array", items: featureSchema },
            text: { type: "string" },
          },
        },
      },
    },
  },
  paths: {
    "/v1/screen/compare": {
      post: {
        tags: ["screening"],
        operationId: "screenCompare",
        summary: "Compare two names (or a batch of pairs) with the explained scorer",
        description:
          "Scores `name1` as a query against `name2` as a listed name of `type` (person, organization or vessel; unknown when left out), without consulting any list. The verdict uses the screener's thresholds (possible ≥ 0.70, match ≥ 0.95). Send `{ name1, name2, type? }` or `{ pairs: [...] }` (at most 1000).",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/ComparePair" },
              example: { name1: "Vyacehslav Volodin", name2: "VOLODIN, Vyacheslav", type: "person" },
            },
          },
        },
        responses: {
          "200": {
            description: "One result per pair",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { pairs: { type: "array", items: { $ref: "#/components/schemas/CompareResult" } } },
                },
              },
            },
          },
          "400": {
            description: "Malformed body (COMPARE_BODY_INVALID, with one issue per bad field)",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      },
    },
  },
};
