import { invalidInput } from "@embargo/core";
import { readDataProvenance } from "@embargo/core/data";
import { codeView, EDITIONS, type Edition, getNomenclature, searchView } from "@embargo/core/nomenclature";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";

const LEVELS = ["section", "chapter", "heading", "subheading", "cn8"] as const;

function edition(value: string | undefined): Edition | undefined {
  if (value === undefined || value === "") return undefined;
  const e = EDITIONS.find((x) => x === value.toUpperCase());
  if (!e)
    throw invalidInput("HS_EDITION_INVALID", `unknown edition '${value}'`, [
      { code: "invalid_enum", field: "edition", message: `expected one of ${EDITIONS.join(", ")}` },
    ]);
  return e;
}

function limit(value: string | undefined): number {
  if (value === undefined || value === "") return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw invalidInput("LIMIT_INVALID", `limit must be an integer between 1 and 1000, not '${value}'`, [
      { code: "invalid_number", field: "limit", message: "expected an integer 1–1000" },
    ]);
  return n;
}

function level(value: string | undefined): (typeof LEVELS)[number] | undefined {
  if (value === undefined || value === "") return undefined;
  const l = LEVELS.find((x) => x === value);
  if (!l)
    throw invalidInput("HS_LEVEL_INVALID", `unknown level '${value}'`, [
      { code: "invalid_enum", field: "level", message: `expected one of ${LEVELS.join(", ")}` },
    ]);
  return l;
}

const entrySchema = {
  type: "object",
  required: ["code", "edition", "level", "description"],
  properties: {
    code: {
      type: "string",
      description: "Digits only (e.g. 854231); sections use Roman numerals",
      examples: ["854231"],
    },
    edition: { type: "string", enum: EDITIONS },
    level: { type: "string", enum: LEVELS },
    description: {
      type: "string",
      description: "HS: the (Comtrade) description. CN 8-digit: the full label heading › subheading › leaf",
    },
    leaf: { type: "string", description: "CN 8-digit: the leaf text exactly as the CN gives it" },
    parent: { type: "string" },
    section: { type: "string" },
    supplementaryUnit: { type: "string" },
    years: { type: "array", items: { type: "integer" }, description: "CN: years (2023–2026) the code exists" },
  },
} as const;

const jsonOf = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });

/** `/v1/hs` (code lookup and text search) and `/v1/about/data` (bundled data provenance). */
export const hsRoutes: RouteModule = {
  register(app, ctx) {
    app.get("/v1/hs", async (c) => {
      const q = (c.req.query("q") ?? "").trim();
      if (q === "")
        throw invalidInput("HS_QUERY_MISSING", "query parameter q (words to search for) is required", [
          { code: "required", field: "q", message: "required" },
        ]);
      const nom = await getNomenclature(ctx.engine);
      const ed = edition(c.req.query("edition"));
      const lv = level(c.req.query("level"));
      return c.json(
        searchView(nom, q, {
          limit: limit(c.req.query("limit")),
          ...(ed === undefined ? {} : { edition: ed }),
          ...(lv === undefined ? {} : { level: lv }),
        }),
      );
    });
    app.get("/v1/hs/:code", async (c) => {
      const nom = await getNomenclature(ctx.engine);
      return c.json(codeView(nom, c.req.param("code"), edition(c.req.query("edition"))));
    });
    app.get("/v1/about/data", async (c) => c.json(await readDataProvenance(ctx.engine.dataDir)));
  },
  openapi: {
    tags: [
      { name: "nomenclature", description: "HS 2017/2022 and EU CN 2023–2026 codes, correlation and search" },
      { name: "about", description: "Where the bundled data comes from" },
    ],
    paths: {
      "/v1/hs/{code}": {
        get: {
          tags: ["nomenclature"],
          operationId: "getHsCode",
          summary: "Look up an HS or CN code at any level, with parents, children and HS2017 correlation",
          parameters: [
            {
              name: "code",
              in: "path",
              required: true,
              description: "2/4/6/8 digits with any dots or spaces (8542, 8542.31, 85423111) or a section numeral",
              schema: { type: "string" },
              example: "8542.31",
            },
            {
              name: "edition",
              in: "query",
              description: "Default: HS2022 up to 6 digits, the latest CN that has the code for 8 digits",
              schema: { type: "string", enum: EDITIONS },
            },
          ],
          responses: {
            "200": { description: "The entry with its tree context", content: jsonOf("HsCodeView") },
            ...errorResponses,
          },
        },
      },
      "/v1/hs": {
        get: {
          tags: ["nomenclature"],
          operationId: "searchHs",
          summary: "Search code descriptions by words (ranked, prefix-aware)",
          parameters: [
            { name: "q", in: "query", required: true, schema: { type: "string" }, example: "integrated circuits" },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 20 } },
            {
              name: "edition",
              in: "query",
              description: "Default: HS2022 (sections to subheadings) plus the latest CN's 8-digit codes",
              schema: { type: "string", enum: EDITIONS },
            },
            { name: "level", in: "query", schema: { type: "string", enum: LEVELS } },
          ],
          responses: { "200": { description: "Ranked matches", content: jsonOf("HsSearch") }, ...errorResponses },
        },
      },
      "/v1/about/data": {
        get: {
          tags: ["about"],
          operationId: "getDataProvenance",
          summary: "Sources, licences and attribution lines of the bundled data (the PROVENANCE.md files)",
          responses: { "200": { description: "Provenance documents", content: jsonOf("DataProvenance") } },
        },
      },
    },
    schemas: {
      HsEntry: entrySchema,
      HsCodeView: {
        allOf: [
          { $ref: "#/components/schemas/HsEntry" },
          {
            type: "object",
            required: ["parents", "children", "dataVersion"],
            properties: {
              parents: { type: "array", items: { $ref: "#/components/schemas/HsEntry" } },
              children: { type: "array", items: { $ref: "#/components/schemas/HsEntry" } },
              correlation: {
                type: "object",
                description: "HS 6-digit codes: UNSD correlation to the other HS edition; relationship is from:to",
                properties: {
                  to: { type: "string", enum: ["HS2022", "HS2017"] },
                  links: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["code", "relationship"],
                      properties: {
                        code: { type: "string" },
                        relationship: { type: "string", enum: ["1:1", "n:1", "1:n", "n:n"] },
                        description: { type: "string" },
                      },
                    },
                  },
                },
              },
              dataVersion: { type: "string", examples: ["nomenclature-7070b49470ae"] },
            },
          },
        ],
      },
      HsSearch: {
        type: "object",
        required: ["query", "results", "dataVersion"],
        properties: {
          query: { type: "string" },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["code", "edition", "level", "description", "score"],
              properties: {
                code: { type: "string" },
                edition: { type: "string", enum: EDITIONS },
                level: { type: "string", enum: LEVELS },
                description: { type: "string" },
                score: { type: "number" },
              },
            },
          },
          dataVersion: { type: "string" },
        },
      },
      DataProvenance: {
        type: "object",
        required: ["index", "areas"],
        properties: {
          index: { type: "string", description: "data/PROVENANCE.md (Markdown)" },
          areas: {
            type: "array",
            items: {
              type: "object",
              required: ["area", "file", "markdown", "attributions"],
              properties: {
                area: { type: "string" },
                file: { type: "string" },
                markdown: { type: "string" },
                attributions: { type: "array", items: { type: "string" } },
              },
            },
          },
        },
      },
    },
  },
};
