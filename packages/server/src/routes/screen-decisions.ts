/**
 * Screening decisions over HTTP: `POST /v1/screen/decisions` (record false positives / confirmations, admin key),
 * `GET /v1/screen/decisions` (the append-only audit log, read key), and {@link withDecisions}, which `POST
 * /v1/screen` uses to suppress reviewed false positives and tell each hit its current decision.
 *
 * Configuration (server only; core reads no environment): `EMBARGO_SCREENING_API_KEYS` (`role:key` pairs, as
 * for the diamond registry), `EMBARGO_SCREENING_DB` (`postgres://…` or `pglite:<dir>`; default PGlite under
 * `<state-dir>/screening/decisions`). Tests inject `engine.replace(SCREENING_HTTP_KEY, { apiKeys })` and
 * `engine.replace(DECISION_STORE_KEY, store)`.
 */
import { type Engine, isEmbargoError } from "@embargo/core";
import { recordDecisionsAudited } from "@embargo/core/audit";
import {
  applyDecisions,
  type DecidedSuppression,
  type DecisionRecord,
  type DecisionStore,
  getDecisionStore,
  getScreener,
  type HitLike,
  listDecisions,
  parseDecisionInputs,
  type Screener,
  screeningSummary,
} from "@embargo/core/screening";
import type { Context, Hono } from "hono";
import { type ApiRole, canRead, parseApiKeys, requireApiKey } from "../auth.ts";
import type { AppEnv } from "../context.ts";
import { errorResponses } from "../http-errors.ts";
import { auditAppenderIfAvailable } from "./audit.ts";

export const SCREENING_HTTP_KEY = "screening.http";

export interface ScreeningHttpConfig {
  /** API key → role: recording a decision needs `admin`, reading the log `read` (open when no keys are set). */
  apiKeys: Map<string, ApiRole>;
  /** Decision database (`postgres://…`, `pglite:<dir>`); default PGlite under the state directory. */
  db?: string;
}

const config = (engine: Engine) =>
  engine.lazy<ScreeningHttpConfig>(SCREENING_HTTP_KEY, async () => ({
    apiKeys: parseApiKeys(process.env.EMBARGO_SCREENING_API_KEYS, "EMBARGO_SCREENING_API_KEYS"),
    ...(process.env.EMBARGO_SCREENING_DB ? { db: process.env.EMBARGO_SCREENING_DB } : {}),
  }));

async function store(engine: Engine): Promise<DecisionStore> {
  return getDecisionStore(engine, (await config(engine)).db);
}

/** The store when one is configured; `undefined` when there is none (no state directory, no URL). */
async function optionalStore(engine: Engine): Promise<DecisionStore | undefined> {
  try {
    return await store(engine);
  } catch (e) {
    if (isEmbargoError(e) && e.code === "STATE_DIR_REQUIRED") return undefined;
    throw e;
  }
}

type Row = { fingerprint?: string; summary?: string; hits?: HitLike[]; suppressed?: unknown[] };

/**
 * Applies the latest decisions to `POST /v1/screen` rows: reviewed false positives on unchanged listings move to
 * `suppressed`, every other hit gets `decision` (`none`, `confirmed`, `listing_changed`). Without read access
 * the decision's reviewer and reason are withheld (only its status is told). Rows pass through when no store.
 */
export async function withDecisions<R extends Row>(
  c: Context<AppEnv>,
  engine: Engine,
  screener: Screener,
  rows: R[],
): Promise<R[]> {
  const st = await optionalStore(engine);
  if (!st) return rows;
  const fps = rows.map((r) => r.fingerprint).filter((f): f is string => typeof f === "string");
  const latest = await st.latest(fps);
  const detail = canRead(c, (await config(engine)).apiKeys);
  const redact = (d: DecisionRecord | undefined) => (d && !detail ? { verdict: d.verdict, at: d.at, seq: d.seq } : d);
  return rows.map((r) => {
    if (!r.fingerprint || !r.hits) return r;
    const a = applyDecisions(
      { fingerprint: r.fingerprint, hits: r.hits, suppressed: r.suppressed ?? [] },
      latest,
      screener,
    );
    // Hits withheld by a decision leave the count: the summary sentence is told again over what is shown.
    const summary =
      typeof r.summary === "string" && a.hits.length !== r.hits.length
        ? {
            summary: screeningSummary(
              screener.coverage(),
              a.hits.length,
              a.hits.filter((h) => (h as { strength?: string }).strength === "match").length,
            ),
          }
        : {};
    if (detail) return { ...r, ...a, ...summary };
    return {
      ...r,
      hits: a.hits.map((h) => ({ ...h, decision: { ...h.decision, decision: redact(h.decision.decision) } })),
      ...summary,
      suppressed: a.suppressed.map((s) => {
        if (!(s && typeof s === "object" && "decision" in s)) return s;
        const d = s as DecidedSuppression;
        const { reviewer: _r, reason: _why, ...rest } = d;
        return { ...rest, decision: { status: d.decision.status } };
      }),
    };
  });
}

/** Registers the decision routes. */
export function registerDecisionRoutes(app: Hono<AppEnv>, engine: Engine): void {
  app.post("/v1/screen/decisions", async (c) => {
    requireApiKey(c, (await config(engine)).apiKeys, "admin");
    const inputs = parseDecisionInputs(await c.req.json());
    const screener = await getScreener(engine);
    // Every decision also goes to the signed audit trail (routes/audit.ts) when the server has one: the audit
    // record first, so no decision is ever in force without it (core recordDecisionsAudited says why).
    const { records, audit } = await recordDecisionsAudited(
      await store(engine),
      screener,
      inputs,
      engine.clock,
      await auditAppenderIfAvailable(c, engine),
    );
    return c.json({ decisions: records, ...(audit ? { audit } : {}) }, 201);
  });
  app.get("/v1/screen/decisions", async (c) => {
    requireApiKey(c, (await config(engine)).apiKeys, "read");
    const decisions = await listDecisions(await store(engine), c.req.query());
    const last = decisions.at(-1);
    return c.json({ decisions, ...(last && last.seq > 1 ? { next: { before: last.seq } } : {}) });
  });
}

