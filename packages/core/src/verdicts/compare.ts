/**
 * The regime comparison: for a set of codes (or the codes any member lists in a chapter), which members
 * restrict them towards a country (default Russia), since when, where members differ (gaps), and what a
 * scenario would add. Formatters render it as a text table, JSON or CSV (pure functions returning strings).
 */
import { stringify } from "csv-stringify/sync";
import { invalidInput } from "../errors/index.ts";
import type { RegimeSet } from "../regimes/load.ts";
import { isInForce, normaliseCode } from "../regimes/query.ts";
import { type CompiledMeasure, compileRegimes, lookupCode } from "./matcher.ts";
import { checkAsOfAndScenario, KIND_VERDICT, type Verdict, worse } from "./result.ts";

/** Options of {@link compareRegimes}: `codes` or `chapter` (2 digits). */
export interface CompareOptions {
  codes?: string[];
  chapter?: string;
  /** Date measures are read as of (ISO). */
  asOf: string;
  scenario?: string;
  /** Country the goods go to (export) or come from (import); default `RU`. */
  country?: string;
  direction?: "export" | "import";
}

/** Status of one code under one jurisdiction. */
export type CellStatus = "prohibited" | "licence" | "review" | "partly" | "none";

export interface CompareCell {
  jurisdiction: string;
  status: CellStatus;
  verdict: Verdict;
  /** Earliest entry into force of the measures that restrict the code (prohibited/licence). */
  since?: string;
  measures: {
    id: string;
    kind: string;
    from: string;
    until?: string;
    prefix?: string;
    how: string;
    coverage: "complete" | "partial";
    threshold?: string;
  }[];
  /** `partial` when any measure of this jurisdiction consulted for the country is only partly encoded. */
  coverage: "complete" | "partial";
}

export interface CompareRow {
  code: string;
  cells: CompareCell[];
  /** Members that prohibit or require a licence. */
  restrictedBy: string[];
  /** Members whose (consulted) lists do not list the code. */
  notRestrictedBy: string[];
  gap: boolean;
  /** The scenario restricts the code and no member does. */
  scenarioAdds: boolean;
}

export interface Comparison {
  asOf: string;
  dataVersion: string;
  country: string;
  direction: "export" | "import";
  members: string[];
  scenario?: string;
  rows: CompareRow[];
  gaps: { code: string; restrictedBy: string[]; notRestrictedBy: string[] }[];
  scenarioAdditions: string[];
  summary: Record<string, Record<CellStatus, number>>;
}

