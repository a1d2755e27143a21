import { invalidInput } from "@embargo/core";
import {
  getScreener,
  MAX_SCREEN_BATCH,
  parseScreenRequest,
  screenOverrides,
  screenRequestJsonSchemas,
  screenRows,
  type YenteParams,
  yenteCatalog,
  yenteMatch,
} from "@embargo/core/screening";
import type { RouteModule } from "../context.ts";
import { capItems } from "../edges.ts";
import { errorResponses } from "../http-errors.ts";
import { compareOpenapi, registerCompareRoute } from "./screen-compare.ts";
import { decisionsOpenapi, registerDecisionRoutes, withDecisions } from "./screen-decisions.ts";

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw invalidInput("QUERY_PARAM_INVALID", `query parameter '${name}' must be a number, got '${v}'`, [
      { code: "not_a_number", field: name, message: v },
    ]);
  return n;
}

const hitSchema = {
  type: "object",
  required: ["list", "sourceId", "name", "score", "strength", "explanation"],
  properties: {
    entityId: { type: "string" },
    list: { type: "string", description: "Source list id (ofac-sdn, ofac-cons, un-sc, bis-dpl…)" },
    sourceId: { type: "string", description: "The list's own record id (OFAC ent_num, UN reference number…)" },
    name: { type: "string", description: "The listed name that matched" },
    caption: { type: "string" },
    type: { type: "string" },
    score: { type: "number", minimum: 0, maximum: 1 },
    strength: { type: "string", enum: ["match", "possible"] },
    programmes: { type: "array", items: { type: "string" } },
    sanctionKind: { type: "string", enum: ["asset_freeze", "end_user", "sectoral", "other"] },
    listedOn: { type: "string" },
    listings: {
      type: "array",
      description:
        "One profile per target: every listing of this person, company or vessel across lists (lead first), each with its list, record id, name, programmes, listing date and the official file it comes from",
      items: {
        type: "object",
        properties: {
          entityId: { type: "string" },
          list: { type: "string" },
          sourceId: { type: "string" },
          name: { type: "string" },
          programmes: { type: "array", items: { type: "string" } },
          listedOn: { type: "string" },
          sanctionKind: { type: "string" },
          sourceUrl: { type: "string" },
          partial: { type: "string" },
        },
      },
    },
    mergedOn: {
      type: "array",
      description:
        "Why the listings were taken for one target (shared identifier, name + date of birth, name + country)",
      items: { type: "object" },
    },
    partial: { type: "string", description: "Set when every listing is incomplete (e.g. an OFAC alias-only record)" },
    birthDates: { type: "array", items: { type: "string" } },
    birthPlaces: { type: "array", items: { type: "string" } },
    nationalities: { type: "array", items: { type: "string" } },
    gender: { type: "string" },
    addresses: { type: "array", items: { type: "object", properties: { full: { type: "string" } } } },
    identifiers: {
      type: "array",
      items: { type: "object", properties: { type: { type: "string" }, value: { type: "string" } } },
    },
    decision: {
      type: "object",
      description:
        "The current reviewed decision on this hit for this query (when a decision store is configured): `none`, `confirmed`, or `listing_changed` (reviewed as a false positive, but the listing changed since: alert again). Reviewer and reason need read access.",
      properties: {
        status: { type: "string", enum: ["none", "confirmed", "listing_changed", "false_positive"] },
        listingChanged: { type: "boolean" },
        decision: { $ref: "#/components/schemas/ScreeningDecision" },
      },
    },
    explanation: {
      type: "object",
      description: "Per-feature contributions, aligned name parts, and a text rendering",
      properties: {
        algorithm: { type: "string" },
        score: { type: "number" },
        nameScore: { type: "number" },
        matchedName: { type: "string" },
        pairs: { type: "array", items: { type: "object" } },
        features: {
          type: "array",
          items: {
            type: "object",
            properties: { feature: { type: "string" }, contribution: { type: "number" }, detail: { type: "string" } },
          },
        },
        text: { type: "string" },
      },
    },
  },
} as const;

