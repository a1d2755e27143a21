import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import { DECISION_STORE_KEY, openDecisionStore } from "@embargo/core/screening";
import { createApp, openapiDocument } from "../app.ts";
import { parseApiKeys } from "../auth.ts";
import { SCREENING_HTTP_KEY } from "./screen-decisions.ts";

const ADMIN = "admin-key-0123456789abcdef";
const READ = "read-key-0123456789abcdef";
const engine = createEngine({ clock: fixedClock("2026-06-01T10:00:00Z") });
const store = await openDecisionStore("memory");
engine.replace(DECISION_STORE_KEY, store);
engine.replace(SCREENING_HTTP_KEY, { apiKeys: parseApiKeys(`admin:${ADMIN},read:${READ}`) });
const app = createApp({ engine, web: false });
after(() => store.close());

const post = (path: string, body: unknown, key?: string) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
    body: JSON.stringify(body),
  });
const get = (path: string, key?: string) => app.request(path, key ? { headers: { "x-api-key": key } } : {});

interface Row {
  fingerprint: string;
  summary: string;
  hits: { entityId: string; caption: string; decision: { status: string; decision?: { reviewer?: string } } }[];
  suppressed: { entityId: string; reviewer?: string; reason?: string; decision?: { status: string } }[];
}
const screen = async (name: string, key?: string) =>
  ((await (await post("/v1/screen", { queries: [{ name, type: "person" }] }, key)).json()) as { results: Row[] })
    .results[0] as Row;

const query = { name: "Sergei Ivanov", type: "person" };

test("POST /v1/screen/decisions: keys, validation errors as data, unknown entities", async () => {
  const first = await screen(query.name);
  const top = first.hits[0];
  assert.ok(top, "the query has a hit to decide on");
  assert.equal(top.decision.status, "none");
  assert.match(first.fingerprint, /^[0-9a-f]{32}$/);
  const body = { query, entityId: top.entityId, verdict: "false_positive", reviewer: "j.doe", reason: "DOB differs" };

  let res = await post("/v1/screen/decisions", body);
  assert.equal(res.status, 401);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "API_KEY_REQUIRED");
  res = await post("/v1/screen/decisions", body, READ);
  assert.equal(res.status, 403);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "API_KEY_ROLE");

  res = await post("/v1/screen/decisions", { query: { name: "" }, entityId: top.entityId, verdict: "no" }, ADMIN);
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { code: string; issues: { path: string }[] } }).error;
  assert.equal(err.code, "DECISION_INVALID");
  assert.deepEqual(err.issues.map((i) => i.path).sort(), ["query.name", "reviewer", "verdict"]);

  res = await post("/v1/screen/decisions", { ...body, reason: undefined }, ADMIN);
  assert.equal(res.status, 400, "a false positive needs a reason");

  res = await post("/v1/screen/decisions", { ...body, entityId: "ofac-sdn:does-not-exist" }, ADMIN);
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "SCREEN_ENTITY_NOT_FOUND");

  res = await app.request("/v1/screen/decisions", {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": ADMIN },
    body: "{not json",
  });
  assert.equal(res.status, 400);
});

test("a recorded false positive suppresses the hit for the same query; details need read access", async () => {
  const first = await screen(query.name);
  const top = first.hits[0];
  assert.ok(top);
  const res = await post(
    "/v1/screen/decisions",
    { query, entityId: top.entityId, verdict: "false_positive", reviewer: "j.doe", reason: "customer born 1990" },
    ADMIN,
  );
  assert.equal(res.status, 201);
  const [rec] = ((await res.json()) as { decisions: { seq: number; at: string; entityDigest: string }[] }).decisions;
  assert.equal(rec?.at, "2026-06-01T10:00:00.000Z");
  assert.match(rec?.entityDigest ?? "", /^[0-9a-f]{32}$/);

  // Same person written the other way round: same fingerprint, suppressed.
  const withKey = await screen("IVANOV, Sergei", READ);
  assert.equal(
    withKey.hits.find((h) => h.entityId === top.entityId),
    undefined,
  );
  const sup = withKey.suppressed.find((s) => s.entityId === top.entityId);
  assert.equal(sup?.reviewer, "j.doe");
  assert.equal(sup?.reason, "customer born 1990");
  assert.equal(sup?.decision?.status, "false_positive");
  // The summary sentence counts what is shown, not the withheld hit.
  const after = await screen(query.name, READ);
  const n = first.hits.length - 1;
  assert.equal(after.hits.length, n);
  assert.match(after.summary, n === 0 ? /^No hit in / : new RegExp(`^${n} hits? `));

  const anonymous = await screen("IVANOV, Sergei");
  const anon = anonymous.suppressed.find((s) => s.entityId === top.entityId);
  assert.equal(anon?.decision?.status, "false_positive", "suppression applies to everyone");
  assert.equal(anon?.reviewer, undefined, "who and why are withheld without a key");
  assert.equal(anon?.reason, undefined);

  // A confirmation later supersedes it: the hit is back, marked confirmed.
  await post("/v1/screen/decisions", { query, entityId: top.entityId, verdict: "confirmed", reviewer: "lead" }, ADMIN);
  const again = await screen(query.name, ADMIN);
  const hit = again.hits.find((h) => h.entityId === top.entityId);
  assert.equal(hit?.decision.status, "confirmed");
  assert.equal(hit?.decision.decision?.reviewer, "lead");
});

