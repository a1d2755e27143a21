import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedClock } from "../../runtime/index.ts";
import { createScreener, partyScreenerFor } from "../screener.ts";
import { AllowList, queryFingerprint } from "./allow-list.ts";
import { buildCandidateIndex, createScratch, findCandidates } from "./candidate-index.ts";
import { findLegalForms } from "./legal-forms.ts";
import { prepareName } from "./names.ts";
import { ofacNameScore } from "./ofac.ts";
import { scoreName } from "./scorer.ts";
import { fixtureEntities, fixtureSnapshots } from "./test-fixtures.ts";

const screener = createScreener(fixtureSnapshots);
const top = (name: string, extra: object = {}) => screener.screen({ name, ...extra }).hits[0];

test("Cyrillic ↔ Latin: Владимир Путин finds PUTIN, Vladimir and says a transliteration was used", () => {
  const hit = top("Владимир Путин");
  assert.equal(hit?.sourceId, "35096");
  assert.equal(hit?.strength, "match");
  const f = hit?.explanation.features.map((x) => x.feature) ?? [];
  assert.ok(f.includes("name_parts"));
  // The Cyrillic original-script alias matches exactly; the Latin primary needs transliteration.
  const latin = screener.screen({ name: "Vladimir Putin" }).hits[0];
  assert.equal(latin?.sourceId, "35096");
  const viaTranslit = scoreName(prepareName("Владимир Путин"), prepareName("PUTIN, Vladimir", { type: "person" }));
  assert.ok(
    viaTranslit.pairs.every((p) => p.kind === "transliteration"),
    JSON.stringify(viaTranslit.pairs),
  );
  assert.ok(viaTranslit.score > 0.95);
});

test("transliteration variants meet: Sergej Iwanow, Sergey Ivanov, Сергей Иванов → IVANOV, Sergei", () => {
  for (const q of ["Sergej Iwanow", "Sergey Ivanov", "Сергей Иванов", "Sergei Ivanov"]) {
    const hit = top(q);
    assert.equal(hit?.sourceId, "40002", q);
    assert.ok((hit?.score ?? 0) >= 0.95, `${q}: ${hit?.score}`);
  }
  for (const q of [
    "Dmitriy Medvedev",
    "Dmitrii Medvedev",
    "Дмитрий Медведев",
    "Alexander Petrov",
    "Александр Петров",
  ]) {
    const hit = top(q);
    assert.ok(hit && hit.score >= 0.9, `${q}: ${JSON.stringify(hit?.explanation.text)}`);
  }
});

test("patronymic and order: dropped patronymic and swapped order still match strongly", () => {
  const a = top("Putin Vladimir");
  const b = top("Vladimir Vladimirovich Putin");
  const c = top("PUTIN Vladimir Vladimirovich");
  for (const h of [a, b, c]) assert.equal(h?.sourceId, "35096");
  assert.equal(b?.score, 1);
  assert.ok((a?.score ?? 0) >= 0.95 && (a?.score ?? 0) < 1, "a dropped patronymic costs a little, not a match");
  const pairs = scoreName(
    prepareName("Vladimir Putin"),
    prepareName("PUTIN, Vladimir Vladimirovich", { type: "person" }),
  );
  assert.deepEqual(pairs.unmatchedCandidate, ["vladimirovich"]);
  const family = pairs.pairs.find((p) => p.candidate === "putin");
  assert.equal(family?.role, "family");
  assert.equal(family?.weight, 1.3);
});

test("initials: V. Putin and V.V. Putin reach the listed person through an initial", () => {
  const hit = top("V. Putin");
  assert.equal(hit?.sourceId, "35096");
  assert.ok(hit?.explanation.pairs.some((p) => p.kind === "initial"));
  assert.ok((hit?.score ?? 0) < 1);
});

test("legal forms: OOO / LLC / ООО are kept out of the name score but in identity", () => {
  for (const q of ["Romashka LLC", "ООО Ромашка", "Romashka OOO", "ROMASHKA Limited Liability Company"]) {
    const hit = top(q);
    assert.equal(hit?.sourceId, "40004", q);
    assert.ok((hit?.score ?? 0) >= 0.95, `${q}: ${hit?.explanation.text}`);
  }
  assert.deepEqual(
    findLegalForms(["romashka", "ooo"]).map((f) => f.cls),
    ["limited_liability"],
  );
  assert.equal(prepareName("ООО Ромашка").tokens.length, 2, "the legal form stays in the name's identity");
  const jsc = top("Khodorkovsky Trading LLC");
  assert.ok(jsc?.explanation.features.some((f) => f.feature === "legal_form_mismatch"));
});

