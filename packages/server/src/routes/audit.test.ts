import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import {
  AUDIT_LOG_KEY,
  type AuditProof,
  type AuditVerification,
  openAuditLog,
  verifyAuditProof,
} from "@embargo/core/audit";
import { generateKeyPair } from "@embargo/core/registry";
import { DECISION_STORE_KEY, openDecisionStore } from "@embargo/core/screening";
import { createApp, openapiDocument } from "../app.ts";
import { parseApiKeys } from "../auth.ts";
import { AUDIT_HTTP_KEY } from "./audit.ts";
import { SCREENING_HTTP_KEY } from "./screen-decisions.ts";

const ADMIN = "admin-key-0123456789abcdef";
const READ = "read-key-0123456789abcdef";
const operator = generateKeyPair();
const engine = createEngine({ clock: fixedClock("2026-06-01T10:00:00Z") });
const log = await openAuditLog({ db: "memory", operatorSecretKey: operator.secretKey, clock: engine.clock });
const decisions = await openDecisionStore("memory");
engine.replace(AUDIT_LOG_KEY, log);
engine.replace(AUDIT_HTTP_KEY, { always: false, apiKeys: parseApiKeys(`read:${READ}`, "EMBARGO_AUDIT_API_KEYS") });
engine.replace(DECISION_STORE_KEY, decisions);
engine.replace(SCREENING_HTTP_KEY, { apiKeys: parseApiKeys(`admin:${ADMIN},read:${READ}`) });
const app = createApp({ engine, web: false });
after(async () => {
  await log.close();
  await decisions.close();
});

const post = (path: string, body: unknown, key?: string) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
    body: JSON.stringify(body),
  });
const get = (path: string, key?: string) => app.request(path, key ? { headers: { "x-api-key": key } } : {});
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

const shipment = {
  date: "2025-06-01",
  exporter: { name: "Acme GmbH", country: "DE" },
  consignee: { name: "TOO Example", country: "KZ" },
  destination: "KZ",
  items: [{ code: "8542.31", description: "processors", value: 12000, currency: "EUR", quantity: 100 }],
};

test("POST /v1/check with record: true → GET /v1/audit/{id} (offline-verifiable proof) → verify (replay)", async () => {
  let res = await post("/v1/check", { shipment, screening: false });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { audit?: unknown }).audit, undefined, "not recorded unless asked");
  assert.equal(log.size, 0);

  res = await post("/v1/check", { shipment, screening: false, record: "yes" });
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { code: string; issues: { path?: string }[] } }).error;
  assert.equal(err.code, "CHECK_REQUEST_INVALID");
  assert.equal(err.issues[0]?.path, "record");

  res = await post("/v1/check", { shipment, screening: false, record: true });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { overall: string; audit: { id: string; seq: number; href: string } };
  assert.match(body.audit.id, /^[0-9a-f]{64}$/);
  assert.equal(res.headers.get("x-audit-id"), body.audit.id);
  assert.equal(body.audit.href, `/v1/audit/${body.audit.id}`);

  assert.equal((await get(body.audit.href)).status, 401, "records need a read key when keys are set");
  res = await get(body.audit.href, READ);
  assert.equal(res.status, 200);
  const proof = (await res.json()) as AuditProof;
  assert.equal(proof.record.kind, "verdict");
  assert.equal(proof.record.id, body.audit.id);
  assert.match(proof.record.summary ?? "", new RegExp(`^${body.overall}: `));
  assert.deepEqual(verifyAuditProof(proof, { trustedVerifierKey: log.identity.verifierKey }).problems, []);

  res = await get(`${body.audit.href}/verify`, READ);
  assert.equal(res.status, 200);
  const v = (await res.json()) as AuditVerification;
  assert.equal(v.ok, true, JSON.stringify(v.replay));
  assert.equal(v.replay.matches, true);

  res = await get("/v1/audit?limit=5", READ);
  assert.deepEqual(
    ((await res.json()) as { records: { id: string }[] }).records.map((r) => r.id),
    [body.audit.id],
  );
  assert.equal(await code(await get("/v1/audit?limit=0", READ)), "AUDIT_QUERY_INVALID");
  assert.equal(await code(await get("/v1/audit?kind=other", READ)), "AUDIT_QUERY_INVALID");
  res = await get(`/v1/audit/${"0".repeat(64)}`, READ);
  assert.equal(res.status, 404);
  assert.equal(await code(res), "AUDIT_NOT_FOUND");
  res = await get("/v1/audit/not-an-id", READ);
  assert.equal(res.status, 400);
  const bad = ((await res.json()) as { error: { code: string; issues: { field?: string }[] } }).error;
  assert.equal(bad.code, "AUDIT_ID_INVALID");
  assert.deepEqual(
    bad.issues.map((i) => i.field),
    ["id"],
    "the 400 names the parameter (found by the fuzz suite)",
  );
});

