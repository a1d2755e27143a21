import assert from "node:assert/strict";
import { test } from "node:test";
import { parseWindow, shiftMonth, windowEndDate } from "./periods.ts";
import { chplTierOfTag, hsEditionOf, tagGoods } from "./tags.ts";
import { measure, regimesOf } from "./testkit.ts";

const regimes = regimesOf([
  measure("eu-a", "EU", {
    goods: { kind: "codes", nomenclature: "CN2022", include: ["8542"], exclude: ["85423990"] },
    effective: { from: "2022-03-15" },
    exemptions: [
      {
        id: "med",
        category: "medical",
        summary: "medical parts",
        codes: { nomenclature: "CN2022", prefixes: ["85423310"] },
        citation: { instrument: "Test", url: "https://example.org/x" },
      },
      {
        id: "declared",
        category: "humanitarian",
        summary: "needs a declaration",
        condition: "declared end use",
        codes: { nomenclature: "CN2022", prefixes: ["85423190"] },
        citation: { instrument: "Test", url: "https://example.org/x" },
      },
    ],
  }),
  measure("us-a", "US", {
    kind: "licence_requirement",
    goods: { kind: "codes", nomenclature: "HS2017", include: ["880330"] },
    effective: { from: "2022-02-24", until: "2022-12-31" },
  }),
  measure("eu-chpl", "EU", {
    kind: "due_diligence",
    countries: ["KZ"],
    goods: { kind: "codes", nomenclature: "HS2022", include: ["854231", "880730"] },
    tags: ["chpl", "chpl-tier-1"],
  }),
  measure("eu-chpl-3a", "EU", {
    kind: "due_diligence",
    countries: ["KZ"],
    goods: { kind: "codes", nomenclature: "HS2022", include: ["8542"] },
    tags: ["chpl-tier-3a"],
  }),
  measure("eu-import", "EU", {
    direction: "import",
    goods: { kind: "codes", nomenclature: "HS2022", include: ["0101"] },
  }),
  measure("scn", "g7-x", { goods: { kind: "all_except", nomenclature: "HS2022", except: [] } }),
]);

test("tags: members, dates, exclusions, code exemptions (conditional ones never apply), CHPL tier, scenarios left out", () => {
  const tags = tagGoods(
    regimes,
    [
      { code: "85423190", nomenclature: "CN2022" },
      { code: "85423990", nomenclature: "CN2022" },
      { code: "85423310", nomenclature: "CN2022" },
      { code: "01012100", nomenclature: "CN2022" },
    ],
    { asOf: "2022-06-30" },
  );
  const ic = tags.get("85423190");
  assert.equal(ic?.sanctioned, true);
  assert.deepEqual(ic?.members, ["EU"]);
  assert.equal(ic?.since, "2022-03-15");
  assert.equal(ic?.chplTier, "1", "tier 1 beats tier 3A");
  assert.deepEqual(ic?.exemptions, []);
  assert.equal(tags.get("85423990")?.sanctioned, false, "excluded prefix");
  assert.equal(tags.get("85423990")?.chplTier, "3A");
  const med = tags.get("85423310");
  assert.equal(med?.sanctioned, false);
  assert.deepEqual(med?.exemptions, [{ measureId: "eu-a", exemptionId: "med", category: "medical" }]);
  assert.equal(tags.get("01012100")?.sanctioned, false, "import measures and scenarios do not tag exports");
  const before = tagGoods(regimes, [{ code: "85423190", nomenclature: "CN2022" }], { asOf: "2022-03-14" });
  assert.equal(before.get("85423190")?.sanctioned, false, "not yet in force");
  assert.equal(before.get("85423190")?.since, "2022-03-15");
});

test("tags: an HS2022 code matches an HS2017 list through the edition mapper; `until` ends the measure", () => {
  const map = (code: string, from: string, to: string) =>
    code === "880730" && from === "HS2022" && to === "HS2017" ? ["880330"] : [];
  const codes = [{ code: "88073000", nomenclature: "CN2022" }];
  assert.equal(tagGoods(regimes, codes, { asOf: "2022-06-30" }).get("88073000")?.sanctioned, false);
  const mapped = tagGoods(regimes, codes, { asOf: "2022-06-30", mapEdition: map }).get("88073000");
  assert.equal(mapped?.sanctioned, true);
  assert.deepEqual(mapped?.members, ["US"]);
  assert.equal(mapped?.chplTier, "1");
  assert.equal(tagGoods(regimes, codes, { asOf: "2023-01-01", mapEdition: map }).get("88073000")?.sanctioned, false);
  assert.deepEqual(
    tagGoods(regimes, codes, { asOf: "2022-06-30", mapEdition: map, jurisdictions: ["EU"] }).get("88073000")?.members,
    [],
  );
});

test("small helpers: CHPL tags, HS editions of CN years, windows", () => {
  assert.equal(chplTierOfTag("chpl-tier-3b"), "3B");
  assert.equal(chplTierOfTag("CHPL tier 1"), "1");
  assert.equal(chplTierOfTag("chpl"), undefined);
  assert.equal(chplTierOfTag("chpl-tier-5"), undefined);
  assert.equal(hsEditionOf("CN2021"), "HS2017");
  assert.equal(hsEditionOf("CN2022"), "HS2022");
  assert.equal(hsEditionOf("none"), undefined);
  assert.deepEqual(parseWindow("2021-03:2021-11"), { from: "2021-03", to: "2021-11", freq: "M", length: 9 });
  assert.deepEqual(parseWindow("2020:2021"), { from: "2020", to: "2021", freq: "A", length: 2 });
  assert.deepEqual(parseWindow("2022-02"), { from: "2022-02", to: "2022-02", freq: "M", length: 1 });
  assert.throws(() => parseWindow("2021-11:2021-03"), /FROM is after TO/);
  assert.throws(() => parseWindow("2021:2021-03"), /both be months or both be years/);
  assert.equal(shiftMonth("2021-11", 3), "2022-02");
  assert.equal(shiftMonth("2021-01", -1), "2020-12");
  assert.equal(windowEndDate(parseWindow("2024-02:2024-02")), "2024-02-29");
  assert.equal(windowEndDate(parseWindow("2022:2022")), "2022-12-31");
});
