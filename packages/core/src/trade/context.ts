/**
 * The query context: a DuckDB connection, the datasets it can read, the regimes for goods tagging and an
 * HS edition mapper. Built per engine by `getTrade(engine)`, or directly in tests.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError, invalidInput, notFound } from "../errors/index.ts";
import type { RegimeSet } from "../regimes/index.ts";
import type { TradeDb } from "./db.ts";
import { type Window, windowPredicate } from "./periods.ts";
import { and, ident, list, or, type Sql, sql } from "./sql.ts";
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
        const v = ident(view);
        await db.parquetView(view, info.parquetPath);
        const stats = await db.all<{ freq: string; level: string; nom: string; n: number }>(
          sql`SELECT freq, code_level AS level, nomenclature AS nom, count(*)::BIGINT AS n FROM ${v} GROUP BY ALL`,
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
            sql`CREATE OR REPLACE TEMP TABLE ${ident(f.annualKeys)} AS SELECT DISTINCT concat_ws('|', reporter, partner, code, flow, period) AS k FROM ${v} WHERE freq = 'A'`,
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
          sql`SELECT ${codeExpr(ds)} AS code, max(p.nomenclature) AS nom FROM ${fromExpr(ds)} WHERE p.code_level = ${ds.info.manifest.leafLevel} GROUP BY 1`,
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
          sql`CREATE OR REPLACE TEMP TABLE ${ident(table)} (code VARCHAR, sanctioned BOOLEAN, tier VARCHAR, since VARCHAR, members VARCHAR)`,
        );
        await db.append(
          table,
          [...tags.values()].map((t) => [
            t.code,
            t.sanctioned,
            t.chplTier ?? null,
            t.since ?? null,
            t.members.join(","),
          ]),
        );
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
    sql`SELECT DISTINCT code, nomenclature AS nom FROM ${ident(f.view)} WHERE code_level = ${f.info.manifest.leafLevel}`,
  );
  const pairs: [string, string, string][] = [];
  for (const r of rows) {
    const ed = hsEditionOf(r.nom);
    if (!ed || ed === target || r.code.length < 6) continue;
    const to = [...new Set(map(r.code.slice(0, 6), ed, target))];
    if (to.length !== 1) continue; // split codes stay as they are (reported by their own code)
    const t = to[0] as string;
    const mapped = t === r.code.slice(0, 6) ? r.code : t + r.code.slice(6);
    if (mapped !== r.code) pairs.push([r.nom, r.code, mapped]);
  }
  const table = `${f.view}_codemap`;
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ${ident(table)} (nomenclature VARCHAR, code VARCHAR, target VARCHAR)`);
  if (pairs.length > 0) await db.append(table, pairs);
  f.codeMap = pairs.length > 0;
}

/** FROM clause for a dataset (`p` alias), joined to its code map when editions differ. */
export function fromExpr(ds: DatasetFacts): Sql {
  const v = ident(ds.view);
  return ds.codeMap
    ? sql`${v} p LEFT JOIN ${ident(`${ds.view}_codemap`)} cm ON cm.nomenclature = p.nomenclature AND cm.code = p.code`
    : sql`${v} p`;
}