test("a screening decision is appended to the audit trail and replays while the listing is unchanged", async () => {
  const screened = (await (
    await post("/v1/screen", { queries: [{ name: "Sergei Ivanov", type: "person" }] })
  ).json()) as { results: { hits: { entityId: string }[] }[] };
  const top = screened.results[0]?.hits[0];
  assert.ok(top, "the query has a hit to decide on");
  const res = await post(
    "/v1/screen/decisions",
    {
      query: { name: "Sergei Ivanov", type: "person" },
      entityId: top.entityId,
      verdict: "confirmed",
      reviewer: "j.doe",
    },
    ADMIN,
  );
  assert.equal(res.status, 201);
  const body = (await res.json()) as { decisions: { seq: number }[]; audit: { id: string } };
  assert.match(body.audit.id, /^[0-9a-f]{64}$/);
  const v = (await (await get(`/v1/audit/${body.audit.id}/verify`, READ)).json()) as AuditVerification;
  assert.equal(v.proof.record.kind, "screening_decision");
  assert.deepEqual(Object.keys(v.proof.record.dataVersions), ["screening"]);
  assert.equal(v.ok, true, JSON.stringify(v.replay));
});

test("a screening decision whose audit record cannot be appended is not put in force (audit first)", async () => {
  const e2 = createEngine({ clock: fixedClock("2026-06-01T10:00:00Z") });
  const d2 = await openDecisionStore("memory");
  try {
    // An injected audit sink that fails every append (a full disk, a lost database connection).
    e2.replace(AUDIT_LOG_KEY, {
      append: async () => {
        throw new Error("audit log append failed (injected)");
      },
    });
    e2.replace(AUDIT_HTTP_KEY, { always: false, apiKeys: new Map() });
    e2.replace(DECISION_STORE_KEY, d2);
    e2.replace(SCREENING_HTTP_KEY, { apiKeys: parseApiKeys(`admin:${ADMIN},read:${READ}`) });
    const app2 = createApp({ engine: e2, web: false });
    const call = (p: string, body: unknown, key?: string) =>
      app2.request(p, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
        body: JSON.stringify(body),
      });
    const screenOnce = async () =>
      (
        (await (await call("/v1/screen", { queries: [{ name: "Sergei Ivanov", type: "person" }] })).json()) as {
          results: { hits: { entityId: string; decision: { status: string } }[] }[];
        }
      ).results[0]?.hits[0];
    const top = await screenOnce();
    assert.ok(top, "the query has a hit to decide on");
    const res = await call(
      "/v1/screen/decisions",
      {
        query: { name: "Sergei Ivanov", type: "person" },
        entityId: top.entityId,
        verdict: "false_positive",
        reviewer: "j.doe",
        reason: "DOB differs",
      },
      ADMIN,
    );
    assert.equal(res.status, 500, "the failure reaches the caller");
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "INTERNAL");
    assert.deepEqual(await d2.list({ limit: 10 }), [], "no decision without its audit record");
    assert.equal((await screenOnce())?.decision.status, "none", "the hit is not withheld");
  } finally {
    await d2.close();
  }
});

test("a server that records every check records without the flag", async () => {
  const e2 = createEngine({ clock: fixedClock("2026-06-01T10:00:00Z") });
  const log2 = await openAuditLog({ db: "memory", operatorSecretKey: operator.secretKey });
  try {
    e2.replace(AUDIT_LOG_KEY, log2);
    e2.replace(AUDIT_HTTP_KEY, { always: true, apiKeys: new Map() });
    const app2 = createApp({ engine: e2, web: false });
    const res = await app2.request("/v1/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shipment, screening: false }),
    });
    assert.equal(res.status, 200);
    const id = ((await res.json()) as { audit: { id: string } }).audit.id;
    assert.equal((await log2.get(id)).kind, "verdict");
  } finally {
    await log2.close();
  }
});

test("OpenAPI: the audit routes and their zod-generated schemas", () => {
  const doc = openapiDocument() as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  assert.ok(doc.paths["/v1/audit"]?.get);
  assert.ok(doc.paths["/v1/audit/{id}"]?.get);
  assert.ok(doc.paths["/v1/audit/{id}/verify"]?.get);
  for (const name of ["AuditRecord", "AuditProof", "AuditVerification", "AuditList"])
    assert.ok(doc.components.schemas[name], name);
  assert.ok(doc.components.schemas.AuditRecord?.properties?.resultDigest);
});
