/**
 * How shipment verdicts consult party screening, without depending on how screening works.
 * `@embargo/core/screening` provides the implementation (`getPartyScreener(engine)`).
 */

export type PartyRole = "exporter" | "consignee" | "end_user";

export interface PartyQuery {
  role: PartyRole;
  name: string;
  /** ISO alpha-2. */
  country?: string;
}

/** One explained list hit for a party. */
export interface PartyHit {
  /** Source list id (e.g. `ofac-sdn`). */
  list: string;
  /** The list's own record id. */
  sourceId: string;
  /** The listed name that matched. */
  name: string;
  /** 0..1 */
  score: number;
  programmes: string[];
  listedOn?: string;
  /** What a listing means: a confirmed hit on an asset freeze or end-user list prohibits the shipment. */
  sanctionKind: "asset_freeze" | "end_user" | "sectoral" | "other";
  /** Human explanation of why it matched. */
  explanation: string;
  /** `match` when score ≥ the screener's match threshold, else `possible`. */
  strength: "match" | "possible";
  /** Member whose list this is (EU, US, UK, JP, CA), when known: the hit then also counts in that member's verdict. */
  jurisdiction?: string;
}

/** Screens a shipment's parties against the loaded lists. */
export interface PartyScreener {
  /** Version of the list data screened against (named in every verdict). */
  readonly version: string;
  /** The lists screened against, with publication date and age in days (when the screener reports them). */
  readonly lists?: readonly { list: string; date?: string; ageDays?: number }[];
  /**
   * Why a clear screening is not the whole truth: stale lists, G7 members whose list is not loaded, partial or
   * retired lists (`message` reads inside a sentence). Verdicts quote them in their notes.
   */
  readonly warnings?: readonly { code: string; message: string; list?: string; member?: string }[];
  /**
   * G7 members (EU, US, UK, JP, CA) none of whose lists is loaded: their party regimes (asset freezes) are not
   * covered by this screening, so a verdict for that member cannot read `complete`.
   */
  readonly membersMissing?: readonly string[];
  screen(party: PartyQuery): PartyHit[];
}
