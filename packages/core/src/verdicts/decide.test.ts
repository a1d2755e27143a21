import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { EmbargoError } from "../errors/index.ts";
import { buildRegimeSet, loadRegimeSet } from "../regimes/load.ts";
import { decide, type NomenclatureLike } from "./decide.ts";
import type { PartyScreener } from "./parties.ts";
import { type CheckResult, CheckResultSchema, type JurisdictionResult } from "./result.ts";
import { parseShipment, type ShipmentInput } from "./shipment.ts";

const dir = fileURLToPath(new URL("./fixtures/regimes/", import.meta.url));
const regimes = await loadRegimeSet(dir);

function ship(over: Partial<ShipmentInput> = {}): ShipmentInput {
  return {
    date: "2025-06-01",
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "OOO Test", country: "RU" },
    destination: "RU",
    items: [{ code: "8471.50", value: 1000, currency: "EUR", quantity: 1, originCountry: "US" }],
    ...over,
  };
}

function run(over: Partial<ShipmentInput> = {}, opts: Partial<Parameters<typeof decide>[1]> = {}): CheckResult {
  return decide(parseShipment(ship(over)), { regimes, ...opts });
}

function j(r: CheckResult, id: string): JurisdictionResult {
  const x = r.jurisdictions.find((y) => y.jurisdiction === id);
  assert.ok(x, `jurisdiction ${id} missing`);
  return x;
}

test("a listed code to Russia: EU PROHIBITED, US LICENCE_REQUIRED, explained and versioned", () => {
  const r = run();
  assert.equal(r.overall, "PROHIBITED");
  assert.equal(r.dataVersion, regimes.version);
  assert.equal(r.asOf, "2025-06-01");
  const eu = j(r, "EU");
  assert.equal(eu.applies, true);
  assert.equal(eu.verdict, "PROHIBITED");
  const item = eu.items[0];
  assert.equal(item?.line, 1);
  assert.equal(item?.code, "847150");
  const reason = item?.reasons.find((x) => x.measureId === "fx-eu-industrial");
  assert.ok(reason);
  assert.equal(reason.effect, "PROHIBITED");
  assert.match(reason.citation, /Fixture Regulation 1\/2022, Art\. 3k, Annex XXIII/);
  assert.deepEqual(reason.effective, { from: "2022-04-09" });
  assert.match(reason.summary, /listed 8471 \(CN2026\)/);
  assert.equal(j(r, "US").verdict, "LICENCE_REQUIRED");
  assert.ok(eu.dataVersion.includes("eu.json@fixture-eu-1"));
});

test("time travel: before the measure's effective date it does not apply; asOf overrides the shipment date", () => {
  const before = run({ date: "2022-04-08" });
  const eu = j(before, "EU");
  assert.equal(eu.verdict, "NOT_RESTRICTED");
  assert.equal(eu.coverage.status, "complete");
  assert.equal(eu.items[0]?.reasons[0]?.measureId, "coverage:complete");
  const on = run({ date: "2022-04-08" }, { asOf: "2022-04-09" });
  assert.equal(j(on, "EU").verdict, "PROHIBITED");
  assert.ok(on.notes.some((n) => /as of 2022-04-09/.test(n)));
  assert.throws(
    () => run({}, { asOf: "June 2025" }),
    (e: EmbargoError) => e.code === "AS_OF_INVALID",
  );
});

test("a code broader than the list is a REVIEW candidate; an excluded code is outside the measure", () => {
  const broad = j(run({ items: [{ code: "8542", value: 1, currency: "EUR" }] }), "EU");
  assert.equal(broad.items[0]?.verdict, "REVIEW");
  assert.equal(broad.items[0]?.reasons[0]?.match?.how, "broader_code");
  const excluded = j(run({ items: [{ code: "84713000" }] }), "EU");
  assert.equal(excluded.verdict, "NOT_RESTRICTED");
});

