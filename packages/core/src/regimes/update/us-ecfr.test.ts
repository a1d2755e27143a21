// US eCFR source: the parser and mapper on a sample in the eCFR XML shape, and hostile documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  federalRegisterUrl,
  latestRuleInEffect,
  parseEcfrPart746,
  parseFederalRegisterRules,
  readUsdAmount,
  usEcfrSource,
} from "./us-ecfr.ts";

const sample = readFileSync(new URL("./samples/ecfr-title-15-part-746.xml", import.meta.url));
const frSample = readFileSync(new URL("./samples/federal-register-documents-746.json", import.meta.url));
const FR_URL = "http://127.0.0.1/api/v1/documents.json?conditions[cfr][title]=15";
const URL_OF = "http://127.0.0.1/api/versioner/v1/full/2024-06-01/title-15.xml?part=746";
const doc = (b: Uint8Array | string) => ({
  url: URL_OF,
  bytes: typeof b === "string" ? new TextEncoder().encode(b) : b,
});
const ctx = {
  asOf: "2024-06-01",
  baseUrl: "http://127.0.0.1/api/versioner/v1/",
  retrievedAt: "2024-06-02T10:00:00.000Z",
};

test("reads every supplement's HTS rows from HTML-like and GPO tables", () => {
  const sups = parseEcfrPart746(doc(sample));
  assert.deepEqual(
    sups.map((s) => [s.number, s.codes.map((c) => c.code), s.skipped]),
    [
      [2, ["730411"], 0],
      [4, ["392690", "940320"], 1],
      [5, ["910111", "711319"], 0],
      [6, ["281511"], 0],
      [7, ["847130"], 0],
    ],
  );
  assert.equal(sups[1]?.codes[0]?.description, "Sample description");
});

test("maps Supplements 2, 4, 5 and 6 (not 7: Iran) to measures citing § 746.8 and the eCFR date", () => {
  const m = usEcfrSource.map([doc(sample)], ctx);
  assert.deepEqual(
    m.measures.map((x) => [x.id, x.kind, x.countries.join(","), x.effective.from, x.goods]),
    [
      [
        "us-ecfr-746-supp2-2024-06-01",
        "end_user_restriction",
        "RU,BY",
        "2024-06-01",
        { kind: "codes", nomenclature: "HTS2024", include: ["730411"] },
      ],
      [
        "us-ecfr-746-supp4-2024-06-01",
        "licence_requirement",
        "RU,BY",
        "2024-06-01",
        { kind: "codes", nomenclature: "HTS2024", include: ["392690", "940320"] },
      ],
      [
        "us-ecfr-746-supp5-unpriced-2024-06-01",
        "licence_requirement",
        "RU,BY",
        "2024-06-01",
        {
          kind: "codes",
          nomenclature: "HTS2024",
          include: ["910111"],
          exCodes: ["910111"],
          note: "The row's per-unit price column gave no dollar amount: a candidate (REVIEW).",
        },
      ],
      [
        "us-ecfr-746-supp5-usd1000-2024-06-01",
        "licence_requirement",
        "RU,BY",
        "2024-06-01",
        { kind: "codes", nomenclature: "HTS2024", include: ["711319"] },
      ],
      [
        "us-ecfr-746-supp6-2024-06-01",
        "licence_requirement",
        "RU,BY",
        "2024-06-01",
        { kind: "codes", nomenclature: "HTS2024", include: ["281511"] },
      ],
    ],
  );
  assert.deepEqual(m.measures[3]?.thresholds, {
    valuePerItem: {
      amount: 1000,
      currency: "USD",
      comparison: "above",
      basis: "per-unit wholesale price in the U.S. (Supplement No. 5 column)",
    },
  });
  assert.equal(m.measures[3]?.legalBasis[0]?.instrument, "15 CFR § 746.8(a)(7) (eCFR as of 2024-06-01)");
  assert.equal(m.measures[1]?.legalBasis[0]?.instrument, "15 CFR § 746.8(a)(5) (eCFR as of 2024-06-01)");
  assert.equal(m.measures[1]?.legalBasis[0]?.annex, "Supplement No. 4 to Part 746");
  assert.equal(m.regimeHints?.["us-ecfr-746-supp4-2024-06-01"], "us-ear-746-supp4-");
  assert.equal(m.skipped, 2); // the non-code row and Supplement 7's row
  assert.match(m.caveats[1] ?? "", /Federal Register was not read/);
});

test("the Federal Register dates the measures from the latest amending rule in effect, cited in every legal basis", () => {
  const rules = parseFederalRegisterRules({ url: FR_URL, bytes: frSample });
  assert.deepEqual(
    rules.map((r) => [r.citation, r.effectiveOn]),
    [
      ["89 FR 87282", "2024-11-01"],
      ["88 FR 33422", "2023-05-19"],
      ["87 FR 14785", "2022-03-11"],
    ],
  );
  assert.equal(latestRuleInEffect(rules, "2024-06-01")?.citation, "88 FR 33422");
  assert.equal(latestRuleInEffect(rules, "2022-01-01"), undefined);
  const m = usEcfrSource.map([doc(sample), { url: FR_URL, bytes: frSample }], ctx);
  for (const x of m.measures) {
    assert.equal(x.effective.from, "2023-05-19");
    assert.equal(x.legalBasis[1]?.instrument, "88 FR 33422 (Sample title), effective 2023-05-19");
    assert.equal(x.legalBasis[1]?.url, "https://www.federalregister.gov/d/2023-10774");
  }
  assert.match(m.caveats[1] ?? "", /88 FR 33422, effective 2023-05-19/);
  assert.equal(
    federalRegisterUrl("https://www.ecfr.gov/api/versioner/v1/", "2024-06-01").split("?")[0],
    "https://www.federalregister.gov/api/v1/documents.json",
  );
  assert.match(
    federalRegisterUrl("http://127.0.0.1:9/m/api/versioner/v1/", "2024-06-01"),
    /^http:\/\/127\.0\.0\.1:9\/m\/api\/v1\/documents\.json\?.*conditions\[cfr\]\[part\]=746.*effective_date\]\[lte\]=2024-06-01/,
  );
  assert.equal(readUsdAmount("Greater than $50,000"), 50000);
  assert.equal(readUsdAmount("Sample price"), undefined);
  // A Federal Register answer that is not the API's JSON is refused with the rest.
  for (const bad of ["<html>busy</html>", '{"errors":["bad"]}', '{"results":[{"x":1}]}'])
    assert.throws(() => usEcfrSource.map([doc(sample), { url: FR_URL, bytes: new TextEncoder().encode(bad) }], ctx), {
      code: "REGIME_SOURCE_MALFORMED",
    });
});

test("hostile documents are refused whole", () => {
  const text = sample.toString("utf8");
  const cases: [string, string, RegExp][] = [
    ["truncated", text.slice(0, Math.floor(text.length / 2)), /not well-formed XML/],
    ["HTML error page", "<!DOCTYPE html><html><body>Request blocked</body></html>", /HTML page was served/],
    [
      "wrong schema",
      '<?xml version="1.0"?><DIV5 N="744" TYPE="PART"><HEAD>PART 744</HEAD></DIV5>',
      /not the eCFR XML of 15 CFR part 746/,
    ],
    [
      "entity expansion",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><DIV5 N="746" TYPE="PART"/>',
      /DTD or entities/,
    ],
  ];
  for (const [name, body, message] of cases)
    assert.throws(() => usEcfrSource.map([doc(body)], ctx), { code: "REGIME_SOURCE_MALFORMED", message }, name);
});
