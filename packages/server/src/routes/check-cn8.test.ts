// POST /v1/check refuses an invented CN-8 code under a real HS-6 (EU rules apply), naming the field and the real
// CN children, instead of a silent NOT_RESTRICTED; the real code is decided.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "../app.ts";

const app = createApp({ engine: createEngine(), web: false });
const shipment = (code: string) => ({
  date: "2025-06-01",
  exporter: { name: "Acme GmbH", country: "DE" },
  consignee: { name: "OOO Test", country: "RU" },
  destination: "RU",
  items: [{ code }],
});
const post = (code: string) =>
  app.request("/v1/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shipment: shipment(code) }),
  });

test("POST /v1/check: an invented CN-8 under a real HS-6 is a 400 naming items[0].code and the real children", async () => {
  const bad = await post("85423150");
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as {
    error: { code: string; issues: { path?: string; code: string; message: string }[] };
  };
  assert.equal(body.error.code, "SHIPMENT_INVALID");
  const issue = body.error.issues.find((i) => i.path === "items[0].code");
  assert.equal(issue?.code, "unknown_cn_code");
  assert.match(issue?.message ?? "", /CN2025 codes under 854231 are 85423111 .*85423119 .*85423190/);
  const good = await post("85423111");
  assert.equal(good.status, 200);
});
