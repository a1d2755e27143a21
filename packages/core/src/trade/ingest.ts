/**
 * Ingestion: Comext, Comtrade, BACI and IMF IMTS CSV files → one normalised panel in Parquet (zstd), written by DuckDB.
 * Every row is either kept, excluded by a documented rule (counted by reason) or rejected as bad (counted, and
 * the first rows listed with their line and reason). A dataset is replaced only after a complete, successful run.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError, type ErrorIssue, invalidInput, storageFault } from "../errors/index.ts";
import { type Clock, type Progress, silentProgress } from "../runtime/index.ts";
import { openTradeDb, type TradeDb } from "./db.ts";
import { column, ident, join, type Sql, sql } from "./sql.ts";
import type { CodeLevel, DatasetManifest, IngestFileReport, TradeFormat } from "./types.ts";

/** Dataset names: lower-case kebab, like `comext-cn8`. */
export const DATASET_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Options for {@link ingestFiles}. */
export interface IngestOptions {
  files: string[];
  format: TradeFormat;
  dataset: string;
  /** Folder that receives `panel.parquet` and `manifest.json` (replaced atomically). */
  outDir: string;
  /** The bundled country table (`data/trade/countries.csv`). */
  countriesCsv: string;
  clock: Clock;
  progress?: Progress;
  /** BACI: the HS edition of the files (else read from the file name, e.g. `BACI_HS17_…` → HS2017). */
  nomenclature?: string;
  /** How many bad rows to list individually (all are counted). Default 50. */
  maxIssues?: number;
  provenance?: string;
  attribution?: string;
  /** Reuse a DuckDB connection (else a private in-memory one). */
  db?: TradeDb;
}

/** Result of an ingestion. */
export interface IngestResult {
  manifest: DatasetManifest;
  /** The first bad rows (file, row, reason); `manifest.badRows` counts them all. */
  issues: ErrorIssue[];
  parquetPath: string;
}

const STAGING_COLUMNS = sql`reporter, reporter_kind, partner, partner_kind, code, code_level, nomenclature, period, freq, flow, value, currency, quantity, quantity_unit, source, source_row`;

/** Creates the country lookup tables from the bundled CSV (`iso2, iso3, iso_numeric, comtrade, kind, names`). */
export async function loadCountryTables(db: TradeDb, countriesCsv: string): Promise<void> {
  await db.run(
    sql`CREATE OR REPLACE TEMP TABLE ct AS SELECT * FROM read_csv(${countriesCsv}, header=true, all_varchar=true)`,
  );
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ct_iso2 AS SELECT DISTINCT iso2, kind FROM ct`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ct_iso3 AS SELECT DISTINCT iso3, iso2, kind FROM ct WHERE iso3 <> ''`);
  // Comtrade/BACI codes first: they differ from ISO numeric for a few countries (842 USA, 251 France, 490 Taiwan).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ct_num AS
    SELECT code, arg_min(iso2, pri) AS iso2, arg_min(kind, pri) AS kind FROM (
      SELECT TRY_CAST(comtrade AS INTEGER) AS code, iso2, kind, 0 AS pri FROM ct WHERE comtrade <> ''
      UNION ALL SELECT TRY_CAST(iso_numeric AS INTEGER), iso2, kind, 1 FROM ct WHERE iso_numeric <> ''
    ) WHERE code IS NOT NULL GROUP BY code`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ct_name AS
    SELECT name, arg_min(iso2, iso2) AS iso2, arg_min(kind, iso2) AS kind FROM (
      SELECT trim(unnest(string_split(names, '|'))) AS name, iso2, kind FROM ct
    ) WHERE name <> '' GROUP BY name`);
}

/** SQL: normalised label key (lower case, trailing parenthesis removed: "Euro area (AT-01/1999, …)" → "euro area"). */
function labelKey(expr: Sql): Sql {
  return sql`lower(trim(regexp_replace(trim(${expr}), '\\s*\\(.*\\)\\s*$', '')))`;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

async function headerOf(file: string): Promise<string[]> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const first =
      buf
        .subarray(0, bytesRead)
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .split(/\r?\n/)[0] ?? "";
    const delim =
      first.includes("\t") && !first.includes(",") ? "\t" : first.includes(";") && !first.includes(",") ? ";" : ",";
    return first.split(delim).map((c) => c.trim().replace(/^"|"$/g, ""));
  } finally {
    await fh.close();
  }
}

