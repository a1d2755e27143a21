/**
 * The five signals (docs/trade.md): (A) growth against a baseline with a pseudo-count and excess value,
 * anomalies (markets with large, fast-growing exports), (B) difference-in-differences, (C) the onward leg,
 * (D) the mirror gap, (E) unit values. Every result states its dataset(s), currency and parameters.
 */
import { EmbargoError, invalidInput } from "../errors/index.ts";
import {
  checkCountries,
  codeExpr,
  codePrefixes,
  currencyOf,
  type DatasetFacts,
  fromExpr,
  type ProductSelector,
  resolveSelection,
  type Selection,
  selectionSql,
  singleCurrency,
  type TradeContext,
} from "./context.ts";
import { checkWindows, type WindowCheck } from "./coverage.ts";
import { shiftMonth, shiftWindow, type Window, windowEndDate, windowPredicate } from "./periods.ts";
import { ident, list, type Sql, sql } from "./sql.ts";

/** Default pseudo-count, per period (month or year) of the window, in the data's currency. */
export const DEFAULT_PSEUDO_COUNT = 10_000;

const ratio = (p: number, lp: number, b: number, lb: number): number | null => (b > 0 ? (p * lb) / (b * lp) : null);
const pseudoGrowth = (p: number, lp: number, b: number, lb: number, c: number): number => (p / lp + c) / (b / lb + c);
const excessOf = (p: number, lp: number, b: number, lb: number): number => p - (b * lp) / lb;

function sameFreq(a: Window, b: Window): void {
  if (a.freq !== b.freq)
    throw invalidInput("TRADE_BAD_WINDOW", "--base and --period must both be monthly or both be annual windows");
}

function describeProducts(p: ProductSelector | undefined): string {
  if (!p || p.kind === "all") return "all";
  if (p.kind === "sanctioned") return "sanctioned";
  return p.codes.join(",");
}

// ---- (A) growth --------------------------------------------------------------------------------------------

/** Grouping of a growth result. */
export type GrowthBy = "partner" | "reporter" | "code" | "chapter" | "none";

/** Parameters of {@link growth}. */
export interface GrowthParams extends Selection {
  base: Window;
  period: Window;
  by?: GrowthBy;
  /** Pseudo-count added to both per-period means before taking the growth multiple. */
  pseudoCount?: number;
  limit?: number;
}

/** One group of a growth result, ranked by excess value. */
export interface GrowthGroup {
  key: string;
  base: number;
  period: number;
  /** Relative change of the per-period mean (`null` when the base is zero). */
  change: number | null;
  /** Growth multiple with pseudo-count: (P/Lp + c) / (B/Lb + c). */
  growth: number;
  /** Value above the base run-rate: P − B·Lp/Lb. */
  excess: number;
}

/** Result of {@link growth}: the shape printed by `embargo trade growth --json`. */
export interface GrowthResult {
  base: { from: string; to: string; value: number };
  period: { from: string; to: string; value: number };
  change: number | null;
  currency: string;
  groups: GrowthGroup[];
  dataset: string;
  signal: "A-growth";
  params: { by: GrowthBy; pseudoCount: number; products: string; flow: string; codeLevel: string };
  coverage: { basePeriods: number; baseLength: number; periodPeriods: number; periodLength: number };
  /** The windows against the data's coverage; `status` other than `inside` comes with `warnings`. */
  windowCheck: WindowCheck;
  regimesVersion?: string;
  notes: string[];
}

/** Checks a query's windows against the coverage of its selection (see coverage.ts). */
function windowsOf(
  ctx: TradeContext,
  ds: DatasetFacts,
  sel: Selection,
  level: string,
  windows: { name: string; window: Window }[],
): Promise<WindowCheck> {
  return checkWindows(ctx, ds, {
    level,
    windows,
    ...(sel.reporters ? { reporters: sel.reporters } : {}),
    ...(sel.partners ? { partners: sel.partners } : {}),
    ...(sel.flow ? { flow: sel.flow } : {}),
    ...(sel.strictWindow ? { strict: true } : {}),
  });
}

function groupExpr(ds: DatasetFacts, by: GrowthBy): Sql {
  switch (by) {
    case "partner":
      return sql`p.partner`;
    case "reporter":
      return sql`p.reporter`;
    case "code":
      return codeExpr(ds);
    case "chapter":
      return sql`substr(${codeExpr(ds)}, 1, 2)`;
    default:
      return sql`'all'`;
  }
}

