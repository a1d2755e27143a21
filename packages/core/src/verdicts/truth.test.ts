// Verdict truth (issue 8): completeness from known regimes, gap scopes, "ex" codes, CN-8 children, the REVIEW split
// and headline, the country of mining and of export, exemption validity, and bad input. Each rule is tested on both
// sides, on small synthetic regime sets (regimes/testkit.ts) so the tests do not depend on the bundled data.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { bundledDataDir } from "../data/index.ts";
import type { EmbargoError } from "../errors/index.ts";
import { loadNomenclature } from "../nomenclature/load.ts";
import { buildRegimeSet, loadRegimeSet, parseRegimeFile, type RegimeSet } from "../regimes/load.ts";
import { isInForce } from "../regimes/query.ts";
import type { CountryGroupsFile, KnownRegime, Measure } from "../regimes/schema.ts";
import { clone, knownRegime, measure, regimeFile } from "../regimes/testkit.ts";
import { compareRegimes } from "./compare.ts";
import { type ChildCode, decide, type NomenclatureLike } from "./decide.ts";
import { verdictNomenclature } from "./nomenclature.ts";
import { type CheckResult, CheckResultSchema, type JurisdictionResult } from "./result.ts";
import { parseShipment, type ShipmentInput } from "./shipment.ts";

const citations = [{ instrument: "Test", url: "https://example.org/groups" }];
const groups: CountryGroupsFile = {
  schemaVersion: 1,
  version: "t",
  groups: { EU_MEMBER_STATES: { title: "EU", members: ["DE", "FR", "NL"], mode: "list", citations } },
};

// The bundled set, loaded before the property runs (fast-check properties here are synchronous).
const bundledRegimes = await loadRegimeSet(path.join(bundledDataDir, "regimes"));

function set(measures: Measure[], known?: KnownRegime[]): RegimeSet {
  const doc = parseRegimeFile(regimeFile("EU", measures, known), "eu.json");
  return buildRegimeSet([{ file: "eu.json", doc, sha256: "0" }], groups);
}

function ship(over: Partial<ShipmentInput> = {}): ShipmentInput {
  return {
    date: "2025-06-01",
    exporter: { name: "Acme GmbH", country: "DE" },
    consignee: { name: "OOO Test", country: "RU" },
    destination: "RU",
    items: [{ code: "85423111" }],
    ...over,
  };
}

function eu(r: CheckResult): JurisdictionResult {
  const x = r.jurisdictions.find((y) => y.jurisdiction === "EU");
  assert.ok(x);
  return x;
}

const run = (regimes: RegimeSet, over: Partial<ShipmentInput> = {}, opts: Partial<Parameters<typeof decide>[1]> = {}) =>
  decide(parseShipment(ship(over)), { regimes, ...opts });

const chips = measure("t-chips", "EU", {
  goods: { kind: "codes", nomenclature: "CN2024", include: ["85423111", "85423119", "85423190"] },
  effective: { from: "2022-02-24" },
  countries: ["RU", "BY"],
});

// ---- 1. Completeness from known regimes ----------------------------------------------------------------------

test("a known regime not encoded makes coverage partial and an unlisted item REVIEW data_incomplete", () => {
  const regimes = set([chips], [knownRegime("t-belarus", { countries: ["BY"], note: "Belarus regime not encoded" })]);
  const by = eu(
    run(regimes, { destination: "BY", consignee: { name: "OAO", country: "BY" }, items: [{ code: "0101" }] }),
  );
  assert.equal(by.coverage.status, "partial");
  assert.deepEqual(
    by.coverage.regimes.map((x) => [x.id, x.status, x.note]),
    [["t-belarus", "not_encoded", "Belarus regime not encoded"]],
  );
  assert.match(by.coverage.regimes[0]?.citation ?? "", /Test regulation, Art\. 1/);
  assert.equal(by.items[0]?.verdict, "REVIEW");
  assert.equal(by.items[0]?.review, "data_incomplete");
  assert.equal(by.items[0]?.reasons[0]?.measureId, "regime:t-belarus");
  assert.equal(by.review, "data_incomplete");
  assert.match(
    by.headline,
    /^Not restricted by the encoded EU rules, but EU data are incomplete for Test regime t-belarus/,
  );
  // Other side: to Russia the Belarus regime does not concern the shipment.
  const ru = eu(run(regimes, { items: [{ code: "0101" }] }));
  assert.equal(ru.coverage.status, "complete");
  assert.equal(ru.items[0]?.verdict, "NOT_RESTRICTED");
  assert.match(ru.headline, /^Not restricted: no EU measure in force/);
});

