/**
 * Revenue pressure: what Russia still earns. Three views, each from its own source and labelled with it:
 *  - the coalition's imports from Russia (all goods and the banned goods' chapter), monthly, against the dates of
 *    the import bans read from the regimes (never hard-coded): what fell after each ban and what remained;
 *  - Russia's exports by partner country, annual (IMF IMTS): who still buys, the coalition against the rest;
 *  - Russia's rough-diamond production as reported by the press (Kimberley Process figures, secondary).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { invalidInput, notFound } from "../errors/index.ts";
import type { Measure } from "../regimes/index.ts";
import type { TradeContext } from "./context.ts";
import { checkWindows, type WindowCheck } from "./coverage.ts";
import { parseWindow, shiftMonth } from "./periods.ts";
import { ident, list, sql } from "./sql.ts";

// ---- imports from Russia against the import bans --------------------------------------------------------------

/** Parameters of {@link importBanPressure}. */
export interface ImportPressureParams {
  /** Dataset with the importers' imports from `origin` (default `comext-cn8`: EU-27, TOTAL and chapter 27). */
  dataset?: string;
  /** Country of origin (default RU). */
  origin?: string;
  /** Whose import bans (default EU: the bundled imports are the EU's). */
  jurisdiction?: string;
  /** Importers (default: all countries of the dataset, summed). */
  reporters?: string[];
  /** Pre-war reference year whose monthly mean is 100 % (default 2021). */
  baseYear?: string;
  /** Months before each ban averaged as "before" (default 3). */
  monthsBefore?: number;
}

/** One monthly series of imports from the origin. */
export interface ImportSeries {
  /** `TOTAL` (all goods) or a chapter / code prefix. */
  code: string;
  label: string;
  periods: string[];
  values: number[];
  /** Monthly mean of the base year (null when the base year is not in the data). */
  baseMean: number | null;
}

/** One import ban and what the data say happened after it. */
export interface BanEffect {
  measureId: string;
  title: string;
  jurisdiction: string;
  effective: string;
  /** Contracts concluded before a date could be executed until another: the fall can lag the ban. */
  grandfathering?: { contractsConcludedBefore: string; executionUntil: string };
  /** Code prefixes of the banned goods, and whether they are only indicative (ban described in words). */
  goods: { prefixes: string[]; indicative: boolean; text?: string };
  /** The narrowest series in the dataset that holds the banned goods. */
  measuredAs: { code: string; level: "goods" | "chapter" | "all-goods"; label: string };
  /** Day from which the ban binds every contract: the day after the wind-down for earlier contracts, if any. */
  bindsFully: string;
  /** First month fully under the ban for every contract (the "after" months start here). */
  firstMonth: string;
  /** Mean monthly value of the months before the ban (`monthsBefore` of them, within the data). */
  before: { from: string; to: string; mean: number } | null;
  /** Mean monthly value from the first month under the ban to the end of the data. */
  after: { from: string; to: string; months: number; mean: number } | null;
  /** after ÷ before − 1. */
  change: number | null;
  /** after ÷ base-year monthly mean: what remained of the pre-war level. */
  remainingOfBase: number | null;
  status: "measured" | "after-data-end" | "before-data-start" | "no-series";
  note: string;
}

/** Result of {@link importBanPressure}. */
export interface ImportPressureResult {
  dataset: string;
  currency: string;
  origin: string;
  jurisdiction: string;
  reporters: string;
  baseYear: string;
  series: ImportSeries[];
  bans: BanEffect[];
  /** The data's monthly span for these imports (first and last month). */
  data: { from: string; to: string } | null;
  regimesVersion: string;
  notes: string[];
}

/** The code prefixes of a measure's goods, and whether they are only indicative. */
function banGoods(m: Measure): BanEffect["goods"] {
  const g = m.goods;
  if (g.kind === "codes") return { prefixes: [...g.include], indicative: false };
  if (g.kind === "all_except") return { prefixes: [], indicative: false, text: "all goods except listed codes" };
  return { prefixes: [...(g.indicative?.prefixes ?? [])], indicative: true, text: g.text };
}