/** (A) Growth of value in `period` against `base`, overall and per group, ranked by excess value. */
export async function growth(ctx: TradeContext, params: GrowthParams): Promise<GrowthResult> {
  sameFreq(params.base, params.period);
  const ds = await ctx.dataset(params.dataset);
  const by = params.by ?? "partner";
  const c = params.pseudoCount ?? DEFAULT_PSEUDO_COUNT;
  const { base: b, period: pw } = params;
  const sel = await resolveSelection(ctx, ds, params, [b, pw], windowEndDate(pw));
  const where = selectionSql(ds, sel);
  const wc = await windowsOf(ctx, ds, params, sel.level, [
    { name: "base", window: b },
    { name: "period", window: pw },
  ]);
  const bp = windowPredicate(b, ds.annualKeys, "p");
  const pp = windowPredicate(pw, ds.annualKeys, "p");
  // One scan grouped by key × period × currency (a small result); sums, coverage and the currency check in JS.
  const out = await ctx.db.all<{
    key: string;
    period: string;
    currency: string;
    v: number;
    inb: boolean;
    inp: boolean;
  }>(
    sql`SELECT ${groupExpr(ds, by)} AS key, p.period, p.currency, sum(p.value) AS v, bool_or(${bp}) AS inb, bool_or(${pp}) AS inp
     FROM ${fromExpr(ds)} WHERE ${where} GROUP BY 1, 2, 3`,
  );
  const currency = currencyOf(
    out.map((r) => r.currency),
    ds.info.manifest.currencies[0],
  );
  const sums = new Map<string, { key: string; b: number; p: number }>();
  for (const r of out) {
    const g = sums.get(r.key) ?? { key: r.key, b: 0, p: 0 };
    if (r.inb) g.b += r.v;
    if (r.inp) g.p += r.v;
    sums.set(r.key, g);
  }
  const rows = [...sums.values()];
  const perPeriod = out;
  const cov = {
    bn: new Set(perPeriod.filter((r) => r.inb).map((r) => r.period)).size,
    pn: new Set(perPeriod.filter((r) => r.inp).map((r) => r.period)).size,
  };
  // Annual windows served from monthly rows count months present; report against the month length then.
  const monthly = b.freq === "M" || !ds.annualKeys;
  const baseLength = b.freq === "A" && monthly ? b.length * 12 : b.length;
  const periodLength = pw.freq === "A" && monthly ? pw.length * 12 : pw.length;
  const lb = b.length;
  const lp = pw.length;
  // A window beyond the data has absent values, not zeros: no change is computed from it.
  const outside = wc.status === "outside";
  const groups: GrowthGroup[] = rows
    .map((r) => ({
      key: r.key,
      base: r.b,
      period: r.p,
      change: ratio(r.p, lp, r.b, lb) === null || outside ? null : (ratio(r.p, lp, r.b, lb) as number) - 1,
      growth: pseudoGrowth(r.p, lp, r.b, lb, c),
      excess: excessOf(r.p, lp, r.b, lb),
    }))
    .sort((x, y) => y.excess - x.excess || x.key.localeCompare(y.key));
  const totalB = rows.reduce((a, r) => a + r.b, 0);
  const totalP = rows.reduce((a, r) => a + r.p, 0);
  const r = ratio(totalP, lp, totalB, lb);
  const notes: string[] = [];
  if (b.length !== pw.length)
    notes.push(`windows differ in length (${lb} vs ${lp} periods): change compares per-period means`);
  if ((cov?.bn ?? 0) < baseLength || (cov?.pn ?? 0) < periodLength)
    notes.push(
      "some periods have no rows: an absent row is Eurostat ':' (zero, not available or confidential) and counts as zero",
    );
  if (sel.level === "TOTAL") notes.push("dataset has totals only: all-goods TOTAL rows used");
  if (totalB === 0)
    notes.push("base value is zero: change is undefined (null); see growth with pseudo-count per group");
  if (outside) notes.push("a window lies outside the data: change is not computed (null)");
  return {
    base: { from: b.from, to: b.to, value: totalB },
    period: { from: pw.from, to: pw.to, value: totalP },
    change: r === null || outside ? null : r - 1,
    currency,
    groups: params.limit ? groups.slice(0, params.limit) : groups,
    dataset: ds.info.name,
    signal: "A-growth",
    params: {
      by,
      pseudoCount: c,
      products: describeProducts(params.products),
      flow: params.flow ?? "export",
      codeLevel: sel.level,
    },
    coverage: { basePeriods: cov?.bn ?? 0, baseLength, periodPeriods: cov?.pn ?? 0, periodLength },
    windowCheck: wc,
    ...(sel.regimesVersion ? { regimesVersion: sel.regimesVersion } : {}),
    notes,
  };
}

// ---- anomalies ---------------------------------------------------------------------------------------------

/** Parameters of {@link anomalies}. */
export interface AnomalyParams extends Selection {
  base: Window;
  period: Window;
  /** Minimum period value (sum over the period window). */
  minValue: number;
  /** Minimum growth multiple period/base (per-period means); a zero base always passes. */
  minGrowth: number;
  limit?: number;
}

/** One anomalous market. `growth` is the ratio period/base (`null` when the base is zero). */
export interface AnomalyMarket {
  reporter: string;
  partner: string;
  code: string;
  baseValue: number;
  periodValue: number;
  growth: number | null;
}

/** Result of {@link anomalies}: the shape printed by `embargo trade anomalies --json`. */
export interface AnomalyResult {
  count: number;
  periodValueShare: number | null;
  markets: AnomalyMarket[];
  dataset: string;
  currency: string;
  base: { from: string; to: string };
  period: { from: string; to: string };
  /** Markets in the selection and their period value (the denominators). */
  marketsConsidered: number;
  /** Codes of listed markets absent from the entire base window (edition changes, not real zeros). */
  editionBreaks: string[];
  countShare: number | null;
  anomalyPeriodValue: number;
  totalPeriodValue: number;
  params: { minValue: number; minGrowth: number; products: string; flow: string; codeLevel: string };
  /** The windows against the data's coverage: outside it, a count of 0 means "no data", not "no anomaly". */
  windowCheck: WindowCheck;
  regimesVersion?: string;
  notes: string[];
}

/**
 * Markets (reporter × partner × code, leaf codes only) with period value ≥ `minValue` and growth ≥ `minGrowth`
 * — the Zemlys-Balevičius "sanction anomaly" rule with its thresholds as parameters. Ranked by excess value.
 */