test("known regimes count only when in force, in a consulted direction, for the shipment's countries, and not encoded", () => {
  const base = { countries: ["BY"] };
  const cases: [Partial<KnownRegime>, "complete" | "partial"][] = [
    [{}, "partial"],
    [{ status: "partial" }, "partial"],
    [{ status: "encoded", measures: ["t-chips"] }, "complete"],
    [{ effective: { from: "2025-06-02" } }, "complete"],
    [{ effective: { from: "2020-01-01", until: "2025-05-31" } }, "complete"],
    [{ effective: { from: "2020-01-01", until: "2025-06-01" } }, "partial"],
    [{ directions: ["import"] }, "complete"],
  ];
  for (const [extra, want] of cases) {
    const regimes = set([chips], [knownRegime("t-by", { ...base, ...extra })]);
    const j = eu(
      run(regimes, { destination: "BY", consignee: { name: "OAO", country: "BY" }, items: [{ code: "0101" }] }),
    );
    assert.equal(j.coverage.status, want, JSON.stringify(extra));
  }
  // The end user's country counts for exports; the origin (or consignment) country for imports.
  const regimes = set([chips], [knownRegime("t-by", { countries: ["BY"], directions: ["export", "import"] })]);
  const viaKz = run(regimes, {
    destination: "KZ",
    consignee: { name: "TOO", country: "KZ" },
    endUser: { name: "OAO", country: "BY" },
    items: [{ code: "0101" }],
  });
  assert.equal(eu(viaKz).coverage.status, "partial");
  const imp = (origin: string) =>
    eu(
      run(regimes, {
        exporter: { name: "X", country: "KZ" },
        consignee: { name: "Y", country: "DE" },
        destination: "DE",
        items: [{ code: "4407", originCountry: origin }],
      }),
    ).coverage.status;
  assert.equal(imp("BY"), "partial");
  assert.equal(imp("KZ"), "complete");
});

