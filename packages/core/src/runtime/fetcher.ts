/**
 * The one network fetcher: every download Embargo makes (list updates, regime updates) goes through
 * {@link fetchBytes}. It takes an injected `fetch` (the global one satisfies {@link FetchLike}; tests pass their own
 * or point at a loopback server), and guarantees:
 *
 * - a timeout per request (including the time to read the body), reported as `unavailable`;
 * - a size limit enforced while the body streams in: a `Content-Length` above the limit is refused before reading,
 *   and a body that grows past it is cancelled at the first chunk over the limit (never buffered whole);
 * - a `user-agent` header naming Embargo;
 * - redirects followed by hand (`redirect: "manual"`), at most `maxRedirects`, http(s) only, each hop named in
 *   the error when one fails.
 *
 * Errors are `EmbargoError`s with the caller's `code` (e.g. `LIST_DOWNLOAD_FAILED`) for network and HTTP failures
 * (category `unavailable`) and `FETCH_TOO_LARGE` (category `integrity`) for a body over the limit.
 */
import { EmbargoError } from "../errors/index.ts";

/** The part of a fetch `Response` the fetcher reads. `body` is streamed when present; test doubles may omit it. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText?: string;
  url?: string;
  headers?: { get(name: string): string | null };
  body?: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Minimal fetch: the global `fetch` satisfies it. */
export type FetchLike = (
  url: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string>; redirect?: "manual" | "follow" },
) => Promise<FetchResponseLike>;

/** Options of one download. */
export interface FetchBytesOptions {
  /** Abort after this many ms (request and body); default 120 000. */
  timeoutMs?: number;
  /** Refuse a body larger than this many bytes; default 256 MiB. */
  maxBytes?: number;
  /** Redirect hops followed at most; default 5. */
  maxRedirects?: number;
  /** Error code for network/HTTP failures (category `unavailable`); default `FETCH_FAILED`. */
  errorCode?: string;
  /** Extra request headers (e.g. `accept`). */
  headers?: Record<string, string>;
  /** User agent; default {@link EMBARGO_USER_AGENT}. */
  userAgent?: string;
}

/** A completed download. */
export interface FetchedBytes {
  bytes: Uint8Array;
  /** The URL finally read (after redirects). */
  url: string;
  status: number;
  contentType?: string;
}

export const EMBARGO_USER_AGENT = "Embargo/1 (G7 sanctions and export-control engine; +https://github.com/)";
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function failed(code: string, url: string, message: string, extra: Record<string, unknown> = {}, cause?: unknown) {
  return new EmbargoError({
    code,
    category: "unavailable",
    message: `${url}: ${message}`,
    details: { url, ...extra },
    ...(cause !== undefined ? { cause } : {}),
  });
}

function tooLarge(url: string, maxBytes: number, seen: number | string): EmbargoError {
  return new EmbargoError({
    code: "FETCH_TOO_LARGE",
    category: "integrity",
    message: `${url}: the body is larger than the limit of ${maxBytes} bytes (${seen}); refused`,
    details: { url, maxBytes },
  });
}

/** Reads a body stream into one buffer, cancelling it as soon as it passes `maxBytes`. */
async function readLimited(res: FetchResponseLike, url: string, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) {
    // Test doubles (and body-less responses) have no stream: read what they hold, then apply the same limit.
    const b = new Uint8Array(await res.arrayBuffer());
    if (b.byteLength > maxBytes) throw tooLarge(url, maxBytes, `${b.byteLength} bytes`);
    return b;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(url, maxBytes, `more than ${maxBytes} bytes streamed`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Downloads `url` with the guarantees above. Throws `errorCode` (unavailable) on a network error, a timeout, a
 * non-2xx status, too many redirects or a non-http(s) redirect; `FETCH_TOO_LARGE` (integrity) on a body over the limit.
 */
export async function fetchBytes(
  fetchFn: FetchLike,
  url: string,
  options: FetchBytesOptions = {},
): Promise<FetchedBytes> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const code = options.errorCode ?? "FETCH_FAILED";
  const headers = { "user-agent": options.userAgent ?? EMBARGO_USER_AGENT, ...(options.headers ?? {}) };
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      let res: FetchResponseLike;
      try {
        res = await fetchFn(current, { signal: ctl.signal, headers, redirect: "manual" });
      } catch (e) {
        throw failed(
          code,
          current,
          ctl.signal.aborted ? `timed out after ${timeoutMs} ms` : (e as Error).message,
          current !== url ? { requested: url } : {},
          e,
        );
      }
      if (REDIRECTS.has(res.status)) {
        const location = res.headers?.get("location");
        await res.body?.cancel().catch(() => {});
        if (!location) throw failed(code, current, `HTTP ${res.status} redirect without a Location header`);
        if (hop >= maxRedirects) throw failed(code, url, `more than ${maxRedirects} redirects (last: ${current})`);
        const next = new URL(location, current);
        if (next.protocol !== "https:" && next.protocol !== "http:")
          throw failed(code, current, `redirect to a ${next.protocol} URL refused`);
        current = next.toString();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        throw failed(code, current, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`, {
          status: res.status,
        });
      }
      const length = Number(res.headers?.get("content-length") ?? Number.NaN);
      if (Number.isFinite(length) && length > maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw tooLarge(current, maxBytes, `Content-Length ${length}`);
      }
      let bytes: Uint8Array;
      try {
        bytes = await readLimited(res, current, maxBytes);
      } catch (e) {
        if (e instanceof EmbargoError) throw e;
        throw failed(
          code,
          current,
          ctl.signal.aborted ? `timed out after ${timeoutMs} ms` : (e as Error).message,
          {},
          e,
        );
      }
      const contentType = res.headers?.get("content-type") ?? undefined;
      return { bytes, url: current, status: res.status, ...(contentType ? { contentType } : {}) };
    }
  } finally {
    clearTimeout(timer);
  }
}