export async function anomalies(ctx: TradeContext, params: AnomalyParams): Promise<AnomalyResult> {
  sameFreq(params.base, params.period);
  if (!(params.minValue >= 0) || !(params.minGrowth >= 0))
    throw invalidInput("TRADE_BAD_PARAMETER", "--min-value and --min-growth must be non-negative numbers");
  const ds = await ctx.dataset(params.dataset);
  const { base: b, period: pw } = params;
  const sel = await resolveSelection(ctx, ds, params, [b, pw], windowEndDate(pw));
  const where = selectionSql(ds, sel);
  const wc = await windowsOf(ctx, ds, params, sel.level, [
    { name: "base", window: b },
    { name: "period", window: pw },
  ]);
  const bp = windowPredicate(b, ds.annualKeys, "p");
  const pp = windowPredicate(pw, ds.annualKeys, "p");
  const lb = b.length;
  const lp = pw.length;
  // One statement: the markets CTE is aggregated once and read for the totals and the filtered list.
  const cond = sql`pv >= ${Number(params.minValue)} AND (b = 0 OR pv * ${lb} >= ${Number(params.minGrowth)} * b * ${lp})`;
  const limit = params.limit ? sql`LIMIT ${Math.floor(params.limit)}` : sql``;
  const res = await ctx.db.all<{
    reporter: string | null;
    partner: string | null;
    code: string | null;
    b: number | null;
    pv: number | null;
    brk: boolean | null;
    n: number;
    total: number;
    an: number;
    av: number;
    nc: number;
    cur: string | null;
  }>(
    sql`WITH m AS (SELECT p.reporter, p.partner, ${codeExpr(ds)} AS code, p.currency,
        coalesce(sum(p.value) FILTER (WHERE ${bp}), 0) AS b, coalesce(sum(p.value) FILTER (WHERE ${pp}), 0) AS pv,
        count(*) FILTER (WHERE ${bp}) AS nb
      FROM ${fromExpr(ds)} WHERE ${where} GROUP BY 1, 2, 3, 4),
     cz AS (SELECT code FROM m GROUP BY code HAVING sum(nb) = 0),
     t AS (SELECT count(*)::BIGINT AS n, coalesce(sum(pv), 0) AS total, count(*) FILTER (WHERE ${cond})::BIGINT AS an,
        coalesce(sum(pv) FILTER (WHERE ${cond}), 0) AS av, count(DISTINCT currency)::BIGINT AS nc, min(currency) AS cur FROM m),
     f AS (SELECT reporter, partner, code, b, pv, code IN (SELECT code FROM cz) AS brk FROM m WHERE ${cond}
        ORDER BY pv - b * ${lp} / ${lb} DESC, reporter, partner, code ${limit})
     SELECT f.*, t.* FROM t LEFT JOIN f ON true ORDER BY f.pv - f.b * ${lp} / ${lb} DESC, f.reporter, f.partner, f.code`,
  );
  const tot = res[0];
  if ((tot?.nc ?? 0) > 1) {
    const cs = await ctx.db.all<{ c: string }>(
      sql`SELECT DISTINCT p.currency AS c FROM ${fromExpr(ds)} WHERE ${where}`,
    );
    currencyOf(
      cs.map((x) => x.c),
      undefined,
    );
  }
  const currency = tot?.cur ?? ds.info.manifest.currencies[0] ?? "EUR";
  const rows = res
    .filter((r) => r.code !== null)
    .map((r) => ({
      reporter: r.reporter as string,
      partner: r.partner as string,
      code: r.code as string,
      b: r.b as number,
      pv: r.pv as number,
    }));
  // Codes with no row at all in the base window (any market of the selection) usually entered with a new CN/HS
  // edition: their zero base is not a real zero.
  const editionBreaks = [...new Set(res.filter((r) => r.brk).map((r) => r.code as string))].sort();
  const n = tot?.n ?? 0;
  const total = tot?.total ?? 0;
  const notes: string[] = [
    "a flag means risk, not a violation: bans phased in, wind-down periods, partial codes and grandfathered contracts make many flows legal",
  ];
  if (sel.level !== ds.info.manifest.leafLevel) notes.push(`markets at ${sel.level} level (no product detail)`);
  if (editionBreaks.length > 0)
    notes.push(
      `${editionBreaks.length} code(s) have no row in the base window in this selection (${editionBreaks.slice(0, 5).join(", ")}${editionBreaks.length > 5 ? ", …" : ""}): likely new in a later CN/HS edition, so their zero base is not a real zero`,
    );
  return {
    count: tot?.an ?? 0,
    periodValueShare: total > 0 ? (tot?.av ?? 0) / total : null,
    markets: rows.map((r) => ({
      reporter: r.reporter,
      partner: r.partner,
      code: r.code,
      baseValue: r.b,
      periodValue: r.pv,
      growth: ratio(r.pv, lp, r.b, lb),
    })),
    dataset: ds.info.name,
    currency,
    base: { from: b.from, to: b.to },
    period: { from: pw.from, to: pw.to },
    marketsConsidered: n,
    editionBreaks,
    countShare: n > 0 ? (tot?.an ?? 0) / n : null,
    anomalyPeriodValue: tot?.av ?? 0,
    totalPeriodValue: total,
    params: {
      minValue: params.minValue,
      minGrowth: params.minGrowth,
      products: describeProducts(params.products),
      flow: params.flow ?? "export",
      codeLevel: sel.level,
    },
    windowCheck: wc,
    ...(sel.regimesVersion ? { regimesVersion: sel.regimesVersion } : {}),
    notes,
  };
}

// ---- (B) difference-in-differences ------------------------------------------------------------------------

/** Parameters of {@link diffInDiff}. */
export interface DidParams {
  dataset: string;
  base: Window;
  period: Window;
  reporters?: string[];
  hubs: string[];
  controls?: string[];
  sanctionedBy?: string[];
  pseudoCount?: number;
}

/** One cell: goods class × partner group, with log growth ln((P/Lp + c)/(B/Lb + c)). */
export interface DidCell {
  goods: "sanctioned" | "non_sanctioned";
  partners: "hub" | "control";
  base: number;
  period: number;
  logGrowth: number;
}

/** Result of {@link diffInDiff}. */
export interface DidResult {
  signal: "B-did";
  dataset: string;
  currency: string;
  cells: DidCell[];
  /** Per hub: sanctioned minus non-sanctioned log growth. */
  hubs: { partner: string; sanctionedLogGrowth: number; nonSanctionedLogGrowth: number; difference: number }[];
  /** (g_S,hub − g_N,hub) − (g_S,ctrl − g_N,ctrl); null without control partners. */
  did: number | null;
  /** g_S,hub − g_N,hub. */
  hubDifference: number;
  nonSanctionedBasis: "total_minus_sanctioned" | "leaf_codes";
  params: { hubs: string[]; controls: string[]; pseudoCount: number; sanctionedBy: string };
  regimesVersion: string;
  supported: boolean;
  notes: string[];
}

/**
 * (B) Did exports of sanctioned goods to hubs grow more than non-sanctioned goods, and more than to controls?
 * Non-sanctioned value is TOTAL − sanctioned leaf codes when the dataset has TOTAL rows, else the untagged leaf codes.
 */
