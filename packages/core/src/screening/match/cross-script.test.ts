import assert from "node:assert/strict";
import { test } from "node:test";
import { addInflectionVariant, legalFormWordOf, prepareName } from "./names.ts";
import { DEFAULT_SCORE_PARAMS as P, scoreName } from "./scorer.ts";
import {
  abjadReadings,
  koreanHanjaHangul,
  koreanHanjaReadings,
  koreanLoanwordReadings,
  latinAbjadReadings,
  scriptOf,
  transliterations,
} from "./transliterate.ts";

const person = (s: string) => prepareName(s, { kind: "primary", type: "person" });
const nameScore = (q: string, listed: string) => scoreName(prepareName(q), person(listed));

test("Korean loanword readings: the inserted ㅡ dropped, ㄹㄹ as l, ㅂ as b or v, final 치 as ch", () => {
  assert.deepEqual(koreanLoanwordReadings("블라디미르"), ["bladimir", "vladimir"]);
  assert.ok(koreanLoanwordReadings("블라디미로비치").includes("vladimirovich"));
  // Korean given names (two syllables) and surnames (one) get no loanword reading.
  assert.deepEqual(koreanLoanwordReadings("정은"), []);
  assert.deepEqual(koreanLoanwordReadings("abc"), []);
  const s = nameScore("블라디미르 블라디미로비치 푸틴", "PUTIN, Vladimir Vladimirovich");
  assert.ok(s.score > 0.95, JSON.stringify(s.pairs));
  assert.ok(s.pairs.some((x) => x.standard === "ko-loanword"));
});

test("Greek foreign-name spelling: ντ = d, μπ = b, τσ/τς = ch beside the ELOT 743 reading", () => {
  const t = transliterations("βλαντιμιροβιτς").map((x) => x.latin);
  assert.deepEqual(t, ["vlantimirovits", "vladimirovich"]);
  assert.ok(nameScore("Βλαντίμιρ Βλαντίμιροβιτς Πούτιν", "PUTIN, Vladimir Vladimirovich").score > 0.95);
});

test("inflection: a query's Lithuanian or Greek nominative ending is left out at inflectionSimilarity", () => {
  const lt = nameScore("Vladimiras Putinas", "PUTIN, Vladimir");
  assert.ok(
    lt.pairs.every((x) => x.similarity === P.inflectionSimilarity),
    JSON.stringify(lt.pairs),
  );
  assert.ok(lt.score >= 0.85);
  const el = nameScore("Αλέξανδρος", "Alexander");
  assert.equal(el.score, P.inflectionSimilarity);
  // A stem shorter than four letters is no stem (Lucas is not Luc), and listed names get no such variant.
  const q = prepareName("Lucas Putinas");
  assert.ok(!q.tokens[0]?.variants.some((v) => v.standard === "inflection"));
  assert.ok(q.tokens[1]?.variants.some((v) => v.standard === "inflection" && v.key === "putin"));
  assert.ok(!person("Putinas").tokens[0]?.variants.some((v) => v.standard === "inflection"));
  // Adding it again changes nothing.
  const t = q.tokens[1];
  if (t) {
    const before = t.variants;
    addInflectionVariant(t);
    assert.equal(t.variants, before);
  }
  // A different given name does not meet through an ending: Markus is not Marko.
  assert.ok(nameScore("Markus Petrov", "PETROV, Marko").score < 0.9);
});

test("Khmer, Myanmar and Lao are compared by consonants like Thai (signs spelled apart by any-ascii)", () => {
  assert.equal(scriptOf("ពូទីន"), "southeast-asian");
  assert.equal(scriptOf("ပူတင်"), "southeast-asian");
  const km = nameScore("វ៉្លាឌីមៀរ ពូទីន", "PUTIN, Vladimir");
  assert.ok(km.score >= 0.85, JSON.stringify(km.pairs));
  assert.ok(km.pairs.every((x) => x.standard === "consonant-skeleton"));
});

