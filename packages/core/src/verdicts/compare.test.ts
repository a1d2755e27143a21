import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type { EmbargoError } from "../errors/index.ts";
import { loadRegimeSet } from "../regimes/load.ts";
import { compareRegimes, formatComparisonCsv, formatComparisonTable } from "./compare.ts";
import { parseShipmentsCsv } from "./csv.ts";

const regimes = await loadRegimeSet(fileURLToPath(new URL("./fixtures/regimes/", import.meta.url)));

test("compare codes: who restricts, since when, gaps and what the scenario adds", () => {
  const cmp = compareRegimes(regimes, {
    codes: ["8471.50", "854231", "8703", "0101"],
    asOf: "2025-01-01",
    scenario: "test-full-ban",
  });
  assert.deepEqual(cmp.members, ["EU", "US", "JP"]);
  const row = (code: string) => cmp.rows.find((r) => r.code === code);
  const adp = row("847150");
  assert.equal(adp?.cells.find((c) => c.jurisdiction === "EU")?.status, "prohibited");
  assert.equal(adp?.cells.find((c) => c.jurisdiction === "EU")?.since, "2022-04-09");
  assert.equal(adp?.cells.find((c) => c.jurisdiction === "US")?.status, "licence");
  assert.equal(adp?.cells.find((c) => c.jurisdiction === "US")?.since, "2022-02-24");
  assert.deepEqual(adp?.restrictedBy, ["EU", "US"]);
  assert.equal(adp?.gap, true, "JP does not list it");
  assert.deepEqual(adp?.notRestrictedBy, ["JP"]);
  const ic = row("854231");
  assert.equal(ic?.cells.find((c) => c.jurisdiction === "EU")?.status, "partly", "EU lists 85423190, under it");
  assert.equal(ic?.cells.find((c) => c.jurisdiction === "US")?.status, "licence");
  assert.equal(row("8703")?.scenarioAdds, true);
  assert.deepEqual(cmp.scenarioAdditions, ["8703"], "0101 is among the scenario's exceptions");
  assert.ok(cmp.gaps.some((g) => g.code === "847150"));
  assert.equal(cmp.summary.EU?.prohibited, 1);

  const table = formatComparisonTable(cmp);
  assert.match(table, /847150\s+BAN 2022-04-09\s+LIC 2022-02-24/);
  assert.match(table, /\* = that member's lists are only partly encoded/);
  const csv = parse(formatComparisonCsv(cmp), { columns: true }) as Record<string, string>[];
  assert.equal(csv.length, 4 * 4);
  assert.deepEqual(
    csv.find((r) => r.code === "847150" && r.jurisdiction === "US"),
    {
      code: "847150",
      jurisdiction: "US",
      status: "licence",
      verdict: "LICENCE_REQUIRED",
      since: "2022-02-24",
      measures: "fx-us-industry",
      thresholds: "",
      coverage: "partial",
      gap: "yes",
      scenario_adds: "no",
      as_of: "2025-01-01",
      data_version: regimes.version,
    },
  );
});

test("compare a chapter: the codes any member lists under it, plus the chapter itself (partly)", () => {
  const cmp = compareRegimes(regimes, { chapter: "85", asOf: "2025-01-01" });
  assert.deepEqual(
    cmp.rows.map((r) => r.code),
    ["85", "8542", "85423190"],
  );
  assert.equal(cmp.rows[0]?.cells.find((c) => c.jurisdiction === "EU")?.status, "partly");
  const thresholds = compareRegimes(regimes, { codes: ["7113"], asOf: "2025-01-01" });
  assert.equal(thresholds.rows[0]?.cells[0]?.measures[0]?.threshold, "> 300 EUR/item");
  const past = compareRegimes(regimes, { codes: ["847150"], asOf: "2022-03-01" });
  assert.equal(past.rows[0]?.cells.find((c) => c.jurisdiction === "EU")?.status, "none");
  assert.throws(
    () => compareRegimes(regimes, { asOf: "2025-01-01" }),
    (e: EmbargoError) => e.code === "COMPARE_NO_CODES",
  );
  assert.throws(
    () => compareRegimes(regimes, { codes: ["84x"], asOf: "2025-01-01" }),
    (e: EmbargoError) => e.code === "CODE_INVALID" && e.category === "invalid_input",
  );
});

test("CSV batches: rows grouped by shipment id, bad rows reported with their row numbers", async () => {
  const csv = [
    "shipment_id,date,exporter_name,exporter_country,consignee_name,consignee_country,destination,code,value,currency,quantity",
    "S1,2025-06-01,Acme,DE,OOO,RU,RU,8471.50,100,EUR,1",
    "S1,2025-06-01,Acme,DE,OOO,RU,RU,0101,50,EUR,1",
    ",2025-06-01,Acme,DE,Buyer,FR,FR,8471.50,100,EUR,1",
    ",2025-06-01,Acme,DE,OOO,RU,Russia,84x,lots,EUR,1",
  ].join("\n");
  const entries = await parseShipmentsCsv(csv, "batch.csv");
  assert.equal(entries.length, 3);
  assert.deepEqual(entries[0]?.rows, [1, 2]);
  assert.equal(entries[0]?.shipment?.items.length, 2);
  assert.equal(entries[1]?.shipment?.destination, "FR");
  const bad = entries[2];
  assert.ok(bad?.error);
  assert.equal(bad.error.code, "SHIPMENT_INVALID");
  assert.deepEqual(bad.error.issues?.map((i) => [i.file, i.row, i.path]).sort(), [
    ["batch.csv", 4, "destination"],
    ["batch.csv", 4, "items[0].code"],
    ["batch.csv", 4, "items[0].value"],
  ]);
  await assert.rejects(
    () => parseShipmentsCsv("date,code\n2025-01-01,8471\n", "x.csv"),
    (e: EmbargoError) => e.code === "CSV_INVALID" && e.issues.some((i) => i.field === "exporter_name"),
  );
});

test("compare imports from Russia", () => {
  const cmp = compareRegimes(regimes, { codes: ["71023900"], asOf: "2024-06-01", direction: "import" });
  const eu = cmp.rows[0]?.cells.find((c) => c.jurisdiction === "EU");
  assert.equal(eu?.status, "prohibited");
  assert.equal(eu?.since, "2024-01-01");
  assert.ok(eu?.measures.some((m) => m.id === "fx-eu-diamonds-processed" && m.threshold === "≥ 1 ct/stone"));
});
