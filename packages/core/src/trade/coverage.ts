/**
 * Honest windows: what each dataset covers (first and last period per reporter, partner, code level, flow and
 * frequency) and whether a query's windows lie inside it. A window beyond the data must never read as "EUR 0,
 * −100 %": every windowed result carries a {@link WindowCheck} that says so, and `strictWindow` refuses it.
 */
import { invalidInput } from "../errors/index.ts";
import type { DatasetFacts, TradeContext } from "./context.ts";
import type { Window } from "./periods.ts";
import { ident, sql } from "./sql.ts";

/** One coverage row: a dataset's first and last period for one reporter × partner × level × flow × frequency. */
export interface CoverageRow {
  reporter: string;
  reporterKind: string;
  partner: string;
  partnerKind: string;
  codeLevel: string;
  flow: string;
  freq: "M" | "A";
  currency: string;
  first: string;
  last: string;
  /** Distinct periods with at least one row. */
  periods: number;
}

const cache = new WeakMap<DatasetFacts, Promise<CoverageRow[]>>();

/** The coverage rows of a dataset (one grouped scan, memoised per dataset). */
export function coverageRows(ctx: TradeContext, ds: DatasetFacts): Promise<CoverageRow[]> {
  const hit = cache.get(ds);
  if (hit) return hit;
  const p = ctx.db.all<CoverageRow>(
    sql`SELECT reporter, reporter_kind AS "reporterKind", partner, partner_kind AS "partnerKind", code_level AS "codeLevel",
       flow, freq, currency, min(period) AS first, max(period) AS last, count(DISTINCT period)::BIGINT AS periods
     FROM ${ident(ds.view)} GROUP BY ALL ORDER BY reporter, partner, "codeLevel", flow, freq`,
  );
  cache.set(ds, p);
  p.catch(() => cache.delete(ds));
  return p;
}

/** A span of periods (`YYYY-MM` or `YYYY`). */
export interface Span {
  from: string;
  to: string;
}

/** Summary of a dataset's coverage: per frequency, and per partner and reporter at each level and flow. */
export interface DatasetCoverage {
  dataset: string;
  leafLevel: string;
  /** One line per code level × flow × frequency: the overall span and the partners/reporters it covers. */
  levels: {
    codeLevel: string;
    flow: string;
    freq: "M" | "A";
    from: string;
    to: string;
    partners: string[];
    reporters: string[];
  }[];
  rows: CoverageRow[];
}

/** The coverage of a dataset, optionally narrowed to some reporters/partners/levels/flows. */
export async function datasetCoverage(
  ctx: TradeContext,
  name: string,
  filter: { reporters?: string[]; partners?: string[]; codeLevel?: string; flow?: string } = {},
): Promise<DatasetCoverage> {
  const ds = await ctx.dataset(name);
  const rows = (await coverageRows(ctx, ds)).filter(
    (r) =>
      (!filter.reporters || filter.reporters.includes(r.reporter)) &&
      (!filter.partners || filter.partners.includes(r.partner)) &&
      (!filter.codeLevel || filter.codeLevel === r.codeLevel) &&
      (!filter.flow || filter.flow === r.flow),
  );
  const levels = new Map<string, DatasetCoverage["levels"][number]>();
  for (const r of rows) {
    const k = `${r.codeLevel}|${r.flow}|${r.freq}`;
    const l = levels.get(k) ?? {
      codeLevel: r.codeLevel,
      flow: r.flow,
      freq: r.freq,
      from: r.first,
      to: r.last,
      partners: [],
      reporters: [],
    };
    if (r.first < l.from) l.from = r.first;
    if (r.last > l.to) l.to = r.last;
    if (!l.partners.includes(r.partner)) l.partners.push(r.partner);
    if (!l.reporters.includes(r.reporter)) l.reporters.push(r.reporter);
    levels.set(k, l);
  }
  for (const l of levels.values()) {
    l.partners.sort();
    l.reporters.sort();
  }
  return { dataset: ds.info.name, leafLevel: ds.info.manifest.leafLevel, levels: [...levels.values()], rows };
}

/** Status of one window against the data of a selection. */
export type WindowStatus = "inside" | "partial" | "outside";

/** The result of checking a query's windows against its dataset's coverage. */
export interface WindowCheck {
  /** Worst status over the windows. */
  status: WindowStatus;
  windows: { name: string; from: string; to: string; status: WindowStatus }[];
  /** The selection's data span at the windows' frequency (null: no rows at all). */
  data: Span | null;
  /** Partners / reporters whose own data end before (or start after) a window while others' do not. */
  shortKeys: { role: "partner" | "reporter"; key: string; from: string; to: string }[];
  /** Requested partners / reporters with no row in the dataset, and where else they can be found. */
  missing: { role: "partner" | "reporter"; key: string; elsewhere: string[] }[];
  warnings: string[];
}

