import assert from "node:assert/strict";
import { test } from "node:test";
import { bundledDataDir, createEngine } from "@embargo/core";
import { getRegimes } from "@embargo/core/regimes";
import { openTradeDb, sql } from "@embargo/core/trade";
import { createApp, openapiDocument } from "../app.ts";

const engine = createEngine();
const app = createApp({ engine, web: false });

test("GET /v1/trade/datasets lists the bundled Eurostat and IMF datasets", async () => {
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
      ["imf-russia", "bundled", "USD"],
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
    sql`SELECT sum(value) FILTER (WHERE period BETWEEN '2021-03' AND '2021-11') AS b,
            sum(value) FILTER (WHERE period BETWEEN '2022-03' AND '2022-11') AS p
     FROM read_parquet(${`${bundledDataDir}/trade/comext-cn8/panel.parquet`})
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
  for (const p of [
    "growth",
    "anomalies",
    "did",
    "onward",
    "mirror",
    "unit-values",
    "alerts",
    "simulate",
    "coverage",
    "timeline",
    "hubs",
    "revenue",
    "revenue/imports",
    "revenue/partners",
    "revenue/diamonds",
  ])
    assert.ok(doc.paths[`/v1/trade/${p}`], p);
});

const dbOnce = openTradeDb(1);
const parquet = (name: string) => sql`read_parquet(${`${bundledDataDir}/trade/${name}/panel.parquet`})`;

test("a window outside the data: windowCheck field and warning in every windowed result; strictWindow refuses it", async () => {
  const win = "base=2021-03:2021-11&period=2023-03:2023-11";
  for (const path of [
    `/v1/trade/growth?${win}`,
    `/v1/trade/anomalies?${win}&minValue=10000000&minGrowth=2`,
    `/v1/trade/alerts?${win}`,
    "/v1/trade/flows?period=2023-03:2023-11",
  ]) {
    const res = await app.request(path);
    assert.equal(res.status, 200, path);
    const body = (await res.json()) as {
      windowCheck: { status: string; data: { from: string; to: string }; warnings: string[] };
      change?: number | null;
    };
    assert.equal(body.windowCheck.status, "outside", path);
    // The data span is the dataset's own: its last month comes from the Parquet, not from the code.
    const db = await dbOnce;
    const [ref] = await db.all<{ first: string; last: string }>(
      sql`SELECT min(period) AS first, max(period) AS last FROM ${parquet("comext-cn8")} WHERE code_level = 'CN8' AND flow = 'export' AND freq = 'M'`,
    );
    assert.deepEqual(body.windowCheck.data, { from: ref?.first, to: ref?.last }, path);
    assert.match(body.windowCheck.warnings.join(" "), /2023-03…2023-11 is outside the data/, path);
    if ("change" in body) assert.equal(body.change, null, "no change computed from a window outside the data");
  }
  const strict = await app.request(`/v1/trade/growth?${win}&strictWindow=true`);
  assert.equal(strict.status, 400);
  assert.equal(((await strict.json()) as { error: { code: string } }).error.code, "TRADE_WINDOW_OUTSIDE_DATA");
  const inside = (await (await app.request("/v1/trade/growth?base=2021-03:2021-11&period=2022-03:2022-11")).json()) as {
    windowCheck: { status: string };
  };
  assert.equal(inside.windowCheck.status, "inside");
});

test("a partner missing from the product data is named with the all-goods series that exist", async () => {
  const res = await app.request("/v1/trade/growth?base=2021-03:2021-11&period=2022-03:2022-11&partners=TR");
  const body = (await res.json()) as { windowCheck: { missing: { key: string; elsewhere: string[] }[] } };
  const tr = body.windowCheck.missing.find((m) => m.key === "TR");
  assert.ok(tr);
  assert.ok(tr.elsewhere.some((e) => /^comext-totals: all goods exports, annual/.test(e)));
  assert.ok(tr.elsewhere.some((e) => /^imf-russia: all goods exports, annual 2016…2024 \(USD\)/.test(e)));
  const hubs = (await (await app.request("/v1/trade/hubs")).json()) as {
    missing: { hub: string }[];
    productPartners: string[];
  };
  for (const h of ["TR", "AE"]) {
    assert.ok(
      hubs.missing.some((m) => m.hub === h),
      h,
    );
    assert.ok(!hubs.productPartners.includes(h), h);
  }
});

test("GET /v1/trade/revenue/partners: Russia's exports by partner equal the IMF figures in the Parquet", async () => {
  const res = await app.request("/v1/trade/revenue/partners?base=2021&period=2024&limit=0");
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    currency: string;
    partners: { partner: string; base: number; period: number }[];
    groups: { id: string; values: number[] }[];
    world: { values: number[] };
    years: string[];
  };
  assert.equal(body.currency, "USD");
  const db = await dbOnce;
  const ref = await db.all<{ partner: string; b: number; p: number }>(
    sql`SELECT partner, sum(value) FILTER (WHERE period = '2021') AS b, sum(value) FILTER (WHERE period = '2024') AS p
     FROM ${parquet("imf-russia")} WHERE reporter = 'RU' AND flow = 'export' AND partner IN ('IN', 'DE', 'CN') GROUP BY 1`,
  );
  for (const r of ref) {
    const row = body.partners.find((x) => x.partner === r.partner);
    assert.equal(row?.base, r.b ?? 0, r.partner);
    assert.equal(row?.period, r.p ?? 0, r.partner);
  }
  // India buys more since the invasion, Germany far less (direction only: the figures are the data's).
  const india = body.partners.find((x) => x.partner === "IN");
  const germany = body.partners.find((x) => x.partner === "DE");
  assert.ok(india && india.period > india.base * 2);
  assert.ok(germany && germany.period < germany.base / 2);
  // Groups partition the world total: coalition + rest + not allocated = world, every year.
  const g = (id: string) => body.groups.find((x) => x.id === id)?.values ?? [];
  body.years.forEach((_, i) => {
    const sum = (g("COALITION")[i] ?? 0) + (g("REST")[i] ?? 0) + (g("UNALLOCATED")[i] ?? 0);
    assert.ok(Math.abs(sum - (body.world.values[i] ?? 0)) < 1, `year ${body.years[i]}`);
  });
});

test("GET /v1/trade/revenue/imports: the monthly series equal the Parquet and every ban date is the regimes'", async () => {
  const res = await app.request("/v1/trade/revenue/imports");
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    series: { code: string; periods: string[]; values: number[] }[];
    bans: { measureId: string; effective: string; status: string; after: { to: string } | null }[];
    data: { to: string };
  };
  const db = await dbOnce;
  const ref = await db.all<{ code: string; period: string; v: number }>(
    sql`SELECT code, period, sum(value) AS v FROM ${parquet("comext-cn8")}
     WHERE flow = 'import' AND partner = 'RU' AND code_level IN ('TOTAL', 'HS2') AND reporter_kind = 'country' GROUP BY 1, 2`,
  );
  for (const r of ref) {
    const s = body.series.find((x) => x.code === r.code);
    assert.equal(s?.values[s.periods.indexOf(r.period)], r.v, `${r.code} ${r.period}`);
  }
  // Every EU import ban concerning RU is listed with the regimes' own date (whatever the regime files say today).
  const regimes = await getRegimes(engine);
  const expected = regimes
    .measuresOf("EU")
    .filter((m) => m.direction === "import" && m.kind === "import_ban" && regimes.countryIn(m.countries, "RU"));
  assert.deepEqual(body.bans.map((b) => b.measureId).sort(), expected.map((m) => m.id).sort());
  for (const m of expected) assert.equal(body.bans.find((b) => b.measureId === m.id)?.effective, m.effective.from);
  for (const b of body.bans) {
    if (b.status === "after-data-end") assert.equal(b.after, null);
    if (b.status === "measured") assert.equal(b.after?.to, body.data.to);
  }
  const kp = (await (await app.request("/v1/trade/revenue/diamonds")).json()) as { label: string; confidence: string };
  assert.deepEqual([kp.label, kp.confidence], ["press-reported", "secondary"]);
});

test("GET /v1/trade/revenue*: hostile parameters are a 400 naming the parameter, never ignored or a 500", async () => {
  const cases: [string, string][] = [
    ["/v1/trade/revenue/imports?origin=XX", "origin"],
    ["/v1/trade/revenue/imports?origin=null", "origin"],
    ["/v1/trade/revenue/imports?jurisdiction=ZZ", "jurisdiction"],
    ["/v1/trade/revenue/imports?monthsBefore=NaN", "monthsBefore"],
    ["/v1/trade/revenue/partners?flow=bogus", "flow"],
    ["/v1/trade/revenue/partners?limit=-1", "limit"],
    ["/v1/trade/revenue/partners?limit=1.5", "limit"],
    [`/v1/trade/revenue/partners?flow=${"x".repeat(10_000)}`, "flow"],
    ["/v1/trade/revenue?flow=import&origin=1", "origin"],
  ];
  for (const [url, field] of cases) {
    const res = await app.request(url);
    assert.equal(res.status, 400, url.slice(0, 80));
    const body = (await res.json()) as { error: { code: string; issues?: { field?: string }[] } };
    assert.ok(
      body.error.issues?.some((i) => i.field === field),
      `${url.slice(0, 80)}: ${JSON.stringify(body.error)}`,
    );
  }
});

test("GET /v1/trade/*: values outside their domain are a 400 naming the parameter (no CLI flags), never an empty 200", async () => {
  const w = "base=2021:2021&period=2022:2022";
  const cases: [string, string][] = [
    [`/v1/trade/growth?${w}&flow=bogus`, "flow"],
    [`/v1/trade/growth?${w}&pseudoCount=-1`, "pseudoCount"],
    [`/v1/trade/growth?${w}&limit=-1`, "limit"],
    [`/v1/trade/growth?${w}&by=bogus`, "by"],
    [`/v1/trade/growth?${w}&sanctionedBy=XX`, "sanctionedBy"],
    [`/v1/trade/growth?${w}&tiers=9`, "tiers"],
    [`/v1/trade/growth?${w}&products=85;DROP`, "products"],
    [`/v1/trade/growth?base=2021-13:2022-01&period=2022:2022`, "base"],
    ["/v1/trade/coverage?codeLevel=bogus", "codeLevel"],
    ["/v1/trade/flows?period=2022:2022&topExporters=-3", "topExporters"],
    ["/v1/trade/simulate?regime=EU&asOf=bogus", "asOf"],
    ["/v1/trade/simulate?regime=EU&asOf=2025-02-30", "asOf"],
    [`/v1/trade/anomalies?${w}&minValue=-5&minGrowth=2`, "minValue"],
    [`/v1/trade/anomalies?${w}&minGrowth=2`, "minValue"],
    [`/v1/trade/alerts?${w}&strictWindow=maybe`, "strictWindow"],
    [`/v1/trade/report?${w}&format=docx`, "format"],
    ["/v1/trade/timeline?from=2025-02-30", "from"],
    ["/v1/trade/hubs?dataset=../../etc", "dataset"],
  ];
  for (const [url, field] of cases) {
    const res = await app.request(url);
    assert.equal(res.status, 400, url);
    const e = ((await res.json()) as { error: { code: string; message: string; issues: { field?: string }[] } }).error;
    assert.ok(
      e.issues.some((i) => i.field === field),
      `${url}: ${JSON.stringify(e)}`,
    );
    assert.doesNotMatch(e.message, /--[a-z]/, url);
  }
});

test("GET /v1/trade/*: the OpenAPI parameters come from the query schemas in core", () => {
  const doc = openapiDocument() as {
    paths: Record<string, { get: { parameters: { name: string; required: boolean; schema: { enum?: string[] } }[] } }>;
  };
  const growth = doc.paths["/v1/trade/growth"]?.get.parameters ?? [];
  assert.deepEqual(growth.find((x) => x.name === "flow")?.schema.enum, ["export", "import"]);
  assert.equal(growth.find((x) => x.name === "base")?.required, true);
  assert.equal(growth.find((x) => x.name === "by")?.required, false);
  const anomalies = doc.paths["/v1/trade/anomalies"]?.get.parameters ?? [];
  assert.equal(anomalies.find((x) => x.name === "minValue")?.required, true);
});
