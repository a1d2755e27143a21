/**
 * The coverage simulator: for a regime or scenario, the value and share of a baseline year's exports to Russia
 * that its export measures cover — by reporter, chapter, measure and exemption category.
 */
import { invalidInput, notFound } from "../errors/index.ts";
import { isInForce, type Measure } from "../regimes/index.ts";
import { codeExpr, currencyOf, fromExpr, type TradeContext } from "./context.ts";
import { windowPredicate } from "./periods.ts";
import { and, ident, list, sql } from "./sql.ts";
import { codeExemptions, scopeMatch } from "./tags.ts";

/** Parameters of {@link simulate}. */
export interface SimulateParams {
  dataset: string;
  /** A member (`EU`) or scenario id (`g7-full-ban-2023`). */
  regime: string;
  /** Baseline year, e.g. `2021`. */
  year: string;
  destination?: string;
  reporters?: string[];
  /** Only measures in force on this date (default: every measure of the regime). */
  asOf?: string;
}

/** Result of {@link simulate}. */
export interface SimulateResult {
  regime: string;
  dataset: string;
  year: string;
  destination: string;
  currency: string;
  /** All-goods exports to the destination in the year (TOTAL rows, or the sum of leaf codes without them). */
  total: number;
  totalBasis: "TOTAL" | "leaf_codes";
  covered: number;
  share: number | null;
  /** Value exempt by code under a measure that otherwise covers it. */
  exempt: number;
  coverage: "complete" | "partial";
  byReporter: { reporter: string; total: number; covered: number; share: number | null }[];
  byChapter: { chapter: string; value: number; covered: number }[];
  byMeasure: { id: string; jurisdiction: string; covered: number }[];
  byExemptionCategory: { category: string; value: number }[];
  regimesVersion: string;
  notes: string[];
}

let simSeq = 0;