/** Compares the members (and a scenario) code by code. */
export function compareRegimes(regimes: RegimeSet, options: CompareOptions): Comparison {
  const country = (options.country ?? "RU").toUpperCase();
  const direction = options.direction ?? "export";
  checkAsOfAndScenario(regimes, options.asOf, options.scenario);
  const js = [...regimes.members, ...(options.scenario ? [options.scenario] : [])];
  const c = compileRegimes(regimes);
  const active = new Uint8Array(regimes.measures.length);
  const partialJ = new Set<string>();
  regimes.measures.forEach((m, mi) => {
    if (!js.includes(m.jurisdiction) || m.direction !== direction || !isInForce(m, options.asOf)) return;
    if (!regimes.countryIn(m.countries, country)) return;
    active[mi] = 1;
    if (m.coverage.status === "partial" || m.goods.kind === "description") partialJ.add(m.jurisdiction);
  });
  // A known regime not fully encoded for this country and direction leaves "not listed" short of "not restricted".
  for (const j of regimes.members)
    for (const k of regimes.knownRegimesOf(j))
      if (
        k.status !== "encoded" &&
        k.directions.includes(direction) &&
        isInForce(k, options.asOf) &&
        regimes.countryIn(k.countries, country)
      )
        partialJ.add(j);

  let codes: string[];
  if (options.codes && options.codes.length > 0) {
    codes = [...new Set(options.codes.map((x) => normaliseCode(x.trim())).filter((x) => x !== ""))];
    const bad = codes.filter((x) => !/^\d{2,10}$/.test(x));
    if (bad.length > 0)
      throw invalidInput(
        "CODE_INVALID",
        `codes must be 2 to 10 digits: ${bad.join(", ")}`,
        bad.map((b) => ({ code: "invalid_code", message: `'${b}' is not a 2–10 digit code`, field: "codes" })),
      );
  } else if (options.chapter !== undefined) {
    const ch = normaliseCode(options.chapter);
    if (!/^\d{2}$/.test(ch))
      throw invalidInput("CHAPTER_INVALID", `chapter must be 2 digits, got '${options.chapter}'`, [
        { code: "invalid_chapter", field: "chapter", message: "2 digits expected" },
      ]);
    const listed = new Set<string>([ch]);
    regimes.measures.forEach((m, mi) => {
      if (active[mi] === 0) return;
      const g = m.goods;
      const prefixes = g.kind === "codes" ? g.include : g.kind === "description" ? (g.indicative?.prefixes ?? []) : [];
      for (const p of prefixes) if (p.startsWith(ch)) listed.add(p);
    });
    codes = [...listed].sort();
  } else
    throw invalidInput("COMPARE_NO_CODES", "give codes (e.g. 854231,8471) or a chapter (e.g. 85)", [
      { code: "required", field: "codes", message: "codes or chapter required" },
    ]);

  const summary: Comparison["summary"] = {};
  for (const j of js) summary[j] = { prohibited: 0, licence: 0, review: 0, partly: 0, none: 0 };

  const rows: CompareRow[] = codes.map((code) => {
    const hits = lookupCode(c, code, active);
    const cells: CompareCell[] = js.map((j) => {
      const cell: CompareCell = {
        jurisdiction: j,
        status: "none",
        verdict: "NOT_RESTRICTED",
        measures: [],
        coverage: partialJ.has(j) ? "partial" : "complete",
      };
      let restricting = false;
      for (const h of hits) {
        const cm = c.measures[h.mi] as CompiledMeasure;
        const m = cm.m;
        if (m.jurisdiction !== j) continue;
        // An "ex" code covers only some goods under it: a candidate, as in the verdicts.
        const ex = h.how === "prefix" && h.prefix !== undefined && cm.exCodes?.has(h.prefix) === true;
        const full = (h.how === "prefix" || h.how === "all_except") && !h.partlyExcluded && !ex;
        const t = m.thresholds;
        const threshold = [
          t?.valuePerItem
            ? `${t.valuePerItem.comparison === "above" ? ">" : "≥"} ${t.valuePerItem.amount} ${t.valuePerItem.currency}/item`
            : "",
          t?.caratsPerStone
            ? `${t.caratsPerStone.comparison === "above" ? ">" : "≥"} ${t.caratsPerStone.min} ct/stone`
            : "",
        ]
          .filter(Boolean)
          .join(", ");
        cell.measures.push({
          id: m.id,
          kind: m.kind,
          from: m.effective.from,
          ...(m.effective.until ? { until: m.effective.until } : {}),
          ...(h.prefix ? { prefix: h.prefix } : {}),
          how: h.how,
          coverage: m.coverage.status,
          ...(threshold ? { threshold } : {}),
        });
        const v: Verdict = full ? KIND_VERDICT[m.kind] : "REVIEW";
        cell.verdict = worse(cell.verdict, v);
        if (full && (v === "PROHIBITED" || v === "LICENCE_REQUIRED")) {
          restricting = true;
          if (cell.since === undefined || m.effective.from < cell.since) cell.since = m.effective.from;
        }
        if (!full && h.how === "broader_code" && cell.status === "none") cell.status = "partly";
      }
      if (cell.verdict === "PROHIBITED") cell.status = "prohibited";
      else if (cell.verdict === "LICENCE_REQUIRED") cell.status = "licence";
      else if (cell.verdict === "REVIEW" && cell.status !== "partly") cell.status = "review";
      if (!restricting) delete cell.since;
      (summary[j] as Record<CellStatus, number>)[cell.status]++;
      return cell;
    });
    const memberCells = cells.filter((x) => regimes.members.includes(x.jurisdiction));
    const restrictedBy = memberCells
      .filter((x) => x.status === "prohibited" || x.status === "licence")
      .map((x) => x.jurisdiction);
    const notRestrictedBy = memberCells.filter((x) => x.status === "none").map((x) => x.jurisdiction);
    const scen = options.scenario ? cells.find((x) => x.jurisdiction === options.scenario) : undefined;
    return {
      code,
      cells,
      restrictedBy,
      notRestrictedBy,
      gap: restrictedBy.length > 0 && notRestrictedBy.length > 0,
      scenarioAdds:
        scen !== undefined && (scen.status === "prohibited" || scen.status === "licence") && restrictedBy.length === 0,
    };
  });

  const out: Comparison = {
    asOf: options.asOf,
    dataVersion: regimes.version,
    country,
    direction,
    members: [...regimes.members],
    rows,
    gaps: rows
      .filter((r) => r.gap)
      .map((r) => ({ code: r.code, restrictedBy: r.restrictedBy, notRestrictedBy: r.notRestrictedBy })),
    scenarioAdditions: rows.filter((r) => r.scenarioAdds).map((r) => r.code),
    summary,
  };
  if (options.scenario) out.scenario = options.scenario;
  return out;
}

