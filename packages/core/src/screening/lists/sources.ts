/**
 * The registry of list sources: what each list is, where its official files are, how to parse them, its licence,
 * and what a hit on it means. URLs are those named in the project's data notes ("What is NOT here"); where no
 * official URL was confirmed there is none, and `embargo lists update --url ID=URL` must supply one.
 */
import type { Entity } from "../model.ts";

/** File formats the parsers read. */
export type ListFormat =
  | "ofac-csv"
  | "ofac-xml"
  | "un-xml"
  | "eu-xml"
  | "uk-csv"
  | "ofsi-csv"
  | "bis-dpl"
  | "csl"
  | "ftm";

/** One list source. */
export interface ListSource {
  /** Stable id, also the `list` of its entities. */
  id: string;
  title: string;
  /** Short name used in sentences ("OFAC SDN is 947 days old"). */
  shortTitle: string;
  authority: string;
  /**
   * The G7 member whose law the list is (EU, US, UK, JP, CA): a hit also counts in that member's shipment verdict.
   * Absent for lists no single member issues (UN: implemented by every member; FollowTheMoney: as supplied).
   */
  jurisdiction?: "EU" | "US" | "UK" | "JP" | "CA";
  format: ListFormat;
  /** File role → official download URL. Empty when no official URL is confirmed (or it needs a token). */
  urls: Record<string, string>;
  /** File names of each role (used when a `--url` override gives a base folder, and in snapshots). */
  files: Record<string, string>;
  /** Why there is no default URL, or what to know about it. */
  urlNote?: string;
  /**
   * Set when the publisher has withdrawn the list (date and successor, in words): `lists update` then skips the
   * source unless it is named with `--source`, and front ends say the list is no longer published.
   */
  retired?: string;
  licence: string;
  attribution: string;
  /** What a hit means, as carried on every entity (`sanctionKind`). */
  sanctionKind: Entity["sanctionKind"] | "per_row";
  /** The same in words, for front ends. */
  hitMeans: string;
}

