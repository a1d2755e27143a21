import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedClock } from "../../runtime/index.ts";
import { EntityBuilder } from "../lists/common.ts";
import type { EntityType } from "../model.ts";
import { createScreener } from "../screener.ts";
import { compareNames } from "./compare.ts";
import { withoutLeadingTitles, withoutVesselPrefix } from "./readings.ts";

test("withoutLeadingTitles: the titles and ranks a name starts with, dotted or not, several in a row", () => {
  assert.equal(withoutLeadingTitles("General Sergei Shoigu"), "Sergei Shoigu");
  assert.equal(withoutLeadingTitles("Gen. Valery Gerasimov"), "Valery Gerasimov");
  assert.equal(withoutLeadingTitles("Lt. Gen. Andrey Gurulev"), "Andrey Gurulev");
  assert.equal(withoutLeadingTitles("Lieutenant General Andrey Gurulev"), "Andrey Gurulev");
  assert.equal(withoutLeadingTitles("H.E. Sergey Lavrov"), "Sergey Lavrov");
  assert.equal(withoutLeadingTitles("Hon. Sir John Smith"), "John Smith");
  assert.equal(withoutLeadingTitles("Sheikh Hassan Dahir Aweys"), "Hassan Dahir Aweys");
  assert.equal(withoutLeadingTitles("Prime Minister Mikhail Mishustin"), "Mikhail Mishustin");
  // No title at the start, a title-like start of a longer word, or nothing left: none.
  assert.equal(withoutLeadingTitles("Sergei Shoigu"), undefined);
  assert.equal(withoutLeadingTitles("Generalov Ivan"), undefined);
  assert.equal(withoutLeadingTitles("Majorov Ivan"), undefined);
  assert.equal(withoutLeadingTitles("Gen."), undefined);
  assert.equal(withoutLeadingTitles("Mr"), undefined);
  // "He" is a family name (He Yi): only H.E. written with its dots is the honorific.
  assert.equal(withoutLeadingTitles("He Yi"), undefined);
  // Only at the start: a title inside a name stays.
  assert.equal(withoutLeadingTitles("Ivan General Petrov"), undefined);
});

test("readings of hostile names: long runs of titles or prefixes, titles only, control characters", () => {
  assert.equal(withoutLeadingTitles("Gen. ".repeat(2000)), undefined);
  assert.equal(withoutLeadingTitles(`${"Gen. ".repeat(2000)}Ivan`), "Ivan");
  assert.equal(withoutLeadingTitles("H.E.".repeat(2000)), undefined);
  assert.equal(withoutVesselPrefix("M/T ".repeat(2000)), undefined);
  assert.equal(withoutLeadingTitles("Sheikh\u0000Ali"), undefined);
  assert.equal(withoutLeadingTitles(""), undefined);
  const screener = screenerOf([["SHOIGU, Sergei", "person"]]);
  for (const name of ["Gen. ".repeat(40), "H.E.".repeat(60), "MV ".repeat(60), "Lt.-Gen. .  . Shoigu"])
    assert.ok(Array.isArray(screener.screen({ name }).hits), name);
});

test("withoutVesselPrefix: a ship's type written before its name", () => {
  for (const q of ["MV NS Champion", "M/V NS Champion", "M.V. NS Champion", "MT NS Champion", "Tanker NS Champion"])
    assert.equal(withoutVesselPrefix(q), "NS Champion", q);
  assert.equal(withoutVesselPrefix("LNG carrier Christophe de Margerie"), "Christophe de Margerie");
  // Words that only begin like a prefix, or nothing left: none.
  for (const q of ["MVD Rossii", "Mtsensk Plant", "My Lovely Shop", "Ms Anna Petrova", "Shipping Co", "Vessel"])
    assert.equal(withoutVesselPrefix(q), undefined, q);
});

function screenerOf(rows: [string, EntityType][]) {
  const entities = rows.map(
    ([n, type], i) => new EntityBuilder("t", String(i), type, "asset_freeze").name(n, "primary").entity,
  );
  return createScreener([{ list: "t", title: "t", sha256: "t", source: "test", entities }], {
    clock: fixedClock("2026-12-07T00:00:00Z"),
  });
}

test("a person screened with a title or rank before the name is found as without it", () => {
  const screener = screenerOf([
    ["SHOIGU, Sergei Kuzhugetovich", "person"],
    ["LAVROV, Sergey Viktorovich", "person"],
    ["GENERAL ELECTRONICS TRADING LLC", "organization"],
    ["MARSHAL ZHUKOV", "vessel"],
    ["ZHUKOV, Aleksandr", "person"],
  ]);
  for (const [q, type, id] of [
    ["General Sergei Shoigu", undefined, "0"],
    ["Gen. Sergei Kuzhugetovich Shoigu", "person", "0"],
    ["H.E. Sergey Lavrov", undefined, "1"],
    ["Minister Sergey Viktorovich Lavrov", "person", "1"],
  ] as const) {
    const before = screener.screen({ name: q.replace(/^.*?(Sergei|Sergey)/, "$1"), ...(type ? { type } : {}) });
    const hit = screener.screen({ name: q, ...(type ? { type } : {}) }).hits[0];
    assert.equal(hit?.sourceId, id, q);
    assert.equal(hit?.score, before.hits[0]?.score, `${q}: ${hit?.explanation.text}`);
  }
  // A company whose name starts with a title-like word keeps it: read as given, it matches itself.
  const company = screener.screen({ name: "General Electronics Trading LLC" }).hits[0];
  assert.equal(company?.sourceId, "2");
  assert.equal(company?.strength, "match");
  // A name of no known type left with one part after its "title" is not read without it: the ship is no person.
  const ship = screener.screen({ name: "MARSHAL ZHUKOV" }).hits;
  assert.equal(ship[0]?.sourceId, "3");
  assert.ok(!ship.some((h) => h.sourceId === "4"), ship.map((h) => h.explanation.text).join("; "));
});

test("a ship screened with its prefix is found as without it; a person is not read so", () => {
  const screener = screenerOf([
    ["NS CHAMPION", "vessel"],
    ["CHAMPION, Nikolai Sergeevich", "person"],
  ]);
  for (const [q, type] of [
    ["MV NS Champion", undefined],
    ["M/T NS Champion", "vessel"],
  ] as const) {
    const hit = screener.screen({ name: q, ...(type ? { type } : {}) }).hits[0];
    assert.equal(hit?.sourceId, "0", q);
    assert.equal(hit?.strength, "match", `${q}: ${hit?.explanation.text}`);
    assert.ok(
      hit?.explanation.features.some((f) => f.feature === "query_reading"),
      hit?.explanation.text,
    );
  }
  const person = screener.screen({ name: "MV NS Champion" }).hits.find((h) => h.sourceId === "1");
  assert.ok(!person?.explanation.features.some((f) => f.feature === "query_reading"), person?.explanation.text);
});

test("compare reads a person's name without its titles, as the screener does", () => {
  const r = compareNames("General Sergei Shoigu", "SHOIGU, Sergei", { type: "person" });
  assert.equal(r.verdict, "match", r.explanation.text);
  // An organisation's name is compared as given.
  const o = compareNames("General Electronics", "ELECTRONICS", { type: "organization" });
  assert.notEqual(o.verdict, "match", o.explanation.text);
});
