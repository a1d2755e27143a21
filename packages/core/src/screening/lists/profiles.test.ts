import assert from "node:assert/strict";
import { test } from "node:test";
import { type Entity, type EntityName, newEntity } from "../model.ts";
import { mergeProfiles, NAME_DOB_MIN_SCORE, nameKey } from "./profiles.ts";

// Records shaped as the bundled lists give them (names, kinds, dates of birth and identifiers copied from the OFAC
// SDN of 2024-05-03 and the OFSI ConList of 2025-04-14).
function person(
  list: string,
  sourceId: string,
  names: [EntityName["kind"], string][],
  birthDates: string[],
  identifiers: Entity["identifiers"] = [],
): Entity {
  return newEntity({
    list,
    sourceId,
    type: "person",
    names: names.map(([kind, full]) => ({ kind, full })),
    birthDates,
    identifiers,
  });
}
const ukRef = (v: string) => ({ type: "other" as const, value: v, note: "UK Sanctions List Ref" });

/** The records' ids per profile (lead first), for profiles of two or more records. */
function groups(records: Entity[]): string[][] {
  return mergeProfiles(records)
    .profiles.filter((p) => (p.listings?.length ?? 0) > 1)
    .map((p) => (p.listings ?? []).map((l) => l.entityId));
}

const tsarevOfac = person(
  "ofac-sdn",
  "44904",
  [
    ["primary", "TSAREV, Mikhail Mikhailovich"],
    ["weak_alias", "MANGO"],
    ["weak_alias", "SUPER MISHA"],
  ],
  ["1989-04-20"],
  [{ type: "email", value: "tsarev89@gmail.com", note: "Email Address" }],
);
const tsarevUk = person(
  "uk-ofsi",
  "16079",
  [
    ["alias", "FRANCES"],
    ["alias", "MANGO"],
    ["primary", "Mikhail TSAREV"],
  ],
  ["1989-04-20"],
  [ukRef("CYB0037")],
);

test("one full date of birth and a dropped patronymic: one profile, the link says why", () => {
  const { profiles } = mergeProfiles([tsarevOfac, tsarevUk]);
  assert.equal(profiles.length, 1);
  const p = profiles[0] as Entity;
  assert.deepEqual(
    p.listings?.map((l) => l.entityId),
    ["ofac-sdn:44904", "uk-ofsi:16079"],
  );
  assert.equal(p.mergedOn?.length, 1);
  assert.equal(p.mergedOn?.[0]?.rule, "name_dob");
  assert.match(p.mergedOn?.[0]?.detail ?? "", /"mikhail mikhailovich tsarev" ~ "mikhail tsarev" born 1989-04-20/);
});

test("another spelling of the same person (Yury / Yuri) with the same full date of birth: one profile", () => {
  const ofac = person("ofac-sdn", "10142", [["primary", "SIVAKOV, Yury"]], ["1946-08-05"]);
  const uk = person(
    "uk-ofsi",
    "11723",
    [
      ["primary", "Yuri Leonidovich SIVAKOV"],
      ["original_script", "Юрий Леонидович Сиваков"],
    ],
    ["1946-08-05"],
    [ukRef("BEL0004")],
  );
  assert.deepEqual(groups([ofac, uk]), [["ofac-sdn:10142", "uk-ofsi:11723"]]);
});

test("namesakes with different dates of birth stay apart, however alike the names", () => {
  const ofac = person(
    "ofac-sdn",
    "31456",
    [
      ["primary", "BELOUSOV, Mikhail Nikolaevich"],
      ["alias", "BELOUSOV, Mikhail Nikolayevich"],
    ],
    ["1964-11-26"],
  );
  const uk = person(
    "uk-ofsi",
    "14960",
    [
      ["primary", "Mikhail Vladimirovich BELOUSOV"],
      ["original_script", "Михаил Владимирович БЕЛОУСОВ"],
    ],
    ["1953-11-10"],
    [ukRef("RUS1009")],
  );
  // Same names, different dates (the second record is constructed for the test): still two people.
  const zhukovA = person("ofac-sdn", "37318", [["primary", "ZHUKOV, Alexander Dmitrievich"]], ["1956-06-01"]);
  const zhukovB = person("uk-ofsi", "99001", [["primary", "Alexander Dmitrievich ZHUKOV"]], ["1974-12-29"]);
  assert.deepEqual(groups([ofac, uk, zhukovA, zhukovB]), []);
});

