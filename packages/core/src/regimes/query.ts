import type { KnownRegime, Measure } from "./schema.ts";

/** Normalises a user-typed code: strips spaces, dots and dashes (`8542.31` → `854231`). Keeps leading zeros. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s.-]/g, "");
}

/**
 * Whether a measure is in force on `asOf` (ISO date). `effective.from` is the first day in force;
 * `effective.until`, when present, is the last day in force (inclusive).
 */
export function isInForce(measure: Pick<Measure, "effective">, asOf: string): boolean {
  return measure.effective.from <= asOf && (measure.effective.until === undefined || asOf <= measure.effective.until);
}

/** The longest prefix in `prefixes` that `code` starts with, or undefined. */
export function longestPrefix(code: string, prefixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const p of prefixes) if (code.startsWith(p) && (best === undefined || p.length > best.length)) best = p;
  return best;
}

/** A member's known regime as `regimes show` and `GET /v1/regimes/{id}` list it. */
export interface KnownRegimeView {
  id: string;
  title: string;
  status: KnownRegime["status"];
  directions: KnownRegime["directions"];
  countries: string[];
  effective: KnownRegime["effective"];
  concerns: "goods" | "parties";
  measures: string[];
  citation: string;
  note: string;
  gapScope?: string[];
}

/**
 * Every regime a member applies to Russia or Belarus (its `knownRegimes`) with its encoding status, dates and first
 * citation, and the count per status: what a verdict's coverage reads, listed so users can see what is missing.
 */
export function knownRegimeStatus(known: readonly KnownRegime[]): {
  counts: Record<KnownRegime["status"], number>;
  regimes: KnownRegimeView[];
} {
  const counts = { encoded: 0, partial: 0, not_encoded: 0 };
  const regimes = known.map((k): KnownRegimeView => {
    counts[k.status]++;
    const c = k.citations[0];
    return {
      id: k.id,
      title: k.title,
      status: k.status,
      directions: k.directions,
      countries: k.countries,
      effective: k.effective,
      concerns: k.concerns ?? "goods",
      measures: k.measures,
      citation: c
        ? [c.instrument, c.article ? `Art. ${c.article}` : "", c.annex ? `Annex ${c.annex}` : ""]
            .filter(Boolean)
            .join(", ")
        : "",
      note: k.note,
      ...(k.gapScope ? { gapScope: k.gapScope.prefixes } : {}),
    };
  });
  return { counts, regimes };
}
