// Regime updates end to end on a loopback server: update → diff → a UK verdict turns from REVIEW (data incomplete)
// to PROHIBITED citing the imported source and date → rollback → REVIEW again; and every refusal keeps the data.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { bundledDataDir } from "../../data/index.ts";
import { createEngine } from "../../engine.ts";
import { fixedClock, memoryLogger } from "../../runtime/index.ts";
import { decide } from "../../verdicts/decide.ts";
import { parseShipment } from "../../verdicts/shipment.ts";
import { getRegimes } from "../index.ts";
import { loadRegimesWithUpdates } from "./apply.ts";
import { formatRegimeDiff } from "./diff.ts";
import { getRegimeUpdates, rollbackRegimes, updateRegimes } from "./store.ts";

const sample = JSON.parse(
  readFileSync(new URL("./samples/uk-trade-tariff-commodity.json", import.meta.url), "utf8"),
) as { data: { attributes: Record<string, unknown>; relationships: Record<string, unknown> } };

/** The sample re-labelled as commodity `code`; `clean` drops every measure but the duty. */
function commodity(code: string, clean = false): string {
  const d = structuredClone(sample);
  d.data.attributes.goods_nomenclature_item_id = code;
  if (clean)
    d.data.relationships = {
      import_measures: { data: [{ id: "-1010", type: "measure" }] },
      export_measures: { data: [] },
    };
  return JSON.stringify(d);
}

