import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "../app.ts";

const app = createApp({ engine: createEngine(), web: false });
const post = (body: unknown) =>
  app.request("/v1/screen/compare", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

test("POST /v1/screen/compare: a pair and a batch, with verdict and features", async () => {
  const res = await post({ name1: "Vyacehslav Volodin", name2: "VOLODIN, Vyacheslav", type: "person" });
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    pairs: { score: number; verdict: string; explanation: { features: { feature: string; contribution: number }[] } }[];
  };
  assert.equal(body.pairs.length, 1);
  // A transposed given name beside an exact family name: at least a possible match; the verdict is the score's band.
  const first = body.pairs[0];
  assert.ok(first && first.score >= 0.7, `score ${first?.score}`);
  assert.equal(first.verdict, first.score >= 0.95 ? "match" : "possible");
  assert.equal(body.pairs[0]?.explanation.features[0]?.feature, "name_parts");
  const batch = await post({
    pairs: [
      { name1: "a b", name2: "a b" },
      { name1: "Ivan Petrov", name2: "Petrov Ivan" },
    ],
  });
  assert.equal(((await batch.json()) as { pairs: unknown[] }).pairs.length, 2);
});

test("POST /v1/screen/compare: a bad body is a 400 with the error code and issues", async () => {
  const res = await post({ name1: "x", type: "planet" });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { code: string; issues?: unknown[] } };
  assert.equal(body.error.code, "COMPARE_BODY_INVALID");
  assert.ok((body.error.issues?.length ?? 0) > 0);
});

test("POST /v1/screen/compare: hostile bodies are a 400 naming the field, never a 500", async () => {
  const cases: [unknown, string][] = [
    [{ name1: null, name2: "x" }, "name1"],
    [{ name1: 1, name2: "x" }, "name1"],
    [{ name1: "x", name2: ["y"] }, "name2"],
    [{ name1: "x", name2: "y", type: "planet" }, "type"],
    [{ pairs: "x" }, "pairs"],
    [{ pairs: [null] }, "pairs[0]"],
    [{ pairs: [{ name1: "a", name2: {} }] }, "pairs[0].name2"],
  ];
  for (const [b, field] of cases) {
    const res = await post(b);
    assert.equal(res.status, 400, JSON.stringify(b));
    const body = (await res.json()) as { error: { issues?: { path?: string }[] } };
    assert.ok(
      body.error.issues?.some((i) => i.path === field),
      `${JSON.stringify(b)}: ${JSON.stringify(body.error.issues)}`,
    );
  }
  for (const b of [null, 7, "s", [], { name1: "x".repeat(100_000), name2: "y".repeat(100_000) }]) {
    const res = await post(b);
    assert.ok(res.status === 400 || res.status === 413, `${JSON.stringify(b)?.slice(0, 40)}: ${res.status}`);
  }
});

test("the OpenAPI document carries /v1/screen/compare with the zod-generated request schema", async () => {
  const res = await app.request("/openapi.json");
  const doc = (await res.json()) as {
    paths: Record<string, unknown>;
    components: { schemas: Record<string, unknown> };
  };
  assert.ok(doc.paths["/v1/screen/compare"]);
  assert.ok(JSON.stringify(doc.components.schemas.ComparePair).includes("name2"));
});
