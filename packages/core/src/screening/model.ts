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
  /**
   * Set when the record is known to be incomplete, in words every front end shows beside it (e.g. "alias-only,
   * primary record not in the bundled SDN of 2024-05-03"). Such a record is never presented as a complete listing.
   */
  partial?: string;
  /**
   * On a merged profile only (see `lists/profiles.ts`): every listing of the same person, company or vessel, one
   * per source record, lead listing first. Absent on a plain list record.
   */
  listings?: Listing[];
  /** On a merged profile only: why its listings were merged, one entry per link (deterministic, explained). */
  mergedOn?: MergeLink[];
}

/** One source record of a merged profile: where it is listed and under what. */
/**
 * An entity with every list field empty and `id` = `${list}:${sourceId}` (sanction kind `other` unless given):
 * parsers, the compare tool and tests fill in what they know.
 */
export function newEntity(init: Pick<Entity, "list" | "sourceId" | "type"> & Partial<Entity>): Entity {
  return {
    id: `${init.list}:${init.sourceId}`,
    names: [],
    birthDates: [],
    nationalities: [],
    countries: [],
    addresses: [],
    identifiers: [],
    programmes: [],
    sanctionKind: "other",
    ...init,
  };
}

export interface Listing {
  /** The record's own entity id (`${list}:${sourceId}`). */
  entityId: string;
  list: string;
  sourceId: string;
  /** The record's primary name as that list writes it. */
  name: string;
  programmes: string[];
  listedOn?: string;
  sanctionKind: Entity["sanctionKind"];
  /** The official file the record comes from (the list's download URL); there is no per-record link. */
  sourceUrl?: string;
  /** Carried from the record: what it lacks (alias-only and the like). */
  partial?: string;
}

/** Why two listings were taken for the same person, company or vessel. */
export interface MergeLink {
  /** `identifier`: a shared strong identifier; `name_dob`: the same normalised name and full date of birth; `name_country`: the same normalised organisation/vessel name and a shared country. */
  rule: "identifier" | "name_dob" | "name_country";
  /** The shared key in words, e.g. `IMO 9610808`, `OGRN 1027739028712`, `"putin vladimir vladimirovich" born 1952-10-07`. */
  detail: string;
  /** The two entity ids the link joins. */
  from: string;
  to: string;
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
  /** False when the snapshot is known not to be the whole list (a format sample, or records without primary data). */
  complete?: boolean;
}
