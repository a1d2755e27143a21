import { getListSnapshots, getListVersions, LIST_SOURCES, screeningCoverage } from "@embargo/core/screening";
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
    complete: { type: "boolean", description: "false when the snapshot is not the whole list (a sample)" },
    partialEntities: { type: "integer", description: "Records marked partial (e.g. OFAC alias-only records)" },
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
      // Ages and warnings (stale lists, missing G7 member lists) by the engine's clock, as every screening has them.
      const coverage = screeningCoverage(await getListSnapshots(engine), engine.clock.now());
      return c.json({
        lists,
        coverage,
        sources: LIST_SOURCES.map((s) => ({
          id: s.id,
          title: s.title,
          authority: s.authority,
          format: s.format,
          urls: s.urls,
          ...(s.urlNote ? { urlNote: s.urlNote } : {}),
          ...(s.retired ? { retired: s.retired } : {}),
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
            "Each snapshot names its origin (bundled or downloaded by `embargo lists update`), publication date, SHA-256, counts, last delta and caveats (e.g. the bundled OFAC SDN is of 2024-05-03); `coverage` gives each list's age and the warnings every screening carries (lists older than 30 days, G7 members whose list is not loaded, partial or retired lists).",
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
