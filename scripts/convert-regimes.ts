/**
 * Converts the regime source files in `../shared/data/regimes/` into the bundled regime data:
 *
 * 1. copies the small source files used into `data/regimes/sources/` (so the bundle is self-contained and
 *    re-derivable without `../shared`);
 * 2. regenerates the code lists of the *derived* measures (below) in `data/regimes/*.json` from those copies —
 *    every other field of those files is hand-encoded data and is left untouched;
 * 3. validates the whole folder with the product loader (all or nothing) and prints what it wrote.
 *
 * Usage: `node --import tsx scripts/convert-regimes.ts [--shared ../shared/data] [--offline]`
 * (`--offline` skips step 1 and re-derives from the copies already in `data/regimes/sources/`).
 */
import { chmod, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
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

/** Source files copied verbatim from `../shared/data/regimes/`. */
const COPIED = [
  "chpl_common_high_priority_list_2024-02-23.csv",
  "eu_reg833_export_sanctioned_cn_codes_2022-10.csv",
  "eu_reg833_packages_timeline.csv",
  "us_ear_russia_timeline.csv",
  "us_ear_part746_sections_ecfr_2024-11.md",
  "japan_russia_advanced_goods_2022-05-20.csv",
  "japan_russia_export_measures_timeline.csv",
  "official_machine_readable_sources.csv",
];
const CHPL_FILE = "chpl_common_high_priority_list_2024-02-23.csv";
const EU_CN_FILE = "eu_reg833_export_sanctioned_cn_codes_2022-10.csv";

type Row = Record<string, string>;
const readCsv = async (file: string): Promise<Row[]> =>
  parse(await readFile(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true }) as Row[];

/** CHPL tier values in the source CSV → the tag suffix used in measure ids and tags. */
const TIERS: Record<string, string> = {
  TIER_1: "1",
  TIER_2: "2",
  TIER_3_A: "3a",
  TIER_3_B: "3b",
  TIER_4_A: "4a",
  TIER_4_B: "4b",
};

async function main(): Promise<void> {
  await mkdir(sourcesDir, { recursive: true });
  if (!offline) {
    for (const f of COPIED) {
      await copyFile(path.join(shared, "regimes", f), path.join(sourcesDir, f));
      await chmod(path.join(sourcesDir, f), 0o644); // the shared copies are read-only; ours must stay rewritable
    }
    // Cross-check the CHPL master against the short form kept with the trade data: they must agree.
    const short = await readCsv(path.join(shared, "trade", "codes", "chpl_hs6_tiers.csv"));
    const master = await readCsv(path.join(sourcesDir, CHPL_FILE));
    const norm = (t: string) => t.replace(/^TIER_/, "").replace("_", "");
    const a = master.map((r) => `${r.hs6}:${norm(r.tier ?? "")}`).sort();
    const b = short.map((r) => `${r.hs6}:${r.tier}`).sort();
    if (JSON.stringify(a) !== JSON.stringify(b))
      throw new Error("CHPL master and trade/codes/chpl_hs6_tiers.csv disagree; fix the sources first");
  }

  const chpl = await readCsv(path.join(sourcesDir, CHPL_FILE));
  const cn = await readCsv(path.join(sourcesDir, EU_CN_FILE));
  for (const r of chpl)
    if (!/^\d{6}$/.test(r.hs6 ?? "") || !((r.tier ?? "") in TIERS)) throw new Error(`bad CHPL row ${r.hs6}`);
  for (const r of cn) if (!/^\d{8}$/.test(r.code ?? "")) throw new Error(`bad CN-8 code ${r.code}`);
  const allChpl = chpl.map((r) => r.hs6 as string).sort();
  const chplTier = (suffix: string) =>
    chpl
      .filter((r) => TIERS[r.tier as string] === suffix)
      .map((r) => r.hs6 as string)
      .sort();
  const cnCodes = [...new Set(cn.map((r) => r.code as string))].sort();
  if (cnCodes.length !== cn.length) throw new Error("duplicate codes in the EU CN-8 list");

  /** Measure id → the code list it is derived from. */
  const derived = new Map<string, string[]>([
    ["eu-833-export-bans-cn8-2022-10", cnCodes],
    ["eu-chpl-transit-hub-diversion-risk", allChpl],
    ["us-bis-chpl-transit-hub-diversion-risk", allChpl],
  ]);
  for (const suffix of Object.values(TIERS))
    derived.set(`eu-833-12g-no-russia-clause-chpl-tier-${suffix}`, chplTier(suffix));

  const seen = new Set<string>();
  for (const name of ["eu.json", "us.json"]) {
    const file = path.join(outDir, name);
    const doc = JSON.parse(await readFile(file, "utf8")) as {
      measures: { id: string; goods: { kind: string; include?: string[] } }[];
    };
    for (const m of doc.measures) {
      const codes = derived.get(m.id);
      if (!codes) continue;
      if (m.goods.kind !== "codes") throw new Error(`${name}: derived measure ${m.id} must have goods.kind "codes"`);
      m.goods.include = codes;
      seen.add(m.id);
      console.log(`${name}: ${m.id} ← ${codes.length} codes`);
    }
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  }
  const missing = [...derived.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`derived measures not found in the data files: ${missing.join(", ")}`);

  const set = await loadRegimeSet(outDir);
  console.log(
    `regime set ${set.version}: ${set.files.length} files, ${set.measures.length} measures, members ${set.members.join(" ")}, scenarios ${set.scenarios.join(" ")}`,
  );
}

await main();