const queryParam = (name: string, description: string, schema: object = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

/** `POST /v1/screen` (batch, explained hits) and the yente-compatible `POST /match/{dataset}` and `GET /catalog`. */
export const screenRoutes: RouteModule = {
  register(app, { engine }) {
    app.post("/v1/screen", async (c) => {
      const req = parseScreenRequest(await c.req.json());
      capItems("queries", req.queries.length, MAX_SCREEN_BATCH, "queries");
      const screener = await getScreener(engine);
      // Rows parsed and screened by core, as `embargo screen --batch` does: a bad row gets its own error.
      const results = screenRows(screener, req.queries, screenOverrides(req)).map((r) =>
        "error" in r
          ? { row: r.row, query: r.input, error: r.error }
          : {
              row: r.row,
              query: r.result.query,
              fingerprint: r.result.fingerprint,
              summary: r.result.summary,
              hits: r.result.hits,
              suppressed: r.result.suppressed,
            },
      );
      // Staleness is part of every answer: each list consulted with its date and age, and the warnings.
      const coverage = screener.coverage();
      return c.json({
        version: screener.version,
        checkedAt: coverage.checkedAt,
        lists: coverage.lists.map((l) => ({ ...l, sha256: screener.lists.find((x) => x.list === l.list)?.sha256 })),
        warnings: coverage.warnings,
        algorithm: req.algorithm ?? screener.options.algorithm,
        thresholds: { report: req.threshold ?? screener.options.threshold, match: screener.options.matchThreshold },
        // Reviewed decisions: suppress unchanged false positives, tell each hit its decision.
        results: await withDecisions(c, engine, screener, results),
      });
    });
    registerDecisionRoutes(app, engine);
    registerCompareRoute(app);

    app.post("/match/:dataset", async (c) => {
      const q = (k: string) => c.req.queries(k) ?? [];
      const params: YenteParams = {
        ...(num(c.req.query("limit"), "limit") !== undefined ? { limit: num(c.req.query("limit"), "limit") } : {}),
        ...(num(c.req.query("threshold"), "threshold") !== undefined
          ? { threshold: num(c.req.query("threshold"), "threshold") }
          : {}),
        ...(c.req.query("algorithm") ? { algorithm: c.req.query("algorithm") } : {}),
        include_dataset: q("include_dataset"),
        exclude_dataset: q("exclude_dataset"),
        exclude_schema: q("exclude_schema"),
        exclude_entity_ids: q("exclude_entity_ids"),
      };
      const screener = await getScreener(engine);
      return c.json(yenteMatch(screener, c.req.param("dataset"), await c.req.json(), params));
    });

    app.get("/catalog", async (c) => c.json(yenteCatalog(await getScreener(engine))));
  },
  openapi: {
    tags: [
      { name: "screening", description: "Party screening against sanctions lists, with explained hits" },
      { name: "yente", description: "OpenSanctions yente-compatible matching API" },
    ],
    schemas: {
      ...screenRequestJsonSchemas(),
      ScreenHit: hitSchema,
      ...decisionsOpenapi.schemas,
      ...compareOpenapi.schemas,
    },
    paths: {
      ...decisionsOpenapi.paths,
      ...compareOpenapi.paths,
      "/v1/screen": {
        post: {
          tags: ["screening"],
          operationId: "screenParties",
          summary: "Screen names (batch) against the loaded sanctions lists",
          description:
            "Each query is screened through the candidate index and scored by the explained `evidence` algorithm (or `ofac-parity`). Hits at or above `threshold` (default 0.70) are returned; `strength` is `match` at ≥ 0.95, else `possible`. A bad row is answered with its own error and the batch goes on. Hits withheld by a reviewed allow-list decision, or by a false positive recorded through `POST /v1/screen/decisions` on an unchanged listing, are listed under `suppressed`; every other hit carries its `decision`. `fingerprint` identifies the query for decisions.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/ScreenRequest" },
                example: { queries: [{ name: "Сергей Иванов", type: "person", country: "RU" }] },
              },
            },
          },
          responses: {
            "200": {
              description: "One result per query row (hits, suppressed) or that row's error",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      version: { type: "string" },
                      checkedAt: { type: "string", format: "date-time" },
                      lists: {
                        type: "array",
                        description:
                          "Each list consulted: publication date, age in days at `checkedAt`, entries, completeness",
                        items: { type: "object" },
                      },
                      warnings: {
                        type: "array",
                        description:
                          "Stale (older than the allowed age), undated, incomplete or retired lists, and G7 members whose list is not loaded",
                        items: {
                          type: "object",
                          properties: { code: { type: "string" }, message: { type: "string" } },
                        },
                      },
                      results: {
                        type: "array",
                        items: {
                          type: "object",
                          properties: {
                            row: { type: "integer" },
                            query: { type: "object" },
                            fingerprint: { type: "string" },
                            summary: {
                              type: "string",
                              description:
                                "The answer in one sentence, naming the lists' dates and every warning (never a bare 'No hit')",
                            },
                            hits: { type: "array", items: { $ref: "#/components/schemas/ScreenHit" } },
                            suppressed: { type: "array", items: { type: "object" } },
                            error: { type: "object" },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errorResponses,
          },
        },
      },
      "/match/{dataset}": {
        post: {
          tags: ["yente"],
          operationId: "yenteMatch",
          summary: "yente-compatible query-by-example matching (FollowTheMoney queries)",
          description:
            "Same request and response shape as OpenSanctions yente's `/match/{dataset}`, so yente clients work unchanged. `dataset` is `default` (all loaded lists) or a list id. Scores are Embargo's `evidence` algorithm (`algorithm=ofac` selects OFAC parity); `topics` and `changed_since` are accepted but not applied.",
          parameters: [
            { name: "dataset", in: "path", required: true, schema: { type: "string" } },
            queryParam("limit", "Results per query (default 5, max 500)", { type: "integer" }),
            queryParam("threshold", "Score from which `match` is true (default 0.70)", { type: "number" }),
            queryParam("algorithm", "best / logic-v2 (= evidence) or ofac"),
            queryParam("include_dataset", "Only these lists", { type: "array", items: { type: "string" } }),
            queryParam("exclude_dataset", "Not these lists", { type: "array", items: { type: "string" } }),
            queryParam("exclude_schema", "Not these FtM schemata", { type: "array", items: { type: "string" } }),
            queryParam("exclude_entity_ids", "Decided false positives", { type: "array", items: { type: "string" } }),
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["queries"],
                  properties: {
                    queries: {
                      type: "object",
                      additionalProperties: {
                        type: "object",
                        required: ["schema", "properties"],
                        properties: { schema: { type: "string" }, properties: { type: "object" } },
                      },
                    },
                  },
                },
                example: {
                  queries: { q1: { schema: "Person", properties: { name: ["Sergei Ivanov"], nationality: ["ru"] } } },
                },
              },
            },
          },
          responses: {
            "200": {
              description:
                "yente EntityMatchResponse: { responses: { key: { status, results, total, query } }, matcher, limit }",
              content: { "application/json": { schema: { type: "object" } } },
            },
            "404": {
              description: "Unknown dataset",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
          },
        },
      },
      "/catalog": {
        get: {
          tags: ["yente"],
          operationId: "yenteCatalog",
          summary: "yente-style catalogue of the loaded lists",
          responses: { "200": { description: "{ datasets, current, outdated, index_stale }" } },
        },
      },
    },
  },
};