const SHORT: Record<CellStatus, string> = {
  prohibited: "BAN",
  licence: "LIC",
  review: "REVIEW",
  partly: "partly",
  none: "—",
};

function cellText(cell: CompareCell): string {
  const base = SHORT[cell.status] + (cell.since ? ` ${cell.since}` : "");
  return cell.coverage === "partial" && (cell.status === "none" || cell.status === "partly") ? `${base}*` : base;
}

/** A fixed-width text table: one row per code, one column per jurisdiction, then the gap and scenario columns. */
export function formatComparisonTable(cmp: Comparison): string {
  const js = [...cmp.members, ...(cmp.scenario ? [cmp.scenario] : [])];
  const header = ["code", ...js, "gap", ...(cmp.scenario ? ["scenario adds"] : [])];
  const body = cmp.rows.map((r) => [
    r.code,
    ...r.cells.map(cellText),
    r.gap ? `yes (${r.restrictedBy.join("+")} vs ${r.notRestrictedBy.join("+")})` : "",
    ...(cmp.scenario ? [r.scenarioAdds ? "yes" : ""] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((x, i) => x.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    `Regime comparison — ${cmp.direction === "export" ? "exports to" : "imports from"} ${cmp.country}, as of ${cmp.asOf} (data ${cmp.dataVersion})`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    "",
    `BAN = prohibited, LIC = licence required, REVIEW = candidate (description/indicative, "ex" code or threshold), partly = some codes under it are listed, — = not listed; date = in force since; * = that member's lists are only partly encoded (not listed ≠ not restricted).`,
    `${cmp.gaps.length} gap(s) between members${cmp.scenario ? `; the scenario adds ${cmp.scenarioAdditions.length} code(s)` : ""}.`,
    "",
  ].join("\n");
}

/** CSV, one line per code × jurisdiction. */
export function formatComparisonCsv(cmp: Comparison): string {
  const rows: (string | number)[][] = [];
  for (const r of cmp.rows)
    for (const cell of r.cells)
      rows.push([
        r.code,
        cell.jurisdiction,
        cell.status,
        cell.verdict,
        cell.since ?? "",
        cell.measures.map((m) => m.id).join(" "),
        cell.measures
          .map((m) => m.threshold)
          .filter(Boolean)
          .join(" "),
        cell.coverage,
        r.gap ? "yes" : "no",
        r.scenarioAdds ? "yes" : "no",
        cmp.asOf,
        cmp.dataVersion,
      ]);
  return stringify(rows, {
    header: true,
    columns: [
      "code",
      "jurisdiction",
      "status",
      "verdict",
      "since",
      "measures",
      "thresholds",
      "coverage",
      "gap",
      "scenario_adds",
      "as_of",
      "data_version",
    ],
  });
}