/** The code as grouped: mapped to the latest HS edition when the dataset mixes editions. */
export function codeExpr(ds: DatasetFacts): Sql {
  return ds.codeMap ? sql`coalesce(cm.target, p.code)` : sql`p.code`;
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

/**
 * A selection resolved against a dataset: what the rows of a query are, validated and typed. {@link selectionSql}
 * turns it into a WHERE predicate whose values are all bound parameters.
 */
export interface ResolvedSelection {
  /** Code level read: the dataset's leaf level, or `TOTAL` when it has no leaf rows and all goods are asked. */
  level: string;
  /** Product code prefixes (validated digits). */
  codes?: string[];
  /** Only codes tagged sanctioned in this goods-tag table. */
  sanctionedIn?: string;
  /** Only codes of these CHPL tiers (validated, lower case), as tagged in `table`. */
  tiers?: { table: string; tiers: string[] };
  /** Reporters (validated); absent: every country reporter. */
  reporters?: string[];
  /** Partners (validated); absent: every country partner. */
  partners?: string[];
  flow: string;
  /** Rows inside any of these windows; none: every period. */
  windows: Window[];
  tagTable?: string;
  regimesVersion?: string;
}

const TIERS = /^(1|2|3a|3b|4a|4b)$/;

/** Validates a selection against a dataset (goods tags are built when asked); `level` TOTAL when it has no leaf rows. */
export async function resolveSelection(
  ctx: TradeContext,
  ds: DatasetFacts,
  sel: Selection,
  windows: Window[],
  asOf: string,
): Promise<ResolvedSelection> {
  const products = sel.products ?? { kind: "all" };
  const leaf = ds.info.manifest.leafLevel;
  let level: string = leaf;
  if (products.kind === "all" && ds.leafRows === 0) level = "TOTAL";
  if (products.kind !== "all" && ds.leafRows === 0)
    throw invalidInput(
      "TRADE_NO_PRODUCT_DETAIL",
      `dataset '${ds.info.name}' has only totals (no ${leaf} rows): --products ${products.kind} cannot be answered from it`,
    );
  const out: ResolvedSelection = { level, flow: sel.flow ?? "export", windows };
  if (products.kind === "codes") out.codes = checkCodes(products.codes);
  if (products.kind === "sanctioned") {
    const t = await ctx.goodsTags(ds, { asOf, ...(sel.sanctionedBy ? { jurisdictions: sel.sanctionedBy } : {}) });
    out.sanctionedIn = t.table;
    out.tagTable = t.table;
    out.regimesVersion = t.regimesVersion;
  }
  if (sel.chplTiers && sel.chplTiers.length > 0) {
    const tiers = sel.chplTiers.map((t) => t.trim().toLowerCase());
    const bad = tiers.filter((t) => !TIERS.test(t));
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
    out.tiers = { table: t.table, tiers };
    out.tagTable ??= t.table;
    out.regimesVersion ??= t.regimesVersion;
  }
  const reporters = checkCountries(sel.reporters, "reporters");
  if (reporters) out.reporters = reporters;
  const partners = checkCountries(sel.partners, "partners");
  if (partners) out.partners = partners;
  return out;
}

/** `expr` starts with one of the code prefixes (`starts_with`, not LIKE: a prefix is never a pattern). */
export function codePrefixes(expr: Sql, codes: readonly string[]): Sql {
  return or(...codes.map((c) => sql`starts_with(${expr}, ${c})`));
}

/**
 * The WHERE predicate of a resolved selection over a dataset's `p` rows. `goods: false` leaves out the goods
 * filters (code level, codes, tags) — for the all-goods side of a comparison.
 */
export function selectionSql(ds: DatasetFacts, r: ResolvedSelection, opts: { goods?: boolean } = {}): Sql {
  const parts: Sql[] = [];
  const code = codeExpr(ds);
  if (opts.goods !== false) {
    parts.push(sql`p.code_level = ${r.level}`);
    if (r.codes) parts.push(codePrefixes(code, r.codes));
    if (r.sanctionedIn) parts.push(sql`${code} IN (SELECT code FROM ${ident(r.sanctionedIn)} WHERE sanctioned)`);
    if (r.tiers)
      parts.push(
        sql`${code} IN (SELECT code FROM ${ident(r.tiers.table)} WHERE lower(tier) IN ${list(r.tiers.tiers)})`,
      );
  }
  parts.push(r.reporters ? sql`p.reporter IN ${list(r.reporters)}` : sql`p.reporter_kind = 'country'`);
  parts.push(r.partners ? sql`p.partner IN ${list(r.partners)}` : sql`p.partner_kind = 'country'`);
  parts.push(sql`p.flow = ${r.flow}`);
  if (r.windows.length > 0) parts.push(or(...r.windows.map((w) => windowPredicate(w, ds.annualKeys, "p"))));
  return and(...parts);
}

/** Throws `TRADE_MIXED_CURRENCY` when a selection spans several currencies; returns the one currency. */
export async function singleCurrency(ctx: TradeContext, ds: DatasetFacts, where: Sql): Promise<string> {
  const rows = await ctx.db.all<{ c: string }>(
    sql`SELECT DISTINCT p.currency AS c FROM ${fromExpr(ds)} WHERE ${where} ORDER BY 1`,
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
