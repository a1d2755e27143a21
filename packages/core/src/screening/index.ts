/**
 * Party screening: the entity model, list registry and store (`lists/`, `store.ts`), matching (`match/`).
 * The list parsers are the separate entry point `@embargo/core/screening/parsers` (`lists/index.ts`): this one does
 * not import them, so a command that screens from the snapshot cache does not load them nor their XML and CSV
 * libraries (issue 10).
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
export type { FtmOptions } from "./lists/ftm.ts";
export type { OfacCsvFiles, OfacCsvOptions } from "./lists/ofac-csv.ts";
export { listingOf, mergeProfiles, nameKey, type ProfileSet } from "./lists/profiles.ts";
export {
  LIST_SOURCES,
  type ListFormat,
  type ListSource,
  listSource,
  type SourceParseOptions,
} from "./lists/sources.ts";
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
