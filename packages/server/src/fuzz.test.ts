/**
 * HTTP fuzz suite: fast-check (fixed seed) drives ≥ 1,000 generated requests per endpoint through `app.request()`
 * in-process — valid requests built from each contract's fields with some fields replaced, removed or added with
 * hostile values (null, numbers for strings, arrays for scalars, huge, negative, NaN, impossible dates, non-JSON),
 * plus the hostile cases of issue 11. Every answer must be below 500, and every 4xx must be the documented error
 * shape `{ error: { code, category, message, issues } }`; a 400 must name the field or parameter at fault in its
 * issues (`path` or `field`).
 *
 * Cheap inputs: trade queries name a dataset that does not exist (validation runs first, then a 404), screening
 * names are short, the registry is a fresh PGlite in a temporary state directory.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createEngine } from "@embargo/core";
import { getAuditLog, recordDecisionsAudited } from "@embargo/core/audit";
import { getScreener, openDecisionStore, parseDecisionInputs } from "@embargo/core/screening";
import fc from "fast-check";
import { createApp } from "./app.ts";

const stateDir = mkdtempSync(path.join(tmpdir(), "embargo-fuzz-"));
const engine = createEngine({ stateDir });
const app = createApp({ engine, web: false, edges: { rateLimit: false, maxBodyBytes: 64 * 1024 } });
after(() => rmSync(stateDir, { recursive: true, force: true }));

/** Requests per endpoint: 1,000 each (issue 11's Done-when), the heavy ones included — check, screen and trade do
 * real work per valid request (a verdict, a screening, the dataset lookup behind a trade query; measured ≈ 4-5 ms
 * CPU each). `EMBARGO_FUZZ_RUNS=<n>` lowers the heavy endpoints' count for a quick local run; `npm test` runs 1,000. */
const RUNS = 1000;
const HEAVY_RUNS = Number(process.env.EMBARGO_FUZZ_RUNS ?? RUNS);
const SEED = 20261207;
const CATEGORIES = new Set([
  "invalid_input",
  "not_found",
  "conflict",
  "unauthorized",
  "forbidden",
  "integrity",
  "unavailable",
  "internal",
]);

/** Values that break naive handlers. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, "", " ", "null", "NaN", "-1", "2025-02-30", "💥", "\u0000"),
  fc.constantFrom([], {}, [null], { __proto__: null }, "x".repeat(600), ["RU"], { name: "x" }),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
);

/** Hostile query-string values. */
const hostileParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("-1", "0", "1.5", "NaN", "Infinity", "abc", "null", "[]", "{}", "2025-02-30", "bogus", "%00", "../x"),
  fc.constantFrom("9".repeat(30), "x".repeat(2000), "RU,,DE", ",", "2022:2021", "2021-13:2022-01", "'; DROP TABLE x"),
  fc.integer().map(String),
  fc.string({ maxLength: 10 }),
);

/** Replaces, removes or adds a few fields of a valid object (one level deep, or inside a nested object). */
function mutated(base: Record<string, unknown>, nested: Record<string, string[]> = {}): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const edit = fc.record({
    key: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
    sub: fc.option(fc.nat(), { nil: undefined }),
    op: fc.constantFrom("set", "set", "delete"),
    value: hostile,
  });
  return fc.array(edit, { minLength: 0, maxLength: 3 }).map((edits) => {
    const out = structuredClone(base) as Record<string, unknown>;
    for (const e of edits) {
      const subs = nested[e.key];
      const inner = out[e.key];
      if (subs && e.sub !== undefined && inner && typeof inner === "object") {
        const target = (Array.isArray(inner) ? inner[0] : inner) as Record<string, unknown> | null;
        const k = subs[e.sub % subs.length] as string;
        if (typeof target !== "object" || target === null) continue;
        if (e.op === "delete") delete target[k];
        else target[k] = e.value;
      } else if (e.op === "delete") delete out[e.key];
      else out[e.key] = e.value;
    }
    return out;
  });
}

/** A body: mostly a mutated valid one, sometimes anything JSON, sometimes not JSON at all. */
function bodies(valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ raw: string }> {
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((v) => ({ raw: JSON.stringify(v) ?? "null" })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => ({ raw: JSON.stringify(v) })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((raw) => ({ raw })) },
  );
}

