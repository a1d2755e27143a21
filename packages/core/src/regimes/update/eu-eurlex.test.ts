// EU EUR-Lex source: the Formex parser and mapper on a hand-made sample in the consolidated-act shape, and hostile
// documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { deflateRawSync } from "node:zlib";
import { euEurLex765Source, euEurLex833Source, parseEurLexFormex } from "./eu-eurlex.ts";
import { readTableCode, unzipXmlDocuments } from "./xml-util.ts";

/** A minimal zip package (stored or deflated entries; CRCs left 0: the reader does not check them). */
function zip(entries: [string, string, "stored" | "deflated"][]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text, how] of entries) {
    const raw = Buffer.from(text);
    const data = how === "deflated" ? deflateRawSync(raw) : raw;
    const n = Buffer.from(name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(how === "deflated" ? 8 : 0, 8);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(raw.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(how === "deflated" ? 8 : 0, 10);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(raw.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    centrals.push(ch, n);
    offset += lh.length + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

const sample = readFileSync(new URL("./samples/eurlex-formex-02014R0833.xml", import.meta.url));
const URL_OF = "http://127.0.0.1/eurlex/02014R0833-20240625.xml";
const doc = (b: Uint8Array | string) => ({
  url: URL_OF,
  bytes: typeof b === "string" ? new TextEncoder().encode(b) : b,
});
const ctx = { asOf: "2024-07-01", baseUrl: URL_OF, retrievedAt: "2024-07-02T10:00:00.000Z" };

test("reads the consolidation date and every annex table's CN codes (ex codes marked, header rows left out)", () => {
  const c = parseEurLexFormex("eu-eurlex-833", [doc(sample)], "2014R0833");
  assert.equal(c.date, "2024-06-25");
  assert.equal(c.celex, "02014R0833-20240625");
  assert.deepEqual(
    c.annexes.map((a) => [a.number, a.codes.map((x) => `${x.ex ? "ex " : ""}${x.code}`), a.skipped]),
    [
      ["XVIII", ["25120000"], 0],
      ["XXI", ["25090000", "ex 25201000"], 1],
      ["XXIII", ["25084000", "44071910"], 0],
    ],
  );
  assert.equal(c.annexes[1]?.codes[1]?.description, "Sample description");
});

test("the Cellar's fmx4 zip package: its XML parts are read together; truncated or oversized packages are refused", () => {
  const text = sample.toString("utf8");
  const cut = text.indexOf("  <CONS.ANNEX>");
  const act = `${text.slice(0, cut)}</CONS.ACT>`;
  const annexes = `<?xml version="1.0" encoding="UTF-8"?><GR.ANNEX>${text.slice(cut, text.lastIndexOf("</CONS.ACT>"))}</GR.ANNEX>`;
  const pkg = zip([
    ["02014R0833-20240625.doc.xml", act, "deflated"],
    ["02014R0833-20240625.000101.xml", annexes, "stored"],
    ["readme.txt", "not read", "stored"],
  ]);
  const m = euEurLex833Source.map([{ url: URL_OF, bytes: pkg }], ctx);
  assert.deepEqual(
    m.measures.map((x) => x.id),
    ["eu-eurlex-833-annex-xxi-2024-06-25", "eu-eurlex-833-annex-xxiii-2024-06-25"],
  );
  const parts = unzipXmlDocuments("eu", { url: URL_OF, bytes: pkg });
  assert.deepEqual(
    parts.map((p) => p.url),
    [`${URL_OF}#02014R0833-20240625.doc.xml`, `${URL_OF}#02014R0833-20240625.000101.xml`],
  );
  assert.throws(() => euEurLex833Source.map([{ url: URL_OF, bytes: pkg.slice(0, pkg.length - 30) }], ctx), {
    code: "REGIME_SOURCE_MALFORMED",
    message: /central directory|truncated/,
  });
  assert.throws(() => unzipXmlDocuments("eu", { url: URL_OF, bytes: pkg }, 100), {
    message: /expands beyond 100 bytes/,
  });
});

test("tariff codes are read as printed in legal tables; words are not codes", () => {
  assert.deepEqual(readTableCode("4407 19 10"), { code: "44071910", ex: false });
  assert.deepEqual(readTableCode("ex 7208 51"), { code: "720851", ex: true });
  assert.deepEqual(readTableCode("8457.10"), { code: "845710", ex: false });
  assert.equal(readTableCode("Chapter 44"), undefined);
  assert.equal(readTableCode("44"), undefined);
  assert.equal(readTableCode("2509 00 0"), undefined);
});

test("maps Annex XXI (Art. 3i import ban) and XXIII (Art. 3k export ban), not XVIII, citing CELEX and date", () => {
  const m = euEurLex833Source.map([doc(sample)], ctx);
  assert.equal(m.publicationDate, "2024-06-25");
  assert.deepEqual(
    m.measures.map((x) => [x.id, x.kind, x.direction, x.countries.join(","), x.effective.from, x.goods]),
    [
      [
        "eu-eurlex-833-annex-xxi-2024-06-25",
        "import_ban",
        "import",
        "RU",
        "2024-06-25",
        {
          kind: "codes",
          nomenclature: "CN2024",
          include: ["25090000", "25201000"],
          exCodes: ["25201000"],
          note: '1 "ex" code(s): only some goods under them are listed (REVIEW).',
        },
      ],
      [
        "eu-eurlex-833-annex-xxiii-2024-06-25",
        "export_ban",
        "export",
        "RU",
        "2024-06-25",
        { kind: "codes", nomenclature: "CN2024", include: ["25084000", "44071910"] },
      ],
    ],
  );
  const lb = m.measures[0]?.legalBasis[0];
  assert.equal(
    lb?.instrument,
    "Council Regulation (EU) No 833/2014 (EUR-Lex consolidated text CELEX 02014R0833-20240625)",
  );
  assert.deepEqual([lb?.article, lb?.annex], ["3i", "XXI"]);
  assert.equal(lb?.url, "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02014R0833-20240625");
  assert.equal(m.regimeHints?.["eu-eurlex-833-annex-xxi-2024-06-25"], "eu-833-art3i-");
  assert.equal(m.skipped, 2); // the heading row of XXI and Annex XVIII's code
});

test("hostile documents are refused whole", () => {
  const text = sample.toString("utf8");
  const cases: [string, string, RegExp][] = [
    ["truncated", text.slice(0, Math.floor(text.length / 2)), /not well-formed XML/],
    ["HTML error page", "<!DOCTYPE html><html><body>The requested document does not exist.</body></html>", /HTML page/],
    [
      "wrong schema",
      '<?xml version="1.0"?><ACT><TITLE><TI><P>x</P></TI></TITLE></ACT>',
      /not the Formex of a consolidated/,
    ],
    [
      "another act",
      text.replace('CONSLEG.REF="2014R0833"', 'CONSLEG.REF="2014R0269"'),
      /of 2014R0269, not of 2014R0833/,
    ],
    ["bad date", text.replace('START.DATE="20240625"', 'START.DATE="2024"'), /START\.DATE/],
    ["entity expansion", '<?xml version="1.0"?><!DOCTYPE CONS.ACT [<!ENTITY a "aaaa">]><CONS.ACT/>', /DTD or entities/],
  ];
  for (const [name, body, message] of cases)
    assert.throws(() => euEurLex833Source.map([doc(body)], ctx), { code: "REGIME_SOURCE_MALFORMED", message }, name);
  // The 833 document is not a 765 consolidation.
  assert.throws(() => euEurLex765Source.map([doc(sample)], ctx), { message: /not of 2006R0765/ });
});
