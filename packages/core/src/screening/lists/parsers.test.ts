import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { bundledDataDir } from "../../data/index.ts";
import type { Entity } from "../model.ts";
import { parseBisDpl } from "./bis-dpl.ts";
import { countryCode, isoDate } from "./common.ts";
import { parseCsl } from "./csl.ts";
import { parseEuXml } from "./eu-xml.ts";
import { parseFtm } from "./ftm.ts";
import { parseOfacCsv } from "./ofac-csv.ts";
import { remarkItems } from "./ofac-remarks.ts";
import { parseOfacXml } from "./ofac-xml.ts";
import { parseUkCsv } from "./uk-csv.ts";
import { parseUnXml } from "./un-xml.ts";

const bundled = (p: string) => gunzipSync(readFileSync(path.join(bundledDataDir, "lists", p)));
const sample = (f: string) => readFileSync(new URL(`./samples/${f}`, import.meta.url));

function count<T>(xs: T[], key: (x: T) => string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) for (const k of key(x)) out[k] = (out[k] ?? 0) + 1;
  return out;
}
const byId = (es: Entity[], id: string) => es.find((e) => e.sourceId === id);

test("OFAC SDN legacy CSV (July 2021): 8,976 rows, types and programmes as documented", () => {
  const r = parseOfacCsv({
    primary: bundled("ofac-sdn/sdn.csv.gz"),
    alt: bundled("ofac-sdn/alt.csv.gz"),
    add: bundled("ofac-sdn/add.csv.gz"),
    comments: bundled("ofac-sdn/sdn_comments.csv.gz"),
  });
  assert.equal(r.rows, 8976);
  assert.equal(r.entities.length, 8976);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(
    count(r.entities, (e) => [e.type]),
    {
      organization: 3673,
      person: 4620,
      vessel: 406,
      aircraft: 277,
    },
  );
  // 613 rows carry UKRAINE/RUSSIA/CAATSA/CYBER programmes (data README).
  assert.equal(r.entities.filter((e) => e.programmes.some((p) => /UKRAINE|RUSSIA|CAATSA|CYBER/.test(p))).length, 613);
  assert.ok(r.entities.every((e) => e.sanctionKind === "asset_freeze" && e.id === `ofac-sdn:${e.sourceId}`));
  const bnc = byId(r.entities, "306");
  assert.deepEqual(
    bnc?.names.map((n) => [n.full, n.kind]),
    [
      ["BANCO NACIONAL DE CUBA", "primary"],
      ["BNC", "weak_alias"],
      ["NATIONAL BANK OF CUBA", "alias"],
    ],
  );
  assert.equal(bnc?.addresses.length, 4);
  // Countries are ISO 3166 alpha-2 wherever the list's spelling is recognised; addresses keep the text.
  assert.deepEqual(bnc?.countries, ["CH", "ES", "JP", "PA"]);
  assert.match(bnc?.addresses[0]?.full ?? "", /Switzerland$/);
  // Individuals are "LAST, First": the parts are kept.
  const person = r.entities.find((e) => e.type === "person" && e.names[0]?.family);
  assert.ok(person?.names[0]?.given);
  // Remarks yield identifiers, e.g. Russian INN by country and digit count.
  assert.ok(r.entities.some((e) => e.identifiers.some((i) => i.type === "inn" && /^\d{10}$|^\d{12}$/.test(i.value))));
  assert.ok(r.entities.some((e) => e.identifiers.some((i) => i.type === "imo" && /^\d{7}$/.test(i.value))));
});

test("OFAC non-SDN consolidated CSV (Dec 2025): 442 rows; SSI and EO 14024 directive entries are sectoral", () => {
  const r = parseOfacCsv(
    {
      primary: bundled("ofac-cons/cons_prim.csv.gz"),
      alt: bundled("ofac-cons/cons_alt.csv.gz"),
      add: bundled("ofac-cons/cons_add.csv.gz"),
      comments: bundled("ofac-cons/cons_comments.csv.gz"),
    },
    { list: "ofac-cons" },
  );
  assert.equal(r.entities.length, 442);
  assert.deepEqual(r.issues, []);
  const programmes = count(r.entities, (e) => e.programmes);
  // Counts stated in the data README.
  assert.equal(programmes["UKRAINE-EO13662"], 286);
  assert.equal(programmes["RUSSIA-EO14024"], 93);
  assert.equal(programmes["NS-PLC"], 78);
  assert.equal(programmes["CMIC-EO13959"], 68);
  for (const e of r.entities) {
    const sectoral = e.programmes.some((p) => p === "UKRAINE-EO13662" || p === "RUSSIA-EO14024");
    assert.equal(e.sanctionKind, sectoral ? "sectoral" : "other", e.id);
  }
  // cons_comments.csv continues a Remarks cut mid-word ("Registration Numbe" + "r 1027700342890 (Russia)").
  const cut = byId(r.entities, "17014");
  assert.ok(cut?.identifiers.some((i) => i.type === "ogrn" && i.value === "1027700342890"));
  assert.match(cut?.remarks ?? "", /Registration Number 1027700342890 \(Russia\)/);
  // Listing dates from "Listing Date (EO 14024 Directive 3): 24 Feb 2022" style remarks.
  assert.ok(r.entities.some((e) => e.listedOn === "2022-02-24"));
});

