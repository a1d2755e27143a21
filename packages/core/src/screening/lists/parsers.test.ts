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
import { readRows } from "./csv.ts";
import { parseEuXml } from "./eu-xml.ts";
import { parseFtm } from "./ftm.ts";
import { parseOfacCsv } from "./ofac-csv.ts";
import { remarkItems } from "./ofac-remarks.ts";
import { parseOfacXml } from "./ofac-xml.ts";
import { numbered, otherInformation, parseOfsiCsv } from "./ofsi-csv.ts";
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

const ALIAS_ONLY = "alias-only, primary record not in the bundled SDN of 2024-05-03";

test("OFAC SDN legacy CSV of 2024-05-03: 14,965 entries, 4,439 under RUSSIA-EO14024; newer aliases give alias-only records", () => {
  const files = {
    primary: bundled("ofac-sdn/sdn.csv.gz"),
    alt: bundled("ofac-sdn/alt.csv.gz"),
    add: bundled("ofac-sdn/add.csv.gz"),
  };
  const r = parseOfacCsv(files, { aliasOnly: ALIAS_ONLY });
  assert.equal(r.rows, 14965);
  const full = r.entities.filter((e) => !e.partial);
  assert.equal(full.length, 14965);
  assert.equal(full.filter((e) => e.programmes.includes("RUSSIA-EO14024")).length, 4439);
  assert.deepEqual(
    count(full, (e) => [e.type]),
    { organization: 6884, person: 6854, vessel: 851, aircraft: 376 },
  );
  assert.ok(r.entities.every((e) => e.id === `ofac-sdn:${e.sourceId}`));
  // 1,724 ent_nums have mid-2025 aliases but no 2024-05-03 record: kept, marked, never typed or programmed.
  const aliasOnly = r.entities.filter((e) => e.partial);
  assert.equal(aliasOnly.length, 1724);
  assert.ok(aliasOnly.every((e) => e.partial === ALIAS_ONLY && e.type === "unknown" && e.programmes.length === 0));
  assert.ok(aliasOnly.every((e) => e.names.length > 0 && e.names.every((n) => n.kind !== "primary")));
  // Address rows of ent_nums with neither a record nor an alias stay orphans (reported, not invented into entities).
  assert.deepEqual(
    count(r.issues, (i) => [`${i.code}:${i.file}`]),
    { "orphan_row:add.csv": 3473 },
  );
  // Without the option the same files report every alias of a missing record as an orphan row.
  const strict = parseOfacCsv(files);
  assert.equal(strict.entities.length, 14965);
  assert.equal(strict.issues.filter((i) => i.file === "alt.csv").length, 2727);

  const putin = byId(r.entities, "35096");
  assert.equal(putin?.names[0]?.full, "PUTIN, Vladimir Vladimirovich");
  assert.equal(putin?.names[0]?.family, "PUTIN");
  assert.deepEqual(putin?.birthDates, ["1952-10-07"]);
  assert.deepEqual(putin?.nationalities, ["RU"]);
  const scf = byId(r.entities, "34741");
  assert.deepEqual(
    scf?.identifiers.filter((i) => ["inn", "ogrn", "lei"].includes(i.type)).map((i) => [i.type, i.value]),
    [
      ["inn", "7702060116"],
      ["lei", "253400DYLWR5A6YAWJ69"],
      ["ogrn", "1027739028712"],
    ],
  );
  assert.equal(scf?.listedOn, "2022-02-24");
  // A Sovcomflot tanker: vessel with IMO and MMSI from the remarks.
  const tanker = byId(r.entities, "46957");
  assert.equal(tanker?.type, "vessel");
  assert.deepEqual(
    tanker?.identifiers.filter((i) => i.type === "imo" || i.type === "mmsi").map((i) => i.value),
    ["9610808", "352003372"],
  );
  const bnc = byId(r.entities, "306");
  assert.equal(bnc?.names[0]?.full, "BANCO NACIONAL DE CUBA");
  assert.ok(bnc?.names.some((n) => n.kind === "weak_alias" && n.full === "BNC"));
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
      ["other", "RUS9002"],
    ],
  );
  // The Unique ID is the UK Sanctions List Ref OFSI's list also cites (a cross-list key).
  assert.deepEqual(s?.identifiers, [
    { type: "imo", value: "9999993" },
    { type: "other", value: "RUS9003", note: "UK Sanctions List Ref" },
  ]);
  assert.deepEqual(s?.countries, ["GA"]);
  assert.deepEqual(p?.nationalities, ["RU"]);
});

