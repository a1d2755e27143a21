import { invalidInput } from "../errors/index.ts";
import { ident, type Sql, sql } from "./sql.ts";

/** A closed period window: `YYYY-MM:YYYY-MM` (monthly) or `YYYY:YYYY` (annual). */
export interface Window {
  from: string;
  to: string;
  freq: "M" | "A";
  /** Number of periods in the window (months or years): values are compared per period. */
  length: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** Parses `FROM:TO` (or a single period). Throws `TRADE_BAD_WINDOW`. */
export function parseWindow(text: string, name = "window"): Window {
  const [from = "", to = from] = text.trim().split(":");
  const bad = (why: string) =>
    invalidInput("TRADE_BAD_WINDOW", `--${name} '${text}': ${why} (expected YYYY-MM:YYYY-MM or YYYY:YYYY)`, [
      { code: "bad_window", field: name, message: why },
    ]);
  const fm = MONTH.exec(from);
  const tm = MONTH.exec(to);
  if (fm && tm) {
    if (from > to) throw bad("FROM is after TO");
    const length = (Number(tm[1]) - Number(fm[1])) * 12 + Number(tm[2]) - Number(fm[2]) + 1;
    return { from, to, freq: "M", length };
  }
  if (YEAR.test(from) && YEAR.test(to)) {
    if (from > to) throw bad("FROM is after TO");
    return { from, to, freq: "A", length: Number(to) - Number(from) + 1 };
  }
  throw bad("FROM and TO must both be months or both be years");
}

/** Shifts a month `YYYY-MM` by `n` months. */
export function shiftMonth(month: string, n: number): string {
  const m = MONTH.exec(month);
  if (!m) throw invalidInput("TRADE_BAD_WINDOW", `not a month: ${month}`);
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** Shifts a window by `n` months (monthly windows) — used for the lagged onward leg. */
export function shiftWindow(w: Window, n: number): Window {
  if (w.freq === "A") return w;
  return { ...w, from: shiftMonth(w.from, n), to: shiftMonth(w.to, n) };
}

/** Last calendar day of a window, `YYYY-MM-DD` (to date regime measures). */
export function windowEndDate(w: Window): string {
  if (w.freq === "A") return `${w.to}-12-31`;
  const [y, m] = w.to.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${w.to}-${String(last).padStart(2, "0")}`;
}

/** Table aliases the queries give a dataset's view (a closed set: an alias is SQL text). */
export type Alias = "p" | "o";

/**
 * SQL predicate selecting a window's rows. Monthly windows read monthly rows. Annual windows read a key's annual
 * row where the dataset has one (`annualKeys`: table of `reporter|partner|code|flow|year`), else the sum of its
 * monthly rows — never both, so nothing is counted twice. The window's bounds are bound parameters.
 */
export function windowPredicate(w: Window, annualKeys: string | undefined, alias: Alias): Sql {
  const a = ident(alias);
  if (w.freq === "M") return sql`(${a}.freq = 'M' AND ${a}.period BETWEEN ${w.from} AND ${w.to})`;
  const months = sql`(${a}.freq = 'M' AND substr(${a}.period, 1, 4) BETWEEN ${w.from} AND ${w.to})`;
  if (!annualKeys) return months;
  return sql`((${a}.freq = 'A' AND ${a}.period BETWEEN ${w.from} AND ${w.to}) OR (${months} AND NOT EXISTS (SELECT 1 FROM ${ident(annualKeys)} ak WHERE ak.k = concat_ws('|', ${a}.reporter, ${a}.partner, ${a}.code, ${a}.flow, substr(${a}.period, 1, 4)))))`;
}
