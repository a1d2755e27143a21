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
import { isInForce } from "./query.ts";
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

test("EU Oct-2022 export list: every CN-8 row of the source, nothing else", async () => {
  const rows = await csv("eu_reg833_export_sanctioned_cn_codes_2022-10.csv");
  const m = get("eu-833-export-bans-cn8-2022-10");
  assert.equal(m.goods.kind, "codes");
  assert.equal(codes(m).length, rows.length);
  assert.equal(rows.length, 2223);
  assert.deepEqual(codes(m), rows.map((r) => r.code).sort());
  assert.equal(m.confidence, "secondary", "a third-party compilation is not verified law");
  assert.equal(m.coverage.status, "partial");
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
  assert.deepEqual(codes(get("us-ofac-eo14068-diamonds-russian-origin")), ["71023100", "71023900"]);
  assert.equal(get("uk-855-diamonds-processed-1ct").effective.from, "2024-03-01");
  assert.equal(get("uk-855-diamonds-processed-0-5ct").effective.from, "2024-09-01");
  const synth = get("uk-855-synthetic-diamonds-processed-0-5ct");
  assert.equal(synth.effective.from, "2025-04-24");
  assert.deepEqual(codes(synth), ["710421", "710491"]);
});

test("other EU import bans carry the brief's dates and stay candidates (indicative codes only)", () => {
  const expect: Record<string, string> = {
    "eu-833-3m-crude-oil": "2022-12-05",
    "eu-833-3m-petroleum-products": "2023-02-05",
    "eu-833-3j-coal": "2022-08-01",
    "eu-833-3o-gold": "2022-07-21",
    "eu-833-3g-iron-steel": "2022-03-15",
  };
  for (const [id, from] of Object.entries(expect)) {
    const m = get(id);
    assert.equal(m.effective.from, from, id);
    assert.equal(m.kind, "import_ban");
    assert.equal(m.goods.kind, "description", `${id}: annex not read, so no definitive codes`);
    assert.equal(m.confidence, "unverified", id);
  }
  assert.deepEqual(get("eu-833-3h-luxury-goods").thresholds?.valuePerItem, {
    amount: 300,
    currency: "EUR",
    comparison: "above",
    basis: "value per item, unless Annex XVIII specifies otherwise",
  });
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
