/**
 * Converts the regime source files in `../shared/data/regimes/` into the bundled regime data:
 *
 * 1. copies the small source files used into `data/regimes/sources/` (so the bundle is self-contained and
 *    re-derivable without `../shared`);
 * 2. regenerates the code lists of the *derived* measures (below) in `data/regimes/*.json` from those copies —
 *    every other field of those files is hand-encoded data and is left untouched — and generates, as whole
 *    measures (ids `eu-833-cn8-*`), the EU export bans of the October-2022 CN-8 list split by the HS-6 research
 *    coding (Chupilkin, Javorcik & Plekhanov 2023): first date, wind-down, Art. 3h luxury threshold, "ex" codes;
 *    codes the research does not cover stay in the residual measure `eu-833-export-bans-cn8-2022-10`;
 * 3. validates the whole folder with the product loader (all or nothing) and prints what it wrote.
 *
 * Usage: `node --import tsx scripts/convert-regimes.ts [--shared ../shared/data] [--offline]`
 * (`--offline` skips step 1 and re-derives from the copies already in `data/regimes/sources/`).
 */
import { chmod, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadNomenclature } from "@embargo/core/nomenclature";
import { loadRegimeSet } from "@embargo/core/regimes";
import { verdictNomenclature } from "@embargo/core/verdicts";
import { parse } from "csv-parse/sync";
// The caviar and truffle entries of Annex XVIII (per-weight thresholds in the UK copy): one list for both scripts.
import { PER_WEIGHT_HS2017 as CAVIAR_TRUFFLES_HS2017 } from "./convert-regimes-uk-ca.ts";

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

// ---------------------------------------------------------------------------------------------------------------
// EU export bans by CN-8 code, split by the HS-6 research coding (dates, wind-downs, luxury thresholds, "ex" codes)
// ---------------------------------------------------------------------------------------------------------------

const RESEARCH_DIR = "eu_833_export_bans_hs6_research";
const RESEARCH_FILE = `${RESEARCH_DIR}/EU_sanctions_HS6.all_5369_rows.csv`;
const RESEARCH_COPIED = [RESEARCH_FILE, `${RESEARCH_DIR}/PROVENANCE.md`];
/** Danish Customs on Art. 3h: the date it applied and how "EUR 300 per item" is read. */
const LUXURY_DK = {
  instrument:
    "Danish Customs Agency (Toldstyrelsen): Præcisering — hvordan forstås '300 euro pr. styk' ved eksport af luksusvarer til Rusland?",
  url: "https://www.toldst.dk/nyheder/nyt-om-told/praecisering-hvordan-forstaas-300-euro-pr-styk-ved-eksport-af-luksusvarer-til-rusland/",
  note: "The EU introduced the luxury export ban on 16 March 2022 for goods worth more than EUR 300 per item; the value is the statistical value of the export declaration and the item is the supplementary unit (else the number of packages).",
};
/** Every measure whose id starts with this prefix is generated here (replaced as a whole on each run). */
const CN8_PREFIX = "eu-833-cn8-";
/** The residual measure of CN-8 codes the research does not attribute; its hand-encoded fields are kept. */
const CN8_RESIDUAL = "eu-833-export-bans-cn8-2022-10";

const CONSOLIDATED = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02014R0833-20250720";
const RESEARCH_CITATION = {
  instrument:
    "Chupilkin, Javorcik & Plekhanov (2023), 'The Eurasian Roundabout: Trade Flows Into Russia Through the Caucasus and Central Asia', replication data EU_sanctions_HS6 (openICPSR 229004)",
  url: "https://www.openicpsr.org/openicpsr/project/229004",
  note: "Research coding of the EU export bans at HS-6 (HS 2017): first sanction date, wind-down date, luxury flag and per-item EUR threshold, partially_exempt ('ex') flag, category flags. Not an official copy of the law; copied via LeeSeogMin/sanctions at commit 6b93afa0d87726f5f6df06044efe2b824b476a06.",
};

/**
 * The research's dates are adoption/publication days. Where the entry into force is known to be the next day,
 * the measure starts then; every other date is the research's own.
 */