/** Query strings: mostly valid parameters with some replaced by hostile values, some removed, some added. */
function queries(base: Record<string, string>): fc.Arbitrary<string> {
  const keys = Object.keys(base);
  const edit = fc.record({
    key: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
    op: fc.constantFrom("set", "set", "delete", "repeat"),
    value: hostileParam,
  });
  return fc.array(edit, { minLength: 0, maxLength: 3 }).map((edits) => {
    const q = new URLSearchParams(base);
    for (const e of edits) {
      if (e.op === "delete") q.delete(e.key);
      else if (e.op === "repeat") q.append(e.key, e.value);
      else q.set(e.key, e.value);
    }
    return q.toString();
  });
}

type ErrorShape = { error?: { code?: unknown; category?: unknown; message?: unknown; issues?: unknown } };

/** The invariant: no 5xx; every 4xx in the documented shape; a 400 names a field. Returns the body read. */
async function checkResponse(res: Response, what: string): Promise<string> {
  const text = await res.text();
  assert.ok(res.status < 500, `${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  if (res.status < 400) return text;
  let body: ErrorShape;
  try {
    body = JSON.parse(text) as ErrorShape;
  } catch {
    assert.fail(`${what}: HTTP ${res.status} body is not JSON: ${text.slice(0, 200)}`);
  }
  const e = body.error;
  assert.ok(e && typeof e === "object", `${what}: no error object: ${text.slice(0, 200)}`);
  assert.equal(typeof e.code, "string", `${what}: code`);
  assert.ok(CATEGORIES.has(e.category as string), `${what}: category ${String(e.category)}`);
  assert.equal(typeof e.message, "string", `${what}: message`);
  assert.ok(Array.isArray(e.issues), `${what}: issues is not an array: ${text.slice(0, 300)}`);
  assert.doesNotMatch(e.message as string, /(^|\s)--[a-z]/, `${what}: a CLI flag in an HTTP error`);
  if (res.status === 400) {
    const issues = e.issues as { path?: unknown; field?: unknown }[];
    assert.ok(
      issues.length > 0 && issues.every((i) => typeof i.path === "string" || typeof i.field === "string"),
      `${what}: a 400 must name the field: ${text.slice(0, 300)}`,
    );
  }
  return text;
}

/** `observe` sees every request body sent and its answer (after the invariant held), to count what was exercised. */
async function fuzzPost(
  path: string,
  valid: fc.Arbitrary<unknown>,
  runs = RUNS,
  observe?: (raw: string, status: number, text: string) => void,
) {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(bodies(valid), async ({ raw }) => {
      n++;
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: raw,
      });
      const text = await checkResponse(res, `POST ${path} ${raw.slice(0, 300)}`);
      observe?.(raw, res.status, text);
    }),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
  assert.ok(n >= runs);
}

/**
 * The same {@link fuzzGet} requests (same seed, same samples), sent `concurrency` at a time: for endpoints whose cost
 * is mostly waiting on files (a trade query reads the dataset folders), overlapping the waits keeps 1,000 requests
 * per endpoint affordable. No shrinking: a failure reports the request as generated.
 */
async function fuzzGetConcurrent(
  pathOf: (q: string) => string,
  base: Record<string, string>,
  runs: number,
  concurrency: number,
) {
  const urls = fc.sample(queries(base), { seed: SEED, numRuns: runs }).map(pathOf);
  let next = 0;
  let n = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++] as string;
      n++;
      await checkResponse(await app.request(url), `GET ${url.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  assert.ok(n >= runs);
}

async function fuzzGet(pathOf: (q: string) => string, base: Record<string, string>, runs = RUNS) {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(queries(base), async (q) => {
      n++;
      const url = pathOf(q);
      await checkResponse(await app.request(url), `GET ${url.slice(0, 300)}`);
    }),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
  assert.ok(n >= runs);
}

const shipment = {
  date: "2025-06-01",
  exporter: { name: "Acme GmbH", country: "DE" },
  consignee: { name: "TOO Example", country: "KZ" },
  destination: "KZ",
  items: [{ code: "8542.31", description: "processors", value: 12000, currency: "EUR", quantity: 100 }],
};

/** What a `/v1/check` body's `record` was: absent, true, false, or anything else (a hostile value). */
function recordKind(raw: string): "absent" | "true" | "false" | "hostile" {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return "absent";
  }
  if (!body || typeof body !== "object" || Array.isArray(body) || !Object.hasOwn(body, "record")) return "absent";
  const r = (body as { record: unknown }).record;
  return r === true ? "true" : r === false ? "false" : "hostile";
}

test("fuzz POST /v1/check", async () => {
  const validShipment = mutated(shipment, {
    exporter: ["name", "country"],
    consignee: ["name", "country"],
    items: ["code", "value", "currency", "quantity", "description"],
  });
  // `record` (CheckRequestSchema: append the verdict to the signed audit trail) as callers write it — true, false,
  // absent — and hostile ("true", 1, null, [], {}, …), beside valid and mutated shipments; mutated() also replaces
  // or removes it in the full bodies.
  const record = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom<unknown>(true, false) },
    { weight: 1, arbitrary: hostile },
  );
  const seen = { absent: 0, true: 0, false: 0, hostile: 0, recorded: 0, refusedRecord: 0 };
  await fuzzPost(
    "/v1/check",
    fc.oneof(
      fc
        .tuple(validShipment, fc.option(record, { nil: undefined }))
        .map(([s, r]) => ({ shipment: s, screening: false, ...(r === undefined ? {} : { record: r }) })),
      fc.boolean().chain((r) => mutated({ shipment, screening: false, asOf: "2025-06-01", record: r })),
    ),
    HEAVY_RUNS,
    (raw, status, text) => {
      const kind = recordKind(raw);
      seen[kind]++;
      if (status === 200 && (JSON.parse(text) as { audit?: { id?: unknown } }).audit?.id) seen.recorded++;
      if (
        status === 400 &&
        (JSON.parse(text) as { error: { issues: { path?: string }[] } }).error.issues.some((i) => i.path === "record")
      )
        seen.refusedRecord++;
    },
  );
  // The generated requests exercised `record`: each kind of value, verdicts appended to the audit trail (and only
  // when asked for: no audit without record: true), hostile values refused naming the field.
  const floor = Math.max(1, Math.floor(HEAVY_RUNS / 50));
  for (const kind of ["true", "false", "hostile", "absent"] as const)
    assert.ok(seen[kind] >= floor, `record ${kind}: ${seen[kind]} of ${HEAVY_RUNS} (${JSON.stringify(seen)})`);
  assert.ok(seen.recorded >= floor && seen.recorded <= seen.true, JSON.stringify(seen));
  assert.ok(seen.refusedRecord >= floor && seen.refusedRecord <= seen.hostile, JSON.stringify(seen));
});

