import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "./app.ts";
import { CONTENT_SECURITY_POLICY, DEFAULT_MAX_BODY_BYTES, edgeOptionsFromEnv } from "./edges.ts";

const engine = createEngine();
const small = createApp({ engine, web: false, edges: { maxBodyBytes: 1000, rateLimit: false } });

type ErrorBody = { error: { code: string; category: string; message: string; issues: { field?: string }[] } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

test("a body over the limit is a 413 from Content-Length, before the API-key check and before JSON parsing", async () => {
  const body = `{"x":"${"a".repeat(5000)}"`; // not even valid JSON: never parsed
  const res = await small.request("/v1/screen/decisions", {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(body.length) },
    body,
  });
  assert.equal(res.status, 413);
  const e = await errorOf(res);
  assert.equal(e.code, "BODY_TOO_LARGE");
  assert.equal(e.category, "invalid_input");
  assert.equal(e.issues[0]?.field, "body");
});

test("a streamed body without Content-Length is cut at the limit (413)", async () => {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      // An endless body: the edge must stop reading once it is over the limit.
      sent += 256;
      ctl.enqueue(new Uint8Array(256).fill(0x20));
      if (sent > 1_000_000) ctl.close();
    },
  });
  const req = new Request("http://localhost/v1/screen", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: stream,
    duplex: "half",
  } as RequestInit);
  const res = await small.request(req);
  assert.equal(res.status, 413);
  assert.equal((await errorOf(res)).code, "BODY_TOO_LARGE");
  assert.ok(sent < 10_000, `read ${sent} bytes of a body limited to 1000`);
});

test("a body within the limit reaches the route (streamed or declared)", async () => {
  const res = await small.request("/v1/screen/compare", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name1: "Ivan Petrov", name2: "Ivan Petrov", type: "person" }),
  });
  assert.equal(res.status, 200);
});

test("a JSON endpoint given text/plain, a form or no content type is a 415", async () => {
  for (const type of ["text/plain", "application/x-www-form-urlencoded", undefined]) {
    const res = await small.request("/v1/screen", {
      method: "POST",
      headers: type ? { "content-type": type } : {},
      body: JSON.stringify({ queries: [{ name: "x" }] }),
    });
    assert.equal(res.status, 415, String(type));
    const e = await errorOf(res);
    assert.equal(e.code, "CONTENT_TYPE_UNSUPPORTED");
    assert.equal(e.issues[0]?.field, "content-type");
  }
  const ok = await small.request("/v1/screen/compare", {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ name1: "a b", name2: "a b" }),
  });
  assert.equal(ok.status, 200);
});

test("security headers on API answers, errors and web pages", async () => {
  const web = createApp({ engine, edges: { rateLimit: false } });
  for (const path of ["/healthz", "/v1/nope", "/check"]) {
    const res = await web.request(path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
    assert.equal(res.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, path);
    await res.body?.cancel();
  }
  assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
});

test("x-request-id is echoed only when it matches the safe pattern; otherwise a fresh id", async () => {
  const ok = await small.request("/healthz", { headers: { "x-request-id": "abc-123.x:y_z" } });
  assert.equal(ok.headers.get("x-request-id"), "abc-123.x:y_z");
  for (const bad of ["a b", "x".repeat(129), "<script>", "id\u00e9"]) {
    const res = await small.request("/healthz", { headers: { "x-request-id": bad } });
    const id = res.headers.get("x-request-id") ?? "";
    assert.notEqual(id, bad);
    assert.match(id, /^[0-9a-f-]{36}$/);
  }
});

test("token-bucket rate limit: a 429 with Retry-After once the burst is spent", async () => {
  const limited = createApp({ engine, web: false, edges: { rateLimit: { perSecond: 0.5, burst: 3, loopback: true } } });
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 5; i++) {
    last = await limited.request("/healthz");
    statuses.push(last.status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  assert.equal(last?.headers.get("retry-after"), "2");
  const e = await errorOf(last as Response);
  assert.equal(e.code, "RATE_LIMITED");
  assert.deepEqual(e.issues, []);
  // Loopback and in-process callers are exempt unless `loopback: true`.
  const exempt = createApp({ engine, web: false, edges: { rateLimit: { perSecond: 0.5, burst: 1 } } });
  for (let i = 0; i < 5; i++) assert.equal((await exempt.request("/healthz")).status, 200);
});

test("edge settings from the environment", () => {
  assert.deepEqual(edgeOptionsFromEnv({}), {});
  assert.deepEqual(edgeOptionsFromEnv({ EMBARGO_MAX_BODY_BYTES: "2048", EMBARGO_RATE_LIMIT: "off" }), {
    maxBodyBytes: 2048,
    rateLimit: false,
  });
  assert.deepEqual(edgeOptionsFromEnv({ EMBARGO_RATE_LIMIT: "20/40" }).rateLimit, {
    perSecond: 20,
    burst: 40,
    loopback: false,
  });
  assert.deepEqual(edgeOptionsFromEnv({ EMBARGO_RATE_LIMIT: "5,loopback" }).rateLimit, {
    perSecond: 5,
    burst: 10,
    loopback: true,
  });
  assert.throws(() => edgeOptionsFromEnv({ EMBARGO_MAX_BODY_BYTES: "10MB" }), /EMBARGO_MAX_BODY_BYTES/);
  assert.throws(() => edgeOptionsFromEnv({ EMBARGO_RATE_LIMIT: "fast" }), /EMBARGO_RATE_LIMIT/);
  assert.equal(DEFAULT_MAX_BODY_BYTES, 10 * 1024 * 1024);
});

test("POST /v1/check with more than 1000 items is a 413 naming shipment.items, before any verdict", async () => {
  const item = { code: "8542.31", value: 1, currency: "EUR" };
  const shipment = {
    date: "2025-06-01",
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "TOO Example", country: "KZ" },
    destination: "KZ",
    items: Array.from({ length: 1001 }, () => item),
  };
  const res = await small.request("/v1/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shipment }),
  });
  // The small app's 1000-byte limit would refuse this body first: use a default one.
  assert.equal(res.status, 413);
  const big = createApp({ engine, web: false, edges: { rateLimit: false } });
  const res2 = await big.request("/v1/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shipment }),
  });
  assert.equal(res2.status, 413);
  const e = await errorOf(res2);
  assert.equal(e.code, "TOO_MANY_ITEMS");
  assert.equal(e.issues[0]?.field, "shipment.items");
  assert.match(e.message, /at most 1000/);
});

test("HTTP errors name parameters, not CLI flags", async () => {
  const { wordForHttp } = await import("./http-errors.ts");
  assert.equal(
    wordForHttp("--min-value and --min-growth must be non-negative numbers"),
    "'minValue' and 'minGrowth' must be non-negative numbers",
  );
  assert.equal(wordForHttp("--base '2021': FROM is after TO"), "'base' '2021': FROM is after TO");
  assert.equal(wordForHttp("a--b stays; x -- y stays"), "a--b stays; x -- y stays");
});
