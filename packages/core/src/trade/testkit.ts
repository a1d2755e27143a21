/**
 * Test support for the trade monitor: tiny CSV panels ingested into a temp dir, a context over them and small
 * regime fixtures. (Test support only.)
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundledDataDir } from "../data/index.ts";
import { buildRegimeSet, type Measure, type RegimeSet } from "../regimes/index.ts";
import { groupsFile, measure, regimeFile } from "../regimes/testkit.ts";
import { fixedClock } from "../runtime/index.ts";
import { createTradeContext, type TradeContext } from "./context.ts";
import { openTradeDb, type TradeDb } from "./db.ts";
import { type IngestResult, ingestFiles } from "./ingest.ts";
import type { EditionMapper } from "./tags.ts";
import type { TradeFormat } from "./types.ts";

export const COUNTRIES_CSV = path.join(bundledDataDir, "trade", "countries.csv");

/** A temp folder with user datasets, and a DuckDB shared by ingestion and queries. */
export interface Lab {
  dir: string;
  db: TradeDb;
  ingest(
    dataset: string,
    format: TradeFormat,
    files: Record<string, string>,
    nomenclature?: string,
  ): Promise<IngestResult>;
  context(regimes: RegimeSet, mapEdition?: EditionMapper): TradeContext;
}

export async function lab(): Promise<Lab> {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-trade-"));
  const db = await openTradeDb(1);
  return {
    dir,
    db,
    async ingest(dataset, format, files, nomenclature) {
      const paths: string[] = [];
      for (const [name, text] of Object.entries(files)) {
        const p = path.join(dir, "src", dataset, name);
        await (await import("node:fs/promises")).mkdir(path.dirname(p), { recursive: true });
        await writeFile(p, text);
        paths.push(p);
      }
      return ingestFiles({
        files: paths,
        format,
        dataset,
        outDir: path.join(dir, "datasets", dataset),
        countriesCsv: COUNTRIES_CSV,
        clock: fixedClock("2026-11-24T12:00:00Z"),
        db,
        ...(nomenclature ? { nomenclature } : {}),
      });
    },
    context(regimes, mapEdition) {
      return createTradeContext({
        db,
        userDir: path.join(dir, "datasets"),
        regimes: async () => regimes,
        ...(mapEdition ? { mapEdition } : {}),
      });
    },
  };
}

/** A regime set from measures (grouped into member files by jurisdiction). */
export function regimesOf(measures: Measure[]): RegimeSet {
  const by = new Map<string, Measure[]>();
  for (const m of measures) by.set(m.jurisdiction, [...(by.get(m.jurisdiction) ?? []), m]);
  return buildRegimeSet(
    [...by.entries()].map(([j, ms]) => {
      const doc = regimeFile(j, ms);
      if (/^[a-z]/.test(j)) doc.type = "scenario";
      return { file: `${j}.json`, doc, sha256: j };
    }),
    groupsFile(),
  );
}

export { measure };

/** Comext CN8 long CSV from rows `[reporter, partner, code, period, value]`. */
export function cn8Csv(rows: (string | number)[][]): string {
  return `reporter_iso2,partner_iso2,cn_code,period,value_eur\n${rows.map((r) => r.join(",")).join("\n")}\n`;
}

const COMTRADE_HEADER =
  "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate";

/** One Comtrade row: only the columns the parser reads are filled. */
export function comtradeRow(o: {
  freq?: string;
  period: string;
  reporter: string;
  flow?: string;
  partner: string;
  partner2?: string;
  cls?: string;
  cmd: string;
  qty?: string;
  unit?: string;
  value: string;
  refMonth?: string;
}): string {
  const cols = COMTRADE_HEADER.split(",");
  const v: Record<string, string> = {
    freqCode: o.freq ?? "M",
    period: o.period,
    refMonth: o.refMonth ?? "",
    reporterCode: o.reporter,
    flowCode: o.flow ?? "X",
    partnerCode: o.partner,
    partner2Code: o.partner2 ?? "0",
    classificationCode: o.cls ?? "H6",
    cmdCode: o.cmd,
    qtyUnitAbbr: o.unit ?? "",
    qty: o.qty ?? "",
    primaryValue: o.value,
  };
  return cols.map((c) => v[c] ?? "").join(",");
}
export const comtradeCsv = (rows: string[]) => `${COMTRADE_HEADER}\n${rows.join("\n")}\n`;