const IN_FORCE: Record<string, { from: string; act: string; why: string }> = {
  "2016-12-22": { from: "2016-12-22", act: "earlier military/dual-use coding", why: "research date (pre-2022 coding)" },
  "2022-02-25": { from: "2022-02-25", act: "Council Regulation (EU) 2022/328 (2nd package)", why: "research date" },
  "2022-03-15": {
    from: "2022-03-16",
    act: "Council Regulation (EU) 2022/428 (4th package)",
    why: "published in OJ L 87I of 15.3.2022; the Danish Customs Agency dates the luxury ban 16 March 2022",
  },
  "2022-04-08": {
    from: "2022-04-09",
    act: "Council Regulation (EU) 2022/576 (5th package)",
    why: "published in OJ L 111 of 8.4.2022; the packages timeline gives Art. 3k/Annex XXIII as effective 9 April 2022, and the Art. 3i wind-down (Finnish Customs, 19.4.2022) speaks of contracts concluded before 9 April 2022",
  },
  "2022-06-04": { from: "2022-06-04", act: "Council Regulation (EU) 2022/879 (6th package)", why: "research date" },
  "2022-07-21": {
    from: "2022-07-22",
    act: "Council Regulation (EU) 2022/1269 (7th package)",
    why: "published in OJ L 193 of 21.7.2022; applies from 22 July 2022 (Danish Customs Agency and Estonian Tax and Customs Board notices)",
  },
  "2022-10-06": { from: "2022-10-06", act: "Council Regulation (EU) 2022/1904 (8th package)", why: "research date" },
  "2022-10-07": { from: "2022-10-07", act: "Council Regulation (EU) 2022/1904 (8th package)", why: "research date" },
  "2022-12-16": { from: "2022-12-16", act: "Council Regulation (EU) 2022/2474 (9th package)", why: "research date" },
  "2022-12-17": { from: "2022-12-17", act: "Council Regulation (EU) 2022/2474 (9th package)", why: "research date" },
  "2023-02-25": { from: "2023-02-25", act: "Council Regulation (EU) 2023/427 (10th package)", why: "research date" },
};

/** Category flags whose annexes list goods by CN code (a listed code is covered as a whole). */
const CN_LISTED = ["industrial_cap", "oil_refining", "oil_exploration", "aviation", "firearms"] as const;
/** Category flags whose lists describe goods by technical parameters (Annex I of Reg. 2021/821, Annex VII): a code is only "ex". */
const TECHNICAL = ["dual_use", "military_tech"] as const;
const CATEGORY_TEXT: Record<string, string> = {
  dual_use: "dual-use items (Art. 2, Annex I of Reg. (EU) 2021/821)",
  military_tech: "advanced technology (Art. 2a, Annex VII)",
  industrial_cap: "industrial goods (Art. 3k, Annex XXIII)",
  oil_refining: "oil-refining goods (Art. 3, Annex II)",
  oil_exploration: "oil and gas exploration goods (Art. 3/3b, Annex II/X)",
  aviation: "aviation and space goods (Art. 3c, Annex XI)",
  firearms: "firearms (Art. 2aa/Annex XXXV or Reg. 258/2012, per the research flag)",
  luxury: "luxury goods (Art. 3h, Annex XVIII)",
};
/** The research covers the bans up to the 10th package: every category it flags applies by this date at the latest. */
const RESEARCH_CUTOFF = "2023-02-25";
/** The research's wind-down date that only aviation-flagged rows carry (Art. 3c, Annex XI). */
const AVIATION_WIND_DOWN = "2022-03-28";
/** Luxury thresholds the research gives that are not confirmed against Annex XVIII. */
const UNCONFIRMED_THRESHOLDS = new Set([525]);

type ResearchRow = {
  code: string;
  date: string;
  winddown: string;
  partial: boolean;
  maxprice: number | undefined;
  flags: string[];
};

interface CnAssignment {
  /** Research rows the code maps to (through the HS 2022 → HS 2017 correlation). */
  rows: ResearchRow[];
  how: "unique" | "ambiguous" | "none";
}

/** Maps each CN-8 code (CN 2022, HS 2022 based) to the research rows of its HS 2017 correlates. */
function assignResearch(
  cnCodes: string[],
  research: Map<string, ResearchRow>,
  corr: Map<string, string[]>,
): Map<string, CnAssignment> {
  const out = new Map<string, CnAssignment>();
  for (const c of cnCodes) {
    const hs22 = c.slice(0, 6);
    const hs17 = corr.get(hs22) ?? [hs22];
    const rows = hs17.map((h) => research.get(h)).filter((r): r is ResearchRow => r !== undefined);
    if (rows.length === 0) {
      out.set(c, { rows, how: "none" });
      continue;
    }
    const keys = new Set(rows.map((r) => JSON.stringify([r.date, r.winddown, r.maxprice, r.flags, r.partial])));
    out.set(c, { rows, how: keys.size === 1 ? "unique" : "ambiguous" });
  }
  return out;
}

type Json = Record<string, unknown>;

interface Bucket {
  id: string;
  codes: Set<string>;
  ex: Set<string>;
  make: (codes: string[], ex: string[]) => Json;
}

