/**
 * What the diamonds page needs beyond the registry API: `POST /v1/diamonds/demo` seeds the clearly labelled DEMO
 * registry (admin key, like any registration; once), and `GET /v1/diamonds/lots/{id}/successor` says what a
 * consumed lot became (the event that consumed it and the lots it made), so the page can explain why a merged-away
 * lot has no import decision and point to the lot to decide instead.
 */
import { EmbargoError } from "@embargo/core";
import { seedDemoRegistry } from "@embargo/core/registry";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";
import { requireRole } from "./diamonds.ts";

const obj = { "application/json": { schema: { type: "object" } } };
const apiKey = {
  name: "x-api-key",
  in: "header",
  required: false,
  schema: { type: "string" },
  description: "admin (demo) or read (successor) API key",
};

export const diamondsDemoRoutes: RouteModule = {
  register(app, ctx) {
    app.post("/v1/diamonds/demo", async (c) => {
      const { registry, operatorSecretKey } = await requireRole(c, ctx.engine, "admin");
      return c.json(await seedDemoRegistry(registry, operatorSecretKey));
    });
    app.get("/v1/diamonds/lots/:id/successor", async (c) => {
      const { registry } = await requireRole(c, ctx.engine, "read");
      const id = c.req.param("id");
      const st = registry.view.lots.get(id);
      if (!st)
        throw new EmbargoError({ code: "LOT_NOT_FOUND", category: "not_found", message: `lot ${id} does not exist` });
      const rec = st.consumedBy ? registry.view.events.get(st.consumedBy) : undefined;
      return c.json({
        lotId: id,
        consumed: rec !== undefined,
        ...(rec
          ? {
              by: {
                eventId: rec.id,
                type: rec.event.type,
                time: rec.event.time,
                actor: rec.event.actor,
                inputs: rec.event.inputs,
                outputs: rec.event.outputs.map((o) => o.lotId),
              },
            }
          : {}),
      });
    });
  },
  openapi: {
    paths: {
      "/v1/diamonds/demo": {
        post: {
          tags: ["diamonds"],
          operationId: "seedDiamondsDemo",
          summary: "Seed the clearly labelled DEMO registry (admin key; once)",
          description:
            "Appends fictional parties and lots (ids DEMO-…, names 'DEMO … (fictional)') through the registry's own checks: Botswana rough with a KP certificate and a G7 node verification, Russian rough, both merged and split by an Indian cutter, polished stones. Seeding twice adds nothing (`seeded: false`).",
          parameters: [apiKey],
          responses: { "200": { description: "What was seeded", content: obj }, ...errorResponses },
        },
      },
      "/v1/diamonds/lots/{id}/successor": {
        get: {
          tags: ["diamonds"],
          operationId: "diamondLotSuccessor",
          summary: "What a consumed lot became: the merge, split or manufacture that consumed it and its outputs",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, apiKey],
          responses: { "200": { description: "The consuming event, if any", content: obj }, ...errorResponses },
        },
      },
    },
  },
};