test("UN consolidated XML (2026-02-27): 730 individuals + 273 entities, list types as documented", () => {
  const r = parseUnXml(bundled("un-sc/un_sc_consolidated_2026-02-27.xml.gz"));
  assert.equal(r.date, "2026-02-27");
  assert.deepEqual(
    count(r.entities, (e) => [e.type]),
    { person: 730, organization: 273 },
  );
  assert.deepEqual(r.issues, []);
  const types = count(r.entities, (e) => e.programmes);
  assert.deepEqual(
    [types["Al-Qaida"], types.DPRK, types.Taliban, types.Iran, types.Iraq, types.DRC],
    [341, 155, 140, 121, 75, 53],
  );
  const e = byId(r.entities, "6907994");
  assert.equal(e?.names[0]?.full, "FRANK KAKOLELE BWAMBALE");
  assert.deepEqual(
    e?.names.slice(1).map((n) => n.kind),
    ["alias", "alias", "alias"],
  );
  assert.equal(e?.listedOn, "2005-11-01");
  assert.equal(e?.gender, "male");
  assert.deepEqual(e?.nationalities, ["CD"]); // "Democratic Republic of the Congo"
  // "Low" quality aliases are weak.
  assert.ok(r.entities.some((x) => x.names.some((n) => n.kind === "weak_alias" && n.quality === "Low")));
  assert.ok(r.entities.some((x) => x.identifiers.some((i) => i.type === "passport")));
});

test("BIS Denied Persons List (Sep 2022): 581 rows grouped into 460 denials", () => {
  const r = parseBisDpl(bundled("bis-dpl/bis_denied_persons_list_2022-09.txt.gz"));
  assert.equal(r.rows, 581);
  assert.equal(r.entities.length, 460);
  assert.ok(r.entities.every((e) => e.sanctionKind === "end_user" && e.programmes[0] === "DPL"));
  const zimo = r.entities.find((e) => e.names[0]?.full === "ZIMO SHENG");
  assert.equal(zimo?.addresses.length, 2);
  assert.equal(zimo?.listedOn, "2020-03-16");
});

test("trade.gov CSL (29-column sample and 28-column 2019 extract): hit meaning per source list", () => {
  const r = parseCsl(bundled("trade-gov-csl/trade_gov_csl_sample_2025-06.csv.gz"));
  assert.equal(r.entities.length, 13);
  const kinds = Object.fromEntries(r.entities.map((e) => [e.programmes[0], e.sanctionKind]));
  assert.equal(kinds.SDN, "asset_freeze");
  assert.equal(kinds.SSI, "sectoral");
  assert.equal(kinds.DPL, "end_user");
  assert.equal(kinds.EL, "end_user");
  assert.equal(kinds.ISN, "other");
  const rim = r.entities.find((e) => e.names[0]?.full === "RIM, Ryong Nam");
  assert.deepEqual(rim?.identifiers, [{ type: "passport", value: "836238033", country: "KP", note: "Passport" }]);
  assert.equal(rim?.gender, "male");
  assert.deepEqual(rim?.birthDates, ["1978-12-05"]);
  const old = parseCsl(sample("trade-gov-csl-partial-2019-12.csv"));
  assert.equal(old.entities.length, 115);
  assert.deepEqual(old.issues, []);
});

test("EU FSF XML sample: names with parts, weak alias, INN/OGRN by identification type", () => {
  const r = parseEuXml(sample("eu-fsf-sample.xml"));
  assert.equal(r.date, "2026-01-15");
  assert.equal(r.entities.length, 2);
  const [p, o] = r.entities;
  assert.equal(p?.type, "person");
  assert.deepEqual(p?.names[0], {
    full: "Ivan Testovich Samplov",
    kind: "primary",
    given: "Ivan",
    middle: "Testovich",
    family: "Samplov",
  });
  assert.ok(p?.names.some((n) => n.kind === "weak_alias" && n.full === "Vanya Sample"));
  assert.deepEqual(p?.birthDates, ["1970-01-01"]);
  assert.deepEqual(p?.nationalities, ["RU"]);
  assert.equal(p?.listedOn, "2022-03-15");
  assert.equal(o?.type, "organization");
  assert.deepEqual(
    o?.identifiers.filter((i) => i.type === "inn" || i.type === "ogrn").map((i) => i.type),
    ["inn", "ogrn"],
  );
});

