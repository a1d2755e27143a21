import assert from "node:assert/strict";
import { test } from "node:test";
import { type Entity, type EntityType, newEntity } from "../model.ts";
import { prepareName } from "./names.ts";
import {
  bestExplanation,
  bestNameScore,
  canReach,
  type Explanation,
  explainEntity,
  FEATURES,
  DEFAULT_SCORE_PARAMS as P,
  type ScreenQuery,
  scoreEntity,
} from "./scorer.ts";
import { MATCHER_DOCS } from "./yente.ts";

function entity(name: string, type: EntityType, extra: Partial<Entity> = {}): Entity {
  return newEntity({
    list: "t",
    sourceId: "1",
    type,
    names: [{ full: name, kind: "primary" }],
    sanctionKind: "asset_freeze",
    ...extra,
  });
}
function score(q: ScreenQuery, listed: string, type: EntityType, extra: Partial<Entity> = {}): Explanation {
  const e = entity(listed, type, extra);
  return scoreEntity(q, prepareName(q.name, { type: q.type ?? "unknown" }), e, [
    prepareName(listed, { kind: "primary", type }),
  ]);
}
const f = (e: Explanation, name: string) => e.features.find((x) => x.feature === name);
/** The explanation is the sum of the table. */
function sums(e: Explanation): void {
  const total = e.features.reduce((a, x) => a + x.contribution, 0);
  assert.ok(Math.abs(Math.max(0, Math.min(1, total)) - e.score) < 1e-3, `${total} vs ${e.score}: ${e.text}`);
}

test("feature table: every feature is documented with its weight", () => {
  for (const [name, row] of Object.entries(FEATURES)) {
    assert.ok(row.description.length > 10, name);
    if (row.weight !== "0" && row.weight !== "name score") assert.equal(typeof P[row.weight], "number", name);
  }
  // The yente-compatible matcher documentation is this table, with each feature's default weight.
  assert.deepEqual(Object.keys(MATCHER_DOCS), Object.keys(FEATURES));
  assert.equal(MATCHER_DOCS.korean_name_order?.coefficient, -P.koreanOrderPenalty);
  assert.equal(MATCHER_DOCS.legal_form_mismatch?.coefficient, -P.legalFormMismatchPenalty);
  assert.equal(MATCHER_DOCS.identifier_match?.coefficient, P.identifierMatchScore);
});

test("name_parts: the weighted mean of aligned parts (family weight, left-out parts)", () => {
  const e = score({ name: "Vladimir Putin" }, "PUTIN, Vladimir Vladimirovich", "person");
  const expected = (P.familyWeight + 1) / (P.familyWeight + 1 + P.patronymicExtraWeight);
  assert.ok(Math.abs((f(e, "name_parts")?.contribution ?? 0) - expected) < 1e-3);
  sums(e);
  // Two edits apart: capped (Castro ≈ Castillo is no strong pair).
  const c = score({ name: "Fidel Castro" }, "Fidel Castillo", "person");
  assert.ok(c.pairs.some((p) => p.similarity === P.fuzzyMultiEditCap));
  assert.ok(c.score < 0.95);
});

test("transliteration and joined_name explain and contribute 0", () => {
  const t = score({ name: "Владимир Путин" }, "Vladimir Putin", "person");
  assert.equal(f(t, "transliteration")?.contribution, 0);
  const j = score({ name: "Abdalrahman Ali" }, "ABD AL RAHMAN ALI", "person");
  assert.equal(f(j, "joined_name")?.contribution, 0);
  sums(t);
  sums(j);
});