/** The calendar day after `date` (YYYY-MM-DD). */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** First month fully under a measure in force from `date` (the month itself when it starts on the 1st). */
function firstFullMonth(date: string): string {
  const month = date.slice(0, 7);
  return date.endsWith("-01") ? month : shiftMonth(month, 1);
}

const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, x) => a + x, 0) / xs.length : 0);

/**
 * Imports from the origin, monthly, and the effect of each import ban of a jurisdiction concerning it. Each ban is
 * measured on the narrowest series the dataset holds (its codes, else its chapter, else all goods); a ban that took
 * effect after the data end is listed with status `after-data-end`, never with a made-up fall.
 */
export async function importBanPressure(
  ctx: TradeContext,
  params: ImportPressureParams = {},
): Promise<ImportPressureResult> {
  const origin = params.origin ?? "RU";
  const jurisdiction = params.jurisdiction ?? "EU";
  const baseYear = params.baseYear ?? "2021";
  if (!/^\d{4}$/.test(baseYear)) throw invalidInput("TRADE_BAD_WINDOW", `--base-year '${baseYear}' is not a year`);
  const monthsBefore = params.monthsBefore ?? 3;
  if (!Number.isInteger(monthsBefore) || monthsBefore < 1)
    throw invalidInput("TRADE_BAD_PARAMETER", "--months-before must be a positive integer");
  const ds = await ctx.dataset(params.dataset ?? "comext-cn8");
  const regimes = await ctx.regimes();
  const reporterWhere = params.reporters?.length
    ? sql`p.reporter IN ${list(params.reporters)}`
    : sql`p.reporter_kind = 'country'`;
  const base = sql`p.flow = 'import' AND p.freq = 'M' AND p.partner = ${origin} AND ${reporterWhere}`;
  // One scan: monthly sums per level × code (TOTAL, chapters, any finer codes); every series is summed from it.
  const cells = await ctx.db.all<{ level: string; code: string; period: string; cur: string; v: number }>(
    sql`SELECT p.code_level AS level, p.code, p.period, min(p.currency) AS cur, sum(p.value) AS v
     FROM ${ident(ds.view)} p WHERE ${base} GROUP BY 1, 2, 3`,
  );
  const levelMap = new Map<string, { level: string; code: string; cur: string; first: string; last: string }>();
  for (const c of cells) {
    const k = `${c.level}|${c.code}`;
    const l = levelMap.get(k) ?? { level: c.level, code: c.code, cur: c.cur, first: c.period, last: c.period };
    if (c.period < l.first) l.first = c.period;
    if (c.period > l.last) l.last = c.period;
    levelMap.set(k, l);
  }
  const levels = [...levelMap.values()];
  const currencies = [...new Set(levels.map((l) => l.cur))];
  if (currencies.length > 1)
    throw invalidInput("TRADE_MIXED_CURRENCY", `the imports mix currencies (${currencies.join(", ")})`);
  const currency = currencies[0] ?? ds.info.manifest.currencies[0] ?? "EUR";
  // Periods are strings: sorting gives the first and last month.
  const firsts = levels.map((l) => l.first).sort();
  const lasts = levels.map((l) => l.last).sort();
  const span = firsts.length > 0 ? { from: firsts[0] as string, to: lasts[lasts.length - 1] as string } : null;
  const leaf = ds.info.manifest.leafLevel;
  const chapters = new Set(levels.filter((l) => l.level === "HS2").map((l) => l.code));
  const hasLeaf = levels.some((l) => l.level === leaf);
  const hasTotal = levels.some((l) => l.level === "TOTAL");

  const measures = regimes
    .measuresOf(jurisdiction)
    .filter((m) => m.direction === "import" && m.kind === "import_ban" && regimes.countryIn(m.countries, origin))
    .sort((a, b) => a.effective.from.localeCompare(b.effective.from) || a.id.localeCompare(b.id));

  // Series to read: TOTAL, each chapter a ban falls in, and each ban's own codes when leaf rows exist.
  type Wanted = {
    code: string;
    level: BanEffect["measuredAs"]["level"];
    label: string;
    match: (level: string, code: string) => boolean;
  };
  const wanted = new Map<string, Wanted>();
  if (hasTotal)
    wanted.set("TOTAL", { code: "TOTAL", level: "all-goods", label: "all goods", match: (l) => l === "TOTAL" });
  const measuredAs = new Map<string, BanEffect["measuredAs"] | undefined>();
  for (const m of measures) {
    const g = banGoods(m);
    let pick: BanEffect["measuredAs"] | undefined;
    if (g.prefixes.length > 0 && hasLeaf) {
      const code = g.prefixes.join("+");
      wanted.set(code, {
        code,
        level: "goods",
        label: `codes ${g.prefixes.join(", ")}`,
        match: (l, c) => l === leaf && g.prefixes.some((x) => c.startsWith(x)),
      });
      pick = { code, level: "goods", label: `codes ${g.prefixes.join(", ")}` };
    } else if (g.prefixes.length > 0 && new Set(g.prefixes.map((x) => x.slice(0, 2))).size === 1) {
      const ch = g.prefixes[0]?.slice(0, 2) as string;
      if (chapters.has(ch)) {
        wanted.set(ch, {
          code: ch,
          level: "chapter",
          label: `chapter ${ch}`,
          match: (l, c) => l === "HS2" && c === ch,
        });
        pick = { code: ch, level: "chapter", label: `chapter ${ch}` };
      }
    }
    if (!pick && hasTotal) pick = { code: "TOTAL", level: "all-goods", label: "all goods" };
    measuredAs.set(m.id, pick);
  }
  // Every chapter the dataset holds is charted too (the bundled file: chapter 27, mineral fuels).
  for (const ch of chapters)
    if (!wanted.has(ch))
      wanted.set(ch, {
        code: ch,
        level: "chapter",
        label: `chapter ${ch}`,
        match: (l, c) => l === "HS2" && c === ch,
      });

  const periods: string[] = [];
  if (span) for (let m = span.from; m <= span.to; m = shiftMonth(m, 1)) periods.push(m);
  const series: ImportSeries[] = [];
  for (const c of wanted.values()) {
    const mine = new Map<string, number>();
    for (const x of cells) if (c.match(x.level, x.code)) mine.set(x.period, (mine.get(x.period) ?? 0) + x.v);
    const values = periods.map((p) => mine.get(p) ?? 0);
    const baseVals = periods.flatMap((p, j) => (p.startsWith(`${baseYear}-`) ? [values[j] as number] : []));
    series.push({
      code: c.code,
      label: c.label,
      periods,
      values,
      baseMean: baseVals.length === 12 ? mean(baseVals) : null,
    });
  }

  const bans: BanEffect[] = measures.map((m) => {
    const g = banGoods(m);
    // Wind-downs for earlier contracts: trade may continue legally until they end, so "after" starts then.
    const binds = m.grandfathering ? dayAfter(m.grandfathering.executionUntil) : m.effective.from;
    const first = firstFullMonth(binds);
    const pick = measuredAs.get(m.id);
    const s = pick ? series.find((x) => x.code === pick.code) : undefined;
    const common = {
      measureId: m.id,
      title: m.title,
      jurisdiction: m.jurisdiction,
      effective: m.effective.from,
      ...(m.grandfathering
        ? {
            grandfathering: {
              contractsConcludedBefore: m.grandfathering.contractsConcludedBefore,
              executionUntil: m.grandfathering.executionUntil,
            },
          }
        : {}),
      goods: g,
      measuredAs: pick ?? { code: "-", level: "all-goods" as const, label: "no series" },
      bindsFully: binds,
      firstMonth: first,
    };
    if (!s || !span)
      return {
        ...common,
        before: null,
        after: null,
        change: null,
        remainingOfBase: null,
        status: "no-series",
        note: `${ds.info.name} holds no imports from ${origin} to measure this ban on`,
      };
    if (first > span.to)
      return {
        ...common,
        before: null,
        after: null,
        change: null,
        remainingOfBase: null,
        status: "after-data-end",
        note: `${binds === m.effective.from ? `in force from ${m.effective.from}` : `in force from ${m.effective.from}, binding every contract from ${binds} (wind-down)`}, after the data end (${span.to}): nothing after it can be measured from ${ds.info.name}`,
      };
    const idx = (p: string) => s.periods.indexOf(p);
    const afterVals = s.values.slice(Math.max(0, idx(first)));
    // "Before" = the months before entry into force (not before the end of a wind-down).
    const bTo = shiftMonth(m.effective.from.slice(0, 7), -1);
    const bFrom = shiftMonth(bTo, 1 - monthsBefore);
    const beforeVals = s.periods.flatMap((p, j) => (p >= bFrom && p <= bTo ? [s.values[j] as number] : []));
    if (beforeVals.length === 0)
      return {
        ...common,
        before: null,
        after: { from: first, to: span.to, months: afterVals.length, mean: mean(afterVals) },
        change: null,
        remainingOfBase: s.baseMean ? mean(afterVals) / s.baseMean : null,
        status: "before-data-start",
        note: `in force from ${m.effective.from}, before the data start (${span.from}): no before-ban months`,
      };
    const before = { from: [bFrom, span.from].sort()[1] as string, to: bTo, mean: mean(beforeVals) };
    const after = { from: first, to: span.to, months: afterVals.length, mean: mean(afterVals) };
    const whole =
      pick?.level === "goods" ? "" : ` (measured on ${pick?.label}, which holds more than the banned goods)`;
    return {
      ...common,
      before,
      after,
      change: before.mean > 0 ? after.mean / before.mean - 1 : null,
      remainingOfBase: s.baseMean ? after.mean / s.baseMean : null,
      status: "measured",
      note: `${after.months} month(s) under the ban in the data${whole}${g.indicative ? "; banned codes indicative only" : ""}${m.grandfathering ? `; contracts concluded before ${m.grandfathering.contractsConcludedBefore} could be executed until ${m.grandfathering.executionUntil}, so "after" starts ${first}` : ""}`,
    };
  });
  const notes = [
    `${jurisdiction} imports from ${origin} as reported by the importers (${ds.info.manifest.attribution ?? ds.info.name}); values are nominal ${currency}, not deflated — energy prices rose in 2022, so a value can rise while volumes fall`,
    "import-ban dates and goods are read from the regimes; a ban described in words is measured on the chapter of its indicative codes, or on all goods",
  ];
  if (bans.some((b) => b.status === "after-data-end"))
    notes.push(
      `${bans.filter((b) => b.status === "after-data-end").length} ban(s) took effect after the data end (${span?.to}): ingest a later Comext extract (docs/trade.md) to measure them`,
    );
  return {
    dataset: ds.info.name,
    currency,
    origin,
    jurisdiction,
    reporters: params.reporters?.join(",") ?? "all",
    baseYear,
    series,
    bans,
    data: span,
    regimesVersion: regimes.version,
    notes,
  };
}