test('"EMMA LLC" does not match the person "Emma Daniels" at full score', () => {
  const r = screener.screen({ name: "EMMA LLC" }, { threshold: 0 });
  const emma = r.hits.find((h) => h.sourceId === "40003");
  assert.ok(emma, "scored, so the reason is visible");
  assert.ok(emma.score < 0.7, `scored ${emma.score}`);
  assert.ok(emma.explanation.features.some((f) => f.feature === "type_mismatch"));
  assert.equal(screener.screen({ name: "EMMA LLC" }).hits.length, 0);
});

test("negatives: common names that are not listed do not hit", () => {
  for (const q of ["John Smith", "Maria Garcia", "Vladimir Petrov", "Sergei Petrov", "Smith Industrial"]) {
    const hits = screener.screen({ name: q }).hits.filter((h) => h.strength === "match");
    assert.equal(hits.length, 0, `${q}: ${hits.map((h) => h.explanation.text).join(" | ")}`);
  }
  assert.equal(screener.screen({ name: "Maria Garcia" }).hits.length, 0);
});

test("qualifiers: date of birth and country agree or conflict, each as a feature", () => {
  const agree = top("Vladimir Putin", { dob: "1952-10-07", country: "RU" });
  const feats = agree?.explanation.features.map((f) => f.feature);
  assert.ok(feats?.includes("dob_match") && feats.includes("country_match"));
  const conflict = screener.screen({ name: "Vladimir Putin", dob: "1980-01-01", country: "FR" }, { threshold: 0 });
  const h = conflict.hits.find((x) => x.sourceId === "35096");
  const f = h?.explanation.features ?? [];
  assert.ok(f.some((x) => x.feature === "dob_day_disjoint" && x.contribution === -0.25));
  assert.ok(f.some((x) => x.feature === "country_mismatch" && x.contribution === -0.2));
  assert.ok((h?.score ?? 1) < (agree?.score ?? 0));
});

test("identifiers: an equal INN lifts a weak name match", () => {
  const r = screener.screen({ name: "Romashka Holding", identifiers: [{ type: "inn", value: "7701234567" }] });
  const hit = r.hits.find((h) => h.sourceId === "40004");
  assert.ok(hit && hit.score >= 0.95, JSON.stringify(hit?.explanation));
  assert.ok(hit.explanation.features.some((f) => f.feature === "identifier_match"));
});

test("weak aliases are never screened", () => {
  const r = scoreName(prepareName("Ромашка"), prepareName("Ромашка", { kind: "weak_alias" }));
  assert.equal(r.score, 1);
  const hit = screener.screen({ name: "Ромашка" }, { threshold: 0 }).hits.find((h) => h.sourceId === "40004");
  assert.notEqual(hit?.explanation.matchedNameKind, "weak_alias");
});

test("joined names: Abdalrahman Ali = ABD AL RAHMAN ALI", () => {
  const hit = top("Abdalrahman Ali");
  assert.equal(hit?.sourceId, "QDi.001");
});

test("candidate index: retrieval touches only names sharing a key, including typos", () => {
  const index = buildCandidateIndex(fixtureEntities);
  const scratch = createScratch(index);
  const ids = (q: string) =>
    findCandidates(index, prepareName(q), scratch).map((c) => index.entities[c.entity]?.sourceId);
  assert.deepEqual(ids("Vladmir Puttin"), ["35096"]);
  assert.deepEqual(ids("Zzyzx Qwerty"), []);
  assert.ok(ids("Medvedev").includes("40001"));
});