/** The span of full periods of a frequency that coverage rows hold (annual: annual rows ∪ complete monthly years). */
function spanOf(rows: CoverageRow[], freq: "M" | "A"): Span | null {
  let from: string | undefined;
  let to: string | undefined;
  const take = (f: string, t: string) => {
    if (from === undefined || f < from) from = f;
    if (to === undefined || t > to) to = t;
  };
  for (const r of rows) {
    if (r.freq === freq) take(r.first, r.last);
    else if (freq === "A" && r.freq === "M") {
      // A year counts when its months run January to December within the key's span.
      const fy = Number(r.first.slice(0, 4)) + (r.first.endsWith("-01") ? 0 : 1);
      const ly = Number(r.last.slice(0, 4)) - (r.last.endsWith("-12") ? 0 : 1);
      if (fy <= ly) take(String(fy), String(ly));
    }
  }
  return from !== undefined && to !== undefined ? { from, to } : null;
}

function statusOf(w: Window, span: Span | null): WindowStatus {
  if (!span || w.to < span.from || w.from > span.to) return "outside";
  return w.from >= span.from && w.to <= span.to ? "inside" : "partial";
}

const worst = (ss: WindowStatus[]): WindowStatus =>
  ss.includes("outside") ? "outside" : ss.includes("partial") ? "partial" : "inside";

/** Where a partner or reporter occurs in datasets other than `skip` (all goods or products), for "not here, see there" hints. */
async function elsewhere(
  ctx: TradeContext,
  role: "partner" | "reporter",
  key: string,
  skip: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const d of await ctx.listDatasets()) {
    if (d.name === skip) continue;
    const ds = await ctx.dataset(d.name);
    const rows = (await coverageRows(ctx, ds)).filter((r) => (role === "partner" ? r.partner : r.reporter) === key);
    const levels = new Map<string, Span>();
    for (const r of rows) {
      const k = `${r.codeLevel === "TOTAL" ? "all goods" : r.codeLevel} ${r.flow}s, ${r.freq === "M" ? "monthly" : "annual"}`;
      const s = levels.get(k) ?? { from: r.first, to: r.last };
      if (r.first < s.from) s.from = r.first;
      if (r.last > s.to) s.to = r.last;
      levels.set(k, s);
    }
    for (const [k, s] of levels) out.push(`${d.name}: ${k} ${s.from}…${s.to} (${d.manifest.currencies.join(",")})`);
  }
  return out;
}

/** Parameters of {@link checkWindows}. */
export interface WindowCheckParams {
  reporters?: readonly string[];
  partners?: readonly string[];
  flow?: string;
  /** The code level the query reads (leaf level, or TOTAL). */
  level: string;
  windows: { name: string; window: Window }[];
  /** Refuse (`TRADE_WINDOW_OUTSIDE_DATA`) instead of flagging when a window is not fully inside the data. */
  strict?: boolean;
  /** List keys whose own span is shorter than the selection's (default true; off for ranking views). */
  shortKeys?: boolean;
}

/**
 * Checks windows against the coverage of the selection (reporters, partners, level and flow of the query).
 * Unselected reporters/partners mean the dataset's countries (aggregates are never read implicitly).
 */
