import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "../engine.ts";
import { fixedClock } from "../runtime/index.ts";
import { EntityBuilder } from "./lists/common.ts";
import { screeningCoverage } from "./lists/coverage.ts";
import { mergeProfiles, nameKey } from "./lists/profiles.ts";
import { yenteMatch } from "./match/yente.ts";
import type { Entity, EntityType, ListSnapshot } from "./model.ts";
import { createScreener, getScreener, partyScreenerFor } from "./screener.ts";

const DAY_OF_ISSUE = fixedClock("2026-12-06T12:00:00Z");

function person(list: string, id: string, name: string, dob?: string, extra: (b: EntityBuilder) => void = () => {}) {
  const b = new EntityBuilder(list, id, "person", "asset_freeze").name(name, "primary");
  if (dob) b.birthDate(dob);
  extra(b);
  return b.entity;
}
function org(
  list: string,
  id: string,
  name: string,
  type: EntityType = "organization",
  extra: (b: EntityBuilder) => void = () => {},
) {
  const b = new EntityBuilder(list, id, type, "asset_freeze").name(name, "primary");
  extra(b);
  return b.entity;
}
const snap = (list: string, entities: Entity[], date?: string, more: Partial<ListSnapshot> = {}): ListSnapshot => ({
  list,
  title: list,
  sha256: list,
  source: "test",
  entities,
  ...(date ? { date } : {}),
  ...more,
});

// ---- one profile per target -------------------------------------------------------------------------------------

test("merge: shared identifiers, name + full date of birth, organisation name + country; explained in mergedOn", () => {
  const records = [
    person("ofac-sdn", "1", "PETROV, Ivan Sergeevich", "1970-01-02", (b) => b.nationality("Russia")),
    org("ofac-sdn", "2", "ACME SHIPPING LLC", "organization", (b) =>
      b.identifier({ type: "inn", value: "7700000001", country: "Russia" }),
    ),
    org("ofac-sdn", "3", "SEA STAR", "vessel", (b) => b.identifier({ type: "imo", value: "9000001" })),
    org("ofac-sdn", "4", "PAO EXAMPLE BANK", "organization", (b) => b.country("Russia")),
    person("uk-ofsi", "10", "Ivan Sergeevich PETROV", "1970-01-02", (b) =>
      b.address({ full: "Moscow, Russia", country: "Russia" }),
    ),
    org("uk-ofsi", "11", "ACME SHIPPING", "organization", (b) => b.identifier({ type: "inn", value: "7700000001" })),
    org("uk-ofsi", "12", "SEA STAR I", "vessel", (b) => b.identifier({ type: "imo", value: "9000001" })),
    org("uk-ofsi", "13", "PAO Example Bank", "organization", (b) => b.country("Russia")),
    // Same name, other date of birth: another person.
    person("un-sc", "20", "Ivan Sergeevich Petrov", "1981-05-05"),
  ];
  const { profiles, byRecord, mergedRecords } = mergeProfiles(records, (l) => `https://example.test/${l}`);
  assert.equal(profiles.length, 5);
  assert.equal(mergedRecords, 8);
  const p = profiles[byRecord.get("uk-ofsi:10") as number] as Entity;
  assert.equal(p.id, "ofac-sdn:1");
  assert.deepEqual(
    p.listings?.map((l) => [l.entityId, l.name, l.sourceUrl]),
    [
      ["ofac-sdn:1", "PETROV, Ivan Sergeevich", "https://example.test/ofac-sdn"],
      ["uk-ofsi:10", "Ivan Sergeevich PETROV", "https://example.test/uk-ofsi"],
    ],
  );
  assert.deepEqual(p.mergedOn, [
    { rule: "name_dob", detail: '"ivan petrov sergeevich" born 1970-01-02', from: "ofac-sdn:1", to: "uk-ofsi:10" },
  ]);
  // The profile holds what both listings say.
  assert.deepEqual(p.nationalities, ["RU"]);
  assert.deepEqual(
    p.addresses.map((a) => a.full),
    ["Moscow, Russia"],
  );
  assert.equal(profiles[byRecord.get("uk-ofsi:11") as number]?.mergedOn?.[0]?.detail, "INN 7700000001");
  assert.equal(profiles[byRecord.get("uk-ofsi:12") as number]?.mergedOn?.[0]?.detail, "IMO 9000001");
  assert.equal(profiles[byRecord.get("uk-ofsi:13") as number]?.mergedOn?.[0]?.rule, "name_country");
  assert.equal(profiles[byRecord.get("un-sc:20") as number]?.listings, undefined);
  // Deterministic: the same input gives the same profiles.
  assert.deepEqual(mergeProfiles(records).profiles, mergeProfiles(records).profiles);
  assert.equal(nameKey("PUTIN, Vladimir"), nameKey("Vladimir  Putin"));
});