const decisionRecordSchema = {
  type: "object",
  required: [
    "seq",
    "verdict",
    "entityId",
    "fingerprint",
    "entityDigest",
    "reviewer",
    "at",
    "query",
    "list",
    "sourceId",
  ],
  properties: {
    seq: {
      type: "integer",
      description:
        "Position in the append-only log; a later decision on the same (entity, query) supersedes an earlier one",
    },
    verdict: { type: "string", enum: ["false_positive", "confirmed"] },
    entityId: { type: "string" },
    fingerprint: {
      type: "string",
      description: "Fingerprint of the screened query (order-free normalised name, type, country, dob)",
    },
    entityDigest: { type: "string", description: "Digest of the listing as reviewed; a changed listing alerts again" },
    reviewer: { type: "string" },
    reason: { type: "string" },
    at: { type: "string", format: "date-time" },
    query: { type: "object" },
    list: { type: "string" },
    sourceId: { type: "string" },
    caption: { type: "string" },
    score: { type: "number" },
  },
} as const;

const decisionInput = {
  type: "object",
  required: ["query", "entityId", "verdict", "reviewer"],
  additionalProperties: false,
  properties: {
    query: {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", maxLength: 500 },
        type: { type: "string", enum: ["person", "organization", "vessel", "aircraft", "unknown"] },
        country: { type: "string", pattern: "^[A-Za-z]{2}$" },
        dob: { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" },
      },
    },
    entityId: { type: "string", description: "The hit's entityId" },
    verdict: { type: "string", enum: ["false_positive", "confirmed"] },
    reviewer: { type: "string", maxLength: 200 },
    reason: { type: "string", maxLength: 2000, description: "Required for a false positive" },
    score: { type: "number", minimum: 0, maximum: 1 },
  },
} as const;

const apiKeyParam = {
  name: "x-api-key",
  in: "header",
  required: false,
  schema: { type: "string" },
  description: "EMBARGO_SCREENING_API_KEYS key: admin to record, read (or admin) to list when keys are configured",
};

const q = (name: string, description: string, schema: object = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

/** OpenAPI paths and schemas of the decision routes (merged into the screen module's). */
export const decisionsOpenapi = {
  schemas: { ScreeningDecision: decisionRecordSchema, ScreeningDecisionInput: decisionInput },
  paths: {
    "/v1/screen/decisions": {
      post: {
        tags: ["screening"],
        operationId: "recordScreeningDecisions",
        summary: "Record reviewed decisions on hits: false positive (with a reason) or confirmed match",
        description:
          "One decision or `{ decisions: [...] }` (at most 1000; all or none). Keyed on the hit's entity and the query's fingerprint; the listing's digest is kept, so a false positive suppresses the hit in later screens only while the listing is unchanged. The reviewer, reason and time (server clock) are appended to the audit log, which is never updated in place. Needs an admin key.",
        parameters: [apiKeyParam],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  { $ref: "#/components/schemas/ScreeningDecisionInput" },
                  {
                    type: "object",
                    required: ["decisions"],
                    properties: {
                      decisions: {
                        type: "array",
                        maxItems: 1000,
                        items: { $ref: "#/components/schemas/ScreeningDecisionInput" },
                      },
                    },
                  },
                ],
              },
              example: {
                query: { name: "Sergei Ivanov", type: "person" },
                entityId: "ofac-sdn:16688",
                verdict: "false_positive",
                reviewer: "j.doe",
                reason: "customer born 1990; listed person born 1962",
              },
            },
          },
        },
        responses: {
          "201": {
            description: "The decisions as stored",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    decisions: { type: "array", items: { $ref: "#/components/schemas/ScreeningDecision" } },
                  },
                },
              },
            },
          },
          "401": { description: "No or unknown API key", content: errorResponses["400"].content },
          "403": { description: "Not an admin key", content: errorResponses["400"].content },
          ...errorResponses,
        },
      },
      get: {
        tags: ["screening"],
        operationId: "listScreeningDecisions",
        summary: "The audit log of screening decisions, newest first",
        parameters: [
          apiKeyParam,
          q("entityId", "Decisions on this listed entity"),
          q("name", "Decisions on this query (matched by fingerprint; qualify with type, country, dob)"),
          q("type", "Query type, with name"),
          q("country", "Query country, with name"),
          q("dob", "Query date of birth, with name"),
          q("fingerprint", "Decisions on this query fingerprint"),
          q("verdict", "false_positive or confirmed", { type: "string", enum: ["false_positive", "confirmed"] }),
          q("reviewer", "Decisions by this reviewer"),
          q("before", "Only decisions with seq below (paging)", { type: "integer" }),
          q("limit", "At most this many (default 100, max 1000)", { type: "integer", minimum: 1, maximum: 1000 }),
        ],
        responses: {
          "200": {
            description: "Decisions, newest first; `next.before` pages on",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    decisions: { type: "array", items: { $ref: "#/components/schemas/ScreeningDecision" } },
                    next: { type: "object", properties: { before: { type: "integer" } } },
                  },
                },
              },
            },
          },
          "401": { description: "No or unknown API key", content: errorResponses["400"].content },
          ...errorResponses,
        },
      },
    },
  },
};
