// EU TARIC source: the TARIC3 XML parser and mapper on a hand-made extraction in the documented record shape,
// hostile documents, and a loopback round trip (update → diff → verdict change → rollback).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { bundledDataDir } from "../../data/index.ts";
import { createEngine } from "../../engine.ts";
import { fixedClock } from "../../runtime/index.ts";
import { decide } from "../../verdicts/decide.ts";
import { parseShipment } from "../../verdicts/shipment.ts";
import { getRegimes } from "../index.ts";
import { formatRegimeDiff } from "./diff.ts";
import { euTaricSource, parseTaric, taricCode } from "./eu-taric.ts";
import { rollbackRegimes, updateRegimes } from "./store.ts";

const sample = readFileSync(new URL("./samples/taric3-833-765.xml", import.meta.url));
const URL_OF = "http://127.0.0.1/taric/extraction.xml";
const doc = (b: Uint8Array | string) => ({
  url: URL_OF,
  bytes: typeof b === "string" ? new TextEncoder().encode(b) : b,
});
const ctx = { asOf: "2024-07-01", baseUrl: URL_OF, retrievedAt: "2024-07-02T10:00:00.000Z" };

test("TARIC goods codes lose the zero pairs they are padded with; anything but 10 digits is no code", () => {
  assert.equal(taricCode("8450111100"), "84501111");
  assert.equal(taricCode("6810110000"), "681011");
  assert.equal(taricCode("2509000000"), "2509");
  assert.equal(taricCode("8450111110"), "8450111110");
  assert.equal(taricCode("84501111"), undefined);
  assert.equal(taricCode("ABCDEFGHIJ"), undefined);
});

test("reads measures, measure types (trade movement, English description) and modification regulations; deletes are skipped", () => {
  const x = parseTaric("eu-taric", [doc(sample)]);
  assert.deepEqual(x.movement, { Z91: "0", Z92: "1" });
  assert.deepEqual(x.descriptions, { Z91: "Sample import prohibition", Z92: "Sample export control" });
  assert.deepEqual(x.amends, { R2499990: "R1408330" });
  assert.deepEqual(
    x.measures.map((m) => [m.sid, m.type, m.area, m.code, m.start, m.end, m.regulation]),
    [
      ["-1", "Z91", "RU", "681011", "2024-06-25", undefined, "R2499990"],
      ["-2", "Z91", "RU", "2509", "2024-06-25", undefined, "R1408330"],
      ["-3", "Z92", "RU", "84501111", "2024-06-25", "2024-12-31", "R1408330"],
      ["-4", "Z91", "BY", "44071910", "2024-06-25", undefined, "R0607650"],
      ["-5", "Z91", "1011", "250840", "2024-06-25", undefined, "R1408330"],
      ["-6", "Z99", "RU", "2512", "2024-06-25", undefined, "R1408330"],
    ],
  );
  assert.equal(x.skipped, 1, "the update.type 2 (delete) record");
});

test("maps 833/2014 (RU) and 765/2006 (BY) measures, one per type, direction and validity; a prohibition type is a ban, another type a candidate", () => {
  const m = euTaricSource.map([doc(sample)], ctx);
  assert.deepEqual(
    m.measures.map((x) => [x.id, x.kind, x.direction, x.countries.join(","), x.effective, x.goods]),
    [
      [
        "eu-taric-0765-z91-import-2024-06-25",
        "import_ban",
        "import",
        "BY",
        { from: "2024-06-25" },
        { kind: "codes", nomenclature: "CN2024", include: ["44071910"] },
      ],
      [
        "eu-taric-0833-z91-import-2024-06-25",
        "import_ban",
        "import",
        "RU",
        { from: "2024-06-25" },
        { kind: "codes", nomenclature: "CN2024", include: ["2509", "681011"] },
      ],
      [
        "eu-taric-0833-z92-export-2024-06-25-to-2024-12-31",
        "export_ban",
        "export",
        "RU",
        { from: "2024-06-25", until: "2024-12-31" },
        {
          kind: "codes",
          nomenclature: "CN2024",
          include: ["84501111"],
          exCodes: ["84501111"],
          note: "The TARIC measure type does not name a prohibition (or has no description in the file): a candidate (REVIEW).",
        },
      ],
    ],
  );
  // The amending regulation's measure is attributed to its base act, and both are named.
  assert.equal(
    m.measures[1]?.legalBasis[0]?.instrument,
    "Council Regulation (EU) No 833/2014 (TARIC regulation R1408330, R2499990)",
  );
  assert.match(m.measures[1]?.summary ?? "", /as amended\); valid from 2024-06-25/);
  // Skipped: the delete, the country-group measure (1011) and the type the file does not describe (Z99).
  assert.equal(m.skipped, 3);
  assert.equal(m.publicationDate, "2024-06-25");
  // Linked to no known regime: TARIC names the regulation, not the article.
  for (const x of m.measures) assert.equal(m.regimeHints?.[x.id], "(TARIC: article not given)");
});