test("number_mismatch, legal_form_match / mismatch (related and unrelated)", () => {
  const n = score({ name: "Vessel 5" }, "Vessel 7", "vessel");
  assert.equal(f(n, "number_mismatch")?.contribution, -P.numberMismatchPenalty);
  const same = score({ name: "Romashka OOO" }, "Romashka LLC", "organization");
  assert.equal(f(same, "legal_form_match")?.contribution, 0);
  const unrelated = score({ name: "Romashka LLC" }, "Romashka JSC", "organization");
  assert.equal(f(unrelated, "legal_form_mismatch")?.contribution, -P.legalFormMismatchPenalty);
  const related = score({ name: "Romashka OAO" }, "Romashka PAO", "organization");
  assert.equal(f(related, "legal_form_mismatch")?.contribution, -P.relatedLegalFormPenalty);
  for (const e of [n, same, unrelated, related]) sums(e);
});

test("patronymic_mismatch: a contradicting patronymic costs more than a left-out one", () => {
  const contra = score({ name: "Valery Konstantinovich Ermakov" }, "ERMAKOV, Valery Nikolaevich", "person");
  const omitted = score({ name: "Valery Ermakov" }, "ERMAKOV, Valery Nikolaevich", "person");
  assert.equal(f(contra, "patronymic_mismatch")?.contribution, -P.patronymicMismatchPenalty);
  assert.equal(f(omitted, "patronymic_mismatch"), undefined);
  assert.ok(contra.score < omitted.score - 0.2);
  sums(contra);
});

test("type_mismatch, dates of birth, country, identifier", () => {
  const t = score({ name: "Emma LLC" }, "Emma Daniels", "person");
  assert.equal(f(t, "type_mismatch")?.contribution, -P.typeMismatchPenalty);
  const d = score({ name: "Ivan Petrov", dob: "1970-01-02" }, "Ivan Petrov", "person", { birthDates: ["1970-05-06"] });
  assert.equal(f(d, "dob_day_disjoint")?.contribution, -P.dobDayDisjointPenalty);
  const y = score({ name: "Ivan Petrov", dob: "1971" }, "Ivan Petrov", "person", { birthDates: ["1970"] });
  assert.equal(f(y, "dob_year_disjoint")?.contribution, -P.dobYearDisjointPenalty);
  const m = score({ name: "Ivan Petrov", dob: "1970" }, "Ivan Petrov", "person", { birthDates: ["1970-05-06"] });
  assert.equal(f(m, "dob_match")?.contribution, 0);
  const c = score({ name: "Ivan Petrov", country: "DE" }, "Ivan Petrov", "person", { nationalities: ["RU"] });
  assert.equal(f(c, "country_mismatch")?.contribution, -P.countryMismatchPenalty);
  const cm = score({ name: "Ivan Petrov", country: "RU" }, "Ivan Petrov", "person", { nationalities: ["RU"] });
  assert.equal(f(cm, "country_match")?.contribution, 0);
  const id = score({ name: "Romashka", identifiers: [{ value: "7701234567" }] }, "Ромашка Трейд", "organization", {
    identifiers: [{ type: "inn", value: "7701234567" }],
  });
  assert.ok((f(id, "identifier_match")?.contribution ?? 0) > 0);
  assert.equal(id.score, P.identifierMatchScore);
  for (const e of [t, d, y, m, c, cm, id]) sums(e);
});

test("name_parts: a family name two or more edits off is another family name, not a partial pair", () => {
  // Bunakov / Burlakov: 2 edits. Given name and patronymic agree, yet the family name contradicts.
  const e = score({ name: "Sergey Vladimirovich BUNAKOV" }, "BURLAKOV, Sergey Vladimirovich", "person");
  assert.ok(e.score < 0.7, e.text);
  assert.ok(!e.pairs.some((p) => p.candidate === "burlakov"), e.text);
  sums(e);
  // One edit in the family name stays a strong match (a typo).
  assert.ok(score({ name: "Sergey Vladimirovich BURLAKOF" }, "BURLAKOV, Sergey Vladimirovich", "person").score > 0.9);
});