function deriveEuCn8(
  cnCodes: string[],
  research: Map<string, ResearchRow>,
  corr: Map<string, string[]>,
  /** HS 2022 codes whose UNSD correlation with HS 2017 is 1:1 (the same goods in both editions). */
  oneToOne: Set<string>,
  /**
   * HS-6 codes (1:1 in HS 2017/2022) under which the CN-8 list names some but not all CN 2023 subheadings: there the
   * research's partially_exempt flag ("only some CN-8 lines under that HS-6 are listed") is explained by the lines the
   * list leaves out, so a line it names is listed whole.
   */
  partialAtCn8: Set<string> = new Set(),
  /**
   * CN 2023 subheadings the list leaves out under an HS-6 that the research codes as wholly sanctioned (not
   * partially_exempt): the two secondary sources disagree on them, so each is a candidate ('ex'), never a clean pass.
   */
  unlistedSiblings: Map<string, string> = new Map(),
): { measures: Json[]; residual: string[]; stats: Record<string, number> } {
  const assigned = assignResearch(cnCodes, research, corr);
  const buckets = new Map<string, Bucket>();
  const bucket = (id: string, make: Bucket["make"]): Bucket => {
    let b = buckets.get(id);
    if (!b) {
      b = { id, codes: new Set(), ex: new Set(), make };
      buckets.set(id, b);
    }
    return b;
  };
  const add = (b: Bucket, code: string, ex: boolean) => {
    b.codes.add(code);
    if (ex) b.ex.add(code);
  };
  const residual: string[] = [];
  const stats: Record<string, number> = { unique: 0, ambiguous: 0, none: 0, luxury: 0, ex: 0 };

  const place = (code: string, a: CnAssignment): void => {
    if (a.how === "none") {
      residual.push(code);
      return;
    }
    if (a.how === "ambiguous") {
      // Several HS 2017 correlates with different codings: the stricter honest answer is an "ex" hit from the
      // earliest date any of them gives (REVIEW), never a threshold or a definite verdict.
      const first = a.rows.map((r) => r.date).sort()[0] as string;
      add(datedBucket(bucket, first, ""), code, true);
      return;
    }
    const row = a.rows[0] as ResearchRow;
    // A CN-8 line of the list under an HS-6 whose partial scope the list itself shows (siblings left out) is whole.
    const wholeLine = code.length === 8 && row.partial && partialAtCn8.has(code.slice(0, 6));
    if (wholeLine) stats.partialWholeLines = (stats.partialWholeLines ?? 0) + 1;
    const r: ResearchRow = wholeLine ? { ...row, partial: false } : row;
    const lux = r.flags.includes("luxury");
    const tech = r.flags.filter((f) => (TECHNICAL as readonly string[]).includes(f));
    const listed = r.flags.filter((f) => (CN_LISTED as readonly string[]).includes(f));
    if (lux) {
      stats.luxury = (stats.luxury ?? 0) + 1;
      // An unconfirmed threshold decides nothing: the code is a candidate whatever its value.
      add(luxuryBucket(bucket, r), code, r.partial || UNCONFIRMED_THRESHOLDS.has(r.maxprice as number));
    }
    if (tech.length > 0 || listed.length > 0) {
      if (tech.length > 0) {
        // Aviation (Art. 3c, Annex XI, by CN code) with the research's 28 March 2022 wind-down: in the research every
        // row with that wind-down (16) is flagged aviation, so it is the aviation listing's own date and wind-down —
        // the code is covered whole from its first date, not only by the cut-off.
        const aviationDated = listed.includes("aviation") && r.winddown === AVIATION_WIND_DOWN && !lux;
        // Technical lists: the code is a candidate from the research's first date. A luxury row's wind-down date
        // is the luxury listing's (no wind-down), so it is not carried over to the technical part.
        add(datedBucket(bucket, r.date, lux ? "" : r.winddown), code, !aviationDated || r.partial);
        // A CN-listed category as well: covered as a whole by the research's cut-off (its own date is unknown).
        if (listed.length > 0 && !aviationDated) add(cutoffBucket(bucket), code, r.partial);
      } else if (lux) {
        // Luxury first, a CN-listed category later (date unknown): whole code by the research's cut-off.
        add(cutoffBucket(bucket), code, r.partial);
      } else add(datedBucket(bucket, r.date, r.winddown), code, r.partial || r.date === "2016-12-22");
    }
  };
  for (const code of cnCodes) {
    const a = assigned.get(code) as CnAssignment;
    stats[a.how] = (stats[a.how] ?? 0) + 1;
    place(code, a);
  }
  for (const [code, hs22] of unlistedSiblings) {
    const correlates = corr.get(hs22) ?? [hs22];
    const rows = correlates.map((h) => research.get(h)).filter((r): r is ResearchRow => r !== undefined);
    if (rows.length === 0) continue;
    stats.unlistedSiblings = (stats.unlistedSiblings ?? 0) + 1;
    // One coding (one row, or rows coded alike): that measure, as a candidate (its threshold still applies);
    // differently coded correlates: a candidate from the earliest date, as for any ambiguous code.
    const same = new Set(rows.map((r) => JSON.stringify([r.date, r.winddown, r.maxprice, r.flags]))).size === 1;
    place(
      code,
      same ? { rows: [{ ...(rows[0] as ResearchRow), partial: true }], how: "unique" } : { rows, how: "ambiguous" },
    );
  }

  // Sanctioned HS-6 codes under which the October-2022 list has no CN-8 line at all (e.g. caviar, spirits): the
  // HS 2022 code itself, from the research alone. Where an HS 2022 code also draws on HS 2017 codes the research
  // does not mark (or marks differently), it is a candidate only.
  const cn6 = new Set(cnCodes.map((c) => c.slice(0, 6)));
  const to2022 = new Map<string, string[]>();
  for (const [hs22, list] of corr) for (const hs17 of list) to2022.set(hs17, [...(to2022.get(hs17) ?? []), hs22]);
  const added = new Set<string>();
  for (const hs17 of research.keys())
    for (const hs22 of to2022.get(hs17) ?? [hs17]) if (!cn6.has(hs22) && /^\d{6}$/.test(hs22)) added.add(hs22);
  for (const hs22 of [...added].sort()) {
    const correlates = corr.get(hs22) ?? [hs22];
    const rows = correlates.map((h) => research.get(h)).filter((r): r is ResearchRow => r !== undefined);
    // Only an unchanged (1:1) code can be read as wholly covered: where HS 2017 codes were split or merged, the
    // research's HS-6 coding may concern only part of the new code (e.g. truffles within HS 2017 0709 59).
    const same =
      oneToOne.has(hs22) &&
      rows.length === correlates.length &&
      new Set(rows.map((r) => JSON.stringify([r.date, r.winddown, r.maxprice, r.flags, r.partial]))).size === 1;
    stats.hs6 = (stats.hs6 ?? 0) + 1;
    if (!same) stats.hs6Ambiguous = (stats.hs6Ambiguous ?? 0) + 1;
    place(hs22, { rows, how: same ? "unique" : "ambiguous" });
  }
  const measures: Json[] = [];
  for (const b of [...buckets.values()].sort((x, y) => x.id.localeCompare(y.id))) {
    const codes = [...b.codes].sort();
    const ex = [...b.ex].sort();
    stats.ex = (stats.ex ?? 0) + ex.length;
    measures.push(b.make(codes, ex));
  }
  return { measures, residual: residual.sort(), stats };
}