test("UK Sanctions List CSV sample: rows grouped by Unique ID, packed TIN/OGRN split, ship IMO", () => {
  const r = parseUkCsv(sample("uk-sanctions-list-sample.csv"));
  assert.equal(r.rows, 6);
  assert.equal(r.date, "2026-01-15");
  assert.deepEqual(
    r.entities.map((e) => [e.sourceId, e.type, e.sanctionKind]),
    [
      ["RUS9001", "person", "asset_freeze"],
      ["RUS9002", "organization", "asset_freeze"],
      ["RUS9003", "vessel", "other"],
    ],
  );
  const [p, o, s] = r.entities;
  assert.deepEqual(
    p?.names.map((n) => n.kind),
    ["primary", "original_script", "alias", "weak_alias"],
  );
  assert.deepEqual(p?.birthDates, ["1970-01-01"]);
  assert.deepEqual(
    o?.identifiers.map((i) => [i.type, i.value]),
    [
      ["inn", "0000000000"],
      ["ogrn", "0000000000000"],
    ],
  );
  assert.deepEqual(s?.identifiers, [{ type: "imo", value: "9999993" }]);
  assert.deepEqual(s?.countries, ["GA"]);
  assert.deepEqual(p?.nationalities, ["RU"]);
});

test("OFAC SDN XML sample: record count checked, akas strong/weak, idList identifiers", () => {
  const r = parseOfacXml(sample("ofac-sdn-sample.xml"));
  assert.equal(r.date, "2026-01-15");
  assert.deepEqual(
    r.entities.map((e) => e.type),
    ["person", "organization", "vessel"],
  );
  const [p, o, v] = r.entities;
  assert.deepEqual(
    p?.names.map((n) => [n.full, n.kind]),
    [
      ["SAMPLOV, Ivan Testovich", "primary"],
      ["SAMPLOFF, Ivan", "alias"],
      ["VANYA", "weak_alias"],
    ],
  );
  assert.deepEqual(p?.programmes, ["RUSSIA-EO14024"]);
  assert.equal(p?.gender, "male");
  assert.ok(p?.identifiers.some((i) => i.type === "inn"));
  assert.ok(o?.names.some((n) => n.kind === "former"));
  assert.ok(v?.identifiers.some((i) => i.type === "imo" && i.value === "9999993"));
});

test("FollowTheMoney JSON lines sample: targets kept, sanctions/addresses/passports joined, nested read", () => {
  const r = parseFtm(sample("ftm-sample.jsonl"));
  assert.equal(r.rows, 7);
  assert.deepEqual(
    r.entities.map((e) => [e.sourceId, e.type]),
    [
      ["sample-person-1", "person"],
      ["sample-company-1", "organization"],
      ["sample-vessel-1", "vessel"],
    ],
  );
  const [p, c, v] = r.entities;
  assert.equal(p?.names[0]?.patronymic, "Testovich");
  assert.deepEqual(p?.nationalities, ["RU"]);
  assert.ok(p?.names.some((n) => n.kind === "weak_alias"));
  assert.equal(p?.listedOn, "2022-03-15");
  assert.ok(p?.identifiers.some((i) => i.type === "passport" && i.value === "000000002"));
  assert.deepEqual(c?.addresses, [{ full: "2 Example Avenue, Sampletown, Russia", country: "RU" }]);
  assert.deepEqual(v?.programmes, ["Sample shipping programme"]);
  assert.ok(r.entities.every((e) => e.sanctionKind === "other"));
});

test("list spellings of countries resolve to ISO 3166 alpha-2; unknown ones do not guess", () => {
  const cases: [string, string | undefined][] = [
    ["Russia", "RU"],
    ["RUSSIAN FEDERATION", "RU"],
    ["Korea, North", "KP"],
    ["Democratic People's Republic of Korea", "KP"],
    ["Iran (Islamic Republic of)", "IR"],
    ["Congo, Democratic Republic of the", "CD"],
    ["Côte d'Ivoire", "CI"],
    ["Burma", "MM"],
    ["US", "US"],
    ["NM", undefined],
    ["Region: Crimea", undefined],
    ["former Soviet Union", undefined],
  ];
  for (const [raw, iso] of cases) assert.equal(countryCode(raw), iso, raw);
});

test("remarks split on ';' outside quotes and dates normalise", () => {
  assert.deepEqual(remarkItems("DOB 1962; a.k.a. 'A; B'; POB Shati."), ["DOB 1962", "a.k.a. 'A; B'", "POB Shati"]);
  assert.equal(isoDate("24 Feb 2022"), "2022-02-24");
  assert.equal(isoDate("03/16/2020", "mdy"), "2020-03-16");
  assert.equal(isoDate("16/03/2020", "dmy"), "2020-03-16");
  assert.equal(isoDate("Feb 2022"), "2022-02");
  assert.equal(isoDate("13/13/2020"), undefined);
});