// ---- Russia's exports by partner (IMF IMTS) -------------------------------------------------------------------

/** G7 member countries (ISO alpha-2). The EU, the G7's eighth participant, is read from the regimes' groups. */
export const G7_COUNTRIES = ["CA", "DE", "FR", "GB", "IT", "JP", "US"] as const;

/** Parameters of {@link partnerRevenue}. */
export interface PartnerRevenueParams {
  /** Dataset with the reporter's trade by partner (default `imf-russia`). */
  dataset?: string;
  reporter?: string;
  flow?: "export" | "import";
  /** Years compared: `base` (default 2021) and `period` (default the last year in the data). */
  base?: string;
  period?: string;
  /** Partners listed (default 20, by value in the period year). */
  limit?: number;
}

/** A group of partners with its value per year. */
export interface PartnerGroup {
  id: string;
  label: string;
  members: number;
  values: number[];
  shareBase: number | null;
  sharePeriod: number | null;
}

/** Result of {@link partnerRevenue}. */
export interface PartnerRevenueResult {
  dataset: string;
  reporter: string;
  flow: string;
  currency: string;
  years: string[];
  base: string;
  period: string;
  /** The reporter's total with the world (the dataset's World aggregate, else the sum of partners). */
  world: { values: number[]; source: "aggregate" | "sum-of-partners" };
  groups: PartnerGroup[];
  /** Partners ranked by value in the period year. */
  partners: {
    partner: string;
    values: number[];
    base: number;
    period: number;
    change: number | null;
    share: number | null;
  }[];
  /** Largest absolute gains and losses between base and period. */
  gainers: { partner: string; base: number; period: number; delta: number }[];
  losers: { partner: string; base: number; period: number; delta: number }[];
  windowCheck: WindowCheck;
  attribution?: string;
  notes: string[];
}

