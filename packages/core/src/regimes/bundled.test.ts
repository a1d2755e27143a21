/**
 * The bundled regime data (`data/regimes/`) loads as a whole and says what its sources say. Facts are checked
 * against the source copies kept in `data/regimes/sources/` (never against the engineers' shared source folder).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { bundledDataDir } from "../data/index.ts";
import { loadRegimeSet } from "./load.ts";
import { isInForce, knownRegimeStatus } from "./query.ts";
import type { Measure } from "./schema.ts";

const dir = path.join(bundledDataDir, "regimes");
const set = await loadRegimeSet(dir);
const csv = async (name: string) =>
  parse(await readFile(path.join(dir, "sources", name), "utf8"), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
const get = (id: string): Measure => {
  const m = set.measure(id);
  assert.ok(m, `measure ${id} is missing`);
  return m;
};
const codes = (m: Measure): string[] => (m.goods.kind === "codes" ? [...m.goods.include] : []);

test("the bundled set loads: five members and the G7 full-ban scenario", () => {
  assert.deepEqual(set.members, ["EU", "US", "UK", "JP", "CA"]);
  assert.deepEqual(set.scenarios, ["g7-full-ban-2023"]);
  for (const j of [...set.members, ...set.scenarios]) assert.ok(set.measuresOf(j).length > 0, j);
  for (const f of set.files) assert.match(f.version, /^\d{4}-\d{2}-\d{2}\.\d+$/);
});

test("EU Oct-2022 export list: every CN-8 row of the source lands in a research-derived measure or the residual, nothing else", async () => {
  const rows = await csv("eu_reg833_export_sanctioned_cn_codes_2022-10.csv");
  assert.equal(rows.length, 2223);
  const derived = set.measuresOf("EU").filter((m) => m.id.startsWith("eu-833-cn8-"));
  const residual = get("eu-833-export-bans-cn8-2022-10");
  const union = new Set<string>();
  const listed = new Set(rows.map((r) => r.code as string));
  const unlisted = new Set<string>();
  for (const m of [...derived, residual]) {
    assert.equal(m.goods.kind, "codes", m.id);
    assert.equal(m.kind, "export_ban", m.id);
    assert.deepEqual(m.countries, ["RU"], m.id);
    // Complete for the research's period (to the 10th package): the doubt is one of confidence, never verified;
    // later additions are the package known regimes, which keep later verdicts partial.
    assert.equal(m.coverage.status, "complete", m.id);
    assert.notEqual(m.confidence, "verified", `${m.id}: research and a third-party list are not verified law`);
    const ex = new Set(m.goods.kind === "codes" ? (m.goods.exCodes ?? []) : []);
    for (const c of codes(m)) if (c.length === 8 && (!ex.has(c) || listed.has(c))) union.add(c);
    for (const c of codes(m)) if (c.length === 8 && !listed.has(c)) unlisted.add(c);
    if (m.goods.kind === "codes") for (const x of m.goods.exCodes ?? []) assert.ok(m.goods.include.includes(x), m.id);
  }
  assert.deepEqual([...union].sort(), rows.map((r) => r.code).sort());
  // 8-digit lines outside the list: only candidates ('ex'), the CN 2023 lines the list leaves out under an HS-6 the
  // research codes as wholly sanctioned (e.g. 2204 21 22 beside the listed 2204 21 06-09).
  assert.ok(unlisted.has("22042122"));
  for (const c of unlisted)
    assert.ok(
      derived.some((m) => m.goods.kind === "codes" && m.goods.exCodes?.includes(c)),
      `${c} is not in the list, so only a candidate`,
    );
  // 6-digit entries are the research's own HS-6 codes under which the list has no line (e.g. caviar 1604 31).
  const cn6 = new Set(rows.map((r) => r.code?.slice(0, 6)));
  const six = derived.flatMap((m) => codes(m).filter((c) => c.length === 6));
  assert.ok(six.includes("160431"), "caviar comes from the research");
  for (const c of six) assert.ok(!cn6.has(c), `${c} is added only where the CN-8 list has no line`);
  // The residual holds only codes the research does not cover, from the 8th package's date.
  assert.equal(residual.effective.from, "2022-10-06");
  assert.ok(codes(residual).length < 200, "most codes are attributed by the research");
  for (const m of derived)
    assert.ok(
      m.legalBasis.some((c) => c.instrument.includes("Chupilkin")),
      `${m.id} cites the research beside the law`,
    );
});

test("EU Art. 3h luxury: research thresholds as per-item EUR limits from 2022-03-16, T-shirts and laptops placed", async () => {
  const research = await csv("eu_833_export_bans_hs6_research/EU_sanctions_HS6.all_5369_rows.csv");
  const maxprices = new Set(research.filter((r) => r.luxury === "1.0").map((r) => Number(r.Maxprice)));
  const lux = set.measuresOf("EU").filter((m) => m.id.startsWith("eu-833-cn8-3h-luxury-"));
  const amounts = new Set(lux.map((m) => m.thresholds?.valuePerItem?.amount));
  // Every threshold is the research's; the five confirmed ones are all used (the unconfirmed EUR 525 codes,
  // 9504 50/90, are not in the October-2022 CN-8 list).
  for (const a of amounts) assert.ok(a !== undefined && maxprices.has(a), `threshold ${a}`);
  for (const a of [300, 750, 1000, 5000, 50000]) assert.ok(amounts.has(a), `threshold ${a}`);
  for (const m of lux) {
    const v = m.thresholds?.valuePerItem;
    assert.ok(v && v.currency === "EUR" && v.comparison === "above", m.id);
    assert.ok(["2022-03-16", "2022-04-09"].includes(m.effective.from), m.id);
    assert.ok(!isInForce(m, "2022-03-15"), `${m.id}: Reg. 2022/428 applies from the day after its publication`);
    // The unconfirmed EUR 525 threshold carries its doubt.
    if (v.amount === 525) assert.equal(m.confidence, "unverified");
  }
  const holder = (code: string) => lux.find((m) => codes(m).includes(code));
  assert.equal(holder("61091000")?.thresholds?.valuePerItem?.amount, 300, "cotton T-shirts: EUR 300");
  assert.equal(holder("84713000")?.thresholds?.valuePerItem?.amount, 750, "laptops: EUR 750");
  assert.equal(get("eu-833-cn8-3h-luxury-eur300").effective.from, "2022-03-16");
});

test("EU research-derived export bans: dates mapped to entry into force, wind-downs as grandfathering", () => {
  const m = get("eu-833-cn8-exports-2022-04-09-wind-down-2022-07-10");
  assert.equal(m.effective.from, "2022-04-09");
  assert.deepEqual(
    [m.grandfathering?.contractsConcludedBefore, m.grandfathering?.executionUntil],
    ["2022-04-09", "2022-07-10"],
  );
  assert.ok(!isInForce(m, "2022-04-08") && isInForce(m, "2022-04-09"));
  // Technical-list goods (dual-use, Annex VII) are candidates, never definite.
  const first = get("eu-833-cn8-exports-2022-02-25-wind-down-2022-05-01");
  assert.ok(first.goods.kind === "codes" && (first.goods.exCodes?.length ?? 0) > 0);
});

test("Annex XL / CHPL: 50 HS-6 codes in six tiers, each under Art. 12g for non-partner third countries", async () => {
  const rows = await csv("chpl_common_high_priority_list_2024-02-23.csv");
  assert.equal(rows.length, 50);
  const expected = { "1": 4, "2": 5, "3a": 16, "3b": 9, "4a": 11, "4b": 5 };
  const seen = new Map<string, string>();
  for (const [tier, count] of Object.entries(expected)) {
    const m = get(`eu-833-12g-no-russia-clause-chpl-tier-${tier}`);
    assert.equal(codes(m).length, count, `tier ${tier}`);
    assert.deepEqual(m.countries, ["@THIRD_COUNTRIES_NON_PARTNER"]);
    assert.deepEqual(m.flags, ["NO_RUSSIA_CLAUSE_REQUIRED"]);
    assert.equal(m.kind, "due_diligence");
    assert.equal(m.effective.from, "2024-03-20");
    assert.deepEqual(m.grandfathering, {
      contractsConcludedBefore: "2023-12-19",
      executionUntil: "2024-12-20",
      note: m.grandfathering?.note,
    });
    assert.ok(m.tags?.includes(`chpl-tier-${tier}`));
    for (const c of codes(m)) seen.set(c, tier);
  }
  const tierOf = (t: string) =>
    t
      .replace(/^TIER_/, "")
      .replace("_", "")
      .toLowerCase();
  assert.deepEqual([...seen.entries()].sort(), rows.map((r) => [r.hs6, tierOf(r.tier ?? "")]).sort());
  // Tier 4.B's Annex XL membership is only inferred: its doubt is in the data.
  assert.equal(get("eu-833-12g-no-russia-clause-chpl-tier-4b").confidence, "unverified");
  for (const id of ["eu-chpl-transit-hub-diversion-risk", "us-bis-chpl-transit-hub-diversion-risk"]) {
    const hub = get(id);
    assert.deepEqual(hub.countries, ["@TRANSIT_HUBS"]);
    assert.deepEqual(hub.flags, ["DIVERSION_RISK"]);
    assert.deepEqual(codes(hub), rows.map((r) => r.hs6).sort());
  }
});

test("country groups: Art. 12g destinations and transit hubs resolve as documented", () => {
  const non = (c: string) => set.countryIn(["@THIRD_COUNTRIES_NON_PARTNER"], c);
  for (const c of ["KZ", "IN", "CN", "TR", "AE", "BR"]) assert.ok(non(c), c);
  for (const c of ["RU", "BY", "DE", "FR", "GR", "US", "JP", "GB", "KR", "CH", "NO"]) assert.ok(!non(c), c);
  const groups = set.groups;
  const nonPartner = new Set(groups.THIRD_COUNTRIES_NON_PARTNER?.members);
  for (const c of [...(groups.EU_MEMBER_STATES?.members ?? []), ...(groups.EU_ANNEX_VIII_PARTNERS?.members ?? [])])
    assert.ok(nonPartner.has(c), `complement must exclude ${c}`);
  assert.equal(groups.EU_MEMBER_STATES?.members.length, 27);
  const hubs = groups.TRANSIT_HUBS;
  assert.ok(hubs);
  for (const c of hubs.members) assert.ok(hubs.memberNotes?.[c], `hub ${c} carries its evidence`);
  for (const c of ["KZ", "KG", "AM", "GE", "TR", "AE"]) assert.ok(set.countryIn(["@TRANSIT_HUBS"], c), c);
  assert.ok(!set.countryIn(["@TRANSIT_HUBS"], "IN"));
  for (const g of Object.values(groups)) for (const c of g.citations) assert.match(c.url, /^https?:\/\//);
});

test("EU Art. 3p diamonds: three legal phases with their dates, thresholds and origin rules", () => {
  const direct = get("eu-833-3p-diamonds-direct");
  assert.deepEqual(codes(direct), ["710210", "710231", "710239"]);
  assert.equal(direct.effective.from, "2024-01-01");
  assert.equal(direct.thresholds, undefined, "the direct ban has no weight threshold");
  assert.equal(direct.originRule, "originating_or_consigned");
  assert.equal(direct.direction, "import");
  const one = get("eu-833-3p-diamonds-processed-1ct");
  assert.equal(one.effective.from, "2024-03-01");
  assert.deepEqual(one.thresholds?.caratsPerStone, { min: 1, comparison: "at_or_above" });
  assert.equal(one.originRule, "processed_in_third_country_from_origin");
  const half = get("eu-833-3p-diamonds-processed-0-5ct");
  assert.equal(half.effective.from, "2024-09-01");
  assert.deepEqual(half.thresholds?.caratsPerStone, { min: 0.5, comparison: "at_or_above" });
  assert.equal(get("eu-833-3p-synthetic-processed-0-5ct").effective.from, "2024-09-01");
  for (const m of [direct, one, half]) {
    assert.deepEqual(m.countries, ["RU"]);
    assert.ok(m.goods.kind === "codes" && m.goods.exclude?.includes("710221"), "industrial diamonds excluded");
  }
  // Date boundaries from the diamonds brief: 2024-02-29 / 03-01 and 2024-08-31 / 09-01.
  assert.ok(!isInForce(one, "2024-02-29") && isInForce(one, "2024-03-01"));
  assert.ok(!isInForce(half, "2024-08-31") && isInForce(half, "2024-09-01"));
  assert.ok(!isInForce(direct, "2023-12-31") && isInForce(direct, "2024-01-01"));
});

test("US and UK diamond phases match the diamonds brief", () => {
  assert.equal(get("us-ofac-diamonds-processed-1ct").effective.from, "2024-03-01");
  assert.equal(get("us-ofac-diamonds-processed-0-5ct").thresholds?.caratsPerStone?.min, 0.5);
  assert.equal(get("us-ofac-diamonds-processed-0-5ct").effective.from, "2024-09-01");
  // HTS 7102.31.00 / 7102.39.00 are the only 8-digit lines under their HS-6 codes: listed as HS-6 (definite hits).
  assert.deepEqual(codes(get("us-ofac-eo14068-diamonds-russian-origin")), ["710231", "710239"]);
  assert.equal(get("uk-855-diamonds-processed-1ct").effective.from, "2024-03-01");
  assert.equal(get("uk-855-diamonds-processed-0-5ct").effective.from, "2024-09-01");
  const synth = get("uk-855-synthetic-diamonds-processed-0-5ct");
  assert.equal(synth.effective.from, "2025-04-24");
  assert.deepEqual(codes(synth), ["710421", "710491"]);
});

test("EU import bans: dates, wind-downs, scopes and origin rules (issue 8)", () => {
  const coal = get("eu-833-3j-coal");
  assert.deepEqual(codes(coal), ["2701", "2702", "2703", "2704", "2705", "2706", "2707", "2708"]);
  assert.equal(coal.effective.from, "2022-04-09");
  assert.deepEqual(
    [coal.grandfathering?.contractsConcludedBefore, coal.grandfathering?.executionUntil],
    ["2022-04-09", "2022-08-10"],
  );
  const gold = get("eu-833-3o-gold");
  assert.ok(!isInForce(gold, "2022-07-21") && isInForce(gold, "2022-07-22"));
  assert.ok(codes(gold).includes("7108") && codes(gold).includes("711291"));
  assert.equal(gold.originRule, "originating_in");
  const articles = get("eu-833-3o-annex-xxvii-gold-articles");
  assert.ok(articles.exemptions.some((e) => e.category === "personal_use"));
  assert.ok(articles.goods.kind === "codes" && articles.goods.exCodes?.includes("7113"), "only gold articles: ex");
  const steel = get("eu-833-3g-iron-steel");
  assert.ok(!isInForce(steel, "2022-03-15") && isInForce(steel, "2022-03-16"));
  assert.equal(steel.grandfathering?.executionUntil, "2022-06-17");
  const processed = get("eu-833-3g-iron-steel-processed");
  assert.equal(processed.effective.from, "2023-09-30");
  assert.equal(processed.originRule, "processed_in_third_country_from_origin");
  const annexXxi = get("eu-833-3i-annex-xxi-imports");
  assert.equal(annexXxi.effective.from, "2022-04-09");
  assert.equal(annexXxi.grandfathering?.executionUntil, "2022-07-10");
  assert.ok(
    annexXxi.goods.kind === "description" && annexXxi.goods.indicative?.source,
    "indicative codes cite a source",
  );
  assert.deepEqual(codes(get("eu-833-3m-crude-oil")), ["2709"]);
  assert.equal(get("eu-833-3m-crude-oil").grandfathering?.executionUntil, "2022-12-05");
  assert.equal(get("eu-833-3m-petroleum-products").grandfathering?.executionUntil, "2023-02-05");
  for (const id of ["eu-833-3j-coal", "eu-833-3o-gold", "eu-833-3g-iron-steel", "eu-833-3m-crude-oil"])
    assert.equal(get(id).kind, "import_ban", id);
});

test("EU known regimes: Reg. 833/2014 by article, Reg. 765/2006 for Belarus, Reg. 269/2014; every named measure exists", () => {
  const known = set.knownRegimesOf("EU");
  assert.ok(known.length >= 15);
  const byId = new Map(known.map((k) => [k.id, k]));
  for (const id of ["eu-833-art3h-luxury", "eu-833-art3j-coal", "eu-833-art3o-gold", "eu-765-2006-belarus-exports"])
    assert.ok(byId.has(id), id);
  for (const k of known) for (const m of k.measures) assert.ok(set.measure(m), `${k.id} names ${m}`);
  // Belarus is concerned, and nothing about it is encoded completely.
  const by = known.filter((k) => k.countries.includes("BY"));
  assert.ok(by.length >= 2 && by.every((k) => k.status !== "encoded"));
  // Packages the data cannot list are recorded, not invented.
  for (const n of ["11", "12", "14", "19"])
    assert.equal(byId.get(`eu-833-package-${n}-additions`)?.status, "not_encoded");
});

test("Japan: the 14 advanced goods of 20 May 2022 — ten known items, the gap stated", () => {
  const m = get("jp-fefta-advanced-goods-2022-05-20");
  assert.equal(m.effective.from, "2022-05-20");
  assert.equal(m.goods.kind, "description");
  assert.equal(m.goods.kind === "description" ? m.goods.items?.length : 0, 10);
  assert.equal(m.coverage.status, "partial");
  assert.match(m.coverage.note, /11-14/);
});

test("scenario g7-full-ban-2023: all goods except agricultural, medical and humanitarian exemptions", () => {
  const [m, ...rest] = set.measuresOf("g7-full-ban-2023");
  assert.ok(m);
  assert.equal(rest.length, 0);
  assert.equal(m.goods.kind, "all_except");
  const ex = new Map(m.exemptions.map((e) => [e.id, e]));
  assert.deepEqual(
    ex.get("agricultural")?.codes?.prefixes,
    Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, "0")),
  );
  assert.deepEqual(ex.get("medicines")?.codes?.prefixes, ["30"]);
  assert.ok(ex.get("medical-devices")?.codes?.prefixes.includes("9018"));
  assert.ok(!ex.get("medical-devices")?.codes?.prefixes.includes("9020"), "gas masks stay banned");
  const hum = ex.get("humanitarian");
  assert.ok(hum?.condition && !hum.codes, "humanitarian is a declared condition, not a code list");
  assert.equal(set.files.find((f) => f.jurisdiction === "g7-full-ban-2023")?.type, "scenario");
});

test("every measure is cited, dated and honest about its coverage and doubts", () => {
  const sources = path.join(dir, "sources");
  for (const m of set.measures) {
    for (const c of m.legalBasis) assert.match(c.url, /^https?:\/\/[^\s]+$/, `${m.id}: citation URL`);
    for (const e of m.exemptions) assert.match(e.citation.url, /^https?:\/\//, `${m.id}/${e.id}`);
    if (m.coverage.status === "partial")
      assert.ok(m.coverage.note.trim().length >= 20, `${m.id}: partial needs a note`);
    if (m.source.snapshot.startsWith("sources/"))
      assert.ok(existsSync(path.join(sources, m.source.snapshot.slice("sources/".length))), `${m.id}: source copy`);
    // A doubt marker in what the measure encodes must show in its confidence.
    const encoded = JSON.stringify([m.summary, m.goods, m.thresholds, m.grandfathering, m.coverage]);
    if (/\[(unverified|inferred|verify|single third-party claim|secondary)\b/.test(encoded))
      assert.notEqual(m.confidence, "verified", `${m.id} carries a doubt marker but is marked verified`);
    if (m.goods.kind === "description") assert.ok(m.coverage.status === "partial", `${m.id}: descriptions are partial`);
    if (m.goods.kind === "codes")
      for (const p of m.goods.include)
        assert.ok(
          m.goods.nomenclature.startsWith("CN") || m.goods.nomenclature.startsWith("HTS") ? p.length >= 6 : true,
          `${m.id}: ${p}`,
        );
  }
});

test("knownRegimeStatus lists every member's known regimes with status, dates and citation, counted per status", () => {
  for (const member of set.members) {
    const known = set.knownRegimesOf(member);
    const { counts, regimes } = knownRegimeStatus(known);
    assert.equal(regimes.length, known.length, member);
    assert.equal(counts.encoded + counts.partial + counts.not_encoded, known.length, member);
    for (const r of regimes) {
      assert.ok(r.citation.length > 0, `${member} ${r.id} has a citation`);
      assert.match(r.effective.from, /^\d{4}-\d{2}-\d{2}$/);
    }
  }
  const eu = knownRegimeStatus(set.knownRegimesOf("EU"));
  const p11 = eu.regimes.find((r) => r.id === "eu-833-package-11-additions");
  assert.equal(p11?.status, "not_encoded");
  assert.equal(p11?.effective.from, "2023-06-24");
  assert.match(p11?.citation ?? "", /2023\/1214/);
  const freezes = eu.regimes.find((r) => r.id === "eu-269-2014-asset-freezes");
  assert.equal(freezes?.concerns, "parties");
  assert.ok(eu.counts.not_encoded > 0 && eu.counts.encoded > 0);
});