test("fuzz POST /v1/screen", async () => {
  const query = { name: "Ivan Petrov", type: "person", country: "RU", dob: "1970" };
  await fuzzPost(
    "/v1/screen",
    fc.oneof(
      mutated({ queries: [query], threshold: 0.8, limit: 5, algorithm: "evidence" }, { queries: Object.keys(query) }),
      mutated(query),
    ),
    HEAVY_RUNS,
  );
});

test("fuzz POST /v1/screen/compare and /match/default", async () => {
  await fuzzPost(
    "/v1/screen/compare",
    fc.oneof(
      mutated({ name1: "Ivan Petrov", name2: "Petrov Ivan", type: "person" }),
      mutated({ pairs: [{ name1: "A B", name2: "B A" }] }, { pairs: ["name1", "name2", "type"] }),
    ),
  );
  await fuzzPost(
    "/match/default",
    mutated(
      { queries: { q1: { schema: "Person", properties: { name: ["Ivan Petrov"] } } } },
      { queries: ["q1", "q2"] },
    ),
  );
});

test("fuzz GET /v1/trade/* (growth, anomalies, flows, simulate, coverage, revenue)", async () => {
  const TRADE_RUNS = HEAVY_RUNS;
  const TRADE_CONCURRENCY = 8;
  const w = { base: "2021:2021", period: "2022:2022" };
  const ds = "fuzz-missing";
  await fuzzGetConcurrent(
    (q) => `/v1/trade/growth?${q}`,
    {
      dataset: ds,
      ...w,
      flow: "export",
      by: "partner",
      limit: "5",
      pseudoCount: "1",
      sanctionedBy: "EU",
      partners: "KZ",
      products: "85",
    },
    TRADE_RUNS,
    TRADE_CONCURRENCY,
  );
  await fuzzGetConcurrent(
    (q) => `/v1/trade/anomalies?${q}`,
    { dataset: ds, ...w, minValue: "1000", minGrowth: "2" },
    TRADE_RUNS,
    TRADE_CONCURRENCY,
  );
  await fuzzGetConcurrent(
    (q) => `/v1/trade/flows?${q}`,
    { dataset: ds, period: "2022:2022", topExporters: "5" },
    TRADE_RUNS,
    TRADE_CONCURRENCY,
  );
  await fuzzGetConcurrent(
    (q) => `/v1/trade/simulate?${q}`,
    { dataset: ds, regime: "EU", year: "2021", asOf: "2024-01-01" },
    TRADE_RUNS,
    TRADE_CONCURRENCY,
  );
  await fuzzGetConcurrent(
    (q) => `/v1/trade/coverage?${q}`,
    { dataset: ds, codeLevel: "HS6", flow: "import" },
    TRADE_RUNS,
    TRADE_CONCURRENCY,
  );
  await fuzzGetConcurrent(
    (q) => `/v1/trade/revenue/partners?${q}`,
    {
      partnersDataset: ds,
      base: "2021",
      period: "2023",
      flow: "export",
      limit: "5",
    },
    TRADE_RUNS,
    TRADE_CONCURRENCY,
  );
});

