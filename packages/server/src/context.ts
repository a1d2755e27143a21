import type { Engine, Logger } from "@embargo/core";
import type { Hono } from "hono";

/** What every route module receives. */
export interface ServerContext {
  engine: Engine;
  logger: Logger;
}

/** Env type for the hono app (no bindings; variables set by middleware). */
export type AppEnv = { Variables: { requestId: string } };

/**
 * A capability's HTTP surface: registers its routes and contributes its part of the OpenAPI document
 * (`paths` and `components.schemas`), so the document is assembled from the same modules that serve.
 */
export interface RouteModule {
  register(app: Hono<AppEnv>, ctx: ServerContext): void;
  openapi: {
    paths: Record<string, unknown>;
    schemas?: Record<string, unknown>;
    tags?: { name: string; description: string }[];
  };
}