test("allow-list suppresses only the reviewed (entity, query) pair, not a new listing or a changed one", () => {
  const clock = fixedClock("2026-03-01T10:00:00Z");
  const allow = new AllowList(clock);
  const ivanov = fixtureEntities.find((e) => e.sourceId === "40002");
  assert.ok(ivanov);
  const entry = allow.add({
    entity: ivanov,
    query: { name: "Sergei Ivanov" },
    reviewer: "a.officer",
    reason: "other person",
  });
  assert.equal(entry.reviewedAt, "2026-03-01T10:00:00.000Z");
  const newListing = { ...ivanov, id: "test-sdn:49999", sourceId: "49999" };
  const snaps = [{ ...fixtureSnapshots[0]!, entities: [...fixtureSnapshots[0]!.entities, newListing] }];
  const s = createScreener(snaps, { allowList: allow });
  const r = s.screen({ name: "Sergei Ivanov" });
  assert.deepEqual(
    r.suppressed.map((x) => x.sourceId),
    ["40002"],
  );
  assert.equal(r.suppressed[0]?.reviewer, "a.officer");
  assert.ok(
    r.hits.some((h) => h.sourceId === "49999"),
    "a new listing with the same name still alerts",
  );
  assert.equal(queryFingerprint({ name: "IVANOV, Sergei" }), queryFingerprint({ name: "Sergei Ivanov" }));
  const other = s.screen({ name: "Sergei Ivanov", dob: "1953-01-31" });
  assert.ok(
    other.hits.some((h) => h.sourceId === "40002"),
    "another query (with a DOB) is not suppressed",
  );
  const changed = { ...ivanov, programmes: [...ivanov.programmes, "NEW-PROGRAMME"] };
  const s2 = createScreener([{ ...fixtureSnapshots[0]!, entities: [changed] }], { allowList: allow });
  assert.ok(
    s2.screen({ name: "Sergei Ivanov" }).hits.some((h) => h.sourceId === "40002"),
    "a changed listing alerts",
  );
  const restored = AllowList.fromJSON(clock, JSON.parse(JSON.stringify(allow)));
  assert.equal(restored.size, 1);
});

test("ofac-parity mode reproduces documented OFAC tool behaviour", () => {
  assert.equal(ofacNameScore("VLADIMIR PUTIN", "PUTIN, Vladimir"), 100);
  assert.equal(ofacNameScore("KIM JONG UN", "KIM, Jong Un"), 100, "short query tokens are dropped");
  const r = screener.screen({ name: "Vladimir Putin" }, { algorithm: "ofac-parity" });
  assert.equal(r.hits[0]?.explanation.algorithm, "ofac-parity");
  assert.equal(r.hits[0]?.score, 1);
});

test("bad queries are invalid_input errors; batches report them per row and go on", () => {
  assert.throws(() => screener.screen({ name: "  " }), { code: "SCREEN_NAME_REQUIRED" });
  assert.throws(() => screener.screen({ name: "x", country: "Russia" }), { code: "SCREEN_COUNTRY_INVALID" });
  const rows = screener.screenBatch([{ name: "Vladimir Putin" }, { name: "" }, { name: "Sergei Ivanov", dob: "1953" }]);
  assert.equal(rows.length, 3);
  assert.ok("result" in rows[0]! && rows[0].result.hits.length > 0);
  assert.ok("error" in rows[1]! && rows[1].error.code === "SCREEN_NAME_REQUIRED");
  assert.ok("result" in rows[2]!);
});

test("partyScreenerFor: verdicts get list, record, programmes, kind, strength and a readable explanation", () => {
  const parties = partyScreenerFor(screener);
  assert.equal(parties.version, screener.version);
  const [hit] = parties.screen({ role: "consignee", name: "OOO Romashka", country: "RU" });
  assert.equal(hit?.list, "test-sdn");
  assert.equal(hit?.sourceId, "40004");
  assert.equal(hit?.sanctionKind, "asset_freeze");
  assert.equal(hit?.strength, "match");
  assert.deepEqual(hit?.programmes, ["RUSSIA-EO14024"]);
  assert.match(hit?.explanation ?? "", /romashka/);
  const dpl = parties.screen({ role: "end_user", name: "Smithson Industrial Supply Limited", country: "GB" })[0];
  assert.equal(dpl?.sanctionKind, "end_user");
  assert.deepEqual(parties.screen({ role: "exporter", name: "Acme Maschinenbau GmbH", country: "DE" }), []);
});

test("Arabic and Hebrew names meet Latin spellings by their consonants (short vowels are not written)", () => {
  const ar = scoreName(prepareName("أحمد حسن"), prepareName("Ahmed Hassan", { type: "person" }));
  assert.ok(ar.score >= 0.85, String(ar.score));
  assert.ok(ar.pairs.every((p) => p.standard === "consonant-skeleton"));
  assert.equal(scoreName(prepareName("משה"), prepareName("Moshe")).score, 0.9);
  assert.equal(scoreName(prepareName("محمد"), prepareName("Mike")).score, 0);
});

test("partyScreenerFor: a hit names the member whose list it is, so it also counts in that member's verdict", () => {
  // The same fixture entities, relabelled as the real list ids the source registry knows.
  const relabel = (list: string) =>
    fixtureSnapshots.map((s) => ({
      ...s,
      list,
      entities: s.entities.map((e) => ({ ...e, list, id: `${list}:${e.sourceId}` })),
    }));
  const us = partyScreenerFor(createScreener(relabel("ofac-sdn"))).screen({ role: "consignee", name: "OOO Romashka" });
  assert.equal(us[0]?.jurisdiction, "US");
  const un = partyScreenerFor(createScreener(relabel("un-sc"))).screen({ role: "consignee", name: "OOO Romashka" });
  assert.ok(un.length > 0);
  assert.equal(un[0]?.jurisdiction, undefined, "the UN list is no single member's");
});

