// Verdicts on the bundled US, UK and Canadian data: what one measure says about one item on either side of its
// dates and thresholds. Assertions read the reason of the measure under test, not whole-jurisdiction verdicts
// (which also depend on the coverage of everything else).
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { bundledDataDir } from "../data/index.ts";
import { loadRegimeSet } from "../regimes/load.ts";
import { decide } from "./decide.ts";
import { parseShipment, type ShipmentInput } from "./shipment.ts";

const regimes = await loadRegimeSet(path.join(bundledDataDir, "regimes"));

/** The reasons the measure `id` gives for the first item, under jurisdiction `j`. */
function reasonsOf(s: ShipmentInput, j: string, id: string) {
  const r = decide(parseShipment(s), { regimes });
  const jur = r.jurisdictions.find((x) => x.jurisdiction === j);
  return (jur?.items[0]?.reasons ?? []).filter((x) => x.measureId === id);
}

const exportToRussia = (from: string, date: string, item: ShipmentInput["items"][number]): ShipmentInput => ({
  date,
  exporter: { name: "Exporter Ltd", country: from },
  consignee: { name: "OOO Buyer", country: "RU" },
  destination: "RU",
  items: [item],
});
const importFromRussia = (
  to: string,
  date: string,
  item: ShipmentInput["items"][number],
  extra: Partial<ShipmentInput> = {},
): ShipmentInput => ({
  date,
  exporter: { name: "OOO Seller", country: "RU" },
  consignee: { name: "Importer", country: to },
  destination: to,
  items: [item],
  ...extra,
});

test("UK Schedule 3A: a GBP 200 bottle of wine is below the GBP 250 threshold, a GBP 300 one is banned; nothing before 14 Apr 2022", () => {
  const id = "uk-855-sch3a-luxury-goods-gbp250";
  const wine = (value: number) => ({ code: "220421", value, currency: "GBP", quantity: 1 });
  const below = reasonsOf(exportToRussia("GB", "2022-06-01", wine(200)), "UK", id);
  assert.equal(below.length, 1);
  assert.equal(below[0]?.effect, "NOT_RESTRICTED");
  const above = reasonsOf(exportToRussia("GB", "2022-06-01", wine(300)), "UK", id);
  assert.equal(above[0]?.effect, "PROHIBITED");
  // Per item: 10 bottles worth GBP 2,000 in all are GBP 200 each.
  const line = reasonsOf(
    exportToRussia("GB", "2022-06-01", { code: "220421", value: 2000, currency: "GBP", quantity: 10 }),
    "UK",
    id,
  );
  assert.equal(line[0]?.effect, "NOT_RESTRICTED");
  assert.equal(reasonsOf(exportToRussia("GB", "2022-04-13", wine(300)), "UK", id).length, 0);
  assert.equal(reasonsOf(exportToRussia("GB", "2022-04-14", wine(300)), "UK", id)[0]?.effect, "PROHIBITED");
});

test("UK coal: Russian coal is not banned on 9 Aug 2022 and banned from 10 Aug 2022", () => {
  const id = "uk-855-sch3h-coal";
  const coal = { code: "270112", originCountry: "RU" };
  assert.equal(reasonsOf(importFromRussia("GB", "2022-08-09", coal), "UK", id).length, 0);
  assert.equal(reasonsOf(importFromRussia("GB", "2022-08-10", coal), "UK", id)[0]?.effect, "PROHIBITED");
});

test("Canada Schedule 11: Russian hot-rolled steel banned from 10 Mar 2023 unless under an earlier contract", () => {
  const id = "ca-sema-russia-sch11-steel-aluminium-import";
  const steel = { code: "720851", originCountry: "RU" };
  assert.equal(reasonsOf(importFromRussia("CA", "2023-03-09", steel), "CA", id).length, 0);
  assert.equal(reasonsOf(importFromRussia("CA", "2023-03-10", steel), "CA", id)[0]?.effect, "PROHIBITED");
  const earlier = reasonsOf(
    importFromRussia("CA", "2023-06-01", steel, { declarations: ["contract-before-2023-03-10"] }),
    "CA",
    id,
  );
  assert.equal(earlier[0]?.effect, "NOT_RESTRICTED");
});

test("Canada petroleum: Russian crude banned from 10 Mar 2022, not the day before", () => {
  const id = "ca-sema-russia-sch5-petroleum-import";
  const crude = { code: "270900", originCountry: "RU" };
  assert.equal(reasonsOf(importFromRussia("CA", "2022-03-09", crude), "CA", id).length, 0);
  assert.equal(reasonsOf(importFromRussia("CA", "2022-03-10", crude), "CA", id)[0]?.effect, "PROHIBITED");
});

