// Japan e-Gov source: the parser and mapper on a hand-made sample in 法令標準XML (wrapped as the v2 JSON answer and
// as the v1 DataRoot), and hostile documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { asciiDigits, jpEGovOrderSource, jpEGovOrdinanceSource, parseEGovLaw } from "./jp-egov.ts";

const law = readFileSync(new URL("./samples/egov-504M60000400015.xml", import.meta.url), "utf8");
const URL_OF = "http://127.0.0.1/api/2/law_data/504M60000400015?law_full_text_format=xml&asof=2024-07-01";
const doc = (b: string) => ({ url: URL_OF, bytes: new TextEncoder().encode(b) });
const ctx = { asOf: "2024-07-01", baseUrl: "http://127.0.0.1/api/2/", retrievedAt: "2024-07-02T10:00:00.000Z" };
/** The v2 answer: law_info, revision_info, law_full_text as base64 XML. */
const v2 = (xml: string, id = "504M60000400015", date = "2024-01-23") =>
  JSON.stringify({
    law_info: { law_id: id },
    revision_info: { amendment_enforcement_date: date },
    law_full_text: Buffer.from(xml).toString("base64"),
  });
const v1 = (xml: string, code = "0") =>
  `<?xml version="1.0" encoding="UTF-8"?><DataRoot><Result><Code>${code}</Code><Message/></Result><ApplData><LawId>504M60000400015</LawId><LawFullText>${xml.replace(/^<\?xml[^>]*>/, "")}</LawFullText></ApplData></DataRoot>`;

test("digits in kanji and full width are read as ASCII", () => {
  assert.equal(asciiDigits("第九四〇三・二〇号"), "第9403.20号");
  assert.equal(asciiDigits("８４７１．３０"), "8471.30");
});

test("reads the appended tables and the revision date from the v2 answer, and the same tables from v1", () => {
  const l = parseEGovLaw("jp", doc(v2(law)), "504M60000400015");
  assert.equal(l.enforced, "2024-01-23");
  assert.equal(l.title, "輸出貿易管理令別表第二の三の規定に基づき貨物を定める省令");
  assert.deepEqual(
    l.tables[0]?.rows.map((r) => r.code ?? "-"),
    ["-", "940320", "847130", "910111"],
  );
  const plain = JSON.stringify({ ...JSON.parse(v2(law)), law_full_text: law });
  assert.deepEqual(parseEGovLaw("jp", doc(plain), "504M60000400015").tables, l.tables);
  const one = parseEGovLaw("jp", doc(v1(law)), "504M60000400015");
  assert.equal(one.enforced, undefined);
  assert.deepEqual(one.tables, l.tables);
});

test("coded rows without a yen value become codes; rows in words or with a price are description-only", () => {
  const m = jpEGovOrdinanceSource.map([doc(v2(law))], ctx);
  assert.equal(m.publicationDate, "2024-01-23");
  assert.deepEqual(
    m.measures.map((x) => [x.id.replace(/-[0-9a-f]{8}$/, "-#"), x.kind, x.countries.join(","), x.effective.from]),
    [
      ["jp-egov-meti-ordinance-2022-15-table1-codes-2024-01-23", "export_ban", "RU", "2024-01-23"],
      ["jp-egov-meti-ordinance-2022-15-table1-described-2024-01-23-#", "export_ban", "RU", "2024-01-23"],
    ],
  );
  assert.deepEqual(m.measures[0]?.goods, { kind: "codes", nomenclature: "JP2024", include: ["847130", "940320"] });
  const d = m.measures[1];
  assert.equal(d?.goods.kind === "description" ? d.goods.items?.length : 0, 2);
  assert.match(d?.summary ?? "", /^description-only/);
  assert.match(
    m.measures[0]?.legalBasis[0]?.instrument ?? "",
    /\(e-Gov law 504M60000400015, revision in force 2024-01-23\)$/,
  );
  // The Order's source reads only 別表第二の三, description-only.
  const order = law.replace("別表第一（見本）", "別表第二の三（第二条関係）");
  const o = jpEGovOrderSource.map([doc(v2(order, "324CO0000000378"))], ctx);
  assert.deepEqual(
    o.measures.map((x) => x.goods.kind),
    ["description"],
  );
});

test("hostile answers are refused whole", () => {
  const cases: [string, string, RegExp][] = [
    ["truncated JSON", v2(law).slice(0, 300), /not valid JSON/],
    ["truncated XML inside", v2(law.slice(0, 400)), /not well-formed XML/],
    ["HTML error page", "<!DOCTYPE html><html><body>メンテナンス中</body></html>", /HTML page/],
    ["wrong schema", JSON.stringify({ code: "404", message: "not found" }), /no law_info\.law_id/],
    ["another law", v2(law, "324CO0000000378"), /law 324CO0000000378, not 504M60000400015/],
    ["v1 error", v1(law, "1"), /Result\/Code 1/],
    ["entity in the XML", v2('<!DOCTYPE Law [<!ENTITY a "b">]><Law/>'), /DTD or entities/],
  ];
  for (const [name, body, message] of cases)
    assert.throws(
      () => jpEGovOrdinanceSource.map([doc(body)], ctx),
      { code: "REGIME_SOURCE_MALFORMED", message },
      name,
    );
});