test("OFSI ConList CSV of 2025-04-14: 4,688 groups from 18,798 name rows, 2,181 under the Russia regime", () => {
  const r = parseOfsiCsv(bundled("uk-ofsi/ConList.csv.gz"), { file: "ConList.csv" });
  assert.equal(r.date, "2025-04-14");
  assert.equal(r.rows, 18798);
  assert.equal(r.entities.length, 4688);
  assert.deepEqual(r.issues, []);
  assert.equal(r.entities.filter((e) => e.programmes.includes("Russia")).length, 2181);
  assert.deepEqual(
    count(r.entities, (e) => [e.type]),
    { person: 3663, organization: 1010, vessel: 15 },
  );
  assert.ok(r.entities.every((e) => e.id === `uk-ofsi:${e.sourceId}`));
  // Two groups (16601, 16789) have only "Primary name variation" rows: read as aliases, no primary is invented.
  assert.deepEqual(
    r.entities.filter((e) => !e.names.some((n) => n.kind === "primary")).map((e) => e.sourceId),
    ["16601", "16789"],
  );
});

test("OFSI ConList CSV sample (real rows): names by Alias Type, parts, Other Information fields, numbered values", () => {
  const r = parseOfsiCsv(sample("ofsi-conlist-sample.csv"));
  assert.equal(r.date, "2025-04-14");
  assert.equal(r.rows, 141);
  const putin = byId(r.entities, "14196");
  assert.equal(putin?.type, "person");
  assert.equal(putin?.sanctionKind, "asset_freeze");
  assert.deepEqual(
    putin?.names.find((n) => n.kind === "primary"),
    {
      full: "Vladimir Vladimirovich PUTIN",
      kind: "primary",
      given: "Vladimir",
      middle: "Vladimirovich",
      family: "PUTIN",
    },
  );
  assert.ok(putin?.names.some((n) => n.kind === "original_script" && n.full === "Владимир Владимирович Путин"));
  assert.deepEqual(putin?.birthDates, ["1952-10-07"]);
  assert.deepEqual(putin?.nationalities, ["RU"]);
  assert.equal(putin?.gender, "male");
  assert.equal(putin?.listedOn, "2022-02-25");
  assert.deepEqual(putin?.programmes, ["Russia"]);
  assert.deepEqual(putin?.identifiers, [{ type: "other", value: "RUS0251", note: "UK Sanctions List Ref" }]);
  const scf = byId(r.entities, "15040");
  assert.equal(scf?.type, "organization");
  assert.equal(scf?.names.find((n) => n.kind === "primary")?.full, "PUBLIC JOINT STOCK COMPANY SOVCOMFLOT");
  assert.ok(scf?.names.some((n) => n.kind === "alias" && n.full === "PAO SOVCOMFLOT"));
  const ship = byId(r.entities, "13651");
  assert.equal(ship?.type, "vessel");
  assert.equal(ship?.sanctionKind, "other");
  assert.ok(ship?.identifiers.some((i) => i.type === "imo" && i.value === "7408873"));
  assert.ok(ship?.countries.includes("KP"));
  const trust = byId(r.entities, "6968");
  assert.ok(trust?.identifiers.some((i) => i.value === "QDe.005" && i.note === "UN reference number"));
  // "(1) Germany. (2) Morocco" style values are split.
  const two = byId(r.entities, "7059");
  assert.ok((two?.nationalities.length ?? 0) >= 2, JSON.stringify(two?.nationalities));
  assert.deepEqual(numbered("(1) Germany. (2) Morocco"), ["Germany", "Morocco"]);
  assert.deepEqual(numbered("Russia"), ["Russia"]);
  assert.equal(otherInformation("(UK Sanctions List Ref):RUS0251. text (Gender):Male").get("Gender"), "Male");
});

test("CSV reader: quotes, doubled quotes, CRLF/LF, empty lines and trailing empty fields; malformed quoting refused", () => {
  assert.deepEqual(readRows('a,"b,c",d\r\n\r\n"x""y",,\nlast', "t.csv"), [
    ["a", "b,c", "d"],
    ['x"y', "", ""],
    ["last"],
  ]);
  assert.deepEqual(readRows("a\tb\t\n", "t.tsv", "\t"), [["a", "b", ""]]);
  assert.deepEqual(readRows("a,", "t.csv"), [["a", ""]]);
  for (const bad of ['a,"unclosed', 'a,b"c', '"a"b,c']) {
    try {
      readRows(bad, "t.csv");
      assert.fail(`accepted ${bad}`);
    } catch (e) {
      assert.equal((e as { code?: string }).code, "LIST_CSV_MALFORMED", bad);
    }
  }
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
