// UK Trade Tariff source: the parser and mapper on a sample in the API's JSON:API shape, and hostile documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseUkCommodity, ukTradeTariffSource } from "./uk-trade-tariff.ts";

const sample = readFileSync(new URL("./samples/uk-trade-tariff-commodity.json", import.meta.url));
const URL_OF = "http://127.0.0.1/api/v2/commodities/8471300000?as_of=2024-06-01";
const doc = (bytes: Uint8Array | string, url = URL_OF) => ({
  url,
  bytes: typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
});
const ctx = { asOf: "2024-06-01", baseUrl: "http://127.0.0.1/api/v2/", retrievedAt: "2024-06-02T10:00:00.000Z" };

test("parses every import and export measure of a commodity, with areas, exclusions, dates and legal acts", () => {
  const ms = parseUkCommodity(doc(sample), "8471300000");
  assert.deepEqual(
    ms.map((m) => [m.sid, m.direction, m.typeDescription, m.areaId, m.countries.join(","), m.from, m.until ?? ""]),
    [
      ["-1010", "import", "Third country duty", "1011", "", "2021-01-01", ""],
      ["-1011", "import", "Import prohibition", "RU", "RU", "2023-04-21", ""],
      ["-1020", "export", "Export prohibition", "SAMPLE-G1", "RU", "2022-12-16", ""],
      ["-1021", "export", "Export prohibition", "KP", "", "2021-01-01", ""],
    ],
  );
  assert.deepEqual(ms[1]?.legalActs, [
    { id: "SAMPLE-LA1", code: "S.I. 2019/855", url: "https://www.legislation.gov.uk/uksi/2019/855" },
  ]);
});

test("maps the RU/BY prohibitions to regime measures citing the source and date; the rest is skipped", () => {
  const mapped = ukTradeTariffSource.map([doc(sample)], ctx);
  assert.equal(mapped.skipped, 2);
  assert.equal(mapped.publicationDate, "2024-06-01");
  assert.deepEqual(
    mapped.measures.map((m) => [m.kind, m.direction, m.countries.join(","), m.effective.from, m.goods]),
    [
      ["export_ban", "export", "RU", "2022-12-16", { kind: "codes", nomenclature: "UK2024", include: ["8471300000"] }],
      ["import_ban", "import", "RU", "2023-04-21", { kind: "codes", nomenclature: "UK2024", include: ["8471300000"] }],
    ],
  );
  for (const m of mapped.measures) {
    assert.match(m.legalBasis[0]?.instrument ?? "", /^S\.I\. 2019\/855 \(UK Trade Tariff as of 2024-06-01/);
    assert.equal(m.legalBasis[0]?.url, "https://www.legislation.gov.uk/uksi/2019/855");
    assert.match(m.title, /UK Trade Tariff as of 2024-06-01/);
    assert.equal(m.coverage.status, "partial");
    assert.equal(m.source.retrieved, "2024-06-02");
  }
});

test("hostile documents are refused whole, naming the document", () => {
  const text = sample.toString("utf8");
  const cases: [string, string | Uint8Array, RegExp][] = [
    ["truncated", text.slice(0, Math.floor(text.length / 2)), /not valid JSON .*truncated/],
    ["HTML error page", "<!DOCTYPE html><html><body>Service unavailable</body></html>", /HTML\/XML page was served/],
    ["wrong schema", JSON.stringify({ data: { id: "1", type: "heading", attributes: {} } }), /type commodity/],
    ["other commodity", text.replace('"8471300000"', '"8471410000"'), /commodity 8471410000, not 8471300000/],
    [
      "dangling measure",
      JSON.stringify({ ...JSON.parse(text), included: [] }),
      /measure -1010 is referenced but not included/,
    ],
  ];
  for (const [name, body, message] of cases)
    assert.throws(() => ukTradeTariffSource.map([doc(body)], ctx), { code: "REGIME_SOURCE_MALFORMED", message }, name);
});