export async function checkWindows(ctx: TradeContext, ds: DatasetFacts, p: WindowCheckParams): Promise<WindowCheck> {
  const all = await coverageRows(ctx, ds);
  const flow = p.flow ?? "export";
  const rows = all.filter(
    (r) =>
      r.codeLevel === p.level &&
      r.flow === flow &&
      (p.reporters ? p.reporters.includes(r.reporter) : r.reporterKind === "country") &&
      (p.partners ? p.partners.includes(r.partner) : r.partnerKind === "country"),
  );
  const freq = p.windows[0]?.window.freq ?? "M";
  const data = spanOf(rows, freq);
  const windows = p.windows.map((w) => ({
    name: w.name,
    from: w.window.from,
    to: w.window.to,
    status: statusOf(w.window, data),
  }));
  const warnings: string[] = [];
  const name = ds.info.name;
  const what = `${p.level === "TOTAL" ? "all-goods" : `${p.level}`} ${flow}s${p.partners ? ` to ${p.partners.join(",")}` : ""}`;
  for (const w of windows) {
    if (w.status === "outside")
      warnings.push(
        data
          ? `${w.name} window ${w.from}…${w.to} is outside the data: ${name} holds ${what} ${freq === "M" ? "monthly" : "annual"} ${data.from}…${data.to} only — its values are absent, not zero`
          : `${name} holds no ${freq === "M" ? "monthly" : "annual"} ${what}: the ${w.name} window ${w.from}…${w.to} has no data`,
      );
    else if (w.status === "partial" && data)
      warnings.push(
        `${w.name} window ${w.from}…${w.to} extends beyond the data (${name}: ${data.from}…${data.to}): periods outside it are absent, not zero, and the sums are incomplete`,
      );
  }
  // Keys whose own span does not cover a window that the selection as a whole covers.
  const shortKeys: WindowCheck["shortKeys"] = [];
  for (const role of p.shortKeys === false ? [] : (["partner", "reporter"] as const)) {
    const keys = new Map<string, CoverageRow[]>();
    for (const r of rows) {
      const k = role === "partner" ? r.partner : r.reporter;
      keys.set(k, [...(keys.get(k) ?? []), r]);
    }
    if (keys.size < 2) continue;
    for (const [k, rs] of keys) {
      const s = spanOf(rs, freq);
      if (!s) continue;
      // Short: the key's span misses part of what the selection as a whole holds within a window.
      const short = p.windows.some(({ window: w }) => {
        if (!data || statusOf(w, data) === "outside") return false;
        // Periods are strings: later than both starts, or earlier than both ends.
        return (s.from > w.from && s.from > data.from) || (s.to < w.to && s.to < data.to);
      });
      if (short) shortKeys.push({ role, key: k, ...s });
    }
  }
  if (shortKeys.length > 0)
    warnings.push(
      `${shortKeys.length} ${shortKeys.length === 1 ? "series does" : "series do"} not cover every window: ${shortKeys
        .slice(0, 8)
        .map((s) => `${s.role} ${s.key} ${s.from}…${s.to}`)
        .join(", ")}${shortKeys.length > 8 ? ", …" : ""}`,
    );
  const missing: WindowCheck["missing"] = [];
  for (const [role, asked] of [
    ["partner", p.partners],
    ["reporter", p.reporters],
  ] as const) {
    for (const key of asked ?? []) {
      if (all.some((r) => (role === "partner" ? r.partner : r.reporter) === key)) continue;
      const where = await elsewhere(ctx, role, key, name);
      missing.push({ role, key, elsewhere: where });
      warnings.push(
        `${role} ${key} is not in ${name}${
          where.length > 0 ? `; series that exist: ${where.join("; ")}` : "; no bundled or ingested dataset holds it"
        } — ingest a Comext or Comtrade extract for it (docs/trade.md)`,
      );
    }
  }
  const check: WindowCheck = {
    status: worst(windows.map((w) => w.status)),
    windows,
    data,
    shortKeys,
    missing,
    warnings,
  };
  if (p.strict && (check.status !== "inside" || missing.length > 0))
    throw invalidInput("TRADE_WINDOW_OUTSIDE_DATA", warnings[0] ?? "window outside the data", [
      ...warnings.map((w) => ({ code: "window_outside_data", field: "period", message: w })),
    ]);
  return check;
}

/** Result of {@link hubGaps}. */
export interface HubGaps {
  dataset: string;
  /** The regimes' diversion hubs (country group TRANSIT_HUBS). */
  hubs: string[];
  /** Partners the dataset holds at its leaf (product) level, and the span of those rows. */
  productPartners: string[];
  productSpan: Span | null;
  /** Hubs with product-level rows in the dataset. */
  covered: string[];
  /** Hubs without, and the series that exist for them elsewhere. */
  missing: { hub: string; elsewhere: string[] }[];
}

/**
 * Which of the regimes' diversion hubs a dataset can show at product level, and for the others which all-goods
 * series exist in other datasets — so a user looking for Türkiye or the UAE is told where they are (and are not).
 */
export async function hubGaps(ctx: TradeContext, name: string): Promise<HubGaps> {
  const ds = await ctx.dataset(name);
  const regimes = await ctx.regimes();
  const hubs = [...(regimes.groups.TRANSIT_HUBS?.members ?? [])].sort();
  const leaf = (await coverageRows(ctx, ds)).filter((r) => r.codeLevel === ds.info.manifest.leafLevel);
  const productPartners = [...new Set(leaf.map((r) => r.partner))].sort();
  const firsts = leaf.map((r) => r.first).sort();
  const lasts = leaf.map((r) => r.last).sort();
  const missing: HubGaps["missing"] = [];
  for (const h of hubs.filter((x) => !productPartners.includes(x)))
    missing.push({ hub: h, elsewhere: await elsewhere(ctx, "partner", h, name) });
  return {
    dataset: ds.info.name,
    hubs,
    productPartners,
    productSpan: firsts.length > 0 ? { from: firsts[0] as string, to: lasts[lasts.length - 1] as string } : null,
    covered: hubs.filter((x) => productPartners.includes(x)),
    missing,
  };
}