test("hostile documents are refused whole", () => {
  const text = sample.toString("utf8");
  const cases: [string, string, RegExp][] = [
    ["truncated", text.slice(0, Math.floor(text.length / 2)), /not well-formed XML/],
    ["HTML error page", "<!DOCTYPE html><html><body>Service unavailable</body></html>", /HTML page/],
    ["wrong schema", '<?xml version="1.0"?><CONS.ACT><INFO.CONSLEG/></CONS.ACT>', /no TARIC3 envelope/],
    [
      "bad update type",
      text.replace("<oub:update.type>2</oub:update.type>", "<oub:update.type>9</oub:update.type>"),
      /update\.type "9"/,
    ],
    ["entity expansion", '<?xml version="1.0"?><!DOCTYPE envelope [<!ENTITY a "aaaa">]><envelope/>', /DTD or entities/],
  ];
  for (const [name, body, message] of cases)
    assert.throws(() => euTaricSource.map([doc(body)], ctx), { code: "REGIME_SOURCE_MALFORMED", message }, name);
  // A bad code or date in one measure skips that measure, not the file.
  const bad = text
    .replace("<oub:goods.nomenclature.item.id>6810110000<", "<oub:goods.nomenclature.item.id>681011<")
    .replace("<oub:validity.end.date>2024-12-31<", "<oub:validity.end.date>2024-13-45<");
  const m = euTaricSource.map([doc(bad)], ctx);
  assert.deepEqual(
    m.measures.map((x) => [x.id, x.goods.kind === "codes" ? x.goods.include : []]),
    [
      ["eu-taric-0765-z91-import-2024-06-25", ["44071910"]],
      ["eu-taric-0833-z91-import-2024-06-25", ["2509"]],
    ],
  );
  assert.equal(m.skipped, 5);
});

let server: Server;
let base = "";
before(async () => {
  server = createServer((req, res) => {
    if (req.url === "/taric/extraction.xml") {
      res.setHeader("content-type", "application/xml");
      res.end(sample);
    } else if (req.url === "/taric/huge.xml") res.end(Buffer.alloc(300_000, 32));
    else {
      res.statusCode = 404;
      res.end("<html>not found</html>");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test("loopback: a TARIC prohibition turns an import from Russia from REVIEW (data incomplete) into PROHIBITED citing 833/2014 and the validity date; rollback undoes it", async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), "embargo-eu-taric-"));
  const engine = createEngine({ dataDir: bundledDataDir, stateDir, clock: fixedClock("2024-07-02T10:00:00Z") });
  const eu = async () => {
    const r = decide(
      parseShipment({
        date: "2024-07-01",
        exporter: { name: "OOO Kamen", country: "RU" },
        consignee: { name: "Stein GmbH", country: "DE" },
        destination: "DE",
        items: [{ code: "68101100", originCountry: "RU", value: 100, currency: "EUR", quantity: 1 }],
      }),
      { regimes: await getRegimes(engine) },
    );
    const j = r.jurisdictions.find((x) => x.jurisdiction === "EU");
    assert.ok(j);
    return j;
  };
  const run = (file: string, extra = {}) =>
    updateRegimes(engine, {
      fetch,
      sources: ["eu-taric"],
      urls: { "eu-taric": `${base}/taric/${file}` },
      asOf: "2024-07-01",
      ...extra,
    });
  try {
    assert.deepEqual(await eu().then((j) => [j.verdict, j.review]), ["REVIEW", "data_incomplete"]);
    assert.equal((await run("huge.xml", { maxBytes: 100_000 })).results[0]?.error?.code, "FETCH_TOO_LARGE");
    assert.equal((await run("nowhere.xml")).results[0]?.error?.code, "REGIME_DOWNLOAD_FAILED");
    const r = await run("extraction.xml");
    const res = r.results[0];
    assert.equal(res?.status, "updated", JSON.stringify(res));
    assert.equal(res?.version?.counts.measures, 3);
    const id = "eu-taric-0833-z91-import-2024-06-25";
    assert.match(
      formatRegimeDiff(res?.diff as never),
      new RegExp(`added ${id} —[^\\n]*\\n(?: {4}\\+ \\w+\\n)*? {4}\\+ 681011\\n`),
    );
    const v1 = await eu();
    assert.equal(v1.verdict, "PROHIBITED");
    const reason = v1.items[0]?.reasons.find((x) => x.measureId === id);
    assert.match(
      `${reason?.citation} ${reason?.summary}`,
      /Council Regulation \(EU\) No 833\/2014 \(TARIC regulation R1408330, R2499990\)/,
    );
    assert.match(reason?.summary ?? "", /in force since 2024-06-25/);
    await rollbackRegimes(engine, { sources: ["eu-taric"] });
    assert.deepEqual(await eu().then((j) => [j.verdict, j.review]), ["REVIEW", "data_incomplete"]);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
