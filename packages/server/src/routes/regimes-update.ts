/**
 * Regime updates over HTTP (issue 14): `GET /v1/regimes/sources` (the sources and the version in force, open like
 * every read), `POST /v1/regimes/update` and `POST /v1/regimes/rollback` (admin key). Same guarantees as
 * `embargo regimes update|rollback` — core's `updateRegimes` / `rollbackRegimes` do the work; a rejected source is
 * reported in the 200 body with its error, the previous data keep serving.
 *
 * Configuration (server only; core reads no environment): `EMBARGO_REGIMES_API_KEYS` (`role:key` pairs, as for the
 * diamond registry). With no keys configured, the update and rollback endpoints are refused. Tests inject
 * `engine.replace(REGIMES_HTTP_KEY, { apiKeys, fetch? })`.
 */
import { type Engine, type FetchLike, invalidInput } from "@embargo/core";
import {
  describeRegimeSources,
  parseRegimeRequest,
  RegimeRollbackRequestSchema,
  RegimeUpdateRequestSchema,
  regimeUpdateRequestJsonSchemas,
  rollbackRegimes,
  updateRegimes,
} from "@embargo/core/regimes";
import { type ApiRole, parseApiKeys, requireApiKey } from "../auth.ts";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";

export const REGIMES_HTTP_KEY = "regimes.http";

export interface RegimesHttpConfig {
  apiKeys: Map<string, ApiRole>;
  /** The network fetch (default: the global one). */
  fetch?: FetchLike;
}

const config = (engine: Engine) =>
  engine.lazy<RegimesHttpConfig>(REGIMES_HTTP_KEY, async () => ({
    apiKeys: parseApiKeys(process.env.EMBARGO_REGIMES_API_KEYS, "EMBARGO_REGIMES_API_KEYS"),
  }));

async function jsonBody(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput("REGIME_UPDATE_REQUEST_INVALID", "the request body is not valid JSON");
  }
}

const apiKeyParam = {
  name: "x-api-key",
  in: "header",
  required: true,
  schema: { type: "string" },
  description: "EMBARGO_REGIMES_API_KEYS admin key",
};

export const regimesUpdateRoutes: RouteModule = {
  register(app, { engine }) {
    app.get("/v1/regimes/sources", async (c) => {
      return c.json({ sources: await describeRegimeSources(engine) });
    });
    app.post("/v1/regimes/update", async (c) => {
      const cfg = await config(engine);
      requireApiKey(c, cfg.apiKeys, "admin");
      const req = parseRegimeRequest(RegimeUpdateRequestSchema, await jsonBody(c));
      const report = await updateRegimes(engine, {
        fetch: cfg.fetch ?? ((url, init) => fetch(url, init)),
        ...(req.sources ? { sources: req.sources } : {}),
        ...(req.urls ? { urls: req.urls } : {}),
        ...(req.asOf ? { asOf: req.asOf } : {}),
        ...(req.codes ? { codes: req.codes } : {}),
        force: req.force === true,
      });
      return c.json(report);
    });
    app.post("/v1/regimes/rollback", async (c) => {
      requireApiKey(c, (await config(engine)).apiKeys, "admin");
      const req = parseRegimeRequest(RegimeRollbackRequestSchema, await jsonBody(c));
      return c.json(await rollbackRegimes(engine, req.sources ? { sources: req.sources } : {}));
    });
  },
  openapi: {
    schemas: regimeUpdateRequestJsonSchemas(),
    paths: {
      "/v1/regimes/sources": {
        get: {
          tags: ["regimes"],
          operationId: "listRegimeSources",
          summary: "Official machine-readable regime sources and the imported version in force for each",
          responses: {
            "200": {
              description: "Sources",
              content: { "application/json": { schema: { type: "object", required: ["sources"] } } },
            },
          },
        },
      },
      "/v1/regimes/update": {
        post: {
          tags: ["regimes"],
          operationId: "updateRegimes",
          summary: "Import measures from the official sources (admin key)",
          description:
            "Downloads (timeouts, size limit), parses and validates each source against the regime schema; refuses an empty result, a shrink of more than 20% of the codes held or older data unless `force`; writes a new immutable version with its diff (codes added/removed per measure) and swaps atomically. The bundled data are never written. A rejected source is reported with its error; the previous data keep serving.",
          parameters: [apiKeyParam],
          requestBody: {
            required: false,
            content: { "application/json": { schema: { $ref: "#/components/schemas/RegimeUpdateRequest" } } },
          },
          responses: {
            "200": {
              description: "One result per source (updated, unchanged, rejected, skipped) with version and diff",
              content: { "application/json": { schema: { type: "object", required: ["results", "failed"] } } },
            },
            "401": { description: "No or unknown API key", content: errorResponses["400"].content },
            "403": { description: "Not an admin key", content: errorResponses["400"].content },
            ...errorResponses,
          },
        },
      },
      "/v1/regimes/rollback": {
        post: {
          tags: ["regimes"],
          operationId: "rollbackRegimes",
          summary: "Put back the version each regime update replaced, or the bundled data alone (admin key)",
          parameters: [apiKeyParam],
          requestBody: {
            required: false,
            content: { "application/json": { schema: { $ref: "#/components/schemas/RegimeRollbackRequest" } } },
          },
          responses: {
            "200": {
              description: "One result per source",
              content: { "application/json": { schema: { type: "object", required: ["results"] } } },
            },
            "401": { description: "No or unknown API key", content: errorResponses["400"].content },
            "403": { description: "Not an admin key", content: errorResponses["400"].content },
            ...errorResponses,
          },
        },
      },
    },
  },
};
