/**
 * Derives the code lists of the UK and Canadian measures built from source files (the rest of `uk.json` and
 * `ca.json` is hand-encoded and left untouched):
 *
 * - `uk-855-sch3a-luxury-goods-gbp250` (include, exCodes) and `uk-855-sch3a-luxury-goods` (indicative prefixes)
 *   from `sources/EU_luxury_HS6_with_threshold.csv`, the research coding of EU Annex XVIII that UK Schedule 3A
 *   copied (GBP 250 per item in place of EUR 300), mapped from HS 2017 to HS 2022 with the UNSD correlation in
 *   `data/nomenclature/correlation-hs2022-hs2017.json`;
 * - `ca-sema-russia-sch11-steel-aluminium-import` (include) from
 *   `sources/ca_sema_russia_schedule11_steel_aluminum_import.csv`.
 *
 * Rules (why): only a code the coding gives the default EUR 300 threshold, whose HS 2017 code maps 1:1 onto the
 * same HS 2022 code, is a definite GBP 250 entry — the UK equivalents of the EU's higher tiers (EUR 750 … 50,000)
 * are not verified, and a split or merged code may cover goods outside the schedule. Caviar and truffles carry a
 * threshold per 1.5 kg (Schedule 3A paras 3-4), not per item, so their codes (as the schedule lists them) are
 * candidates only. Every other coded luxury line becomes an indicative code (n:n correlations dropped).
 *
 * Usage: `node --import tsx scripts/convert-regimes-uk-ca.ts [--shared ../shared/data] [--offline]`
 */
import { chmod, copyFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadRegimeSet } from "@embargo/core/regimes";
import { parse } from "csv-parse/sync";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "data", "regimes");
const sourcesDir = path.join(outDir, "sources");
const args = process.argv.slice(2);
const sharedArg = args.indexOf("--shared");
const shared = path.resolve(root, sharedArg >= 0 ? (args[sharedArg + 1] ?? "") : "../shared/data");
const offline = args.includes("--offline");

const LUX_FILE = "EU_luxury_HS6_with_threshold.csv";
const SCH11_FILE = "ca_sema_russia_schedule11_steel_aluminum_import.csv";
/** Shared path → copy under sources/. */
const COPIED: [string, string][] = [
  [path.join("regimes", "eu_833_export_bans_hs6_research", LUX_FILE), LUX_FILE],
  [path.join("regimes", "ca_sema_russia_schedule11", "schedule11_steel_aluminum_import.csv"), SCH11_FILE],
];
/** HS 2017 codes of Schedule 3A paras 3-4 in the research coding (per-1.5-kg threshold). */
export const PER_WEIGHT_HS2017: ReadonlySet<string> = new Set([
  "160431",
  "160432",
  "070959",
  "071080",
  "071159",
  "071239",
  "200190",
  "200390",
  "210390",
  "210410",
  "210420",
  "210690",
]);
/** The same entries as Schedule 3A lists them (HS 2022: truffles 0709 56). */
const PER_WEIGHT_HS2022 = [
  "160431",
  "160432",
  "070956",
  "071080",
  "071159",
  "071239",
  "200190",
  "200390",
  "210390",
  "210410",
  "210420",
  "210690",
];

type Row = Record<string, string>;
const readCsv = async (file: string): Promise<Row[]> =>
  parse(await readFile(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true }) as Row[];

/** The UK Schedule 3A code lists derived from the research coding (see the module comment for the rules). */
export function ukLuxuryLists(
  rows: Row[],
  correlation: [string, string, string][],
): { include: string[]; exCodes: string[]; indicative: string[] } {
  const by2017 = new Map<string, [string, string][]>();
  for (const [h22, h17, rel] of correlation) {
    const l = by2017.get(h17) ?? [];
    l.push([h22, rel]);
    by2017.set(h17, l);
  }
  const include = new Set<string>();
  const exCodes = new Set<string>();
  const indicative = new Set<string>(PER_WEIGHT_HS2022);
  for (const r of rows) {
    const code = r.Code ?? "";
    if (!/^\d{6}$/.test(code)) throw new Error(`bad HS-6 code ${code} in ${LUX_FILE}`);
    const links = by2017.get(code) ?? [];
    const oneToOne = links.length === 1 && links[0]?.[0] === code && links[0]?.[1] === "1:1";
    if (Number(r.Maxprice) === 300 && oneToOne && !PER_WEIGHT_HS2017.has(code)) {
      include.add(code);
      if (Number(r.partially_exempt) === 1) exCodes.add(code);
    } else if (!PER_WEIGHT_HS2017.has(code)) {
      for (const [h22, rel] of links) if (rel !== "n:n") indicative.add(h22);
    }
  }
  for (const c of include) indicative.delete(c);
  return { include: [...include].sort(), exCodes: [...exCodes].sort(), indicative: [...indicative].sort() };
}