test("value thresholds: below, above, missing quantity, foreign currency without and with a supplied rate", () => {
  const luxury = (value: number, currency: string, quantity?: number) =>
    j(run({ items: [{ code: "71131900", value, currency, ...(quantity ? { quantity } : {}) }] }), "EU").items[0];
  const below = luxury(500, "EUR", 2);
  assert.equal(below?.verdict, "NOT_RESTRICTED");
  assert.match(below?.reasons[0]?.summary ?? "", /below the threshold: 250 EUR per item/);
  assert.equal(luxury(1000, "EUR", 2)?.verdict, "PROHIBITED");
  const noQty = luxury(1000, "EUR");
  assert.equal(noQty?.verdict, "REVIEW");
  assert.match(noQty?.reasons[0]?.summary ?? "", /quantity is not declared/);
  assert.equal(luxury(200, "EUR")?.verdict, "NOT_RESTRICTED", "a whole line below the threshold is below per item");
  const usd = luxury(1000, "USD", 1);
  assert.equal(usd?.verdict, "REVIEW");
  assert.match(usd?.reasons[0]?.summary ?? "", /could not be compared .* no USD\/EUR exchange rate/);
  const fx = { source: "test rates", rates: { "EUR/USD": 2 } };
  const converted = j(run({ items: [{ code: "71131900", value: 1000, currency: "USD", quantity: 1 }] }, { fx }), "EU")
    .items[0];
  assert.equal(converted?.verdict, "PROHIBITED", "1000 USD at 0.5 = 500 EUR > 300");
  assert.match(converted?.reasons[0]?.summary ?? "", /converted at 0\.5.*test rates/);
});

test("carat thresholds and import bans by origin (diamonds)", () => {
  const imp = (over: Partial<ShipmentInput>) =>
    run({
      exporter: { name: "Gems Ltd", country: "IN" },
      consignee: { name: "Antwerp NV", country: "BE" },
      destination: "BE",
      date: "2024-06-01",
      ...over,
    });
  const russian = imp({ items: [{ code: "71023900", originCountry: "RU", carats: 0.3 }] });
  const eu = j(russian, "EU");
  assert.deepEqual(eu.directions, ["import"]);
  assert.equal(eu.items[0]?.verdict, "PROHIBITED");
  assert.ok(eu.items[0]?.reasons.some((x) => x.measureId === "fx-eu-diamonds" && x.effect === "PROHIBITED"));
  const smallIndian = j(imp({ items: [{ code: "71023900", originCountry: "IN", carats: 0.4 }] }), "EU").items[0];
  assert.equal(smallIndian?.verdict, "NOT_RESTRICTED");
  assert.match(smallIndian?.reasons[0]?.summary ?? "", /0\.4 carat per stone is below the threshold/);
  const bigIndian = j(imp({ items: [{ code: "71023900", originCountry: "IN", carats: 1.2 }] }), "EU").items[0];
  assert.equal(bigIndian?.verdict, "REVIEW");
  assert.match(bigIndian?.reasons[0]?.summary ?? "", /processed in a third country/);
  const noCarats = j(imp({ items: [{ code: "71023900", originCountry: "IN" }] }), "EU").items[0];
  assert.equal(noCarats?.verdict, "REVIEW");
  assert.match(noCarats?.reasons[0]?.summary ?? "", /carat weight per stone is not declared/);
  const before = j(imp({ date: "2023-12-31", items: [{ code: "71023900", originCountry: "RU" }] }), "EU");
  assert.equal(before.verdict, "NOT_RESTRICTED");
});

