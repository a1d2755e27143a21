// Regime updates over HTTP: sources are open, update and rollback need an admin key; a loopback "publisher".
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { bundledDataDir, createEngine, fixedClock } from "@embargo/core";
import { createApp, openapiDocument } from "../app.ts";
import { parseApiKeys } from "../auth.ts";
import { REGIMES_HTTP_KEY } from "./regimes-update.ts";

const ADMIN = "admin-key-0123456789";
const READ = "read-key-0123456789ab";
const sample = readFileSync(
  new URL("../../../core/src/regimes/update/samples/uk-trade-tariff-commodity.json", import.meta.url),
  "utf8",
);
let server: Server;
let base = "";
const stateDir = mkdtempSync(path.join(tmpdir(), "embargo-http-regimes-"));
const engine = createEngine({ dataDir: bundledDataDir, stateDir, clock: fixedClock("2024-06-02T10:00:00Z") });
engine.replace(REGIMES_HTTP_KEY, { apiKeys: parseApiKeys(`admin:${ADMIN},read:${READ}`) });
const app = createApp({ engine, web: false });

before(async () => {
  server = createServer((req, res) => {
    const code = /commodities\/(\d{10})/.exec(req.url ?? "")?.[1];
    if (!code) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.end(sample.replace('"8471300000"', `"${code}"`));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/`;
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(stateDir, { recursive: true, force: true });
});

const post = (url: string, body: unknown, key?: string) =>
  app.request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
    body: JSON.stringify(body),
  });

const check = async () => {
  const res = await app.request("/v1/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      shipment: {
        date: "2024-06-01",
        exporter: { name: "Acme Ltd", country: "GB" },
        consignee: { name: "OOO Test", country: "RU" },
        destination: "RU",
        items: [{ code: "9403200000", value: 100, currency: "GBP", quantity: 1 }],
      },
      screening: false,
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { jurisdictions: { jurisdiction: string; verdict: string; review?: string }[] };
  return body.jurisdictions.find((j) => j.jurisdiction === "UK");
};

test("update and rollback need an admin key; an update turns the UK verdict definite and rollback undoes it", async () => {
  const req = {
    sources: ["uk-trade-tariff"],
    urls: { "uk-trade-tariff": base },
    codes: ["9403200000"],
    asOf: "2024-06-01",
  };
  assert.equal((await post("/v1/regimes/update", req)).status, 401);
  assert.equal((await post("/v1/regimes/update", req, READ)).status, 403);
  assert.equal((await post("/v1/regimes/rollback", {}, READ)).status, 403);
  const bad = await post("/v1/regimes/update", { ...req, codes: ["94032"] }, ADMIN);
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { code: string } }).error.code, "REGIME_UPDATE_REQUEST_INVALID");

  assert.deepEqual(await check().then((u) => [u?.verdict, u?.review]), ["REVIEW", "data_incomplete"]);
  const up = await post("/v1/regimes/update", req, ADMIN);
  assert.equal(up.status, 200);
  const report = (await up.json()) as { failed: boolean; results: { status: string; diff: { codesAdded: number } }[] };
  assert.equal(report.failed, false);
  assert.equal(report.results[0]?.status, "updated");
  assert.equal(report.results[0]?.diff.codesAdded, 2);
  assert.equal((await check())?.verdict, "PROHIBITED");

  const sources = (await (await app.request("/v1/regimes/sources")).json()) as {
    sources: { id: string; active: { publicationDate: string } | null }[];
  };
  assert.equal(sources.sources[0]?.id, "uk-trade-tariff");
  assert.equal(sources.sources[0]?.active?.publicationDate, "2024-06-01");

  const back = await post("/v1/regimes/rollback", {}, ADMIN);
  assert.equal(back.status, 200);
  assert.deepEqual(await check().then((u) => [u?.verdict, u?.review]), ["REVIEW", "data_incomplete"]);
});

test("the OpenAPI document carries the regime update paths and their request schemas", () => {
  const doc = openapiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
  for (const p of ["/v1/regimes/sources", "/v1/regimes/update", "/v1/regimes/rollback"]) assert.ok(doc.paths[p], p);
  assert.ok(doc.components.schemas.RegimeUpdateRequest);
});
