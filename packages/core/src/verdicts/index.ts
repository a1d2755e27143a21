/**
 * Explained shipment verdicts and the regime comparison.
 *
 * `decide(shipment, { regimes, asOf?, scenario?, parties?, nomenclature?, fx? })` returns, for every member (and
 * an optional scenario), whether its rules apply and a verdict per item and overall, with the measures,
 * citations, dates and coverage behind it. `compareRegimes` answers which members restrict which codes, since
 * when, and what a scenario would add. Semantics: docs/verdicts.md.
 */
export {
  type CellStatus,
  type CompareCell,
  type CompareOptions,
  type CompareRow,
  type Comparison,
  compareRegimes,
  formatComparisonCsv,
  formatComparisonTable,
} from "./compare.ts";
export { type BatchEntry, readShipmentsCsv, type ShipmentsCsv } from "./csv.ts";
export { type ChildCode, checkItemCodes, type DecideOptions, decide, type NomenclatureLike } from "./decide.ts";
export { citationText, compileRegimes, lookupCode, PrefixSet } from "./matcher.ts";
export { getVerdictNomenclature, verdictNomenclature } from "./nomenclature.ts";
export type { PartyHit, PartyQuery, PartyRole, PartyScreener } from "./parties.ts";
export {
  type CheckResult,
  CheckResultSchema,
  checkAsOfAndScenario,
  checkResultJsonSchema,
  type JurisdictionVerdict,
  JurisdictionVerdictSchema,
  type Reason as VerdictReason,
  ReasonSchema,
  type Verdict,
  VerdictSchema,
  worse,
} from "./result.ts";
export {
  AsOfDate,
  type CheckRequest,
  CheckRequestSchema,
  FxTable,
  parseAsOf,
  parseCheckRequest,
  parseFxTable,
  parseShipment,
  type Shipment,
  ShipmentSchema,
  shipmentJsonSchemas,
} from "./shipment.ts";
