import { type Engine, invalidInput, type Logger, silentLogger, toErrorData } from "@embargo/core";
import { mountWeb } from "@embargo/web";
import { Hono } from "hono";
import type { AppEnv, ServerContext } from "./context.ts";
import {
  bodyLimitEdge,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RATE_LIMIT,
  type EdgeOptions,
  itemCapEdge,
  jsonContentTypeEdge,
  MAX_CHECK_ITEMS,
  RequestTooLarge,
  rateLimitEdge,
  requestIdEdge,
  securityHeadersEdge,
} from "./edges.ts";
import { errorSchema, statusForCategory, wordForHttp } from "./http-errors.ts";
import type { Readiness } from "./lifecycle.ts";
import { routeModules } from "./routes/index.ts";

/** Options for {@link createApp}. */
export interface AppOptions {
  engine: Engine;
  logger?: Logger;
  /** Serve the web app too (default true). */
  web?: boolean;
  /** Readiness for `/readyz` (set by `startServer` while it warms up); without it the app is ready at once. */
  readiness?: () => Readiness;
  /** Body-size limit and rate limit (defaults: 10 MiB; 50/s, bursts of 100, loopback exempt). */
  edges?: EdgeOptions;
}

/** Builds the OpenAPI 3.1 document from the route modules. */
export function openapiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { Error: errorSchema };
  const tags: { name: string; description: string }[] = [];
  for (const m of routeModules) {
    Object.assign(paths, m.openapi.paths);
    Object.assign(schemas, m.openapi.schemas ?? {});
    tags.push(...(m.openapi.tags ?? []));
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Embargo API",
      version: "0.1.0",
      description:
        "G7 sanctions and export controls against Russia: explained shipment verdicts, nomenclature, regime comparison, party screening, trade monitoring and diamond provenance. Errors are `{ error: { code, category, message, issues } }`.",
      license: { name: "Apache-2.0" },
    },
    tags,
    paths,
    components: { schemas },
  };
}

/**
 * The hono app: every capability's routes, `/openapi.json`, JSON errors mapped from categories, and the web app.
 * Tested in-process with `app.request()`.
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const logger = options.logger ?? silentLogger;
  const ctx: ServerContext = { engine: options.engine, logger };
  const app = new Hono<AppEnv>();

  // The edges, before any route, JSON parsing or API-key check (edges.ts).
  const rateLimit = options.edges?.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.edges.rateLimit;
  app.use("*", requestIdEdge());
  app.use("*", securityHeadersEdge());
  if (rateLimit) app.use("*", rateLimitEdge(rateLimit));
  app.use("*", bodyLimitEdge(options.edges?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  app.use("*", jsonContentTypeEdge());
  app.use(
    "/v1/check",
    itemCapEdge("shipment.items", MAX_CHECK_ITEMS, (b) => {
      const items = (b as { shipment?: { items?: unknown } } | null)?.shipment?.items;
      return Array.isArray(items) ? items.length : undefined;
    }),
  );

  app.onError((e, c) => {
    // A malformed JSON body surfaces as a SyntaxError from c.req.json(): that is the client's fault.
    if (e instanceof SyntaxError) {
      const bad = invalidInput("BODY_NOT_JSON", `request body is not valid JSON: ${e.message}`, [
        { code: "not_json", field: "body", message: e.message },
      ]).toJSON();
      return c.json({ error: { ...bad, issues: bad.issues ?? [] } }, 400);
    }
    const data = toErrorData(e);
    data.message = wordForHttp(data.message);
    const status = e instanceof RequestTooLarge ? 413 : statusForCategory[data.category];
    if (status >= 500) logger.error({ err: data, requestId: c.get("requestId") }, "request failed");
    return c.json({ error: { ...data, issues: data.issues ?? [] } }, status);
  });

  app.notFound((c) =>
    c.json(
      {
        error: {
          code: "ROUTE_NOT_FOUND",
          category: "not_found",
          message: `no route for ${c.req.method} ${c.req.path}`,
          issues: [],
        },
      },
      404,
    ),
  );

  // Alive vs ready: /healthz answers as soon as the process serves, /readyz once the first request's data is loaded.
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", (c) => {
    const r = options.readiness?.() ?? { ready: true, pending: [], failed: [] };
    return c.json({ status: r.ready ? "ready" : "warming", ...r }, r.ready ? 200 : 503);
  });
  app.get("/openapi.json", (c) => c.json(openapiDocument()));
  for (const m of routeModules) m.register(app, ctx);
  if (options.web !== false) mountWeb(app);
  return app;
}