test("US E.O. 14066: Russian crude is not caught on 7 Mar 2022 and is prohibited from 8 Mar 2022 (heading 2709 is 'crude'); coke is a bounded gap until the Act", () => {
  const id = "us-ofac-eo14066-energy-import-ban";
  const crude = { code: "270900", originCountry: "RU" };
  assert.equal(reasonsOf(importFromRussia("US", "2022-03-07", crude), "US", id).length, 0);
  const on = reasonsOf(importFromRussia("US", "2022-03-08", crude), "US", id);
  assert.equal(on.length, 1, "heading 2709 names the measure");
  assert.equal(on[0]?.effect, "PROHIBITED");
  const coke = decide(parseShipment(importFromRussia("US", "2022-03-09", { code: "270400", originCountry: "RU" })), {
    regimes,
  }).jurisdictions.find((x) => x.jurisdiction === "US");
  assert.equal(coke?.verdict, "REVIEW", "coal products are words only before the Act: inside the chapter 27 gap");
});

test("US E.O. 14068: Russian vodka is not caught on 10 Mar 2022 and is a candidate of the alcohol ban from 11 Mar 2022", () => {
  const id = "us-ofac-eo14068-alcoholic-beverages-import-ban";
  const vodka = { code: "220860", originCountry: "RU" };
  assert.equal(reasonsOf(importFromRussia("US", "2022-03-10", vodka), "US", id).length, 0);
  assert.notEqual(
    reasonsOf(importFromRussia("US", "2022-03-11", vodka), "US", id)[0]?.effect ?? "NOT_RESTRICTED",
    "NOT_RESTRICTED",
  );
});

test("US Supplement No. 4: a laptop to Russia needs a licence from 19 May 2023 (chapters 84/85/90 listed whole), not the day before", () => {
  const id = "us-ear-746-8-a5-supp4-chapters-84-85-90";
  const laptop = { code: "847130" };
  assert.equal(reasonsOf(exportToRussia("US", "2023-05-18", laptop), "US", id).length, 0);
  assert.equal(reasonsOf(exportToRussia("US", "2023-05-19", laptop), "US", id)[0]?.effect, "LICENCE_REQUIRED");
  const ccd = reasonsOf(
    { ...exportToRussia("US", "2023-06-01", laptop), declarations: ["licence-exceptions-746-8-c"] },
    "US",
    id,
  );
  assert.equal(ccd[0]?.effect, "NOT_RESTRICTED", "a declared § 746.8(c)(2) licence exception (e.g. CCD) lifts it");
});

test("US E.O. 14114: cod processed in China is a candidate of the seafood ban from 22 Dec 2023, not before", () => {
  const id = "us-ofac-eo14114-seafood-third-country-processed";
  const fillet = { code: "030471", originCountry: "CN" };
  const fromChina = (date: string) => ({
    ...importFromRussia("US", date, fillet),
    exporter: { name: "Qingdao Co", country: "CN" },
  });
  assert.equal(reasonsOf(fromChina("2023-12-21"), "US", id).length, 0);
  const on = reasonsOf(fromChina("2023-12-22"), "US", id);
  assert.equal(on.length, 1);
  assert.notEqual(on[0]?.effect, "NOT_RESTRICTED", "third-country processing does not clear Russian-harvested cod");
});

const usOf = (s: ShipmentInput) =>
  decide(parseShipment(s), { regimes }).jurisdictions.find((x) => x.jurisdiction === "US");

test("US chapter 27 (Public Law 117-109): Russian crude is prohibited outright from 8 Apr 2022, not by the Act the day before; GL 16 contracts to 21 Apr", () => {
  const id = "us-eiroa-chapter-27-import-ban";
  const crude = { code: "270900", originCountry: "RU" };
  assert.equal(reasonsOf(importFromRussia("US", "2022-04-07", crude), "US", id).length, 0);
  assert.equal(reasonsOf(importFromRussia("US", "2022-04-08", crude), "US", id)[0]?.effect, "PROHIBITED");
  assert.equal(usOf(importFromRussia("US", "2022-04-30", crude))?.verdict, "PROHIBITED");
  // Coke (2704) and any other chapter 27 good: the statute names the chapter.
  assert.equal(
    usOf(importFromRussia("US", "2022-05-01", { code: "270400", originCountry: "RU" }))?.verdict,
    "PROHIBITED",
  );
  // A contract entered into before 8 Mar 2022 (GL 16): may be executed to 21 Apr, prohibited from 22 Apr.
  const old = { contractDate: "2022-03-01" };
  assert.equal(reasonsOf(importFromRussia("US", "2022-04-21", crude, old), "US", id)[0]?.effect, "NOT_RESTRICTED");
  assert.equal(reasonsOf(importFromRussia("US", "2022-04-22", crude, old), "US", id)[0]?.effect, "PROHIBITED");
  // Not of Russian origin: outside.
  assert.equal(
    reasonsOf(importFromRussia("US", "2022-05-01", { code: "270900", originCountry: "KZ" }), "US", id).length,
    0,
  );
});