test("abjad readings: Persian و = v and ق = g, spoken-Arabic ق = g and ش = ch, Hebrew ו = v (query side)", () => {
  assert.ok(abjadReadings("دوانی").includes("dvani"));
  assert.deepEqual(abjadReadings("דוד"), ["dvd"]);
  assert.deepEqual(abjadReadings("محمد"), []);
  assert.ok(latinAbjadReadings("bagheri").includes("baqeri"));
  for (const [q, listed] of [
    ["فریدون عباسی دوانی", "FEREIDOUN ABBASI-DAVANI"],
    ["محمد باقری", "Mohammad BAGHERI"],
    ["Mohammad BAGHERI", "محمد باقری"],
    ["رشيد طعان كاظم", "Rashid Taan Kathim"],
    ["דוד", "David"],
  ] as const) {
    const s = nameScore(q, listed);
    assert.ok(s.score >= 0.85, `${q}: ${JSON.stringify(s.pairs)}`);
  }
  // Listed names get no reading variants (the index keys are unchanged)…
  assert.ok(!person("محمد باقری").tokens.some((t) => t.variants.some((v) => v.standard === "abjad-reading")));
  // …and two consonants never meet through one (Vali = ولی needs the spelling one edit apart instead).
  assert.ok(!prepareName("ولی").tokens[0]?.variants.some((v) => v.standard === "abjad-reading"));
  // One consonant with the spelling one edit apart once w, v and u are one letter: abjadSimilarity − 0.15.
  const wali = nameScore("ولی محمد", "WALI MOHAMMAD");
  assert.ok(
    wali.pairs.some((x) => x.candidate === "wali" && Math.abs(x.similarity - (P.abjadSimilarity - 0.15)) < 1e-9),
  );
});

test("Abdur Rahman, Abdus Salam, Abdurrahman: the article assimilated to a sun letter is abd al", () => {
  assert.deepEqual(
    prepareName("Abdurrahman Abdus Salam").tokens.map((t) => t.latin),
    ["abd", "al", "rahman", "abd", "al", "salam"],
  );
  assert.equal(nameScore("ABDUR REHMAN", "Abd al-Rehman").score, 1);
  // A name that merely starts so is left alone.
  assert.deepEqual(
    prepareName("Abdurov").tokens.map((t) => t.latin),
    ["abdurov"],
  );
});

test("Serbian Cyrillic as ASCII Gaj Latin (ж z, ч/ћ c, ш s, ль lj): Желько Рунье = Zeljko Runje", () => {
  assert.ok(transliterations("тешић").some((x) => x.latin === "tesic" && x.standard === "sr-ascii"));
  assert.ok(transliterations("желько").some((x) => x.latin === "zeljko"));
  assert.ok(nameScore("Желько Рунье", "RUNJE, Zeljko").score > 0.95);
});

test("consonant readings: a Cyrillic query part meets a Latin listed part by 4+ consonants (Belarusian vowels)", () => {
  const s = nameScore("Святлана Аляксандраўна БАНДАРЭНКА", "BONDARENKO, Svetlana Aleksandrovna");
  assert.ok(s.score >= 0.85, JSON.stringify(s.pairs));
  assert.ok(s.pairs.some((x) => x.standard === "consonant-reading" && x.similarity === P.consonantReadingSimilarity));
  // A higher spelling pair wins over it (Петрова is one edit from Petrov: 1 − 1/7).
  const p = scoreName(prepareName("Петрова"), person("Petrov"));
  assert.ok((p.pairs[0]?.similarity ?? 0) > P.consonantReadingSimilarity);
  // Three consonants are not enough (Сяргей is not Sergei by consonants alone).
  assert.ok(!prepareName("Олег").tokens[0]?.variants.some((v) => v.standard === "consonant-reading"));
});

