/**
 * @embargo/server — the HTTP API and web app host over @embargo/core.
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Engine, Logger } from "@embargo/core";
import { getRequestListener } from "@hono/node-server";
import pino from "pino";
import { createApp } from "./app.ts";
import { DEFAULT_MAX_BODY_BYTES, type EdgeOptions, edgeOptionsFromEnv, nodeBodyLimit } from "./edges.ts";
import { defaultWarmers, trackResources, type Warmer, warmUp } from "./lifecycle.ts";

export { type AppOptions, createApp, openapiDocument } from "./app.ts";
export type { AppEnv, RouteModule, ServerContext } from "./context.ts";
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RATE_LIMIT,
  type EdgeOptions,
  edgeOptionsFromEnv,
  type RateLimitOptions,
} from "./edges.ts";
export { statusForCategory } from "./http-errors.ts";
export { defaultWarmers, type Readiness, trackResources, type Warmer, warmUp } from "./lifecycle.ts";

/** Options for {@link startServer}. */
export interface StartOptions {
  engine: Engine;
  port?: number;
  host?: string;
  logger?: Logger;
  /** What to load before `/readyz` says ready (default {@link defaultWarmers}; `[]` for none). */
  warmers?: Warmer[];
  /** Stop on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  /**
   * After a stop is requested, how long the server keeps accepting (while `/readyz` says "stopping"), so requests
   * already sent — queued behind a busy event loop or in the listen backlog — are taken rather than reset
   * (default 250 ms).
   */
  lameDuckMs?: number;
  /** Then, how long in-flight requests may take to finish before they are cut (default 1500 ms). */
  drainMs?: number;
  /** Body-size and rate limits (default: from `EMBARGO_MAX_BODY_BYTES` and `EMBARGO_RATE_LIMIT`, see edges.ts). */
  edges?: EdgeOptions;
}

/** A running server. */
export interface RunningServer {
  port: number;
  /** Resolves when the warmers have run (the moment `/readyz` turns 200). */
  ready: Promise<void>;
  /** Stops accepting connections, lets in-flight requests finish (bounded by `drainMs`), closes the engine's databases. */
  close(): Promise<void>;
  /** Resolves once the server has stopped (after a signal or `close()`). */
  closed: Promise<void>;
}

/**
 * Starts the HTTP server. It listens at once (`/healthz` answers 200: alive) and warms what the first request
 * needs; `/readyz` answers 503 until then and 200 after. On SIGINT/SIGTERM (or `close()`) `/readyz` turns 503,
 * it accepts for `lameDuckMs` more, then stops accepting connections, finishes in-flight requests (at most
 * `drainMs`, then cuts the rest), and closes PGlite,
 * PostgreSQL and DuckDB handles the engine opened, so the process can exit 0 well within 2 s.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: "info" });
  const resources = trackResources(options.engine);
  const engine = resources.engine;
  const warm = warmUp(engine, options.warmers ?? defaultWarmers, logger);
  let stopping = false;
  const readiness = () => {
    const r = warm.state();
    return stopping ? { ...r, ready: false, stopping: true } : r;
  };
  const edges = options.edges ?? edgeOptionsFromEnv(process.env);
  const app = createApp({ engine, logger, readiness, edges });
  const hostname = options.host ?? "127.0.0.1";
  // The body limit runs on the raw node request, before hono sees it (a chunked 100 MB body is cut at the limit).
  const listener = nodeBodyLimit(
    edges.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    getRequestListener(app.fetch, { hostname }),
    logger,
  );
  const server: Server = createServer(listener);
  const port = await new Promise<number>((resolve) => {
    server.listen(options.port ?? 8080, hostname, () => resolve((server.address() as AddressInfo).port));
  });
  const ready = warm.done.then(() => logger.info({ warmMs: warm.ms() }, "ready"));
  let onClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    onClosed = r;
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopping = true;
      await new Promise((r) => setTimeout(r, options.lameDuckMs ?? 250));
      const http = server;
      const stopped = new Promise<void>((r) => http.close(() => r()));
      // Keep-alive sockets with no request in flight would hold close() open: drop them now, the busy ones when
      // they finish (node does that once close() was called) or when the drain time is up.
      http.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        stopped.then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), options.drainMs ?? 1500);
        }),
      ]);
      clearTimeout(timer);
      if (!drained) {
        logger.warn({ drainMs: options.drainMs ?? 1500 }, "requests still running at shutdown were cut");
        http.closeAllConnections();
        await stopped;
      }
      // Not waiting for a warm-up still running: it opens no database, and the caller exits after `closed`.
      await resources.closeAll(logger);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      onClosed();
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "stopping");
    void close();
  };
  if (options.handleSignals !== false) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  return { port, ready, close, closed };
}
