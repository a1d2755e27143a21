/**
 * The query context: a DuckDB connection, the datasets it can read, the regimes for goods tagging and an
 * HS edition mapper. Built per engine by `getTrade(engine)`, or directly in tests.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError, invalidInput, notFound } from "../errors/index.ts";
import type { RegimeSet } from "../regimes/index.ts";
import { sqlList, sqlString, type TradeDb } from "./db.ts";
import type { Window } from "./periods.ts";
import { windowPredicate } from "./periods.ts";
import { type EditionMapper, type GoodsTag, hsEditionOf, tagGoods } from "./tags.ts";
import type { DatasetInfo, DatasetManifest } from "./types.ts";

/** Where datasets live: bundled (read-only) and user-ingested folders, each `<name>/manifest.json`. */
export interface TradeContextOptions {
  db: TradeDb;
  bundledDir?: string;
  userDir?: string;
  regimes: () => Promise<RegimeSet>;
  mapEdition?: EditionMapper;
}

/** Facts about a dataset read once per context. */
export interface DatasetFacts {
  info: DatasetInfo;
  view: string;
  /** Table of reporter|partner|code|flow|year keys that have annual rows (annual windows prefer them), if any. */
  annualKeys?: string;
  leafRows: number;
  totalRows: number;
  /** HS editions present among leaf rows. */
  editions: string[];
  /** Whether a code map view exists (several HS editions present). */
  codeMap: boolean;
}

/** The trade query context. */
export interface TradeContext {
  readonly db: TradeDb;
  readonly options: TradeContextOptions;
  listDatasets(): Promise<DatasetInfo[]>;
  dataset(name: string): Promise<DatasetFacts>;
  regimes(): Promise<RegimeSet>;
  /** Creates (once) a table of goods tags for a dataset's leaf codes; returns its name and the tags. */
  goodsTags(
    ds: DatasetFacts,
    opts: { asOf: string; jurisdictions?: readonly string[]; destination?: string },
  ): Promise<{ table: string; tags: Map<string, GoodsTag>; regimesVersion: string }>;
}

