import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import type { EmbargoError } from "../errors/index.ts";
import { baciEdition } from "./ingest.ts";
import { sql } from "./sql.ts";
import { cn8Csv, comtradeCsv, comtradeRow, lab } from "./testkit.ts";

test("Comext CN8: good rows kept, bad rows counted with their row and reason, never dropped silently", async () => {
  const l = await lab();
  const csv = `${cn8Csv([
    ["DE", "KZ", "85423190", "2021-01", 100],
    ["DE", "KZ", "85423190", "2021-02", "abc"],
    ["XX", "KZ", "85423190", "2021-03", 5],
    ["DE", "KZ", "8542319", "2021-04", 5],
    ["DE", "KZ", "85423190", "2021-13", 5],
    ["DE", "KZ", "85423190", "2021-01", 100],
    ["DE", "KZ", "8542", "2021-01", 300],
  ])}DE,KZ,85423190,2021-05,7,extra\n`;
  const r = await l.ingest("t1", "comext", { "cn8.csv": csv });
  const m = r.manifest;
  assert.equal(m.rows, 2, "the CN8 row and its HS4 heading row");
  assert.equal(m.badRows, 6);
  const byRow = new Map(r.issues.map((i) => [i.row, i.message]));
  assert.match(byRow.get(2) ?? "", /value is not a number: abc/);
  assert.match(byRow.get(3) ?? "", /unknown reporter XX/);
  assert.match(byRow.get(4) ?? "", /bad product code 8542319/);
  assert.match(byRow.get(5) ?? "", /bad period 2021-13/);
  assert.match(byRow.get(6) ?? "", /same reporter\/partner\/code\/period\/flow as cn8.csv row 1/);
  assert.ok(
    r.issues.some((i) => i.code === "malformed_line"),
    "a line with too many columns is reported",
  );
  assert.equal(m.files[0]?.layout, "comext-cn8-long");
  assert.equal(m.currencies.join(), "EUR");
  assert.equal(m.ingestedAt, "2026-11-24T12:00:00.000Z");
  assert.equal(m.leafLevel, "CN8");
  const manifest = JSON.parse(await readFile(path.join(l.dir, "datasets", "t1", "manifest.json"), "utf8"));
  assert.equal(manifest.files[0].sha256.length, 64);
  const rows = await l.db.all<{ code: string; code_level: string; nomenclature: string }>(
    sql`SELECT code, code_level, nomenclature FROM read_parquet(${r.parquetPath}) ORDER BY code`,
  );
  assert.deepEqual(rows, [
    { code: "8542", code_level: "HS4", nomenclature: "CN2021" },
    { code: "85423190", code_level: "CN8", nomenclature: "CN2021" },
  ]);
});

test("Comext labelled totals: labels mapped to ISO, aggregates kept apart, French flow label read as export", async () => {
  const l = await lab();
  const csv = `reporter_label,reporter_iso2,partner_label,partner_iso2,product,flow,stat_procedure,freq,period,value_eur
Austria,AT,Armenia,AM,Total,EXPORT,Total,M,2019-01,982972
"European Union - 27 countries (AT, BE)",,Kazakhstan,,Total,EXPORTATION,Total,A,2016,5
United Kingdom,,Russian Federation (Russia),RU,Total,EXPORT,Total,M,2019-01,7
Austria,AT,Atlantis,,Total,EXPORT,Total,A,2016,1
`;
  const r = await l.ingest("t2", "comext", { "totals.csv": csv });
  assert.equal(r.manifest.rows, 3);
  assert.equal(r.manifest.badRows, 1);
  assert.match(r.issues[0]?.message ?? "", /unknown or missing partner/);
  const rows = await l.db.all(
    sql`SELECT reporter, reporter_kind, partner, code, freq, flow FROM read_parquet(${r.parquetPath}) ORDER BY source_row`,
  );
  assert.deepEqual(rows, [
    { reporter: "AT", reporter_kind: "country", partner: "AM", code: "TOTAL", freq: "M", flow: "export" },
    { reporter: "EU27_2020", reporter_kind: "aggregate", partner: "KZ", code: "TOTAL", freq: "A", flow: "export" },
    { reporter: "GB", reporter_kind: "country", partner: "RU", code: "TOTAL", freq: "M", flow: "export" },
  ]);
});