test("Han-only queries also get Korean readings: 金正恩 = Kim Jong Un, 李 = Lee/Ri; Chinese readings kept", () => {
  assert.deepEqual(koreanHanjaHangul("金正恩"), ["금정은", "김정은"]);
  // The initial-sound law: 李 is 리 (Ri, North) and 이 (Lee, South).
  assert.deepEqual(koreanHanjaHangul("李"), ["리", "이"]);
  assert.ok(koreanHanjaReadings("李").includes("lee"));
  assert.deepEqual(koreanHanjaHangul("abc"), []);
  assert.ok(nameScore("金正恩", "KIM, Jong Un").score > 0.95);
  // Split per character as a query, the Mandarin given name still meets its joined Latin form.
  assert.equal(nameScore("习近平", "XI, Jinping").score, 1);
  assert.deepEqual(
    prepareName("金正恩").tokens.map((t) => t.text),
    ["金", "正", "恩"],
  );
  // Listed names keep the surname + given name split and get no Korean readings (no table load at index build).
  const listed = person("习近平");
  assert.deepEqual(
    listed.tokens.map((t) => t.text),
    ["习", "近平"],
  );
  assert.ok(!listed.tokens.some((t) => t.variants.some((v) => v.standard === "ko-hanja")));
});

test("typed spelling: a typo that changes how a part folds still pairs at one edit (Mushnikoua = Mushnikova)", () => {
  const s = nameScore("Natalya MUSHNIKOuA", "MUSHNIKOVA, Natalya");
  assert.ok(
    s.pairs.some((x) => x.candidate === "mushnikova" && x.similarity === 0.9),
    JSON.stringify(s.pairs),
  );
  assert.ok(
    prepareName("Mushnikoua").tokens[0]?.variants.some((v) => v.standard === "typed" && v.key === "mushnikoua"),
  );
  // Not for parts under six letters (Thini is another family name than Tahini), nor for listed names.
  assert.ok(!prepareName("Thini").tokens[0]?.variants.some((v) => v.standard === "typed"));
  assert.ok(!person("Mushnikoua").tokens[0]?.variants.some((v) => v.standard === "typed"));
  // Two edits as typed stay two edits: Castro is not Castillo.
  assert.ok(nameScore("Fidel Castro", "Fidel Castillo").score <= 0.7);
});

test("legal-form words typed with a typo are still legal forms in a query (Limited Liability Comapny)", () => {
  assert.equal(legalFormWordOf("comapny"), "company");
  assert.equal(legalFormWordOf("aktsionernee"), "aktsionernoe");
  // Short words and words near no legal-form word are left alone.
  assert.equal(legalFormWordOf("compa"), "compa");
  assert.equal(legalFormWordOf("strela"), "strela");
  const q = prepareName("STRELA LIMITED LIABILITY COMAPNY");
  assert.deepEqual(
    q.scored.map((t) => t.text),
    ["strela"],
  );
  assert.equal(nameScore("STRELA LIMITED LIABILITY COMAPNY", "STRELA LIMITED LIABILITY COMPANY").score, 1);
  // Listed names are taken as published.
  assert.ok(person("STRELA LIMITED LIABILITY COMAPNY").scored.some((t) => t.text === "comapny"));
});

test("Central Asian Cyrillic (дж/ж = j) and Cyrillic Abdul- compounds (Абдулхаким = Abd al-Khakim)", () => {
  assert.ok(transliterations("джахонгир").some((x) => x.latin === "jakhongir" && x.standard === "central-asian"));
  assert.ok(transliterations("ражапович").some((x) => x.latin === "rajapovich"));
  assert.deepEqual(
    prepareName("Абдулхаким").tokens.map((t) => t.text),
    ["абд", "ал", "хаким"],
  );
  // Abdulla is a name, not Abd al-la.
  assert.deepEqual(
    prepareName("Абдулла").tokens.map((t) => t.text),
    ["абдулла"],
  );
  assert.ok(nameScore("ГАДЖИЕВ Абдулхаким Кутбудинович", "GADZHIEV, Abdulkhakim Kutbudinovich").score > 0.95);
  assert.ok(nameScore("Джалолов Джахонгир", "JALOLOV, Jahongir").score > 0.95);
});
