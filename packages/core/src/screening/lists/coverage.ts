/**
 * What a screening answer rests on: each list consulted with its publication date and age, and the warnings that
 * forbid a bare "No hit" — a list older than the allowed age, a G7 member whose list is not loaded, a list that is
 * only part of itself (a sample, alias-only records) or that its publisher has retired. Pure: the time comes from
 * the caller's clock.
 */
import type { ListSnapshot } from "../model.ts";
import { entityCounts } from "./counts.ts";
import { LIST_SOURCES, listSource } from "./sources.ts";

/** Default allowed list age: a list published more than 30 days before the screening is stale. */
export const DEFAULT_MAX_LIST_AGE_DAYS = 30;

/** The G7 members whose sanctions lists a Russia screening should consult, with their names in sentences. */
export const G7_MEMBERS: readonly { id: "EU" | "US" | "UK" | "JP" | "CA"; name: string }[] = [
  { id: "EU", name: "EU" },
  { id: "US", name: "US" },
  { id: "UK", name: "UK" },
  { id: "JP", name: "Japan" },
  { id: "CA", name: "Canada" },
];

/** One list a screening consulted. */
export interface ConsultedList {
  list: string;
  title: string;
  shortTitle: string;
  /** Member whose list it is (absent for UN and third-party datasets). */
  jurisdiction?: string;
  /** Publication date of the snapshot (`YYYY-MM-DD`, or `YYYY-MM` when only the month is known). */
  date?: string;
  /** Whole days between the publication date (first day of the month for `YYYY-MM`) and the screening. */
  ageDays?: number;
  origin?: "bundled" | "downloaded";
  retrievedAt?: string;
  entities: number;
  /** False when the snapshot is known not to be the whole list. */
  complete: boolean;
  /** Records marked partial (e.g. OFAC alias-only records). */
  partialEntities?: number;
  caveats: string[];
}

/** Stable warning codes (front ends switch on none of them; they show `message`). */
export type ScreeningWarningCode =
  | "LIST_STALE"
  | "LIST_UNDATED"
  | "LIST_INCOMPLETE"
  | "LIST_RETIRED"
  | "MEMBER_LIST_MISSING"
  | "NO_LISTS_LOADED";

/** Why a screening answer is not the whole truth. `message` is a short phrase that reads inside a sentence. */
export interface ScreeningWarning {
  code: ScreeningWarningCode;
  message: string;
  list?: string;
  member?: string;
  ageDays?: number;
  maxAgeDays?: number;
}

/** The lists and warnings of a screening at one moment. */
export interface ScreeningCoverage {
  /** The screening time (ISO 8601, from the injected clock). */
  checkedAt: string;
  maxAgeDays: number;
  lists: ConsultedList[];
  warnings: ScreeningWarning[];
  /** "the lists as of OFAC SDN 2024-05-03, UN 2026-02-27, …" — the opening of every summary. */
  asOf: string;
}

const DAY = 86_400_000;

function dayOf(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1);
}