/** The World aggregate id in a dataset (IMF: G001), if present. */
function worldId(ids: string[]): string | undefined {
  return ids.find((i) => i === "G001" || i === "W00" || i === "WORLD");
}

/**
 * A reporter's trade with each partner, annual, and who gained or lost between two years; groups G7, the EU,
 * the coalition (EU + the regimes' Annex VIII partners + G7) and the rest of the world.
 */
export async function partnerRevenue(
  ctx: TradeContext,
  params: PartnerRevenueParams = {},
): Promise<PartnerRevenueResult> {
  const ds = await ctx.dataset(params.dataset ?? "imf-russia");
  const reporter = params.reporter ?? "RU";
  const flow = params.flow ?? "export";
  const rows = await ctx.db.all<{ partner: string; kind: string; period: string; v: number; cur: string }>(
    sql`SELECT p.partner, p.partner_kind AS kind, p.period, sum(p.value) AS v, min(p.currency) AS cur FROM ${ident(ds.view)} p
     WHERE p.reporter = ${reporter} AND p.flow = ${flow} AND p.code_level = 'TOTAL' AND p.freq = 'A'
     GROUP BY 1, 2, 3`,
  );
  if (rows.length === 0)
    throw notFound(
      "TRADE_NO_PARTNER_TOTALS",
      `${ds.info.name} holds no annual all-goods ${flow}s reported by ${reporter}`,
    );
  const currencies = [...new Set(rows.map((r) => r.cur))];
  if (currencies.length > 1)
    throw invalidInput("TRADE_MIXED_CURRENCY", `the selection mixes currencies (${currencies.join(", ")})`);
  const currency = currencies[0] as string;
  const years = [...new Set(rows.map((r) => r.period))].sort();
  const baseY = params.base ?? (years.includes("2021") ? "2021" : (years[0] as string));
  const periodY = params.period ?? (years[years.length - 1] as string);
  const wc = await checkWindows(ctx, ds, {
    reporters: [reporter],
    flow,
    level: "TOTAL",
    // Small partners come and go in a ranking of 200 countries: their short series are not warnings.
    shortKeys: false,
    windows: [
      { name: "base", window: parseWindow(baseY, "base") },
      { name: "period", window: parseWindow(periodY, "period") },
    ],
  });
  const byPartner = new Map<string, Map<string, number>>();
  const kinds = new Map<string, string>();
  for (const r of rows) {
    const m = byPartner.get(r.partner) ?? new Map<string, number>();
    m.set(r.period, r.v);
    byPartner.set(r.partner, m);
    kinds.set(r.partner, r.kind);
  }
  const countries = [...byPartner.keys()].filter((p) => kinds.get(p) === "country");
  const vals = (p: string) => years.map((y) => byPartner.get(p)?.get(y) ?? 0);
  const wid = worldId([...byPartner.keys()]);
  const sumOf = (ps: string[]) => years.map((_, i) => ps.reduce((a, p) => a + (vals(p)[i] ?? 0), 0));
  const world = wid
    ? { values: vals(wid), source: "aggregate" as const }
    : { values: sumOf(countries), source: "sum-of-partners" as const };
  const bi = years.indexOf(baseY);
  const pi = years.indexOf(periodY);
  const at = (xs: number[], i: number) => (i >= 0 ? (xs[i] ?? 0) : 0);
  const share = (xs: number[], i: number) => (at(world.values, i) > 0 ? at(xs, i) / at(world.values, i) : null);
  const regimes = await ctx.regimes();
  const eu = [...(regimes.groups.EU_MEMBER_STATES?.members ?? [])];
  const annex = [...(regimes.groups.EU_ANNEX_VIII_PARTNERS?.members ?? [])];
  const coalition = [...new Set([...eu, ...annex, ...G7_COUNTRIES])];
  const group = (id: string, label: string, members: string[]): PartnerGroup => {
    const present = countries.filter((c) => members.includes(c));
    const values = sumOf(present);
    return { id, label, members: present.length, values, shareBase: share(values, bi), sharePeriod: share(values, pi) };
  };
  const rest = countries.filter((c) => !coalition.includes(c));
  const groups = [
    group("G7", "G7 countries (CA, DE, FR, GB, IT, JP, US)", [...G7_COUNTRIES]),
    group("EU", "EU member states (regimes group EU_MEMBER_STATES)", eu),
    group("COALITION", "EU + Annex VIII partners + G7 (regimes groups)", coalition),
    group("REST", "rest of the world (all other countries)", rest),
  ];
  const allocated = sumOf(countries);
  const unallocated = world.values.map((w, i) => w - (allocated[i] ?? 0));
  groups.push({
    id: "UNALLOCATED",
    label: "world total not allocated to a country (areas not specified, special categories)",
    members: 0,
    values: unallocated,
    shareBase: share(unallocated, bi),
    sharePeriod: share(unallocated, pi),
  });
  const partners = countries
    .map((p) => {
      const v = vals(p);
      const b = at(v, bi);
      const q = at(v, pi);
      return { partner: p, values: v, base: b, period: q, change: b > 0 ? q / b - 1 : null, share: share(v, pi) };
    })
    .sort((a, b) => b.period - a.period || a.partner.localeCompare(b.partner));
  const deltas = partners.map((p) => ({
    partner: p.partner,
    base: p.base,
    period: p.period,
    delta: p.period - p.base,
  }));
  const notes = [`${reporter}'s ${flow}s of goods by partner, annual, ${currency} (no product detail)`];
  if (ds.info.name === "imf-russia" || ds.info.manifest.format === "imf")
    notes.push(
      "Russia stopped publishing trade by partner in 2022: from 2022 the IMF estimates these values from partners' data (mirror statistics); Russia's imports from the UAE are far too low in this source and should not be used",
    );
  return {
    dataset: ds.info.name,
    reporter,
    flow,
    currency,
    years,
    base: baseY,
    period: periodY,
    world,
    groups,
    partners: params.limit === 0 ? partners : partners.slice(0, params.limit ?? 20),
    gainers: [...deltas].sort((a, b) => b.delta - a.delta).slice(0, 10),
    losers: [...deltas].sort((a, b) => a.delta - b.delta).slice(0, 10),
    windowCheck: wc,
    ...(ds.info.manifest.attribution ? { attribution: ds.info.manifest.attribution } : {}),
    notes,
  };
}

