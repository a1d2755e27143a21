/**
 * The one entity model every sanctions-list parser produces (FollowTheMoney-like, simplified).
 * Parsers live in `screening/lists/`, matching in `screening/match/`.
 */

export type EntityType = "person" | "organization" | "vessel" | "aircraft" | "unknown";

/** How a name was given by the list. Weak aliases are kept for display but never screened. */
export type NameKind = "primary" | "alias" | "weak_alias" | "former" | "original_script";

export interface EntityName {
  full: string;
  kind: NameKind;
  /** Name parts where the list gives them (UN FIRST_NAME…, EU firstName/lastName…). */
  given?: string;
  middle?: string;
  family?: string;
  patronymic?: string;
  /** ISO 639 language / script hint where the list gives one (`ru`, `Cyrl`). */
  lang?: string;
  /** List-specific quality ("Good"/"Low") kept verbatim. */
  quality?: string;
}

export interface EntityIdentifier {
  /**
   * Normalised type: `inn`, `ogrn`, `imo`, `passport`, `national_id`, `tax_id`, `lei`, `swift`, `registration`, `other`
   * (parsers also emit `mmsi`, `crypto`, `email`, `phone` where the list gives them).
   */
  type: string;
  value: string;
  country?: string;
  note?: string;
}

export interface EntityAddress {
  full: string;
  city?: string;
  country?: string;
}

/** One listed entity from one source list. */
export interface Entity {
  /** Globally unique: `${list}:${sourceId}`. */
  id: string;
  /** Source list id, e.g. `ofac-sdn`, `ofac-cons`, `un-sc`, `eu-fsf`, `uk-fcdo`, `bis-dpl`, `trade-gov-csl`, `ftm`. */
  list: string;
  /** The list's own record identifier (OFAC ent_num, UN REFERENCE_NUMBER / DATAID, EU logicalId…). */
  sourceId: string;
  type: EntityType;
  names: EntityName[];
  birthDates: string[];
  nationalities: string[];
  countries: string[];
  addresses: EntityAddress[];
  identifiers: EntityIdentifier[];
  programmes: string[];
  /** What a hit means for a shipment: asset freeze, end-user/export ban, or other. */
  sanctionKind: "asset_freeze" | "end_user" | "sectoral" | "other";
  listedOn?: string;
  remarks?: string;
  /** Gender as the list gives it (`male`/`female`), when given. */
  gender?: string;
  /** Places of birth, verbatim. */
  birthPlaces?: string[];
}

/** A list snapshot as loaded: entities plus what it is and where it came from. */
export interface ListSnapshot {
  list: string;
  title: string;
  /** Publication/snapshot date of the source file. */
  date?: string;
  /** SHA-256 of the source bytes. */
  sha256: string;
  source: string;
  entities: Entity[];
  /** `bundled` (shipped in `data/lists/`) or `downloaded` (by `updateLists`, under the state dir). */
  origin?: "bundled" | "downloaded";
  /** When a downloaded snapshot was retrieved (ISO 8601). */
  retrievedAt?: string;
  /** What the snapshot does not cover (stale date, sample only…); front ends show these with every result. */
  caveats?: string[];
}
