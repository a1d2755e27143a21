import assert from "node:assert/strict";
import { test } from "node:test";
import { bundledDataDir, createEngine } from "@embargo/core";
import { openTradeDb } from "@embargo/core/trade";
import { createApp, openapiDocument } from "../app.ts";

const app = createApp({ engine: createEngine(), web: false });

test("GET /v1/trade/datasets lists the two bundled Eurostat datasets", async () => {
  const res = await app.request("/v1/trade/datasets");
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    datasets: { name: string; origin: string; rows: number; currencies: string[] }[];
  };
  assert.deepEqual(
    body.datasets.map((d) => [d.name, d.origin, d.currencies.join()]),
    [
      ["comext-cn8", "bundled", "EUR"],
      ["comext-totals", "bundled", "EUR"],
    ],
  );
});

test("GET /v1/trade/growth matches a hand-written SQL sum over the bundled Parquet, to the euro", async () => {
  const res = await app.request("/v1/trade/growth?base=2021-03:2021-11&period=2022-03:2022-11&partners=KZ");
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    base: { value: number };
    period: { value: number };
    change: number;
    currency: string;
  };
  const db = await openTradeDb(1);
  const [ref] = await db.all<{ b: number; p: number }>(
    `SELECT sum(value) FILTER (WHERE period BETWEEN '2021-03' AND '2021-11') AS b,
            sum(value) FILTER (WHERE period BETWEEN '2022-03' AND '2022-11') AS p
     FROM read_parquet('${bundledDataDir}/trade/comext-cn8/panel.parquet')
     WHERE partner = 'KZ' AND length(code) = 8 AND flow = 'export'`,
  );
  assert.equal(body.base.value, ref?.b);
  assert.equal(body.period.value, ref?.p);
  assert.equal(body.change, (ref?.p ?? 0) / (ref?.b ?? 1) - 1);
  assert.equal(body.currency, "EUR");
});

test("GET /v1/trade/anomalies returns the documented shape; bad parameters are 400 with the field", async () => {
  const res = await app.request(
    "/v1/trade/anomalies?base=2021-03:2021-11&period=2022-03:2022-11&minValue=10000000&minGrowth=2&limit=5",
  );
  assert.equal(res.status, 200);
  const body = (await res.json()) as { count: number; periodValueShare: number; markets: Record<string, unknown>[] };
  assert.ok(body.count >= body.markets.length);
  assert.deepEqual(Object.keys(body.markets[0] ?? {}), [
    "reporter",
    "partner",
    "code",
    "baseValue",
    "periodValue",
    "growth",
  ]);
  const bad = await app.request("/v1/trade/anomalies?base=2021-03:2021-11&period=2022-03:2022-11&minGrowth=2");
  assert.equal(bad.status, 400);
  const err = (await bad.json()) as { error: { code: string; issues: { field: string }[] } };
  assert.equal(err.error.code, "PARAMETER_REQUIRED");
  assert.equal(err.error.issues[0]?.field, "minValue");
  const missing = await app.request("/v1/trade/growth?base=2021:2021&period=2022:2022&dataset=nope");
  assert.equal(missing.status, 404);
});

test("the onward leg says clearly that the bundled data cannot support it", async () => {
  const res = await app.request("/v1/trade/onward?base=2021-03:2021-11&period=2022-03:2022-11&hubs=KZ&products=all");
  assert.equal(res.status, 200);
  const body = (await res.json()) as { supported: boolean; rows: { reason?: string }[] };
  assert.equal(body.supported, false);
  assert.match(body.rows[0]?.reason ?? "", /no exports reported by KZ to RU/);
});

test("series and flows feed the dashboard; the OpenAPI document lists the trade paths", async () => {
  const s = await app.request(
    "/v1/trade/series?dataset=comext-totals&base=2019-01:2021-12&span=2021-01:2021-03&partners=KZ",
  );
  assert.equal(s.status, 200);
  const series = (await s.json()) as { periods: string[]; series: { key: string; index: (number | null)[] }[] };
  assert.deepEqual(series.periods, ["2021-01", "2021-02", "2021-03"]);
  assert.equal(series.series[0]?.key, "KZ");
  const f = await app.request("/v1/trade/flows?period=2022-03:2022-11&products=sanctioned");
  assert.equal(f.status, 200);
  const flows = (await f.json()) as { links: { leg: string }[]; onwardSupported: boolean; notes: string[] };
  assert.equal(flows.onwardSupported, false);
  assert.ok(flows.links.some((l) => l.leg === "inflow"));
  assert.ok(flows.links.some((l) => l.leg === "direct"));
  assert.ok(flows.notes.some((n) => /hub → RU leg is not drawn/.test(n)));
  const doc = openapiDocument() as { paths: Record<string, unknown> };
  for (const p of ["growth", "anomalies", "did", "onward", "mirror", "unit-values", "alerts", "simulate"])
    assert.ok(doc.paths[`/v1/trade/${p}`], p);
});