test("abjad consonants: computed alike from Latin spellings (j, dj, dh, w/y, final h) and Arabic letters", () => {
  const pairs: [string, string][] = [
    ["جاسم", "Jassem"],
    ["جمال", "Djamel"],
    ["فاضل", "Fadhil"],
    ["جوهر", "Jawhar"],
    ["جمعه", "Juma"],
  ];
  for (const [ar, la] of pairs) {
    const a = prepareName(ar).scored[0];
    const b = prepareName(la).scored[0];
    assert.equal(a?.consonants, b?.consonants, `${ar} / ${la}`);
    assert.ok(scoreName(prepareName(ar), prepareName(la)).score >= 0.75, `${ar} / ${la}`);
  }
  // Two consonants alone are weak evidence; with the written long vowels agreeing (عدنان "dnan" / Adnan) full.
  assert.equal(scoreName(prepareName("عدنان"), prepareName("Adnan")).score, 0.9);
  assert.equal(scoreName(prepareName("محمد"), prepareName("Mike")).score, 0);
});

test("split runs: parts the query writes split meet one listed part (Abd Allah = Abdallah, Shams al-Din = Shamsuddin)", () => {
  const s1 = scoreName(prepareName("عبد الله"), prepareName("ABDALLAH"));
  assert.ok(s1.score >= 0.85, String(s1.score));
  assert.equal(s1.pairs.length, 1);
  assert.equal(scoreName(prepareName("شمس الدین"), prepareName("SHAMSUDDIN")).score, 0.9);
  assert.equal(scoreName(prepareName("Van der Berg Jan"), prepareName("Jan Vanderberg")).score, 1);
  // A compound written as one Arabic word is split like its Latin spelling (عبدالمنان = Abdul Manan).
  assert.ok(scoreName(prepareName("عبدالمنان"), prepareName("ABDUL MANAN")).score >= 0.85);
  // A run never makes a stronger pair than its parts would: unrelated parts stay unrelated.
  assert.ok(scoreName(prepareName("Ivan Petrov"), prepareName("Ivanpetrenko")).score < 0.7);
  // Retrieval reaches a name only a run pairs with (the pruned screener finds it at 0.70).
  const s = createScreener([
    {
      list: "gen",
      title: "g",
      source: "test",
      sha256: "0".repeat(64),
      entities: [
        ...fixtureEntities,
        {
          ...(fixtureEntities[0] as (typeof fixtureEntities)[0]),
          id: "gen:j",
          sourceId: "j",
          names: [{ full: "ABDALLAH", kind: "primary" }],
        },
      ],
    },
  ]);
  assert.ok(s.screen({ name: "عبد الله" }, { threshold: 0.7 }).hits.some((h) => h.entityId === "gen:j"));
});

test("East Slavic given names: a Ukrainian or Belarusian form meets the Russian one, patronymics too", () => {
  const putin = prepareName("PUTIN, Vladimir Vladimirovich", { type: "person" });
  assert.ok(scoreName(prepareName("Putin Volodymyr Volodymyrovych"), putin).score >= 0.95);
  assert.ok(scoreName(prepareName("Уладзімір Уладзіміравіч Пуцін"), putin).score >= 0.9);
  const v = prepareName("Oleksandr").scored[0]?.variants.find((x) => x.standard === "east-slavic-name");
  assert.equal(v?.key, prepareName("Aleksandr").scored[0]?.key);
  // Only the table's names: an unrelated name gets no such variant.
  assert.equal(
    prepareName("Ostap").scored[0]?.variants.some((x) => x.standard === "east-slavic-name"),
    false,
  );
});

test("queryFingerprint: pinned values (stored allow-list decisions are keyed by them, so they never change)", () => {
  // Values as computed before the one-shot hash (createHash): any change to the fingerprint's text or hash fails here.
  assert.equal(queryFingerprint({ name: "Sergei Ivanov" }), "531603718f9638b1c2fd239a723b5d7e");
  assert.equal(
    queryFingerprint({ name: "Владимир Путин", type: "person", country: "ru", dob: "1952-10-07" }),
    "3409c80e2b0d828db3349af80a428d9f",
  );
  assert.equal(queryFingerprint({ name: "ÖZTÜRK, Ümit" }), "9cc86ece6bb342217a7fd1e6dc273241");
});