test("property: no RU/BY shipment reads complete while a known regime concerning it is not encoded", () => {
  const synthetic = set(
    [
      chips,
      measure("t-imp", "EU", {
        direction: "import",
        kind: "import_ban",
        countries: ["RU"],
        goods: { kind: "codes", nomenclature: "HS2022", include: ["4407"] },
      }),
    ],
    [
      knownRegime("t-by-exp", { countries: ["BY"], effective: { from: "2022-06-03" } }),
      knownRegime("t-ru-imp", {
        countries: ["RU"],
        directions: ["import"],
        status: "partial",
        effective: { from: "2023-01-01", until: "2025-12-31" },
      }),
      knownRegime("t-ru-enc", { countries: ["RU"], status: "encoded", measures: ["t-chips"] }),
    ],
  );
  const day = fc
    .integer({ min: Date.UTC(2022, 0, 1), max: Date.UTC(2026, 11, 31) })
    .map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));
  const code = fc.constantFrom(
    "0101",
    "4407",
    "440710",
    "854231",
    "85423111",
    "7102",
    "71023900",
    "2709",
    "8703",
    "6403",
    "7113",
    "2701",
  );
  const country = fc.constantFrom("RU", "BY");
  const shipment = fc.record({
    date: day,
    target: country,
    member: fc.constantFrom("DE", "US", "GB", "JP", "CA", "FR"),
    direction: fc.constantFrom<"export" | "import" | undefined>("export", "import", undefined),
    items: fc.array(
      fc.record({
        code,
        value: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }),
        quantity: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });
  let checked = 0;
  fc.assert(
    fc.property(shipment, fc.boolean(), (x, useBundled) => {
      const regimes = useBundled ? bundledRegimes : synthetic;
      const isImport = x.direction === "import";
      const input: ShipmentInput = {
        date: x.date,
        ...(x.direction ? { direction: x.direction } : {}),
        exporter: isImport ? { name: "OOO", country: x.target } : { name: "Acme", country: x.member },
        consignee: isImport ? { name: "Acme", country: x.member } : { name: "OOO", country: x.target },
        destination: isImport ? x.member : x.target,
        items: x.items.map((i) => ({
          code: i.code,
          ...(i.value !== undefined ? { value: i.value, currency: "EUR" } : {}),
          ...(i.quantity !== undefined ? { quantity: i.quantity } : {}),
          ...(isImport ? { originCountry: x.target } : {}),
        })),
      };
      const r = decide(parseShipment(input), { regimes });
      for (const j of r.jurisdictions) {
        if (!j.applies || j.type !== "member") continue;
        const open = regimes
          .knownRegimesOf(j.jurisdiction)
          .filter(
            (k) =>
              k.status !== "encoded" &&
              isInForce(k, x.date) &&
              k.directions.some((d) => j.directions.includes(d)) &&
              regimes.countryIn(k.countries, x.target),
          );
        if (open.length === 0) continue;
        checked++;
        assert.equal(j.coverage.status, "partial", `${j.jurisdiction} ${x.date} ${open.map((k) => k.id)}`);
        // Party regimes (asset freezes) are covered by screening: unscreened here, so named as not checked.
        const goods = open.filter((k) => k.concerns !== "parties");
        for (const k of goods) assert.ok(j.coverage.regimes.some((g) => g.id === k.id));
        for (const k of open.filter((k) => k.concerns === "parties"))
          assert.ok(j.coverage.notChecked.some((n) => n.startsWith(`parties not screened against ${k.id}:`)));
        // Without a gap scope, an unencoded goods regime keeps every item from a clean pass.
        if (goods.some((k) => !k.gapScope))
          for (const it of j.items) assert.notEqual(it.verdict, "NOT_RESTRICTED", `${j.jurisdiction} ${it.code}`);
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(checked > 10, `the property met an unencoded regime only ${checked} times`);
});

// ---- 2. Gap scopes ---------------------------------------------------------------------------------------------

test("gap scope: a partial measure's gap concerns only codes that overlap its scope", () => {
  const luxury = measure("t-lux", "EU", {
    goods: { kind: "codes", nomenclature: "HS2022", include: ["6403", "7113"] },
    thresholds: { valuePerItem: { amount: 300, currency: "EUR", comparison: "above" } },
    coverage: {
      status: "partial",
      note: "only some luxury codes encoded",
      gapScope: { nomenclature: "HS2022", prefixes: ["7113", "9101"], source: "Annex XVIII headings" },
    },
  });
  const regimes = set([chips, luxury]);
  // Outside the scope and no hit: NOT_RESTRICTED with coverage still partial, saying why.
  const horse = eu(run(regimes, { items: [{ code: "0101" }] }));
  assert.equal(horse.coverage.status, "partial");
  assert.equal(horse.items[0]?.verdict, "NOT_RESTRICTED");
  assert.ok(
    horse.items[0]?.reasons.some((r) => r.measureId === "coverage:outside-gaps" && /7113, 9101/.test(r.summary)),
  );
  assert.match(horse.headline, /parts of the EU data not encoded do not concern them/);
  // Inside the scope (either direction of prefix): REVIEW data_incomplete.
  for (const code of ["91011100", "91"]) {
    const watch = eu(run(regimes, { items: [{ code }] }));
    assert.equal(watch.items[0]?.verdict, "REVIEW", code);
    assert.equal(watch.items[0]?.review, "data_incomplete");
  }
  // Edition care: an HS2017 item is compared at heading level with an HS2022 scope.
  const old = eu(run(regimes, { items: [{ code: "910112", edition: "HS2017" }] }));
  assert.equal(old.items[0]?.verdict, "REVIEW");
  // Below the threshold, outside every remaining gap: NOT_RESTRICTED, stating the threshold.
  const shoes = eu(run(regimes, { items: [{ code: "640399", value: 10, currency: "EUR", quantity: 1 }] }));
  assert.equal(shoes.items[0]?.verdict, "NOT_RESTRICTED");
  assert.match(shoes.items[0]?.reasons[0]?.summary ?? "", /below the threshold/);
  // Without a scope the same partial measure keeps an unrelated item in REVIEW.
  const unscoped = clone(luxury);
  delete unscoped.coverage.gapScope;
  const r = eu(run(set([chips, unscoped]), { items: [{ code: "0101" }] }));
  assert.equal(r.items[0]?.verdict, "REVIEW");
});

test("gap scope of a known regime", () => {
  const k = knownRegime("t-by-wood", {
    countries: ["BY"],
    status: "partial",
    gapScope: { nomenclature: "HS2022", prefixes: ["4407"], source: "Annex list" },
  });
  const regimes = set([chips], [k]);
  const to = (code: string) =>
    eu(run(regimes, { destination: "BY", consignee: { name: "OAO", country: "BY" }, items: [{ code }] }));
  assert.equal(to("440710").items[0]?.verdict, "REVIEW");
  assert.deepEqual(to("440710").coverage.regimes[0]?.gapScope, ["4407"]);
  const horse = to("0101");
  assert.equal(horse.items[0]?.verdict, "NOT_RESTRICTED");
  assert.equal(horse.coverage.status, "partial");
});

// ---- 3. "Ex" codes ---------------------------------------------------------------------------------------------

test("a hit on an 'ex' code is REVIEW likely_restricted; other listed codes of the measure stay definite", () => {
  const m = measure("t-ex", "EU", {
    goods: { kind: "codes", nomenclature: "CN2024", include: ["85423111", "620520"], exCodes: ["620520"] },
  });
  const regimes = set([m]);
  const shirt = eu(run(regimes, { items: [{ code: "62052000" }] })).items[0];
  assert.equal(shirt?.verdict, "REVIEW");
  assert.equal(shirt?.review, "likely_restricted");
  assert.match(
    shirt?.reasons[0]?.summary ?? "",
    /listed as an 'ex' code: only some goods under it are covered — compare the description/,
  );
  assert.equal(eu(run(regimes)).items[0]?.verdict, "PROHIBITED");
});

// ---- 4. CN-8 children ------------------------------------------------------------------------------------------

const KIDS: Record<string, ChildCode[]> = {
  "854231": [
    { code: "85423111", description: "MCOs" },
    { code: "85423119", description: "other processors" },
    { code: "85423190", description: "other" },
  ],
  "710210": [{ code: "71021000", description: "Diamonds, unsorted" }],
};
const years: number[] = [];
const fakeNomenclature: NomenclatureLike = {
  correlate: () => [],
  cnChildren(code, year) {
    years.push(year);
    return KIDS[code];
  },
  knownCode: (code) => !code.startsWith("99"),
};

test("a code whose every CN-8 child is listed is definite, naming the children; a single listed child too", () => {
  const regimes = set([
    chips,
    measure("t-dia", "EU", {
      goods: { kind: "codes", nomenclature: "CN2024", include: ["71021000"] },
      effective: { from: "2022-02-24" },
    }),
  ]);
  const r = eu(run(regimes, { items: [{ code: "854231" }, { code: "710210" }] }, { nomenclature: fakeNomenclature }));
  for (const it of r.items) {
    assert.equal(it.verdict, "PROHIBITED", it.code);
    const reason = it.reasons[0];
    assert.equal(reason?.children?.notCovered.length, 0);
    assert.equal(reason?.children?.edition, "CN2025");
  }
  assert.match(
    r.items[0]?.reasons[0]?.summary ?? "",
    /every one of its 3 CN 8-digit codes in CN2025 is listed \(85423111, 85423119, 85423190\)/,
  );
  assert.match(r.items[1]?.reasons[0]?.summary ?? "", /its only CN 8-digit code in CN2025 is listed \(71021000\)/);
  assert.match(r.headline, /^Do not ship: prohibited by EU/);
  // Before 2023 the CN 2023 edition is read, and the reason says so.
  years.length = 0;
  const early = eu(
    run(regimes, { date: "2022-06-01", items: [{ code: "854231" }] }, { nomenclature: fakeNomenclature }),
  );
  assert.equal(early.items[0]?.verdict, "PROHIBITED");
  assert.deepEqual(years, [2023]);
  assert.match(early.items[0]?.reasons[0]?.children?.note ?? "", /CN 2023/);
  // Without the nomenclature the code stays a candidate.
  assert.equal(eu(run(regimes, { items: [{ code: "854231" }] })).items[0]?.verdict, "REVIEW");
});

test("when only some CN-8 children are listed, REVIEW lists which are and are not", () => {
  const regimes = set([
    measure("t-one", "EU", { goods: { kind: "codes", nomenclature: "CN2024", include: ["85423111"] } }),
  ]);
  const it = eu(run(regimes, { items: [{ code: "8542.31" }] }, { nomenclature: fakeNomenclature })).items[0];
  assert.equal(it?.verdict, "REVIEW");
  assert.equal(it?.review, "likely_restricted");
  const ch = it?.reasons[0]?.children;
  assert.deepEqual(
    ch?.covered.map((k) => k.code),
    ["85423111"],
  );
  assert.deepEqual(
    ch?.notCovered.map((k) => k.code),
    ["85423119", "85423190"],
  );
  assert.equal(ch?.notCovered[0]?.description, "other processors");
  assert.match(it?.reasons[0]?.need ?? "", /8-digit code/);
  // An excluded child counts as not covered.
  const excl = set([
    measure("t-ex", "EU", {
      goods: { kind: "codes", nomenclature: "CN2024", include: ["854231"], exclude: ["85423190"] },
    }),
  ]);
  const e = eu(run(excl, { items: [{ code: "854231" }] }, { nomenclature: fakeNomenclature })).items[0];
  assert.equal(e?.verdict, "REVIEW");
  assert.deepEqual(
    e?.reasons[0]?.children?.notCovered.map((k) => k.code),
    ["85423190"],
  );
});

test("the bundled nomenclature gives CN-8 children per year and knows which codes exist", async () => {
  const n = verdictNomenclature(await loadNomenclature(path.join(bundledDataDir, "nomenclature")));
  assert.deepEqual(
    n.cnChildren?.("854231", 2024)?.map((k) => k.code),
    ["85423111", "85423119", "85423190"],
  );
  assert.ok((n.cnChildren?.("7102", 2024)?.length ?? 0) >= 5);
  assert.equal(n.cnChildren?.("854231", 2019), undefined);
  assert.equal(n.knownCode?.("99999999"), false);
  assert.equal(n.knownCode?.("854231"), true);
  assert.equal(n.knownCode?.("8542311100"), true);
  assert.equal(n.knownCode?.("7777"), false);
});

test("an invented CN-8 code under a real HS-6 is refused, naming the field and the real children", async () => {
  const nomenclature = verdictNomenclature(await loadNomenclature(path.join(bundledDataDir, "nomenclature")));
  const regimes = set([chips]);
  assert.throws(
    () => run(regimes, { items: [{ code: "85423111" }, { code: "85423150" }] }, { nomenclature }),
    (e: EmbargoError) => {
      assert.equal(e.code, "SHIPMENT_INVALID");
      const issue = e.issues.find((i) => i.path === "items[1].code");
      assert.equal(issue?.code, "unknown_cn_code");
      assert.match(
        issue?.message ?? "",
        /85423150 is not a CN 8-digit code in CN2025; the CN2025 codes under 854231 are 85423111 \(/,
      );
      assert.match(issue?.message ?? "", /85423119 .*85423190/);
      return true;
    },
  );
  // A 10-digit TARIC code is read through its CN part, both ways.
  assert.throws(() => run(regimes, { items: [{ code: "8542315000" }] }, { nomenclature }), /items\[0\]\.code/);
  assert.doesNotThrow(() => run(regimes, { items: [{ code: "8542311100" }] }, { nomenclature }));
  // The real code, and the HS-6 itself, pass.
  assert.doesNotThrow(() => run(regimes, { items: [{ code: "85423111" }, { code: "854231" }] }, { nomenclature }));
  // Outside a CN context (a US export with no edition) an 8-digit code is a national (HTS) code: not checked.
  const us = {
    exporter: { name: "Acme Inc", country: "US" },
    items: [{ code: "85423100", originCountry: "US" }],
  };
  assert.doesNotThrow(() => run(regimes, us, { nomenclature }));
  // Written in a CN edition, it is checked whoever ships it.
  assert.throws(
    () => run(regimes, { ...us, items: [{ code: "85423100", edition: "CN2024" }] }, { nomenclature }),
    /not a CN 8-digit code in CN2024/,
  );
  // Before 2023 (no CN 2022 bundled): a code a measure lists (the EU lists are CN 2022) is accepted.
  const cn2022Only = set([{ ...chips, goods: { ...chips.goods, include: ["85423150"] } } as Measure]);
  assert.doesNotThrow(() => run(cn2022Only, { date: "2022-06-01", items: [{ code: "85423150" }] }, { nomenclature }));
  assert.throws(() => run(cn2022Only, { date: "2023-06-01", items: [{ code: "85423150" }] }, { nomenclature }));
});

// ---- 5. REVIEW split and headline ---------------------------------------------------------------------------------

test("REVIEW reasons say likely_restricted with the missing fact; the headline says what to do next", () => {
  const lux = measure("t-lux", "EU", {
    title: "Luxury goods",
    goods: { kind: "codes", nomenclature: "HS2022", include: ["7113"] },
    thresholds: { valuePerItem: { amount: 300, currency: "EUR", comparison: "above" } },
  });
  const regimes = set([lux]);
  const r = run(regimes, { items: [{ code: "711319" }] });
  const reason = eu(r).items[0]?.reasons[0];
  assert.equal(reason?.effect, "REVIEW");
  assert.equal(reason?.review, "likely_restricted");
  assert.equal(reason?.need, "the value per item");
  assert.equal(r.review, "likely_restricted");
  assert.match(
    r.headline,
    /^Likely restricted: give the value per item to decide \(EU Test instrument — Luxury goods \(line 1, 711319\)\)/,
  );
  const above = run(regimes, { items: [{ code: "711319", value: 500, currency: "EUR", quantity: 1 }] });
  assert.equal(above.overall, "PROHIBITED");
  assert.equal(above.review, undefined);
  assert.match(above.headline, /^Do not ship: prohibited by EU Test instrument — Luxury goods \(line 1, 711319\)/);
  assert.doesNotThrow(() => CheckResultSchema.parse(above));
  assert.doesNotThrow(() => CheckResultSchema.parse(r));
});

test("indicative codes give 'likely restricted by <measure> (indicative mapping: <source>)'", () => {
  const words = measure("t-words", "EU", {
    title: "Goods in words",
    goods: {
      kind: "description",
      text: "quantum computers",
      indicative: { nomenclature: "HS2022", prefixes: ["847150"], source: "Commission FAQ table 3" },
    },
  });
  const regimes = set([words]);
  const hit = eu(run(regimes, { items: [{ code: "84715000" }] }));
  assert.equal(hit.items[0]?.review, "likely_restricted");
  assert.match(
    hit.items[0]?.reasons[0]?.summary ?? "",
    /likely restricted by "Goods in words" \(indicative mapping: Commission FAQ table 3\)/,
  );
  // Other side: an unrelated code only meets the generic gap (data_incomplete).
  const other = eu(run(regimes, { items: [{ code: "0101" }] }));
  assert.equal(other.items[0]?.review, "data_incomplete");
  assert.match(other.items[0]?.reasons[0]?.summary ?? "", /not checked automatically/);
});

// ---- 6. Country of mining, country exported from -----------------------------------------------------------------

const diamondsImport = (id: string, min: number, from: string): Measure =>
  measure(id, "EU", {
    kind: "import_ban",
    direction: "import",
    countries: ["RU"],
    originRule: "processed_in_third_country_from_origin",
    goods: { kind: "codes", nomenclature: "CN2024", include: ["710231", "710239"] },
    thresholds: { caratsPerStone: { min, comparison: "at_or_above" } },
    effective: { from },
  });
const direct = measure("t-3p-direct", "EU", {
  kind: "import_ban",
  direction: "import",
  countries: ["RU"],
  originRule: "originating_or_consigned",
  goods: { kind: "codes", nomenclature: "CN2024", include: ["7102"] },
  effective: { from: "2024-01-01" },
});
const diamonds = set([
  direct,
  diamondsImport("t-3p-1ct", 1, "2024-03-01"),
  diamondsImport("t-3p-05ct", 0.5, "2024-09-01"),
]);
const stone = (date: string, item: Record<string, unknown>) =>
  eu(
    run(diamonds, {
      date,
      direction: "import",
      exporter: { name: "Cutter Ltd", country: "IN" },
      consignee: { name: "Antwerp BV", country: "NL" },
      destination: "NL",
      items: [{ code: "71023900", carats: 0.7, originCountry: "IN", ...item } as ShipmentInput["items"][number]],
    }),
  );

test("a Russian-mined 0.7 ct stone cut in India: admitted on 2024-08-31, prohibited from 2024-09-01", () => {
  const before = stone("2024-08-31", { miningCountry: "RU" });
  assert.equal(before.verdict, "NOT_RESTRICTED");
  assert.ok(
    before.items[0]?.reasons.some((r) => r.measureId === "t-3p-1ct" && /0\.7 carat per stone is below/.test(r.summary)),
  );
  const on = stone("2024-09-01", { miningCountry: "RU" });
  assert.equal(on.verdict, "PROHIBITED");
  assert.match(on.headline, /^Do not import: prohibited by EU/);
  const reason = on.items[0]?.reasons.find((r) => r.measureId === "t-3p-05ct");
  assert.equal(reason?.effect, "PROHIBITED");
  assert.match(reason?.summary ?? "", /mined or produced in RU \(processed in IN\)/);
  // Mined elsewhere: outside the processed-in-a-third-country rule.
  assert.equal(stone("2024-09-01", { miningCountry: "BW" }).verdict, "NOT_RESTRICTED");
  // Mining country unknown: REVIEW likely_restricted asking for it.
  const unknown = stone("2024-09-01", {});
  assert.equal(unknown.verdict, "REVIEW");
  assert.equal(unknown.review, "likely_restricted");
  assert.match(unknown.items[0]?.reasons.find((r) => r.measureId === "t-3p-05ct")?.need ?? "", /mined or produced/);
  assert.match(
    unknown.headline,
    /^Likely restricted: give the country where the goods \(or their inputs\) were mined or produced/,
  );
});

test("a partial import ban's coverage gap reaches only goods its origin rule can reach", () => {
  // A partly encoded ban on goods originating in or exported from Russia (its list stops at chapter 71).
  const partialBan = measure("t-3i-partial", "EU", {
    kind: "import_ban",
    direction: "import",
    countries: ["RU"],
    originRule: "originating_or_consigned",
    goods: { kind: "codes", nomenclature: "CN2024", include: ["4403"] },
    effective: { from: "2022-04-09" },
    coverage: { status: "partial", note: "only chapter 44 encoded" },
  });
  const regimes = set([partialBan, diamondsImport("t-3p-1ct", 1, "2024-03-01")]);
  const stoneFrom = (item: Record<string, unknown>, exporterCountry = "IN") =>
    eu(
      run(regimes, {
        date: "2024-08-31",
        direction: "import",
        exporter: { name: "Cutter Ltd", country: exporterCountry },
        consignee: { name: "Antwerp BV", country: "NL" },
        destination: "NL",
        items: [{ code: "71023900", carats: 0.7, ...item } as ShipmentInput["items"][number]],
      }),
    );
  const gapIds = (j: JurisdictionResult) => j.items.flatMap((i) => i.reasons.map((r) => r.measureId));
  // Mined in Russia, cut in and exported from India: of Indian origin, not exported from Russia — outside the ban,
  // so the ban's unencoded part cannot cover it either.
  const cutInIndia = stoneFrom({ originCountry: "IN", miningCountry: "RU" });
  assert.equal(cutInIndia.verdict, "NOT_RESTRICTED");
  assert.ok(!gapIds(cutInIndia).includes("t-3i-partial"));
  // Russian origin, exported from Russia, or origin not declared: the gap stays and the answer is REVIEW.
  for (const [item, from] of [
    [{ originCountry: "RU" }, "IN"],
    [{ originCountry: "IN", exportedFrom: "RU" }, "IN"],
    [{ originCountry: "IN" }, "RU"],
    [{}, "IN"],
  ] as const) {
    const j = stoneFrom(item, from);
    assert.equal(j.verdict, "REVIEW", JSON.stringify([item, from]));
    assert.ok(gapIds(j).includes("t-3i-partial"), JSON.stringify([item, from]));
  }
});

test("goods exported from Russia are caught by consignment rules whatever their origin", () => {
  const viaDubai = (item: Record<string, unknown>) =>
    eu(
      run(diamonds, {
        date: "2024-10-01",
        direction: "import",
        exporter: { name: "Trader FZE", country: "AE" },
        consignee: { name: "Antwerp BV", country: "NL" },
        destination: "NL",
        items: [{ code: "71021000", originCountry: "BW", ...item } as ShipmentInput["items"][number]],
      }),
    );
  const fromRu = viaDubai({ exportedFrom: "RU" });
  assert.equal(fromRu.verdict, "PROHIBITED");
  assert.match(fromRu.items[0]?.reasons[0]?.summary ?? "", /exported from RU/);
  assert.equal(viaDubai({}).verdict, "NOT_RESTRICTED");
});

test("coversTransit: goods of any origin routed through Russia are caught; the same route elsewhere is not", () => {
  const transit = set([{ ...direct, coversTransit: true }]);
  const routed = (route: string[]) =>
    eu(
      run(transit, {
        date: "2024-10-01",
        direction: "import",
        exporter: { name: "Miner Ltd", country: "BW" },
        consignee: { name: "Antwerp BV", country: "NL" },
        destination: "NL",
        route,
        items: [{ code: "71021000", originCountry: "BW" }],
      }),
    );
  const viaRu = routed(["AE", "RU"]);
  assert.equal(viaRu.verdict, "PROHIBITED");
  assert.match(viaRu.items[0]?.reasons[0]?.summary ?? "", /that transited RU/);
  assert.equal(routed(["AE"]).verdict, "NOT_RESTRICTED");
  // Without coversTransit the route does not matter.
  const noTransit = eu(
    run(set([direct]), {
      date: "2024-10-01",
      direction: "import",
      exporter: { name: "Miner Ltd", country: "BW" },
      consignee: { name: "Antwerp BV", country: "NL" },
      destination: "NL",
      route: ["RU"],
      items: [{ code: "71021000", originCountry: "BW" }],
    }),
  );
  assert.equal(noTransit.verdict, "NOT_RESTRICTED");
});

test("coversInputsExportedFrom: a stone cut in India from rough exported from Russia is caught, mined elsewhere", () => {
  const viaExport = set([{ ...diamondsImport("t-3p-05ct", 0.5, "2024-09-01"), coversInputsExportedFrom: true }]);
  const cut = (exportedFrom: string | undefined) =>
    eu(
      run(viaExport, {
        date: "2024-09-01",
        direction: "import",
        exporter: { name: "Cutter Ltd", country: "IN" },
        consignee: { name: "Antwerp BV", country: "NL" },
        destination: "NL",
        items: [{ code: "71023900", carats: 0.7, originCountry: "IN", miningCountry: "BW", exportedFrom }],
      }),
    );
  const fromRu = cut("RU");
  assert.equal(fromRu.verdict, "PROHIBITED");
  assert.match(fromRu.items[0]?.reasons[0]?.summary ?? "", /inputs exported from RU \(processed in IN\)/);
  assert.equal(cut("AE").verdict, "NOT_RESTRICTED");
  // Without the flag, only the country of mining counts.
  const plain = set([diamondsImport("t-3p-05ct", 0.5, "2024-09-01")]);
  const r = eu(
    run(plain, {
      date: "2024-09-01",
      direction: "import",
      exporter: { name: "Cutter Ltd", country: "IN" },
      consignee: { name: "Antwerp BV", country: "NL" },
      destination: "NL",
      items: [{ code: "71023900", carats: 0.7, originCountry: "IN", miningCountry: "BW", exportedFrom: "RU" }],
    }),
  );
  assert.equal(r.verdict, "NOT_RESTRICTED");
});

// ---- 7. Exemption and licence validity ----------------------------------------------------------------------------

test("an exemption is honoured only while valid, and the verdict says so", () => {
  const m = measure("t-gl", "EU", {
    exemptions: [
      {
        id: "gl-104a",
        category: "other",
        summary: "general licence for wind-down",
        condition: "transactions ordinarily incident to the wind-down",
        effective: { from: "2025-01-01", until: "2025-12-31" },
        citation: { instrument: "GL 104A", url: "https://example.org/gl" },
      },
    ],
  });
  const regimes = set([m]);
  const at = (date: string) => eu(run(regimes, { date, declarations: ["gl-104a"] })).items[0];
  const valid = at("2025-12-31");
  assert.equal(valid?.verdict, "NOT_RESTRICTED");
  assert.match(valid?.reasons[0]?.summary ?? "", /exempt: general licence for wind-down .*valid until 2025-12-31/);
  const expired = at("2026-01-01");
  assert.equal(expired?.verdict, "PROHIBITED");
  assert.match(
    expired?.reasons[0]?.summary ?? "",
    /gl-104a .* is valid from 2025-01-01 to 2025-12-31: not honoured on 2026-01-01/,
  );
  assert.equal(at("2024-12-31")?.verdict, "PROHIBITED");
  // Not declared: listed as available, not applied.
  assert.equal(eu(run(regimes, { date: "2025-06-01" })).items[0]?.verdict, "PROHIBITED");
});

// ---- 8. Bad input -----------------------------------------------------------------------------------------------

test("bad input is rejected with stable codes naming the field", () => {
  const regimes = set([chips]);
  const rejects = (f: () => unknown, code: string, where: string) =>
    assert.throws(f, (e: EmbargoError) => {
      assert.equal(e.code, code);
      assert.equal(e.category, "invalid_input");
      assert.ok(
        e.issues.some((i) => i.path === where || i.field === where),
        JSON.stringify(e.issues),
      );
      return true;
    });
  for (const asOf of ["2024-13-45", "2025-02-30", "2023-02-29"])
    rejects(() => run(regimes, {}, { asOf }), "AS_OF_INVALID", "asOf");
  assert.doesNotThrow(() => run(regimes, {}, { asOf: "2024-02-29" }));
  rejects(() => parseShipment(ship({ date: "2025-02-30" })), "SHIPMENT_INVALID", "date");
  rejects(() => parseShipment(ship({ destination: "XX" })), "SHIPMENT_INVALID", "destination");
  rejects(
    () => parseShipment(ship({ items: [{ code: "0101", miningCountry: "QQ" }] })),
    "SHIPMENT_INVALID",
    "items[0].miningCountry",
  );
  rejects(
    () => run(regimes, { items: [{ code: "0101" }, { code: "99999999" }] }, { nomenclature: fakeNomenclature }),
    "SHIPMENT_INVALID",
    "items[1].code",
  );
  assert.doesNotThrow(() => run(regimes, { items: [{ code: "99999999" }] }));
});

test("the loader checks known regimes: measures they name exist, encoded ones name some, dates ordered", () => {
  assert.throws(
    () => set([chips], [knownRegime("t-x", { status: "partial", measures: ["nope"] })]),
    (e: EmbargoError) =>
      e.code === "REGIME_SET_INVALID" && e.issues.some((i) => i.path === "knownRegimes[0].measures[0]"),
  );
  assert.throws(
    () => set([chips], [knownRegime("t-x", { status: "encoded" })]),
    (e: EmbargoError) =>
      e.code === "REGIME_FILE_INVALID" && e.issues.some((i) => i.path === "knownRegimes[0].measures"),
  );
  assert.throws(
    () => set([chips], [knownRegime("t-x", { effective: { from: "2024-01-02", until: "2024-01-01" } })]),
    (e: EmbargoError) => e.code === "REGIME_FILE_INVALID",
  );
  assert.deepEqual(
    set([chips], [knownRegime("t-x")])
      .knownRegimesOf("EU")
      .map((k) => k.id),
    ["t-x"],
  );
  assert.deepEqual(set([chips]).knownRegimesOf("US"), []);
});

test("headlines when no member applies and when several members pass", () => {
  const regimes = set([chips]);
  const none = run(regimes, { exporter: { name: "Co", country: "CN" }, consignee: { name: "OOO", country: "RU" } });
  assert.equal(none.overall, "NOT_RESTRICTED");
  assert.match(none.headline, /^No G7 member's rules apply/);
  assert.equal(none.review, undefined);
  const clean = run(regimes, { items: [{ code: "0101" }] });
  assert.match(clean.headline, /^Not restricted: no EU measure in force on 2025-06-01/);
  assert.equal(eu(clean).review, undefined);
});

test("a due-diligence duty heads 'Check before shipping', not a missing fact", () => {
  const clause = measure("t-clause", "EU", { kind: "due_diligence", title: "No-Russia clause" });
  const r = run(set([clause]));
  assert.equal(r.overall, "REVIEW");
  assert.equal(r.review, "likely_restricted");
  assert.match(
    r.headline,
    /^Check before shipping: EU Test instrument — No-Russia clause applies \(line 1, 85423111\) — carry out the due diligence it requires\.$/,
  );
});

test("the comparison reads an 'ex' code as a candidate, like the verdicts", () => {
  const m = measure("t-ex", "EU", {
    goods: { kind: "codes", nomenclature: "CN2024", include: ["85423111", "620520"], exCodes: ["620520"] },
  });
  const cmp = compareRegimes(set([m]), { codes: ["620520", "85423111"], asOf: "2025-06-01" });
  const cell = (code: string) => cmp.rows.find((r) => r.code === code)?.cells.find((x) => x.jurisdiction === "EU");
  assert.equal(cell("620520")?.status, "review");
  assert.equal(cell("85423111")?.status, "prohibited");
});

test("the comparison marks a member partial when a known regime for the country is not encoded", () => {
  const regimes = set([chips], [knownRegime("t-by", { countries: ["BY"] })]);
  const cell = (country: string) =>
    compareRegimes(regimes, { codes: ["0101"], asOf: "2025-06-01", country }).rows[0]?.cells.find(
      (x) => x.jurisdiction === "EU",
    );
  assert.equal(cell("BY")?.coverage, "partial");
  assert.equal(cell("RU")?.coverage, "complete");
});

test("party regimes: covered by screening only when the member's own list was loaded", () => {
  const regimes = set([chips], [knownRegime("t-freeze", { concerns: "parties" })]);
  const screener = (membersMissing: string[]) => ({ version: "t", membersMissing, screen: () => [] });
  const eu = (r: CheckResult) => r.jurisdictions.find((j) => j.jurisdiction === "EU") as JurisdictionResult;
  // Never a goods gap: the chips are decided by their measure whatever the screening.
  const unscreened = eu(run(regimes));
  assert.equal(unscreened.coverage.status, "partial");
  assert.ok(unscreened.coverage.notChecked.some((n) => n.startsWith("parties not screened against t-freeze")));
  assert.ok(!unscreened.items.some((it) => it.reasons.some((x) => x.measureId === "regime:t-freeze")));
  // Screened, but no EU list loaded: still partial, and it says why.
  const noEuList = eu(run(regimes, {}, { parties: screener(["EU", "JP"]) }));
  assert.equal(noEuList.coverage.status, "partial");
  assert.ok(noEuList.coverage.notChecked.some((n) => /no EU list is loaded/.test(n)));
  // Screened against a loaded EU list: the party regime is covered.
  const covered = eu(run(regimes, {}, { parties: screener(["JP"]) }));
  assert.ok(!covered.coverage.notChecked.some((n) => n.includes("t-freeze")));
});
