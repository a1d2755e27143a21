// Canada Justice Laws source: the parser and mapper on a hand-made sample in the Justice Laws XML shape, and
// hostile documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { caJusticeBelarusSource, caJusticeRussiaSource, parseJusticeRegulation } from "./ca-justice-laws.ts";

const sample = readFileSync(new URL("./samples/justice-laws-sor-2014-58.xml", import.meta.url));
const URL_OF = "http://127.0.0.1/eng/XML/SOR-2014-58.xml";
const doc = (b: Uint8Array | string) => ({
  url: URL_OF,
  bytes: typeof b === "string" ? new TextEncoder().encode(b) : b,
});
const ctx = { asOf: "2024-07-01", baseUrl: URL_OF, retrievedAt: "2024-07-02T10:00:00.000Z" };

test("reads the instrument, its currency date and each schedule's rows and items with their in-force dates", () => {
  const r = parseJusticeRegulation("ca", doc(sample), /^SOR\/2014-58$/);
  assert.deepEqual(
    [r.instrument, r.title, r.currentTo, r.lastAmended],
    ["SOR/2014-58", "Special Economic Measures (Russia) Regulations", "2024-06-20", "2024-06-12"],
  );
  assert.deepEqual(
    r.schedules.map((s) => [s.number, s.items.map((i) => [i.item, i.codes.join(","), i.inForce])]),
    [
      ["6", [["1", "", "2022-05-18"]]],
      [
        "7",
        [
          ["1", "", "2022-05-18"],
          ["35.01", "845710", "2024-06-12"],
          ["35.02", "845811", "2024-06-12"],
          ["35.03", "845891", "2024-06-12"],
          ["99.99", "940320", "2024-06-12"],
        ],
      ],
    ],
  );
  assert.equal(r.schedules[1]?.items[1]?.text, "Machining centres");
});

test("Schedule 7's HS-coded rows become a dated export ban, its rows in words description-only; Schedule 6 is skipped", () => {
  const m = caJusticeRussiaSource.map([doc(sample)], ctx);
  assert.equal(m.publicationDate, "2024-06-20");
  assert.deepEqual(
    m.measures.map((x) => [
      x.id.replace(/-[0-9a-f]{8}$/, "-#"),
      x.kind,
      x.countries.join(","),
      x.effective.from,
      x.goods.kind,
    ]),
    [
      ["ca-justice-sor-2014-58-sch7-described-2022-05-18-#", "export_ban", "RU", "2022-05-18", "description"],
      ["ca-justice-sor-2014-58-sch7-codes-2024-06-12", "export_ban", "RU", "2024-06-12", "codes"],
    ],
  );
  assert.equal(m.skipped, 1); // Schedule 6's item
  const coded = m.measures[1];
  assert.deepEqual(coded?.goods, {
    kind: "codes",
    nomenclature: "HS2022",
    include: ["845710", "845811", "845891", "940320"],
  });
  assert.equal(coded?.legalBasis[0]?.annex, "SCHEDULE 7");
  assert.match(coded?.legalBasis[0]?.instrument ?? "", /SOR\/2014-58 \(Justice Laws XML, current to 2024-06-20\)/);
  for (const d of m.measures.slice(0, 1)) {
    assert.match(d.summary, /^description-only/);
    assert.match(d.coverage.note, /description-only/);
  }
  assert.equal(m.regimeHints?.["ca-justice-sor-2014-58-sch7-codes-2024-06-12"], "ca-sema-russia-exports");
});

test("the Belarus source imports every schedule description-only, its printed codes indicative", () => {
  const belarus = sample.toString("utf8").replace("SOR/2014-58", "SOR/2020-214").replace("(Russia)", "(Belarus)");
  const m = caJusticeBelarusSource.map([doc(belarus)], ctx);
  assert.ok(m.measures.length > 0);
  for (const x of m.measures) {
    assert.equal(x.goods.kind, "description");
    assert.deepEqual(x.countries, ["BY"]);
  }
  const last = m.measures.at(-1);
  assert.deepEqual(last?.goods.kind === "description" ? last.goods.indicative?.prefixes : [], [
    "845710",
    "845811",
    "845891",
    "940320",
  ]);
});

test("hostile documents are refused whole", () => {
  const text = sample.toString("utf8");
  const cases: [string, string, RegExp][] = [
    ["truncated", text.slice(0, Math.floor(text.length / 2)), /not well-formed XML/],
    ["HTML error page", "<!DOCTYPE html><html><body>Page not found - Justice Laws</body></html>", /HTML page/],
    ["wrong schema", '<?xml version="1.0"?><Statute><Identification/></Statute>', /no Regulation element/],
    ["another instrument", text.replace("SOR/2014-58", "SOR/2022-167"), /SOR\/2022-167 is not the one/],
    [
      "external entity",
      '<?xml version="1.0"?><!DOCTYPE Regulation [<!ENTITY x SYSTEM "file:///etc/passwd">]><Regulation/>',
      /XXE/,
    ],
  ];
  for (const [name, body, message] of cases)
    assert.throws(
      () => caJusticeRussiaSource.map([doc(body)], ctx),
      { code: "REGIME_SOURCE_MALFORMED", message },
      name,
    );
  // A plain DOCTYPE line without an internal subset is dropped unread, not refused.
  const withDoctype = text.replace("<Regulation ", '<!DOCTYPE Regulation SYSTEM "regulation.dtd">\n<Regulation ');
  assert.equal(caJusticeRussiaSource.map([doc(withDoctype)], ctx).measures.length, 2);
});