/** Runs the simulator. */
export async function simulate(ctx: TradeContext, params: SimulateParams): Promise<SimulateResult> {
  const regimes = await ctx.regimes();
  const dest = params.destination ?? "RU";
  if (!/^\d{4}$/.test(params.year))
    throw invalidInput("TRADE_BAD_WINDOW", `--year '${params.year}' must be a year (YYYY)`, [
      { code: "bad_year", field: "year", message: params.year },
    ]);
  const all = regimes.measuresOf(params.regime);
  if (all.length === 0)
    throw notFound("TRADE_REGIME_NOT_FOUND", `no regime or scenario '${params.regime}'`, {
      members: regimes.members,
      scenarios: regimes.scenarios,
    });
  const measures = all.filter(
    (m) =>
      m.direction === "export" &&
      (m.kind === "export_ban" || m.kind === "licence_requirement") &&
      regimes.countryIn(m.countries, dest) &&
      (params.asOf === undefined || isInForce(m, params.asOf)),
  );
  const ds = await ctx.dataset(params.dataset);
  const year = params.year;
  const yp = windowPredicate({ from: year, to: year, freq: "A", length: 1 }, ds.annualKeys, "p");
  const rep = params.reporters?.length
    ? sql`p.reporter IN ${list(params.reporters)}`
    : sql`p.reporter_kind = 'country'`;
  const where = and(sql`p.partner = ${dest}`, sql`p.flow = 'export'`, rep, yp);
  // Leaf codes and TOTAL rows in one scan into a small table; goods are classified once per code in JS.
  const table = ident(`sim_${++simSeq}`);
  const covTable = ident(`sim_${simSeq}_cov`);
  await ctx.db.run(
    sql`CREATE TEMP TABLE ${table} AS SELECT p.code_level = 'TOTAL' AS tot, p.reporter, ${codeExpr(ds)} AS code,
       max(p.nomenclature) AS nom, sum(p.value) AS v, p.currency AS cur
     FROM ${fromExpr(ds)} WHERE p.code_level IN (${ds.info.manifest.leafLevel}, 'TOTAL') AND ${where}
     GROUP BY 1, 2, 3, 6`,
  );
  let codes: { code: string; nom: string; v: number }[];
  let currency: string;
  try {
    currency = currencyOf(
      (await ctx.db.all<{ c: string }>(sql`SELECT DISTINCT cur AS c FROM ${table}`)).map((r) => r.c),
      ds.info.manifest.currencies[0],
    );
    codes = await ctx.db.all<{ code: string; nom: string; v: number }>(
      sql`SELECT code, max(nom) AS nom, sum(v) AS v FROM ${table} WHERE NOT tot GROUP BY 1`,
    );
  } catch (e) {
    await ctx.db.run(sql`DROP TABLE ${table}`);
    throw e;
  }
  const notes: string[] = [];
  const map = ctx.options.mapEdition;
  const cache = new Map<string, { covering: Measure[]; exempt: { id: string; category: string }[] }>();
  const classify = (code: string, nom: string) => {
    const hit = cache.get(code);
    if (hit) return hit;
    const covering: Measure[] = [];
    const exempt: { id: string; category: string }[] = [];
    for (const m of measures) {
      if (!scopeMatch(m, code, nom, map)) continue;
      const ex = codeExemptions(m, code, nom, map);
      if (ex.length > 0) exempt.push(...ex);
      else covering.push(m);
    }
    const r = { covering, exempt: covering.length > 0 ? [] : exempt };
    cache.set(code, r);
    return r;
  };
  const allGoods = measures.some((m) => m.goods.kind === "all_except");
  const byChapter = new Map<string, { value: number; covered: number }>();
  const byMeasure = new Map<string, { jurisdiction: string; covered: number }>();
  const byExemption = new Map<string, number>();
  const coveredCodes: string[] = [];
  for (const r of codes) {
    const c = classify(r.code, r.nom);
    const ch = byChapter.get(r.code.slice(0, 2)) ?? { value: 0, covered: 0 };
    ch.value += r.v;
    if (c.covering.length > 0) {
      coveredCodes.push(r.code);
      ch.covered += r.v;
      for (const m of c.covering) {
        const bm = byMeasure.get(m.id) ?? { jurisdiction: m.jurisdiction, covered: 0 };
        bm.covered += r.v;
        byMeasure.set(m.id, bm);
      }
    } else for (const x of c.exempt.slice(0, 1)) byExemption.set(x.category, (byExemption.get(x.category) ?? 0) + r.v);
    byChapter.set(r.code.slice(0, 2), ch);
  }
  // The covered codes go in as one string parameter (a literal IN list of thousands of codes plans slowly).
  await ctx.db.run(
    sql`CREATE TEMP TABLE ${covTable} AS SELECT unnest(string_split(${coveredCodes.join(",")}, ',')) AS code`,
  );
  const perReporter = await ctx.db.all<{ reporter: string; total: number; leaf: number; covered: number }>(
    sql`SELECT reporter, coalesce(sum(v) FILTER (WHERE tot), 0) AS total, coalesce(sum(v) FILTER (WHERE NOT tot), 0) AS leaf,
       coalesce(sum(v) FILTER (WHERE NOT tot AND code IN (SELECT code FROM ${covTable})), 0) AS covered FROM ${table} GROUP BY 1`,
  );
  await ctx.db.run(sql`DROP TABLE ${covTable}`);
  await ctx.db.run(sql`DROP TABLE ${table}`);
  const totalBasis = perReporter.some((r) => r.total > 0) ? "TOTAL" : "leaf_codes";
  const byReporter = new Map(
    perReporter.map((r) => [
      r.reporter,
      { total: r.total, leaf: r.leaf, covered: r.covered, uncoveredLeaf: r.leaf - r.covered },
    ]),
  );
  let coverage: "complete" | "partial" = "complete";
  if (allGoods) {
    // An all-goods ban covers everything except its exceptions; codes absent from the dataset cannot be checked.
    coverage = "partial";
    notes.push(
      "all-goods scope: covered = all goods minus the excepted or exempt codes visible in the dataset; codes absent from the dataset are assumed covered (an upper bound)",
    );
    if (totalBasis === "TOTAL") for (const e of byReporter.values()) e.covered = Math.max(0, e.total - e.uncoveredLeaf);
  }
  if (totalBasis === "leaf_codes") {
    for (const e of byReporter.values()) e.total = e.leaf;
    notes.push("no TOTAL rows: shares are of the leaf codes present in the dataset only");
    coverage = "partial";
  }
  if (measures.some((m) => m.goods.kind === "description"))
    notes.push("measures described in words (no code list) cannot be matched and are not counted");
  if (measures.some((m) => m.coverage.status === "partial")) {
    coverage = "partial";
    notes.push(
      "some measures are encoded with partial coverage in the regime data: covered value is a lower bound for them",
    );
  }
  const total = [...byReporter.values()].reduce((a, e) => a + e.total, 0);
  const covered = [...byReporter.values()].reduce((a, e) => a + e.covered, 0);
  const exempt = [...byExemption.values()].reduce((a, v) => a + v, 0);
  return {
    regime: params.regime,
    dataset: ds.info.name,
    year,
    destination: dest,
    currency,
    total,
    totalBasis,
    covered,
    share: total > 0 ? covered / total : null,
    exempt,
    coverage,
    byReporter: [...byReporter.entries()]
      .map(([reporter, e]) => ({
        reporter,
        total: e.total,
        covered: e.covered,
        share: e.total > 0 ? e.covered / e.total : null,
      }))
      .sort((a, b) => b.covered - a.covered || a.reporter.localeCompare(b.reporter)),
    byChapter: [...byChapter.entries()]
      .map(([chapter, v]) => ({ chapter, ...v }))
      .sort((a, b) => b.covered - a.covered || a.chapter.localeCompare(b.chapter)),
    byMeasure: [...byMeasure.entries()]
      .map(([id, v]) => ({ id, ...v }))
      .sort((a, b) => b.covered - a.covered || a.id.localeCompare(b.id)),
    byExemptionCategory: [...byExemption.entries()]
      .map(([category, value]) => ({ category, value }))
      .sort((a, b) => b.value - a.value),
    regimesVersion: regimes.version,
    notes,
  };
}
