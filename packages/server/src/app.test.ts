import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "./app.ts";

const app = createApp({ engine: createEngine() });

test("GET /openapi.json is an OpenAPI 3.1 document", async () => {
  const res = await app.request("/openapi.json");
  assert.equal(res.status, 200);
  const doc = (await res.json()) as { openapi: string; components: { schemas: Record<string, unknown> } };
  assert.equal(doc.openapi, "3.1.0");
  assert.ok(doc.components.schemas.Error);
});

test("unknown routes answer a JSON error with a stable code", async () => {
  const res = await app.request("/v1/nope");
  assert.equal(res.status, 404);
  const body = (await res.json()) as { error: { code: string } };
  assert.equal(body.error.code, "ROUTE_NOT_FOUND");
});