test("GET /v1/screen/decisions: the audit log by entity and by query, validated filters", async () => {
  const top = (await screen(query.name)).hits[0];
  assert.ok(top);
  assert.equal((await get("/v1/screen/decisions")).status, 401);
  const res = await get(`/v1/screen/decisions?entityId=${encodeURIComponent(top.entityId)}`, READ);
  assert.equal(res.status, 200);
  const log = ((await res.json()) as { decisions: { verdict: string; reviewer: string }[] }).decisions;
  assert.deepEqual(
    log.map((d) => d.verdict),
    ["confirmed", "false_positive"],
    "newest first, nothing overwritten",
  );
  const byName = (await (
    await get(`/v1/screen/decisions?name=${encodeURIComponent("ivanov sergei")}&type=person`, READ)
  ).json()) as { decisions: unknown[] };
  assert.equal(byName.decisions.length, 2);
  const paged = (await (await get("/v1/screen/decisions?limit=1", READ)).json()) as {
    decisions: { seq: number }[];
    next?: { before: number };
  };
  assert.equal(paged.decisions.length, 1);
  assert.equal(paged.next?.before, paged.decisions[0]?.seq);

  for (const bad of ["limit=0", "limit=x", "verdict=maybe", "country=RU", "colour=red"]) {
    const r = await get(`/v1/screen/decisions?${bad}`, READ);
    assert.equal(r.status, 400, bad);
    assert.equal(((await r.json()) as { error: { code: string } }).error.code, "DECISION_FILTER_INVALID", bad);
  }
});

test("POST /v1/screen: the lists consulted with dates and ages, warnings, and a summary sentence per row", async () => {
  const res = await post("/v1/screen", { queries: [{ name: "Zzyzx Qwertyuiop" }] });
  const body = (await res.json()) as {
    checkedAt: string;
    lists: { list: string; date?: string; ageDays?: number; sha256?: string }[];
    warnings: { code: string; message: string }[];
    results: { summary: string; hits: unknown[] }[];
  };
  assert.equal(body.checkedAt, "2026-06-01T10:00:00.000Z", "measured at the engine's clock");
  const sdn = body.lists.find((l) => l.list === "ofac-sdn");
  assert.match(sdn?.date ?? "", /^\d{4}-\d{2}/);
  assert.equal(typeof sdn?.ageDays, "number");
  assert.match(sdn?.sha256 ?? "", /^[0-9a-f]{64}$/);
  assert.ok(
    body.warnings.some((w) => w.code === "MEMBER_LIST_MISSING"),
    "the EU list is not loaded",
  );
  const row = body.results[0];
  assert.deepEqual(row?.hits, []);
  assert.match(row?.summary ?? "", /^No hit in the lists as of .*; .*not loaded/);
});

test("the decision routes are in the OpenAPI document", () => {
  const doc = openapiDocument() as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  assert.ok(doc.paths["/v1/screen/decisions"]?.post);
  assert.ok(doc.paths["/v1/screen/decisions"]?.get);
  assert.ok(doc.components.schemas.ScreeningDecision);
  assert.ok(doc.components.schemas.ScreeningDecisionInput);
});