/** Every list the engine knows, in display order. */
export const LIST_SOURCES: readonly ListSource[] = [
  {
    id: "ofac-sdn",
    title: "OFAC Specially Designated Nationals and Blocked Persons (SDN) List",
    shortTitle: "OFAC SDN",
    authority: "US Treasury, Office of Foreign Assets Control",
    jurisdiction: "US",
    format: "ofac-csv",
    urls: {
      primary: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/sdn.csv",
      alt: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/alt.csv",
      add: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/add.csv",
      comments: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/sdn_comments.csv",
    },
    files: { primary: "sdn.csv", alt: "alt.csv", add: "add.csv", comments: "sdn_comments.csv" },
    urlNote: "OFAC's WAF has answered 403 on these paths at times (2026): retry later.",
    licence: "US Government work, public domain (17 U.S.C. 105)",
    attribution: "Source: U.S. Treasury, OFAC",
    sanctionKind: "asset_freeze",
    hitMeans: "blocking (asset freeze): no dealings with the party or its property",
  },
  {
    id: "ofac-cons",
    title: "OFAC Consolidated (non-SDN) Sanctions List (SSI, NS-MBS, CMIC, PLC …)",
    shortTitle: "OFAC non-SDN",
    authority: "US Treasury, Office of Foreign Assets Control",
    jurisdiction: "US",
    format: "ofac-csv",
    urls: {
      primary: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/cons_prim.csv",
      alt: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/cons_alt.csv",
      add: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/cons_add.csv",
      comments: "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/cons_comments.csv",
    },
    files: { primary: "cons_prim.csv", alt: "cons_alt.csv", add: "cons_add.csv", comments: "cons_comments.csv" },
    urlNote: "OFAC's WAF has answered 403 on these paths at times (2026): retry later.",
    licence: "US Government work, public domain (17 U.S.C. 105)",
    attribution: "Source: U.S. Treasury, OFAC",
    sanctionKind: "per_row",
    hitMeans:
      "not blocking: sectoral restrictions for SSI/EO 14024 directive entries (sanctionKind `sectoral`), other programme-specific prohibitions otherwise (`other`)",
  },
  {
    id: "un-sc",
    title: "United Nations Security Council Consolidated List",
    shortTitle: "UN",
    authority: "United Nations Security Council",
    format: "un-xml",
    urls: { primary: "https://scsanctions.un.org/resources/xml/en/consolidated.xml" },
    files: { primary: "consolidated.xml" },
    licence: "UN public document, published for free use (no licence stated)",
    attribution: "United Nations Security Council Consolidated List",
    sanctionKind: "asset_freeze",
    hitMeans: "UN asset freeze (with travel ban / arms embargo per regime); there is no UN Russia regime",
  },
  {
    id: "eu-fsf",
    title: "EU Financial Sanctions Files (FSF) consolidated list",
    shortTitle: "EU FSF",
    authority: "European Commission (FISMA), on behalf of the Council of the EU",
    jurisdiction: "EU",
    format: "eu-xml",
    urls: {},
    files: { primary: "xmlFullSanctionsList_1_1.xml" },
    urlNote:
      "The official XML is served at https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=… and needs a token: pass it with --url eu-fsf=URL.",
    licence: "EU Commission reuse policy (Decision 2011/833/EU) [unverified for this file]",
    attribution: "Source: European Commission, Financial Sanctions Files",
    sanctionKind: "asset_freeze",
    hitMeans: "EU asset freeze and prohibition to make funds available",
  },
  {
    id: "uk-fcdo",
    title: "UK Sanctions List (FCDO)",
    shortTitle: "UK FCDO",
    authority: "UK Foreign, Commonwealth & Development Office",
    jurisdiction: "UK",
    format: "uk-csv",
    urls: { primary: "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv" },
    files: { primary: "UK-Sanctions-List.csv" },
    urlNote:
      "The OFSI Consolidated List was retired on 28 Jan 2026; the FCDO list is the only current UK source. Format: one row per name, rows sharing `Unique ID` (the UK Sanctions List Ref, e.g. RUS0251) form one designation.",
    licence: "Open Government Licence v3.0 [unverified for this file]",
    attribution: "Contains public sector information licensed under the Open Government Licence v3.0 (FCDO)",
    sanctionKind: "per_row",
    hitMeans:
      "asset freeze where `Sanctions Imposed` says so (`asset_freeze`); other measures (e.g. ship or trust-services sanctions) `other`",
  },
  {
    id: "uk-ofsi",
    title: "HM Treasury OFSI Consolidated List of Financial Sanctions Targets (ConList)",
    shortTitle: "UK OFSI ConList",
    authority: "HM Treasury, Office of Financial Sanctions Implementation",
    jurisdiction: "UK",
    format: "ofsi-csv",
    urls: { primary: "https://ofsistorage.blob.core.windows.net/publishlive/ConList.csv" },
    files: { primary: "ConList.csv" },
    urlNote:
      "OFSI retired the Consolidated List on 28 Jan 2026; designations since then are only on the FCDO UK Sanctions List (uk-fcdo). The URL is the one given in third-party integration documentation (Oracle Customer Screening) [secondary] and may no longer serve: pass an archived copy with --url uk-ofsi=URL.",
    retired: "retired by OFSI on 28 Jan 2026; superseded by the FCDO UK Sanctions List (uk-fcdo)",
    licence: "Crown copyright, Open Government Licence v3.0",
    attribution: "Contains public sector information licensed under the Open Government Licence v3.0.",
    sanctionKind: "per_row",
    hitMeans:
      "UK financial sanctions target: asset freeze (`asset_freeze`) for individuals and entities; ships are specified under a regime (`other`)",
  },
  {
    id: "bis-dpl",
    title: "BIS Denied Persons List",
    shortTitle: "BIS DPL",
    authority: "US Department of Commerce, Bureau of Industry and Security",
    jurisdiction: "US",
    format: "bis-dpl",
    urls: {},
    files: { primary: "dpl.txt" },
    urlNote:
      "No official download URL is confirmed in the project's sources; the DPL is also part of the trade.gov CSL. Pass one with --url bis-dpl=URL.",
    licence: "US Government work, public domain",
    attribution: "Source: U.S. Department of Commerce, BIS",
    sanctionKind: "end_user",
    hitMeans:
      "export privileges denied: no export, reexport or transfer of items subject to the EAR to or with the party",
  },
  {
    id: "trade-gov-csl",
    title: "trade.gov Consolidated Screening List (CSL)",
    shortTitle: "trade.gov CSL",
    authority: "US International Trade Administration (aggregating Commerce, State and Treasury lists)",
    jurisdiction: "US",
    format: "csl",
    urls: { primary: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv" },
    files: { primary: "consolidated.csv" },
    urlNote: "Whole source lists have gone missing from the CSL on some days: the shrink check guards against it.",
    licence: "US Government work, public domain",
    attribution: "Source: U.S. International Trade Administration, Consolidated Screening List",
    sanctionKind: "per_row",
    hitMeans:
      "per source list: SDN asset freeze; SSI sectoral; DPL/Entity List/MEU/UVL end-user restrictions (`end_user`); others `other`",
  },
  {
    id: "ftm",
    title: "FollowTheMoney JSON lines (in-house or third-party dataset)",
    shortTitle: "FtM dataset",
    authority: "as supplied",
    format: "ftm",
    urls: {},
    files: { primary: "entities.ftm.json" },
    urlNote: "No default: pass --url ftm=URL. OpenSanctions data needs a licence for commercial use.",
    licence: "as supplied",
    attribution: "as supplied",
    sanctionKind: "other",
    hitMeans: "as defined by the dataset supplier (FtM does not say); reported as `other`",
  },
];

/** The registry entry for an id, or undefined. */
export function listSource(id: string): ListSource | undefined {
  return LIST_SOURCES.find((s) => s.id === id);
}

/** Options a snapshot can carry for its parser (recorded in the bundled manifest). */
export interface SourceParseOptions {
  /** OFAC CSV only: build alias-only entities for ent_nums the primary file lacks (see `OfacCsvOptions.aliasOnly`). */
  aliasOnly?: string;
}
