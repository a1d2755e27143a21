/** Name matching: normalisation, transliteration, legal forms, candidate index, explained scorers, allow-list. */
export { AllowList, type AllowListEntry } from "./allow-list.ts";
export type { CandidateIndex, DeletionTable } from "./candidate-index.ts";
export { type CompareResult, comparePairs, compareRequestJsonSchema, featureSummary } from "./compare.ts";
export type { LegalFormClass } from "./legal-forms.ts";
export { type PreparedName, type PreparedToken, type PrepareOptions, prepareName, type TokenRole } from "./names.ts";
export { foldKey } from "./normalise.ts";
export { ofacNameScore } from "./ofac.ts";
export {
  type Explanation,
  type Feature,
  type PairKind,
  type ScoreParams,
  type ScreenQuery,
  scoreEntity,
  type TokenPair,
} from "./scorer.ts";
// (nothing of ./strings.ts is public)
export {
  CYRILLIC_STANDARDS,
  type Script,
  type Transliteration,
  type TranslitStandard,
  transliterations,
} from "./transliterate.ts";
export { type YenteParams, yenteCatalog, yenteMatch } from "./yente.ts";