const has = (cols: string[], ...names: string[]) => names.every((n) => cols.includes(n));

/** Month abbreviations in Eurostat period labels ("Aug. 2024"). */
const MONTH_CASE = sql`CASE lower(substr(trim(p), 1, 3)) WHEN 'jan' THEN '01' WHEN 'feb' THEN '02' WHEN 'mar' THEN '03' WHEN 'apr' THEN '04' WHEN 'may' THEN '05' WHEN 'jun' THEN '06' WHEN 'jul' THEN '07' WHEN 'aug' THEN '08' WHEN 'sep' THEN '09' WHEN 'oct' THEN '10' WHEN 'nov' THEN '11' WHEN 'dec' THEN '12' END`;

interface LayoutSql {
  layout: string;
  /** SELECT over `raw` producing the staging columns + `problem` + `excluded`. */
  select: Sql;
}

/** Builds the normalising SELECT for a file's layout. Columns are read as VARCHAR; `rn` is the data row. */
function layoutSql(
  format: TradeFormat,
  cols: string[],
  source: string,
  file: string,
  raw: Sql,
  nomenclature?: string,
): LayoutSql {
  const src = source;
  const num = (e: Sql) => sql`TRY_CAST(replace(trim(${e}), ' ', '') AS DOUBLE)`;
  const codeLevel = (c: Sql) =>
    sql`CASE WHEN NOT regexp_full_match(${c}, '[0-9]+') THEN NULL WHEN length(${c}) = 8 THEN 'CN8' WHEN length(${c}) = 6 THEN 'HS6' WHEN length(${c}) = 4 THEN 'HS4' WHEN length(${c}) = 2 THEN 'HS2' END`;
  const periodOk = (p: Sql) => sql`regexp_full_match(${p}, '[0-9]{4}(-(0[1-9]|1[0-2]))?')`;
  if (format === "comext") {
    // Country columns: ISO alpha-2 where given, else the label mapped through the country table.
    let body: Sql;
    let layout: string;
    if (has(cols, "reporter_iso2", "partner_iso2", "cn_code", "period", "value_eur")) {
      layout = "comext-cn8-long";
      body = sql`SELECT rn, upper(trim(reporter_iso2)) AS rep, upper(trim(partner_iso2)) AS par, reporter_iso2 AS rawrep, partner_iso2 AS rawpar, trim(cn_code) AS prod,
        'export' AS flw, trim(period) AS per, ${num(sql`value_eur`)} AS val, value_eur AS rawval, NULL AS excl FROM ${raw}`;
    } else if (
      has(cols, "reporter_iso2", "partner_iso2", "product", "flow", "period", "value_eur") &&
      !cols.includes("freq")
    ) {
      layout = "comext-product-flow";
      body = sql`SELECT rn, upper(trim(reporter_iso2)) AS rep, upper(trim(partner_iso2)) AS par, reporter_iso2 AS rawrep, partner_iso2 AS rawpar, trim(product) AS prod,
        upper(trim(flow)) AS flw, trim(period) AS per, ${num(sql`value_eur`)} AS val, value_eur AS rawval, NULL AS excl FROM ${raw}`;
    } else if (
      has(
        cols,
        "reporter_label",
        "reporter_iso2",
        "partner_label",
        "partner_iso2",
        "product",
        "flow",
        "freq",
        "period",
        "value_eur",
      )
    ) {
      layout = "comext-totals-labelled";
      body = sql`SELECT rn,
        coalesce(nullif(upper(trim(reporter_iso2)), ''), (SELECT iso2 FROM ct_name WHERE name = ${labelKey(sql`reporter_label`)})) AS rep,
        coalesce(nullif(upper(trim(partner_iso2)), ''), (SELECT iso2 FROM ct_name WHERE name = ${labelKey(sql`partner_label`)})) AS par,
        reporter_label AS rawrep, partner_label AS rawpar,
        trim(product) AS prod, upper(trim(flow)) AS flw, trim(period) AS per, ${num(sql`value_eur`)} AS val, value_eur AS rawval,
        CASE WHEN stat_procedure IS NOT NULL AND lower(trim(stat_procedure)) NOT IN ('total', '') THEN 'stat_procedure ' || stat_procedure END AS excl
        FROM ${raw}`;
    } else if (has(cols, "REPORTER", "PARTNER", "PRODUCT", "FLOW", "PERIOD", "VALUE_IN_EUR")) {
      // Eurostat "relational view" extract, labelled ("Aug. 2024") or coded ("2-EXPORT", "202408-Aug. 2024").
      layout = "comext-relational";
      const country = (c: Sql) =>
        sql`CASE WHEN regexp_matches(trim(${c}), '^[A-Z]{2}-') THEN substr(trim(${c}), 1, 2) ELSE (SELECT iso2 FROM ct_name WHERE name = ${labelKey(c)}) END`;
      body = sql`SELECT rn, ${country(sql`"REPORTER"`)} AS rep, ${country(sql`"PARTNER"`)} AS par, "REPORTER" AS rawrep, "PARTNER" AS rawpar,
        CASE WHEN upper(trim("PRODUCT")) LIKE 'TOTAL%' THEN 'TOTAL' ELSE regexp_extract(trim("PRODUCT"), '^([0-9]+)', 1) END AS prod,
        CASE WHEN upper("FLOW") LIKE '%EXPORT%' THEN 'EXPORT' WHEN upper("FLOW") LIKE '%IMPORT%' THEN 'IMPORT' ELSE upper(trim("FLOW")) END AS flw,
        (SELECT CASE
          WHEN regexp_full_match(p, 'Y?[0-9]{4}') THEN right(p, 4)
          WHEN regexp_matches(p, '^[0-9]{4}52') THEN substr(p, 1, 4)
          WHEN regexp_matches(p, '^[0-9]{6}') THEN substr(p, 1, 4) || '-' || substr(p, 5, 2)
          WHEN regexp_full_match(p, '[A-Za-z]{3}\\.? [0-9]{4}') THEN right(p, 4) || '-' || ${MONTH_CASE}
          ELSE p END FROM (SELECT trim("PERIOD") AS p)) AS per,
        ${num(sql`"VALUE_IN_EUR"`)} AS val, "VALUE_IN_EUR" AS rawval, NULL AS excl FROM ${raw}`;
    } else {
      throw invalidInput("TRADE_UNKNOWN_LAYOUT", `${source}: header not recognised as a Comext layout`, [
        { code: "unknown_header", file, row: 0, message: `columns: ${cols.join(", ")}` },
      ]);
    }
    return {
      layout,
      select: sql`SELECT
        rep AS reporter, rk.kind AS reporter_kind, par AS partner, pk.kind AS partner_kind,
        CASE WHEN upper(prod) = 'TOTAL' THEN 'TOTAL' ELSE prod END AS code,
        lvl AS code_level,
        CASE WHEN upper(prod) = 'TOTAL' THEN 'none' ELSE 'CN' || substr(per, 1, 4) END AS nomenclature,
        per AS period, CASE WHEN length(per) = 7 THEN 'M' ELSE 'A' END AS freq,
        CASE WHEN flw IN ('EXPORT', 'EXPORTATION', 'export') THEN 'export' WHEN flw IN ('IMPORT', 'IMPORTATION', 'import') THEN 'import' END AS flow,
        val AS value, 'EUR' AS currency, NULL::DOUBLE AS quantity, NULL::VARCHAR AS quantity_unit,
        ${src} AS source, rn::INTEGER AS source_row,
        CASE
          WHEN rep IS NULL OR rep = '' THEN 'unknown or missing reporter ' || coalesce(rawrep, '')
          WHEN rk.kind IS NULL THEN 'unknown reporter ' || rep
          WHEN par IS NULL OR par = '' THEN 'unknown or missing partner ' || coalesce(rawpar, '')
          WHEN pk.kind IS NULL THEN 'unknown partner ' || par
          WHEN prod IS NULL OR lvl IS NULL THEN 'bad product code ' || coalesce(prod, '')
          WHEN per IS NULL OR NOT perok THEN 'bad period ' || coalesce(per, '')
          WHEN flw NOT IN ('EXPORT', 'EXPORTATION', 'export', 'IMPORT', 'IMPORTATION', 'import') THEN 'bad flow ' || coalesce(flw, '')
          WHEN val IS NULL THEN 'value is not a number: ' || coalesce(rawval, '')
          WHEN val < 0 THEN 'negative value'
        END AS problem,
        excl AS excluded
      FROM (SELECT *, CASE WHEN upper(prod) = 'TOTAL' THEN 'TOTAL' ELSE ${codeLevel(sql`prod`)} END AS lvl,
          ${periodOk(sql`per`)} AS perok FROM (${body})) b
      LEFT JOIN ct_iso2 rk ON rk.iso2 = b.rep
      LEFT JOIN ct_iso2 pk ON pk.iso2 = b.par`,
    };
  }
  if (format === "comtrade") {
    const need = [
      "reporterCode",
      "partnerCode",
      "cmdCode",
      "flowCode",
      "period",
      "primaryValue",
      "freqCode",
      "classificationCode",
    ];
    const missing = need.filter((c) => !cols.includes(c));
    if (missing.length > 0)
      throw invalidInput("TRADE_UNKNOWN_LAYOUT", `${source}: Comtrade columns missing: ${missing.join(", ")}`, [
        { code: "missing_columns", file, row: 0, message: missing.join(", ") },
      ]);
    const opt = (c: string) => (cols.includes(c) ? column(c) : sql`NULL`);
    return {
      layout: "comtrade-plus",
      select: sql`SELECT
        rep.iso2 AS reporter, rep.kind AS reporter_kind, par.iso2 AS partner, par.kind AS partner_kind,
        cmd AS code, CASE WHEN cmd = 'TOTAL' THEN 'TOTAL' ELSE ${codeLevel(sql`cmd`)} END AS code_level,
        CASE WHEN cmd = 'TOTAL' THEN 'none' ELSE nom END AS nomenclature,
        per AS period, fq AS freq,
        CASE fl WHEN 'X' THEN 'export' WHEN 'M' THEN 'import' WHEN 'RX' THEN 're_export' WHEN 'RM' THEN 're_import' END AS flow,
        val AS value, 'USD' AS currency, qty AS quantity, qunit AS quantity_unit,
        ${src} AS source, rn::INTEGER AS source_row,
        CASE
          WHEN rep.iso2 IS NULL THEN 'unknown reporter code ' || coalesce(rc, '')
          WHEN par.iso2 IS NULL AND pc <> '0' THEN 'unknown partner code ' || coalesce(pc, '')
          WHEN cmd IS NULL OR (cmd <> 'TOTAL' AND ${codeLevel(sql`cmd`)} IS NULL) THEN 'bad cmdCode ' || coalesce(cmd, '')
          WHEN nom IS NULL AND cmd <> 'TOTAL' THEN 'unknown classificationCode ' || coalesce(cls, '')
          WHEN fq IS NULL OR per IS NULL OR NOT ${periodOk(sql`per`)} THEN 'bad period ' || coalesce(rawper, '')
          WHEN val IS NULL THEN 'primaryValue is not a number: ' || coalesce(rawval, '')
          WHEN val < 0 THEN 'negative value'
        END AS problem,
        CASE
          WHEN pc = '0' THEN 'partner World (0)'
          WHEN p2 IS NOT NULL AND p2 NOT IN ('', '0') THEN 'indirect flow (partner2Code not 0)'
          WHEN fl NOT IN ('X', 'M', 'RX', 'RM') THEN 'flowCode ' || coalesce(fl, '')
        END AS excluded
      FROM (SELECT rn, trim("reporterCode") AS rc, trim(${opt("reporterISO")}) AS riso, trim("partnerCode") AS pc,
          trim(${opt("partnerISO")}) AS piso, trim(${opt("partner2Code")}) AS p2,
          upper(trim("cmdCode")) AS cmd, upper(trim("flowCode")) AS fl, trim("classificationCode") AS cls,
          CASE trim("classificationCode") WHEN 'H0' THEN 'HS1992' WHEN 'H1' THEN 'HS1996' WHEN 'H2' THEN 'HS2002'
            WHEN 'H3' THEN 'HS2007' WHEN 'H4' THEN 'HS2012' WHEN 'H5' THEN 'HS2017' WHEN 'H6' THEN 'HS2022' END AS nom,
          upper(trim("freqCode")) AS fq0, trim("period") AS rawper,
          CASE WHEN upper(trim("freqCode")) = 'A' OR trim(${opt("refMonth")}) IN ('52', '99') THEN 'A'
               WHEN upper(trim("freqCode")) = 'M' THEN 'M' END AS fq,
          CASE WHEN upper(trim("freqCode")) = 'A' OR trim(${opt("refMonth")}) IN ('52', '99') THEN substr(trim("period"), 1, 4)
               WHEN upper(trim("freqCode")) = 'M' AND regexp_full_match(trim("period"), '[0-9]{6}') THEN substr(trim("period"), 1, 4) || '-' || substr(trim("period"), 5, 2)
          END AS per,
          ${num(sql`"primaryValue"`)} AS val, "primaryValue" AS rawval,
          ${cols.includes("qty") ? num(sql`"qty"`) : sql`NULL::DOUBLE`} AS qty, nullif(trim(${opt("qtyUnitAbbr")}), '') AS qunit
        FROM ${raw}) b
      LEFT JOIN ct_num rep ON rep.code = TRY_CAST(b.rc AS INTEGER)
      LEFT JOIN ct_num par ON par.code = TRY_CAST(b.pc AS INTEGER)`,
    };
  }
  if (format === "imf") {
    // IMF IMTS (ex-DOTS) wide export: one row per reporter × indicator × counterpart, one column per year; values
    // in 10^SCALE units of the indicator's currency (XG_FOB_USD: exports FOB, MG_CIF_USD: imports CIF). Totals only.
    const need = ["COUNTRY.ID", "INDICATOR.ID", "COUNTERPART_COUNTRY.ID", "FREQUENCY.ID", "SCALE.ID"];
    const missing = need.filter((c) => !cols.includes(c));
    const years = cols.filter((c) => /^\d{4}$/.test(c));
    if (missing.length > 0 || years.length === 0)
      throw invalidInput(
        "TRADE_UNKNOWN_LAYOUT",
        `${source}: IMF IMTS columns missing: ${[...missing, ...(years.length === 0 ? ["year columns (YYYY)"] : [])].join(", ")}`,
        [{ code: "missing_columns", file, row: 0, message: missing.join(", ") }],
      );
    return {
      layout: "imf-imts-annual",
      select: sql`SELECT rep.iso2 AS reporter, rep.kind AS reporter_kind,
        CASE WHEN grp THEN pc ELSE coalesce(par.iso2, parn.iso2) END AS partner,
        CASE WHEN grp THEN 'aggregate' ELSE coalesce(par.kind, parn.kind) END AS partner_kind,
        'TOTAL' AS code, 'TOTAL' AS code_level, 'none' AS nomenclature, yr AS period, 'A' AS freq,
        CASE substr(ind, 1, 2) WHEN 'XG' THEN 'export' WHEN 'MG' THEN 'import' END AS flow,
        round(val * power(10, sc), 2) AS value, cur AS currency, NULL::DOUBLE AS quantity, NULL::VARCHAR AS quantity_unit,
        ${src} AS source, rn::INTEGER AS source_row,
        CASE
          WHEN rep.iso2 IS NULL THEN 'unknown reporter ' || coalesce(rc, '')
          WHEN NOT grp AND par.iso2 IS NULL AND parn.iso2 IS NULL THEN 'unknown counterpart ' || coalesce(pc, '')
          WHEN sc IS NULL THEN 'bad SCALE.ID ' || coalesce(rawsc, '')
          WHEN cur IS NULL THEN 'no currency in indicator ' || coalesce(ind, '')
          WHEN val IS NULL THEN 'value is not a number: ' || coalesce(rawval, '')
          WHEN val < 0 THEN 'negative value'
        END AS problem,
        CASE
          WHEN fq <> 'A' THEN 'frequency ' || coalesce(fq, '')
          WHEN substr(ind, 1, 2) NOT IN ('XG', 'MG') THEN 'indicator ' || coalesce(ind, '')
        END AS excluded
      FROM (SELECT rn, trim("COUNTRY.ID") AS rc, trim("COUNTERPART_COUNTRY.ID") AS pc,
          ${cols.includes("COUNTERPART_COUNTRY") ? labelKey(sql`"COUNTERPART_COUNTRY"`) : sql`NULL`} AS plabel, upper(trim("INDICATOR.ID")) AS ind,
          upper(trim("FREQUENCY.ID")) AS fq, "SCALE.ID" AS rawsc, TRY_CAST(trim("SCALE.ID") AS INTEGER) AS sc,
          nullif(regexp_extract(upper(trim("INDICATOR.ID")), '_([A-Z]{3})$', 1), '') AS cur,
          -- IMF group and residual codes (G001 World, G998 EU, TX… not specified) are aggregates, kept under their id.
          NOT regexp_full_match(trim("COUNTERPART_COUNTRY.ID"), '[A-Z]{3}') AS grp,
          yr, ${num(sql`v`)} AS val, v AS rawval
        FROM (UNPIVOT (SELECT * FROM ${raw}) ON ${join(years.map(column), ", ")} INTO NAME yr VALUE v)) b
      LEFT JOIN ct_iso3 rep ON rep.iso3 = b.rc
      LEFT JOIN ct_iso3 par ON par.iso3 = b.pc
      -- IMF ids that are not ISO 3166 (WBG = West Bank and Gaza) are mapped by their label.
      LEFT JOIN ct_name parn ON par.iso3 IS NULL AND parn.name = b.plabel`,
    };
  }
  // BACI: t,i,j,k,v,q; v in thousand USD, q in metric tons; codes may have lost their leading zero.
  if (!has(cols, "t", "i", "j", "k", "v"))
    throw invalidInput("TRADE_UNKNOWN_LAYOUT", `${source}: BACI columns t,i,j,k,v expected`, [
      { code: "missing_columns", file, row: 0, message: `columns: ${cols.join(", ")}` },
    ]);
  const nom = nomenclature ?? baciEdition(source);
  if (!nom)
    throw invalidInput(
      "TRADE_NOMENCLATURE_REQUIRED",
      `${source}: cannot tell the HS edition of a BACI file from its name; pass --nomenclature HS2017 (or HS2022, …)`,
    );
  return {
    layout: "baci",
    select: sql`SELECT rep.iso2 AS reporter, rep.kind AS reporter_kind, par.iso2 AS partner, par.kind AS partner_kind,
        k6 AS code, 'HS6' AS code_level, ${nom} AS nomenclature, tt AS period, 'A' AS freq, 'export' AS flow,
        round(val * 1000, 2) AS value, 'USD' AS currency, qty AS quantity, CASE WHEN qty IS NOT NULL THEN 't' END AS quantity_unit,
        ${src} AS source, rn::INTEGER AS source_row,
        CASE
          WHEN tt IS NULL OR NOT regexp_full_match(tt, '[0-9]{4}') THEN 'bad year ' || coalesce(tt, '')
          WHEN rep.iso2 IS NULL THEN 'unknown exporter code ' || coalesce(ii, '')
          WHEN par.iso2 IS NULL THEN 'unknown importer code ' || coalesce(jj, '')
          WHEN k6 IS NULL OR NOT regexp_full_match(k6, '[0-9]{6}') THEN 'bad product code ' || coalesce(kk, '')
          WHEN val IS NULL THEN 'v is not a number: ' || coalesce(rawval, '')
          WHEN val < 0 THEN 'negative value'
        END AS problem,
        NULL AS excluded
      FROM (SELECT rn, trim(t) AS tt, trim(i) AS ii, trim(j) AS jj, trim(k) AS kk,
          CASE WHEN regexp_full_match(trim(k), '[0-9]{5,6}') THEN lpad(trim(k), 6, '0') END AS k6,
          ${num(sql`v`)} AS val, v AS rawval, ${cols.includes("q") ? sql`TRY_CAST(nullif(nullif(trim(q), 'NA'), '') AS DOUBLE)` : sql`NULL::DOUBLE`} AS qty
        FROM ${raw}) b
      LEFT JOIN ct_num rep ON rep.code = TRY_CAST(b.ii AS INTEGER)
      LEFT JOIN ct_num par ON par.code = TRY_CAST(b.jj AS INTEGER)`,
  };
}

