/**
 * The HTTP edges every request passes before a route runs, in this order: request id, security headers, rate limit,
 * body size, content type. They run before any JSON parsing and before any API-key check, so one client cannot
 * make the server parse a 100 MB body or hold it in memory, and a hostile request is refused for the cheapest reason.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { EmbargoError, type Logger } from "@embargo/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";

/** Token-bucket rate limit per client address. */
export interface RateLimitOptions {
  /** Tokens added per second (sustained requests per second per client). */
  perSecond: number;
  /** Bucket size (requests a client may send at once). */
  burst: number;
  /** Also limit loopback clients (127.0.0.0/8, ::1) and in-process requests (default false: they are exempt). */
  loopback?: boolean;
}

/** Limits applied at the edge ({@link createApp} `edges`). */
export interface EdgeOptions {
  /** Largest request body in bytes (default {@link DEFAULT_MAX_BODY_BYTES}); larger ones are a 413. */
  maxBodyBytes?: number;
  /** Per-client rate limit (default {@link DEFAULT_RATE_LIMIT}); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
}

/** 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** 50 requests per second sustained, bursts of 100, loopback exempt. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 100, loopback: false };

/**
 * A request refused for its size (body bytes, items per request): answered 413 in the error shape. The category
 * stays `invalid_input` (the CLI maps it to exit 2); the class, not a code, selects the status.
 */
export class RequestTooLarge extends EmbargoError {
  constructor(code: string, message: string, field?: string, limit?: number) {
    super({
      code,
      category: "invalid_input",
      message,
      issues: [{ code: "too_large", message, ...(field ? { field } : {}) }],
      ...(limit !== undefined ? { details: { limit } } : {}),
    });
  }
}

/** Throws {@link RequestTooLarge} when a list in the request has more than `max` items. */
export function capItems(field: string, count: number, max: number, what = "items"): void {
  if (count > max)
    throw new RequestTooLarge(
      "TOO_MANY_ITEMS",
      `'${field}' has ${count} ${what}; at most ${max} per request (split the request, or use the CLI for large batches)`,
      field,
      max,
    );
}

/** Most items one `POST /v1/check` shipment may carry (larger batches: `embargo check shipments.csv`). */
export const MAX_CHECK_ITEMS = 1000;

/**
 * An item cap on a JSON endpoint, applied before its route decides anything: `count` reads the list's length from
 * the parsed body (hono keeps the parse for the route). A body that is not JSON, or has no such list, goes on to
 * the route, which words that error.
 */
export function itemCapEdge(
  field: string,
  max: number,
  count: (body: unknown) => number | undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next();
    }
    const n = count(body);
    if (n !== undefined) capItems(field, n, max);
    return next();
  };
}

/** Reads `EMBARGO_MAX_BODY_BYTES` (bytes) and `EMBARGO_RATE_LIMIT` (`off`, or `<perSecond>[/<burst>][,loopback]`). */
export function edgeOptionsFromEnv(env: Record<string, string | undefined>): EdgeOptions {
  const out: EdgeOptions = {};
  const max = env.EMBARGO_MAX_BODY_BYTES?.trim();
  if (max) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1)
      throw new EmbargoError({
        code: "SETTING_INVALID",
        category: "invalid_input",
        message: `EMBARGO_MAX_BODY_BYTES must be a whole number of bytes ≥ 1, got '${max}'`,
      });
    out.maxBodyBytes = n;
  }
  const rl = env.EMBARGO_RATE_LIMIT?.trim();
  if (rl) {
    if (rl === "off") out.rateLimit = false;
    else {
      const m = /^(\d+(?:\.\d+)?)(?:\/(\d+))?(,loopback)?$/.exec(rl);
      const perSecond = Number(m?.[1]);
      const burst = m?.[2] !== undefined ? Number(m[2]) : Math.max(1, Math.ceil(perSecond * 2));
      if (!m || !(perSecond > 0) || !(burst >= 1))
        throw new EmbargoError({
          code: "SETTING_INVALID",
          category: "invalid_input",
          message: `EMBARGO_RATE_LIMIT must be 'off' or '<perSecond>[/<burst>][,loopback]' (e.g. 50/100), got '${rl}'`,
        });
      out.rateLimit = { perSecond, burst, loopback: m[3] !== undefined };
    }
  }
  return out;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** `x-request-id` taken from the client only when it is 1–128 characters of `A-Za-z0-9._:-`; else a fresh UUID. */
export function requestIdEdge(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given !== undefined && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    c.header("x-request-id", requestId);
    await next();
  };
}

/**
 * Content-Security-Policy of every response. The web pages load their own module and stylesheet only; inline styles
 * are needed by the charts (echarts) and the HTML report; `connect-src data:` lets a page turn a chart's data URL
 * into a download.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** nosniff, no framing, no referrer, and the CSP above, on every response (errors included). */
export function securityHeadersEdge(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("x-frame-options", "DENY");
    c.res.headers.set("referrer-policy", "no-referrer");
    c.res.headers.set("content-security-policy", CONTENT_SECURITY_POLICY);
  };
}

/** The peer address of a request served by @hono/node-server (undefined in-process, e.g. `app.request()`). */
function remoteAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

const isLoopback = (a: string | undefined) =>
  a === undefined || a === "::1" || a.startsWith("127.") || a.startsWith("::ffff:127.");

