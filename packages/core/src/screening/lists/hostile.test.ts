import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { bundledDataDir } from "../../data/index.ts";
import { EmbargoError } from "../../errors/index.ts";
import { parseBisDpl } from "./bis-dpl.ts";
import type { ParsedList } from "./common.ts";
import { parseCsl } from "./csl.ts";
import { parseEuXml } from "./eu-xml.ts";
import { parseFtm } from "./ftm.ts";
import { parseOfacCsv } from "./ofac-csv.ts";
import { parseOfacXml } from "./ofac-xml.ts";
import { parseOfsiCsv } from "./ofsi-csv.ts";
import { parseUkCsv } from "./uk-csv.ts";
import { parseUnXml } from "./un-xml.ts";

const bundled = (p: string) => gunzipSync(readFileSync(path.join(bundledDataDir, "lists", p)));
const sample = (f: string) => readFileSync(new URL(`./samples/${f}`, import.meta.url));

type Parser = (input: Uint8Array | string) => ParsedList;
const xmlParsers: [string, Parser][] = [
  ["un", (i) => parseUnXml(i)],
  ["eu", (i) => parseEuXml(i)],
  ["ofac-xml", (i) => parseOfacXml(i)],
];

/** Small but real inputs per parser (fuzzing works on these). */
const seeds: [string, Parser, Uint8Array][] = [
  ["un", (i) => parseUnXml(i), bundled("un-sc/un_sc_consolidated_2026-02-27.xml.gz").subarray(0, 40_000)],
  ["eu", (i) => parseEuXml(i), sample("eu-fsf-sample.xml")],
  ["ofac-xml", (i) => parseOfacXml(i), sample("ofac-sdn-sample.xml")],
  ["ofac-csv", (i) => parseOfacCsv({ primary: i }), bundled("ofac-sdn/sdn.csv.gz").subarray(0, 30_000)],
  ["uk", (i) => parseUkCsv(i), sample("uk-sanctions-list-sample.csv")],
  ["ofsi", (i) => parseOfsiCsv(i), sample("ofsi-conlist-sample.csv")],
  ["bis", (i) => parseBisDpl(i), bundled("bis-dpl/bis_denied_persons_list_2022-09.txt.gz").subarray(0, 20_000)],
  ["csl", (i) => parseCsl(i), bundled("trade-gov-csl/trade_gov_csl_sample_2025-06.csv.gz")],
  ["ftm", (i) => parseFtm(i), sample("ftm-sample.jsonl")],
];

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof EmbargoError, `expected EmbargoError, got ${String(e)}`);
    assert.equal(e.category, "invalid_input");
    assert.ok(e.issues.length > 0, "errors name their issues");
    return e.code;
  }
  return "OK";
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol4;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`;

const xxe = `<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<export><sanctionEntity logicalId="1"><nameAlias wholeName="&xxe;" strong="true"/></sanctionEntity></export>`;

const parameterEntity = `<?xml version="1.0"?>
<!DOCTYPE sdnList [ <!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote; ]>
<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName></sdnEntry></sdnList>`;

const externalDtd = `<?xml version="1.0"?>
<!DOCTYPE sdnList SYSTEM "http://127.0.0.1:1/sdn.dtd">
<sdnList><sdnEntry><uid>1</uid><lastName>X</lastName></sdnEntry></sdnList>`;

test("billion laughs, XXE, parameter entities and external DTDs are refused with LIST_XML_UNSAFE", () => {
  for (const [name, parse] of xmlParsers) {
    for (const doc of [billionLaughs, xxe, parameterEntity, externalDtd]) {
      assert.equal(
        code(() => parse(doc)),
        "LIST_XML_UNSAFE",
        name,
      );
    }
  }
  try {
    parseEuXml(xxe, { file: "eu.xml" });
  } catch (e) {
    assert.match((e as Error).message, /eu\.xml: .*external entity/);
  }
});

test("truncated files are rejected, not read short", () => {
  const un = bundled("un-sc/un_sc_consolidated_2026-02-27.xml.gz");
  assert.equal(
    code(() => parseUnXml(un.subarray(0, Math.floor(un.length / 2)))),
    "LIST_XML_MALFORMED",
  );
  const sdn = bundled("ofac-sdn/sdn.csv.gz").toString("utf8");
  // Cut inside a quoted field, and cut between fields of the last row.
  assert.equal(
    code(() => parseOfacCsv({ primary: sdn.slice(0, sdn.indexOf('"BANCO NACIONAL') + 8) })),
    "LIST_CSV_MALFORMED",
  );
  assert.equal(
    code(() => parseOfacCsv({ primary: sdn.slice(0, sdn.indexOf(',"BANCO NACIONAL DE CUBA",') + 26) })),
    "LIST_FILE_TRUNCATED",
  );
  const ofacXml = sample("ofac-sdn-sample.xml").toString("utf8");
  const oneLess = ofacXml.replace(/<sdnEntry>\s*<uid>990003<\/uid>[\s\S]*?<\/sdnEntry>/, "");
  assert.equal(
    code(() => parseOfacXml(oneLess)),
    "LIST_FILE_TRUNCATED",
  );
  const uk = sample("uk-sanctions-list-sample.csv").toString("utf8");
  assert.equal(
    code(() => parseUkCsv(uk.slice(0, uk.lastIndexOf("Gabon")))),
    "LIST_FILE_TRUNCATED",
  );
  // OFSI: cut inside the last row's quoted Other Information, and between its fields.
  const ofsi = sample("ofsi-conlist-sample.csv").toString("utf8");
  assert.equal(
    code(() => parseOfsiCsv(ofsi.slice(0, ofsi.lastIndexOf("(UK Sanctions List Ref)")))),
    "LIST_CSV_MALFORMED",
  );
  assert.equal(
    code(() => parseOfsiCsv(ofsi.slice(0, ofsi.lastIndexOf(",Individual,")))),
    "LIST_FILE_TRUNCATED",
  );
});

test("empty, binary and wrong-format inputs give clear errors", () => {
  const gz = gzipSync(sample("ftm-sample.jsonl"));
  for (const [name, parse] of seeds.map(([n, p]) => [n, p] as const)) {
    assert.equal(
      code(() => parse("")),
      "LIST_FILE_EMPTY",
      name,
    );
    assert.equal(
      code(() => parse("  \r\n")),
      "LIST_FILE_EMPTY",
      name,
    );
    assert.equal(
      code(() => parse(gz)),
      "LIST_FILE_BINARY",
      name,
    );
  }
  assert.equal(
    code(() => parseEuXml(sample("ofac-sdn-sample.xml"))),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseUnXml(sample("eu-fsf-sample.xml"))),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseBisDpl(sample("uk-sanctions-list-sample.csv"))),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseCsl(sample("uk-sanctions-list-sample.csv"))),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseUkCsv(sample("trade-gov-csl-partial-2019-12.csv"))),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseOfsiCsv(sample("uk-sanctions-list-sample.csv"))),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseFtm("not json\n[1,2]\n")),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseOfacCsv({ primary: "a,b,c,d,e,f,g,h,i,j,k,l\n" })),
    "LIST_FORMAT_UNRECOGNISED",
  );
  assert.equal(
    code(() => parseUnXml("<CONSOLIDATED_LIST><a></CONSOLIDATED_LIST>")),
    "LIST_XML_MALFORMED",
  );
});

test("bad rows are reported with file and row, and the rest is kept", () => {
  const ftm = `${sample("ftm-sample.jsonl").toString("utf8")}\n{broken\n{"id": 1}\n`;
  const r = parseFtm(ftm, { file: "x.jsonl" });
  assert.equal(r.entities.length, 3);
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.file, i.row]),
    [
      ["json_invalid", "x.jsonl", 9],
      ["not_an_entity", "x.jsonl", 10],
    ],
  );
  const csl = bundled("trade-gov-csl/trade_gov_csl_sample_2025-06.csv.gz").toString("utf8").split("\n");
  csl.splice(2, 0, '"short","row"');
  const c = parseCsl(csl.join("\n"), { file: "csl.csv" });
  assert.equal(c.entities.length, 13);
  assert.equal(c.issues[0]?.code, "bad_column_count");
  assert.equal(c.issues[0]?.row, 2);
});

/** A parser either returns a result or throws an EmbargoError: never a TypeError, RangeError or a hang. */
function onlyEmbargoErrors(parse: Parser, input: Uint8Array | string): boolean {
  try {
    const r = parse(input);
    return Array.isArray(r.entities) && Array.isArray(r.issues);
  } catch (e) {
    if (e instanceof EmbargoError) return true;
    throw e;
  }
}

test("fuzz: arbitrary text never makes a parser throw anything but EmbargoError", () => {
  for (const [, parse] of seeds) {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "binary" }), (s) => onlyEmbargoErrors(parse, s)),
      { numRuns: 150 },
    );
  }
});

test("fuzz: truncated, spliced and byte-flipped real inputs only yield results or EmbargoErrors", () => {
  for (const [, parse, seed] of seeds) {
    fc.assert(
      fc.property(
        fc.nat({ max: seed.length }),
        fc.nat({ max: seed.length }),
        fc.uint8Array({ minLength: 0, maxLength: 24 }),
        fc.constantFrom("cut", "splice", "flip"),
        (a, b, bytes, mode) => {
          let input: Uint8Array;
          if (mode === "cut") input = seed.subarray(0, a);
          else if (mode === "splice")
            input = Buffer.concat([seed.subarray(0, Math.min(a, b)), bytes, seed.subarray(Math.max(a, b))]);
          else {
            input = Uint8Array.from(seed);
            bytes.forEach((x, i) => {
              input[(a + i * 97) % Math.max(1, input.length)] = x;
            });
          }
          return onlyEmbargoErrors(parse, input);
        },
      ),
      { numRuns: 60 },
    );
  }
});

test("fuzz: generated XML-ish documents with DTD fragments are refused or parsed, never expanded", () => {
  const fragment = fc.constantFrom(
    "<!DOCTYPE x>",
    '<!ENTITY a "aaaa">',
    "&a;",
    "&amp;",
    "&#x41;",
    "<![CDATA[x]]>",
    "<INDIVIDUAL>",
    "</INDIVIDUAL>",
    "<DATAID>1</DATAID>",
    '<nameAlias wholeName="x" strong="true"/>',
    "<sanctionEntity logicalId='1'>",
    "</sanctionEntity>",
  );
  fc.assert(
    fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
      for (const [, parse] of xmlParsers) {
        const doc = `<CONSOLIDATED_LIST><INDIVIDUALS>${parts.join("")}</INDIVIDUALS></CONSOLIDATED_LIST>`;
        try {
          const r = parse(doc);
          assert.ok(!JSON.stringify(r.entities).includes("aaaa"), "an entity was expanded");
        } catch (e) {
          if (!(e instanceof EmbargoError)) throw e;
          if (parts.some((p) => p.startsWith("<!D") || p.startsWith("<!E"))) assert.equal(e.code, "LIST_XML_UNSAFE");
        }
      }
    }),
    { numRuns: 200 },
  );
});
