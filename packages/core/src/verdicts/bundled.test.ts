// Integration tests against the bundled regime data (data/regimes/). The unit tests use invented fixtures;
// these check that verdicts read the real files sensibly. Dates and codes are taken from the data itself, so the
// tests follow the data rather than restate it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { bundledDataDir } from "../data/index.ts";
import { loadNomenclature } from "../nomenclature/load.ts";
import { loadRegimeSet } from "../regimes/load.ts";
import { isInForce } from "../regimes/query.ts";
import type { Measure } from "../regimes/schema.ts";
import { compareRegimes } from "./compare.ts";
import { decide } from "./decide.ts";
import { verdictNomenclature } from "./nomenclature.ts";
import type { CheckResult } from "./result.ts";
import { parseShipment, type ShipmentInput } from "./shipment.ts";

const regimes = await loadRegimeSet(path.join(bundledDataDir, "regimes"));
const examples = fileURLToPath(new URL("../../../../examples/", import.meta.url));

function dayBefore(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

function codesOf(m: Measure | undefined): string[] {
  return m?.goods.kind === "codes" ? m.goods.include : [];
}

const run = (s: ShipmentInput, scenario?: string): CheckResult =>
  decide(parseShipment(s), { regimes, ...(scenario ? { scenario } : {}) });

test("the bundled regime data loads with every member and the full-ban scenario", () => {
  assert.deepEqual([...regimes.members].sort(), ["CA", "EU", "JP", "UK", "US"]);
  assert.ok(regimes.scenarios.includes("g7-full-ban-2023"));
});

test("the example shipment: CHPL goods to a non-partner transit hub need the no-Russia clause and raise diversion risk", () => {
  const doc = JSON.parse(readFileSync(path.join(examples, "shipment.json"), "utf8"));
  const r = run(doc);
  assert.equal(r.dataVersion, regimes.version);
  const clause = r.flags.find((f) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED" && f.jurisdiction === "EU");
  assert.ok(clause, "Art. 12g flag");
  assert.ok(clause.effective?.from, "the flag carries its dates");
  assert.ok(r.flags.some((f) => f.code === "DIVERSION_RISK"));
  const eu = r.jurisdictions.find((j) => j.jurisdiction === "EU");
  assert.equal(eu?.verdict, "REVIEW");
  assert.notEqual(r.overall, "NOT_RESTRICTED");
  // The same goods to an Annex VIII partner: no clause.
  const partner = run({ ...doc, destination: "US", consignee: { name: "Inc", country: "US" }, endUser: undefined });
  assert.ok(!partner.flags.some((f) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED"));
});

test("time travel on the EU diamonds import ban (dates read from the data)", () => {
  const m = regimes.measure("eu-833-3p-diamonds-direct");
  assert.ok(m, "measure present");
  const code = codesOf(m)[0] as string;
  const imp = (date: string) =>
    run({
      date,
      exporter: { name: "Almazy LLC", country: "RU" },
      consignee: { name: "Antwerp NV", country: "BE" },
      destination: "BE",
      items: [{ code, originCountry: "RU", carats: 0.7, value: 1000, currency: "EUR", quantity: 1 }],
    });
  const on = imp(m.effective.from);
  const euOn = on.jurisdictions.find((j) => j.jurisdiction === "EU");
  assert.ok(euOn?.items[0]?.reasons.some((x) => x.measureId === m.id && x.effect === "PROHIBITED"));
  assert.equal(euOn?.verdict, "PROHIBITED");
  const before = imp(dayBefore(m.effective.from));
  const euBefore = before.jurisdictions.find((j) => j.jurisdiction === "EU");
  assert.ok(!euBefore?.items[0]?.reasons.some((x) => x.measureId === m.id));
});

test("the full-ban scenario appears as one more jurisdiction on exports to Russia", () => {
  const sc = regimes.measuresOf("g7-full-ban-2023")[0];
  assert.ok(sc);
  const r = run(
    {
      date: "2025-06-01",
      exporter: { name: "Acme GmbH", country: "DE" },
      consignee: { name: "OOO", country: "RU" },
      destination: "RU",
      items: [{ code: "940360", description: "wooden furniture" }],
    },
    "g7-full-ban-2023",
  );
  const j = r.jurisdictions.find((x) => x.jurisdiction === "g7-full-ban-2023");
  assert.equal(j?.type, "scenario");
  assert.equal(j?.applies, true);
  assert.notEqual(j?.verdict, "NOT_APPLICABLE");
});

test("the comparison over chapter 85 names members, dates and gaps", () => {
  const cmp = compareRegimes(regimes, { chapter: "85", asOf: "2025-06-01", scenario: "g7-full-ban-2023" });
  assert.ok(cmp.rows.length > 1);
  assert.ok(cmp.rows.some((r) => r.restrictedBy.includes("EU")));
  for (const r of cmp.rows)
    for (const c of r.cells) if (c.status === "prohibited" || c.status === "licence") assert.ok(c.since);
});

// ---- EU data of issue 8: both sides of every date and threshold encoded from the research and the legal texts ----

const euOf = (r: CheckResult) => r.jurisdictions.find((j) => j.jurisdiction === "EU");
const euReasons = (r: CheckResult, measureId: string) =>
  (euOf(r)?.items[0]?.reasons ?? []).filter((x) => x.measureId === measureId);
const exportToRu = (date: string, code: string, value: number, extra: Partial<ShipmentInput> = {}): CheckResult =>
  run({
    date,
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "OOO Torg", country: "RU" },
    destination: "RU",
    items: [{ code, value, currency: "EUR", quantity: 1 }],
    ...extra,
  });

test("EU Art. 3h: a EUR 10 T-shirt to Russia is not prohibited, a EUR 400 one is, from 2022-03-16", () => {
  const lux = "eu-833-cn8-3h-luxury-eur300";
  const cheap = exportToRu("2022-06-01", "61091000", 10);
  assert.notEqual(euOf(cheap)?.verdict, "PROHIBITED");
  assert.deepEqual(
    euReasons(cheap, lux).map((x) => x.effect),
    ["NOT_RESTRICTED"],
  );
  const dear = exportToRu("2022-06-01", "61091000", 400);
  assert.equal(euOf(dear)?.verdict, "PROHIBITED");
  assert.deepEqual(
    euReasons(dear, lux).map((x) => x.effect),
    ["PROHIBITED"],
  );
  // Date boundary: Reg. (EU) 2022/428 applies from 2022-03-16.
  assert.equal(euReasons(exportToRu("2022-03-15", "61091000", 400), lux).length, 0);
  assert.deepEqual(
    euReasons(exportToRu("2022-03-16", "61091000", 400), lux).map((x) => x.effect),
    ["PROHIBITED"],
  );
  // Threshold boundary: "exceeding EUR 300" — 300 itself is outside.
  assert.deepEqual(
    euReasons(exportToRu("2022-06-01", "61091000", 300), lux).map((x) => x.effect),
    ["NOT_RESTRICTED"],
  );
  // Use in Russia through a third country: the end user decides.
  const via = exportToRu("2022-06-01", "61091000", 400, {
    destination: "KZ",
    consignee: { name: "TOO Trade", country: "KZ" },
    endUser: { name: "OOO Torg", country: "RU" },
  });
  assert.deepEqual(
    euReasons(via, lux).map((x) => x.effect),
    ["PROHIBITED"],
  );
});

test("EU Art. 3h: a EUR 700 laptop to Russia is not prohibited, a EUR 800 one is (EUR 750 entry)", () => {
  const lux = "eu-833-cn8-3h-luxury-eur750";
  const low = exportToRu("2022-06-01", "84713000", 700);
  assert.notEqual(euOf(low)?.verdict, "PROHIBITED", "the dual-use part of 8471 30 is an ex code: REVIEW at most");
  assert.deepEqual(
    euReasons(low, lux).map((x) => x.effect),
    ["NOT_RESTRICTED"],
  );
  const high = exportToRu("2022-06-01", "84713000", 800);
  assert.equal(euOf(high)?.verdict, "PROHIBITED");
});

const importFromRu = (date: string, code: string, contractDate?: string): CheckResult =>
  run({
    date,
    ...(contractDate ? { contractDate } : {}),
    exporter: { name: "OOO Ugol", country: "RU" },
    consignee: { name: "Kohle GmbH", country: "DE" },
    destination: "DE",
    items: [{ code, originCountry: "RU", value: 100000, currency: "EUR", quantity: 1 }],
  });

test("EU Art. 3j coal: an old contract may be executed on 2022-08-10, not on 2022-08-11; scope 2701-2708", () => {
  const coal = "eu-833-3j-coal";
  const on = euReasons(importFromRu("2022-08-10", "27011100", "2022-03-01"), coal);
  assert.equal(on.length, 1);
  assert.notEqual(on[0]?.effect, "PROHIBITED", "grandfathered");
  assert.deepEqual(
    euReasons(importFromRu("2022-08-11", "27011100", "2022-03-01"), coal).map((x) => x.effect),
    ["PROHIBITED"],
  );
  // A new contract is caught from 2022-04-09; coke (2704) is in scope too.
  assert.deepEqual(
    euReasons(importFromRu("2022-05-01", "27040010", "2022-04-20"), coal).map((x) => x.effect),
    ["PROHIBITED"],
  );
  assert.equal(euReasons(importFromRu("2022-04-08", "27011100", "2022-04-08"), coal).length, 0);
});

test("EU Art. 3o gold: Russian gold is admitted on 2022-07-21 and prohibited from 2022-07-22", () => {
  const gold = "eu-833-3o-gold";
  assert.equal(euReasons(importFromRu("2022-07-21", "71081200"), gold).length, 0);
  assert.deepEqual(
    euReasons(importFromRu("2022-07-22", "71081200"), gold).map((x) => x.effect),
    ["PROHIBITED"],
  );
});

test("EU exports to Belarus never pass clean with complete coverage", () => {
  for (const code of ["61091000", "94036010", "84713000"]) {
    const r = run({
      date: "2024-09-01",
      exporter: { name: "Acme GmbH", country: "DE" },
      consignee: { name: "OAO Minsk", country: "BY" },
      destination: "BY",
      items: [{ code, value: 50, currency: "EUR", quantity: 1 }],
    });
    const eu = euOf(r);
    assert.ok(eu?.applies, code);
    assert.ok(!(eu?.verdict === "NOT_RESTRICTED" && eu.coverage.status === "complete"), `${code} to BY`);
    assert.equal(eu?.coverage.status, "partial", code);
  }
});

test("EU Belarus wood (Reg. 765/2006 Art. 1o): from 2022-03-03; contracts before 2022-03-02 until 2022-06-04; furniture outside", () => {
  const wood = "eu-765-belarus-wood-import-ban";
  const imp = (date: string, code: string, contractDate?: string) =>
    run({
      date,
      ...(contractDate ? { contractDate } : {}),
      exporter: { name: "OAO Les", country: "BY" },
      consignee: { name: "Holz GmbH", country: "DE" },
      destination: "DE",
      items: [{ code, originCountry: "BY", value: 5000, currency: "EUR", quantity: 1 }],
    });
  assert.equal(euReasons(imp("2022-03-02", "44071190"), wood).length, 0);
  assert.deepEqual(
    euReasons(imp("2022-03-03", "44071190", "2022-03-02"), wood).map((x) => x.effect),
    ["PROHIBITED"],
  );
  const old = euReasons(imp("2022-06-04", "44071190", "2022-02-01"), wood);
  assert.equal(old.length, 1);
  assert.notEqual(old[0]?.effect, "PROHIBITED", "grandfathered until 2022-06-04");
  assert.deepEqual(
    euReasons(imp("2022-06-05", "44071190", "2022-02-01"), wood).map((x) => x.effect),
    ["PROHIBITED"],
  );
  assert.equal(euReasons(imp("2022-06-05", "94036010"), wood).length, 0, "wooden furniture is chapter 94");
});

test("EU Art. 3g steel: Russian flat-rolled steel is admitted on 2022-03-15 and prohibited from 2022-03-16", () => {
  const steel = "eu-833-3g-iron-steel";
  assert.equal(euReasons(importFromRu("2022-03-15", "72083900"), steel).length, 0);
  assert.deepEqual(
    euReasons(importFromRu("2022-03-16", "72083900", "2022-03-16"), steel).map((x) => x.effect),
    ["PROHIBITED"],
  );
  // Wind-down: a contract of 2022-03-01 may be executed until 2022-06-17.
  assert.notEqual(euReasons(importFromRu("2022-06-17", "72083900", "2022-03-01"), steel)[0]?.effect, "PROHIBITED");
  assert.deepEqual(
    euReasons(importFromRu("2022-06-18", "72083900", "2022-03-01"), steel).map((x) => x.effect),
    ["PROHIBITED"],
  );
});

test("EU Art. 3h: a luxury code the research marks partially exempt is a candidate above the threshold, never definite", () => {
  const m = regimes.measure("eu-833-cn8-3h-luxury-eur300");
  const ex = m?.goods.kind === "codes" ? m.goods.exCodes?.[0] : undefined;
  assert.ok(ex, "the EUR 300 list carries ex codes");
  const above = euReasons(exportToRu("2023-06-01", ex, 400), "eu-833-cn8-3h-luxury-eur300");
  assert.deepEqual(
    above.map((x) => x.effect),
    ["REVIEW"],
  );
  const below = euReasons(exportToRu("2023-06-01", ex, 100), "eu-833-cn8-3h-luxury-eur300");
  assert.notEqual(below[0]?.effect, "PROHIBITED");
});

test("EU Art. 3h: champagne, a line the list names under a partly listed HS-6, is definite on both sides of EUR 300", () => {
  // 2204 10 is partially_exempt in the research, and the list names 2204 10 11 (champagne) but not 2204 10 13 (cava):
  // the partial scope lies at CN-8, so the named line is listed whole.
  const m = regimes.measure("eu-833-cn8-3h-luxury-eur300");
  assert.ok(codesOf(m).includes("22041011"));
  assert.ok(m?.goods.kind === "codes" && !(m.goods.exCodes ?? []).includes("22041011"));
  assert.ok(!codesOf(m).includes("22041013"));
  assert.equal(euOf(exportToRu("2022-05-01", "22041011", 450))?.verdict, "PROHIBITED");
  assert.equal(euOf(exportToRu("2022-05-01", "22041011", 300))?.verdict, "NOT_RESTRICTED");
  assert.equal(euOf(exportToRu("2022-03-15", "22041011", 450))?.verdict, "NOT_RESTRICTED");
  // The HS-6 itself names some children and not others: REVIEW, listing both (with the nomenclature).
  const hs6 = run({
    date: "2022-05-01",
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "OOO Torg", country: "RU" },
    destination: "RU",
    items: [{ code: "220410", value: 450, currency: "EUR", quantity: 1 }],
  });
  assert.equal(euOf(hs6)?.verdict, "REVIEW");
});

test("EU Art. 3c aviation: helicopters are banned whole from 2022-02-25, old contracts executable until 2022-03-28", () => {
  // The research's 28 March 2022 wind-down is carried only by aviation rows: the Annex XI (CN-coded) listing's own.
  const m = regimes.measure("eu-833-cn8-exports-2022-02-25-wind-down-2022-03-28");
  assert.ok(codesOf(m).includes("88021100"));
  assert.ok(m?.goods.kind === "codes" && !(m.goods.exCodes ?? []).includes("88021100"));
  const heli = (date: string, contractDate?: string) =>
    euOf(exportToRu(date, "88021100", 500000, contractDate ? { contractDate } : {}))?.verdict;
  assert.equal(heli("2022-04-01"), "PROHIBITED");
  // The old contract: the aviation measure itself grandfathers it to 2022-03-28 (the verdict may still ask about the
  // unencoded Arts. 3d-3f, whose research-bounded gap covers the code).
  const own = (date: string) =>
    euReasons(exportToRu(date, "88021100", 500000, { contractDate: "2022-02-20" }), m?.id ?? "")[0]?.effect;
  assert.equal(own("2022-03-28"), "NOT_RESTRICTED");
  assert.equal(own("2022-03-29"), "PROHIBITED");
  assert.equal(heli("2022-03-29", "2022-02-20"), "PROHIBITED");
  assert.equal(heli("2022-02-24"), "NOT_RESTRICTED");
});

test("EU Art. 3h beyond the October-2022 list: caviar from the research's HS-6; a code split in HS 2022 stays a candidate", () => {
  // 1604 31 caviar is unchanged between HS 2017 and HS 2022: the research's EUR 300 threshold applies.
  assert.equal(euOf(exportToRu("2023-06-01", "16043100", 400))?.verdict, "PROHIBITED");
  assert.notEqual(euOf(exportToRu("2023-06-01", "16043100", 200))?.verdict, "PROHIBITED");
  // HS 2017 0709 59 (mushrooms incl. truffles) was split in HS 2022: Boletus (0709 52) is never a definite ban.
  const boletus = exportToRu("2023-06-01", "07095200", 400);
  assert.notEqual(euOf(boletus)?.verdict, "PROHIBITED");
  assert.ok((euOf(boletus)?.items[0]?.reasons ?? []).some((x) => x.effect === "REVIEW" && x.kind === "export_ban"));
});

// ---- Issue 8 rules on the bundled data (the thresholds, dates and codes are read from the data) ----------------

const nomenclature = verdictNomenclature(await loadNomenclature(path.join(bundledDataDir, "nomenclature")));

test("the country of mining decides the EU's processed-in-a-third-country diamond rules (dates from the data)", () => {
  const processed = regimes
    .measuresOf("EU")
    .filter(
      (m) =>
        m.direction === "import" &&
        m.originRule === "processed_in_third_country_from_origin" &&
        m.thresholds?.caratsPerStone !== undefined &&
        codesOf(m).some((c) => "71023900".startsWith(c)),
    )
    .sort((a, b) => (a.thresholds?.caratsPerStone?.min ?? 0) - (b.thresholds?.caratsPerStone?.min ?? 0));
  const low = processed[0];
  const high = processed[processed.length - 1];
  assert.ok(low && high && low !== high, "two carat steps are encoded");
  const carats = ((low.thresholds?.caratsPerStone?.min ?? 0) + (high.thresholds?.caratsPerStone?.min ?? 0)) / 2;
  const stone = (date: string, miningCountry?: string) => {
    const r = decide(
      parseShipment({
        date,
        direction: "import",
        exporter: { name: "Cutter Pvt Ltd", country: "IN" },
        consignee: { name: "Antwerp NV", country: "BE" },
        destination: "BE",
        items: [{ code: "71023900", carats, originCountry: "IN", ...(miningCountry ? { miningCountry } : {}) }],
      }),
      { regimes, nomenclature },
    );
    return r.jurisdictions.find((j) => j.jurisdiction === "EU")?.items[0];
  };
  const on = stone(low.effective.from, "RU");
  assert.equal(on?.verdict, "PROHIBITED");
  assert.ok(on?.reasons.some((x) => x.measureId === low.id && x.effect === "PROHIBITED"));
  const before = stone(dayBefore(low.effective.from), "RU");
  assert.notEqual(before?.verdict, "PROHIBITED");
  assert.ok(before?.reasons.some((x) => x.measureId === high.id && x.effect === "NOT_RESTRICTED"));
  const unknown = stone(low.effective.from);
  assert.equal(unknown?.verdict, "REVIEW");
  assert.equal(unknown?.review, "likely_restricted");
  assert.notEqual(stone(low.effective.from, "BW")?.verdict, "PROHIBITED");
});

test("a code whose every CN-8 child an EU export measure lists reads PROHIBITED, naming the children", () => {
  const date = "2025-06-01";
  const year = 2025;
  // Any 6-digit code of the EU's in-force export lists whose CN-8 children one measure lists in full.
  let found: { code: string; children: string[] } | undefined;
  for (const m of regimes.measuresOf("EU")) {
    if (m.direction !== "export" || m.kind !== "export_ban" || m.thresholds || m.exemptions.length > 0) continue;
    if (!isInForce(m, date) || !regimes.countryIn(m.countries, "RU") || m.goods.kind !== "codes") continue;
    if (m.goods.exCodes && m.goods.exCodes.length > 0) continue;
    const listed = new Set(m.goods.include);
    for (const p of m.goods.include) {
      if (p.length !== 8) continue;
      const kids = nomenclature.cnChildren?.(p.slice(0, 6), year)?.map((k) => k.code) ?? [];
      if (kids.length > 1 && kids.every((k) => listed.has(k))) {
        found = { code: p.slice(0, 6), children: kids };
        break;
      }
    }
    if (found) break;
  }
  if (!found) return; // nothing in the data to test this on (the unit tests cover the rule)
  const r = decide(
    parseShipment({
      date,
      exporter: { name: "Acme GmbH", country: "DE" },
      consignee: { name: "OOO", country: "RU" },
      destination: "RU",
      items: [{ code: found.code }],
    }),
    { regimes, nomenclature },
  );
  const item = r.jurisdictions.find((j) => j.jurisdiction === "EU")?.items[0];
  assert.equal(item?.verdict, "PROHIBITED", found.code);
  const reason = item?.reasons.find((x) => x.effect === "PROHIBITED" && x.children);
  assert.deepEqual(
    reason?.children?.covered.map((k) => k.code),
    found.children,
  );
  assert.match(r.headline, /^Do not ship/);
});

test("every bundled RU/BY export from a member with an unencoded known regime reads partial coverage", () => {
  const from: Record<string, string> = { EU: "DE", US: "US", UK: "GB", JP: "JP", CA: "CA" };
  for (const member of regimes.members)
    for (const target of ["RU", "BY"]) {
      const date = "2025-06-01";
      const open = regimes
        .knownRegimesOf(member)
        .filter(
          (k) =>
            k.status !== "encoded" &&
            isInForce(k, date) &&
            k.directions.includes("export") &&
            regimes.countryIn(k.countries, target),
        );
      if (open.length === 0) continue;
      const r = decide(
        parseShipment({
          date,
          direction: "export",
          exporter: { name: "Exporter", country: from[member] as string },
          consignee: { name: "Buyer", country: target },
          destination: target,
          items: [{ code: "0101" }],
        }),
        { regimes },
      );
      const j = r.jurisdictions.find((x) => x.jurisdiction === member);
      assert.equal(j?.coverage.status, "partial", `${member} → ${target}`);
      assert.notEqual(j?.headline.startsWith("Not restricted: no"), true);
    }
});

/** The coverage reasons (gaps) of the first EU item whose known regime concerns goods, not parties. */
/** The item's data-incomplete reasons (coverage reasons that keep it from a clean pass), party regimes aside. */
const goodsGaps = (r: CheckResult) =>
  (euOf(r)?.items[0]?.reasons ?? []).filter((x) => {
    if (x.kind !== "coverage" || x.effect !== "REVIEW") return false;
    if (!x.measureId.startsWith("regime:")) return true;
    const k = regimes.knownRegimesOf("EU").find((y) => `regime:${y.id}` === x.measureId);
    return k?.concerns !== "parties";
  });

test("EU exports to Russia before the 11th package: the research-coded lists are complete, so a cheap T-shirt or wheat leaves no goods gap", () => {
  // A EUR 10 T-shirt: Art. 3h's threshold decides; the luxury regime is encoded to the 10th package.
  for (const date of ["2022-03-15", "2022-06-01", "2023-06-23"]) {
    const cheap = exportToRu(date, "61091000", 10);
    assert.notEqual(euOf(cheap)?.verdict, "PROHIBITED", date);
    assert.deepEqual(
      goodsGaps(cheap).map((x) => x.measureId),
      [],
      `${date}: only party regimes (asset freezes) may remain`,
    );
    assert.deepEqual(
      goodsGaps(exportToRu(date, "10019900", 100000)).map((x) => x.measureId),
      [],
      `${date}: wheat is in no EU export list`,
    );
  }
  // A microcontroller sits inside the dual-use gap scope the research bounds, and is banned whole anyway.
  const dualUse = regimes.knownRegimesOf("EU").find((k) => k.id === "eu-833-art2-2a-2b-dual-use-advanced-tech");
  assert.ok(dualUse?.gapScope?.prefixes.includes("854231"));
  assert.ok(!dualUse?.gapScope?.prefixes.includes("610910"), "T-shirts are not dual-use");
  assert.equal(regimes.knownRegimesOf("EU").find((k) => k.id === "eu-833-art3h-luxury")?.status, "encoded");
});

test("EU exports to Russia from the 11th package (2023-06-24): its unencoded additions keep every item a data gap", () => {
  const id = "regime:eu-833-package-11-additions";
  const before = exportToRu("2023-06-23", "61091000", 10);
  assert.ok(!goodsGaps(before).some((x) => x.measureId === id));
  const on = exportToRu("2023-06-24", "61091000", 10);
  assert.ok(
    goodsGaps(on).some((x) => x.measureId === id),
    "a later package cannot be read as a clean pass",
  );
  assert.equal(euOf(on)?.verdict, "REVIEW");
  assert.equal(euOf(on)?.coverage.status, "partial");
});

test("EU imports: coal is encoded whole (Annex XXII), Annex XXIV chemicals bound their gap to 11 CN positions", () => {
  assert.equal(regimes.knownRegimesOf("EU").find((k) => k.id === "eu-833-art3j-coal")?.status, "encoded");
  assert.equal(regimes.measure("eu-833-3j-coal")?.coverage.status, "complete");
  const chem = regimes.knownRegimesOf("EU").find((k) => k.id === "eu-833-annex-xxiv-chemicals");
  assert.equal(chem?.gapScope?.prefixes.length, 11);
  assert.ok(chem?.gapScope?.prefixes.includes("28141000"), "anhydrous ammonia");
  assert.equal(regimes.knownRegimesOf("EU").find((k) => k.id === "eu-269-2014-asset-freezes")?.concerns, "parties");
});

test("EU Art. 3h: a value below the threshold decides a code broader than the list without asking to classify it", () => {
  // 2204 21 (wine in small containers): only some CN-8 children are luxury-listed, all above EUR 300 per item.
  const cheap = euOf(exportToRu("2022-06-01", "220421", 15));
  assert.equal(cheap?.items[0]?.verdict, "NOT_RESTRICTED");
  assert.ok(cheap?.items[0]?.reasons.some((r) => /out of scope whatever its exact classification/.test(r.summary)));
  // Above the threshold the classification matters again: a candidate naming the children, never a clean pass.
  const dear = euOf(exportToRu("2022-06-01", "220421", 400));
  assert.notEqual(dear?.items[0]?.verdict, "NOT_RESTRICTED");
});

test("EU luxury wine 2204 21: a CN line the October-2022 list leaves out under an HS-6 the research codes whole is a candidate above EUR 300, never a clean pass; below the threshold it passes; a listed line is prohibited", () => {
  const wine = (code: string, value: number) =>
    run({
      date: "2023-01-10",
      exporter: { name: "Weingut GmbH", country: "DE" },
      consignee: { name: "OOO Buyer", country: "RU" },
      destination: "RU",
      items: [{ code, value, currency: "EUR", quantity: 1 }],
    }).jurisdictions.find((j) => j.jurisdiction === "EU");
  // 2204 21 22 is not in the list, which names only the four 'mushroom stopper' lines 2204 21 06-09.
  const unlisted = wine("22042122", 400);
  assert.equal(unlisted?.verdict, "REVIEW");
  assert.equal(unlisted?.review, "likely_restricted");
  assert.ok(
    unlisted?.items[0]?.reasons.some((x) => x.measureId === "eu-833-cn8-3h-luxury-eur300" && x.effect === "REVIEW"),
  );
  assert.equal(wine("22042122", 15)?.verdict, "NOT_RESTRICTED");
  assert.equal(wine("22042109", 400)?.verdict, "PROHIBITED");
  assert.equal(wine("22042109", 300)?.verdict, "NOT_RESTRICTED");
});