/** Token bucket per client address: a 429 with `Retry-After` (whole seconds) when the client's bucket is empty. */
export function rateLimitEdge(
  options: RateLimitOptions,
  now: () => number = () => performance.now(),
): MiddlewareHandler<AppEnv> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const maxClients = 100_000;
  return async (c, next) => {
    const addr = remoteAddress(c);
    if (!options.loopback && isLoopback(addr)) return next();
    const key = addr ?? "in-process";
    const t = now();
    let b = buckets.get(key);
    if (!b) {
      // Bounded memory: forget every client once too many are tracked (they restart with a full bucket).
      if (buckets.size >= maxClients) buckets.clear();
      b = { tokens: options.burst, at: t };
      buckets.set(key, b);
    } else {
      b.tokens = Math.min(options.burst, b.tokens + ((t - b.at) / 1000) * options.perSecond);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return next();
    }
    const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / options.perSecond));
    c.header("retry-after", String(retryAfter));
    return c.json(
      {
        error: {
          code: "RATE_LIMITED",
          category: "unavailable",
          message: `too many requests from this client (limit ${options.perSecond}/s, bursts of ${options.burst}); retry after ${retryAfter} s`,
          issues: [],
        },
      },
      429,
    );
  };
}

const tooLargeError = (max: number) =>
  new RequestTooLarge("BODY_TOO_LARGE", `request body is larger than ${max} bytes`, "body", max).toJSON();

const tooLargeBody = (c: Context<AppEnv>, max: number) => c.json({ error: tooLargeError(max) }, 413);

type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The body limit at the node level, in front of the hono request listener (see {@link bodyLimitEdge} for requests
 * served in-process). The web-stream conversion of a request body reads ahead in large pieces, so a chunked body of
 * 100 MB was refused only after ~20 MB had been read and the event loop (and /healthz) waited meanwhile. Here:
 * - a declared `Content-Length` over `max` is a 413 at once, the body unread;
 * - a body without `Content-Length` (chunked) is counted on the raw `data` events and buffered (never more than
 *   `max` bytes); past `max` it is a 413 at once and the connection is closed; a body within the limit is handed
 *   to hono as `rawBody` (which @hono/node-server uses as the request body);
 * - anything else (no body, or a declared length within the limit, which node's parser holds the client to) goes
 *   to hono untouched.
 * The 413 has the documented error shape, the security headers and an `x-request-id`.
 */
export function nodeBodyLimit(max: number, next: NodeListener, logger?: Logger): NodeListener {
  return (req, res) => {
    const t0 = performance.now();
    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      if (/^\d+$/.test(declared) && Number(declared) > max) {
        refuseBody(req, res, max, 0, t0, logger);
        return;
      }
      next(req, res);
      return;
    }
    if (req.headers["transfer-encoding"] === undefined) {
      next(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", cleanup);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        cleanup();
        chunks.length = 0;
        refuseBody(req, res, max, size, t0, logger);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = Buffer.concat(chunks, size);
      next(req, res);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    // A client that goes away mid-body: nothing to answer (node closes the socket).
    req.on("error", cleanup);
  };
}

function refuseBody(
  req: IncomingMessage,
  res: ServerResponse,
  max: number,
  bytesRead: number,
  since: number,
  logger?: Logger,
) {
  const given = req.headers["x-request-id"];
  const requestId = typeof given === "string" && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  logger?.info(
    { requestId, method: req.method, url: req.url, limit: max, bytesRead, ms: Math.round(performance.now() - since) },
    "request body over the limit: 413, connection closed",
  );
  const body = JSON.stringify({ error: tooLargeError(max) });
  res.writeHead(413, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    // Not reading the rest: node closes the socket once the answer is written.
    connection: "close",
    "x-request-id": requestId,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": CONTENT_SECURITY_POLICY,
  });
  lingerClose(req.socket);
  res.end(body);
}

/** How long a refused connection stays half-open (answer sent, FIN sent, nothing more read) before it is destroyed. */
const LINGER_MS = 1000;

/**
 * After a `Connection: close` answer node destroys the socket at once; with request bytes still unread that close
 * is a TCP reset, and a client still sending sees the reset before it reads the 413. Instead (a "lingering close"):
 * stop reading, send FIN after the answer, and destroy the socket once the client closes, at most LINGER_MS later.
 */
function lingerClose(socket: Socket): void {
  socket.destroySoon = () => {
    socket.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}

/**
 * Refuses a body over `max` bytes with a 413: at once from `Content-Length`, else while it streams in (chunked
 * bodies, or a declared length that lies), never holding more than `max` bytes. The body the routes read is the
 * buffered copy.
 */
export function bodyLimitEdge(max: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = raw.headers.get("content-length");
    if (declared !== null && /^\d+$/.test(declared) && Number(declared) > max) {
      // Not reading the rest: node discards it and closes the connection after the response.
      void raw.body.cancel().catch(() => {});
      return tooLargeBody(c, max);
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        void reader.cancel().catch(() => {});
        return tooLargeBody(c, max);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const ch of chunks) {
      body.set(ch, offset);
      offset += ch.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    return next();
  };
}

/**
 * API writes (`POST`/`PUT`/`PATCH` under `/v1/` and `/match/`) take JSON only: a body with another content type
 * (`text/plain`, a form) is a 415 before anything parses it. `application/json` and `*+json`, any charset.
 */
export function jsonContentTypeEdge(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const m = c.req.method;
    if (m !== "POST" && m !== "PUT" && m !== "PATCH") return next();
    const p = c.req.path;
    if (!p.startsWith("/v1/") && !p.startsWith("/match/")) return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return next();
    const got = type === "" ? "no content type" : `'${type}'`;
    return c.json(
      {
        error: {
          code: "CONTENT_TYPE_UNSUPPORTED",
          category: "invalid_input",
          message: `this endpoint takes application/json, got ${got}`,
          issues: [{ code: "unsupported_media_type", field: "content-type", message: "expected application/json" }],
        },
      },
      415,
    );
  };
}
