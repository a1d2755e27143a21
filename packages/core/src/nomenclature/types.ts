/** The nomenclature editions bundled in `data/nomenclature/`. */
export type Edition = "HS2022" | "HS2017" | "CN2023" | "CN2024" | "CN2025" | "CN2026";

/** Every edition, HS first then CN oldest → newest. */
export const EDITIONS: readonly Edition[] = ["HS2022", "HS2017", "CN2023", "CN2024", "CN2025", "CN2026"];

/** The two HS editions the UNSD correlation links. */
export type HsEdition = "HS2022" | "HS2017";

/** One node of a nomenclature tree (a section, chapter, heading, subheading or CN 8-digit code). */
export interface HsEntry {
  /** Digits only (e.g. "854231"); sections use Roman numerals (e.g. "XVI"). */
  code: string;
  edition: Edition;
  level: "section" | "chapter" | "heading" | "subheading" | "cn8";
  /**
   * Human label. HS: the (Comtrade) description. CN 8-digit codes: the full label built by walking up the CN tree
   * (heading › subheading › leaf), because the CN leaf text alone is often just "Other".
   */
  description: string;
  /** CN 8-digit codes: the leaf text exactly as the CN gives it. */
  leaf?: string;
  /** Parent code (the section numeral for a chapter, the chapter for a heading, …). Absent for sections. */
  parent?: string;
  /** Roman numeral of the section. */
  section?: string;
  /** CN 8-digit codes: the supplementary unit (e.g. "PST", "KG_NET_EDA"), when there is one. */
  supplementaryUnit?: string;
  /** CN entries: the CN years (2023–2026) in which the code exists. */
  years?: number[];
}

/** Relationship of a correlation link, oriented `from:to` (e.g. "n:1": several `from` codes map to one `to`). */
export type Relationship = "1:1" | "n:1" | "1:n" | "n:n";

/** A search hit. */
export interface SearchHit {
  entry: HsEntry;
  /** Relevance (higher is better); comparable only within one query. */
  score: number;
}

/** Options of {@link Nomenclature.search}. */
export interface SearchOptions {
  /** Maximum number of hits (default 20). */
  limit?: number;
  /** Restrict to one edition. Default: HS 2022 (sections to subheadings) plus the latest CN's 8-digit codes. */
  edition?: Edition;
  level?: HsEntry["level"];
}

/** The loaded nomenclature: lookups, tree walks, text search and HS edition correlation. Immutable. */
export interface Nomenclature {
  /** Content hash of the bundled files: `nomenclature-<12 hex>`. */
  readonly version: string;
  readonly editions: readonly Edition[];
  /**
   * Normalises user input to the stored form: strips spaces, dots and hyphens ("8542.31", "8542 31 11") and
   * upper-cases section numerals. Accepts 2/4/6/8/10 digits or a numeral I–XXI; anything else throws
   * `HS_CODE_INVALID` (invalid_input).
   */
  normalise(code: string): string;
  /**
   * The entry for a code, or undefined. Without an edition: HS 2022 for sections and 2/4/6 digits; for 8 digits the
   * latest CN edition that has the code (CN 2026, else the most recent year it existed in).
   * Throws `HS_CODE_INVALID` on malformed input.
   */
  lookup(code: string, edition?: Edition): HsEntry | undefined;
  /** Like {@link lookup} but throws `HS_CODE_NOT_FOUND` (not_found) when the code is not in the edition. */
  get(code: string, edition?: Edition): HsEntry;
  /**
   * Ancestors from the section down to the direct parent (e.g. XVI, 85, 8542, 854231 for 85423111), in the entry's
   * own edition. Throws `HS_CODE_NOT_FOUND` for an unknown code.
   */
  parents(code: string, edition?: Edition): HsEntry[];
  /**
   * Direct children in the same edition, sorted by code. An HS 2022 subheading (a leaf of HS) returns the CN 8-digit
   * codes under it from the latest CN edition (CN 2023–2026 are built on HS 2022). Throws `HS_CODE_NOT_FOUND` for
   * an unknown code.
   */
  children(code: string, edition?: Edition): HsEntry[];
  /** Ranked token/prefix search over descriptions (inverted index, BM25-style scoring). */
  search(text: string, options?: SearchOptions): SearchHit[];
  /**
   * UNSD HS2022↔HS2017 correlation at 6 digits. A shorter code (chapter, heading) or a section aggregates its
   * 6-digit codes and the relationship is computed for the aggregate; an 8-digit CN code uses its 6-digit
   * subheading. Returns `[]` when the UNSD table has no row for the code. Throws `HS_CODE_NOT_FOUND` when the
   * code is not in `from`.
   */
  correlate(code: string, from: HsEdition, to: HsEdition): { code: string; relationship: Relationship }[];
}