async function readManifests(dir: string | undefined, origin: "bundled" | "user"): Promise<DatasetInfo[]> {
  if (!dir) return [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: DatasetInfo[] = [];
  for (const name of names.sort()) {
    if (name.includes(".tmp-") || name.includes(".old-")) continue;
    let text: string;
    try {
      text = await readFile(path.join(dir, name, "manifest.json"), "utf8");
    } catch {
      continue;
    }
    const manifest = JSON.parse(text) as DatasetManifest;
    out.push({ name: manifest.name, origin, parquetPath: path.join(dir, name, manifest.parquet), manifest });
  }
  return out;
}

let viewSeq = 0;

/** Builds a trade context. */
export function createTradeContext(options: TradeContextOptions): TradeContext {
  const facts = new Map<string, Promise<DatasetFacts>>();
  const tagTables = new Map<string, Promise<{ table: string; tags: Map<string, GoodsTag>; regimesVersion: string }>>();
  const { db } = options;
  const ctx: TradeContext = {
    db,
    options,
    async listDatasets() {
      const bundled = await readManifests(options.bundledDir, "bundled");
      const user = (await readManifests(options.userDir, "user")).filter(
        (u) => !bundled.some((b) => b.name === u.name),
      );
      return [...bundled, ...user];
    },
    regimes: options.regimes,
    dataset(name: string) {
      const hit = facts.get(name);
      if (hit) return hit;
      const p = (async (): Promise<DatasetFacts> => {
        const info = (await ctx.listDatasets()).find((d) => d.name === name);
        if (!info) {
          const known = (await ctx.listDatasets()).map((d) => d.name);
          throw notFound(
            "TRADE_DATASET_NOT_FOUND",
            `no trade dataset '${name}' (known: ${known.join(", ") || "none"})`,
            {
              known,
            },
          );
        }
        const view = `ds_${++viewSeq}`;
        await db.run(
          `CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * FROM read_parquet(${sqlString(info.parquetPath)})`,
        );
        const stats = await db.all<{ freq: string; level: string; nom: string; n: number }>(
          `SELECT freq, code_level AS level, nomenclature AS nom, count(*)::BIGINT AS n FROM ${view} GROUP BY ALL`,
        );
        const leaf = info.manifest.leafLevel;
        const editions = [
          ...new Set(stats.filter((s) => s.level === leaf).map((s) => hsEditionOf(s.nom) ?? s.nom)),
        ].sort();
        const f: DatasetFacts = {
          info,
          view,
          leafRows: stats.filter((s) => s.level === leaf).reduce((a, s) => a + s.n, 0),
          totalRows: stats.filter((s) => s.level === "TOTAL").reduce((a, s) => a + s.n, 0),
          editions,
          codeMap: false,
        };
        if (editions.length > 1 && options.mapEdition) await buildCodeMap(db, f, options.mapEdition);
        if (stats.some((s) => s.freq === "A")) {
          f.annualKeys = `${view}_annual`;
          await db.run(
            `CREATE OR REPLACE TEMP TABLE ${f.annualKeys} AS SELECT DISTINCT concat_ws('|', reporter, partner, code, flow, period) AS k FROM ${view} WHERE freq = 'A'`,
          );
        }
        return f;
      })();
      facts.set(name, p);
      p.catch(() => facts.delete(name));
      return p;
    },
    goodsTags(ds, opts) {
      const key = JSON.stringify([ds.info.name, opts]);
      const hit = tagTables.get(key);
      if (hit) return hit;
      const p = (async () => {
        const regimes = await options.regimes();
        const codes = await db.all<{ code: string; nom: string }>(
          `SELECT ${codeExpr(ds)} AS code, max(p.nomenclature) AS nom FROM ${fromExpr(ds)} WHERE p.code_level = ${sqlString(ds.info.manifest.leafLevel)} GROUP BY 1`,
        );
        const tags = tagGoods(
          regimes,
          codes.map((c) => ({ code: c.code, nomenclature: c.nom })),
          {
            asOf: opts.asOf,
            ...(opts.jurisdictions ? { jurisdictions: opts.jurisdictions } : {}),
            ...(opts.destination ? { destination: opts.destination } : {}),
            ...(options.mapEdition ? { mapEdition: options.mapEdition } : {}),
          },
        );
        const table = `tags_${++viewSeq}`;
        await db.run(
          `CREATE OR REPLACE TEMP TABLE ${table} (code VARCHAR, sanctioned BOOLEAN, tier VARCHAR, since VARCHAR, members VARCHAR)`,
        );
        const rows = [...tags.values()];
        for (let i = 0; i < rows.length; i += 5000) {
          const chunk = rows.slice(i, i + 5000);
          if (chunk.length === 0) break;
          await db.run(
            `INSERT INTO ${table} VALUES ${chunk
              .map(
                (t) =>
                  `(${sqlString(t.code)}, ${t.sanctioned}, ${t.chplTier ? sqlString(t.chplTier) : "NULL"}, ${t.since ? sqlString(t.since) : "NULL"}, ${sqlString(t.members.join(","))})`,
              )
              .join(", ")}`,
          );
        }
        return { table, tags, regimesVersion: regimes.version };
      })();
      tagTables.set(key, p);
      p.catch(() => tagTables.delete(key));
      return p;
    },
  };
  return ctx;
}

/** Maps HS6 codes of older editions to the latest edition present, where the mapping is unambiguous. */
async function buildCodeMap(db: TradeDb, f: DatasetFacts, map: EditionMapper): Promise<void> {
  const target = f.editions[f.editions.length - 1] as string;
  const rows = await db.all<{ code: string; nom: string }>(
    `SELECT DISTINCT code, nomenclature AS nom FROM ${f.view} WHERE code_level = ${sqlString(f.info.manifest.leafLevel)}`,
  );
  const pairs: string[] = [];
  for (const r of rows) {
    const ed = hsEditionOf(r.nom);
    if (!ed || ed === target || r.code.length < 6) continue;
    const to = [...new Set(map(r.code.slice(0, 6), ed, target))];
    if (to.length !== 1) continue; // split codes stay as they are (reported by their own code)
    const t = to[0] as string;
    const mapped = t === r.code.slice(0, 6) ? r.code : t + r.code.slice(6);
    if (mapped !== r.code) pairs.push(`(${sqlString(r.nom)}, ${sqlString(r.code)}, ${sqlString(mapped)})`);
  }
  const table = `${f.view}_codemap`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} (nomenclature VARCHAR, code VARCHAR, target VARCHAR)`);
  if (pairs.length > 0) await db.run(`INSERT INTO ${table} VALUES ${pairs.join(", ")}`);
  f.codeMap = pairs.length > 0;
}

/** FROM clause for a dataset (`p` alias), joined to its code map when editions differ. */
export function fromExpr(ds: DatasetFacts): string {
  return ds.codeMap
    ? `${ds.view} p LEFT JOIN ${ds.view}_codemap cm ON cm.nomenclature = p.nomenclature AND cm.code = p.code`
    : `${ds.view} p`;
}

/** The code as grouped: mapped to the latest HS edition when the dataset mixes editions. */
export function codeExpr(ds: DatasetFacts): string {
  return ds.codeMap ? "coalesce(cm.target, p.code)" : "p.code";
}

/** Which goods a query reads. */
export type ProductSelector = { kind: "all" } | { kind: "sanctioned" } | { kind: "codes"; codes: string[] };

/** Common selection parameters. */
export interface Selection {
  dataset: string;
  reporters?: string[];
  partners?: string[];
  products?: ProductSelector;
  flow?: string;
  /** Regime jurisdictions whose measures define "sanctioned" (default: all members). */
  sanctionedBy?: string[];
  /** Refuse (`TRADE_WINDOW_OUTSIDE_DATA`) a window not fully inside the data instead of flagging it. */
  strictWindow?: boolean;
  /** Only codes of these CHPL tiers (`1`, `2`, `3a`, `3b`, `4a`, `4b`), as tagged from the regimes. */
  chplTiers?: string[];
}

const COUNTRY = /^[A-Z]{2}$|^[A-Z0-9_]{2,16}$/;

/** Validates a list of reporter/partner codes. */
export function checkCountries(list: string[] | undefined, field: string): string[] | undefined {
  if (!list || list.length === 0) return undefined;
  const bad = list.filter((c) => !COUNTRY.test(c));
  if (bad.length > 0)
    throw invalidInput("TRADE_BAD_COUNTRY", `--${field}: not ISO alpha-2 codes: ${bad.join(", ")}`, [
      { code: "bad_country", field, message: bad.join(", ") },
    ]);
  return list;
}

/** Validates product codes (digits, 2–10). */
export function checkCodes(list: string[]): string[] {
  const codes = list.map((c) => c.replace(/[\s.-]/g, "")).filter((c) => c !== "");
  const bad = codes.filter((c) => !/^\d{2,10}$/.test(c));
  if (bad.length > 0 || codes.length === 0)
    throw invalidInput("TRADE_BAD_PRODUCTS", `--products: not product codes: ${bad.join(", ") || "(empty)"}`, [
      { code: "bad_code", field: "products", message: bad.join(", ") },
    ]);
  return codes;
}

/** The WHERE clauses shared by all signals; `levelTotal` when the dataset has no leaf rows and all goods are asked. */
export async function selectionWhere(
  ctx: TradeContext,
  ds: DatasetFacts,
  sel: Selection,
  windows: Window[],
  asOf: string,
): Promise<{ where: string[]; level: string; tagTable?: string; regimesVersion?: string }> {
  const where: string[] = [];
  const products = sel.products ?? { kind: "all" };
  const leaf = ds.info.manifest.leafLevel;
  let level = leaf;
  let tagTable: string | undefined;
  let regimesVersion: string | undefined;
  if (products.kind === "all" && ds.leafRows === 0) level = "TOTAL";
  if (products.kind !== "all" && ds.leafRows === 0)
    throw invalidInput(
      "TRADE_NO_PRODUCT_DETAIL",
      `dataset '${ds.info.name}' has only totals (no ${leaf} rows): --products ${products.kind} cannot be answered from it`,
    );
  where.push(`p.code_level = ${sqlString(level)}`);
  if (products.kind === "codes")
    where.push(
      `(${checkCodes(products.codes)
        .map((c) => `${codeExpr(ds)} LIKE ${sqlString(`${c}%`)}`)
        .join(" OR ")})`,
    );
  if (products.kind === "sanctioned") {
    const t = await ctx.goodsTags(ds, { asOf, ...(sel.sanctionedBy ? { jurisdictions: sel.sanctionedBy } : {}) });
    tagTable = t.table;
    regimesVersion = t.regimesVersion;
    where.push(`${codeExpr(ds)} IN (SELECT code FROM ${t.table} WHERE sanctioned)`);
  }
  if (sel.chplTiers && sel.chplTiers.length > 0) {
    const tiers = sel.chplTiers.map((t) => t.trim().toLowerCase());
    const bad = tiers.filter((t) => !/^(1|2|3a|3b|4a|4b)$/.test(t));
    if (bad.length > 0)
      throw invalidInput("TRADE_BAD_TIER", `--tiers: not CHPL tiers: ${bad.join(", ")} (1, 2, 3a, 3b, 4a, 4b)`, [
        { code: "bad_tier", field: "tiers", message: bad.join(", ") },
      ]);
    if (ds.leafRows === 0)
      throw invalidInput(
        "TRADE_NO_PRODUCT_DETAIL",
        `dataset '${ds.info.name}' has only totals: a CHPL tier filter cannot be answered from it`,
      );
    // The CHPL is one list common to the coalition: a code's tier is read from every member's measures, whatever
    // --sanctioned-by says (which only decides what "sanctioned" means).
    const t = await ctx.goodsTags(ds, { asOf });
    tagTable ??= t.table;
    regimesVersion ??= t.regimesVersion;
    where.push(`${codeExpr(ds)} IN (SELECT code FROM ${t.table} WHERE lower(tier) IN ${sqlList(tiers)})`);
  }
  const reporters = checkCountries(sel.reporters, "reporters");
  where.push(reporters ? `p.reporter IN ${sqlList(reporters)}` : "p.reporter_kind = 'country'");
  const partners = checkCountries(sel.partners, "partners");
  where.push(partners ? `p.partner IN ${sqlList(partners)}` : "p.partner_kind = 'country'");
  where.push(`p.flow = ${sqlString(sel.flow ?? "export")}`);
  if (windows.length > 0) where.push(`(${windows.map((w) => windowPredicate(w, ds.annualKeys, "p")).join(" OR ")})`);
  return { where, level, ...(tagTable ? { tagTable } : {}), ...(regimesVersion ? { regimesVersion } : {}) };
}

/** Throws `TRADE_MIXED_CURRENCY` when a selection spans several currencies; returns the one currency. */
export async function singleCurrency(ctx: TradeContext, ds: DatasetFacts, where: string[]): Promise<string> {
  const rows = await ctx.db.all<{ c: string }>(
    `SELECT DISTINCT p.currency AS c FROM ${fromExpr(ds)} WHERE ${where.join(" AND ")} ORDER BY 1`,
  );
  if (rows.length > 1)
    throw new EmbargoError({
      code: "TRADE_MIXED_CURRENCY",
      category: "invalid_input",
      message: `the selection mixes currencies (${rows.map((r) => r.c).join(", ")}); filter to one source or convert first — values are never summed across currencies`,
      details: { currencies: rows.map((r) => r.c) },
    });
  return rows[0]?.c ?? ds.info.manifest.currencies[0] ?? "EUR";
}

/** The one currency of a selection; `TRADE_MIXED_CURRENCY` when there are several (values are never summed across). */
export function currencyOf(found: string[], fallback: string | undefined): string {
  const set = [...new Set(found)].sort();
  if (set.length > 1)
    throw new EmbargoError({
      code: "TRADE_MIXED_CURRENCY",
      category: "invalid_input",
      message: `the selection mixes currencies (${set.join(", ")}); filter to one source or convert first — values are never summed across currencies`,
      details: { currencies: set },
    });
  return set[0] ?? fallback ?? "EUR";
}
