import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine } from "@embargo/core";
import { createApp } from "../app.ts";

// Test fixture regime data (invented measures; see its README): these tests never depend on the bundled data.
const dataDir = fileURLToPath(new URL("../../../core/src/verdicts/fixtures", import.meta.url));
const app = createApp({ engine: createEngine({ dataDir }), web: false });

const shipment = {
  date: "2025-06-01",
  exporter: { name: "Acme GmbH", country: "DE" },
  consignee: { name: "TOO Example", country: "KZ" },
  destination: "KZ",
  items: [{ code: "8542.31", value: 12000, currency: "EUR", quantity: 100 }],
};

async function post(body: unknown) {
  const res = await app.request("/v1/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

test("POST /v1/check returns the explained verdict", async () => {
  const { status, body } = await post({ shipment });
  assert.equal(status, 200);
  assert.equal(body.overall, "REVIEW");
  assert.match(String(body.dataVersion), /^regimes-/);
  const flags = body.flags as { code: string }[];
  assert.deepEqual(flags.map((f) => f.code).sort(), ["DIVERSION_RISK", "NO_RUSSIA_CLAUSE_REQUIRED"]);
  const eu = (body.jurisdictions as { jurisdiction: string; verdict: string }[]).find((j) => j.jurisdiction === "EU");
  assert.equal(eu?.verdict, "REVIEW");
});

test("POST /v1/check honours asOf and scenario; bad input is a 400 naming the fields; unknown scenario 404", async () => {
  const early = await post({ shipment, asOf: "2024-01-01" });
  assert.equal(early.body.overall, "NOT_RESTRICTED", "the clause measure starts 2024-03-20");
  const sc = await post({ shipment: { ...shipment, destination: "RU" }, scenario: "test-full-ban" });
  assert.ok((sc.body.jurisdictions as { jurisdiction: string }[]).some((j) => j.jurisdiction === "test-full-ban"));
  const bad = await post({ shipment: { ...shipment, items: [{ code: "x" }] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error?.code, "CHECK_REQUEST_INVALID");
  assert.ok(
    (bad.body.error as unknown as { issues: { path: string }[] }).issues.some(
      (i) => i.path === "shipment.items[0].code",
    ),
  );
  assert.equal((await post("{ not json")).status, 400);
  const unknown = await post({ shipment, scenario: "nope-nope" });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error?.code, "SCENARIO_NOT_FOUND");
});

test("GET /v1/regimes, /v1/regimes/{id} and /v1/regimes/diff (JSON and CSV)", async () => {
  const list = (await (await app.request("/v1/regimes")).json()) as { members: string[]; scenarios: string[] };
  assert.deepEqual(list.members, ["EU", "US", "JP"]);
  assert.deepEqual(list.scenarios, ["test-full-ban"]);
  const eu = (await (await app.request("/v1/regimes/EU")).json()) as { measures: { id: string }[] };
  assert.ok(eu.measures.some((m) => m.id === "fx-eu-industrial"));
  assert.equal((await app.request("/v1/regimes/XX")).status, 404);
  const diff = (await (
    await app.request("/v1/regimes/diff?codes=847150,8703&asOf=2025-01-01&scenario=test-full-ban")
  ).json()) as { gaps: { code: string }[]; scenarioAdditions: string[] };
  assert.deepEqual(
    diff.gaps.map((g) => g.code),
    ["847150"],
  );
  assert.deepEqual(diff.scenarioAdditions, ["8703"]);
  const csv = await app.request("/v1/regimes/diff?chapter=85&asOf=2025-01-01&format=csv");
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
  assert.match(await csv.text(), /^code,jurisdiction,status/);
  assert.equal((await app.request("/v1/regimes/diff?asOf=2025-01-01")).status, 400);
});

test("the OpenAPI document carries the check and regimes paths with schemas from zod", async () => {
  const doc = (await (await app.request("/openapi.json")).json()) as {
    paths: Record<string, unknown>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  for (const p of ["/v1/check", "/v1/regimes", "/v1/regimes/diff", "/v1/regimes/{id}"]) assert.ok(doc.paths[p], p);
  assert.ok(doc.components.schemas.CheckRequest?.properties?.shipment);
  // `record` is part of the check contract (issue 11), not a hand-checked extra beside it.
  assert.deepEqual(doc.components.schemas.CheckRequest?.properties?.record, {
    type: "boolean",
    description: "Append the verdict to the signed audit trail",
  });
  const check = (doc.paths["/v1/check"] as { post: { requestBody: { content: Record<string, { schema: unknown }> } } })
    .post;
  assert.deepEqual(check.requestBody.content["application/json"]?.schema, {
    $ref: "#/components/schemas/CheckRequest",
  });
  assert.ok(doc.components.schemas.CheckResult?.properties?.jurisdictions);
  assert.ok(doc.components.schemas.Shipment?.properties?.items);
});

test("POST /v1/check: a record flag that is not a boolean is refused by the check contract, naming the field", async () => {
  for (const record of ["yes", 1, null, {}]) {
    const { status, body } = await post({ shipment, record });
    assert.equal(status, 400, JSON.stringify(record));
    const error = body.error as unknown as {
      code: string;
      category: string;
      issues: { path?: string; field?: string }[];
    };
    assert.equal(error.code, "CHECK_REQUEST_INVALID");
    assert.equal(error.category, "invalid_input");
    assert.deepEqual(
      error.issues.map((i) => i.path ?? i.field),
      ["record"],
    );
  }
  assert.equal((await post({ shipment, record: false })).status, 200);
});

test("POST /v1/check screens parties unless screening: false", async () => {
  const on = await post({ shipment });
  assert.equal((on.body.parties as { screened: boolean }).screened, true);
  const off = await post({ shipment, screening: false });
  assert.equal((off.body.parties as { screened: boolean }).screened, false);
  assert.ok((off.body.notes as string[]).some((n) => /screening: false/.test(n)));
});

interface Body {
  headline: string;
  review?: string;
  jurisdictions: {
    jurisdiction: string;
    items: { reasons: { children: { notCovered: { code: string }[] } }[] }[];
  }[];
  error: { code: string; issues: { path?: string }[] };
}

test("POST /v1/check: headline and REVIEW kind on top; CN-8 children; impossible dates, unknown codes and countries refused", async () => {
  // Fixture regimes beside the bundled nomenclature.
  const dir = mkdtempSync(path.join(tmpdir(), "embargo-check-api-"));
  symlinkSync(path.join(dataDir, "regimes"), path.join(dir, "regimes"));
  symlinkSync(fileURLToPath(new URL("../../../../data/nomenclature", import.meta.url)), path.join(dir, "nomenclature"));
  const withN = createApp({ engine: createEngine({ dataDir: dir }), web: false });
  const send = async (body: unknown) => {
    const res = await withN.request("/v1/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const toRu = {
    ...shipment,
    destination: "RU",
    consignee: { name: "OOO", country: "RU" },
    items: [{ code: "854231" }],
  };
  const ok = await send({ shipment: toRu, screening: false });
  assert.equal(ok.status, 200);
  assert.equal(Object.keys(ok.body)[0], "headline", "the headline comes first");
  assert.match(ok.body.headline, /^Likely restricted: give the CN 8-digit code/);
  assert.equal(ok.body.review, "likely_restricted");
  const reason = ok.body.jurisdictions.find((j) => j.jurisdiction === "EU")?.items[0]?.reasons[0];
  assert.deepEqual(
    reason?.children.notCovered.map((k) => k.code),
    ["85423111", "85423119"],
  );
  const asOf = await send({ shipment: toRu, asOf: "2024-13-45" });
  assert.equal(asOf.status, 400);
  assert.ok(asOf.body.error.issues.some((i) => i.path === "asOf"));
  const date = await send({ shipment: { ...toRu, date: "2025-02-30" } });
  assert.equal(date.status, 400);
  assert.ok(date.body.error.issues.some((i) => i.path === "shipment.date"));
  const code = await send({ shipment: { ...toRu, items: [{ code: "99999999" }] } });
  assert.equal(code.status, 400);
  assert.equal(code.body.error.code, "SHIPMENT_INVALID");
  assert.ok(code.body.error.issues.some((i) => i.path === "items[0].code"));
  const xx = await send({ shipment: { ...toRu, destination: "XX" } });
  assert.equal(xx.status, 400);
  assert.ok(xx.body.error.issues.some((i) => i.path === "shipment.destination"));
});

test("POST /v1/check: hostile values in the new item fields and dates are a 400 naming the field", async () => {
  const ship = (item: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    shipment: {
      date: "2024-09-01",
      exporter: { name: "A", country: "IN" },
      consignee: { name: "B", country: "BE" },
      destination: "BE",
      items: [{ code: "71023900", ...item }],
      ...extra,
    },
  });
  const cases: [unknown, RegExp][] = [
    [ship({ miningCountry: "XX" }), /items\[0\]\.miningCountry/],
    [ship({ miningCountry: null }), /items\[0\]\.miningCountry/],
    [ship({ exportedFrom: 5 }), /items\[0\]\.exportedFrom/],
    [ship({ exportedFrom: "R".repeat(100_000) }), /items\[0\]\.exportedFrom/],
    [ship({ carats: "big" }), /items\[0\]\.carats/],
    [ship({}, { date: "2024-02-30" }), /date/],
    [ship({}, { contractDate: "2024-13-45" }), /contractDate/],
  ];
  for (const [body, field] of cases) {
    const res = await app.request("/v1/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 400, JSON.stringify(body).slice(0, 120));
    const text = await res.text();
    assert.match(text, field, text.slice(0, 200));
  }
});