const goods = (codes: string[], ex: string[], note: string): Json => ({
  kind: "codes",
  nomenclature: "CN2022",
  include: codes,
  ...(ex.length > 0 ? { exCodes: ex } : {}),
  note,
});

const SOURCE = {
  snapshot: `sources/${RESEARCH_FILE}`,
  retrieved: "2026-02-25",
  note: "CN-8 codes of the October-2022 compilation (sources/eu_reg833_export_sanctioned_cn_codes_2022-10.csv, vzemlys/ruimpeks) and the research's HS-6 codes under which that compilation has no line (as HS 2022 codes), each attributed through the HS 2022 → HS 2017 correlation (data/nomenclature) to the research's HS-6 row; generated by scripts/convert-regimes.ts.",
};

function luxuryBucket(bucket: (id: string, make: Bucket["make"]) => Bucket, r: ResearchRow): Bucket {
  const amount = r.maxprice as number;
  if (amount === undefined || Number.isNaN(amount)) throw new Error(`luxury code ${r.code} without Maxprice`);
  // Annex XVIII entries added by the 5th package start with it; everything earlier with the 4th package.
  const later = r.date === "2022-04-08";
  const inForce = IN_FORCE[later ? "2022-04-08" : "2022-03-15"] as (typeof IN_FORCE)[string];
  const unconfirmed = UNCONFIRMED_THRESHOLDS.has(amount);
  // An unconfirmed threshold is not encoded at all: every code of it is "ex", so a hit is REVIEW at any value
  // (a wrong threshold would give a false pass below it or a false ban above it).
  const id = unconfirmed
    ? `${CN8_PREFIX}3h-luxury-threshold-unconfirmed`
    : `${CN8_PREFIX}3h-luxury-eur${amount}${later ? "-from-2022-04-09" : ""}`;
  return bucket(id, (codes, ex) => ({
    id,
    jurisdiction: "EU",
    kind: "export_ban",
    title: unconfirmed
      ? `Luxury goods export ban (Art. 3h, Annex XVIII): codes whose per-item threshold is unconfirmed (research: EUR ${amount})`
      : `Luxury goods export ban (Art. 3h, Annex XVIII): CN-8 codes above EUR ${amount.toLocaleString("en")} per item${later ? " (added 9 Apr 2022)" : ""}`,
    summary: unconfirmed
      ? `Annex XVIII luxury goods to Russia or for use in Russia. The research gives a per-item threshold of EUR ${amount} for these codes, which is not confirmed against Annex XVIII (Art. 3h's general threshold is EUR 300): compare the value with the annex entry.`
      : `Selling, supplying, transferring or exporting the luxury goods of Annex XVIII to Russia, or for use in Russia, is prohibited where their value exceeds EUR ${amount.toLocaleString("en")} per item (the research's threshold for these codes${amount === 300 ? ", the general Art. 3h threshold" : ", a per-entry threshold of Annex XVIII"}). At or below it, Art. 3h does not apply.`,
    direction: "export",
    countries: ["RU"],
    goods: goods(
      codes,
      ex,
      `CN-8 codes of the October-2022 list whose HS-6 (via HS 2022 → HS 2017) the research flags as luxury with Maxprice ${amount}, and 6-digit HS 2022 codes the research flags where that list has no line at all (e.g. caviar, spirits). exCodes: the research marks the HS-6 partially_exempt (only some goods under it are in Annex XVIII) and the CN-8 list does not show whether that partial scope lies above or below CN-8, so a hit is a candidate (classify by the annex wording). Where the list names only some of the HS-6's CN 2023 subheadings, the partial scope is the lines it leaves out, and the lines it names are listed whole (e.g. 2204 10 11 champagne, not 2204 10 13 cava or 2204 10 15 prosecco). Conversely, where the research codes an HS-6 as wholly luxury but the list names only some of its CN 2023 subheadings (e.g. 2204 21), the lines it leaves out are exCodes: the two secondary sources disagree, so such a line is a candidate above the threshold, never a clean pass.`,
    ),
    ...(unconfirmed
      ? {}
      : {
          thresholds: {
            valuePerItem: {
              amount,
              currency: "EUR",
              comparison: "above",
              basis:
                "value per item: the statistical value of the export declaration, an item being the supplementary unit (or the package where there is none), per the Commission's clarification relayed by the Danish and Italian customs",
            },
          },
        }),
    exemptions: [],
    legalBasis: [
      {
        instrument: "Council Regulation (EU) No 833/2014",
        article: "3h",
        annex: "XVIII",
        url: CONSOLIDATED,
        note: `Inserted by Council Regulation (EU) 2022/428 of 15 March 2022 (OJ L 87I)${later ? "; these entries added by Council Regulation (EU) 2022/576 of 8 April 2022 (OJ L 111)" : ""}. In force ${inForce.from}: ${inForce.why}.`,
      },
      LUXURY_DK,
      RESEARCH_CITATION,
    ],
    effective: { from: inForce.from },
    tags: ["annex-xviii", "luxury", "research-derived"],
    // The list is complete for the research's period (to the 10th package): its doubt is confidence, not scope.
    // Later additions are the known regimes `eu-833-package-<n>-additions`, which keep later verdicts partial.
    coverage: {
      status: "complete",
      note: `Complete for Annex XVIII as coded by the research to the 10th package (February 2023): codes and thresholds come from that research coding at HS-6 mapped to the October-2022 CN-8 list (HS-6 codes that list lacks are added as 6-digit codes); Annex XVIII itself was not read, hence confidence secondary. Entries added from the 11th package on are tracked as known regimes (eu-833-package-<n>-additions).${unconfirmed ? " The research's EUR 525 threshold is NOT confirmed against Annex XVIII, so no threshold is encoded and every code here is an 'ex' code (REVIEW at any value)." : ""}`,
    },
    confidence: unconfirmed ? "unverified" : "secondary",
    source: SOURCE,
  }));
}