test("exemptions: conditional ones apply only when declared; code exemptions apply automatically", () => {
  const plain = j(run({ items: [{ code: "29339900" }] }), "EU").items[0];
  assert.equal(plain?.verdict, "PROHIBITED");
  assert.match(plain?.reasons[0]?.summary ?? "", /Exemption\(s\) available if declared: humanitarian/);
  const declared = j(run({ items: [{ code: "29339900" }], declarations: ["humanitarian"] }), "EU").items[0];
  assert.equal(declared?.verdict, "NOT_RESTRICTED");
  assert.match(declared?.reasons[0]?.summary ?? "", /exempt: goods intended for humanitarian purposes \(declared/);
  const auto = j(run({ items: [{ code: "29331100" }] }), "EU").items[0];
  assert.equal(auto?.verdict, "NOT_RESTRICTED");
  assert.match(auto?.reasons[0]?.summary ?? "", /exempt: listed pharmaceutical intermediates/);
});

test("partial coverage never reads as a clean pass", () => {
  const r = run({ items: [{ code: "0101", originCountry: "US" }] });
  const us = j(r, "US");
  assert.equal(us.coverage.status, "partial");
  assert.deepEqual(
    us.coverage.partial.map((p) => p.measureId),
    ["fx-us-industry"],
  );
  assert.equal(us.items[0]?.verdict, "REVIEW");
  assert.match(us.items[0]?.reasons[0]?.summary ?? "", /^partial coverage: /);
  // Gaps are statements about coverage (front ends group them), still naming the measure they concern.
  assert.equal(us.items[0]?.reasons[0]?.kind, "coverage");
  assert.equal(us.items[0]?.reasons[0]?.measureId, "fx-us-industry");
  assert.equal(j(r, "EU").verdict, "NOT_RESTRICTED");
  assert.equal(r.overall, "REVIEW");
});

test("a partly encoded measure that matched an item (and exempted it) is no coverage gap for that item", () => {
  // The same fixture scenario, but marked partial (as the bundled g7-full-ban-2023 is).
  const files = regimes.files.map((f) => {
    const measures = regimes
      .measuresOf(f.jurisdiction)
      .map((m) =>
        f.jurisdiction === "test-full-ban"
          ? { ...m, coverage: { status: "partial" as const, note: "test: partial" } }
          : m,
      );
    return {
      file: f.file,
      sha256: f.sha256,
      doc: {
        schemaVersion: 1 as const,
        jurisdiction: f.jurisdiction,
        name: f.name,
        type: f.type,
        version: f.version,
        snapshotDate: f.snapshotDate,
        measures,
      },
    };
  });
  const partial = buildRegimeSet(files, { schemaVersion: 1, version: "t", groups: regimes.groups });
  const sc = (code: string) =>
    j(
      decide(parseShipment(ship({ items: [{ code }] })), { regimes: partial, scenario: "test-full-ban" }),
      "test-full-ban",
    );
  const medicine = sc("30049000");
  assert.equal(medicine.coverage.status, "partial");
  assert.equal(medicine.items[0]?.verdict, "NOT_RESTRICTED", JSON.stringify(medicine.items[0]?.reasons));
  assert.ok(medicine.items[0]?.reasons.every((r) => r.effect === "NOT_RESTRICTED"));
  assert.equal(sc("870323").items[0]?.verdict, "PROHIBITED");
});

test("description-scoped measures: indicative codes make candidates, the rest is listed as not checked", () => {
  const jp = (code: string) => j(run({ exporter: { name: "Nippon KK", country: "JP" }, items: [{ code }] }), "JP");
  const printer = jp("848510");
  assert.equal(printer.items[0]?.verdict, "REVIEW");
  assert.equal(printer.items[0]?.reasons[0]?.match?.how, "indicative");
  const other = jp("0101");
  assert.equal(other.items[0]?.verdict, "REVIEW");
  assert.ok(other.coverage.notChecked.some((n) => n.startsWith("fx-jp-advanced")));
});

test("the scenario is one more jurisdiction and never changes the overall verdict", () => {
  const car = run({ items: [{ code: "870323", originCountry: "US" }] }, { scenario: "test-full-ban" });
  const sc = j(car, "test-full-ban");
  assert.equal(sc.type, "scenario");
  assert.equal(sc.verdict, "PROHIBITED");
  assert.equal(sc.items[0]?.reasons[0]?.match?.how, "all_except");
  assert.equal(car.scenario, "test-full-ban");
  assert.equal(car.overall, "REVIEW", "members: EU clean, US partial coverage → REVIEW");
  const medicine = j(run({ items: [{ code: "30049000" }] }, { scenario: "test-full-ban" }), "test-full-ban");
  assert.equal(medicine.verdict, "NOT_RESTRICTED");
  const before = j(
    run({ date: "2023-01-01", items: [{ code: "870323" }] }, { scenario: "test-full-ban" }),
    "test-full-ban",
  );
  assert.equal(before.verdict, "NOT_RESTRICTED");
  assert.throws(
    () => run({}, { scenario: "nope-nope" }),
    (e: EmbargoError) => e.code === "SCENARIO_NOT_FOUND" && e.category === "not_found",
  );
});

test("third countries: no-Russia clause for non-partners, diversion risk for transit hubs", () => {
  const hub = run({ destination: "KZ", consignee: { name: "TOO Test", country: "KZ" }, items: [{ code: "854231" }] });
  const eu = j(hub, "EU");
  assert.equal(eu.verdict, "REVIEW");
  const clause = hub.flags.find((f) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED");
  assert.ok(clause);
  assert.deepEqual(clause.effective, { from: "2024-03-20" });
  assert.equal(clause.grandfathering?.contractsConcludedBefore, "2023-12-19");
  const diversion = hub.flags.find((f) => f.code === "DIVERSION_RISK");
  assert.ok(diversion);
  assert.equal(diversion.citations?.[0]?.instrument, "Test fixture hubs list");
  const india = run({ destination: "IN", consignee: { name: "Pvt Ltd", country: "IN" }, items: [{ code: "854231" }] });
  assert.ok(india.flags.some((f) => f.code === "NO_RUSSIA_CLAUSE_REQUIRED"));
  assert.ok(!india.flags.some((f) => f.code === "DIVERSION_RISK"));
  const partner = run({ destination: "US", consignee: { name: "Inc", country: "US" }, items: [{ code: "854231" }] });
  assert.equal(j(partner, "EU").verdict, "NOT_RESTRICTED");
  assert.equal(partner.flags.length, 0);
});

test("goods for an end user in Russia via a third country are caught", () => {
  const r = run({
    destination: "AM",
    consignee: { name: "Yerevan LLC", country: "AM" },
    endUser: { name: "OOO", country: "RU" },
  });
  const reason = j(r, "EU").items[0]?.reasons.find((x) => x.measureId === "fx-eu-industrial");
  assert.equal(reason?.effect, "PROHIBITED");
  assert.match(reason?.summary ?? "", /for an end user in RU/);
});

test("applicability: no member applies to a Chinese export; US-origin goods bring the US in", () => {
  const cn = run({ exporter: { name: "Shenzhen Co", country: "CN" }, items: [{ code: "847150" }] });
  assert.ok(cn.jurisdictions.every((x) => !x.applies && x.verdict === "NOT_APPLICABLE" && x.items.length === 0));
  assert.equal(cn.overall, "NOT_RESTRICTED");
  assert.ok(cn.flags.some((f) => f.code === "NO_MEMBER_RULES_APPLY"));
  const usOrigin = run({
    exporter: { name: "Shenzhen Co", country: "CN" },
    items: [{ code: "847150", originCountry: "US" }],
  });
  const us = j(usOrigin, "US");
  assert.equal(us.applies, true);
  assert.match(us.why.join(" "), /goods of US origin/);
  assert.equal(us.verdict, "LICENCE_REQUIRED");
  assert.equal(j(usOrigin, "EU").applies, false);
  const declaredImport = run({ direction: "import" });
  assert.equal(j(declaredImport, "EU").applies, false);
});

test("grandfathering: contracts before the cut-off may be executed (NOT_RESTRICTED, flagged) until the deadline", () => {
  // The clause permits execution of earlier contracts: the legal answer is "not restricted", not REVIEW.
  const gf = j(run({ date: "2022-05-01", contractDate: "2022-03-01" }), "EU").items[0];
  assert.equal(gf?.verdict, "NOT_RESTRICTED");
  assert.match(gf?.reasons[0]?.summary ?? "", /grandfathered/);
  assert.ok(gf?.reasons[0]?.flags?.includes("GRANDFATHERED_CONTRACT"));
  const last = j(run({ date: "2022-07-10", contractDate: "2022-03-01" }), "EU").items[0];
  assert.equal(last?.verdict, "NOT_RESTRICTED");
  const newContract = j(run({ date: "2022-05-01", contractDate: "2022-04-20" }), "EU").items[0];
  assert.notEqual(newContract?.verdict, "NOT_RESTRICTED");
  const late = j(run({ date: "2022-08-01", contractDate: "2022-03-01" }), "EU").items[0];
  assert.equal(late?.verdict, "PROHIBITED");
  assert.match(late?.reasons[0]?.summary ?? "", /The grandfathering period ended on 2022-07-10/);
});

test("party screening: a match on an asset-freeze list prohibits, a possible match asks for review", () => {
  const screener: PartyScreener = {
    version: "lists-test-1",
    screen(p) {
      if (p.name === "OOO Test")
        return [
          {
            list: "eu-fsf",
            sourceId: "123",
            name: "OOO TEST",
            score: 0.97,
            programmes: ["RUSSIA"],
            listedOn: "2022-03-15",
            sanctionKind: "asset_freeze",
            explanation: "exact name match",
            strength: "match",
            jurisdiction: "EU",
          },
        ];
      if (p.name === "Maybe Ltd")
        return [
          {
            list: "ofac-sdn",
            sourceId: "9",
            name: "MAYBE LIMITED",
            score: 0.8,
            programmes: ["RUSSIA-EO14024"],
            sanctionKind: "asset_freeze",
            explanation: "token overlap",
            strength: "possible",
          },
        ];
      return [];
    },
  };
  const hit = run({ items: [{ code: "0101" }], destination: "RU" }, { parties: screener });
  assert.equal(hit.overall, "PROHIBITED");
  assert.equal(hit.parties.screened, true);
  assert.equal(hit.data.screening, "lists-test-1");
  assert.equal(j(hit, "EU").verdict, "PROHIBITED");
  assert.match(j(hit, "EU").reasons[0]?.citation ?? "", /eu-fsf \(RUSSIA\), listed 2022-03-15/);
  assert.ok(hit.flags.some((f) => f.code === "PARTY_MATCH"));
  const maybe = run(
    { items: [{ code: "0101" }], consignee: { name: "Maybe Ltd", country: "TR" }, destination: "TR" },
    { parties: screener },
  );
  assert.equal(maybe.parties.results.find((p) => p.role === "consignee")?.verdict, "REVIEW");
  assert.equal(maybe.overall, "REVIEW");
  const unscreened = run();
  assert.equal(unscreened.parties.screened, false);
  assert.ok(unscreened.notes.some((n) => /not screened/.test(n)));
});

test("edition drift: codes in another HS edition are candidates unless a 1:1 correlation maps them", () => {
  const nomenclature: NomenclatureLike = {
    correlate(code, from, to) {
      if (from === "HS2017" && to === "HS2022" && code === "854231") return [{ code: "854231", relationship: "1:1" }];
      if (from === "HS2017" && to === "HS2022" && code === "854290") return [{ code: "854232", relationship: "n:n" }];
      return [];
    },
  };
  const kz = { destination: "KZ", consignee: { name: "TOO", country: "KZ" } } as const;
  const drift = j(run({ ...kz, items: [{ code: "854231", edition: "HS2017" }] }), "EU").items[0];
  assert.equal(drift?.verdict, "REVIEW");
  assert.match(drift?.reasons[0]?.summary ?? "", /written in HS2017 but the list is in HS2022/);
  const mapped = j(run({ ...kz, items: [{ code: "854231", edition: "HS2017" }] }, { nomenclature }), "EU").items[0];
  assert.match(mapped?.reasons[0]?.summary ?? "", /via correlated 854231 \(1:1\)/);
  const nn = j(run({ ...kz, items: [{ code: "854290", edition: "HS2017" }] }, { nomenclature }), "EU").items[0];
  assert.equal(nn?.verdict, "REVIEW");
  assert.match(nn?.reasons[0]?.summary ?? "", /correlates n:n with 854232/);
});

test("shipment validation names the fields at fault", () => {
  assert.throws(
    () => parseShipment({ ...ship(), destination: "Russia", items: [{ code: "84A" }] }),
    (e: EmbargoError) =>
      e.code === "SHIPMENT_INVALID" &&
      e.category === "invalid_input" &&
      e.issues.some((i) => i.path === "destination") &&
      e.issues.some((i) => i.path === "items[0].code"),
  );
  const s = parseShipment(ship({ destination: "uk", items: [{ code: "8542 31 90" }] }));
  assert.equal(s.destination, "GB");
  assert.equal(s.items[0]?.code, "85423190");
});

test("explanations shared between items still name each item's own code and destination", () => {
  const a = j(run({ items: [{ code: "84714100" }, { code: "84715000" }] }), "EU").items;
  assert.match(a[0]?.reasons[0]?.summary ?? "", /code 84714100 is listed 8471/);
  assert.match(a[1]?.reasons[0]?.summary ?? "", /code 84715000 is listed 8471/);
  const by = j(
    run({ destination: "BY", consignee: { name: "OAO", country: "BY" }, items: [{ code: "84714100" }] }),
    "EU",
  );
  assert.match(by.items[0]?.reasons[0]?.summary ?? "", /export prohibited to BY/);
});

test("results conform to the published CheckResult schema", () => {
  const r = run(
    {
      items: [
        { code: "8471.50", originCountry: "US" },
        { code: "71131900", value: 10, currency: "USD" },
      ],
    },
    { scenario: "test-full-ban" },
  );
  assert.doesNotThrow(() => CheckResultSchema.parse(r));
});