test("fuzz GET /v1/regimes/diff, /v1/hs, /v1/screen/decisions", async () => {
  await fuzzGet((q) => `/v1/regimes/diff?${q}`, { codes: "8542.31", scenario: "g7-full-ban-2023", asOf: "2024-06-01" });
  await fuzzGet((q) => `/v1/hs?${q}`, { q: "integrated circuits", edition: "HS2022", limit: "5" });
  await fuzzGet((q) => `/v1/screen/decisions?${q}`, { entity: "x", name: "Ivan", limit: "5" });
});

test("fuzz the diamond registry's public inputs (verify, provenance)", async () => {
  await fuzzPost("/v1/diamonds/verify", mutated({ format: "embargo-diamond-provenance/1", lotId: "x", events: [] }));
  await fuzzGet((q) => `/v1/diamonds/lots/lot-1/provenance?${q}`, { since: "1" });
});

/** Path segments for `{id}`: real ids, ids one edit away (a digit changed, cut, upper-cased, lengthened), any
 * 64 hex digits, and hostile strings (URL-encoded, so they stay one segment). */
function auditIds(ids: string[]): fc.Arbitrary<string> {
  const real = fc.constantFrom(...ids);
  return fc.oneof(
    real,
    fc
      .tuple(real, fc.nat({ max: 63 }), fc.constantFrom(..."0123456789abcdefg"))
      .map(([id, i, ch]) => id.slice(0, i) + ch + id.slice(i + 1)),
    fc.tuple(real, fc.nat({ max: 64 })).map(([id, n]) => id.slice(0, n)),
    real.map((id) => id.toUpperCase()),
    real.map((id) => `${id}0`),
    fc.stringMatching(/^[0-9a-f]{64}$/),
    hostileParam.filter((p) => p !== "" && p !== "." && p !== "..").map(encodeURIComponent),
  );
}

/** Like {@link fuzzGet} over a path built from generated `{id}` segments and query strings. */
async function fuzzGetIds(pathOf: (id: string, q: string) => string, ids: fc.Arbitrary<string>, runs = RUNS) {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(ids, queries({ x: "1" }), async (id, q) => {
      n++;
      const url = pathOf(id, q);
      await checkResponse(await app.request(url), `GET ${url.slice(0, 300)}`);
    }),
    { seed: SEED, numRuns: runs, endOnFailure: true },
  );
  assert.ok(n >= runs);
}