export async function diffInDiff(ctx: TradeContext, params: DidParams): Promise<DidResult> {
  sameFreq(params.base, params.period);
  if (params.hubs.length === 0) throw invalidInput("TRADE_BAD_PARAMETER", "--hubs needs at least one partner");
  const ds = await ctx.dataset(params.dataset);
  if (ds.leafRows === 0)
    throw invalidInput("TRADE_NO_PRODUCT_DETAIL", `dataset '${ds.info.name}' has no product detail: DiD needs codes`);
  const c = params.pseudoCount ?? DEFAULT_PSEUDO_COUNT;
  const controls = params.controls ?? [];
  const { base: b, period: pw } = params;
  const all = [...params.hubs, ...controls];
  const sel = await resolveSelection(
    ctx,
    ds,
    {
      dataset: params.dataset,
      partners: all,
      ...(params.reporters ? { reporters: params.reporters } : {}),
      products: { kind: "sanctioned" },
      ...(params.sanctionedBy ? { sanctionedBy: params.sanctionedBy } : {}),
    },
    [b, pw],
    windowEndDate(pw),
  );
  const where = selectionSql(ds, sel);
  const currency = await singleCurrency(ctx, ds, where);
  const bp = windowPredicate(b, ds.annualKeys, "p");
  const pp = windowPredicate(pw, ds.annualKeys, "p");
  const basis = ds.totalRows > 0 ? "total_minus_sanctioned" : "leaf_codes";
  // The same rows without the goods filters (level and tags): the all-goods side.
  const common = selectionSql(ds, sel, { goods: false });
  const sums = sql`coalesce(sum(p.value) FILTER (WHERE ${bp}), 0) AS b, coalesce(sum(p.value) FILTER (WHERE ${pp}), 0) AS pv`;
  const sanctioned = await ctx.db.all<{ partner: string; b: number; pv: number }>(
    sql`SELECT p.partner, ${sums} FROM ${fromExpr(ds)} WHERE ${where} GROUP BY 1`,
  );
  const other =
    basis === "total_minus_sanctioned"
      ? await ctx.db.all<{ partner: string; b: number; pv: number }>(
          sql`SELECT p.partner, ${sums} FROM ${fromExpr(ds)} WHERE p.code_level = 'TOTAL' AND ${common} GROUP BY 1`,
        )
      : await ctx.db.all<{ partner: string; b: number; pv: number }>(
          sql`SELECT p.partner, ${sums} FROM ${fromExpr(ds)} WHERE p.code_level = ${ds.info.manifest.leafLevel}
             AND ${codeExpr(ds)} NOT IN (SELECT code FROM ${ident(sel.sanctionedIn as string)} WHERE sanctioned) AND ${common} GROUP BY 1`,
        );
  const lb = b.length;
  const lp = pw.length;
  const lg = (pv: number, bv: number) => Math.log(pseudoGrowth(pv, lp, bv, lb, c));
  const get = (rows: { partner: string; b: number; pv: number }[], ps: string[]) =>
    rows.filter((r) => ps.includes(r.partner)).reduce((a, r) => ({ b: a.b + r.b, pv: a.pv + r.pv }), { b: 0, pv: 0 });
  const nonS = (ps: string[]) => {
    const s = get(sanctioned, ps);
    const o = get(other, ps);
    return basis === "total_minus_sanctioned" ? { b: o.b - s.b, pv: o.pv - s.pv } : o;
  };
  const notes: string[] = [];
  const cells: DidCell[] = [];
  const groups: ["hub" | "control", string[]][] = [["hub", params.hubs]];
  if (controls.length > 0) groups.push(["control", controls]);
  for (const [g, ps] of groups) {
    const s = get(sanctioned, ps);
    const n = nonS(ps);
    cells.push({ goods: "sanctioned", partners: g, base: s.b, period: s.pv, logGrowth: lg(s.pv, s.b) });
    cells.push({ goods: "non_sanctioned", partners: g, base: n.b, period: n.pv, logGrowth: lg(n.pv, n.b) });
  }
  const cell = (goods: string, partners: string) =>
    cells.find((x) => x.goods === goods && x.partners === partners)?.logGrowth ?? 0;
  const hubDifference = cell("sanctioned", "hub") - cell("non_sanctioned", "hub");
  const did =
    controls.length > 0 ? hubDifference - (cell("sanctioned", "control") - cell("non_sanctioned", "control")) : null;
  if (controls.length === 0)
    notes.push("no control partners given: only the goods difference for the hubs is reported");
  if (basis === "total_minus_sanctioned") {
    notes.push(
      "non-sanctioned = TOTAL − sanctioned leaf codes; absent cells (':') count as zero, so it is an upper bound",
    );
    if (other.length === 0) notes.push("no TOTAL rows for these partners: non-sanctioned cells are empty");
  }
  const supported = sanctioned.length > 0;
  if (!supported) notes.push("no sanctioned-goods rows for these partners in the dataset");
  return {
    signal: "B-did",
    dataset: ds.info.name,
    currency,
    cells,
    hubs: params.hubs.map((h) => {
      const s = get(sanctioned, [h]);
      const n = nonS([h]);
      const gs = lg(s.pv, s.b);
      const gn = lg(n.pv, n.b);
      return { partner: h, sanctionedLogGrowth: gs, nonSanctionedLogGrowth: gn, difference: gs - gn };
    }),
    did,
    hubDifference,
    nonSanctionedBasis: basis,
    params: {
      hubs: params.hubs,
      controls,
      pseudoCount: c,
      sanctionedBy: (params.sanctionedBy ?? ["members"]).join(","),
    },
    regimesVersion: sel.regimesVersion ?? "",
    supported,
    notes,
  };
}

// ---- (C) onward leg ------------------------------------------------------------------------------------------

/** Parameters of {@link onwardLeg}. */
export interface OnwardParams {
  /** Exporter-reported flows into the hubs (e.g. `comext-cn8`). */
  dataset: string;
  /** Hub-reported exports onwards (default: the same dataset). */
  onwardDataset?: string;
  base: Window;
  period: Window;
  hubs: string[];
  reporters?: string[];
  products?: ProductSelector;
  destination?: string;
  /** Lags in months (monthly windows only); default 0..3. */
  lags?: number[];
  /** Onward growth multiple that counts as confirmation (default 1.5). */
  confirmGrowth?: number;
  pseudoCount?: number;
  sanctionedBy?: string[];
}

/** One hub × lag of the onward leg. */
export interface OnwardRow {
  hub: string;
  lag: number;
  inflow: { base: number; period: number; growth: number; currency: string };
  onward: { from: string; to: string; base: number; period: number; growth: number; currency: string } | null;
  hs6Codes: number;
  confirmed: boolean;
  reason?: string;
}

/** Result of {@link onwardLeg}. */
export interface OnwardResult {
  signal: "C-onward";
  dataset: string;
  onwardDataset: string;
  destination: string;
  supported: boolean;
  rows: OnwardRow[];
  params: { lags: number[]; confirmGrowth: number; pseudoCount: number; products: string };
  notes: string[];
}