function datedBucket(bucket: (id: string, make: Bucket["make"]) => Bucket, date: string, winddown: string): Bucket {
  const inForce = IN_FORCE[date];
  if (!inForce) throw new Error(`research date ${date} has no entry in IN_FORCE`);
  const gf = winddown !== "" && winddown > inForce.from;
  const id = `${CN8_PREFIX}exports-${inForce.from}${gf ? `-wind-down-${winddown}` : ""}`;
  return bucket(id, (codes, ex) => ({
    id,
    jurisdiction: "EU",
    kind: "export_ban",
    title: `Export bans to Russia: CN-8 codes first banned ${inForce.from} (${inForce.act})`,
    summary: `CN-8 codes of the October-2022 list (and 6-digit HS 2022 codes the list lacks) whose HS-6 the research first marks as banned for export to Russia on ${date} (${inForce.act})${gf ? `, with a wind-down until ${winddown} for earlier contracts` : ""}. The research does not name the annex; its category flags do (see the goods note).`,
    direction: "export",
    countries: ["RU"],
    goods: goods(
      codes,
      ex,
      `exCodes (a hit is a candidate, REVIEW): goods the research codes only as ${CATEGORY_TEXT.dual_use} or ${CATEGORY_TEXT.military_tech} — lists that describe goods by technical parameters, so a CN code covers only some goods under it — or whose HS-6 it marks partially_exempt (unless the list names only some of that HS-6's CN 2023 subheadings: then the lines it names are whole), or whose HS 2022 code correlates with several differently coded HS 2017 codes, or CN 2023 lines the list leaves out under an HS-6 the research codes as wholly sanctioned (the two secondary sources disagree there). The other codes fall under CN-coded annexes (${CATEGORY_TEXT.industrial_cap}, ${CATEGORY_TEXT.oil_refining}, ${CATEGORY_TEXT.aviation}, …) and are covered as listed.`,
    ),
    exemptions: [],
    legalBasis: [
      {
        instrument: "Council Regulation (EU) No 833/2014",
        article: "2, 2a, 3, 3c, 3k (per the research's category flags; not attributed per code)",
        url: CONSOLIDATED,
        note: `First listed by ${inForce.act}. effective.from ${inForce.from}: ${inForce.why}.`,
      },
      RESEARCH_CITATION,
    ],
    effective: { from: inForce.from },
    ...(gf
      ? {
          grandfathering: {
            contractsConcludedBefore: inForce.from,
            executionUntil: winddown,
            note: `The research's wind-down date; the contract cut-off is taken as the day the ban applies (the amending act's own wording was not read${date === "2022-04-08" ? "; for Art. 3k it matches the 9 April 2022 cut-off Finnish Customs quotes for the same package" : ""}).`,
          },
        }
      : {}),
    tags: ["research-derived"],
    coverage: {
      status: "complete",
      note: "Complete for the research's period: dates, wind-downs and categories from a research coding at HS-6 of every EU export ban to the 10th package (Feb 2023) mapped to the October-2022 CN-8 list, plus the research's HS-6 codes that list lacks; the annexes were not read (confidence secondary, the 2016 coding unverified) and the per-code annex is not known. Codes added from the 11th package on are tracked as known regimes (eu-833-package-<n>-additions).",
    },
    confidence: date === "2016-12-22" ? "unverified" : "secondary",
    source: SOURCE,
  }));
}