// ---- Kimberley Process production (press-reported) -----------------------------------------------------------

/** One row of the press-reported KP production file. */
export interface KpRow {
  year: string;
  country: string;
  carats: number | null;
  valueUsd: number | null;
  shareOfWorldCaratsPct: number | null;
  source: string;
  /** False for rows the compiler derived (e.g. a world total implied by a share): not reported by anyone. */
  reported: boolean;
}

/** Result of {@link kimberleyProduction}. */
export interface KpResult {
  label: "press-reported";
  confidence: "secondary";
  file: string;
  rows: KpRow[];
  /** Russia per year: carats, value and share of world carats (reported, else computed from both totals). */
  russia: {
    year: string;
    carats: number | null;
    valueUsd: number | null;
    shareOfWorldCarats: number | null;
    shareBasis: "reported" | "computed" | "derived-world" | null;
  }[];
  notes: string[];
}

/** Default location of the bundled KP file. */
export const KP_FILE = path.join("kimberley-process", "kp-production-press-reported.csv");

/** Reads the press-reported Kimberley Process production figures bundled under `data/trade/kimberley-process/`. */
export async function kimberleyProduction(ctx: TradeContext, file?: string): Promise<KpResult> {
  const p = file ?? (ctx.options.bundledDir ? path.join(ctx.options.bundledDir, KP_FILE) : undefined);
  if (!p)
    throw notFound("TRADE_KP_NOT_FOUND", "no bundled data directory: the Kimberley Process figures are unavailable");
  let text: string;
  try {
    text = await readFile(p, "utf8");
  } catch {
    throw notFound("TRADE_KP_NOT_FOUND", `Kimberley Process figures not found at ${p}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const header = (lines.shift() ?? "").split(",");
  const col = (name: string) => header.indexOf(name);
  const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? null : Number(s));
  const rows: KpRow[] = lines.map((l) => {
    const c = l.split(",");
    const country = c[col("country")] ?? "";
    const source = c.slice(col("source_url")).join(",");
    return {
      year: c[col("year")] ?? "",
      country: country.replace(/-implied$/, ""),
      carats: num(c[col("carats")]),
      valueUsd: num(c[col("value_usd")]),
      shareOfWorldCaratsPct: num(c[col("share_of_world_carats_pct")]),
      source,
      reported: !country.endsWith("-implied") && !source.startsWith("derived"),
    };
  });
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const russia = years.flatMap((y) => {
    const ru = rows.find((r) => r.year === y && r.country === "RU");
    if (!ru) return [];
    const world = rows.find((r) => r.year === y && r.country === "WORLD" && r.carats !== null);
    let share: number | null = null;
    let basis: KpResult["russia"][number]["shareBasis"] = null;
    if (ru.shareOfWorldCaratsPct !== null) {
      share = ru.shareOfWorldCaratsPct / 100;
      basis = "reported";
    } else if (ru.carats !== null && world?.carats) {
      share = ru.carats / world.carats;
      basis = world.reported ? "computed" : "derived-world";
    }
    return [{ year: y, carats: ru.carats, valueUsd: ru.valueUsd, shareOfWorldCarats: share, shareBasis: basis }];
  });
  return {
    label: "press-reported",
    confidence: "secondary",
    file: path.basename(p),
    rows,
    russia,
    notes: [
      "Kimberley Process production figures as quoted by the trade press (secondary): each row names its article; replace with the official KP public statistics (kimberleyprocessstatistics.org) before relying on them",
      "production, not exports: what Russia mines, not what it sells or to whom",
    ],
  };
}

// ---- all three ------------------------------------------------------------------------------------------------

/** Result of {@link revenuePressure}: the three views. */
export interface RevenuePressureResult {
  imports: ImportPressureResult;
  partners: PartnerRevenueResult;
  diamonds: KpResult;
}

/** The revenue panel: imports against the bans, Russia's exports by partner and its diamond production. */
export async function revenuePressure(
  ctx: TradeContext,
  params: { imports?: ImportPressureParams; partners?: PartnerRevenueParams } = {},
): Promise<RevenuePressureResult> {
  const imports = await importBanPressure(ctx, params.imports);
  const partners = await partnerRevenue(ctx, params.partners);
  return { imports, partners, diamonds: await kimberleyProduction(ctx) };
}

// ---- sanction dates for time axes ------------------------------------------------------------------------------

/** One date on which measures of a jurisdiction concerning the country took effect. */
export interface SanctionDate {
  date: string;
  jurisdiction: string;
  direction: "export" | "import";
  measures: { id: string; title: string }[];
}

/**
 * The dates on which export or import measures concerning `country` took effect, from the regimes (members only,
 * scenarios excluded), for marking time axes; optionally within `[from, to]` (YYYY-MM-DD or YYYY-MM prefixes).
 */
export async function sanctionDates(
  ctx: TradeContext,
  opts: { country?: string; jurisdictions?: string[]; from?: string; to?: string } = {},
): Promise<{ regimesVersion: string; dates: SanctionDate[] }> {
  const regimes = await ctx.regimes();
  const country = opts.country ?? "RU";
  const js = opts.jurisdictions?.length ? opts.jurisdictions : [...regimes.members];
  const out = new Map<string, SanctionDate>();
  for (const j of js)
    for (const m of regimes.measuresOf(j)) {
      if (!["export_ban", "licence_requirement", "import_ban"].includes(m.kind)) continue;
      if (!regimes.countryIn(m.countries, country)) continue;
      const d = m.effective.from;
      if ((opts.from && d < opts.from) || (opts.to && d.slice(0, opts.to.length) > opts.to)) continue;
      const k = `${d}|${j}|${m.direction}`;
      const e = out.get(k) ?? { date: d, jurisdiction: j, direction: m.direction, measures: [] };
      e.measures.push({ id: m.id, title: m.title });
      out.set(k, e);
    }
  return {
    regimesVersion: regimes.version,
    dates: [...out.values()].sort(
      (a, b) => a.date.localeCompare(b.date) || a.jurisdiction.localeCompare(b.jurisdiction),
    ),
  };
}