test("name_parts: two short spellings the folds make alike are no spelling variant when letters were erased", () => {
  // Mayak / MAK and Sayyid / Said fold to one key (glides dropped): different names, not one name's spellings.
  for (const [q, l, type] of [
    ["OOO MAYAK", "MAK", "organization"],
    ["Sayyid AHMAD", "AHMAD, Said", "person"],
    ["Nasr AL-ALI", "AL-ALI, Nasser", "person"],
  ] as const) {
    const e = score({ name: q }, l, type);
    assert.ok(!e.pairs.some((p) => p.kind === "spelling_variant"), e.text);
    assert.ok(e.score < 0.95, e.text);
    sums(e);
  }
  // Doubled letters and one-sound digraphs, and spellings of about one length, stay variants of one name.
  for (const [q, l] of [
    ["Moussa HILAL", "HILAL, Musa"],
    ["Mohamed MALA", "MAALLA, Mohamed"],
    ["Iurii IVANOV", "IVANOV, Yuri"],
    ["Yelena PETROVA", "PETROVA, Elena"],
    // dh is one sound (ذ): its length counts one letter.
    ["Adil DHIYAB", "DIAB, Adil"],
  ] as const) {
    const e = score({ name: q }, l, "person");
    assert.ok(e.score >= 0.95, e.text);
    assert.ok(
      e.pairs.some((p) => p.kind === "spelling_variant"),
      e.text,
    );
  }
});

test("name_parts: a listed given name left out beside a left-out query part costs contradictedPartWeight", () => {
  const e = score({ name: "Yongwon GONZALEZ HIGUERA" }, "GONZALEZ HIGUERA, Jaime", "person");
  const fw = P.familyWeight;
  const expected = (2 * fw) / (2 * fw + P.extraQueryWeight + P.contradictedPartWeight);
  assert.ok(Math.abs(e.nameScore - expected) < 1e-3, e.text);
  assert.ok(e.score < 0.7, e.text);
  sums(e);
  // Left out alone (the query names no other part in its place): the cheaper extraResultWeight.
  const alone = score({ name: "GONZALEZ HIGUERA" }, "GONZALEZ HIGUERA, Jaime", "person");
  assert.ok(Math.abs(alone.nameScore - (2 * fw) / (2 * fw + P.extraResultWeight)) < 1e-3, alone.text);
});

test("canReach: a name score rounding below the threshold skips the features only when no feature can lift the score", () => {
  const q: ScreenQuery = { name: "Ivan Petrov", dob: "1970-01-01", country: "RU" };
  const listed = entity("PETROV, Ivan Sergeevich", "person", { birthDates: ["1970-01-01"], nationalities: ["RU"] });
  const qName = prepareName(q.name, { type: "unknown" });
  const names = [prepareName("PETROV, Ivan Sergeevich", { kind: "primary", type: "person" })];
  const best = bestNameScore(qName, names, P);
  assert.ok(best);
  // The explanation built from the best name score is scoreEntity's, feature for feature.
  assert.deepEqual(explainEntity(q, qName, listed, best, P), score(q, "PETROV, Ivan Sergeevich", "person", listed));
  const final = scoreEntity(q, qName, listed, names, P).score;
  // A threshold the final score reaches is never skipped; the final score never exceeds the name score without
  // identifiers; a threshold above the (rounded) name score is.
  assert.ok(final <= best.score + 1e-9);
  assert.equal(canReach(q, best.score, final, P), true);
  assert.equal(canReach(q, best.score, Math.min(1, best.score + 0.01), P), false);
  // An identifier match lifts a score to identifierMatchScore: never skipped.
  assert.equal(canReach({ ...q, identifiers: [{ value: "1234567" }] }, 0.1, 0.9, P), true);
  // A negative penalty (a configured bonus) can lift it too: never skipped.
  assert.equal(canReach(q, 0.1, 0.9, { ...P, countryMismatchPenalty: -0.2 }), true);
  assert.equal(canReach(q, 0.1, 0.9, P), false);
});

