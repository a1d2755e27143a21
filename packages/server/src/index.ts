/**
 * @embargo/server — the HTTP API and web app host over @embargo/core.
 */

import type { Engine, Logger } from "@embargo/core";
import { type ServerType, serve } from "@hono/node-server";
import pino from "pino";
import { createApp } from "./app.ts";

export { type AppOptions, createApp, openapiDocument } from "./app.ts";
export type { AppEnv, RouteModule, ServerContext } from "./context.ts";
export { statusForCategory } from "./http-errors.ts";

/** Options for {@link startServer}. */
export interface StartOptions {
  engine: Engine;
  port?: number;
  host?: string;
  logger?: Logger;
}

/** Starts the HTTP server; `closed` resolves when it stops (SIGINT/SIGTERM or `close()`). */
export async function startServer(options: StartOptions): Promise<{
  port: number;
  close(): Promise<void>;
  closed: Promise<void>;
}> {
  const logger = options.logger ?? pino({ level: "info" });
  const app = createApp({ engine: options.engine, logger });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: options.host ?? "127.0.0.1" }, (info) =>
      resolve(info.port),
    );
  });
  let onClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    onClosed = r;
  });
  const close = () =>
    new Promise<void>((r) => {
      server?.close(() => {
        onClosed();
        r();
      });
    });
  const stop = () => void close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return { port, close, closed };
}
