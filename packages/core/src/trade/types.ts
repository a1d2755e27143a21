/**
 * The trade panel: one row per reporter × partner × product code × period × flow, from any source
 * (Eurostat Comext, UN Comtrade, CEPII BACI), stored as Parquet and queried with DuckDB.
 */

/** Input formats `embargo trade ingest` understands. */
export const TRADE_FORMATS = ["comext", "comtrade", "baci", "imf"] as const;
export type TradeFormat = (typeof TRADE_FORMATS)[number];

/** Code levels. Sums never mix levels: totals come from `TOTAL` rows, product sums from the dataset's leaf level. */
export type CodeLevel = "TOTAL" | "HS2" | "HS4" | "HS6" | "CN8";

/** Trade flows as stored. */
export type Flow = "export" | "import" | "re_export" | "re_import";

/** One panel row as stored in Parquet (column names in snake_case there). */
export interface PanelRow {
  reporter: string;
  reporterKind: "country" | "aggregate";
  partner: string;
  partnerKind: "country" | "aggregate";
  code: string;
  codeLevel: CodeLevel;
  /** Edition of `code`: `CN2021`, `HS2017`, `HS2022`, … (`TOTAL` rows: `none`). */
  nomenclature: string;
  /** `YYYY-MM` (freq M) or `YYYY` (freq A). */
  period: string;
  freq: "M" | "A";
  flow: Flow;
  value: number;
  currency: string;
  quantity: number | null;
  quantityUnit: string | null;
  /** Source file (base name) and 1-based data row, so every figure links back to its source rows. */
  source: string;
  sourceRow: number;
}

/** Columns of the Parquet panel, in order, with their DuckDB types. */
export const PANEL_COLUMNS: readonly (readonly [string, string])[] = [
  ["reporter", "VARCHAR"],
  ["reporter_kind", "VARCHAR"],
  ["partner", "VARCHAR"],
  ["partner_kind", "VARCHAR"],
  ["code", "VARCHAR"],
  ["code_level", "VARCHAR"],
  ["nomenclature", "VARCHAR"],
  ["period", "VARCHAR"],
  ["freq", "VARCHAR"],
  ["flow", "VARCHAR"],
  ["value", "DOUBLE"],
  ["currency", "VARCHAR"],
  ["quantity", "DOUBLE"],
  ["quantity_unit", "VARCHAR"],
  ["source", "VARCHAR"],
  ["source_row", "INTEGER"],
];

/** Per-file ingestion report. */
export interface IngestFileReport {
  file: string;
  sha256: string;
  bytes: number;
  /** Layout recognised from the header, e.g. `comext-cn8-long`. */
  layout: string;
  rowsRead: number;
  rowsKept: number;
  /** Rows rejected as malformed (counted and listed; never silently dropped). */
  badRows: number;
  /** Rows deliberately left out by rule (e.g. Comtrade partner World), counted by reason. */
  excluded: Record<string, number>;
}

/** A dataset's manifest (`manifest.json` beside its Parquet file). */
export interface DatasetManifest {
  schemaVersion: 1;
  name: string;
  format: TradeFormat;
  /** Leaf code level used for product sums (CN8 for Comext, HS6 for Comtrade/BACI). */
  leafLevel: CodeLevel;
  currencies: string[];
  rows: number;
  badRows: number;
  files: IngestFileReport[];
  /** ISO timestamp from the engine clock. */
  ingestedAt: string;
  /** Parquet file name, relative to the manifest. */
  parquet: string;
  provenance?: string;
  attribution?: string;
}

/** A dataset the monitor can query. */
export interface DatasetInfo {
  name: string;
  origin: "bundled" | "user";
  parquetPath: string;
  manifest: DatasetManifest;
}
