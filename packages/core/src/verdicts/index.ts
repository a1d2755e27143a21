/**
 * Explained shipment verdicts and the regime comparison.
 *
 * `decide(shipment, { regimes, asOf?, scenario?, parties?, nomenclature?, fx? })` returns, for every member (and
 * an optional scenario), whether its rules apply and a verdict per item and overall, with the measures,
 * citations, dates and coverage behind it. `compareRegimes` answers which members restrict which codes, since
 * when, and what a scenario would add. Semantics: docs/verdicts.md.
 */
export * from "./applicability.ts";
export * from "./compare.ts";
export * from "./csv.ts";
export * from "./decide.ts";
export { citationText, compileRegimes, lookupCode, PrefixSet } from "./matcher.ts";
export * from "./nomenclature.ts";
export type * from "./parties.ts";
export * from "./result.ts";
export * from "./shipment.ts";
