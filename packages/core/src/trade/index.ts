/**
 * The circumvention monitor: ingestion of Comext / Comtrade / BACI into Parquet panels queried with DuckDB,
 * five signals, alerts with a versioned preset, and the regime coverage simulator. See docs/trade.md.
 */
import path from "node:path";
import type { Engine } from "../engine.ts";
import { invalidInput } from "../errors/index.ts";
import { getNomenclature } from "../nomenclature/index.ts";
import { getRegimes } from "../regimes/index.ts";
import type { Progress } from "../runtime/index.ts";
import { createTradeContext, type TradeContext } from "./context.ts";
import { getTradeDb } from "./db.ts";
import { type IngestResult, ingestFiles } from "./ingest.ts";
import type { EditionMapper } from "./tags.ts";
import type { TradeFormat } from "./types.ts";

/** A real calendar date `YYYY-MM-DD` (core's one date contract, which the trade queries' `asOf`/`from` use). */
export { isCalendarDate } from "../runtime/calendar-date.ts";
export {
  ALERT_LEVELS,
  type Alert,
  type AlertLevel,
  type AlertParams,
  type AlertPreset,
  type AlertResult,
  alerts,
  parseAlertPreset,
} from "./alerts.ts";
export type { DatasetFacts, ProductSelector, Selection, TradeContext, TradeContextOptions } from "./context.ts";
export {
  DEFAULT_TRADE_DATASET,
  definedOnly,
  parseTradeQuery,
  type SelectionParameters,
  type TradeParameter,
  TradeQueries,
  type TradeQueryParams,
  TradeRevenueQuery,
  tradeCallOptions,
  tradeQueryParameters,
  tradeSelection,
} from "./contract.ts";
export {
  type CoverageRow,
  checkWindows,
  coverageRows,
  type DatasetCoverage,
  datasetCoverage,
  type HubGaps,
  hubGaps,
  type Span,
  type WindowCheck,
  type WindowCheckParams,
  type WindowStatus,
} from "./coverage.ts";
export { openTradeDb, type TradeDb } from "./db.ts";
export { type IngestOptions, type IngestResult, ingestFiles } from "./ingest.ts";
export { parseWindow, type Window } from "./periods.ts";
export {
  type BanEffect,
  type ImportPressureParams,
  type ImportPressureResult,
  type ImportSeries,
  importBanPressure,
  type KpResult,
  type KpRow,
  kimberleyProduction,
  type PartnerGroup,
  type PartnerRevenueParams,
  type PartnerRevenueResult,
  partnerRevenue,
  type RevenuePressureResult,
  revenuePressure,
  type SanctionDate,
  sanctionDates,
} from "./revenue.ts";
export {
  type AnomalyMarket,
  type AnomalyParams,
  type AnomalyResult,
  anomalies,
  type DidCell,
  type DidParams,
  type DidResult,
  diffInDiff,
  type FlowParams,
  type FlowResult,
  type GrowthBy,
  type GrowthGroup,
  type GrowthParams,
  type GrowthResult,
  growth,
  indexSeries,
  type MirrorPair,
  type MirrorParams,
  type MirrorResult,
  mirrorGap,
  type OnwardParams,
  type OnwardResult,
  type OnwardRow,
  onwardLeg,
  routeFlows,
  type SeriesParams,
  type SeriesResult,
  type UnitValueParams,
  type UnitValueResult,
  type UnitValueRow,
  unitValues,
} from "./signals.ts";
export { type SimulateParams, type SimulateResult, simulate } from "./simulate.ts";
export { type Sql, type SqlValue, sql } from "./sql.ts";
export type { EditionMapper, GoodsTag, TagMeasure } from "./tags.ts";
export {
  type CodeLevel,
  type DatasetInfo,
  type DatasetManifest,
  type IngestFileReport,
  TRADE_FORMATS,
  type TradeFormat,
} from "./types.ts";

/** Bundled datasets folder. */
export function bundledTradeDir(engine: Engine): string {
  return path.join(engine.dataDir, "trade");
}

/** User datasets folder (`<stateDir>/trade`), or undefined without a state dir. */
export function userTradeDir(engine: Engine): string | undefined {
  return engine.stateDir ? path.join(engine.stateDir, "trade") : undefined;
}

/**
 * HS2017 ↔ HS2022 mapping through the nomenclature capability's UNSD correlation. Without it (nomenclature data
 * missing or invalid) the monitor still runs, without edition bridging, and logs why.
 */
async function editionMapper(engine: Engine): Promise<EditionMapper | undefined> {
  try {
    const nom = await getNomenclature(engine);
    const hs = (e: string): e is "HS2017" | "HS2022" => e === "HS2017" || e === "HS2022";
    const memo = new Map<string, readonly string[]>();
    return (code6, from, to) => {
      if (!hs(from) || !hs(to)) return [];
      const key = `${code6}|${from}|${to}`;
      let hit = memo.get(key);
      if (hit === undefined) {
        try {
          hit = nom.correlate(code6, from, to).map((r) => r.code);
        } catch {
          hit = []; // a code unknown to the edition has no correlation: it stays as it is
        }
        memo.set(key, hit);
      }
      return hit;
    };
  } catch (e) {
    engine.logger.warn({ err: (e as Error).message }, "trade: no HS edition mapping (nomenclature unavailable)");
    return undefined;
  }
}

/** The engine's trade context (DuckDB, bundled + user datasets, regimes, HS edition mapping), built once. */
export function getTrade(engine: Engine): Promise<TradeContext> {
  return engine.lazy("trade", async () => {
    const db = await getTradeDb(engine);
    const mapEdition = await editionMapper(engine);
    const user = userTradeDir(engine);
    return createTradeContext({
      db,
      bundledDir: bundledTradeDir(engine),
      ...(user ? { userDir: user } : {}),
      regimes: () => getRegimes(engine),
      ...(mapEdition ? { mapEdition } : {}),
    });
  });
}

/** Ingests files as a user dataset under `<stateDir>/trade/<dataset>/`. Bundled names are reserved. */
export async function ingestDataset(
  engine: Engine,
  options: { files: string[]; format: TradeFormat; dataset: string; nomenclature?: string; progress?: Progress },
): Promise<IngestResult> {
  const dir = userTradeDir(engine);
  if (!dir) throw invalidInput("TRADE_NO_STATE_DIR", "ingestion needs a writable state directory (--state-dir)");
  const ctx = await getTrade(engine);
  const bundled = (await ctx.listDatasets()).filter((d) => d.origin === "bundled").map((d) => d.name);
  if (bundled.includes(options.dataset))
    throw invalidInput(
      "TRADE_DATASET_RESERVED",
      `'${options.dataset}' is a bundled dataset; choose another --dataset name`,
    );
  const result = await ingestFiles({
    ...options,
    outDir: path.join(dir, options.dataset),
    countriesCsv: path.join(bundledTradeDir(engine), "countries.csv"),
    clock: engine.clock,
  });
  // Drop the memoised context so the new dataset (and any replaced one) is read fresh.
  engine.replace("trade", createTradeContext({ ...ctx.options }));
  return result;
}