function cutoffBucket(bucket: (id: string, make: Bucket["make"]) => Bucket): Bucket {
  const id = `${CN8_PREFIX}exports-listed-by-${RESEARCH_CUTOFF}`;
  return bucket(id, (codes, ex) => ({
    id,
    jurisdiction: "EU",
    kind: "export_ban",
    title: `Export bans to Russia: CN-8 codes under a CN-coded annex by ${RESEARCH_CUTOFF} (date of listing unknown)`,
    summary: `CN-8 codes the research codes under a CN-coded annex (${CATEGORY_TEXT.industrial_cap}, ${CATEGORY_TEXT.oil_refining}, ${CATEGORY_TEXT.aviation} …) besides a luxury or technical-list coding that gives their first date. When that second listing came is not in the research, so the whole-code ban is applied only from the research's cut-off (10th package, ${RESEARCH_CUTOFF}); before it the code reads through its first-date measure.`,
    direction: "export",
    countries: ["RU"],
    goods: goods(codes, ex, "exCodes: HS-6 marked partially_exempt by the research."),
    exemptions: [],
    legalBasis: [
      {
        instrument: "Council Regulation (EU) No 833/2014",
        article: "3, 3c, 3k (per the research's category flags)",
        url: CONSOLIDATED,
      },
      RESEARCH_CITATION,
    ],
    effective: { from: RESEARCH_CUTOFF },
    tags: ["research-derived"],
    coverage: {
      status: "complete",
      note: "The code list is complete for the research's period; only the listing date is uncertain: it lies between the code's first date and the cut-off, and between them a hit reads REVIEW (technical list) or the luxury threshold, never a definite ban.",
    },
    confidence: "secondary",
    source: SOURCE,
  }));
}