test("an entity scores its best name with that name's features: of two names alike, the one whose legal form agrees", () => {
  const q: ScreenQuery = { name: "zhu hai zhen rong company" };
  const qName = prepareName(q.name, { type: "unknown" });
  const listed = ["ZHU HAI ZHEN RONG COMPANY LIMITED", "ZHU HAI ZHEN RONG COMPANY"];
  for (const order of [listed, [...listed].reverse()]) {
    const e = entity(order[0] as string, "organization", {
      names: order.map((full, i) => ({ full, kind: i === 0 ? ("primary" as const) : ("alias" as const) })),
    });
    const names = order.map((full) => prepareName(full, { kind: "primary", type: "organization" }));
    const exp = scoreEntity(q, qName, e, names, P);
    // Both names score 1 on their parts; the one with LIMITED costs a legal-form penalty, so the other is chosen.
    assert.equal(exp.score, 1, order.join(" / "));
    assert.equal(exp.matchedName, "ZHU HAI ZHEN RONG COMPANY");
    // With a threshold, the same answer; none when no name can reach it.
    assert.equal(bestExplanation(q, qName, e, names, P, false, 0.7)?.score, 1);
    assert.equal(
      bestExplanation({ name: "Ivan Petrov" }, prepareName("Ivan Petrov"), e, names, P, false, 0.7),
      undefined,
    );
  }
});

test("name_parts: Arabic ذ written dh or d is one spelling (Qadhafi = Gaddafi one edit apart, Ridha = Rida)", () => {
  const e = score({ name: "Muammar GADDAFI" }, "QADHAFI, Moammar", "person");
  assert.ok(e.score >= 0.8, e.text);
  assert.ok(score({ name: "Ali RIDHA" }, "RIDA, Ali", "person").score >= 0.95);
  assert.ok(score({ name: "Harith AL-DHARI" }, "AL-DARI, Harith", "person").score >= 0.95);
  // A д+х in a Russian name (Adkhamov) keeps its kh.
  assert.ok(score({ name: "Rustam ADKHAMOV" }, "ADAMOV, Rustam", "person").score < 0.95);
});

test("korean_name_order: Korean syllables paired out of order cost koreanOrderPenalty; a surname moved to the end does not", () => {
  // 성운 and 운성 are different given names (RI Song Un, born 1955; RI Un Song, born 1969: both listed).
  const swapped = score({ name: "Ri Un Song" }, "RI, Song Un", "person");
  assert.equal(f(swapped, "korean_name_order")?.contribution, -P.koreanOrderPenalty);
  assert.ok(swapped.score < 0.7, swapped.text);
  sums(swapped);
  // The Western order (surname last) and the listed order are one name.
  for (const q of ["Song Un Ri", "Ri Song Un", "RI Song-un"]) {
    const e = score({ name: q }, "RI, Song Un", "person");
    assert.equal(f(e, "korean_name_order"), undefined, q);
    assert.ok(e.score >= 0.95, e.text);
  }
  // Names of other languages keep their word-order freedom.
  const ru = score({ name: "Putin Vladimir Vladimirovich" }, "Vladimir Vladimirovich PUTIN", "person");
  assert.equal(f(ru, "korean_name_order"), undefined);
});

test("name_parts: a listed person's own given name left out while a later one paired costs contradictedPartWeight", () => {
  // The father's name against his son's (Ayman son of Sab'awi): a possible match, not a match (0.96 before).
  const son = score({ name: "SAB'AWI IBRAHIM HASSAN AL-TIKRITI" }, "AL-TIKRITI, Ayman Sabawi Ibrahim Hassan", "person");
  assert.ok(son.score >= 0.7 && son.score < 0.95, son.text);
  const fw = P.familyWeight;
  const expected = (fw + 3) / (fw + 3 + P.contradictedPartWeight);
  assert.ok(Math.abs((f(son, "name_parts")?.contribution ?? 0) - expected) < 1e-3, son.text);
  sums(son);
  // A left-out patronymic or a left-out later given name costs what it did.
  assert.ok(score({ name: "Vladimir PUTIN" }, "PUTIN, Vladimir Vladimirovich", "person").score >= 0.95);
  assert.ok(score({ name: "Ayman AL-TIKRITI" }, "AL-TIKRITI, Ayman Sabawi", "person").score >= 0.85);
});