/**
 * (C) For each hub: did its own exports of the same HS6 goods to the destination rise, 0–3 months later?
 * Matches on the first six digits (CN8 inflows vs the hub's HS6 or national codes).
 */
export async function onwardLeg(ctx: TradeContext, params: OnwardParams): Promise<OnwardResult> {
  sameFreq(params.base, params.period);
  const ds = await ctx.dataset(params.dataset);
  const on = await ctx.dataset(params.onwardDataset ?? params.dataset);
  const dest = params.destination ?? "RU";
  const lags = params.base.freq === "A" ? [0] : (params.lags ?? [0, 1, 2, 3]);
  const c = params.pseudoCount ?? DEFAULT_PSEUDO_COUNT;
  const confirm = params.confirmGrowth ?? 1.5;
  const products = params.products ?? { kind: "sanctioned" as const };
  const { base: b, period: pw } = params;
  const rows: OnwardRow[] = [];
  const notes: string[] = [];
  const lb = b.length;
  const lp = pw.length;
  const hubsWithOnward = await ctx.db.all<{ reporter: string; n: number }>(
    sql`SELECT p.reporter, count(*)::BIGINT AS n FROM ${ident(on.view)} p WHERE p.partner = ${dest} AND p.flow = 'export'
       AND p.reporter IN ${list(params.hubs)} GROUP BY 1`,
  );
  // Inflows to every hub in one scan.
  const sel = await resolveSelection(
    ctx,
    ds,
    {
      dataset: params.dataset,
      partners: params.hubs,
      products,
      ...(params.reporters ? { reporters: params.reporters } : {}),
      ...(params.sanctionedBy ? { sanctionedBy: params.sanctionedBy } : {}),
    },
    [b, pw],
    windowEndDate(pw),
  );
  const where = selectionSql(ds, sel);
  const bp = windowPredicate(b, ds.annualKeys, "p");
  const pp = windowPredicate(pw, ds.annualKeys, "p");
  const inflows = await ctx.db.all<{ hub: string; currency: string; b: number; pv: number; k: number }>(
    sql`SELECT p.partner AS hub, p.currency, coalesce(sum(p.value) FILTER (WHERE ${bp}), 0) AS b,
       coalesce(sum(p.value) FILTER (WHERE ${pp}), 0) AS pv, count(DISTINCT substr(${codeExpr(ds)}, 1, 6))::BIGINT AS k
     FROM ${fromExpr(ds)} WHERE ${where} GROUP BY 1, 2`,
  );
  const currency = currencyOf(
    inflows.map((r) => r.currency),
    ds.info.manifest.currencies[0],
  );
  for (const hub of params.hubs) {
    const inflow = inflows.find((r) => r.hub === hub);
    const inB = inflow?.b ?? 0;
    const inP = inflow?.pv ?? 0;
    const inflowPart = { base: inB, period: inP, growth: pseudoGrowth(inP, lp, inB, lb, c), currency };
    const has = hubsWithOnward.some((h) => h.reporter === hub);
    for (const lag of lags) {
      if (!has) {
        rows.push({
          hub,
          lag,
          inflow: inflowPart,
          onward: null,
          hs6Codes: inflow?.k ?? 0,
          confirmed: false,
          reason: `dataset '${on.info.name}' has no exports reported by ${hub} to ${dest}: the onward leg cannot be measured`,
        });
        continue;
      }
      const bw = shiftWindow(b, lag);
      const pwl = shiftWindow(pw, lag);
      const obp = windowPredicate(bw, on.annualKeys, "o");
      const opp = windowPredicate(pwl, on.annualKeys, "o");
      const codesSql = sql`SELECT DISTINCT substr(${codeExpr(ds)}, 1, 6) FROM ${fromExpr(ds)} WHERE ${where} AND p.partner = ${hub}`;
      const onView = ident(on.view);
      const ocur = await ctx.db.all<{ c: string }>(
        sql`SELECT DISTINCT currency AS c FROM ${onView} o WHERE o.reporter = ${hub} AND o.partner = ${dest}`,
      );
      if (ocur.length > 1)
        throw new EmbargoError({
          code: "TRADE_MIXED_CURRENCY",
          category: "invalid_input",
          message: `onward rows of ${hub} mix currencies (${ocur.map((x) => x.c).join(", ")})`,
        });
      const [o] = await ctx.db.all<{ b: number; pv: number }>(
        sql`SELECT coalesce(sum(o.value) FILTER (WHERE ${obp}), 0) AS b, coalesce(sum(o.value) FILTER (WHERE ${opp}), 0) AS pv
         FROM ${onView} o WHERE o.reporter = ${hub} AND o.partner = ${dest} AND o.flow = 'export'
           AND ${
             sel.level === "TOTAL"
               ? sql`o.code_level = 'TOTAL'`
               : sql`o.code_level = ${on.info.manifest.leafLevel} AND substr(o.code, 1, 6) IN (${codesSql})`
           }`,
      );
      const oB = o?.b ?? 0;
      const oP = o?.pv ?? 0;
      const g = pseudoGrowth(oP, lp, oB, lb, c);
      rows.push({
        hub,
        lag,
        inflow: inflowPart,
        onward: { from: pwl.from, to: pwl.to, base: oB, period: oP, growth: g, currency: ocur[0]?.c ?? "" },
        hs6Codes: inflow?.k ?? 0,
        confirmed: g >= confirm && oP > (oB * lp) / lb,
      });
    }
  }
  const supported = rows.some((r) => r.onward !== null);
  if (!supported)
    notes.push(
      `no hub-reported exports to ${dest} in '${on.info.name}': ingest hub or mirror data (Comtrade/BACI) as a dataset and pass it as the onward dataset`,
    );
  notes.push(
    "EAEU internal trade (AM, BY, KZ, KG → RU) is surveyed, not declared: the onward leg is under-recorded there",
  );
  return {
    signal: "C-onward",
    dataset: ds.info.name,
    onwardDataset: on.info.name,
    destination: dest,
    supported,
    rows,
    params: { lags, confirmGrowth: confirm, pseudoCount: c, products: describeProducts(products) },
    notes,
  };
}

// ---- (D) mirror gap ------------------------------------------------------------------------------------------