async function main(): Promise<void> {
  await mkdir(sourcesDir, { recursive: true });
  if (!offline) {
    for (const f of COPIED) {
      await copyFile(path.join(shared, "regimes", f), path.join(sourcesDir, f));
      await chmod(path.join(sourcesDir, f), 0o644); // the shared copies are read-only; ours must stay rewritable
    }
    await mkdir(path.join(sourcesDir, RESEARCH_DIR), { recursive: true });
    for (const f of RESEARCH_COPIED) {
      await copyFile(path.join(shared, "regimes", f), path.join(sourcesDir, f));
      await chmod(path.join(sourcesDir, f), 0o644);
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

  // EU CN-8 list × research coding → dated, thresholded measures; what the research does not cover stays residual.
  const research = new Map<string, ResearchRow>();
  for (const r of await readCsv(path.join(sourcesDir, RESEARCH_FILE))) {
    if (r.EU_sanction !== "1.0") continue;
    if (!/^\d{6}$/.test(r.Code ?? "") || !/^\d{4}-\d{2}-\d{2}$/.test(r.Date ?? ""))
      throw new Error(`bad research row ${r.Code}`);
    research.set(r.Code as string, {
      code: r.Code as string,
      date: r.Date as string,
      winddown: r.Winddowndate ?? "",
      partial: r.partially_exempt === "1.0",
      maxprice: r.Maxprice ? Number(r.Maxprice) : undefined,
      flags: Object.keys(CATEGORY_TEXT)
        .filter((f) => r[f] === "1.0")
        .sort(),
    });
  }
  const corrDoc = JSON.parse(
    await readFile(path.join(root, "data", "nomenclature", "correlation-hs2022-hs2017.json"), "utf8"),
  ) as {
    rows: [string, string, string][];
  };
  const corr = new Map<string, string[]>();
  const oneToOne = new Set<string>();
  for (const [hs22, hs17, relation] of corrDoc.rows) {
    corr.set(hs22, [...(corr.get(hs22) ?? []), hs17]);
    if (relation === "1:1" && hs22 === hs17) oneToOne.add(hs22);
  }
  // HS-6 codes (1:1 between HS 2017 and 2022, marked partially_exempt) under which the list names only some CN 2023
  // subheadings: the partial scope lies at CN-8, where the list shows it (CN 2022 is not bundled; CN 2023 is nearest).
  const nomenclature = verdictNomenclature(await loadNomenclature(path.join(root, "data", "nomenclature")));
  const cnSet = new Set(cnCodes);
  const partialAtCn8 = new Set<string>();
  for (const r of research.values()) {
    // Caviar and truffle lines: the UK copy of Annex XVIII gives them a threshold per 1.5 kg, not per item
    // (convert-regimes-uk-ca.ts); the EU wording was not read, so they stay candidates.
    if (!r.partial || !oneToOne.has(r.code) || CAVIAR_TRUFFLES_HS2017.has(r.code)) continue;
    const kids = nomenclature.cnChildren?.(r.code, 2023) ?? [];
    const listed = kids.filter((k) => cnSet.has(k.code)).length;
    if (listed > 0 && listed < kids.length) partialAtCn8.add(r.code);
  }
  // The other way round: an HS-6 the research codes as wholly sanctioned under which the list names only some CN 2023
  // subheadings (e.g. 2204 21: the list names only the four 'mushroom stopper' lines). The lines it leaves out must
  // not pass clean on the list's word alone: each becomes a candidate of the research's measure.
  // HS 2022 codes that changed since HS 2017 count too when a correlated research row codes its HS 2017 code whole.
  const unlistedSiblings = new Map<string, string>();
  for (const [hs22, olds] of corr) {
    if (!/^\d{6}$/.test(hs22)) continue;
    const rows = olds.map((o) => research.get(o)).filter((r): r is ResearchRow => r !== undefined);
    if (!rows.some((r) => !r.partial && !CAVIAR_TRUFFLES_HS2017.has(r.code))) continue;
    const kids = nomenclature.cnChildren?.(hs22, 2023) ?? [];
    const listed = kids.filter((k) => cnSet.has(k.code)).length;
    if (listed > 0 && listed < kids.length)
      for (const k of kids) if (!cnSet.has(k.code)) unlistedSiblings.set(k.code, hs22);
  }
  const eu = deriveEuCn8(cnCodes, research, corr, oneToOne, partialAtCn8, unlistedSiblings);
  console.log(
    `EU HS 2022 codes the research codes whole (via HS 2017) but the CN-8 list names only in part: ${new Set(unlistedSiblings.values()).size} (${unlistedSiblings.size} unlisted CN 2023 lines made candidates)`,
  );
  console.log(
    `EU partially_exempt HS-6 codes whose partial scope the CN-8 list shows: ${partialAtCn8.size} (${eu.stats.partialWholeLines ?? 0} listed CN-8 lines read whole)`,
  );
  console.log(
    `EU CN-8 × research: ${cnCodes.length} codes — ${eu.stats.unique} attributed, ${eu.stats.ambiguous} ambiguous (ex), ${eu.stats.none} not in the research (residual, from 2022-10-06); plus ${eu.stats.hs6} HS-6 codes the list lacks (${eu.stats.hs6Ambiguous} of them ex); ${eu.stats.luxury} luxury entries; ${eu.measures.length} measures`,
  );

  // Known EU export regimes whose unencoded part the research bounds: the HS 2022 codes correlated with the HS-6
  // codes it flags for the regime's category. The research codes every EU export ban to the 10th package, so a
  // code it never flags is outside these regimes (secondary: a research coding, not the annexes).
  const flaggedHs22 = (keep: (flags: string[]) => boolean): string[] => {
    const hs17 = new Set([...research.values()].filter((r) => keep(r.flags)).map((r) => r.code));
    return [...corr.entries()]
      .filter(([, olds]) => olds.some((o) => hs17.has(o)))
      .map(([hs22]) => hs22)
      .sort();
  };
  const regimeGaps = new Map<string, { prefixes: string[]; source: string }>([
    [
      "eu-833-art2-2a-2b-dual-use-advanced-tech",
      {
        prefixes: flaggedHs22((f) => f.includes("dual_use") || f.includes("military_tech")),
        source:
          "Chupilkin, Javorcik & Plekhanov (2023) research coding: the HS-6 codes it flags as dual-use (Annex I of Reg. 2021/821) or advanced technology (Annex VII), mapped HS 2017 → HS 2022 with the UNSD correlation (scripts/convert-regimes.ts) — secondary; goods defined by technical parameters are encoded as 'ex' codes",
      },
    ],
    [
      "eu-833-art3d-3e-3f",
      {
        prefixes: flaggedHs22((f) => !(f.length === 1 && f[0] === "luxury")),
        source:
          "Chupilkin, Javorcik & Plekhanov (2023) research coding of every EU export ban to the 10th package: its sanctioned HS-6 codes other than those it flags as luxury only (Annex XVIII), mapped HS 2017 → HS 2022 (scripts/convert-regimes.ts) — secondary",
      },
    ],
  ]);
  console.log(
    `EU known-regime gap scopes: ${[...regimeGaps].map(([id, g]) => `${id} ${g.prefixes.length} codes`).join("; ")}`,
  );

  /** Measure id → the code list it is derived from. */
  const derived = new Map<string, string[]>([
    [CN8_RESIDUAL, eu.residual],
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
    if (name === "eu.json") {
      // Derived gap scopes of known regimes (the rest of each known regime is hand-encoded and left untouched).
      const known = (doc as unknown as { knownRegimes: { id: string; gapScope?: unknown }[] }).knownRegimes;
      for (const [id, g] of regimeGaps) {
        const k = known.find((x) => x.id === id);
        if (!k) throw new Error(`eu.json: known regime ${id} not found`);
        k.gapScope = { nomenclature: "HS2022", prefixes: g.prefixes, source: g.source };
      }
      // Generated measures are replaced as a whole, right after the residual measure; the rest is untouched.
      const kept = doc.measures.filter((m) => !m.id.startsWith(CN8_PREFIX));
      const at = kept.findIndex((m) => m.id === CN8_RESIDUAL);
      if (at < 0) throw new Error(`eu.json: ${CN8_RESIDUAL} not found`);
      kept.splice(at + 1, 0, ...(eu.measures as unknown as (typeof doc.measures)[number][]));
      doc.measures = kept;
      for (const m of eu.measures)
        console.log(`eu.json: ${m.id as string} ← ${(m.goods as { include: string[] }).include.length} codes`);
    }
    for (const m of doc.measures) {
      const codes = derived.get(m.id);
      if (!codes) continue;
      if (m.goods.kind !== "codes") throw new Error(`${name}: derived measure ${m.id} must have goods.kind "codes"`);
      m.goods.include = codes;
      seen.add(m.id);
      console.log(`${name}: ${m.id} ← ${codes.length} codes`);
    }
    // Write only what changed: other helpers edit the hand-encoded files, and an identical rewrite must not race them.
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (text !== (await readFile(file, "utf8"))) await writeFile(file, text);
  }
  const missing = [...derived.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`derived measures not found in the data files: ${missing.join(", ")}`);

  const set = await loadRegimeSet(outDir);
  console.log(
    `regime set ${set.version}: ${set.files.length} files, ${set.measures.length} measures, members ${set.members.join(" ")}, scenarios ${set.scenarios.join(" ")}`,
  );
}

await main();
