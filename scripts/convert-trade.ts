/**
 * Converts the shared Eurostat trade extracts into the bundled datasets under `data/trade/`:
 *   countries.csv            ISO alpha-2/alpha-3/numeric, Comtrade/BACI code and names (for label and code mapping)
 *   comext-cn8/              the CN8 monthly file (+ the all-goods and chapter-27 totals of the same extract)
 *   comext-totals/           all-goods totals by reporter and partner, monthly and annual
 *   imf-russia/              Russia's exports and imports of goods by partner, annual (IMF IMTS), USD
 *   kimberley-process/       KP rough-diamond production as reported by the press (secondary), copied verbatim
 * Run: `node --import tsx scripts/convert-trade.ts [--shared ../shared/data] [--only NAME]`. Reads ../shared.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { systemClock } from "../packages/core/src/runtime/index.ts";
import { ingestFiles } from "../packages/core/src/trade/ingest.ts";

const root = path.resolve(import.meta.dirname, "..");
const argShared = process.argv.indexOf("--shared");
const shared = path.resolve(argShared > 0 ? (process.argv[argShared + 1] ?? "") : path.join(root, "../shared/data"));
const out = path.join(root, "data/trade");
const argOnly = process.argv.indexOf("--only");
const only = argOnly > 0 ? process.argv[argOnly + 1] : undefined;

type Row = Record<string, string>;
const readCsv = (p: string): Row[] =>
  parse(readFileSync(p, "utf8").replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true }) as Row[];

// ---- country table -------------------------------------------------------------------------------------------
const iso = readCsv(path.join(shared, "trade/codes/country-codes.csv"));
const baci = readCsv(path.join(shared, "trade/codes/country_codes.csv"));
const quirks = readCsv(path.join(shared, "trade/codes/comtrade_baci_code_quirks.csv"));

interface Entry {
  iso2: string;
  iso3: string;
  numeric: string;
  comtrade: string;
  kind: "country" | "aggregate";
  names: Set<string>;
}
const entries = new Map<string, Entry>();
const clean = (s: string | undefined) =>
  (s ?? "")
    .replace(/\s*\(the\)/gi, "")
    .replace(/\s*\((l'|la|le|les)\)/gi, "")
    .replace(/^the /i, "")
    .trim()
    .toLowerCase();
for (const r of iso) {
  const iso2 = r["ISO3166-1-Alpha-2"] ?? "";
  if (!/^[A-Z]{2}$/.test(iso2)) continue;
  const e: Entry = {
    iso2,
    iso3: r["ISO3166-1-Alpha-3"] ?? "",
    numeric: String(Number(r["ISO3166-1-numeric"] ?? "")),
    comtrade: "",
    kind: "country",
    names: new Set(),
  };
  for (const k of [
    "official_name_en",
    "UNTERM English Short",
    "CLDR display name",
    "ISO4217-currency_country_name",
    "official_name_fr",
    "UNTERM French Short",
  ]) {
    const n = clean(r[k]);
    if (n) e.names.add(n);
  }
  entries.set(iso2, e);
}
// Namibia's alpha-2 is "NA", which CSV readers love to turn into null: country-codes.csv keeps it; so do we.
for (const r of baci) {
  const iso2 = r.iso_2digit_alpha ?? "";
  const code = r.country_code ?? "";
  const e = entries.get(iso2);
  if (e) {
    if (!e.comtrade) e.comtrade = code;
    for (const k of ["country_name_abbreviation", "country_name_full"]) {
      const n = clean(r[k]);
      if (n) e.names.add(n);
    }
  }
}
for (const q of quirks) {
  const e = [...entries.values()].find((x) => x.iso3 === q.iso3);
  if (e && q.comtrade_or_baci_code) e.comtrade = q.comtrade_or_baci_code;
}
// Taiwan: Comtrade/BACI 490 "Other Asia, nes" (quirks file); ISO TW 158.
const tw = entries.get("TW");
if (tw) tw.comtrade = "490";
// Eurostat label variants seen in the extracts (English and French).
const extra: [string, string[]][] = [
  ["RU", ["russian federation", "russia"]],
  ["CZ", ["czechia", "czech republic"]],
  ["KG", ["kyrgyzstan", "kyrgyz republic"]],
  ["TR", ["türkiye", "turkey", "turkiye"]],
  ["GB", ["united kingdom"]],
  ["US", ["united states", "united states of america"]],
  ["KR", ["south korea", "korea, republic of"]],
  ["KP", ["north korea"]],
  ["MD", ["moldova"]],
  ["IR", ["iran"]],
  ["SY", ["syria"]],
  ["LA", ["laos"]],
  ["VN", ["vietnam", "viet nam"]],
  ["BO", ["bolivia"]],
  ["VE", ["venezuela"]],
  ["TZ", ["tanzania"]],
  ["CD", ["democratic republic of the congo", "congo, democratic republic of"]],
  ["CG", ["congo"]],
  ["MK", ["north macedonia"]],
  ["PS", ["palestine", "occupied palestinian territory", "west bank and gaza"]],
  ["FM", ["micronesia"]],
  ["BN", ["brunei", "brunei darussalam"]],
  ["CV", ["cabo verde", "cape verde"]],
  ["CI", ["côte d'ivoire", "cote d'ivoire", "côte d’ivoire"]],
  ["SZ", ["eswatini"]],
  ["HK", ["hong kong"]],
  ["MO", ["macao", "macau"]],
  ["TW", ["taiwan"]],
  ["XK", ["kosovo"]],
  // Eurostat's "Name, qualifier" forms and the French labels of the 2016 annual rows.
  ["BO", ["bolivia, plurinational state of", "bolivie, etat plurinational de"]],
  ["IR", ["iran, islamic republic of", "iran, république islamique d’"]],
  ["KP", ["korea, democratic people’s republic of", "corée, république populaire démocratique de"]],
  ["KR", ["corée, république de"]],
  ["FM", ["micronesia, federated states of", "micronésie, etats fédérés de"]],
  ["MD", ["moldova, republic of", "moldavie, république de"]],
  ["GS", ["south georgia and south sandwich islands", "iles géorgie du sud et sandwich du sud"]],
  ["KN", ["st kitts and nevis", "saint-christophe-et-nevis"]],
  ["LC", ["st lucia"]],
  ["PM", ["st pierre and miquelon"]],
  ["VC", ["st vincent and the grenadines", "saint-vincent-et-les-grenadines"]],
  ["VE", ["venezuela, bolivarian republic of", "venezuela, république bolivarienne du"]],
  ["VG", ["virgin islands, british", "iles vierges britanniques"]],
  ["VI", ["virgin islands, united states", "iles vierges des etats-unis"]],
  ["GB", ["royaume-uni"]],
  ["RU", ["russie, fédération de"]],
  ["TR", ["turquie"]],
  ["BY", ["biélorussie"]],
  ["US", ["etats-unis"]],
  ["AE", ["emirats arabes unis"]],
  ["EG", ["egypte"]],
  ["VN", ["viêt nam"]],
  ["TZ", ["tanzanie, république unie de"]],
  ["CD", ["congo, république démocratique du"]],
];
if (!entries.has("XK"))
  entries.set("XK", { iso2: "XK", iso3: "XKX", numeric: "", comtrade: "", kind: "country", names: new Set() });
for (const [iso2, names] of extra) for (const n of names) entries.get(iso2)?.names.add(n);
// Eurostat aggregates (never summed with members).
const aggregates: [string, string[]][] = [
  ["EU27_2020", ["european union - 27 countries", "union européenne - 27 pays"]],
  ["EU", ["european union"]],
  ["EA20", ["euro area - 20 countries"]],
  ["EA", ["euro area"]],
  ["EXT_EU27_2020", ["extra-eu27 (from 2020)", "extra-eu27"]],
];
for (const [code, names] of aggregates)
  entries.set(code, { iso2: code, iso3: "", numeric: "", comtrade: "", kind: "aggregate", names: new Set(names) });

const countryRows = [...entries.values()].sort((a, b) => a.iso2.localeCompare(b.iso2));
if (!only || only === "countries")
  writeFileSync(
    path.join(out, "countries.csv"),
    `iso2,iso3,iso_numeric,comtrade,kind,names\n${countryRows
      .map((e) => [
        e.iso2,
        e.iso3,
        e.numeric === "NaN" ? "" : e.numeric,
        e.comtrade,
        e.kind,
        [...e.names].sort().join("|"),
      ])
      .map((cols) => cols.map((c) => (/[",|]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(","))
      .join("\n")}\n`,
  );
if (!only || only === "countries") console.log(`countries.csv: ${countryRows.length} rows`);

// ---- datasets ------------------------------------------------------------------------------------------------
const cn8Dir = path.join(shared, "trade/eurostat_cn8_sanctioned");
const datasets = [
  {
    name: "comext-cn8",
    files: [
      path.join(cn8Dir, "eu27_sanctioned_cn_exports_monthly_2020_2022.csv"),
      path.join(cn8Dir, "eu27_total_and_ch27_trade_monthly_2020_2022.csv"),
    ],
    provenance:
      "Eurostat Comext DS-045409 (CN8, monthly), extracted 21-22 Jan 2023 via vzemlys/ruimpeks @5b5d97c; see data/trade/PROVENANCE.md",
  },
  {
    name: "comext-totals",
    files: [path.join(shared, "trade/eurostat_totals/comext_eu_exports_totals_by_reporter_partner.csv")],
    provenance:
      "Eurostat Comext relational-view downloads via mary-lev/eu-export-sanctions @4b6a5df; see data/trade/PROVENANCE.md",
  },
  {
    name: "imf-russia",
    format: "imf" as const,
    files: [path.join(shared, "trade/imf_imts_russia_by_partner/RU_trade.csv")],
    provenance:
      "IMF International Merchandise Trade Statistics (IMTS), Russia by partner, annual 2016-2024, via paulinakasetiene/Russia-sanctions-trade-reallocation @ef3cc99; 2022-2024 are IMF estimates from partner data; see data/trade/PROVENANCE.md",
    attribution: "Source: IMF, International Merchandise Trade Statistics",
  },
];
for (const d of datasets) {
  if (only && only !== d.name) continue;
  const t0 = Date.now();
  const r = await ingestFiles({
    files: d.files,
    format: "format" in d && d.format ? d.format : "comext",
    dataset: d.name,
    outDir: path.join(out, d.name),
    countriesCsv: path.join(out, "countries.csv"),
    clock: systemClock,
    provenance: d.provenance,
    attribution: "attribution" in d ? d.attribution : "Source: Eurostat",
    maxIssues: 20,
  });
  console.log(
    `${d.name}: ${r.manifest.rows} rows, ${r.manifest.badRows} bad, ${Date.now() - t0} ms`,
    JSON.stringify(
      r.manifest.files.map((f) => ({
        file: f.file,
        read: f.rowsRead,
        kept: f.rowsKept,
        bad: f.badRows,
        excluded: f.excluded,
      })),
    ),
  );
  for (const i of r.issues) console.log(`  ${i.file} row ${i.row}: ${i.message}`);
}

// ---- Kimberley Process production (press-reported, secondary) --------------------------------------------------
if (!only || only === "kimberley-process") {
  const kpDir = path.join(out, "kimberley-process");
  mkdirSync(kpDir, { recursive: true });
  // Verbatim copy: the file's own comment lines say it is secondary and which row is derived.
  writeFileSync(
    path.join(kpDir, "kp-production-press-reported.csv"),
    readFileSync(path.join(shared, "diamonds/kp-production-press-reported.csv")),
  );
  console.log("kimberley-process/kp-production-press-reported.csv copied");
}