/** Parameters of {@link mirrorGap}. */
export interface MirrorParams {
  /** Exporter-reported exports (e.g. `comext-totals`). */
  exportsDataset: string;
  /** Partner-reported imports (e.g. a hub's national statistics). */
  importsDataset: string;
  exporters?: string[];
  hubs: string[];
  base: Window;
  period: Window;
  products?: string[];
}

/** One exporter × hub pair. */
export interface MirrorPair {
  exporter: string;
  hub: string;
  base: { exports: number; imports: number; ratio: number | null };
  period: { exports: number; imports: number; ratio: number | null };
  /** period ratio / base ratio; below 1 = imports recorded by the hub fell behind exports declared to it. */
  change: number | null;
  /** ln(period ratio) − ln(base ratio). */
  logGapChange: number | null;
}

/** Result of {@link mirrorGap}. */
export interface MirrorResult {
  signal: "D-mirror";
  exportsDataset: string;
  importsDataset: string;
  currency: string;
  supported: boolean;
  pairs: MirrorPair[];
  notes: string[];
}

/**
 * (D) Partner-reported imports against exporter-reported exports (ratio M/X), and its change against the pre-war
 * level. Annual windows are recommended (monthly is noisy). Both datasets must be in the same currency.
 */
export async function mirrorGap(ctx: TradeContext, params: MirrorParams): Promise<MirrorResult> {
  sameFreq(params.base, params.period);
  const xs = await ctx.dataset(params.exportsDataset);
  const ms = await ctx.dataset(params.importsDataset);
  const cx = xs.info.manifest.currencies;
  const cm = ms.info.manifest.currencies;
  if (cx.length !== 1 || cm.length !== 1 || cx[0] !== cm[0])
    throw new EmbargoError({
      code: "TRADE_MIXED_CURRENCY",
      category: "invalid_input",
      message: `mirror needs both datasets in one currency (exports: ${cx.join(",")}; imports: ${cm.join(",")}); convert first`,
    });
  const codes = params.products;
  const level = (ds: DatasetFacts) =>
    codes && codes.length > 0
      ? sql`p.code_level = ${ds.info.manifest.leafLevel} AND ${codePrefixes(sql`p.code`, codes)}`
      : sql`p.code_level = 'TOTAL'`;
  const { base: b, period: pw } = params;
  // A one-year window on totals covers exactly one key (reporter|partner|code|flow|year) per exporter × hub, so the
  // "annual row where the key has one, else its months" rule of `windowPredicate` can be decided inside one GROUP BY
  // per key-year instead of probing the dataset's annual-key table for every row — that correlated anti-join (one
  // per window and side) was most of this signal's time. The grouped sum adds the same rows in the same order as the
  // row-level one, so results are identical. Longer windows or product codes span several key-years per pair, where
  // summing per-key subtotals would reassociate floating-point sums; they keep the row-level form.
  const oneKeyYear = b.freq === "A" && b.length === 1 && pw.length === 1 && !(codes && codes.length > 0);
  // Both sides and their join in one statement over the datasets' Parquet views.
  const side = (ds: DatasetFacts, flow: string, reporterIsHub: boolean): Sql => {
    const hubCol = reporterIsHub ? sql`p.reporter` : sql`p.partner`;
    const exCol = reporterIsHub ? sql`p.partner` : sql`p.reporter`;
    const exFilter = params.exporters
      ? sql`${exCol} IN ${list(params.exporters)}`
      : reporterIsHub
        ? sql`p.partner_kind = 'country'`
        : sql`p.reporter_kind = 'country'`;
    const where = sql`p.flow = ${flow} AND ${level(ds)} AND ${hubCol} IN ${list(params.hubs)} AND ${exFilter}`;
    const view = ident(ds.view);
    if (oneKeyYear) {
      // Every column of the key is grouped on or fixed by the filter; the other filtered columns (code_level,
      // *_kind) are functions of the code and of the country, so no annual row of a kept key is filtered away.
      const year = sql`substr(p.period, 1, 4)`;
      return sql`SELECT ex, hub, coalesce(sum(v) FILTER (WHERE y = ${b.from}), 0) AS b,
          coalesce(sum(v) FILTER (WHERE y = ${pw.from}), 0) AS pv
        FROM (SELECT ${exCol} AS ex, ${hubCol} AS hub, ${year} AS y,
                CASE WHEN bool_or(p.freq = 'A') THEN sum(p.value) FILTER (WHERE p.freq = 'A') ELSE sum(p.value) END AS v
              FROM ${view} p
              WHERE ${where} AND p.freq IN ('A', 'M') AND ${year} IN (${b.from}, ${pw.from})
              GROUP BY ${exCol}, ${hubCol}, p.code, y)
        GROUP BY 1, 2`;
    }
    return sql`SELECT ex, hub, coalesce(sum(value) FILTER (WHERE inb), 0) AS b, coalesce(sum(value) FILTER (WHERE inp), 0) AS pv
      FROM (SELECT ${exCol} AS ex, ${hubCol} AS hub, p.value, ${windowPredicate(b, ds.annualKeys, "p")} AS inb,
              ${windowPredicate(pw, ds.annualKeys, "p")} AS inp
            FROM ${view} p WHERE ${where})
      GROUP BY 1, 2 HAVING bool_or(inb) OR bool_or(inp)`;
  };
  const joined = await ctx.db.all<{ ex: string; hub: string; xb: number; xp: number; mb: number; mp: number }>(
    sql`SELECT x.ex, x.hub, x.b AS xb, x.pv AS xp, m.b AS mb, m.pv AS mp
     FROM (${side(xs, "export", false)}) x JOIN (${side(ms, "import", true)}) m ON m.ex = x.ex AND m.hub = x.hub`,
  );
  const pairs: MirrorPair[] = [];
  for (const r of joined) {
    const rb = r.xb > 0 ? r.mb / r.xb : null;
    const rp = r.xp > 0 ? r.mp / r.xp : null;
    pairs.push({
      exporter: r.ex,
      hub: r.hub,
      base: { exports: r.xb, imports: r.mb, ratio: rb },
      period: { exports: r.xp, imports: r.mp, ratio: rp },
      change: rb && rp !== null ? rp / rb : null,
      logGapChange: rb && rp ? Math.log(rp) - Math.log(rb) : null,
    });
  }
  pairs.sort((a, b2) => (a.logGapChange ?? 0) - (b2.logGapChange ?? 0) || a.exporter.localeCompare(b2.exporter));
  const notes = [
    "exports are FOB by destination, imports CIF by origin: a ratio near 1.05–1.10 is normal; watch its change, not its level",
  ];
  if (pairs.length === 0)
    notes.push(
      `no exporter × hub pair has both sides: '${ms.info.name}' holds no imports reported by ${params.hubs.join(", ")} from these exporters`,
    );
  return {
    signal: "D-mirror",
    exportsDataset: xs.info.name,
    importsDataset: ms.info.name,
    currency: cx[0] as string,
    supported: pairs.length > 0,
    pairs,
    notes,
  };
}