let server: Server;
let base = "";
before(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/ecfr/api/v1/documents.json") {
      res.setHeader("content-type", "application/json");
      res.end(readFileSync(new URL("./samples/federal-register-documents-746.json", import.meta.url)));
      return;
    }
    if (u.pathname.startsWith("/ecfr/api/versioner/v1/full/")) {
      res.setHeader("content-type", "application/xml");
      res.end(readFileSync(new URL("./samples/ecfr-title-15-part-746.xml", import.meta.url)));
      return;
    }
    const file = /^\/samples\/([\w.-]+)$/.exec(u.pathname)?.[1];
    if (file) {
      res.setHeader("content-type", "application/xml");
      res.end(readFileSync(new URL(`./samples/${file}`, import.meta.url)));
      return;
    }
    const law = /^\/egov\/api\/2\/law_data\/(504M60000400015)$/.exec(u.pathname)?.[1];
    if (law) {
      const xml = readFileSync(new URL(`./samples/egov-${law}.xml`, import.meta.url));
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          law_info: { law_id: law },
          revision_info: { amendment_enforcement_date: "2024-01-23" },
          law_full_text: xml.toString("base64"),
        }),
      );
      return;
    }
    if (u.pathname.startsWith("/ecfr-huge/")) {
      res.end(Buffer.alloc(300_000, 32));
      return;
    }
    const [, mode, code] = /^\/(\w+)\/api\/v2\/commodities\/(\d{10})$/.exec(u.pathname) ?? [];
    if (!mode || !code) {
      res.statusCode = 404;
      res.end("<html>not found</html>");
    } else if (mode === "ok") res.end(commodity(code, code.startsWith("0")));
    else if (mode === "truncated") res.end(commodity(code).slice(0, 500));
    else if (mode === "html") {
      res.setHeader("content-type", "text/html");
      res.end("<!DOCTYPE html><html><body>We are experiencing technical difficulties</body></html>");
    } else if (mode === "wrong") res.end(JSON.stringify({ errors: [{ detail: "not found" }] }));
    else if (mode === "huge") res.end(Buffer.alloc(300_000, 32));
    else {
      res.statusCode = 503;
      res.end("<html>unavailable</html>");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function setup() {
  const stateDir = mkdtempSync(path.join(tmpdir(), "embargo-regimes-update-"));
  const engine = createEngine({ dataDir: bundledDataDir, stateDir, clock: fixedClock("2024-06-02T10:00:00Z") });
  return { engine, stateDir, done: () => rmSync(stateDir, { recursive: true, force: true }) };
}

const furnitureToRussia = {
  date: "2024-06-01",
  exporter: { name: "Acme Ltd", country: "GB" },
  consignee: { name: "OOO Test", country: "RU" },
  destination: "RU",
  items: [{ code: "9403200000", value: 100, currency: "GBP", quantity: 1 }],
};

async function ukVerdict(engine: ReturnType<typeof createEngine>) {
  const r = decide(parseShipment(furnitureToRussia), { regimes: await getRegimes(engine) });
  const uk = r.jurisdictions.find((j) => j.jurisdiction === "UK");
  assert.ok(uk);
  return uk;
}

const update = (engine: ReturnType<typeof createEngine>, mode: string, codes: string[], extra = {}) =>
  updateRegimes(engine, {
    fetch,
    sources: ["uk-trade-tariff"],
    urls: { "uk-trade-tariff": `${base}/${mode}/api/v2/` },
    codes,
    asOf: "2024-06-01",
    ...extra,
  });

test("update → diff → REVIEW (data incomplete) becomes PROHIBITED citing the source and date → rollback → REVIEW", async () => {
  const { engine, stateDir, done } = setup();
  try {
    const before = await ukVerdict(engine);
    assert.equal(before.verdict, "REVIEW");
    assert.equal(before.review, "data_incomplete");
    const bundledVersion = (await getRegimes(engine)).version;

    const r1 = await update(engine, "ok", ["9403200000"]);
    assert.equal(r1.failed, false, JSON.stringify(r1));
    const res = r1.results[0];
    assert.equal(res?.status, "updated", JSON.stringify(res));
    assert.equal(res?.version?.publicationDate, "2024-06-01");
    assert.equal(res?.version?.retrievedAt, "2024-06-02T10:00:00.000Z");
    assert.match(res?.version?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.deepEqual(res?.version?.counts, { documents: 1, measures: 2, codes: 2, skipped: 2 });
    assert.equal(res?.diff?.codesAdded, 2);
    assert.match(
      formatRegimeDiff(res?.diff as never),
      /added uk-tt-export-ru-.* — Export prohibition.*\n {4}\+ 9403200000/,
    );

    const after = await ukVerdict(engine);
    assert.equal(after.verdict, "PROHIBITED");
    const reason = after.items[0]?.reasons.find((x) => x.effect === "PROHIBITED");
    assert.match(reason?.citation ?? "", /S\.I\. 2019\/855 \(UK Trade Tariff as of 2024-06-01/);
    assert.match(reason?.summary ?? "", /UK Trade Tariff as of 2024-06-01/);
    assert.notEqual((await getRegimes(engine)).version, bundledVersion);
    // The known regime the measure encodes is now partial, never "encoded" by an import.
    const k = (await getRegimes(engine)).knownRegimesOf("UK").find((x) => x.id === "uk-855-export-controls");
    assert.equal(k?.status, "partial");
    assert.ok(k?.measures.some((id) => id.startsWith("uk-tt-export-ru-")));

    // A fresh engine on the same state dir loads the update (it survives a restart).
    const again = createEngine({ dataDir: bundledDataDir, stateDir });
    assert.equal((await ukVerdict(again)).verdict, "PROHIBITED");
    assert.equal((await getRegimeUpdates(again))[0]?.source, "uk-trade-tariff");

    // A second version adds a code: the diff says which, per measure.
    const r2 = await update(engine, "ok", ["9403200000", "9403700000"], { asOf: "2024-07-01" });
    const d2 = r2.results[0]?.diff;
    assert.equal(r2.results[0]?.status, "updated");
    assert.deepEqual(
      d2?.measures.map((m) => [m.change, m.codesAdded, m.codesRemoved]),
      [
        ["changed", ["9403700000"], []],
        ["changed", ["9403700000"], []],
      ],
    );
    assert.deepEqual(
      readdirSync(path.join(stateDir, "regimes", "versions", "uk-trade-tariff")).length,
      2,
      "each version is kept, immutable",
    );

    // Rollback: first to the previous version (the diff says what goes), then to the bundled data alone.
    const back1 = await rollbackRegimes(engine, { sources: ["uk-trade-tariff"] });
    assert.equal(back1.results[0]?.status, "rolled_back");
    assert.deepEqual(back1.results[0]?.diff?.measures[0]?.codesRemoved, ["9403700000"]);
    assert.equal((await ukVerdict(engine)).verdict, "PROHIBITED");
    const back2 = await rollbackRegimes(engine);
    assert.match(back2.results[0]?.message ?? "", /bundled data alone/);
    const rolled = await ukVerdict(engine);
    assert.equal(rolled.verdict, "REVIEW");
    assert.equal(rolled.review, "data_incomplete");
    assert.equal((await getRegimes(engine)).version, bundledVersion);
    const back3 = await rollbackRegimes(engine);
    assert.deepEqual(back3.results, []);
    // The bundled files were never written.
    assert.equal(readdirSync(path.join(bundledDataDir, "regimes")).filter((n) => n.includes("tmp")).length, 0);
  } finally {
    done();
  }
});

test("refused: hostile documents, empty, shrunk beyond 20 % and older data — the version in force keeps serving", async () => {
  const { engine, stateDir, done } = setup();
  try {
    const good = await update(engine, "ok", ["9403200000", "9403700000", "9403300000", "9403400000", "9403500000"]);
    assert.equal(good.results[0]?.status, "updated");
    const active = () => readFileSync(path.join(stateDir, "regimes", "active.json"), "utf8");
    const held = active();
    const cases: [string, string[], Record<string, unknown>, string][] = [
      ["truncated", ["9403200000"], {}, "REGIME_SOURCE_MALFORMED"],
      ["html", ["9403200000"], {}, "REGIME_SOURCE_MALFORMED"],
      ["wrong", ["9403200000"], {}, "REGIME_SOURCE_MALFORMED"],
      ["huge", ["9403200000"], { maxBytes: 100_000 }, "FETCH_TOO_LARGE"],
      ["missing", ["9403200000"], {}, "REGIME_DOWNLOAD_FAILED"],
      ["ok", ["0101210000"], {}, "REGIME_UPDATE_EMPTY"],
      ["ok", ["9403200000"], {}, "REGIME_UPDATE_SHRUNK"],
      [
        "ok",
        ["9403200000", "9403700000", "9403300000", "9403400000", "9403500000", "9403600000"],
        { asOf: "2024-05-01" },
        "REGIME_UPDATE_OLDER_THAN_CURRENT",
      ],
    ];
    for (const [mode, codes, extra, code] of cases) {
      const r = await update(engine, mode, codes, extra);
      assert.equal(r.failed, true, mode);
      assert.equal(r.results[0]?.status, "rejected", mode);
      assert.equal(r.results[0]?.error?.code, code, `${mode}: ${r.results[0]?.message}`);
      assert.match(r.results[0]?.message ?? "", /previous data keep serving/);
      assert.equal(active(), held, `${mode}: active.json untouched`);
      assert.equal((await ukVerdict(engine)).verdict, "PROHIBITED", mode);
    }
    // --force accepts the shrink (an explicit human decision).
    const forced = await update(engine, "ok", ["9403200000"], { force: true });
    assert.equal(forced.results[0]?.status, "updated");
    assert.equal(forced.results[0]?.diff?.codesRemoved, 8);
    // Same bytes again: unchanged, nothing written.
    const same = await update(engine, "ok", ["9403200000"], { force: true });
    assert.equal(same.results[0]?.status, "unchanged");
    // Bad requests are input errors, before any download.
    await assert.rejects(update(engine, "ok", ["94032"]), { code: "REGIME_CODES_INVALID" });
    await assert.rejects(update(engine, "ok", ["9403200000"], { asOf: "June" }), { code: "REGIME_AS_OF_INVALID" });
    // Core's one calendar-date contract: a date that does not exist is refused too (Date.parse took it).
    await assert.rejects(update(engine, "ok", ["9403200000"], { asOf: "2025-02-30" }), {
      code: "REGIME_AS_OF_INVALID",
      message: "--as-of must be a real calendar date YYYY-MM-DD, got '2025-02-30'",
    });
    await assert.rejects(updateRegimes(engine, { fetch, sources: ["nope"] }), { code: "REGIME_SOURCE_UNKNOWN" });
    const skipped = await updateRegimes(engine, { fetch, sources: ["uk-trade-tariff"] });
    assert.equal(skipped.results[0]?.status, "skipped");
    assert.match(skipped.results[0]?.message ?? "", /--codes/);
  } finally {
    done();
  }
});

test("US eCFR: a Supplement No. 4 code turns REVIEW (data incomplete) into LICENCE_REQUIRED citing § 746.8 and the eCFR date; rollback undoes it", async () => {
  const { engine, done } = setup();
  const usVerdict = async () => {
    const r = decide(
      parseShipment({
        ...furnitureToRussia,
        exporter: { name: "Acme Inc", country: "US" },
        items: [{ code: "940320", value: 100, currency: "USD", quantity: 1 }],
      }),
      { regimes: await getRegimes(engine) },
    );
    return r.jurisdictions.find((j) => j.jurisdiction === "US");
  };
  const ecfr = (path: string, extra = {}) =>
    updateRegimes(engine, {
      fetch,
      sources: ["us-ecfr-746"],
      urls: { "us-ecfr-746": `${base}/${path}/api/versioner/v1/` },
      asOf: "2024-06-01",
      ...extra,
    });
  try {
    assert.deepEqual(await usVerdict().then((u) => [u?.verdict, u?.review]), ["REVIEW", "data_incomplete"]);
    const huge = await ecfr("ecfr-huge", { maxBytes: 100_000 });
    assert.equal(huge.results[0]?.error?.code, "FETCH_TOO_LARGE");
    const r = await ecfr("ecfr");
    assert.equal(r.results[0]?.status, "updated", JSON.stringify(r.results[0]));
    assert.equal(r.results[0]?.version?.counts.measures, 5);
    assert.equal(r.results[0]?.version?.counts.documents, 2, "the eCFR XML and the Federal Register answer");
    const us = await usVerdict();
    assert.equal(us?.verdict, "LICENCE_REQUIRED");
    const reason = us?.items[0]?.reasons.find((x) => x.effect === "LICENCE_REQUIRED");
    assert.equal(reason?.measureId, "us-ecfr-746-supp4-2024-06-01");
    assert.match(
      reason?.citation ?? "",
      /15 CFR § 746\.8\(a\)\(5\) \(eCFR as of 2024-06-01\), Annex Supplement No\. 4 to Part 746/,
    );
    // Dated from the latest amending rule in effect (Federal Register), named in the reason.
    assert.match(reason?.summary ?? "", /in force since 2023-05-19 \(88 FR 33422\)|88 FR 33422, effective 2023-05-19/);
    // Supplement No. 5: a licence above the per-unit threshold read from the price column, not below it.
    const luxury = async (value: number) =>
      (
        await memberVerdict(engine, "US", {
          ...furnitureToRussia,
          exporter: { name: "Acme Inc", country: "US" },
          items: [{ code: "711319", value, currency: "USD", quantity: 1 }],
        })
      ).items[0]?.reasons.find((x) => x.measureId === "us-ecfr-746-supp5-usd1000-2024-06-01");
    assert.equal((await luxury(5000))?.effect, "LICENCE_REQUIRED");
    const below = await luxury(500);
    assert.equal(below?.effect, "NOT_RESTRICTED");
    assert.match(below?.summary ?? "", /below the threshold: 500 USD per item/);
    // Linked to its own supplement's known regime only.
    const known = (await getRegimes(engine)).knownRegimesOf("US");
    assert.ok(
      known.find((k) => k.id === "us-ear-746-supp4-industry-sector")?.measures.includes("us-ecfr-746-supp4-2024-06-01"),
    );
    assert.ok(
      !known.find((k) => k.id === "us-ear-746-supp6-chem-bio")?.measures.includes("us-ecfr-746-supp4-2024-06-01"),
    );
    assert.equal(known.find((k) => k.id === "us-ear-746-supp2-oil-gas-end-use")?.status, "partial");
    await rollbackRegimes(engine, { sources: ["us-ecfr-746"] });
    assert.deepEqual(await usVerdict().then((u) => [u?.verdict, u?.review]), ["REVIEW", "data_incomplete"]);
  } finally {
    done();
  }
});

/** One member's verdict on one item, from the regime set in force. */
async function memberVerdict(
  engine: ReturnType<typeof createEngine>,
  member: string,
  shipment: Record<string, unknown>,
) {
  const r = decide(parseShipment(shipment), { regimes: await getRegimes(engine) });
  const j = r.jurisdictions.find((x) => x.jurisdiction === member);
  assert.ok(j, member);
  return j;
}

/**
 * The loopback round trip of a source read from one sample file: REVIEW (data incomplete) before, the expected
 * definite verdict after the update (its reason naming the source document and date), a huge body refused while
 * streaming, REVIEW again after rollback.
 */
async function roundTrip(o: {
  source: string;
  sample: string;
  member: string;
  shipment: Record<string, unknown>;
  verdict: string;
  measureId: string;
  cites: RegExp;
  asOf?: string;
  /** The URL given with --url (default: the sample file). */
  url?: string;
}) {
  const { engine, done } = setup();
  try {
    const v0 = await memberVerdict(engine, o.member, o.shipment);
    assert.deepEqual([v0.verdict, v0.review], ["REVIEW", "data_incomplete"]);
    const run = (url: string, extra = {}) =>
      updateRegimes(engine, {
        fetch,
        sources: [o.source],
        urls: { [o.source]: url },
        asOf: o.asOf ?? "2024-07-01",
        ...extra,
      });
    const huge = await run(`${base}/ecfr-huge/x.xml`, { maxBytes: 100_000 });
    assert.equal(huge.results[0]?.error?.code, "FETCH_TOO_LARGE");
    const html = await run(`${base}/nowhere`);
    assert.equal(html.results[0]?.error?.code, "REGIME_DOWNLOAD_FAILED");
    const r = await run(o.url ? `${base}${o.url}` : `${base}/samples/${o.sample}`);
    assert.equal(r.results[0]?.status, "updated", JSON.stringify(r.results[0]));
    // The readable diff names the measure added and the code the shipment carries.
    const code = (o.shipment.items as { code: string }[])[0]?.code;
    assert.match(
      formatRegimeDiff(r.results[0]?.diff as never),
      new RegExp(`added ${o.measureId} —[^\\n]*\\n(?: {4}\\+ \\d+\\n)*? {4}\\+ ${code}\\n`),
    );
    const v1 = await memberVerdict(engine, o.member, o.shipment);
    assert.equal(v1.verdict, o.verdict, JSON.stringify(v1.items[0]?.reasons.map((x) => [x.measureId, x.effect])));
    const reason = v1.items[0]?.reasons.find((x) => x.measureId === o.measureId);
    assert.ok(reason, `a reason from ${o.measureId}`);
    assert.match(`${reason.citation} ${reason.summary}`, o.cites);
    await rollbackRegimes(engine, { sources: [o.source] });
    const v2 = await memberVerdict(engine, o.member, o.shipment);
    assert.deepEqual([v2.verdict, v2.review], ["REVIEW", "data_incomplete"]);
    return { r, v1 };
  } finally {
    done();
  }
}

test("EU EUR-Lex: an Annex XXI code turns an import from Russia from REVIEW (data incomplete) into PROHIBITED citing Art. 3i, CELEX and date; rollback undoes it", async () => {
  await roundTrip({
    source: "eu-eurlex-833",
    sample: "eurlex-formex-02014R0833.xml",
    member: "EU",
    shipment: {
      date: "2024-07-01",
      exporter: { name: "OOO Mel", country: "RU" },
      consignee: { name: "Kreide GmbH", country: "DE" },
      destination: "DE",
      items: [{ code: "25090000", originCountry: "RU", value: 100, currency: "EUR", quantity: 1 }],
    },
    verdict: "PROHIBITED",
    measureId: "eu-eurlex-833-annex-xxi-2024-06-25",
    cites: /Council Regulation \(EU\) No 833\/2014 \(EUR-Lex consolidated text CELEX 02014R0833-20240625\).*3i.*XXI/,
  });
});

test("Canada Justice Laws: a Schedule 7 HS-coded row turns an export to Russia from REVIEW (data incomplete) into PROHIBITED citing SOR/2014-58 and its date; rollback undoes it", async () => {
  const { r } = await roundTrip({
    source: "ca-justice-sor-2014-58",
    sample: "justice-laws-sor-2014-58.xml",
    member: "CA",
    shipment: {
      ...furnitureToRussia,
      date: "2024-07-01",
      exporter: { name: "Acme Ltd", country: "CA" },
      items: [{ code: "940320" }],
    },
    verdict: "PROHIBITED",
    measureId: "ca-justice-sor-2014-58-sch7-codes-2024-06-12",
    cites: /SOR\/2014-58 \(Justice Laws XML, current to 2024-06-20\).*SCHEDULE 7/,
  });
  assert.equal(r.results[0]?.version?.publicationDate, "2024-06-20");
});

test("Japan e-Gov: an HS-coded row of the METI ordinance turns an export to Russia from REVIEW (data incomplete) into PROHIBITED citing the law id and revision date; rollback undoes it", async () => {
  const { r, v1 } = await roundTrip({
    source: "jp-egov-meti-ordinance-2022-15",
    sample: "egov-504M60000400015.xml",
    url: "/egov/api/2/",
    member: "JP",
    shipment: {
      ...furnitureToRussia,
      date: "2024-07-01",
      exporter: { name: "Acme KK", country: "JP" },
      items: [{ code: "940320" }],
    },
    verdict: "PROHIBITED",
    measureId: "jp-egov-meti-ordinance-2022-15-table1-codes-2024-01-23",
    cites: /e-Gov law 504M60000400015, revision in force 2024-01-23/,
  });
  assert.match(
    r.results[0]?.version?.urls[0] ?? "",
    /law_data\/504M60000400015\?law_full_text_format=xml&asof=2024-07-01$/,
  );
  // The description-only entries join the reasons as REVIEW, never as the definite answer.
  const described = v1.items[0]?.reasons.filter((x) => x.measureId?.includes("-described-")) ?? [];
  assert.ok(described.every((x) => x.effect === "REVIEW"));
});

test("a damaged active.json or version leaves the bundled data loading, with a warning", async () => {
  const { stateDir, done } = setup();
  try {
    mkdirSync(path.join(stateDir, "regimes"), { recursive: true });
    const logger = memoryLogger();
    const dir = path.join(bundledDataDir, "regimes");
    const bundled = await loadRegimesWithUpdates(dir, undefined, logger);
    writeFileSync(path.join(stateDir, "regimes", "active.json"), "{ not json");
    assert.equal((await loadRegimesWithUpdates(dir, stateDir, logger)).version, bundled.version);
    writeFileSync(
      path.join(stateDir, "regimes", "active.json"),
      JSON.stringify({ sources: { "uk-trade-tariff": { dir: "versions/uk-trade-tariff/missing", history: [] } } }),
    );
    assert.equal((await loadRegimesWithUpdates(dir, stateDir, logger)).version, bundled.version);
    assert.equal(logger.entries.filter((e) => e.msg === "regime update not loaded").length, 2);
  } finally {
    done();
  }
});
