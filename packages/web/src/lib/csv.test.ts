import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, csvRecords, parseCsv, toCsv } from "./csv.ts";

test("parseCsv: quotes, doubled quotes, embedded line breaks, CRLF, BOM, blank lines", () => {
  const text = '\ufeffname,type\r\n"IVANOV, Sergei",person\r\n\r\n"say ""hi""\nthere",\nlast,vessel';
  assert.deepEqual(parseCsv(text), [
    ["name", "type"],
    ["IVANOV, Sergei", "person"],
    ['say "hi"\nthere', ""],
    ["last", "vessel"],
  ]);
});

test("csvRecords: header names are case-free; without a name header the first column is the name", () => {
  assert.deepEqual(csvRecords("Name,Country\nBank Rossiya,RU\n"), [{ name: "Bank Rossiya", country: "RU" }]);
  assert.deepEqual(csvRecords("Sovcomflot\nVladimir Putin\n"), [{ name: "Sovcomflot" }, { name: "Vladimir Putin" }]);
});

test("toCsv round-trips through parseCsv and neutralises formulas", () => {
  const rows = [
    ["a", "b"],
    ['x, "y"', "line\nbreak"],
  ];
  assert.deepEqual(parseCsv(toCsv(rows)), rows);
  assert.equal(csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(csvField(0.93), "0.93");
});
