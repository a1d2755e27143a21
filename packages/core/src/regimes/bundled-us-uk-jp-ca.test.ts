/**
 * The bundled US, UK, Japanese and Canadian regime data says what its sources say: dates on both sides of every
 * start and end, thresholds, scopes, and an explicit list of known regimes for Russia and Belarus. Facts are
 * checked against the data and the source copies in `data/regimes/sources/`.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { bundledDataDir } from "../data/index.ts";
import { loadRegimeSet } from "./load.ts";
import { isInForce } from "./query.ts";
import type { Measure } from "./schema.ts";

const dir = path.join(bundledDataDir, "regimes");
const set = await loadRegimeSet(dir);
const get = (id: string): Measure => {
  const m = set.measure(id);
  assert.ok(m, `measure ${id} is missing`);
  return m;
};
const codes = (m: Measure): string[] => (m.goods.kind === "codes" ? [...m.goods.include] : []);
const indicative = (m: Measure): string[] =>
  m.goods.kind === "description" ? [...(m.goods.indicative?.prefixes ?? [])] : [];
/** Not in force the day before `from`, in force on `from` (and on `until`, not the day after, when given). */
function startsOn(m: Measure, from: string, until?: string): void {
  const prev = new Date(`${from}T00:00:00Z`);
  prev.setUTCDate(prev.getUTCDate() - 1);
  assert.equal(m.effective.from, from, m.id);
  assert.ok(!isInForce(m, prev.toISOString().slice(0, 10)), `${m.id} before ${from}`);
  assert.ok(isInForce(m, from), `${m.id} on ${from}`);
  assert.equal(m.effective.until, until, `${m.id} until`);
  if (until) {
    const next = new Date(`${until}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    assert.ok(isInForce(m, until) && !isInForce(m, next.toISOString().slice(0, 10)), `${m.id} after ${until}`);
  }
}

test("US Supplement No. 4: Russia from 2022-03-03 (87 FR 12856, then § 746.5), Belarus from 2022-09-15", () => {
  const ru = get("us-ear-746-8-a5-supp4-industry-sector");
  startsOn(ru, "2022-03-03");
  assert.deepEqual(ru.countries, ["RU"]);
  assert.ok(ru.legalBasis.some((c) => c.instrument.includes("87 FR 12856")));
  assert.ok(ru.legalBasis.some((c) => c.instrument.includes("87 FR 28758")));
  assert.ok(ru.legalBasis.some((c) => c.article?.includes("formerly § 746.5(a)(1)(ii)")));
  const by = get("us-ear-746-8-a5-supp4-industry-sector-belarus");
  startsOn(by, "2022-09-15");
  assert.deepEqual(by.countries, ["BY"]);
  // 88 FR 33422 listed every HTS-6 code of chapters 84, 85 and 90 from 2023-05-19.
  const whole = get("us-ear-746-8-a5-supp4-chapters-84-85-90");
  startsOn(whole, "2023-05-19");
  assert.deepEqual(codes(whole), ["84", "85", "90"]);
  assert.deepEqual(whole.countries, ["RU", "BY"]);
});

test("US Supplement No. 5: USD 1,000 clothing/shoes and no exclusion otherwise until 2022-09-14; USD 300 and USD 50,000 cars from 2022-09-15", () => {
  const clothing = get("us-ear-746-supp5-luxury-clothing-footwear-usd1000");
  startsOn(clothing, "2022-03-11", "2022-09-14");
  assert.deepEqual(clothing.thresholds?.valuePerItem?.amount, 1000);
  assert.equal(clothing.thresholds?.valuePerItem?.currency, "USD");
  const other = get("us-ear-746-supp5-luxury-other-2022-03-11");
  startsOn(other, "2022-03-11", "2022-09-14");
  assert.equal(other.thresholds, undefined, "before 2022-09-15 only clothing and shoes had a value exclusion");
  const usd300 = get("us-ear-746-supp5-luxury-usd300");
  startsOn(usd300, "2022-09-15");
  assert.equal(usd300.thresholds?.valuePerItem?.amount, 300);
  assert.ok(!indicative(usd300).includes("8703"), "cars have their own threshold");
  const cars = get("us-ear-746-supp5-luxury-vehicles-usd50000");
  startsOn(cars, "2022-09-15");
  assert.equal(cars.thresholds?.valuePerItem?.amount, 50000);
  assert.deepEqual(indicative(cars), ["8703"]);
  for (const m of [clothing, other, usd300, cars]) {
    assert.deepEqual(m.countries, ["RU", "BY"]);
    assert.equal(m.kind, "licence_requirement");
    assert.equal(m.licensingPolicy, "presumption_of_denial");
  }
  assert.equal(set.measure("us-ear-746-8-a7-supp5-luxury"), undefined, "the undated luxury measure is replaced");
});

test("US import bans: E.O. 14066 energy from 2022-03-08 (GL 16 to 2022-04-21), E.O. 14068 alcohol and seafood from 2022-03-11, gold 2022-06-28, metals 2024-04-13", () => {
  const energy = get("us-ofac-eo14066-energy-import-ban");
  startsOn(energy, "2022-03-08");
  assert.deepEqual(energy.grandfathering?.contractsConcludedBefore, "2022-03-08");
  assert.deepEqual(energy.grandfathering?.executionUntil, "2022-04-21");
  assert.equal(energy.goods.kind, "codes", "crude oil, coal, LNG and petroleum oils are named by the HS heading texts");
  if (energy.goods.kind === "codes")
    for (const c of ["2709", "2710", "271111", "2701"]) assert.ok(energy.goods.include.includes(c), c);
  assert.deepEqual(energy.coverage.gapScope?.prefixes, ["27"], "every good the order names is a chapter 27 good");
  const alcohol = get("us-ofac-eo14068-alcoholic-beverages-import-ban");
  startsOn(alcohol, "2022-03-11");
  assert.equal(alcohol.grandfathering?.executionUntil, "2022-03-24");
  assert.equal(alcohol.goods.kind, "codes", "HTSUS chapter 22 note 3 names the headings of alcoholic beverages");
  if (alcohol.goods.kind === "codes") {
    assert.deepEqual(alcohol.goods.include, ["2203", "2204", "220430", "2205", "2206", "2208", "220890"]);
    assert.ok(!alcohol.goods.include.includes("2207"), "ethyl alcohol of 80 % vol or more is not a beverage heading");
    assert.deepEqual(alcohol.goods.exCodes, ["220430", "220890"], "grape must and undenatured ethyl alcohol are 'ex'");
  }
  assert.equal(alcohol.coverage.status, "complete");
  const fish = get("us-ofac-eo14068-fish-seafood-import-ban");
  startsOn(fish, "2022-03-11");
  assert.equal(fish.grandfathering?.executionUntil, "2022-06-22");
  assert.equal(fish.goods.kind, "codes");
  if (fish.goods.kind === "codes") assert.deepEqual(fish.goods.include, ["03", "1604", "1605"]);
  assert.ok(fish.coverage.gapScope?.prefixes.includes("1504"), "fish oils are the bounded gap, not encoded");
  startsOn(get("us-ofac-eo14068-gold-import-ban"), "2022-06-28");
  const processed = get("us-ofac-eo14114-seafood-third-country-processed");
  startsOn(processed, "2023-12-22");
  assert.equal(processed.originRule, "processed_in_third_country_from_origin");
  const metals = get("us-ofac-eo14068-aluminium-copper-nickel-import-ban");
  startsOn(metals, "2024-04-13");
  assert.ok(metals.exemptions.some((e) => e.id === "produced-before-2024-04-13"));
  for (const m of [energy, alcohol, fish, metals]) {
    assert.equal(m.direction, "import");
    assert.equal(m.originRule, "originating_in", `${m.id}: 'Russian Federation origin'`);
  }
  assert.equal(metals.goods.kind, "description", "metals: named in words, indicative chapters");
});

test("US Ending Importation of Russian Oil Act: HTSUS chapter 27 whole from its enactment on 2022-04-08, GL 16 wind-down kept", () => {
  const act = get("us-eiroa-chapter-27-import-ban");
  startsOn(act, "2022-04-08");
  assert.equal(act.kind, "import_ban");
  assert.equal(act.goods.kind, "codes");
  if (act.goods.kind === "codes") assert.deepEqual(act.goods.include, ["27"]);
  assert.equal(act.coverage.status, "complete");
  assert.equal(act.grandfathering?.contractsConcludedBefore, "2022-03-08");
  assert.equal(act.grandfathering?.executionUntil, "2022-04-21");
  assert.ok(
    act.legalBasis.some((c) => c.url.startsWith("https://www.govinfo.gov/")),
    "cites the public law",
  );
  const regime = set.knownRegimesOf("US").find((k) => k.id === "us-ofac-eo14066-energy");
  assert.ok(regime?.measures.includes(act.id));
  assert.deepEqual(regime?.gapScope?.prefixes, ["27"]);
});

test("UK Schedule 3A: GBP 250 per item on the EU default-tier codes, the rest candidates; source rows accounted for", async () => {
  const gbp = get("uk-855-sch3a-luxury-goods-gbp250");
  startsOn(gbp, "2022-04-14");
  assert.deepEqual(gbp.thresholds?.valuePerItem, {
    amount: 250,
    currency: "GBP",
    comparison: "above",
    basis: gbp.thresholds?.valuePerItem?.basis,
  });
  assert.equal(gbp.confidence, "secondary", "research coding, not the schedule itself");
  const rest = get("uk-855-sch3a-luxury-goods");
  const rows = parse(await readFile(path.join(dir, "sources", "EU_luxury_HS6_with_threshold.csv"), "utf8"), {
    columns: true,
  }) as Record<string, string>[];
  assert.equal(rows.length, 707);
  const inc = new Set(codes(gbp));
  // Every included code is a default-tier (EUR 300) row of the source; no higher-tier code is definite.
  const tier = new Map(rows.map((r) => [r.Code, Number(r.Maxprice)]));
  for (const c of inc) assert.equal(tier.get(c), 300, c);
  for (const r of rows)
    if (Number(r.Maxprice) > 300) assert.ok(!inc.has(r.Code ?? ""), `${r.Code} (EUR ${r.Maxprice})`);
  // Caviar and truffles carry a per-1.5-kg threshold: candidates only.
  for (const c of ["160431", "160432", "070956"]) {
    assert.ok(!inc.has(c), c);
    assert.ok(indicative(rest).includes(c), c);
  }
  // "ex" lines stay candidates.
  if (gbp.goods.kind === "codes") for (const c of gbp.goods.exCodes ?? []) assert.ok(inc.has(c), c);
  assert.ok(inc.has("220421") && !(gbp.goods.kind === "codes" && gbp.goods.exCodes?.includes("220421")));
});

test("UK import bans: iron and steel 2022-04-14, gold 2022-07-21, coal 2022-08-10 (2701-2708), oil 2022-12-31, LNG 2023-01-01, SI 2023/440 imports", () => {
  startsOn(get("uk-855-sch3b-iron-steel-import"), "2022-04-14");
  startsOn(get("uk-855-sch3g-gold-import"), "2022-07-21");
  const coal = get("uk-855-sch3h-coal");
  startsOn(coal, "2022-08-10");
  assert.deepEqual(codes(coal), ["2701", "2702", "2703", "2704", "2705", "2706", "2707", "2708"]);
  startsOn(get("uk-855-sch3f-oil-import"), "2022-12-31");
  startsOn(get("uk-855-lng-import"), "2023-01-01");
  const rev = get("uk-855-import-ban-extension-2023-04-21");
  startsOn(rev, "2023-04-21");
  assert.equal(rev.direction, "import", "SI 2023/440 concerns imports");
  assert.ok(rev.legalBasis.some((c) => c.instrument.includes("SI 2023/440")));
  const lic = rev.exemptions.find((e) => e.id === "licence-9011");
  assert.match(lic?.summary ?? "", /licence/);
  const windDown = rev.exemptions.find((e) => e.id === "consigned-before-2023-04-21");
  assert.deepEqual(windDown?.effective, { from: "2023-04-21", until: "2023-05-20" });
  assert.equal(set.measure("uk-855-export-ban-extension-2023-04-21"), undefined);
});

test("Japan: luxury (JPY 40,000; cars JPY 6 m) from 2022-04-05, import ban 2022-04-19, 89 chemical items 2022-10-07, 418 items 2023-04-07, cars over 1,900 cc 2023-08-09", () => {
  const lux = get("jp-fefta-luxury-goods");
  startsOn(lux, "2022-04-05");
  assert.equal(lux.thresholds?.valuePerItem?.amount, 40000);
  const cars = get("jp-fefta-luxury-cars-jpy6m");
  startsOn(cars, "2022-04-05");
  assert.deepEqual(cars.thresholds?.valuePerItem, {
    amount: 6000000,
    currency: "JPY",
    comparison: "above",
    basis: cars.thresholds?.valuePerItem?.basis,
  });
  const imp = get("jp-fefta-import-ban-2022-04-19");
  startsOn(imp, "2022-04-19");
  assert.equal(imp.direction, "import");
  assert.match(imp.summary, /38 items/);
  const chem = get("jp-fefta-additions-2022-10-07");
  startsOn(chem, "2022-10-07");
  assert.match(chem.summary, /89/);
  startsOn(get("jp-fefta-industrial-goods-2023-04-07"), "2023-04-07");
  startsOn(get("jp-fefta-cars-over-1900cc-2023-08-09"), "2023-08-09");
  const adv = get("jp-fefta-advanced-goods-2022-05-20");
  const items = adv.goods.kind === "description" ? (adv.goods.items ?? []) : [];
  assert.match(items.find((i) => i.id === "8")?.text ?? "", /vacuum pumps/);
  assert.match(items.find((i) => i.id === "9")?.text ?? "", /conductive polymers/);
  // Japan's measures are export bans (approvals METI does not grant), not licence requirements.
  for (const m of set.measuresOf("JP")) if (m.direction === "export") assert.equal(m.kind, "export_ban", m.id);
});

test("Canada: petroleum (Schedule 5) from 2022-03-10, Schedule 11 steel and aluminium from 2023-03-10, Belarus SOR/2022-167", async () => {
  const oil = get("ca-sema-russia-sch5-petroleum-import");
  startsOn(oil, "2022-03-10");
  assert.deepEqual(codes(oil), ["2709", "2710", "2711"]);
  assert.equal(oil.originRule, "consigned_from");
  const s11 = get("ca-sema-russia-sch11-steel-aluminium-import");
  startsOn(s11, "2023-03-10");
  const rows = parse(
    await readFile(path.join(dir, "sources", "ca_sema_russia_schedule11_steel_aluminum_import.csv"), "utf8"),
    { columns: true },
  ) as Record<string, string>[];
  assert.deepEqual(codes(s11), rows.map((r) => r.hs_code).sort());
  assert.equal(s11.coverage.status, "complete");
  for (const m of [oil, s11])
    assert.ok(
      m.exemptions.some((e) => e.id.startsWith("contract-before-")),
      m.id,
    );
  const by = get("ca-sema-belarus-export-2022-06-25");
  startsOn(by, "2022-06-25");
  assert.deepEqual(by.countries, ["BY"]);
});

test("known regimes: US, UK, JP and CA list their Russia and Belarus regimes, cited, and every measure belongs to one", () => {
  for (const j of ["US", "UK", "JP", "CA"]) {
    const known = set.knownRegimesOf(j);
    assert.ok(known.length > 0, j);
    const has = (country: string, dir: "export" | "import") =>
      known.some((k) => k.countries.includes(country) && k.directions.includes(dir));
    assert.ok(has("RU", "export") && has("RU", "import") && has("BY", "export"), j);
    const listed = new Set(known.flatMap((k) => k.measures));
    for (const m of set.measuresOf(j)) assert.ok(listed.has(m.id), `${j}: ${m.id} belongs to no known regime`);
    for (const k of known) {
      assert.ok(
        k.citations.every((c) => /^https?:\/\//.test(c.url)),
        k.id,
      );
      if (k.status === "encoded")
        for (const id of k.measures) assert.equal(set.measure(id)?.coverage.status, "complete", `${k.id}: ${id}`);
      if (k.status !== "encoded") assert.ok(k.note.length >= 20, `${k.id}: say what is missing`);
    }
  }
  // Belarus import regimes are listed where the member has them (UK, CA); Japan's are not known.
  for (const j of ["UK", "CA"])
    assert.ok(
      set.knownRegimesOf(j).some((k) => k.countries.includes("BY") && k.directions.includes("import")),
      j,
    );
});
