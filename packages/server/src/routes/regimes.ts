import { invalidInput, notFound } from "@embargo/core";
import { getRegimes, knownRegimeStatus } from "@embargo/core/regimes";
import { compareRegimes, formatComparisonCsv } from "@embargo/core/verdicts";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";

const jsonOf = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });

const cellSchema = {
  type: "object",
  required: ["jurisdiction", "status", "verdict", "measures", "coverage"],
  properties: {
    jurisdiction: { type: "string" },
    status: { type: "string", enum: ["prohibited", "licence", "review", "partly", "none"] },
    verdict: { type: "string", enum: ["PROHIBITED", "LICENCE_REQUIRED", "REVIEW", "NOT_RESTRICTED"] },
    since: { type: "string", format: "date", description: "earliest entry into force of the restricting measures" },
    measures: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "kind", "from", "how", "coverage"],
        properties: {
          id: { type: "string" },
          kind: { type: "string" },
          from: { type: "string", format: "date" },
          until: { type: "string", format: "date" },
          prefix: { type: "string" },
          how: { type: "string", enum: ["prefix", "broader_code", "indicative", "all_except"] },
          coverage: { type: "string", enum: ["complete", "partial"] },
          threshold: { type: "string" },
        },
      },
    },
    coverage: {
      type: "string",
      enum: ["complete", "partial"],
      description: "partial: this member's lists are only partly encoded (not listed ≠ not restricted)",
    },
  },
} as const;