test("merge refuses two records of one list, a person with an organisation, and keys a list shares between records", () => {
  const records = [
    // Two OFAC records with one passport: the lists' own ids say these are two people; the key identifies no one.
    person("ofac-sdn", "1", "A B", undefined, (b) => b.identifier({ type: "passport", value: "P1234567" })),
    person("ofac-sdn", "2", "C D", undefined, (b) => b.identifier({ type: "passport", value: "P1234567" })),
    person("uk-ofsi", "3", "E F", undefined, (b) => b.identifier({ type: "passport", value: "P1234567" })),
    // A person and a company sharing a tax id are not one target.
    person("ofac-sdn", "4", "G H", undefined, (b) => b.identifier({ type: "tax_id", value: "TX998877" })),
    org("uk-ofsi", "5", "G H TRADING", "organization", (b) => b.identifier({ type: "tax_id", value: "TX998877" })),
    // Chains that would put two records of one list together stop at the first.
    org("ofac-sdn", "6", "X", "vessel", (b) => b.identifier({ type: "imo", value: "9111111" })),
    org("uk-ofsi", "7", "X", "vessel", (b) => {
      b.identifier({ type: "imo", value: "9111111" });
      b.identifier({ type: "mmsi", value: "273000001" });
    }),
    org("ofac-sdn", "8", "Y", "vessel", (b) => b.identifier({ type: "mmsi", value: "273000001" })),
    // Short or digit-free "identifiers" are not keys.
    person("ofac-sdn", "9", "K L", undefined, (b) => b.identifier({ type: "passport", value: "123" })),
    person("un-sc", "10", "M N", undefined, (b) => b.identifier({ type: "passport", value: "123" })),
  ];
  const { profiles, byRecord } = mergeProfiles(records);
  const of = (id: string) => profiles[byRecord.get(id) as number] as Entity;
  for (const id of ["ofac-sdn:1", "ofac-sdn:2", "uk-ofsi:3", "ofac-sdn:4", "uk-ofsi:5", "ofac-sdn:9", "un-sc:10"])
    assert.equal(of(id).listings, undefined, id);
  assert.deepEqual(
    of("uk-ofsi:7").listings?.map((l) => l.entityId),
    ["ofac-sdn:6", "uk-ofsi:7"],
  );
  assert.equal(of("ofac-sdn:8").listings, undefined);
});

test("an alias-only record stays marked in its profile and in its hit", () => {
  const aliasOnly = new EntityBuilder("ofac-sdn", "57001", "unknown", "asset_freeze").name(
    "NEWCO TANKERS LLC",
    "alias",
  ).entity;
  aliasOnly.partial = "alias-only, primary record not in the bundled SDN of 2024-05-03";
  const s = createScreener([snap("ofac-sdn", [aliasOnly], "2024-05-03")], { clock: DAY_OF_ISSUE });
  const hit = s.screen({ name: "Newco Tankers LLC" }).hits[0];
  assert.equal(hit?.partial, aliasOnly.partial);
  assert.deepEqual(
    hit?.listings.map((l) => [l.entityId, l.partial]),
    [["ofac-sdn:57001", aliasOnly.partial]],
  );
  const r = s.screen({ name: "Nobody Atall" });
  assert.ok(
    r.warnings.some((w) => w.code === "LIST_INCOMPLETE" && /1 OFAC SDN records are alias-only/.test(w.message)),
  );
  // …and in a shipment check's party hit.
  const party = partyScreenerFor(s).screen({ role: "consignee", name: "Newco Tankers LLC" })[0];
  assert.match(
    party?.explanation ?? "",
    /this listing is alias-only, primary record not in the bundled SDN of 2024-05-03/,
  );
});

// ---- staleness in every answer ----------------------------------------------------------------------------------