interface GapScope {
  nomenclature: string;
  prefixes: string[];
  source: string;
}
interface Doc {
  measures: {
    id: string;
    goods: { kind: string; include?: string[]; exCodes?: string[]; indicative?: { prefixes: string[] } };
    coverage: { status: string; note: string; gapScope?: GapScope };
  }[];
  knownRegimes?: { id: string; gapScope?: GapScope }[];
}
/** Why the Schedule 3A gap is bounded (cited in the data). */
const GAP_SOURCE =
  "sources/EU_luxury_HS6_with_threshold.csv: Schedule 3A copied EU Annex XVIII line for line (spot-checked); every Annex XVIII line of that coding is either encoded or listed here. Later amendments of Schedule 3A, if any, are not covered by this bound [unverified]";

async function main(): Promise<void> {
  if (!offline)
    for (const [from, to] of COPIED) {
      await copyFile(path.join(shared, from), path.join(sourcesDir, to));
      await chmod(path.join(sourcesDir, to), 0o644);
    }
  const corr = JSON.parse(
    await readFile(path.join(root, "data", "nomenclature", "correlation-hs2022-hs2017.json"), "utf8"),
  ).rows as [string, string, string][];
  const lux = ukLuxuryLists(await readCsv(path.join(sourcesDir, LUX_FILE)), corr);
  const sch11 = (await readCsv(path.join(sourcesDir, SCH11_FILE))).map((r) => r.hs_code ?? "").sort();
  for (const c of sch11) if (!/^(\d{2}|\d{4})$/.test(c)) throw new Error(`bad Schedule 11 code ${c}`);

  const edit = async (name: string, apply: (d: Doc) => void) => {
    const file = path.join(outDir, name);
    const doc = JSON.parse(await readFile(file, "utf8")) as Doc;
    apply(doc);
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  };
  const find = (d: Doc, id: string) => {
    const m = d.measures.find((x) => x.id === id);
    if (!m) throw new Error(`derived measure ${id} not found`);
    return m;
  };
  await edit("uk.json", (d) => {
    const gbp = find(d, "uk-855-sch3a-luxury-goods-gbp250");
    if (gbp.goods.kind !== "codes") throw new Error("uk-855-sch3a-luxury-goods-gbp250 must be a codes measure");
    gbp.goods.include = lux.include;
    gbp.goods.exCodes = lux.exCodes;
    const rest = find(d, "uk-855-sch3a-luxury-goods");
    if (!rest.goods.indicative) throw new Error("uk-855-sch3a-luxury-goods needs an indicative list");
    rest.goods.indicative.prefixes = lux.indicative;
    // What Schedule 3A leaves unencoded can only concern the coding's other lines: the gap is bounded by them.
    rest.coverage = {
      ...rest.coverage,
      gapScope: { nomenclature: "HS2022", prefixes: lux.indicative, source: GAP_SOURCE },
    };
    const regime = d.knownRegimes?.find((k) => k.id === "uk-855-sch3a-luxury");
    if (!regime) throw new Error("known regime uk-855-sch3a-luxury not found");
    regime.gapScope = {
      nomenclature: "HS2022",
      prefixes: lux.indicative,
      source: GAP_SOURCE,
    };
  });
  await edit("ca.json", (d) => {
    const m = find(d, "ca-sema-russia-sch11-steel-aluminium-import");
    if (m.goods.kind !== "codes")
      throw new Error("ca-sema-russia-sch11-steel-aluminium-import must be a codes measure");
    m.goods.include = sch11;
  });
  console.log(
    `uk.json: Schedule 3A GBP 250 ← ${lux.include.length} codes (${lux.exCodes.length} ex), indicative ← ${lux.indicative.length}; ca.json: Schedule 11 ← ${sch11.length} codes`,
  );
  const set = await loadRegimeSet(outDir);
  console.log(`regime set ${set.version}: ${set.measures.length} measures`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