test("Comtrade: M49 quirks (842, 251, 490), World and indirect rows excluded by rule, bad rows counted", async () => {
  const l = await lab();
  const csv = comtradeCsv([
    comtradeRow({
      period: "202201",
      reporter: "842",
      partner: "398",
      cmd: "854231",
      value: "1000",
      qty: "2",
      unit: "u",
    }),
    comtradeRow({ period: "202201", reporter: "251", partner: "490", cmd: "854231", value: "50" }),
    comtradeRow({ period: "202201", reporter: "842", partner: "0", cmd: "854231", value: "9" }),
    comtradeRow({ period: "202201", reporter: "842", partner: "398", partner2: "643", cmd: "854232", value: "9" }),
    comtradeRow({ period: "202201", reporter: "842", partner: "398", flow: "MIP", cmd: "854233", value: "9" }),
    comtradeRow({ period: "202201", reporter: "999", partner: "398", cmd: "854231", value: "9" }),
    comtradeRow({ period: "202201", reporter: "842", partner: "398", cmd: "854239", value: "-" }),
    comtradeRow({ freq: "A", period: "2021", reporter: "842", partner: "398", cls: "H5", cmd: "854231", value: "700" }),
  ]);
  const r = await l.ingest("t3", "comtrade", { "comtrade.csv": csv });
  assert.equal(r.manifest.rows, 3);
  assert.equal(r.manifest.badRows, 2);
  assert.deepEqual(r.manifest.files[0]?.excluded, {
    "flowCode MIP": 1,
    "indirect flow (partner2Code not 0)": 1,
    "partner World (0)": 1,
  });
  assert.deepEqual(r.manifest.currencies, ["USD"]);
  const rows = await l.db.all(
    sql`SELECT reporter, partner, code, nomenclature, period, freq, value, quantity, quantity_unit FROM read_parquet(${r.parquetPath}) ORDER BY source_row`,
  );
  assert.deepEqual(rows, [
    {
      reporter: "US",
      partner: "KZ",
      code: "854231",
      nomenclature: "HS2022",
      period: "2022-01",
      freq: "M",
      value: 1000,
      quantity: 2,
      quantity_unit: "u",
    },
    {
      reporter: "FR",
      partner: "TW",
      code: "854231",
      nomenclature: "HS2022",
      period: "2022-01",
      freq: "M",
      value: 50,
      quantity: null,
      quantity_unit: null,
    },
    {
      reporter: "US",
      partner: "KZ",
      code: "854231",
      nomenclature: "HS2017",
      period: "2021",
      freq: "A",
      value: 700,
      quantity: null,
      quantity_unit: null,
    },
  ]);
});

test("BACI: thousand USD to USD, lost leading zeros restored, edition from the file name, bad rows counted", async () => {
  const l = await lab();
  const csv = "t,i,j,k,v,q\n2021,276,398,10121,1.5,2.0\n2021,842,643,854231,0.25,NA\n2021,276,398,85,1,1\n";
  const r = await l.ingest("t4", "baci", { "BACI_HS17_Y2021_V202201.csv": csv });
  assert.equal(r.manifest.rows, 2);
  assert.equal(r.manifest.badRows, 1);
  const rows = await l.db.all(
    sql`SELECT reporter, partner, code, nomenclature, value, quantity FROM read_parquet(${r.parquetPath}) ORDER BY source_row`,
  );
  assert.deepEqual(rows, [
    { reporter: "DE", partner: "KZ", code: "010121", nomenclature: "HS2017", value: 1500, quantity: 2 },
    { reporter: "US", partner: "RU", code: "854231", nomenclature: "HS2017", value: 250, quantity: null },
  ]);
  assert.equal(baciEdition("BACI_HS22_Y2023_V202501.csv"), "HS2022");
  await assert.rejects(
    l.ingest("t5", "baci", { "baci.csv": csv }),
    (e: EmbargoError) => e.code === "TRADE_NOMENCLATURE_REQUIRED",
  );
});

test("an unknown header and an all-bad file are errors; the previous dataset survives a failed run", async () => {
  const l = await lab();
  await l.ingest("keep", "comext", { "a.csv": cn8Csv([["DE", "KZ", "85423190", "2021-01", 1]]) });
  await assert.rejects(
    l.ingest("keep", "comext", { "b.csv": "foo,bar\n1,2\n" }),
    (e: EmbargoError) => e.code === "TRADE_UNKNOWN_LAYOUT",
  );
  await assert.rejects(
    l.ingest("keep", "comext", { "c.csv": cn8Csv([["DE", "KZ", "x", "2021-01", 1]]) }),
    (e: EmbargoError) => e.code === "TRADE_INGEST_EMPTY" && e.issues.length === 1,
  );
  const manifest = JSON.parse(await readFile(path.join(l.dir, "datasets", "keep", "manifest.json"), "utf8"));
  assert.equal(manifest.rows, 1);
  assert.equal(manifest.files[0].file, "a.csv");
});
