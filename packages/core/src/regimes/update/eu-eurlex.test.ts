// EU EUR-Lex source: the Formex parser and mapper on a hand-made sample in the consolidated-act shape, and hostile
// documents.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { deflateRawSync } from "node:zlib";
import type { Measure } from "../schema.ts";
import { euEurLex765Source, euEurLex833Source, parseEurLexFormex, readEurAmount } from "./eu-eurlex.ts";
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
/** A measure's code list (the EUR-Lex source only writes `codes` goods). */
const codesOf = (m?: Measure) => (m?.goods.kind === "codes" ? m.goods : undefined);
const ctx = { asOf: "2024-07-01", baseUrl: URL_OF, retrievedAt: "2024-07-02T10:00:00.000Z" };

test("reads the consolidation date and every annex table's CN codes (ex codes marked, header rows left out)", () => {
  const c = parseEurLexFormex("eu-eurlex-833", [doc(sample)], "2014R0833");
  assert.equal(c.date, "2024-06-25");
  assert.equal(c.celex, "02014R0833-20240625");
  assert.deepEqual(
    c.annexes.map((a) => [a.number, a.codes.map((x) => `${x.ex ? "ex " : ""}${x.code}`), a.skipped]),
    [
      ["XVIII", ["85192010", "87032110", "25120000", "84501111", "681011"], 1],
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
    [
      "eu-eurlex-833-annex-xviii-eur300-2024-06-25",
      "eu-eurlex-833-annex-xviii-eur750-2024-06-25",
      "eu-eurlex-833-annex-xviii-eur1000-2024-06-25",
      "eu-eurlex-833-annex-xviii-eur50000-2024-06-25",
      "eu-eurlex-833-annex-xxi-2024-06-25",
      "eu-eurlex-833-annex-xxiii-2024-06-25",
    ],
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

test("maps Annex XXI (Art. 3i import ban) and XXIII (Art. 3k export ban), citing CELEX and date", () => {
  const m = euEurLex833Source.map([doc(sample)], ctx);
  assert.equal(m.publicationDate, "2024-06-25");
  assert.deepEqual(
    m.measures
      .filter((x) => !x.id.includes("-xviii-"))
      .map((x) => [x.id, x.kind, x.direction, x.countries.join(","), x.effective.from, x.goods]),
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
  const lb = m.measures.find((x) => x.id === "eu-eurlex-833-annex-xxi-2024-06-25")?.legalBasis[0];
  assert.equal(
    lb?.instrument,
    "Council Regulation (EU) No 833/2014 (EUR-Lex consolidated text CELEX 02014R0833-20240625)",
  );
  assert.deepEqual([lb?.article, lb?.annex], ["3i", "XXI"]);
  assert.equal(lb?.url, "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02014R0833-20240625");
  assert.equal(m.regimeHints?.["eu-eurlex-833-annex-xxi-2024-06-25"], "eu-833-art3i-");
  assert.equal(m.skipped, 2); // the heading rows of XVIII and XXI
});

test("Annex XVIII (Art. 3h luxury): one export-ban measure per per-item EUR threshold, read from the row, its table's heading row, its section heading or the annex's text", () => {
  const c = parseEurLexFormex("eu-eurlex-833", [doc(sample)], "2014R0833");
  assert.deepEqual(
    c.annexes[0]?.codes.map((x) => [x.code, x.threshold?.amount, x.threshold?.from]),
    [
      ["85192010", 1000, "table heading"], // "EUR 1&#160;000" in the heading row above it
      ["87032110", 50000, "row"], // its own "EUR 50 000" beats the heading row's
      ["25120000", 300, "annex text"], // its section states none: the annex's general note
      ["84501111", 750, "section heading"],
      ["681011", 750, "section heading"],
    ],
  );
  const m = euEurLex833Source.map([doc(sample)], ctx);
  const lux = m.measures.filter((x) => x.id.includes("-xviii-"));
  assert.deepEqual(
    lux.map((x) => [x.id, x.kind, x.direction, x.countries.join(","), codesOf(x)?.include, x.thresholds?.valuePerItem]),
    [300, 750, 1000, 50000].map((amount) => [
      `eu-eurlex-833-annex-xviii-eur${amount}-2024-06-25`,
      "export_ban",
      "export",
      "RU",
      { 300: ["25120000"], 750: ["681011", "84501111"], 1000: ["85192010"], 50000: ["87032110"] }[amount],
      {
        amount,
        currency: "EUR",
        comparison: "above",
        basis: `value per item, as stated in Annex XVIII (${{ 300: "annex text", 750: "section heading", 1000: "table heading", 50000: "row" }[amount]}) of the EUR-Lex consolidated text CELEX 02014R0833-20240625`,
      },
    ]),
  );
  const lb = lux[0]?.legalBasis[0];
  assert.deepEqual([lb?.article, lb?.annex], ["3h", "XVIII"]);
  assert.match(
    lux[0]?.title ?? "",
    /Art\. 3h, Annex XVIII above EUR 300 per item — EUR-Lex consolidated text CELEX 02014R0833-20240625/,
  );
  assert.equal(lux[0]?.effective.from, "2024-06-25");
  assert.equal(m.regimeHints?.["eu-eurlex-833-annex-xviii-eur750-2024-06-25"], "eu-833-art3h-");
});

test("Annex XVIII: no threshold is assumed — rows with none read, or an unclear one, are REVIEW candidates, not bans", () => {
  const text = sample.toString("utf8");
  // Without the annex's general note, the row of section (1) has no threshold to read.
  const noNote = text.replace(/<P>Sample general note:[^<]*<\/P>/, "");
  const m = euEurLex833Source.map([doc(noNote)], ctx);
  const unpriced = m.measures.find((x) => x.id === "eu-eurlex-833-annex-xviii-unpriced-2024-06-25");
  assert.deepEqual(
    [codesOf(unpriced)?.include, codesOf(unpriced)?.exCodes, unpriced?.thresholds],
    [["25120000"], ["25120000"], undefined],
  );
  assert.ok(!m.measures.some((x) => x.id.includes("-eur300-")));
  // A heading mentioning EUR without one readable amount stops inheritance: its rows do not fall back to EUR 300.
  const unclear = text.replace("EUR 1&#160;000 per item", "EUR 1 000 or EUR 2 000 per item");
  const u = euEurLex833Source.map([doc(unclear)], ctx);
  assert.deepEqual(codesOf(u.measures.find((x) => x.id === "eu-eurlex-833-annex-xviii-unpriced-2024-06-25"))?.exCodes, [
    "85192010",
  ]);
  assert.deepEqual(codesOf(u.measures.find((x) => x.id === "eu-eurlex-833-annex-xviii-eur300-2024-06-25"))?.include, [
    "25120000",
  ]);
  // A hostile figure (400 digits) in a row's own text is no threshold, and does not fall back to its heading's.
  const huge = euEurLex833Source.map([doc(text.replace("EUR 50 000", `EUR ${"9".repeat(400)}`))], ctx);
  assert.deepEqual(
    codesOf(huge.measures.find((x) => x.id === "eu-eurlex-833-annex-xviii-unpriced-2024-06-25"))?.exCodes,
    ["87032110"],
  );
  assert.ok(huge.measures.every((x) => Number.isSafeInteger(x.thresholds?.valuePerItem?.amount ?? 0)));
});

test("per-item EUR amounts are read as printed; several, or an unreadable one, are unclear (null)", () => {
  assert.equal(readEurAmount("of a value exceeding EUR 300 per item"), 300);
  assert.equal(readEurAmount("exceeding EUR 50 000 per item"), 50000);
  assert.equal(readEurAmount("exceeding EUR\u00a01\u00a0000 per item"), 1000);
  assert.equal(readEurAmount("exceeding EUR 1,000 per item"), 1000);
  assert.equal(readEurAmount("EUR 750 per item; EUR 750 per set"), 750);
  assert.equal(readEurAmount("Sample description"), undefined);
  assert.equal(readEurAmount("EUR 750 or EUR 1 000"), null);
  assert.equal(readEurAmount("EUR 1.5 million"), null);
  assert.equal(readEurAmount("value in EUR as declared"), null);
  assert.equal(readEurAmount(`EUR ${"9".repeat(400)} per item`), null);
  assert.equal(readEurAmount("EUR 0 per item"), null);
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
