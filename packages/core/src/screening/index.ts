/**
 * Party screening: the entity model, list parsers and store (`lists/`, `store.ts`), matching (`match/`).
 */

export {
  MAX_SCREEN_BATCH,
  parseScreenQuery,
  parseScreenRequest,
  SCREEN_CSV_COLUMNS,
  type ScreenedRow,
  ScreenQueryInput,
  type ScreenRequest,
  ScreenRequestInput,
  screenCsvRows,
  screenOverrides,
  screenRequestJsonSchemas,
  screenRows,
} from "./contract.ts";
export { type ListUpdate, ListUpdateInput, listUpdateJsonSchema, parseListUpdate } from "./contracts-lists.ts";
export {
  applyDecisions,
  DECISION_STORE_KEY,
  type DecidedSuppression,
  type DecisionFilter,
  type DecisionFilterInput,
  type DecisionInput,
  type DecisionRecord,
  type DecisionScreener,
  type DecisionStore,
  type DecisionVerdict,
  decisionFilterSchema,
  decisionInputSchema,
  defaultDecisionDb,
  getDecisionStore,
  type HitDecision,
  type HitDecisionStatus,
  type HitLike,
  listDecisions,
  type NewDecision,
  openDecisionStore,
  parseDecisionInputs,
  recordDecisions,
} from "./decisions/index.ts";
export { parseBisDpl } from "./lists/bis-dpl.ts";
export { countryNameKey, type ParsedList, type ParseOptions } from "./lists/common.ts";
export {
  type ConsultedList,
  DEFAULT_MAX_LIST_AGE_DAYS,
  G7_MEMBERS,
  groupedWarnings,
  type ScreeningCoverage,
  type ScreeningWarning,
  type ScreeningWarningCode,
  screeningCoverage,
  screeningSummary,
  summaryTail,
} from "./lists/coverage.ts";
export { cslSourceCode, parseCsl } from "./lists/csl.ts";
export { parseEuXml } from "./lists/eu-xml.ts";
export { type FtmOptions, parseFtm } from "./lists/ftm.ts";
export { type OfacCsvFiles, type OfacCsvOptions, parseOfacCsv } from "./lists/ofac-csv.ts";
export { parseOfacXml } from "./lists/ofac-xml.ts";
export { parseOfsiCsv } from "./lists/ofsi-csv.ts";
export { listingOf, mergeProfiles, nameKey, type ProfileSet } from "./lists/profiles.ts";
export {
  LIST_SOURCES,
  type ListFormat,
  type ListSource,
  listSource,
  parseSourceFiles,
  type SourceParseOptions,
} from "./lists/sources.ts";
export { parseUkCsv } from "./lists/uk-csv.ts";
export { parseUnXml } from "./lists/un-xml.ts";
export {
  AllowList,
  type AllowListEntry,
  type CandidateIndex,
  type CompareResult,
  CYRILLIC_STANDARDS,
  comparePairs,
  compareRequestJsonSchema,
  type DeletionTable,
  type Explanation,
  type Feature,
  featureSummary,
  foldKey,
  type LegalFormClass,
  ofacNameScore,
  type PairKind,
  type PreparedName,
  type PreparedToken,
  type PrepareOptions,
  prepareName,
  type ScoreParams,
  type Script,
  scoreEntity,
  type TokenPair,
  type TokenRole,
  type Transliteration,
  type TranslitStandard,
  transliterations,
  type YenteParams,
  yenteCatalog,
  yenteMatch,
} from "./match/index.ts";
export type {
  Entity,
  EntityAddress,
  EntityIdentifier,
  EntityName,
  EntityType,
  Listing,
  ListSnapshot,
  MergeLink,
  NameKind,
} from "./model.ts";
export { newEntity } from "./model.ts";
export {
  type Algorithm,
  type BatchRow as ScreenBatchRow,
  createScreener,
  getPartyScreener,
  getScreener,
  recordFalsePositive,
  type Screener,
  type ScreenerOptions,
  type ScreenHit,
  type ScreenQuery,
  type ScreenResult,
  type SuppressedHit,
} from "./screener.ts";
export {
  type FetchLike,
  getListSnapshots,
  getListVersions,
  type ListVersion,
  listDelta,
  loadListSnapshots,
  MAX_SHRINK,
  type UpdateOptions,
  type UpdateReport,
  type UpdateResult,
  updateLists,
} from "./store.ts";
