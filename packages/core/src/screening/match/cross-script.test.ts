import assert from "node:assert/strict";
import { test } from "node:test";
import { addInflectionVariant, prepareName } from "./names.ts";
import { DEFAULT_SCORE_PARAMS as P, scoreName } from "./scorer.ts";
import { koreanLoanwordReadings, scriptOf, transliterations } from "./transliterate.ts";

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
