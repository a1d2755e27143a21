import assert from "node:assert/strict";
import { test } from "node:test";
import { readShipmentsCsv } from "./csv.ts";

const header =
  "shipment_id,date,exporter_name,exporter_country,consignee_name,consignee_country,destination,code,value,currency,quantity";
const row = (id: string, code = "8471.50") => `${id},2025-06-01,Acme,DE,OOO,RU,RU,${code},100,EUR,1`;

test("one unterminated quote costs only its own row: the rows before and after are still read", async () => {
  const csv = [header, row("S1"), 'S2,2025-06-01,"Acme,DE,OOO,RU,RU,8471.50,100,EUR,1', row("S3"), row("S4")].join(
    "\n",
  );
  const { entries } = await readShipmentsCsv(csv, "b.csv");
  assert.deepEqual(
    entries.map((e) => [e.rows, e.id ?? null, e.error?.code ?? "ok"]),
    [
      [[1], "S1", "ok"],
      [[2], null, "CSV_ROW_INVALID"],
      [[3], "S3", "ok"],
      [[4], "S4", "ok"],
    ],
  );
  const bad = entries[1]?.error;
  assert.equal(bad?.category, "invalid_input");
  assert.deepEqual(
    bad?.issues?.map((i) => [i.file, i.row, i.code]),
    [["b.csv", 2, "csv_syntax"]],
  );
  assert.match(bad?.message ?? "", /row 2 is not readable as CSV: Quote Not Closed/);
});

test("a quoted field spanning lines is still one record when the file has a bad row elsewhere", async () => {
  const csv = [header, `S1,2025-06-01,"Acme\nGmbH",DE,OOO,RU,RU,8471.50,100,EUR,1`, 'S2,"2025-06-01', row("S3")].join(
    "\n",
  );
  const { entries } = await readShipmentsCsv(csv, "b.csv");
  assert.equal(entries[0]?.shipment?.exporter.name, "Acme\nGmbH");
  assert.equal(entries[1]?.error?.code, "CSV_ROW_INVALID");
  assert.equal(entries[2]?.id, "S3");
  assert.deepEqual(entries[2]?.rows, [3]);
});

test("columns that are not shipment columns and rows with extra fields are warnings naming them", async () => {
  const csv = [`${header},colour,destinaton`, `${row("S1")},red,RU`, `${row("S2")},blue,RU,surplus`].join("\n");
  const { entries, warnings } = await readShipmentsCsv(csv, "b.csv");
  assert.equal(entries.filter((e) => e.shipment).length, 2);
  assert.deepEqual(
    warnings.map((w) => [w.code, w.field ?? null, w.row ?? null]),
    [
      ["unknown_column", "colour", null],
      ["unknown_column", "destinaton", null],
      ["extra_fields", null, 2],
    ],
  );
  assert.match(warnings[0]?.message ?? "", /column 'colour' is not a shipment column and is ignored/);
  assert.match(warnings[2]?.message ?? "", /row 2 has 14 fields, the header 13/);
});

test("a file whose only content is unreadable is still CSV_INVALID (no header, or no rows)", async () => {
  await assert.rejects(() => readShipmentsCsv(`"date,code\n`, "x.csv"), /header is not readable/);
  await assert.rejects(() => readShipmentsCsv(`${header}\n`, "x.csv"), /no data rows/);
});
