/** Name matching: normalisation, transliteration, legal forms, candidate index, explained scorers, allow-list. */
export * from "./allow-list.ts";
export * from "./candidate-index.ts";
export * from "./compare.ts";
export * from "./legal-forms.ts";
export * from "./names.ts";
export * from "./normalise.ts";
export * from "./ofac.ts";
export * from "./scorer.ts";
export * from "./strings.ts";
export * from "./transliterate.ts";
export * from "./yente.ts";
