import { getListVersions, LIST_SOURCES } from "@embargo/core/screening";
import type { RouteModule } from "../context.ts";

const versionSchema = {
  type: "object",
  required: ["list", "title", "origin", "sha256", "entities", "rows", "issues", "sources", "caveats"],
  properties: {
    list: { type: "string", description: "List id, e.g. ofac-sdn, un-sc" },
    title: { type: "string" },
    origin: { type: "string", enum: ["bundled", "downloaded"] },
    date: { type: "string", description: "Publication date of the source (ISO, may be YYYY-MM)" },
    sha256: { type: "string", description: "SHA-256 of the source bytes" },
    entities: { type: "integer" },
    rows: { type: "integer" },
    issues: { type: "integer", description: "Rows skipped or partly read" },
    retrievedAt: { type: "string", format: "date-time" },
    sources: { type: "array", items: { type: "string" } },
    caveats: { type: "array", items: { type: "string" } },
    delta: {
      type: "object",
      properties: { added: { type: "integer" }, removed: { type: "integer" }, changed: { type: "integer" } },
    },
  },
} as const;

/** `GET /v1/lists`: the sanctions-list snapshots in force (versions, dates, counts, caveats) and known sources. */
export const listsRoutes: RouteModule = {
  register(app, { engine }) {
    app.get("/v1/lists", async (c) => {
      const lists = await getListVersions(engine);
      const loaded = new Set(lists.map((l) => l.list));
      return c.json({
        lists,
        sources: LIST_SOURCES.map((s) => ({
          id: s.id,
          title: s.title,
          authority: s.authority,
          format: s.format,
          urls: s.urls,
          ...(s.urlNote ? { urlNote: s.urlNote } : {}),
          licence: s.licence,
          attribution: s.attribution,
          hitMeans: s.hitMeans,
          loaded: loaded.has(s.id),
        })),
      });
    });
  },
  openapi: {
    tags: [{ name: "lists", description: "Sanctions-list snapshots used for party screening" }],
    schemas: { ListVersion: versionSchema },
    paths: {
      "/v1/lists": {
        get: {
          tags: ["lists"],
          summary: "Sanctions-list snapshots in force and the known list sources",
          description:
            "Each snapshot names its origin (bundled or downloaded by `embargo lists update`), publication date, SHA-256, counts, last delta and caveats (e.g. the bundled OFAC SDN predates 2022).",
          responses: {
            "200": {
              description: "Lists",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["lists", "sources"],
                    properties: {
                      lists: { type: "array", items: { $ref: "#/components/schemas/ListVersion" } },
                      sources: { type: "array", items: { type: "object" } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};