test("US E.O. 14068: Russian vodka and salmon are prohibited outright from 11 Mar 2022; GL 17 contracts run to 24 Mar (alcohol)", () => {
  const vodka = { code: "220860", originCountry: "RU" };
  assert.equal(usOf(importFromRussia("US", "2022-03-10", vodka))?.verdict, "NOT_RESTRICTED");
  assert.equal(usOf(importFromRussia("US", "2022-03-11", vodka))?.verdict, "PROHIBITED");
  const old = { contractDate: "2022-03-01" };
  const al = "us-ofac-eo14068-alcoholic-beverages-import-ban";
  assert.equal(reasonsOf(importFromRussia("US", "2022-03-24", vodka, old), "US", al)[0]?.effect, "NOT_RESTRICTED");
  assert.equal(reasonsOf(importFromRussia("US", "2022-03-25", vodka, old), "US", al)[0]?.effect, "PROHIBITED");
  // 'ex' heading: undenatured ethyl alcohol of 2208 90 is a candidate, never definite.
  const other = reasonsOf(importFromRussia("US", "2022-06-01", { code: "220890", originCountry: "RU" }), "US", al);
  assert.equal(other[0]?.effect, "REVIEW");
  assert.equal(
    usOf(importFromRussia("US", "2022-07-01", { code: "030311", originCountry: "RU" }))?.verdict,
    "PROHIBITED",
  );
});

test("US imports from Russia outside every named good read NOT_RESTRICTED; fish oil stays a bounded data gap", () => {
  const wheat = usOf(importFromRussia("US", "2024-05-01", { code: "100199", originCountry: "RU" }));
  assert.equal(wheat?.verdict, "NOT_RESTRICTED");
  const fertiliser = usOf(importFromRussia("US", "2023-05-01", { code: "310210", originCountry: "RU" }));
  assert.equal(fertiliser?.verdict, "NOT_RESTRICTED");
  const oil = usOf(importFromRussia("US", "2022-07-01", { code: "150420", originCountry: "RU" }));
  assert.equal(oil?.verdict, "REVIEW");
  assert.equal(oil?.review, "data_incomplete");
});

test("UK import bans by heading text: Russian gold from 21 Jul 2022, crude from 31 Dec 2022, LNG from 1 Jan 2023 — not the day before", () => {
  const cases: [string, string, string][] = [
    ["uk-855-sch3g-gold-import", "710812", "2022-07-21"],
    ["uk-855-sch3f-oil-import", "270900", "2022-12-31"],
    ["uk-855-lng-import", "271111", "2023-01-01"],
  ];
  for (const [id, code, from] of cases) {
    const item = { code, originCountry: "RU" };
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    const before = d.toISOString().slice(0, 10);
    assert.equal(reasonsOf(importFromRussia("GB", before, item), "UK", id).length, 0, `${id} before ${from}`);
    assert.equal(reasonsOf(importFromRussia("GB", from, item), "UK", id)[0]?.effect, "PROHIBITED", `${id} on ${from}`);
  }
  // Waste oils are 'ex': a candidate, never definite.
  const waste = reasonsOf(
    importFromRussia("GB", "2023-02-01", { code: "271099", originCountry: "RU" }),
    "UK",
    "uk-855-sch3f-oil-import",
  );
  assert.equal(waste[0]?.effect, "REVIEW");
});

test("US gold (determination of 28 Jun 2022): Russian gold of heading 7108 is prohibited outright from 28 Jun 2022, not the day before; gold located abroad earlier is exempt when declared", () => {
  const gold = { code: "710812", originCountry: "RU" };
  const id = "us-ofac-eo14068-gold-import-ban";
  assert.equal(reasonsOf(importFromRussia("US", "2022-06-27", gold), "US", id).length, 0);
  const on = usOf(importFromRussia("US", "2022-06-28", gold));
  assert.equal(on?.verdict, "PROHIBITED");
  assert.equal(on?.items[0]?.reasons.find((x) => x.measureId === id)?.match?.how, "prefix");
  const abroad = reasonsOf(
    importFromRussia("US", "2022-07-01", gold, { declarations: ["located-outside-russia-before-2022-06-28"] }),
    "US",
    id,
  );
  assert.equal(abroad[0]?.effect, "NOT_RESTRICTED");
  // Gold jewellery (7113) is not named by the determination's sources: a bounded gap, never a definite hit.
  const ring = usOf(importFromRussia("US", "2022-07-01", { code: "711319", originCountry: "RU" }));
  assert.equal(ring?.verdict, "REVIEW");
});

test("US E.O. 14068 diamonds: a 6-digit 7102 39 of Russian origin is prohibited outright from 11 Mar 2022 (HTS 7102.39.00 is its only 8-digit line), not the day before; Indian origin is not caught", () => {
  const id = "us-ofac-eo14068-diamonds-russian-origin";
  const stone = { code: "710239", originCountry: "RU", carats: 1 };
  assert.equal(reasonsOf(importFromRussia("US", "2022-03-10", stone), "US", id).length, 0);
  const on = reasonsOf(importFromRussia("US", "2022-03-11", stone), "US", id);
  assert.equal(on[0]?.effect, "PROHIBITED");
  assert.equal(usOf(importFromRussia("US", "2022-03-11", stone))?.verdict, "PROHIBITED");
  const indian = reasonsOf(importFromRussia("US", "2022-03-11", { ...stone, originCountry: "IN" }), "US", id);
  assert.ok(indian.every((x) => x.effect !== "PROHIBITED"));
});
