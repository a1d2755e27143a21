import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedClock } from "../../runtime/index.ts";
import { EntityBuilder } from "../lists/common.ts";
import type { EntityType } from "../model.ts";
import { createScreener } from "../screener.ts";
import { findLegalForms, joinLetterRuns } from "./legal-forms.ts";
import { prepareName } from "./names.ts";

const forms = (words: string) => findLegalForms(words.split(" ")).map((f) => `${f.text}=${f.cls}`);
const parts = (full: string, type?: EntityType) =>
  prepareName(full, type ? { kind: "primary", type } : {}).scored.map((t) => t.text);

test("dotted legal forms are found with their letters joined (an organisation's reading) and apart", () => {
  // Mexico's S.A. de C.V.: an organisation's name joins the letters, a name of no known type keeps them apart.
  assert.deepEqual(forms("valgo grupo de inversion sa de cv"), ["sa de cv=joint_stock"]);
  assert.deepEqual(forms("valgo grupo de inversion s a de c v"), ["s a de c v=joint_stock"]);
  assert.deepEqual(forms("handal s de r l"), ["s de r l=limited_liability"]);
  assert.deepEqual(forms("handal s de rl"), ["s de rl=limited_liability"]);
  assert.deepEqual(forms("felixtapia sc de rl de cv"), ["sc de rl de cv=cooperative_foundation"]);
  assert.deepEqual(joinLetterRuns(["s", "a", "de", "c", "v"]), ["sa", "de", "cv"]);
  assert.deepEqual(joinLetterRuns(["s", "de", "r", "l"]), ["s", "de", "rl"]);
  // Two-letter forms joined, as an organisation's name has them (K.K., A.S., S.C.); at the edges only where the
  // word is also a name word.
  assert.deepEqual(forms("ascotec japan kk"), ["kk=corporation"]);
  assert.deepEqual(forms("tranz tel as"), ["as=joint_stock"]);
  assert.deepEqual(forms("adp sc"), ["sc=partnership"]);
  assert.deepEqual(forms("banco sc norte"), []);
});

test("two letters apart stay a person's initials (A. S. Pushkin, K. K. Lee)", () => {
  assert.deepEqual(parts("A. S. Pushkin"), ["a", "s", "pushkin"]);
  assert.deepEqual(parts("K. K. Lee"), ["k", "k", "lee"]);
  assert.deepEqual(parts("Pushkin, A. S."), ["pushkin", "a", "s"]);
});

test("a listed company's name and the same text screened with no type hold the same legal form and parts", () => {
  for (const [full, expected] of [
    ["VALGO GRUPO DE INVERSION S.A. DE C.V.", ["valgo", "grupo", "inversion"]],
    ["ACCESOS ELECTRONICOS S.A.DE C.V.", ["accesos", "electronicos"]],
    ["CORPORACION HANDAL S. DE R.L.", ["handal"]],
    ["FELIXTAPIA, S.C. DE R.L. DE C.V.", ["felixtapia"]],
    // The lists misspell legal-form words; read as the word they miss by one letter, listed or screened.
    ["PUBLICHNOE AKTSIONERNOE OBSCHESTVO CITY", ["city"]],
    ["OBSHCHESTVO S ORGANICHENNOY OTVETSTVENNOSTYU ASPEKTRIUM", ["aspektrium"]],
  ] as const) {
    assert.deepEqual(parts(full, "organization"), expected, `${full} as listed`);
    assert.deepEqual(parts(full), expected, `${full} as a query`);
  }
});

test("screening a listed company's exact name with no type finds it as a match", () => {
  const names = [
    "VALGO GRUPO DE INVERSION S.A. DE C.V.",
    "CHIHUAHUA FOODS S.A. DE C.V.",
    "ASCOTEC JAPAN K.K.",
    "ATLAS DOVIZ TICARETI A.S.",
    "TRANZ-TEL, A.S.",
    "ADP, S.C.",
    "E. S. CO.",
    "CECEP EDITORES S.A.",
    "PUBLICHNOE AKTSIONERNOE OBSCHESTVO CITY",
  ];
  const entities = names.map(
    (n, i) => new EntityBuilder("t", String(i), "organization", "asset_freeze").name(n, "primary").entity,
  );
  const pushkin = new EntityBuilder("t", "p", "person", "asset_freeze").name(
    "PUSHKIN, Aleksandr Sergeevich",
    "primary",
  );
  const screener = createScreener(
    [{ list: "t", title: "t", sha256: "t", source: "test", entities: [...entities, pushkin.entity] }],
    { clock: fixedClock("2026-12-07T00:00:00Z") },
  );
  for (const [i, n] of names.entries()) {
    const hit = screener.screen({ name: n }).hits[0];
    assert.equal(hit?.sourceId, String(i), n);
    assert.equal(hit?.strength, "match", `${n}: ${hit?.explanation.text}`);
  }
  // The legal form written apart and in another order still meets it.
  assert.equal(screener.screen({ name: "EDITORES S.A. CECEP" }).hits[0]?.strength, "match");
  // A different legal form still costs: S.A. de C.V. against S. de R.L. de C.V. is no match.
  const other = screener.screen({ name: "CHIHUAHUA FOODS S. DE R.L. DE C.V." }).hits[0];
  assert.ok(other === undefined || other.strength === "possible", other?.explanation.text);
  // A person's initials are read as initials, not as a company's letters.
  const person = screener.screen({ name: "A. S. Pushkin" }).hits[0];
  assert.equal(person?.sourceId, "p");
  assert.ok(
    person?.explanation.pairs.some((p) => p.kind === "initial"),
    person?.explanation.text,
  );
});
