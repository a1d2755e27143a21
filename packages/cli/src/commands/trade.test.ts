import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

/** Spawns the real binary, as a user would. */
const embargo = (args: string[]) => runEmbargo(args);

test("embargo trade growth --json prints { base, period, change, currency, groups } from the bundled data", () => {
  const r = embargo([
    "trade",
    "growth",
    "--base",
    "2021-03:2021-11",
    "--period",
    "2022-03:2022-11",
    "--partners",
    "KG",
    "--json",
  ]);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(body).slice(0, 5), ["base", "period", "change", "currency", "groups"]);
  assert.deepEqual(
    [body.base.from, body.base.to, body.period.from, body.period.to],
    ["2021-03", "2021-11", "2022-03", "2022-11"],
  );
  assert.equal(body.currency, "EUR");
  assert.equal(body.change, body.period.value / body.base.value - 1);
  assert.equal(body.groups[0].key, "KG");
});

test("embargo trade anomalies --json with --products @file", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-trade-"));
  const file = path.join(dir, "codes.txt");
  await writeFile(file, "8517\n# phones and parts\n8542\n");
  const r = embargo([
    "trade",
    "anomalies",
    "--base",
    "2021-03:2021-11",
    "--period",
    "2022-03:2022-11",
    "--min-value",
    "1000000",
    "--min-growth",
    "2",
    "--products",
    `@${file}`,
    "--json",
  ]);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.ok(body.count > 0);
  assert.ok(body.periodValueShare > 0 && body.periodValueShare <= 1);
  for (const m of body.markets) {
    assert.match(m.code, /^(8517|8542)\d{4}$/);
    assert.ok(m.periodValue >= 1_000_000);
    assert.ok(m.growth === null || m.growth >= 2);
  }
});

test("embargo trade ingest reports bad rows; the new dataset is then queryable with --dataset", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-trade-"));
  const csv = path.join(dir, "mine.csv");
  await writeFile(
    csv,
    "reporter_iso2,partner_iso2,cn_code,period,value_eur\nDE,KZ,85423190,2021-01,100\nDE,KZ,85423190,2022-01,400\nDE,KZ,85423190,2022-02,oops\n",
  );
  const state = path.join(dir, "state");
  const r = embargo(["trade", "ingest", csv, "--dataset", "mine", "--format", "comext", "--state-dir", state]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /dataset mine: 2 rows kept, 1 bad row/);
  assert.match(r.stdout, /mine\.csv row 3: value is not a number: oops/);
  const g = embargo([
    "trade",
    "growth",
    "--dataset",
    "mine",
    "--base",
    "2021-01:2021-01",
    "--period",
    "2022-01:2022-01",
    "--json",
    "--state-dir",
    state,
  ]);
  assert.equal(g.status, 0, g.stderr);
  const body = JSON.parse(g.stdout);
  assert.deepEqual([body.base.value, body.period.value, body.change], [100, 400, 3]);
  const reserved = embargo(["trade", "ingest", csv, "--dataset", "comext-cn8", "--state-dir", state]);
  assert.equal(reserved.status, 2);
  assert.match(reserved.stderr, /TRADE_DATASET_RESERVED/);
});

test("bad windows and unknown subcommands are bad input (exit 2)", () => {
  const r = embargo(["trade", "growth", "--base", "2021-13:2021-11", "--period", "2022-03:2022-11"]);
  assert.equal(r.status, 2);
  // Parsed by the query's contract, as GET /v1/trade/growth?base= is: PARAMETER_INVALID naming the flag.
  assert.match(r.stderr, /--base: .*\(got '2021-13:2021-11'\) \[PARAMETER_INVALID\]/);
  assert.equal(embargo(["trade", "frobnicate"]).status, 2);
});