test("a contradicting patronymic on the same date of birth scores below the bar and stays apart", () => {
  const ofac = person("ofac-sdn", "36799", [["primary", "IVANOV, Sergey Borisovich"]], ["1952-04-19"]);
  const uk = person(
    "uk-ofsi",
    "14964",
    [
      ["primary", "Sergey Pavlovich IVANOV"],
      ["original_script", "Сергей Павлович Иванов"],
    ],
    ["1952-04-19"],
    [ukRef("RUS1013")],
  );
  assert.deepEqual(groups([ofac, uk]), []);
  assert.ok(NAME_DOB_MIN_SCORE >= 0.9);
});

test("a name on its own, without a date of birth, never merges", () => {
  const ofac = person("ofac-sdn", "44097", [["primary", "SOROKIN, Pavel Yurevich"]], ["1985-08-01"]);
  const uk = person("uk-ofsi", "15938", [["primary", "Pavel Yurevich SOROKIN"]], []);
  assert.deepEqual(groups([ofac, uk]), []);
});

test("a record matching two records of one other list by name variants links to neither", () => {
  const a = person("uk-ofsi", "1", [["primary", "Andrei Veniaminovich YARIN"]], ["1970-02-13"], [ukRef("CHW0011")]);
  const b = person("uk-ofsi", "2", [["primary", "Andrey Veniaminovich YARIN"]], ["1970-02-13"], [ukRef("RUS1561")]);
  const ofac = person("ofac-sdn", "31122", [["primary", "YARIN, Andrei"]], ["1970-02-13"]);
  assert.deepEqual(groups([ofac, a, b]), []);
  // Either one alone is the same person.
  assert.deepEqual(groups([ofac, a]), [["ofac-sdn:31122", "uk-ofsi:1"]]);
});

test("the same name and a birth year where both lists give only the year: one profile; one word is not enough", () => {
  const ofac = person(
    "ofac-sdn",
    "8230",
    [
      ["primary", "SHABAN, Adib"],
      ["alias", "AL-ANI, Adib Shaban"],
      ["alias", "SHABAN, Dr. Adib"],
    ],
    ["1952"],
  );
  const uk = person(
    "uk-ofsi",
    "8383",
    [
      ["primary", "ADIB SHABAN AL-ANI"],
      ["original_script", "أديب شعبـان العانــي"],
      ["alias", "Adib SHABAN"],
    ],
    ["1952"],
    [ukRef("IRQ0137"), { type: "other", value: "IQi.076", note: "UN reference number" }],
  );
  const { profiles } = mergeProfiles([ofac, uk]);
  assert.equal(profiles.length, 1);
  assert.match(profiles[0]?.mergedOn?.[0]?.detail ?? "", /born 1952$/);
  // A one-word name with the same year: two records.
  const un = person("un-sc", "1", [["primary", "SUHAIL"]], ["1970"]);
  const uk2 = person("uk-ofsi", "2", [["primary", "Suhail"]], ["1970"]);
  assert.deepEqual(groups([un, uk2]), []);
  // A year on one side and a full date on the other are not compared.
  const full = person("uk-ofsi", "3", [["primary", "Adib SHABAN"]], ["1952-03-01"]);
  assert.deepEqual(groups([ofac, full]), []);
});

test("the same input gives the same profiles and links", () => {
  const records = [tsarevOfac, tsarevUk];
  assert.deepEqual(mergeProfiles(records).profiles, mergeProfiles([...records]).profiles);
});

test("nameKey: lower case, punctuation as a word break, words sorted; ASCII and accented names alike", () => {
  assert.equal(nameKey("PUTIN, Vladimir Vladimirovich"), "putin vladimir vladimirovich");
  assert.equal(nameKey("Vladimir Vladimirovich PUTIN"), "putin vladimir vladimirovich");
  assert.equal(nameKey("  O'NEIL -- (Sean) 3rd. "), "3rd neil o sean");
  assert.equal(nameKey("SOVCOMFLOT"), "sovcomflot");
  assert.equal(nameKey(" ,.- "), "");
  assert.equal(nameKey(""), "");
  // The accented spelling gives the ASCII spelling's key (the ASCII path and the Unicode path agree).
  assert.equal(nameKey("Müller, Jürgen"), nameKey("Jurgen MULLER"));
  assert.equal(nameKey("José  María\tAznar"), "aznar jose maria");
});