/** `GET /v1/regimes`, `/v1/regimes/diff` and `/v1/regimes/{id}`. */
export const regimesRoutes: RouteModule = {
  register(app, ctx) {
    app.get("/v1/regimes", async (c) => {
      const regimes = await getRegimes(ctx.engine);
      return c.json({
        dataVersion: regimes.version,
        members: regimes.members,
        scenarios: regimes.scenarios,
        files: regimes.files,
        // Per member: how many of its known regimes (concerning Russia or Belarus) are encoded, partial, not encoded.
        knownRegimeCounts: Object.fromEntries(
          regimes.members.map((m) => [m, knownRegimeStatus(regimes.knownRegimesOf(m)).counts]),
        ),
        groups: Object.fromEntries(
          Object.entries(regimes.groups).map(([k, g]) => [
            k,
            { title: g.title, mode: g.mode, members: g.members, citations: g.citations, coverage: g.coverage },
          ]),
        ),
      });
    });
    app.get("/v1/regimes/diff", async (c) => {
      const q = (k: string) => {
        const v = c.req.query(k);
        return v === undefined || v.trim() === "" ? undefined : v.trim();
      };
      const direction = q("direction");
      if (direction !== undefined && direction !== "export" && direction !== "import")
        throw invalidInput("DIRECTION_INVALID", "direction must be export or import", [
          { code: "invalid_enum", field: "direction", message: "expected export or import" },
        ]);
      const format = q("format") ?? "json";
      if (format !== "json" && format !== "csv")
        throw invalidInput("FORMAT_INVALID", "format must be json or csv", [
          { code: "invalid_enum", field: "format", message: "expected json or csv" },
        ]);
      const regimes = await getRegimes(ctx.engine);
      const codes = q("codes");
      const chapter = q("chapter");
      const scenario = q("scenario");
      const country = q("country");
      const cmp = compareRegimes(regimes, {
        ...(codes !== undefined ? { codes: codes.split(/[,\s]+/).filter(Boolean) } : {}),
        ...(chapter !== undefined ? { chapter } : {}),
        asOf: q("asOf") ?? ctx.engine.clock.now().toISOString().slice(0, 10),
        ...(scenario !== undefined ? { scenario } : {}),
        ...(country !== undefined ? { country } : {}),
        ...(direction !== undefined ? { direction: direction as "export" | "import" } : {}),
      });
      if (format === "csv") return c.body(formatComparisonCsv(cmp), 200, { "content-type": "text/csv; charset=utf-8" });
      return c.json(cmp);
    });
    app.get("/v1/regimes/:id", async (c) => {
      const regimes = await getRegimes(ctx.engine);
      const id = c.req.param("id");
      const files = regimes.files.filter((f) => f.jurisdiction === id);
      if (files.length === 0)
        throw notFound(
          "JURISDICTION_NOT_FOUND",
          `no regime data for '${id}'; known: ${[...regimes.members, ...regimes.scenarios].join(", ")}`,
        );
      const known = knownRegimeStatus(regimes.knownRegimesOf(id));
      return c.json({
        dataVersion: regimes.version,
        files,
        measures: regimes.measuresOf(id),
        knownRegimes: known.regimes,
        knownRegimeCounts: known.counts,
      });
    });
  },
  openapi: {
    tags: [{ name: "regimes", description: "G7 members' measures as dated, cited data, and their comparison" }],
    paths: {
      "/v1/regimes": {
        get: {
          tags: ["regimes"],
          operationId: "listRegimes",
          summary: "The loaded regime data: version, members, scenarios, files and country groups",
          responses: { "200": { description: "Regime data summary", content: jsonOf("RegimeList") } },
        },
      },
      "/v1/regimes/diff": {
        get: {
          tags: ["regimes"],
          operationId: "compareRegimes",
          summary: "Which members restrict which codes, since when; gaps between members; what a scenario adds",
          parameters: [
            {
              name: "codes",
              in: "query",
              description: "Comma-separated codes (2–10 digits, dots allowed)",
              schema: { type: "string" },
              example: "854231,8471,7113",
            },
            {
              name: "chapter",
              in: "query",
              description: "A 2-digit chapter: the codes any member lists under it (when codes is absent)",
              schema: { type: "string" },
              example: "85",
            },
            { name: "asOf", in: "query", description: "Default: today", schema: { type: "string", format: "date" } },
            { name: "scenario", in: "query", schema: { type: "string" }, example: "g7-full-ban-2023" },
            { name: "country", in: "query", schema: { type: "string", default: "RU" } },
            {
              name: "direction",
              in: "query",
              schema: { type: "string", enum: ["export", "import"], default: "export" },
            },
            { name: "format", in: "query", schema: { type: "string", enum: ["json", "csv"], default: "json" } },
          ],
          responses: {
            "200": {
              description: "The comparison (JSON), or CSV with one line per code × jurisdiction",
              content: {
                ...jsonOf("RegimeComparison"),
                "text/csv": { schema: { type: "string" } },
              },
            },
            ...errorResponses,
          },
        },
      },
      "/v1/regimes/{id}": {
        get: {
          tags: ["regimes"],
          operationId: "getRegime",
          summary: "One member's (or scenario's) measures and known regimes with their encoding status",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, example: "EU" }],
          responses: {
            "200": {
              description:
                "Files, measures (see the regime file JSON Schema: `embargo regimes schema`) and `knownRegimes`: every regime the member applies to Russia or Belarus with its status (encoded, partial, not_encoded), directions, countries, dates, measures, first citation and what is missing (`note`), plus `knownRegimeCounts`",
              content: { "application/json": { schema: { type: "object" } } },
            },
            ...errorResponses,
          },
        },
      },
    },
    schemas: {
      RegimeList: {
        type: "object",
        required: ["dataVersion", "members", "scenarios", "files"],
        properties: {
          dataVersion: { type: "string" },
          members: { type: "array", items: { type: "string" } },
          scenarios: { type: "array", items: { type: "string" } },
          files: { type: "array", items: { type: "object" } },
          knownRegimeCounts: {
            type: "object",
            description: "Per member: its known regimes counted by encoding status",
            additionalProperties: {
              type: "object",
              properties: {
                encoded: { type: "integer" },
                partial: { type: "integer" },
                not_encoded: { type: "integer" },
              },
            },
          },
          groups: { type: "object" },
        },
      },
      RegimeComparison: {
        type: "object",
        required: ["asOf", "dataVersion", "country", "direction", "members", "rows", "gaps", "scenarioAdditions"],
        properties: {
          asOf: { type: "string", format: "date" },
          dataVersion: { type: "string" },
          country: { type: "string" },
          direction: { type: "string", enum: ["export", "import"] },
          members: { type: "array", items: { type: "string" } },
          scenario: { type: "string" },
          rows: {
            type: "array",
            items: {
              type: "object",
              required: ["code", "cells", "restrictedBy", "notRestrictedBy", "gap", "scenarioAdds"],
              properties: {
                code: { type: "string" },
                cells: { type: "array", items: cellSchema },
                restrictedBy: { type: "array", items: { type: "string" } },
                notRestrictedBy: { type: "array", items: { type: "string" } },
                gap: { type: "boolean" },
                scenarioAdds: { type: "boolean" },
              },
            },
          },
          gaps: { type: "array", items: { type: "object" } },
          scenarioAdditions: { type: "array", items: { type: "string" } },
          summary: { type: "object" },
        },
      },
    },
  },
};
