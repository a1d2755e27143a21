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
  assert.match(r.stderr, /TRADE_BAD_WINDOW/);
  assert.equal(embargo(["trade", "frobnicate"]).status, 2);
});