test("each answer's checkedAt is the clock's time at that query, to the millisecond, across a change of day", () => {
  const times = [
    "2026-12-06T23:59:59.998Z",
    "2026-12-06T23:59:59.998Z",
    "2026-12-06T23:59:59.999Z",
    "2026-12-07T00:00:00.000Z",
  ];
  let i = 0;
  const clock = { now: () => new Date(times[Math.min(i++, times.length - 1)] as string) };
  const s = createScreener([snap("un-sc", [person("un-sc", "2", "Ali Example")], "2026-11-30")], { clock });
  const answers = times.map(() => s.screen({ name: "Nobody Atall" }));
  assert.deepEqual(
    answers.map((r) => r.checkedAt),
    times,
  );
  // The list's age follows the day of each answer.
  assert.deepEqual(
    answers.map((r) => r.lists[0]?.ageDays),
    [6, 6, 6, 7],
  );
});

test("staleness at a fixed clock: each list with its date and age, missing G7 lists, never a bare No hit", () => {
  const snaps = [
    snap("ofac-sdn", [person("ofac-sdn", "1", "PETROV, Ivan", "1970-01-02")], "2024-05-03"),
    snap("un-sc", [person("un-sc", "2", "Ali Example")], "2026-11-30"),
    snap("trade-gov-csl", [], "2025-06", { complete: false }),
  ];
  const s = createScreener(snaps, { clock: DAY_OF_ISSUE });
  const r = s.screen({ name: "Nobody Atall" });
  assert.equal(r.hits.length, 0);
  assert.equal(r.checkedAt, "2026-12-06T12:00:00.000Z");
  assert.deepEqual(
    r.lists.map((l) => [l.list, l.date, l.ageDays, l.jurisdiction]),
    [
      ["ofac-sdn", "2024-05-03", 947, "US"],
      ["un-sc", "2026-11-30", 6, undefined],
      ["trade-gov-csl", "2025-06", 553, "US"],
    ],
  );
  assert.deepEqual(
    r.warnings.map((w) => [w.code, w.list ?? w.member]),
    [
      ["LIST_STALE", "ofac-sdn"],
      ["LIST_STALE", "trade-gov-csl"],
      ["LIST_INCOMPLETE", "trade-gov-csl"],
      ["MEMBER_LIST_MISSING", "EU"],
      ["MEMBER_LIST_MISSING", "UK"],
      ["MEMBER_LIST_MISSING", "JP"],
      ["MEMBER_LIST_MISSING", "CA"],
    ],
  );
  assert.equal(
    r.summary,
    "No hit in the lists as of OFAC SDN 2024-05-03, UN 2026-11-30, trade.gov CSL 2025-06; the EU, UK, Japan and Canada lists are not loaded; older than 30 days: OFAC SDN (947 days), trade.gov CSL (553 days); trade.gov CSL is a partial copy, not the whole list.",
  );
  // The allowed age is a parameter; the clock is injected (a day later, a day older).
  const lenient = createScreener(snaps, { clock: fixedClock("2026-12-07T00:00:00Z"), maxListAgeDays: 1000 });
  const l = lenient.screen({ name: "Ivan Petrov" });
  assert.equal(l.lists[0]?.ageDays, 948);
  assert.ok(!l.warnings.some((w) => w.code === "LIST_STALE"));
  assert.match(l.summary, /^1 hit \(\d match(es)?\) in the lists as of OFAC SDN 2024-05-03/);
  // …also per query.
  assert.ok(
    !s
      .screen({ name: "x y" }, { maxListAgeDays: 1000 })
      .warnings.some((w) => w.list === "ofac-sdn" && w.code === "LIST_STALE"),
  );
  // Only when nothing holds is the answer plain.
  const all = ["ofac-sdn", "eu-fsf", "uk-fcdo"].map((id) => snap(id, [], "2026-12-01"));
  const cov = screeningCoverage(all, DAY_OF_ISSUE.now());
  assert.deepEqual(
    cov.warnings.map((w) => w.member),
    ["JP", "CA"],
  );
  assert.match(cov.warnings[0]?.message ?? "", /no Japan list is loaded \(the engine has no adapter/);
});

test("the shipment check's party screener carries the list warnings", () => {
  const s = createScreener([snap("ofac-sdn", [], "2024-05-03")], { clock: DAY_OF_ISSUE });
  const ps = partyScreenerFor(s);
  assert.deepEqual(ps.lists, [{ list: "ofac-sdn", date: "2024-05-03", ageDays: 947 }]);
  // Grouped, for the verdict's one-line note.
  assert.deepEqual(ps.warnings, [
    { code: "MEMBER_LIST_MISSING", message: "the EU, UK, Japan and Canada lists are not loaded" },
    { code: "LIST_STALE", message: "older than 30 days: OFAC SDN (947 days)", list: "ofac-sdn" },
  ]);
});

// ---- the bundled lists ------------------------------------------------------------------------------------------

test("bundled lists: Putin, Sovcomflot and a Sovcomflot tanker hit; Putin is one profile with his OFAC and UK listings", async () => {
  const screener = await getScreener(createEngine({ clock: DAY_OF_ISSUE }));
  const putin = screener.screen({ name: "Vladimir Putin" });
  const top = putin.hits[0];
  assert.equal(top?.strength, "match");
  assert.equal(top?.entityId, "ofac-sdn:35096");
  assert.deepEqual(
    top?.listings.map((l) => [l.list, l.sourceId, l.programmes, l.listedOn]),
    [
      ["ofac-sdn", "35096", ["RUSSIA-EO14024"], undefined],
      ["uk-ofsi", "14196", ["Russia"], "2022-02-25"],
    ],
  );
  assert.deepEqual(
    top?.mergedOn?.map((m) => m.rule),
    ["name_dob"],
  );
  assert.deepEqual(top?.birthDates, ["1952-10-07"]);
  assert.deepEqual(top?.nationalities, ["RU"]);
  assert.ok(top?.identifiers.some((i) => i.value === "RUS0251"));
  assert.ok(putin.hits.filter((h) => h.listings.some((l) => l.entityId === "uk-ofsi:14196")).length === 1);
  assert.match(putin.summary, /OFAC SDN \(947 days\)/);
  assert.match(putin.summary, /the EU, Japan and Canada lists are not loaded/);

  const scf = screener.screen({ name: "Sovcomflot" }).hits[0];
  assert.equal(scf?.strength, "match");
  assert.deepEqual(
    scf?.listings.map((l) => l.entityId),
    ["ofac-sdn:34741", "uk-ofsi:15040"],
  );
  assert.ok(scf?.identifiers.some((i) => i.type === "inn" && i.value === "7702060116"));

  const tanker = screener.screen({ name: "NS Antarctic", type: "vessel" }).hits[0];
  assert.equal(tanker?.entityId, "ofac-sdn:46972");
  assert.equal(tanker?.strength, "match");
  assert.ok(tanker?.identifiers.some((i) => i.type === "imo" && i.value === "9413559"));
  assert.ok(tanker?.programmes.includes("RUSSIA-EO14024"));
  // Any record id finds its profile; the record itself stays available unmerged.
  assert.equal(screener.getEntity("uk-ofsi:14196")?.id, "ofac-sdn:35096");
  // In a shipment check the profile counts for each member whose list has it.
  const party = partyScreenerFor(screener).screen({ role: "consignee", name: "Vladimir Putin", country: "RU" });
  assert.deepEqual(
    party.filter((h) => h.strength === "match").map((h) => [h.list, h.sourceId, h.jurisdiction, h.sanctionKind]),
    [
      ["ofac-sdn", "35096", "US", "asset_freeze"],
      ["uk-ofsi", "14196", "UK", "asset_freeze"],
    ],
  );
  assert.equal(screener.getRecord("uk-ofsi:14196")?.list, "uk-ofsi");
  // yente-compatible matching: a profile is in every dataset it is listed on, with the merged records as referents.
  const un = yenteMatch(screener, "un-sc", {
    queries: { q: { schema: "Person", properties: { name: ["Aiman Muhammed Rabi al-Zawahiri"] } } },
  }) as { responses: Record<string, { results: { id: string; datasets: string[]; referents: string[] }[] }> };
  const z = un.responses.q?.results[0];
  assert.equal(z?.id, "ofac-sdn:2676");
  assert.deepEqual(z?.datasets, ["ofac-sdn", "un-sc", "uk-ofsi"]);
  assert.deepEqual(z?.referents, ["un-sc:111923", "uk-ofsi:7016"]);
});
