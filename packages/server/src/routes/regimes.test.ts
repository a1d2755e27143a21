// GET /v1/regimes and /v1/regimes/{id} list each member's known regimes (Russia, Belarus) with their encoding
// status, read from the bundled regime data.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "../app.ts";

const app = createApp({ engine: createEngine(), web: false });

interface KnownView {
  id: string;
  status: string;
  directions: string[];
  countries: string[];
  effective: { from: string; until?: string };
  citation: string;
  note: string;
}

test("GET /v1/regimes/{id} lists the member's known regimes with status, dates and citation", async () => {
  const res = await app.request("/v1/regimes/EU");
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    knownRegimes: KnownView[];
    knownRegimeCounts: { encoded: number; partial: number; not_encoded: number };
  };
  const p11 = body.knownRegimes.find((k) => k.id === "eu-833-package-11-additions");
  assert.equal(p11?.status, "not_encoded");
  assert.equal(p11?.effective.from, "2023-06-24");
  assert.match(p11?.citation ?? "", /2023\/1214/);
  const by = body.knownRegimes.find((k) => k.id === "eu-765-2006-belarus-exports");
  assert.deepEqual(by?.countries, ["BY"]);
  const c = body.knownRegimeCounts;
  assert.equal(c.encoded + c.partial + c.not_encoded, body.knownRegimes.length);
  assert.ok(c.not_encoded > 0);
  // A scenario has no known regimes: an empty list, not an error.
  const scenario = (await (await app.request("/v1/regimes/g7-full-ban-2023")).json()) as { knownRegimes: unknown[] };
  assert.deepEqual(scenario.knownRegimes, []);
});

test("GET /v1/regimes counts each member's known regimes by status", async () => {
  const body = (await (await app.request("/v1/regimes")).json()) as {
    members: string[];
    knownRegimeCounts: Record<string, { encoded: number; partial: number; not_encoded: number }>;
  };
  assert.deepEqual(Object.keys(body.knownRegimeCounts).sort(), [...body.members].sort());
  for (const m of body.members) {
    const n = body.knownRegimeCounts[m];
    assert.ok(n && n.encoded + n.partial + n.not_encoded > 0, m);
  }
});
