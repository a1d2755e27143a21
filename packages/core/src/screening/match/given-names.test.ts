import assert from "node:assert/strict";
import { test } from "node:test";
import { givenNameGroups } from "./given-names.ts";
import { prepareName } from "./names.ts";
import { foldKey } from "./normalise.ts";
import { DEFAULT_SCORE_PARAMS as P, scoreName } from "./scorer.ts";

const score = (q: string, listed: string) =>
  scoreName(prepareName(q, { type: "person" }), prepareName(listed, { kind: "primary", type: "person" }));

test("given-name groups: a spelling or form gets its group's key; names with two meanings are in none", () => {
  assert.deepEqual(givenNameGroups(foldKey("mohammed")), [{ key: foldKey("muhammad"), kind: "spelling" }]);
  assert.deepEqual(givenNameGroups(foldKey("eugene")), [{ key: foldKey("evgenii"), kind: "equivalent" }]);
  // Alex stands for Aleksandr and for Aleksei.
  assert.deepEqual(
    givenNameGroups(foldKey("alex")).map((g) => g.key),
    [foldKey("aleksandr"), foldKey("aleksei")],
  );
  for (const w of ["said", "sayyid", "nasr", "ivanov", "castro"]) assert.deepEqual(givenNameGroups(foldKey(w)), [], w);
});

test("a common given name's spellings meet as one name's; its Russian or Western form, or a diminutive, lower", () => {
  const spelt = score("Mohammed Ahmed HASSAN", "HASSAN, Muhammad Ahmad");
  assert.ok(spelt.score >= 0.95, JSON.stringify(spelt.pairs));
  assert.ok(spelt.pairs.some((p) => p.standard === "given-name-spelling" && p.similarity === P.variantSimilarity));
  for (const [q, l] of [
    ["Eugene PRIGOZHIN", "PRIGOZHIN, Yevgeny"],
    ["Sasha IVANOV", "IVANOV, Aleksandr"],
    ["Michael FRIDMAN", "FRIDMAN, Mikhail"],
  ]) {
    const s = score(q as string, l as string);
    assert.ok(s.score >= 0.7 && s.score < 0.95, `${q} / ${l}: ${s.score}`);
    assert.ok(
      s.pairs.some((p) => p.standard === "given-name-equivalent" && p.similarity === P.givenNameEquivalentSimilarity),
    );
  }
  // With the patronymic too, the same person is a match.
  assert.ok(score("Eugene Viktorovich PRIGOZHIN", "PRIGOZHIN, Yevgeny Viktorovich").score >= 0.95);
  // Different names stay different: Said is not Sayyid, Castro is not Castillo.
  assert.ok(score("Said ALI", "ALI, Sayyid").score < 0.7);
  assert.ok(score("Fidel CASTRO", "CASTILLO, Fidel").score < 0.95);
});

test("English given names: a spelling meets as a spelling, a short form as the same name", () => {
  for (const [q, l] of [
    ["Jon SMITH", "SMITH, John"],
    ["Steven GRANT", "GRANT, Stephen"],
    ["Kathryn JONES", "JONES, Katherine"],
  ]) {
    const s = score(q as string, l as string);
    assert.ok(s.score >= 0.95, `${q} / ${l}: ${s.score}`);
    assert.ok(s.pairs.some((p) => p.standard === "given-name-spelling"));
  }
  for (const [q, l] of [
    ["Bill BROWDER", "BROWDER, William"],
    ["Bob SMITH", "SMITH, Robert"],
    ["Kate JONES", "JONES, Katherine"],
    ["Steve GRANT", "GRANT, Steven"],
  ]) {
    const s = score(q as string, l as string);
    assert.ok(s.score >= 0.7 && s.score < 0.95, `${q} / ${l}: ${s.score}`);
    assert.ok(
      s.pairs.some((p) => p.standard === "given-name-equivalent"),
      `${q} / ${l}`,
    );
  }
  // A short form of one name does not meet another name's.
  assert.ok(score("Bill SMITH", "SMITH, Robert").score < 0.7);
  // Short forms that are parts of names in other languages are in no group.
  for (const w of ["al", "ed", "ben", "kim", "lee"]) assert.deepEqual(givenNameGroups(foldKey(w), w), [], w);
  // English short forms are looked up as spelt: names that only fold like one are not in its group.
  for (const w of ["kenji", "dajani"]) assert.deepEqual(givenNameGroups(foldKey(w), w), [], w);
});