/** `BACI_HS17_Y2021_V202201.csv` → `HS2017`. */
export function baciEdition(fileName: string): string | undefined {
  const m = /HS(92|96|02|07|12|17|22)/i.exec(fileName);
  if (!m?.[1]) return undefined;
  const yy = Number(m[1]);
  return `HS${yy >= 90 ? 1900 + yy : 2000 + yy}`;
}

let ingestSeq = 0;

// IMF IMTS holds totals only: its leaf level (HS6) has no rows, so product queries on it are refused.
const LEAF: Record<TradeFormat, CodeLevel> = { comext: "CN8", comtrade: "HS6", baci: "HS6", imf: "HS6" };

/**
 * Ingests files into a dataset folder. Throws `TRADE_INGEST_EMPTY` when no row survives; otherwise the
 * manifest reports rows kept, bad rows (with the first `maxIssues` listed) and excluded rows per reason.
 */
export async function ingestFiles(options: IngestOptions): Promise<IngestResult> {
  if (!DATASET_NAME.test(options.dataset))
    throw invalidInput("TRADE_BAD_DATASET_NAME", `dataset name '${options.dataset}' must match ${DATASET_NAME}`);
  if (options.files.length === 0) throw invalidInput("TRADE_NO_FILES", "no input files given");
  const progress = options.progress ?? silentProgress;
  const maxIssues = options.maxIssues ?? 50;
  const db = options.db ?? (await openTradeDb());
  const issues: ErrorIssue[] = [];
  const reports: IngestFileReport[] = [];
  let badRows = 0;
  await loadCountryTables(db, options.countriesCsv);
  const run = ++ingestSeq;
  const norms: Sql[] = [];
  progress.start(options.files.length * 3, `ingest ${options.dataset}`);
  try {
    for (const [fi, file] of options.files.entries()) {
      const source = path.basename(file);
      let st: Awaited<ReturnType<typeof stat>>;
      try {
        st = await stat(file);
      } catch {
        throw new EmbargoError({
          code: "TRADE_FILE_NOT_FOUND",
          category: "not_found",
          message: `input file not found: ${file}`,
          issues: [{ code: "not_found", file, message: "no such file" }],
        });
      }
      const cols = await headerOf(file);
      const rej = `rej_${run}_${fi}`;
      const norm = ident(`norm_${run}_${fi}`);
      // The rejects tables' names are options of read_csv (string literals, not parameters): engine-made
      // identifiers, checked by ident().
      const raw = sql`(SELECT row_number() OVER () AS rn, * FROM read_csv(${file}, header=true, all_varchar=true,
             store_rejects=true, rejects_table='${ident(rej)}', rejects_scan='${ident(`${rej}_scan`)}'))`;
      const { layout, select } = layoutSql(options.format, cols, source, file, raw, options.nomenclature);
      norms.push(norm);
      // Hash the file while DuckDB reads it (DuckDB works on its own threads).
      const hashing = sha256File(file);
      // One pass: read every cell as text, number the rows, normalise and validate; malformed lines go to `rej`.
      await db.run(sql`CREATE OR REPLACE TEMP TABLE ${norm} AS ${select}`);
      const sha256 = await hashing;
      progress.increment();
      const rejected = await db.all<{ line: number; msg: string }>(
        sql`SELECT line::BIGINT AS line, error_message AS msg FROM ${ident(rej)} ORDER BY line`,
      );
      const [counts] = await db.all<{ n: number; bad: number; kept: number }>(
        sql`SELECT count(*)::BIGINT n, count(problem)::BIGINT bad, count(*) FILTER (WHERE problem IS NULL AND excluded IS NULL)::BIGINT kept FROM ${norm}`,
      );
      progress.increment();
      const excludedRows = await db.all<{ reason: string; n: number }>(
        sql`SELECT excluded AS reason, count(*)::BIGINT n FROM ${norm} WHERE problem IS NULL AND excluded IS NOT NULL GROUP BY 1 ORDER BY 1`,
      );
      const bad =
        (counts?.bad ?? 0) === 0
          ? []
          : await db.all<{ rn: number; problem: string }>(
              sql`SELECT source_row::BIGINT rn, problem FROM ${norm} WHERE problem IS NOT NULL ORDER BY source_row LIMIT ${maxIssues}`,
            );
      for (const r of rejected)
        if (issues.length < maxIssues)
          issues.push({
            code: "malformed_line",
            file: source,
            row: r.line - 1,
            message: r.msg.split("\n")[0] ?? r.msg,
          });
      for (const b of bad)
        if (issues.length < maxIssues) issues.push({ code: "bad_row", file: source, row: b.rn, message: b.problem });
      progress.increment();
      const fileBad = (counts?.bad ?? 0) + rejected.length;
      badRows += fileBad;
      reports.push({
        file: source,
        sha256,
        bytes: Number(st.size),
        layout,
        rowsRead: (counts?.n ?? 0) + rejected.length,
        rowsKept: counts?.kept ?? 0,
        badRows: fileBad,
        excluded: Object.fromEntries(excludedRows.map((e) => [e.reason, e.n])),
      });
    }
  } finally {
    progress.stop();
  }
  const keys = sql`reporter, partner, code, code_level, nomenclature, period, freq, flow, currency`;
  const good = sql`(${join(
    norms.map((n) => sql`SELECT ${STAGING_COLUMNS} FROM ${n} WHERE problem IS NULL AND excluded IS NULL`),
    " UNION ALL ",
  )})`;
  const drop = async () => {
    for (const n of norms) await db.run(sql`DROP TABLE IF EXISTS ${n}`);
  };

  // The same key twice would be counted twice: keep the first occurrence, count the rest as bad rows. A hash
  // pre-check keeps the common case (no duplicates) cheap; any hit is resolved exactly below.
  const [dupCount] = await db.all<{ n: number }>(
    sql`SELECT coalesce(sum(k - 1), 0)::BIGINT AS n FROM (SELECT count(*) AS k FROM ${good} GROUP BY hash(${keys}) HAVING count(*) > 1)`,
  );
  let final = good;
  if (
    (dupCount?.n ?? 0) > 0 &&
    (await db.all(sql`SELECT 1 FROM ${good} GROUP BY ${keys} HAVING count(*) > 1 LIMIT 1`)).length > 0
  ) {
    const ranked = sql`(SELECT *, first_value(source) OVER w AS first_source, first_value(source_row) OVER w AS first_row,
        row_number() OVER w AS k FROM ${good} WINDOW w AS (PARTITION BY ${keys} ORDER BY source, source_row))`;
    const dupes = await db.all<{ source: string; source_row: number; first_source: string; first_row: number }>(
      sql`SELECT source, source_row, first_source, first_row FROM ${ranked} WHERE k > 1 ORDER BY source, source_row`,
    );
    for (const d of dupes) {
      if (issues.length < maxIssues)
        issues.push({
          code: "duplicate_key",
          file: d.source,
          row: d.source_row,
          message: `same reporter/partner/code/period/flow as ${d.first_source} row ${d.first_row}; not counted twice`,
        });
      const rep = reports.find((r) => r.file === d.source);
      if (rep) {
        rep.badRows += 1;
        rep.rowsKept -= 1;
      }
    }
    badRows += dupes.length;
    final = sql`(SELECT ${STAGING_COLUMNS} FROM ${ranked} WHERE k = 1 ORDER BY source, source_row)`;
  }

  const rows = reports.reduce((a, r) => a + r.rowsKept, 0);
  if (rows === 0) {
    await drop();
    throw new EmbargoError({
      code: "TRADE_INGEST_EMPTY",
      category: "invalid_input",
      message: `no valid rows in ${options.files.length} file(s); ${badRows} bad row(s)`,
      issues,
    });
  }
  const currencies = (
    await db.all<{ c: string }>(
      sql`SELECT DISTINCT currency AS c FROM (${join(
        norms.map((n) => sql`SELECT currency FROM ${n} WHERE problem IS NULL`),
        " UNION ",
      )}) ORDER BY 1`,
    )
  ).map((r) => r.c);

  // Write beside the target, then swap folders: a failed run never leaves a half-written dataset, nor its
  // temporary folder (removed on failure; those of runs that were killed are removed by the next run).
  const target = path.resolve(options.outDir);
  const tmp = `${target}.tmp-${process.pid}-${run}`;
  const parquet = "panel.parquet";
  let manifest: DatasetManifest;
  try {
    await removeStaleTemporaries(target);
    await mkdir(tmp, { recursive: true });
    // Rows keep file order (insertion order is preserved), which also keeps source_row delta-encoded and small.
    await db.run(
      sql`COPY ${final} TO ${path.join(tmp, parquet)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2)`,
    );
    await drop();
    manifest = {
      schemaVersion: 1,
      name: options.dataset,
      format: options.format,
      leafLevel: LEAF[options.format],
      currencies,
      rows,
      badRows,
      files: reports,
      ingestedAt: options.clock.now().toISOString(),
      parquet,
      ...(options.provenance ? { provenance: options.provenance } : {}),
      ...(options.attribution ? { attribution: options.attribution } : {}),
    };
    await writeFile(path.join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await swapIn(tmp, target, `${target}.old-${process.pid}-${run}`);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    await drop().catch(() => undefined);
    throw storageFault(e, path.dirname(target)) ?? e;
  }
  return { manifest, issues, parquetPath: path.join(target, parquet) };
}

/** Moves the written folder into place; the previous dataset (if any) is restored when that fails. */
async function swapIn(tmp: string, target: string, old: string): Promise<void> {
  await rm(old, { recursive: true, force: true });
  let hadOld = false;
  try {
    await rename(target, old);
    hadOld = true;
  } catch {
    // no previous dataset
  }
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tmp, target);
  } catch (e) {
    if (hadOld) await rename(old, target).catch(() => undefined);
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** Removes `<target>.tmp-<pid>-*` folders left by ingest runs whose process is gone (killed mid-write). */
async function removeStaleTemporaries(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}