test("a window outside the data is flagged on stderr and in --json; --strict-window refuses it (exit 2)", () => {
  const args = ["trade", "growth", "--base", "2021-03:2021-11", "--period", "2023-03:2023-11", "--partners", "KZ,TR"];
  const r = embargo([...args, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.windowCheck.status, "outside");
  assert.equal(body.change, null);
  assert.match(r.stderr, /warning: period window 2023-03…2023-11 is outside the data: comext-cn8 holds/);
  assert.match(r.stderr, /warning: partner TR is not in comext-cn8; series that exist: comext-totals/);
  const text = embargo(args);
  assert.match(text.stdout, /change n\/a/);
  assert.doesNotMatch(text.stdout, /-100/);
  const strict = embargo([...args, "--strict-window"]);
  assert.equal(strict.status, 2);
  assert.match(strict.stderr, /TRADE_WINDOW_OUTSIDE_DATA/);
});

test("embargo trade revenue partners|imports|diamonds and trade coverage", () => {
  const p = embargo(["trade", "revenue", "partners", "--base", "2021", "--period", "2024", "--json"]);
  assert.equal(p.status, 0, p.stderr);
  const body = JSON.parse(p.stdout);
  assert.equal(body.currency, "USD");
  assert.deepEqual([body.base, body.period], ["2021", "2024"]);
  assert.ok(body.groups.some((g: { id: string }) => g.id === "COALITION"));
  const i = embargo(["trade", "revenue", "imports"]);
  assert.equal(i.status, 0, i.stderr);
  assert.match(i.stdout, /EU imports from RU \(comext-cn8, EUR, monthly 2020-01…2022-11\)/);
  assert.match(i.stdout, /after-data-end/);
  const d = embargo(["trade", "revenue", "diamonds"]);
  assert.match(d.stdout, /press-reported, confidence secondary/);
  const c = embargo(["trade", "coverage", "--dataset", "imf-russia"]);
  assert.match(c.stdout, /TOTAL\s+export\s+A\s+2016\s+2024/);
});

test("embargo trade alerts --preset file.json: the user's thresholds are used and named; a bad preset is exit 2", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-preset-"));
  const file = path.join(dir, "strict.json");
  await writeFile(
    file,
    JSON.stringify({
      id: "my-strict",
      version: "2.1.0",
      watch: { minGrowth: 5, minExcess: 50_000_000 },
      elevated: { minGrowth: 5, minPeriodValue: 100_000_000 },
      high: { tiers: ["1"], orOnwardConfirmed: true },
      critical: { requireOnward: true, maxMirrorChange: 0.5 },
    }),
  );
  const args = ["trade", "alerts", "--base", "2021-03:2021-11", "--period", "2022-03:2022-11", "--json"];
  const r = embargo([...args, "--preset", file]);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.deepEqual([body.preset.id, body.preset.version], ["my-strict", "2.1.0"]);
  for (const a of body.alerts) assert.ok(a.excess >= 50_000_000 && (a.growth === null || a.growth >= 5));
  const dflt = JSON.parse(embargo(args).stdout);
  assert.deepEqual([dflt.preset.id, dflt.preset.version], ["trade-alerts", "1.0.0"]);
  assert.ok(dflt.alerts.length > body.alerts.length);
  await writeFile(file, JSON.stringify({ id: "x" }));
  const bad = embargo([...args, "--preset", file]);
  assert.equal(bad.status, 2);
  assert.match(`${bad.stdout}${bad.stderr}`, /TRADE_BAD_PRESET/);
});

test("embargo trade report --out writes the HTML monitoring report with the summary figures", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-report-"));
  const out = path.join(dir, "report.html");
  const r = embargo(["trade", "report", "--base", "2021-03:2021-11", "--period", "2022-03:2022-11", "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  const { readFile } = await import("node:fs/promises");
  const html = await readFile(out, "utf8");
  const g = JSON.parse(
    embargo([
      "trade",
      "growth",
      "--base",
      "2021-03:2021-11",
      "--period",
      "2022-03:2022-11",
      "--products",
      "sanctioned",
      "--json",
    ]).stdout,
  );
  assert.ok(html.includes(`EUR ${Math.round(g.period.value).toLocaleString("en-GB")}`));
  assert.match(html, /<svg /);
  assert.match(html, /Executive summary/);
});