/** Computes the consulted lists and their warnings at `now`. */
export function screeningCoverage(
  snapshots: readonly ListSnapshot[],
  now: Date,
  maxAgeDays: number = DEFAULT_MAX_LIST_AGE_DAYS,
): ScreeningCoverage {
  const lists: ConsultedList[] = [];
  const warnings: ScreeningWarning[] = [];
  for (const s of snapshots) {
    const src = listSource(s.list);
    const short = src?.shortTitle ?? s.list;
    const dated = s.date ?? s.retrievedAt?.slice(0, 10);
    const day = dated ? dayOf(dated) : undefined;
    const ageDays = day === undefined ? undefined : Math.max(0, Math.floor((now.getTime() - day) / DAY));
    const { entities, partialEntities } = entityCounts(s);
    const complete = s.complete !== false;
    lists.push({
      list: s.list,
      title: s.title,
      shortTitle: short,
      ...(src?.jurisdiction ? { jurisdiction: src.jurisdiction } : {}),
      ...(s.date ? { date: s.date } : {}),
      ...(ageDays !== undefined ? { ageDays } : {}),
      ...(s.origin ? { origin: s.origin } : {}),
      ...(s.retrievedAt ? { retrievedAt: s.retrievedAt } : {}),
      entities,
      complete,
      ...(partialEntities > 0 ? { partialEntities } : {}),
      caveats: s.caveats ?? [],
    });
    if (ageDays === undefined)
      warnings.push({ code: "LIST_UNDATED", list: s.list, message: `${short} has no publication date` });
    else if (ageDays > maxAgeDays)
      warnings.push({
        code: "LIST_STALE",
        list: s.list,
        ageDays,
        maxAgeDays,
        message: `${short} is ${ageDays} days old (${s.date ? "published" : "retrieved"} ${dated}; limit ${maxAgeDays})`,
      });
    if (!complete)
      warnings.push({
        code: "LIST_INCOMPLETE",
        list: s.list,
        message: `${short} is a partial copy, not the whole list`,
      });
    if (partialEntities > 0)
      warnings.push({
        code: "LIST_INCOMPLETE",
        list: s.list,
        message: `${partialEntities} ${short} records are alias-only (their primary record is missing)`,
      });
    if (src?.retired) warnings.push({ code: "LIST_RETIRED", list: s.list, message: `${short} was ${src.retired}` });
  }
  if (snapshots.length === 0) warnings.push({ code: "NO_LISTS_LOADED", message: "no sanctions list is loaded" });
  const loaded = new Set(lists.map((l) => l.jurisdiction).filter(Boolean));
  for (const m of G7_MEMBERS) {
    if (loaded.has(m.id)) continue;
    const adapter = LIST_SOURCES.some((s) => s.jurisdiction === m.id);
    warnings.push({
      code: "MEMBER_LIST_MISSING",
      member: m.id,
      message: adapter
        ? `the ${m.name} list is not loaded`
        : `no ${m.name} list is loaded (the engine has no adapter: its official list URL is not confirmed)`,
    });
  }
  const asOf =
    lists.length === 0
      ? "no lists"
      : `the lists as of ${lists.map((l) => `${l.shortTitle} ${l.date ?? "undated"}`).join(", ")}`;
  return { checkedAt: now.toISOString(), maxAgeDays, lists, warnings, asOf };
}

function joinWords(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/**
 * The sentence every front end shows: never a bare "No hit" while a warning holds, e.g. "No hit in the lists as of
 * OFAC SDN 2024-05-03, UN 2026-02-27; the EU, Japan and Canada lists are not loaded; older than 30 days: OFAC SDN
 * (947 days), UN (282 days)." Warnings of one kind are grouped; `warnings` keeps each one.
 */
export function screeningSummary(coverage: ScreeningCoverage, hits: number, matches: number, tail?: string): string {
  const head =
    hits === 0
      ? `No hit in ${coverage.asOf}`
      : `${hits} hit${hits === 1 ? "" : "s"} (${matches} match${matches === 1 ? "" : "es"}) in ${coverage.asOf}`;
  const t = tail ?? summaryTail(coverage);
  return t ? `${head}; ${t}.` : `${head}.`;
}

/** The warnings part of the summary, grouped (the screener computes it once per day, not per query). */
export function summaryTail(coverage: ScreeningCoverage): string {
  return groupedWarnings(coverage)
    .map((w) => w.message)
    .join("; ");
}

/**
 * The warnings with those of one kind grouped into one phrase: "the EU, Japan and Canada lists are not loaded",
 * "older than 30 days: OFAC SDN (947 days), UN (282 days)"; the others as they are. For one-line notes (verdicts).
 */
export function groupedWarnings(coverage: ScreeningCoverage): ScreeningWarning[] {
  const w = coverage.warnings;
  const out: ScreeningWarning[] = [];
  const short = (id: string | undefined) => coverage.lists.find((l) => l.list === id)?.shortTitle ?? id ?? "";
  const missing = w.filter((x) => x.code === "MEMBER_LIST_MISSING");
  if (missing.length > 0) {
    const names = missing.map((x) => G7_MEMBERS.find((m) => m.id === x.member)?.name ?? x.member ?? "");
    out.push({
      code: "MEMBER_LIST_MISSING",
      message: `the ${joinWords(names)} list${names.length > 1 ? "s are" : " is"} not loaded`,
      ...(missing.length === 1 && missing[0]?.member ? { member: missing[0].member } : {}),
    });
  }
  const stale = w.filter((x) => x.code === "LIST_STALE");
  if (stale.length > 0)
    out.push({
      code: "LIST_STALE",
      message: `older than ${coverage.maxAgeDays} days: ${stale.map((x) => `${short(x.list)} (${x.ageDays} days)`).join(", ")}`,
      maxAgeDays: coverage.maxAgeDays,
      ...(stale.length === 1 && stale[0]?.list ? { list: stale[0].list } : {}),
    });
  for (const x of w) if (x.code !== "MEMBER_LIST_MISSING" && x.code !== "LIST_STALE") out.push(x);
  return out;
}
