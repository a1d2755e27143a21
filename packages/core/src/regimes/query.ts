import type { Measure } from "./schema.ts";

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