// ---- (E) unit values -----------------------------------------------------------------------------------------

/** Parameters of {@link unitValues}. */
export interface UnitValueParams extends Selection {
  base: Window;
  period: Window;
  /** Destinations of interest (e.g. RU and hubs); every other partner is the comparison group. */
  targets: string[];
}

/** Unit values of one code. */
export interface UnitValueRow {
  code: string;
  unit: string;
  target: { base: number | null; period: number | null };
  others: { base: number | null; period: number | null };
  /** (target period/base) ÷ (others period/base): > 1 = prices to the targets rose relative to other destinations. */
  relative: number | null;
}

/** Result of {@link unitValues}. */
export interface UnitValueResult {
  signal: "E-unit-values";
  dataset: string;
  currency: string;
  supported: boolean;
  rows: UnitValueRow[];
  notes: string[];
}

/** (E) Unit values (value ÷ quantity) to the targets against other destinations, base vs period, per code and unit. */
export async function unitValues(ctx: TradeContext, params: UnitValueParams): Promise<UnitValueResult> {
  sameFreq(params.base, params.period);
  const ds = await ctx.dataset(params.dataset);
  const { base: b, period: pw } = params;
  const sel = await resolveSelection(ctx, ds, { ...params, partners: undefined }, [b, pw], windowEndDate(pw));
  const where = selectionSql(ds, sel);
  const currency = await singleCurrency(ctx, ds, where);
  const bp = windowPredicate(b, ds.annualKeys, "p");
  const pp = windowPredicate(pw, ds.annualKeys, "p");
  const t = sql`p.partner IN ${list(checkCountries(params.targets, "targets") ?? [])}`;
  const uv = (w: Sql, grp: Sql) =>
    sql`sum(p.value) FILTER (WHERE ${w} AND ${grp}) / nullif(sum(p.quantity) FILTER (WHERE ${w} AND ${grp}), 0)`;
  const rows = await ctx.db.all<{
    code: string;
    unit: string;
    tb: number | null;
    tp: number | null;
    ob: number | null;
    op: number | null;
  }>(
    sql`SELECT ${codeExpr(ds)} AS code, p.quantity_unit AS unit, ${uv(bp, t)} AS tb, ${uv(pp, t)} AS tp,
       ${uv(bp, sql`NOT ${t}`)} AS ob, ${uv(pp, sql`NOT ${t}`)} AS op
     FROM ${fromExpr(ds)} WHERE ${where} AND p.quantity > 0 AND p.quantity_unit IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const out: UnitValueRow[] = rows.map((r) => ({
    code: r.code,
    unit: r.unit,
    target: { base: r.tb, period: r.tp },
    others: { base: r.ob, period: r.op },
    relative: r.tb && r.tp && r.ob && r.op ? r.tp / r.tb / (r.op / r.ob) : null,
  }));
  out.sort((a, c2) => (c2.relative ?? 0) - (a.relative ?? 0) || a.code.localeCompare(c2.code));
  const notes: string[] = [];
  if (out.length === 0)
    notes.push(
      `dataset '${ds.info.name}' has no quantities for this selection: unit values cannot be computed (the bundled Comext extracts carry values only)`,
    );
  return { signal: "E-unit-values", dataset: ds.info.name, currency, supported: out.length > 0, rows: out, notes };
}

// ---- views for the dashboard ---------------------------------------------------------------------------------

/** Parameters of {@link indexSeries}. */
export interface SeriesParams extends Selection {
  /** Baseline window whose per-period mean is 100. */
  base: Window;
  /** The span to chart. */
  span: Window;
  by?: "partner" | "reporter";
  limit?: number;
}

/** Result of {@link indexSeries}: per group, value and index (value ÷ baseline per-period mean × 100). */
export interface SeriesResult {
  dataset: string;
  currency: string;
  periods: string[];
  series: { key: string; baseMean: number; values: (number | null)[]; index: (number | null)[] }[];
  /** The base and span against the data's coverage; periods beyond a series' data are `null`, not zero. */
  windowCheck: WindowCheck;
  notes: string[];
}

/** Index-to-baseline series (Brooks-style charts): absent periods are zero. */
export async function indexSeries(ctx: TradeContext, params: SeriesParams): Promise<SeriesResult> {
  sameFreq(params.base, params.span);
  const ds = await ctx.dataset(params.dataset);
  const by = params.by ?? "partner";
  const sel = await resolveSelection(ctx, ds, params, [params.base, params.span], windowEndDate(params.span));
  const where = selectionSql(ds, sel);
  const wc = await windowsOf(ctx, ds, params, sel.level, [
    { name: "base", window: params.base },
    { name: "span", window: params.span },
  ]);
  const currency = await singleCurrency(ctx, ds, where);
  const key = by === "partner" ? sql`p.partner` : sql`p.reporter`;
  const bp = windowPredicate(params.base, ds.annualKeys, "p");
  const sp = windowPredicate(params.span, ds.annualKeys, "p");
  const per = params.span.freq === "A" ? sql`substr(p.period, 1, 4)` : sql`p.period`;
  const rows = await ctx.db.all<{ key: string; period: string; v: number; inbase: boolean; inspan: boolean }>(
    sql`SELECT ${key} AS key, ${per} AS period, sum(p.value) AS v, bool_or(${bp}) AS inbase, bool_or(${sp}) AS inspan
     FROM ${fromExpr(ds)} WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const periods: string[] = [];
  if (params.span.freq === "M")
    for (let m = params.span.from; m <= params.span.to; m = shiftMonth(m, 1)) periods.push(m);
  else for (let y = Number(params.span.from); y <= Number(params.span.to); y++) periods.push(String(y));
  const keys = [...new Set(rows.map((r) => r.key))];
  const series = keys.map((k) => {
    const mine = rows.filter((r) => r.key === k);
    const baseMean = mine.filter((r) => r.inbase).reduce((a, r) => a + r.v, 0) / params.base.length;
    // Inside the selection's data span an absent period is Eurostat ':' (zero); beyond it the value is unknown
    // (null). Keys that end earlier than the others are listed in windowCheck.shortKeys.
    const span = wc.data;
    const values = periods.map((p) =>
      !span || p < span.from || p > span.to ? null : (mine.find((r) => r.period === p && r.inspan)?.v ?? 0),
    );
    return {
      key: k,
      baseMean,
      values,
      index: values.map((v) => (v === null || !(baseMean > 0) ? null : (100 * v) / baseMean)),
    };
  });
  const sum = (vs: (number | null)[]) => vs.reduce<number>((x, y) => x + (y ?? 0), 0);
  series.sort((a, b) => sum(b.values) - sum(a.values));
  return {
    dataset: ds.info.name,
    currency,
    periods,
    series: params.limit ? series.slice(0, params.limit) : series,
    windowCheck: wc,
    notes: [
      "index = value ÷ baseline per-period mean × 100; periods without rows inside the selection's data span count as zero; beyond it the value is null (no data)",
      ...wc.warnings,
    ],
  };
}

/** Parameters of {@link routeFlows}. */
export interface FlowParams extends Selection {
  period: Window;
  onwardDataset?: string;
  destination?: string;
  /** Keep the top N exporters (others merged into "other"). */
  topExporters?: number;
}

/** Exporter → hub → destination flows for a Sankey diagram. */
export interface FlowResult {
  dataset: string;
  currency: string;
  nodes: { name: string; column: "exporter" | "hub" | "destination" }[];
  links: { source: string; target: string; value: number; leg: "inflow" | "direct" | "onward" }[];
  onwardSupported: boolean;
  /** The period against the data's coverage. */
  windowCheck: WindowCheck;
  notes: string[];
}

/**
 * Flows in `period`: exporters' exports to each hub and directly to the destination, and (when a hub-reported
 * dataset has them) the hubs' exports onwards. Node names are prefixed (`exp:DE`, `hub:KZ`) to keep columns apart.
 */
export async function routeFlows(ctx: TradeContext, params: FlowParams): Promise<FlowResult> {
  const ds = await ctx.dataset(params.dataset);
  const dest = params.destination ?? "RU";
  const sel = await resolveSelection(ctx, ds, params, [params.period], windowEndDate(params.period));
  const where = selectionSql(ds, sel);
  const wc = await windowsOf(ctx, ds, params, sel.level, [{ name: "period", window: params.period }]);
  const currency = await singleCurrency(ctx, ds, where);
  const rows = await ctx.db.all<{ reporter: string; partner: string; v: number }>(
    sql`SELECT p.reporter, p.partner, sum(p.value) AS v FROM ${fromExpr(ds)} WHERE ${where} GROUP BY 1, 2`,
  );
  const top = params.topExporters ?? 8;
  const byExporter = new Map<string, number>();
  for (const r of rows) byExporter.set(r.reporter, (byExporter.get(r.reporter) ?? 0) + r.v);
  const keep = new Set(
    [...byExporter.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k]) => k),
  );
  const links = new Map<
    string,
    { source: string; target: string; value: number; leg: "inflow" | "direct" | "onward" }
  >();
  const add = (source: string, target: string, value: number, leg: "inflow" | "direct" | "onward") => {
    if (value <= 0) return;
    const k = `${source}>${target}`;
    const l = links.get(k) ?? { source, target, value: 0, leg };
    l.value += value;
    links.set(k, l);
  };
  for (const r of rows) {
    const exp = `exp:${keep.has(r.reporter) ? r.reporter : "other"}`;
    if (r.partner === dest) add(exp, `dest:${dest}`, r.v, "direct");
    else add(exp, `hub:${r.partner}`, r.v, "inflow");
  }
  const hubs = [...new Set(rows.filter((r) => r.partner !== dest).map((r) => r.partner))];
  const notes: string[] = [];
  let onwardSupported = false;
  if (hubs.length > 0) {
    const on = await ctx.dataset(params.onwardDataset ?? params.dataset);
    const codesSql = sql`SELECT DISTINCT substr(${codeExpr(ds)}, 1, 6) FROM ${fromExpr(ds)} WHERE ${where}`;
    const levelCond =
      sel.level === "TOTAL"
        ? sql`o.code_level = 'TOTAL'`
        : sql`o.code_level = ${on.info.manifest.leafLevel} AND substr(o.code, 1, 6) IN (${codesSql})`;
    const onward = await ctx.db.all<{ hub: string; v: number; cur: string }>(
      sql`SELECT o.reporter AS hub, sum(o.value) AS v, any_value(o.currency) AS cur FROM ${ident(on.view)} o
       WHERE o.partner = ${dest} AND o.flow = 'export' AND o.reporter IN ${list(hubs)}
         AND ${windowPredicate(params.period, on.annualKeys, "o")} AND ${levelCond} GROUP BY 1`,
    );
    const sameCurrency = onward.every((o) => o.cur === currency);
    if (onward.length > 0 && sameCurrency) {
      onwardSupported = true;
      for (const o of onward) add(`hub:${o.hub}`, `dest:${dest}`, o.v, "onward");
    } else if (onward.length > 0)
      notes.push(`the hubs' onward exports are in ${onward[0]?.cur}, not ${currency}: not drawn (no FX conversion)`);
    else
      notes.push(
        `no hub-reported exports to ${dest} in '${on.info.name}': the hub → ${dest} leg is not drawn (the bundled data holds EU exports only)`,
      );
  }
  const names = new Set<string>();
  for (const l of links.values()) {
    names.add(l.source);
    names.add(l.target);
  }
  return {
    dataset: ds.info.name,
    currency,
    nodes: [...names].sort().map((n) => ({
      name: n,
      column: n.startsWith("exp:") ? "exporter" : n.startsWith("hub:") ? "hub" : "destination",
    })),
    links: [...links.values()].sort((a, b) => b.value - a.value),
    onwardSupported,
    windowCheck: wc,
    notes,
  };
}
