import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp, openapiDocument } from "../app.ts";

const app = createApp({ engine: createEngine(), web: false });

interface Entry {
  code: string;
  edition: string;
  level: string;
  description: string;
}

test("GET /v1/hs/{code} returns the entry with parents, children and correlation", async () => {
  const res = await app.request("/v1/hs/8548.00");
  assert.equal(res.status, 200);
  const v = (await res.json()) as Entry & {
    parents: Entry[];
    children: Entry[];
    correlation: { to: string; links: { code: string; relationship: string }[] };
    dataVersion: string;
  };
  assert.equal(v.code, "854800");
  assert.equal(v.edition, "HS2022");
  assert.deepEqual(
    v.parents.map((p) => p.code),
    ["XVI", "85", "8548"],
  );
  assert.deepEqual(
    v.children.map((c) => c.code),
    ["85480020", "85480030", "85480090"],
  );
  assert.equal(v.correlation.to, "HS2017");
  assert.deepEqual(
    v.correlation.links.map((l) => [l.code, l.relationship]),
    [["854890", "n:1"]],
  );
  assert.match(v.dataVersion, /^nomenclature-[0-9a-f]{12}$/);
});

test("GET /v1/hs/{code}?edition= and CN 8-digit codes with spaces", async () => {
  const cn = await app.request(`/v1/hs/${encodeURIComponent("8542 31 11")}?edition=CN2023`);
  assert.equal(cn.status, 200);
  const v = (await cn.json()) as Entry & { leaf: string };
  assert.equal(v.edition, "CN2023");
  assert.equal(v.leaf, "Multi-component integrated circuits (MCOs)");
  const old = await app.request("/v1/hs/854890?edition=HS2017");
  assert.equal(old.status, 200);
  const o = (await old.json()) as { correlation: { to: string; links: { code: string }[] } };
  assert.equal(o.correlation.to, "HS2022");
  assert.ok(o.correlation.links.some((l) => l.code === "854800"));
});

test("GET /v1/hs errors: unknown code 404, junk and bad edition 400, missing q 400", async () => {
  const cases: [string, number, string][] = [
    ["/v1/hs/854299", 404, "HS_CODE_NOT_FOUND"],
    ["/v1/hs/85x", 400, "HS_CODE_INVALID"],
    ["/v1/hs/8542?edition=HS1996", 400, "HS_EDITION_INVALID"],
    ["/v1/hs", 400, "HS_QUERY_MISSING"],
    ["/v1/hs?q=circuits&limit=0", 400, "LIMIT_INVALID"],
    ["/v1/hs?q=circuits&level=item", 400, "HS_LEVEL_INVALID"],
  ];
  for (const [url, status, code] of cases) {
    const res = await app.request(url);
    assert.equal(res.status, status, url);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, code, url);
  }
});

test("GET /v1/hs?q= searches with limit, edition and level", async () => {
  const res = await app.request("/v1/hs?q=integrated%20circuits&limit=3");
  assert.equal(res.status, 200);
  const v = (await res.json()) as { query: string; results: (Entry & { score: number })[] };
  assert.equal(v.query, "integrated circuits");
  assert.equal(v.results.length, 3);
  assert.equal(v.results[0]?.code, "8542");
  const cn = (await (await app.request("/v1/hs?q=integrated%20circuits&edition=CN2025&level=cn8&limit=4")).json()) as {
    results: Entry[];
  };
  assert.equal(cn.results.length, 4);
  assert.ok(cn.results.every((r) => r.edition === "CN2025" && r.level === "cn8"));
});

test("GET /v1/about/data serves the provenance files with attribution lines", async () => {
  const res = await app.request("/v1/about/data");
  assert.equal(res.status, 200);
  const v = (await res.json()) as {
    index: string;
    areas: { area: string; markdown: string; attributions: string[] }[];
  };
  assert.match(v.index, /provenance index/);
  const nom = v.areas.find((a) => a.area === "nomenclature");
  assert.ok(nom);
  assert.match(nom.markdown, /Comtrade artefacts/);
  assert.ok(nom.attributions.includes("© European Union, Combined Nomenclature, EU Vocabularies."));
});

test("the OpenAPI document describes /v1/hs, /v1/hs/{code} and /v1/about/data", () => {
  const doc = openapiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
  for (const p of ["/v1/hs", "/v1/hs/{code}", "/v1/about/data"]) assert.ok(doc.paths[p], p);
  for (const s of ["HsEntry", "HsCodeView", "HsSearch", "DataProvenance"]) assert.ok(doc.components.schemas[s], s);
});