test("fuzz GET /v1/audit, /v1/audit/{id}, /v1/audit/{id}/verify", async () => {
  // A few real records (verdicts, and a screening decision's record), so generated ids hit existing ones too.
  const ids: string[] = [];
  for (const destination of ["KZ", "RU", "DE"]) {
    const res = await app.request("/v1/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shipment: { ...shipment, destination }, screening: false, record: true }),
    });
    assert.equal(res.status, 200);
    ids.push(((await res.json()) as { audit: { id: string } }).audit.id);
  }
  const screened = (await (
    await app.request("/v1/screen", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ queries: [{ name: "Sergei Ivanov", type: "person" }] }),
    })
  ).json()) as { results: { hits: { entityId: string }[] }[] };
  const entityId = screened.results[0]?.hits[0]?.entityId;
  assert.ok(entityId, "a hit to record a decision on");
  const decision = {
    query: { name: "Sergei Ivanov", type: "person" },
    entityId,
    verdict: "confirmed",
    reviewer: "fuzz",
  };
  const decisions = await openDecisionStore("memory");
  try {
    const log = await getAuditLog(engine);
    const { audit } = await recordDecisionsAudited(
      decisions,
      await getScreener(engine),
      parseDecisionInputs(decision),
      engine.clock,
      (input) => log.append(input),
    );
    assert.ok(audit);
    ids.push(audit.id);
  } finally {
    await decisions.close();
  }

  await fuzzGet((q) => `/v1/audit?${q}`, { limit: "5", before: "2", kind: "verdict" });
  await fuzzGetIds((id, q) => `/v1/audit/${id}?${q}`, auditIds(ids));
  await fuzzGetIds((id, q) => `/v1/audit/${id}/verify?${q}`, auditIds(ids), HEAVY_RUNS);
});

test("hostile cases of issue 11 are never a 500", async () => {
  const cases: [string, string, string?][] = [
    ["POST", "/v1/screen", "null"],
    ["POST", "/v1/check", "null"],
    ["POST", "/v1/diamonds/verify", "null"],
    ["POST", "/v1/screen", JSON.stringify({ queries: [{ name: "x", dob: 1980 }] })],
    ["POST", "/v1/screen", JSON.stringify({ name: "x", country: ["RU"] })],
    ["GET", "/v1/diamonds/lots/x/provenance?since=abc"],
    ["GET", "/v1/diamonds/lots/x/provenance?since=1.5"],
    ["GET", "/v1/diamonds/lots/x/provenance?since=NaN"],
    ["GET", "/v1/trade/growth?base=2021:2021&period=2022:2022&flow=x"],
  ];
  for (const [method, url, body] of cases) {
    const res = await app.request(url, {
      method,
      ...(body !== undefined ? { headers: { "content-type": "application/json" }, body } : {}),
    });
    await checkResponse(res, `${method} ${url} ${body ?? ""}`);
  }
});

test("diamonds: a null/array decide body, a missing lotId and a provenance 'since' that is not a tree size are a 400 naming the field", async () => {
  const cases: [string, string | undefined, string][] = [
    ["/v1/diamonds/decide", "null", "body"],
    ["/v1/diamonds/decide", "[1,2]", "body"],
    ["/v1/diamonds/decide", JSON.stringify({ jurisdiction: "EU", date: "2025-01-01" }), "lotId"],
    ["/v1/diamonds/lots/x/provenance?since=abc", undefined, "since"],
    ["/v1/diamonds/lots/x/provenance?since=1.5", undefined, "since"],
    ["/v1/diamonds/lots/x/provenance?since=NaN", undefined, "since"],
    ["/v1/diamonds/lots/x/provenance?since=-1", undefined, "since"],
  ];
  for (const [url, body, field] of cases) {
    const res = await app.request(url, {
      method: body === undefined ? "GET" : "POST",
      ...(body !== undefined ? { headers: { "content-type": "application/json" }, body } : {}),
    });
    assert.equal(res.status, 400, `${url} ${body ?? ""}`);
    const e = ((await res.json()) as { error: { issues: { path?: string; field?: string }[] } }).error;
    assert.ok(
      e.issues.some((i) => (i.path ?? i.field) === field),
      `${url}: ${JSON.stringify(e)}`,
    );
  }
});
