import { type ErrorIssue, invalidInput } from "../errors/index.ts";
import type { RegimeSet } from "../regimes/load.ts";
import { isInForce } from "../regimes/query.ts";
import type { CodeList, KnownRegime, Measure } from "../regimes/schema.ts";
import { type Applicability, memberApplicability, originKey } from "./applicability.ts";
import {
  type CodeHit,
  type CompiledMeasure,
  type CompiledRegimes,
  citationText,
  compileRegimes,
  lookupCode,
  PrefixSet,
} from "./matcher.ts";
import type { PartyHit, PartyRole, PartyScreener } from "./parties.ts";
import {
  type CheckResult,
  type Coverage,
  checkAsOfAndScenario,
  type Flag,
  type ItemResult,
  type JurisdictionResult,
  type JurisdictionVerdict,
  KIND_VERDICT,
  type PartyResult,
  type Reason,
  type ReviewKind,
  type Verdict,
  worse,
} from "./result.ts";
import { convert, type FxTable, parseShipment, type Shipment, type ShipmentItem } from "./shipment.ts";

/** A CN 8-digit code with its description. */
export interface ChildCode {
  code: string;
  description: string;
}

/**
 * What verdicts need from the nomenclature. `@embargo/core/nomenclature` satisfies the required part;
 * `getVerdictNomenclature(engine)` (this module's package) adds the optional methods.
 */
export interface NomenclatureLike {
  correlate(
    code: string,
    from: "HS2022" | "HS2017",
    to: "HS2022" | "HS2017",
  ): { code: string; relationship: "1:1" | "n:1" | "1:n" | "n:n" }[];
  /**
   * The CN 8-digit codes under `code` (2–6 digits) in CN `year` (2023–2026), sorted; undefined when the code is
   * not in that edition or the year is not bundled. Lets a code broader than a list be decided when every child is
   * listed, and name the children otherwise.
   */
  cnChildren?(code: string, year: number): ChildCode[] | undefined;
  /** Whether the code (2–10 digits) exists in some bundled edition (its HS part, or the CN code itself). */
  knownCode?(code: string): boolean;
  /** Whether `code` (8 digits) is a CN 8-digit code of CN `year` (2023–2026); undefined when the year is not bundled. */
  cnCodeExists?(code: string, year: number): boolean | undefined;
}

/** Options of {@link decide}. */
export interface DecideOptions {
  regimes: RegimeSet;
  /** Date the measures are read as of (ISO); default the shipment date. */
  asOf?: string;
  /** Scenario id (e.g. `g7-full-ban-2023`) evaluated beside the members, as one more jurisdiction. */
  scenario?: string;
  /** Party screening; without it the result says parties were not screened. */
  parties?: PartyScreener;
  /** Why parties were not screened (e.g. "--no-screening", "lists unavailable: …"), quoted in the result. */
  unscreenedReason?: string;
  /**
   * The nomenclature (`getVerdictNomenclature(engine)`): edition correlation for items whose `edition` differs from a
   * list's, CN-8 children of codes broader than a list, and refusal of codes in no edition. Without it those three
   * are left out (broader codes stay REVIEW).
   */
  nomenclature?: NomenclatureLike;
  /** Caller-supplied exchange rates for value thresholds (never invented). */
  fx?: FxTable;
}

type Active = 0 | 1 | 2 | 3; // none, export (destination), export (end user's country only), import

/** A part of the data that is not (fully) encoded and may concern an item: a partial measure or a known regime. */
interface Gap {
  /** The measure id, or `regime:<id>` for a known regime. */
  id: string;
  /** Short name for headlines. */
  title: string;
  reason: Reason;
  /** The codes the gap can concern (a cited bound); absent: any code. */
  scope?: PrefixSet;
  scopePrefixes?: readonly string[];
  scopeBase?: "HS2017" | "HS2022";
  scopeText?: string;
  /** For a known regime: the ids of its measures (a regime whose own measure matched an item is no gap for it). */
  members?: ReadonlySet<string>;
}

interface JCtx {
  id: string;
  name: string;
  type: "member" | "scenario";
  applies: boolean;
  why: string[];
  directions: ("export" | "import")[];
  coverage: Coverage;
  /** Parts of the data not (fully) encoded that concern this shipment; each may keep an item from a clean pass. */
  gaps: Gap[];
  /** The gaps without a scope: their reasons (shared by every item no measure matched) and titles. */
  unscoped: { reasons: Reason[]; titles: string[] };
  /** The gaps with a scope, tested per item. */
  scoped: Gap[];
  /** Ids of the gaps and of known-regime gaps' own measures (a measure that matched an item is no gap for it). */
  gapIds: Set<string>;
  /** Known regimes concerning this shipment that restrict parties (asset freezes): covered by party screening. */
  partyRegimes: string[];
  /** All scoped gaps' prefixes in one index (prefix → gaps; proper ancestor of a prefix → gaps). */
  scopedExact: Map<string, Gap[]>;
  scopedUnder: Map<string, Gap[]>;
  /** The prefix lengths in `scopedExact`, shortest first (usually just 2 and 4). */
  scopedLengths: number[];
  /** The reason of an item no measure matched and no gap concerns (built once). */
  outsideAll?: Reason;
  /** Data-incomplete headlines by gap titles (bounded). */
  headlines: Map<string, string>;
  /** The reason of a clean item when no gap concerns it. */
  cleanReason: Reason;
  dataVersion: string;
}

interface Ctx {
  js: JCtx[];
  /** Measure index → Active. */
  active: Uint8Array;
  /** Measure index → position in `js` (−1: not evaluated). */
  jpos: Int16Array;
}

const MAX_CACHE = 2048;

/** `HS2017`/`HS2022` base of an edition name, or undefined when unknown. */
export function hsBase(edition: string | undefined): "HS2017" | "HS2022" | undefined {
  if (!edition) return undefined;
  if (edition === "HS2017" || edition === "HS2022") return edition;
  const m = /^(?:CN|HTS|UK|JP|CA)(\d{4})$/.exec(edition);
  if (!m) return undefined;
  const y = Number(m[1]);
  return y >= 2022 ? "HS2022" : y >= 2017 ? "HS2017" : undefined;
}

function measureEdition(m: Measure): string | undefined {
  const g = m.goods;
  return g.kind === "description" ? g.indicative?.nomenclature : g.nomenclature;
}

const KIND_TEXT: Record<Measure["kind"], string> = {
  export_ban: "export prohibited",
  import_ban: "import prohibited",
  licence_requirement: "licence required",
  end_user_restriction: "end-user restriction: check the end user",
  asset_freeze_reference: "asset-freeze reference: screen the parties",
  due_diligence: "due-diligence duty",
};

/** What a REVIEW-kind measure (end user, due diligence, asset freeze) needs to be decided. */
const KIND_NEED: Record<Measure["kind"], string> = {
  export_ban: "the missing fact named in the reason",
  import_ban: "the missing fact named in the reason",
  licence_requirement: "the missing fact named in the reason",
  end_user_restriction: "check the end user against it",
  asset_freeze_reference: "screen the parties against it",
  due_diligence: "carry out the due diligence it requires",
};

function since(m: Measure): string {
  return m.effective.until
    ? `in force ${m.effective.from} to ${m.effective.until}`
    : `in force since ${m.effective.from}`;
}

/**
 * A reason about one measure. A REVIEW reason is `likely_restricted` (the measure matched and `need` names the fact
 * that would decide) unless the caller tags it `data_incomplete`.
 */
function baseReason(cm: CompiledMeasure, effect: Verdict, summary: string, hit?: CodeHit, need?: string): Reason {
  const m = cm.m;
  const r: Reason = {
    measureId: m.id,
    kind: m.kind,
    effect,
    citation: cm.citation,
    summary,
    citations: m.legalBasis,
    effective: m.effective,
    coverage: m.coverage.status,
    confidence: m.confidence,
  };
  if (effect === "REVIEW") {
    r.review = "likely_restricted";
    r.need = need ?? KIND_NEED[m.kind];
  }
  if (hit) {
    const match: NonNullable<Reason["match"]> = { how: hit.how };
    if (hit.prefix !== undefined) match.prefix = hit.prefix;
    const ed = measureEdition(m);
    if (ed !== undefined) match.nomenclature = ed;
    r.match = match;
  }
  if (m.flags && m.flags.length > 0 && effect !== "NOT_RESTRICTED") r.flags = m.flags;
  return r;
}

function contextKey(c: CompiledRegimes, s: Shipment, asOf: string, scenario: string | undefined): string {
  return `${asOf}|${s.destination}|${s.endUser?.country ?? s.consignee.country}|${s.origin ?? s.exporter.country}|${s.exporter.country}|${originKey(c.regimes, s)}|${s.direction ?? ""}|${scenario ?? ""}`;
}

function scopeOf(
  g: (CodeList & { source: string }) | undefined,
): Pick<Gap, "scope" | "scopePrefixes" | "scopeBase" | "scopeText"> {
  if (!g) return {};
  const out: Pick<Gap, "scope" | "scopePrefixes" | "scopeBase" | "scopeText"> = {
    scope: new PrefixSet(g.prefixes),
    scopePrefixes: g.prefixes,
    scopeText: `${g.prefixes.join(", ")} (${g.nomenclature}; ${g.source})`,
  };
  const b = hsBase(g.nomenclature);
  if (b) out.scopeBase = b;
  return out;
}

/**
 * Whether a gap can concern an item's code: no scope, or the code and a scope prefix overlap (one starts with the
 * other). When the item's code is written in another HS base than the scope, only the heading (4 digits) is
 * compared, which can only widen the overlap (codes move between subheadings across editions, rarely headings).
 */
function gapConcerns(g: Gap, item: ShipmentItem): boolean {
  if (!g.scope) return true;
  const base = item.edition === undefined ? undefined : hsBase(item.edition);
  const code =
    base !== undefined && g.scopeBase !== undefined && base !== g.scopeBase ? item.code.slice(0, 4) : item.code;
  return g.scope.covering(code) !== undefined || g.scope.under(code);
}

function scopedIndex(gaps: readonly Gap[]): Pick<JCtx, "scopedExact" | "scopedUnder" | "scopedLengths"> {
  const scopedExact = new Map<string, Gap[]>();
  const scopedUnder = new Map<string, Gap[]>();
  const add = (m: Map<string, Gap[]>, k: string, g: Gap) => {
    const list = m.get(k);
    if (!list) m.set(k, [g]);
    else if (!list.includes(g)) list.push(g);
  };
  for (const g of gaps)
    for (const p of g.scopePrefixes ?? []) {
      add(scopedExact, p, g);
      for (let l = 2; l < p.length; l++) add(scopedUnder, p.slice(0, l), g);
    }
  const scopedLengths = [...new Set([...scopedExact.keys()].map((k) => k.length))].sort((a, b) => a - b);
  return { scopedExact, scopedUnder, scopedLengths };
}

/** The scoped gaps that concern an item: one pass over the merged index, or gap by gap when editions differ. */
function scopedOpen(j: JCtx, item: ShipmentItem): Gap[] | undefined {
  if (j.scoped.length === 0) return undefined;
  let open: Gap[] | undefined;
  if (item.edition !== undefined) {
    for (const g of j.scoped) if (gapConcerns(g, item)) open = withGap(open, g);
    return open;
  }
  const code = item.code;
  for (const l of j.scopedLengths) {
    if (l > code.length) break;
    const gs = j.scopedExact.get(l === code.length ? code : code.slice(0, l));
    if (gs) for (const g of gs) open = withGap(open, g);
  }
  const under = j.scopedUnder.get(code);
  if (under) for (const g of under) open = withGap(open, g);
  return open;
}

function withGap(open: Gap[] | undefined, g: Gap): Gap[] {
  if (!open) return [g];
  if (!open.includes(g)) open.push(g);
  return open;
}

/** How an import measure's countries meet one item (its origin rule read against origin, mining, consignment, route). */
interface ImportScope {
  /** The item falls under the measure's countries. */
  ok: boolean;
  rule: NonNullable<Measure["originRule"]>;
  processed: boolean;
  originIn: boolean;
  shipIn: boolean;
  exportedIn: boolean;
  /** Consigned from the named countries (shipped from, or exported from, one of them). */
  fromIn: boolean;
  minedIn: boolean;
  inputsExportedIn: boolean;
  /** A country of the route the measure covers as transit (EU Art. 3p(2)). */
  transit: string | undefined;
}

function importScope(regimes: RegimeSet, m: Measure, s: Shipment, item: ShipmentItem): ImportScope {
  const rule = m.originRule ?? "originating_or_consigned";
  const shipFrom = s.origin ?? s.exporter.country;
  const o = item.originCountry;
  const originIn = o !== undefined && regimes.countryIn(m.countries, o);
  const shipIn = regimes.countryIn(m.countries, shipFrom);
  // "Exported from Russia whatever the origin": the country the goods were exported from counts as consignment.
  const exportedIn = item.exportedFrom !== undefined && regimes.countryIn(m.countries, item.exportedFrom);
  const fromIn = shipIn || exportedIn;
  const mined = item.miningCountry;
  const minedIn = mined !== undefined && regimes.countryIn(m.countries, mined);
  const processed = rule === "processed_in_third_country_from_origin";
  // Inputs "originating in or exported from" the named countries (EU Art. 3p(3)-(4)): the country the goods or
  // their inputs were exported from counts like the country of mining.
  const inputsExportedIn = processed && m.coversInputsExportedFrom === true && exportedIn;
  // Goods of any origin that transited the named countries (EU Art. 3p(2)): the shipment's route decides.
  const transit = m.coversTransit === true ? s.route?.find((r) => regimes.countryIn(m.countries, r)) : undefined;
  const ok =
    transit !== undefined ||
    (rule === "originating_in"
      ? originIn
      : rule === "consigned_from"
        ? fromIn
        : processed
          ? originIn || minedIn || inputsExportedIn
          : originIn || fromIn);
  return { ok, rule, processed, originIn, shipIn, exportedIn, fromIn, minedIn, inputsExportedIn, transit };
}

/**
 * Whether an import measure can reach any item of the shipment: its countries meet the item, or a fact that would
 * decide it is missing (an undeclared origin, an undeclared country of mining under a processed-in-a-third-country
 * rule). A stone mined in Russia but cut in and exported from India is outside a ban on goods originating in or
 * exported from Russia, so that ban's partial coverage says nothing about it.
 */
function importMeasureMayApply(regimes: RegimeSet, m: Measure, s: Shipment): boolean {
  return s.items.some((item) => {
    const x = importScope(regimes, m, s, item);
    if (x.ok) return true;
    if (x.processed) return item.miningCountry === undefined;
    return item.originCountry === undefined && x.rule !== "consigned_from";
  });
}

function regimeConcerns(
  regimes: RegimeSet,
  k: KnownRegime,
  a: Applicability,
  exportCountries: readonly string[],
  importCountries: readonly string[],
): boolean {
  if (a.export && k.directions.includes("export") && exportCountries.some((c) => regimes.countryIn(k.countries, c)))
    return true;
  return a.import && k.directions.includes("import") && importCountries.some((c) => regimes.countryIn(k.countries, c));
}

function buildContext(c: CompiledRegimes, s: Shipment, asOf: string, scenario: string | undefined): Ctx {
  const regimes = c.regimes;
  const n = regimes.measures.length;
  const active = new Uint8Array(n);
  const jpos = new Int16Array(n).fill(-1);
  const index = c.indexOf;
  const shipFrom = s.origin ?? s.exporter.country;
  const endUserCountry = s.endUser?.country ?? s.consignee.country;
  // Import rules read where the goods come from: origin, country of mining, country exported from, dispatch.
  const origins = new Set<string>();
  for (const it of s.items) {
    if (it.originCountry) origins.add(it.originCountry);
    if (it.miningCountry) origins.add(it.miningCountry);
    if (it.exportedFrom) origins.add(it.exportedFrom);
  }
  const exportCountries = [...new Set([s.destination, endUserCountry])];
  const importCountries = [...new Set([shipFrom, ...origins])];

  const apps: { id: string; type: "member" | "scenario"; a: Applicability }[] = regimes.members.map((id) => ({
    id,
    type: "member",
    a: memberApplicability(regimes, id, s),
  }));
  if (scenario !== undefined) {
    const appliesVia = apps.filter((x) => x.a.applies).map((x) => x.id);
    const a: Applicability = {
      applies: appliesVia.length > 0,
      export: apps.some((x) => x.a.export),
      import: apps.some((x) => x.a.import),
      why: [
        appliesVia.length > 0
          ? `scenario evaluated because the rules of ${appliesVia.join(", ")} apply to this shipment`
          : "no member's rules apply to this shipment, so the scenario does not either",
      ],
    };
    apps.push({ id: scenario, type: "scenario", a });
  }

  const js: JCtx[] = apps.map(({ id, type, a }, pos) => {
    const consulted: string[] = [];
    const partial: Coverage["partial"] = [];
    const notChecked: string[] = [];
    const regimeGaps: Coverage["regimes"] = [];
    const partyRegimes: string[] = [];
    const gaps: Gap[] = [];
    if (a.applies) {
      for (const m of regimes.measuresOf(id)) {
        const mi = index.get(m) as number;
        if (!isInForce(m, asOf)) continue;
        let consult = false;
        if (m.direction === "export" && a.export) {
          if (regimes.countryIn(m.countries, s.destination)) active[mi] = 1;
          else if (endUserCountry !== s.destination && regimes.countryIn(m.countries, endUserCountry)) active[mi] = 2;
          consult = active[mi] !== 0;
        } else if (m.direction === "import" && a.import) {
          active[mi] = 3;
          consult = importMeasureMayApply(regimes, m, s);
        }
        if (active[mi] !== 0) jpos[mi] = pos;
        if (!consult) continue;
        consulted.push(m.id);
        const cm = c.measures[mi] as CompiledMeasure;
        const scope = scopeOf(m.coverage.gapScope);
        if (m.coverage.status === "partial") {
          partial.push({ measureId: m.id, note: m.coverage.note });
          // An all-goods measure covers every code or names it as excepted: "not in the encoded part" is never
          // true of it (its partiality, e.g. unlisted exemption conditions, stays in the jurisdiction's coverage).
          if (m.goods.kind !== "all_except")
            // A gap is a statement about coverage, not a hit: tagged `coverage` so front ends can group them.
            gaps.push({
              id: m.id,
              title: m.title,
              ...scope,
              reason: {
                ...baseReason(
                  cm,
                  "REVIEW",
                  `partial coverage: "${m.title}" is only partly encoded (${m.coverage.note}); this code is not in the encoded part, so it may still be covered${scope.scopeText ? ` (the unencoded part concerns ${scope.scopeText})` : ""}`,
                ),
                kind: "coverage",
                review: "data_incomplete",
                need: "a check of the measure's full legal list",
              },
            });
        }
        if (m.goods.kind === "description") {
          const text = m.goods.text.length > 240 ? `${m.goods.text.slice(0, 237)}…` : m.goods.text;
          notChecked.push(`${m.id}: goods described in words are not matched automatically — ${text}`);
          gaps.push({
            id: m.id,
            title: m.title,
            ...scope,
            reason: {
              ...baseReason(
                cm,
                "REVIEW",
                `not checked automatically: "${m.title}" covers goods described in words (${text}); compare the item's description`,
              ),
              kind: "coverage",
              review: "data_incomplete",
              need: "a comparison of the goods with the measure's description",
            },
          });
        }
      }
      // Known regimes of the member: any one in force that concerns this shipment and is not fully encoded makes
      // the coverage partial — an unencoded regime can never be read as a clean pass.
      for (const k of regimes.knownRegimesOf(id)) {
        if (k.status === "encoded" || !isInForce(k, asOf)) continue;
        if (!regimeConcerns(regimes, k, a, exportCountries, importCountries)) continue;
        // Asset freezes and end-user lists restrict parties, not goods: party screening covers them (and the
        // verdict says so when the parties were not screened), so they never keep goods from a definite answer.
        if (k.concerns === "parties") {
          partyRegimes.push(`${k.id}: ${k.title} (${citationText(k.citations[0])})`);
          continue;
        }
        const citation = citationText(k.citations[0]);
        const entry: Coverage["regimes"][number] = {
          id: k.id,
          title: k.title,
          status: k.status,
          citation,
          note: k.note,
        };
        if (k.gapScope) entry.gapScope = k.gapScope.prefixes;
        regimeGaps.push(entry);
        const scope = scopeOf(k.gapScope);
        gaps.push({
          id: `regime:${k.id}`,
          title: k.title,
          ...scope,
          members: new Set(k.measures),
          reason: {
            measureId: `regime:${k.id}`,
            kind: "coverage",
            effect: "REVIEW",
            review: "data_incomplete",
            need: "a check of the regime's legal text",
            citation,
            summary: `known regime not ${k.status === "partial" ? "fully " : ""}encoded: "${k.title}" (${k.status.replace("_", " ")}: ${k.note}); it concerns this shipment and may cover this code${scope.scopeText ? ` (its unencoded part concerns ${scope.scopeText})` : ""}`,
            citations: k.citations,
            effective: k.effective,
            coverage: "partial",
          },
        });
      }
    }
    const complete = partial.length === 0 && notChecked.length === 0 && regimeGaps.length === 0;
    const files = regimes.files.filter((f) => f.jurisdiction === id);
    const name = files[0]?.name ?? id;
    const directions: ("export" | "import")[] = [];
    if (a.export) directions.push("export");
    if (a.import) directions.push("import");
    return {
      id,
      name,
      type,
      applies: a.applies,
      why: a.why,
      directions,
      coverage: { status: complete ? "complete" : "partial", consulted, partial, notChecked, regimes: regimeGaps },
      gaps,
      unscoped: {
        reasons: gaps.filter((g) => !g.scope).map((g) => g.reason),
        titles: gaps.filter((g) => !g.scope).map((g) => g.title),
      },
      scoped: gaps.filter((g) => g.scope),
      gapIds: new Set(gaps.flatMap((g) => (g.members ? [g.id, ...g.members] : [g.id]))),
      partyRegimes,
      ...scopedIndex(gaps),
      headlines: new Map(),
      cleanReason: {
        measureId: "coverage:complete",
        kind: "coverage",
        effect: "NOT_RESTRICTED",
        citation: "",
        summary:
          consulted.length === 0
            ? `no ${id} measure in force on ${asOf} concerns this destination/origin in the direction(s) consulted`
            : `none of the ${consulted.length} ${id} measure(s) in force on ${asOf} that concern this shipment lists this code; their lists are complete`,
      },
      dataVersion: files.map((f) => `${f.file}@${f.version}`).join(", ") || regimes.version,
    };
  });
  return { js, active, jpos };
}

function getContext(c: CompiledRegimes, s: Shipment, asOf: string, scenario: string | undefined): Ctx {
  const key = contextKey(c, s, asOf, scenario);
  const hit = c.contexts.get(key) as Ctx | undefined;
  if (hit) return hit;
  const ctx = buildContext(c, s, asOf, scenario);
  if (c.contexts.size >= MAX_CACHE) c.contexts.clear();
  c.contexts.set(key, ctx);
  return ctx;
}

function compare(x: number, limit: number, how: "above" | "at_or_above"): boolean {
  return how === "above" ? x > limit : x >= limit;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** The CN year whose codes are read on `asOf`: that year within the bundled CN 2023–2026, else the nearest one. */
function cnYearFor(asOf: string): { year: number; note?: string } {
  const y = Number(asOf.slice(0, 4));
  if (y < 2023) return { year: 2023, note: "read in CN 2023, the oldest CN edition bundled, for a date before 2023" };
  if (y > 2026) return { year: 2026, note: "read in CN 2026, the newest CN edition bundled, for a date after 2026" };
  return { year: y };
}

interface ChildCoverage {
  edition: string;
  covered: ChildCode[];
  notCovered: ChildCode[];
  /** A covered child is listed through an "ex" code. */
  exCovered: boolean;
  note?: string;
}

/** Which CN 8-digit children of `code` a codes measure lists, in the CN year in force on `asOf` (cached). */
function childCoverage(
  c: CompiledRegimes,
  cm: CompiledMeasure,
  code: string,
  asOf: string,
  nomenclature: NomenclatureLike | undefined,
): ChildCoverage | undefined {
  const include = cm.include;
  if (!nomenclature?.cnChildren || !include) return undefined;
  const ed = measureEdition(cm.m);
  // Only lists written in the CN or in HS 2022 share the CN's codes (HTS, UK, JP, CA 8-digit codes differ).
  if (ed === undefined || !(ed === "HS2022" || ed.startsWith("CN"))) return undefined;
  const { year, note } = cnYearFor(asOf);
  const key = `${cm.mi}|${code}|${year}`;
  if (c.children.has(key)) return c.children.get(key) as ChildCoverage | undefined;
  const kids = nomenclature.cnChildren(code, year);
  let out: ChildCoverage | undefined;
  if (kids && kids.length > 0) {
    out = { edition: `CN${year}`, covered: [], notCovered: [], exCovered: false };
    if (note) out.note = note;
    for (const k of kids) {
      const p = include.covering(k.code);
      const excluded =
        cm.exclude !== undefined && (cm.exclude.covering(k.code) !== undefined || cm.exclude.under(k.code));
      if (p !== undefined && !excluded) {
        out.covered.push(k);
        if (cm.exCodes?.has(p)) out.exCovered = true;
      } else out.notCovered.push(k);
    }
  }
  if (c.children.size >= 4096) c.children.clear();
  c.children.set(key, out);
  return out;
}

function codesText(list: readonly ChildCode[], max = 6): string {
  const shown = list.slice(0, max).map((k) => k.code);
  return list.length > max ? `${shown.join(", ")} and ${list.length - max} more` : shown.join(", ");
}

function inForceOn(effective: { from: string; until?: string }, asOf: string): boolean {
  return effective.from <= asOf && (effective.until === undefined || asOf <= effective.until);
}

// Helpers of evaluateHit, at top level so the hot path allocates no closures.
function wouldBe(m: Measure, where: string): string {
  return `(would be: ${KIND_TEXT[m.kind]}${where}, ${since(m)})`;
}

function withChildren(children: Reason["children"], r: Reason): Reason {
  if (children) r.children = children;
  return r;
}

function notesText(notes: readonly string[]): string {
  return notes.length > 0 ? `. ${capitalise(notes.join("; "))}` : "";
}

/**
 * Why an item is below a measure's value or carat threshold (then the measure cannot apply, whatever the exact
 * classification, origin or "ex" reading), or undefined when it is not below or the facts are missing.
 */
function belowThreshold(m: Measure, item: ShipmentItem, fx: FxTable | undefined): string | undefined {
  const t = m.thresholds;
  if (!t) return undefined;
  const v = t.valuePerItem;
  if (v && item.value !== undefined && item.currency) {
    const conv = convert(fx, item.value, item.currency, v.currency);
    if (conv) {
      const limit = `${v.comparison === "above" ? "above" : "at or above"} ${fmtNum(v.amount)} ${v.currency} per item`;
      const rateText = conv.rate === 1 ? "" : ` (converted at ${conv.rate.toPrecision(6)}, ${fx?.source})`;
      // Without a quantity, a whole line below the threshold has every item below it too.
      const per = item.quantity !== undefined ? conv.amount / item.quantity : conv.amount;
      if (!compare(per, v.amount, v.comparison))
        return `${fmtNum(per)} ${v.currency} ${item.quantity !== undefined ? "per item" : "for the whole line"}${rateText} is below the threshold; the measure applies only ${limit}`;
    }
  }
  const k = t.caratsPerStone;
  if (k && item.carats !== undefined && !compare(item.carats, k.min, k.comparison))
    return `${item.carats} carat per stone is below the threshold; the measure applies only ${k.comparison === "above" ? "above" : "at or above"} ${k.min} carat per stone`;
  return undefined;
}

/** Weighs one code hit for one item: origin, candidates, exemptions, thresholds, grandfathering. */
function evaluateHit(
  c: CompiledRegimes,
  cm: CompiledMeasure,
  hit: CodeHit,
  item: ShipmentItem,
  s: Shipment,
  asOf: string,
  act: Active,
  declared: ReadonlySet<string>,
  fx: FxTable | undefined,
  nomenclature: NomenclatureLike | undefined,
): Reason | undefined {
  const m = cm.m;
  const regimes = c.regimes;
  const code = item.code;
  const plain =
    act === 1 &&
    hit.how === "prefix" &&
    !hit.partlyExcluded &&
    hit.via === undefined &&
    hit.editionDrift === undefined &&
    cm.exemptions.length === 0 &&
    !m.thresholds &&
    !m.grandfathering;
  // The summary names the code and the destination: both are part of the key.
  const cacheKey = plain ? `${cm.mi}|${hit.prefix}|${code}|${s.destination}` : "";
  if (plain) {
    const cached = c.reasons.get(cacheKey) as Reason | undefined;
    if (cached) return cached;
  }

  const ed = measureEdition(m);
  const listed = hit.prefix ? `listed ${hit.prefix}${ed ? ` (${ed})` : ""}` : "";
  let where = "";
  if (m.direction === "export")
    where = act === 2 ? ` for an end user in ${s.endUser?.country ?? s.consignee.country}` : ` to ${s.destination}`;
  const head = `${m.title}: `;

  // Import measures: do the goods come from a country the measure names? An unknown origin, or an unknown
  // country of mining under a processed-in-a-third-country rule, makes a candidate — decided after the thresholds,
  // which may put the item out of scope.
  let originCandidate: string | undefined;
  let originNeed: string | undefined;
  if (m.direction === "import") {
    const shipFrom = s.origin ?? s.exporter.country;
    const o = item.originCountry;
    const mined = item.miningCountry;
    const { ok, rule, processed, originIn, shipIn, fromIn, minedIn, inputsExportedIn, transit } = importScope(
      regimes,
      m,
      s,
      item,
    );
    if (!ok) {
      if (processed) {
        // Where the goods (or their inputs) were mined decides: declared elsewhere, they are outside the measure.
        if (mined !== undefined) return undefined;
        originCandidate = `the measure covers goods processed in a third country (here ${o ?? shipFrom}) from goods or inputs mined or produced in ${m.countries.join(", ")}: give the country of mining (miningCountry) to decide`;
        originNeed = "the country where the goods (or their inputs) were mined or produced";
      } else if (o === undefined && rule !== "consigned_from") {
        originCandidate = `the origin of the goods is not declared; the measure covers goods from ${m.countries.join(", ")}`;
        originNeed = "the origin of the goods";
      } else return undefined;
      where = " (origin to be established)";
    } else if (transit !== undefined && !originIn && !(processed ? minedIn || inputsExportedIn : fromIn))
      where = ` that transited ${transit}`;
    else if (processed && !originIn && !minedIn)
      where = ` from goods or inputs exported from ${item.exportedFrom} (processed in ${o ?? shipFrom})`;
    else if (processed && !originIn)
      where = ` from goods mined or produced in ${mined} (processed in ${o ?? shipFrom})`;
    else if (originIn) where = ` from origin ${o}`;
    else where = shipIn ? ` from consignment from ${shipFrom}` : ` exported from ${item.exportedFrom}`;
  }

  // A candidate (broader code, indicative mapping, edition drift, unknown origin) below the measure's threshold is
  // out of its scope whatever the missing fact would show: decide that before asking the user for the fact.
  if (
    m.thresholds &&
    (hit.how !== "prefix" || hit.partlyExcluded || hit.via !== undefined || hit.editionDrift || originCandidate)
  ) {
    const below = belowThreshold(m, item, fx);
    if (below !== undefined)
      return baseReason(
        cm,
        "NOT_RESTRICTED",
        `${head}code ${code} is out of scope whatever its exact classification or origin: ${below} (${since(m)})`,
        hit,
      );
  }

  // Codes broader than the list (or partly excluded): the CN 8-digit children in force on the date decide when
  // every one is listed; otherwise the user is shown which are and are not.
  let children: Reason["children"];
  let childMatch: string | undefined;
  let exChild = false;
  let candidate: string | undefined;
  let need: string | undefined;
  if (hit.how === "broader_code" || hit.partlyExcluded) {
    const cc = childCoverage(c, cm, code, asOf, nomenclature);
    if (cc && cc.covered.length > 0) {
      children = { edition: cc.edition, covered: cc.covered, notCovered: cc.notCovered };
      if (cc.note) children.note = cc.note;
      if (cc.notCovered.length === 0) {
        childMatch = `code ${code} is covered: ${cc.covered.length === 1 ? "its only CN 8-digit code" : `every one of its ${cc.covered.length} CN 8-digit codes`} in ${cc.edition} is listed (${codesText(cc.covered)})${cc.note ? `; ${cc.note}` : ""}`;
        exChild = cc.exCovered;
      } else {
        candidate = `code ${code} is broader than the list: of its CN 8-digit codes in ${cc.edition}, ${cc.covered.length} are listed (${codesText(cc.covered)}) and ${cc.notCovered.length} are not (${codesText(cc.notCovered)}); give the 8-digit code${cc.note ? ` (${cc.note})` : ""}`;
        need = "the CN 8-digit code (pick one of the codes in the reason)";
      }
    } else if (cc && hit.how !== "broader_code") return undefined; // every child is excluded: outside the measure
  }

  // Candidates: the code alone cannot decide.
  if (candidate === undefined && childMatch === undefined) {
    if (hit.how === "broader_code") {
      candidate = `code ${code} is broader than ${listed}: classify the goods further to tell whether they are covered`;
      need = "a more precise code (classify the goods further)";
    } else if (hit.how === "indicative") {
      const source = m.goods.kind === "description" ? m.goods.indicative?.source : undefined;
      candidate = `likely restricted by "${m.title}" (indicative mapping: ${source ?? "no source named in the data"}): code ${code} is an indicative code (${hit.prefix}) of goods described in words; compare the description`;
      need = "a comparison of the goods with the measure's description";
    } else if (hit.partlyExcluded) {
      candidate = `code ${code} is covered but some codes under it are excluded; classify further`;
      need = "a more precise code (classify the goods further)";
    } else if (hit.viaRelationship === "1:n" || hit.viaRelationship === "n:n") {
      candidate = `code ${code} (${item.edition}) correlates ${hit.viaRelationship} with ${hit.via}, which is ${listed}: a possible match only`;
      need = `the code in the list's edition (${ed})`;
    } else if (hit.editionDrift) {
      candidate = `code ${code} is written in ${hit.editionDrift} but the list is in ${ed}; it was compared as written — confirm by correlation`;
      need = `the code in the list's edition (${ed})`;
    }
  }
  if (candidate) {
    const r = baseReason(cm, "REVIEW", `${head}${candidate} ${wouldBe(m, where)}`, hit, need);
    if (children) r.children = children;
    return r;
  }

  const matchText =
    childMatch ??
    (hit.how === "all_except"
      ? `code ${code} is not among the exceptions of an all-goods measure`
      : `code ${code} is ${listed}${hit.via ? ` via correlated ${hit.via} (${hit.viaRelationship})` : ""}`);
  const notes: string[] = [];

  // Exemptions: automatic by code, or conditional (only when declared); each only while it is valid.
  const available: string[] = [];
  for (const { e, codes } of cm.exemptions) {
    const codeOk = codes ? codes.covering(code) !== undefined : true;
    if (!codeOk) continue;
    const needsDeclaration = e.condition !== undefined || !codes;
    const claimed = !needsDeclaration || declared.has(e.id) || declared.has(e.category);
    if (e.effective && !inForceOn(e.effective, asOf)) {
      if (claimed)
        notes.push(
          `exemption ${e.id} (${e.summary}) is valid ${e.effective.until ? `from ${e.effective.from} to ${e.effective.until}` : `from ${e.effective.from}`}: not honoured on ${asOf}`,
        );
      continue;
    }
    if (claimed) {
      const validity = e.effective?.until ? `; valid until ${e.effective.until}` : "";
      const r = baseReason(
        cm,
        "NOT_RESTRICTED",
        `${head}${matchText}, but exempt: ${e.summary}${needsDeclaration ? ` (declared${e.condition ? `: ${e.condition}` : ""})` : ""}${validity}`,
        hit,
      );
      r.citations = [e.citation, ...m.legalBasis];
      return withChildren(children, r);
    }
    available.push(`${e.category} (${e.id}${e.condition ? `: ${e.condition}` : ""})`);
  }
  if (available.length > 0) notes.push(`exemption(s) available if declared: ${available.join("; ")}`);

  // Thresholds: the measure applies only when the item meets them.
  const t = m.thresholds;
  if (t?.valuePerItem) {
    const v = t.valuePerItem;
    const limit = `${v.comparison === "above" ? "above" : "at or above"} ${fmtNum(v.amount)} ${v.currency} per item${v.basis ? ` (${v.basis})` : ""}`;
    let problem: string | undefined;
    let valueNeed = "the value per item";
    if (item.value === undefined) problem = `the value is not declared; the measure applies ${limit}`;
    else if (!item.currency) {
      problem = `the currency of the value is not declared; the measure applies ${limit}`;
      valueNeed = "the currency of the value";
    } else {
      const conv = convert(fx, item.value, item.currency, v.currency);
      if (!conv) {
        problem = `the value (${fmtNum(item.value)} ${item.currency}) could not be compared with the threshold (${limit}): no ${item.currency}/${v.currency} exchange rate was supplied`;
        valueNeed = `an ${item.currency}/${v.currency} exchange rate (--fx)`;
      } else {
        const rateText = conv.rate === 1 ? "" : ` (converted at ${conv.rate.toPrecision(6)}, ${fx?.source})`;
        if (item.quantity !== undefined) {
          const per = conv.amount / item.quantity;
          if (!compare(per, v.amount, v.comparison))
            return withChildren(
              children,
              baseReason(
                cm,
                "NOT_RESTRICTED",
                `${head}${matchText}, but below the threshold: ${fmtNum(per)} ${v.currency} per item${rateText}; the measure applies ${limit}`,
                hit,
              ),
            );
          notes.push(`value ${fmtNum(per)} ${v.currency} per item${rateText} meets the threshold (${limit})`);
        } else if (!compare(conv.amount, v.amount, v.comparison)) {
          return withChildren(
            children,
            baseReason(
              cm,
              "NOT_RESTRICTED",
              `${head}${matchText}, but below the threshold: the whole line is worth ${fmtNum(conv.amount)} ${v.currency}${rateText}; the measure applies ${limit}`,
              hit,
            ),
          );
        } else {
          problem = `the quantity is not declared, so the value per item is unknown (line ${fmtNum(conv.amount)} ${v.currency}${rateText}); the measure applies ${limit}`;
          valueNeed = "the quantity (to get the value per item)";
        }
      }
    }
    if (problem)
      return withChildren(
        children,
        baseReason(
          cm,
          "REVIEW",
          `${head}${matchText}; ${problem} ${wouldBe(m, where)}${notesText(notes)}`,
          hit,
          valueNeed,
        ),
      );
  }
  if (t?.caratsPerStone) {
    const k = t.caratsPerStone;
    const limit = `${k.comparison === "above" ? "above" : "at or above"} ${k.min} carat per stone`;
    if (item.carats === undefined)
      return withChildren(
        children,
        baseReason(
          cm,
          "REVIEW",
          `${head}${matchText}; the carat weight per stone is not declared; the measure applies ${limit} ${wouldBe(m, where)}`,
          hit,
          "the carat weight per stone",
        ),
      );
    if (!compare(item.carats, k.min, k.comparison))
      return withChildren(
        children,
        baseReason(
          cm,
          "NOT_RESTRICTED",
          `${head}${matchText}, but ${item.carats} carat per stone is below the threshold; the measure applies ${limit} (${since(m)})`,
          hit,
        ),
      );
    notes.push(`${item.carats} carat per stone meets the threshold (${limit})`);
  }

  // "Ex" codes: only some goods under the listed code are covered.
  if (exChild || (hit.how === "prefix" && hit.prefix !== undefined && cm.exCodes?.has(hit.prefix)))
    return withChildren(
      children,
      baseReason(
        cm,
        "REVIEW",
        `${head}${matchText}, listed as an 'ex' code: only some goods under it are covered — compare the description ${wouldBe(m, where)}${notesText(notes)}`,
        hit,
        "whether the goods are among those the 'ex' entry describes",
      ),
    );

  if (originCandidate)
    return withChildren(
      children,
      baseReason(
        cm,
        "REVIEW",
        `${head}${matchText}; ${originCandidate} ${wouldBe(m, where)}${notesText(notes)}`,
        hit,
        originNeed,
      ),
    );

  // Grandfathering of earlier contracts.
  const g = m.grandfathering;
  if (g) {
    const gText = `contracts concluded before ${g.contractsConcludedBefore} may be executed until ${g.executionUntil}${g.note ? ` (${g.note})` : ""}`;
    if (s.contractDate !== undefined && s.contractDate < g.contractsConcludedBefore) {
      // The clause lets such contracts be executed until its deadline: the legal answer is "not restricted",
      // with the clause (and any condition its note states) named so the user can show it meets it.
      if (asOf <= g.executionUntil) {
        const r = withChildren(
          children,
          baseReason(
            cm,
            "NOT_RESTRICTED",
            `${head}${matchText}; grandfathered: the contract of ${s.contractDate} predates the measure — ${gText}; keep the contract as evidence (otherwise: ${KIND_TEXT[m.kind]}${where}, ${since(m)})`,
            hit,
          ),
        );
        r.flags = [...(r.flags ?? []), "GRANDFATHERED_CONTRACT"];
        return r;
      }
      notes.push(`the grandfathering period ended on ${g.executionUntil}`);
    } else if (s.contractDate === undefined) notes.push(`${gText}: give the contract date to check`);
  }

  const effect = KIND_VERDICT[m.kind];
  const r = withChildren(
    children,
    baseReason(
      cm,
      effect,
      `${head}${matchText}; ${KIND_TEXT[m.kind]}${where}, ${since(m)}${m.licensingPolicy ? `; licensing policy: ${m.licensingPolicy.replace(/_/g, " ")}` : ""}${notesText(notes)}`,
      hit,
    ),
  );
  if (plain) {
    if (c.reasons.size >= 4096) c.reasons.clear();
    c.reasons.set(cacheKey, r);
  }
  return r;
}

/** All measures an item meets (active only), with edition handling. */
function itemHits(
  c: CompiledRegimes,
  item: ShipmentItem,
  active: Uint8Array,
  nomenclature: NomenclatureLike | undefined,
): CodeHit[] {
  const hits = lookupCode(c, item.code, active);
  const base = hsBase(item.edition);
  if (base === undefined) return hits;
  // Hits on lists of the other HS edition were compared as written: mark them.
  const kept: CodeHit[] = [];
  for (const h of hits) {
    const lb = hsBase(measureEdition((c.measures[h.mi] as CompiledMeasure).m));
    if (lb !== undefined && lb !== base) h.editionDrift = item.edition;
    kept.push(h);
  }
  if (nomenclature && item.code.length >= 6) {
    const other = base === "HS2017" ? "HS2022" : "HS2017";
    let alts: ReturnType<NomenclatureLike["correlate"]> = [];
    try {
      alts = nomenclature.correlate(item.code.slice(0, 6), base, other);
    } catch {
      // Unknown in the item's edition: nothing to correlate; the as-written comparison stands (marked as drift).
    }
    for (const alt of alts) {
      for (const h of lookupCode(c, alt.code, active, alt.code)) {
        const lb = hsBase(measureEdition((c.measures[h.mi] as CompiledMeasure).m));
        if (lb !== other) continue;
        h.viaRelationship = alt.relationship;
        const i = kept.findIndex((k) => k.mi === h.mi);
        if (i < 0) kept.push(h);
        else if (kept[i]?.editionDrift !== undefined) kept[i] = h;
      }
    }
  }
  return kept;
}

function partyVerdict(hits: PartyHit[]): Verdict {
  let v: Verdict = "NOT_RESTRICTED";
  for (const h of hits)
    v = worse(
      v,
      h.strength === "match" && (h.sanctionKind === "asset_freeze" || h.sanctionKind === "end_user")
        ? "PROHIBITED"
        : "REVIEW",
    );
  return v;
}

function partyReason(role: PartyRole, name: string, h: PartyHit, effect: Verdict): Reason {
  const r: Reason = {
    measureId: `party:${h.list}:${h.sourceId}`,
    kind: "party_screening",
    effect,
    citation: `${h.list}${h.programmes.length > 0 ? ` (${h.programmes.join(", ")})` : ""}${h.listedOn ? `, listed ${h.listedOn}` : ""}`,
    summary: `${role.replace("_", " ")} "${name}" ${h.strength === "match" ? "matches" : "possibly matches"} "${h.name}" on ${h.list} (${h.sanctionKind.replace("_", " ")}, score ${h.score.toFixed(2)}): ${h.explanation}`,
  };
  if (effect === "REVIEW") {
    r.review = "likely_restricted";
    r.need = `confirmation that ${role.replace("_", " ")} "${name}" is not "${h.name}"`;
  }
  return r;
}

/**
 * Rejects item codes that exist in no bundled edition (e.g. 99999999), when the nomenclature can tell. Throws
 * `SHIPMENT_INVALID` (invalid_input) with one issue per bad code, naming `items[i].code`.
 */
export function checkItemCodes(
  s: Shipment,
  nomenclature: NomenclatureLike | undefined,
  regimes?: RegimeSet,
  asOf?: string,
): void {
  if (!nomenclature?.knownCode) return;
  const issues: ErrorIssue[] = [];
  // CN context: the EU's rules apply (its declarations are in CN), or the item says it is written in a CN edition.
  const euApplies = regimes?.members.includes("EU") === true && memberApplicability(regimes, "EU", s).applies;
  const date = asOf ?? s.date;
  s.items.forEach((it, i) => {
    if (!nomenclature.knownCode?.(it.code)) {
      issues.push({
        code: "unknown_code",
        path: `items[${i}].code`,
        field: "code",
        message: `${it.code} is in no HS (2017, 2022) or CN (2023–2026) edition`,
      });
      return;
    }
    const bad = inventedCn8(it, euApplies, date, nomenclature, regimes);
    if (bad) issues.push({ code: "unknown_cn_code", path: `items[${i}].code`, field: "code", message: bad });
  });
  if (issues.length > 0)
    throw invalidInput(
      "SHIPMENT_INVALID",
      `shipment is invalid: ${issues
        .slice(0, 3)
        .map((x) => `${x.path}: ${x.message}`)
        .join("; ")}`,
      issues,
    );
}

/**
 * A CN 8-digit code (or the CN part of a 10-digit TARIC code) that does not exist in the CN of the shipment's year
 * under a real HS-6 — an invented or mistyped subheading that would otherwise meet no CN-8 list and pass silently.
 * Checked when the item is written in a CN edition, or when no edition is given and the EU's rules apply (8-digit
 * codes of other members — HTS, UK, JP, CA — are national and not bundled). Before 2023 (no CN 2022 bundled) a code
 * that exists in some bundled CN year or is listed by a measure (the EU lists are CN 2022) is accepted.
 * Returns the message naming the real children, or undefined.
 */
function inventedCn8(
  it: ShipmentItem,
  euApplies: boolean,
  date: string,
  nomenclature: NomenclatureLike,
  regimes: RegimeSet | undefined,
): string | undefined {
  if (!nomenclature.cnCodeExists || (it.code.length !== 8 && it.code.length !== 10)) return undefined;
  const cnEdition = /^CN\d{4}$/i.test(it.edition ?? "");
  if (!(cnEdition || (it.edition === undefined && euApplies))) return undefined;
  const cn8 = it.code.slice(0, 8);
  const stated = cnEdition ? Number((it.edition as string).slice(2)) : undefined;
  const { year } = cnYearFor(stated !== undefined ? `${stated}-01-01` : date);
  if (nomenclature.cnCodeExists(cn8, year) !== false) return undefined;
  const otherYears = [2023, 2024, 2025, 2026].filter((y) => y !== year && nomenclature.cnCodeExists?.(cn8, y) === true);
  const before2023 = Number((stated !== undefined ? String(stated) : date).slice(0, 4)) < 2023;
  if (before2023 && (otherYears.length > 0 || listedByAMeasure(cn8, regimes))) return undefined;
  const children = nomenclature.cnChildren?.(cn8.slice(0, 6), year) ?? [];
  const shown = children.slice(0, 12).map((c) => `${c.code} (${c.description})`);
  const more = children.length > shown.length ? `, … ${children.length - shown.length} more` : "";
  return `${it.code} is not a CN 8-digit code in CN${year}${otherYears.length > 0 ? ` (it exists in CN${otherYears.join(", CN")})` : ""}${
    children.length > 0
      ? `; the CN${year} codes under ${cn8.slice(0, 6)} are ${shown.join(", ")}${more}`
      : `; give the HS-6 code ${cn8.slice(0, 6)} or its CN${year} subheading`
  }`;
}

/** Whether some measure's code list names this code (e.g. a CN 2022 line of an EU list). */
function listedByAMeasure(code: string, regimes: RegimeSet | undefined): boolean {
  if (!regimes) return false;
  for (const m of regimes.measures) if (m.goods.kind === "codes" && m.goods.include.includes(code)) return true;
  return false;
}

/** Whether a measure that is itself a gap matched the item (a plain loop: this runs per item and jurisdiction). */
function matchesGap(rs: readonly Reason[], gapIds: ReadonlySet<string>): boolean {
  for (let i = 0; i < rs.length; i++) if (gapIds.has((rs[i] as Reason).measureId)) return true;
  return false;
}

/** The reason of an item that the gaps' scopes leave out, saying so. */
function outsideGaps(j: JCtx, outside: readonly Gap[]): Reason {
  return {
    measureId: "coverage:outside-gaps",
    kind: "coverage",
    effect: "NOT_RESTRICTED",
    citation: "",
    summary: `${j.id} coverage is partial, but the parts not encoded do not concern this code: ${outside.map((g) => `${g.id} concerns only ${g.scopeText}`).join("; ")}; the item is decided by the encoded rules`,
  };
}

function reviewOf(reasons: readonly Reason[]): ReviewKind {
  for (let i = 0; i < reasons.length; i++) {
    const r = reasons[i] as Reason;
    if (r.effect === "REVIEW" && r.review === "likely_restricted") return "likely_restricted";
  }
  return "data_incomplete";
}

function listText(xs: readonly string[], max = 3): string {
  const u = [...new Set(xs)];
  return u.length > max ? `${u.slice(0, max).join("; ")} and ${u.length - max} more` : u.join("; ");
}

/** Measure kinds whose REVIEW is a duty to act, not a missing fact. */
const DUTY_KINDS: ReadonlySet<string> = new Set(["due_diligence", "end_user_restriction", "asset_freeze_reference"]);

function lineText(x: { line?: number; code?: string }): string {
  return x.line !== undefined ? ` (line ${x.line}, ${x.code})` : "";
}

function reasonLabel(regimes: RegimeSet, id: string, r: Reason): string {
  const m = r.kind === "party_screening" ? undefined : regimes.measure(r.measureId);
  return m ? `${id} ${r.citation ? `${r.citation} — ` : ""}${m.title}` : r.citation || r.measureId;
}

/** One plain sentence: what to do next under one jurisdiction's rules. */
function jurisdictionHeadline(
  regimes: RegimeSet,
  j: JCtx,
  verdict: JurisdictionVerdict,
  items: readonly ItemResult[],
  reasons: readonly Reason[],
  gapTitles: readonly string[],
  asOf: string,
): string {
  if (!j.applies) return `${j.id}'s rules do not apply to this shipment as described.`;
  if (verdict === "NOT_RESTRICTED" || verdict === "NOT_APPLICABLE")
    return j.coverage.status === "partial"
      ? `Not restricted: no encoded ${j.id} rule restricts these goods on ${asOf}, and the parts of the ${j.id} data not encoded do not concern them.`
      : `Not restricted: no ${j.id} measure in force on ${asOf} restricts these goods for this destination or origin.`;
  // Only the items at the verdict (and, for REVIEW, those likely restricted) can carry the reason named on top.
  const all: { line?: number; code?: string; r: Reason }[] = reasons.map((r) => ({ r }));
  for (const it of items)
    if (it.verdict === verdict && (verdict !== "REVIEW" || it.review === "likely_restricted"))
      for (const r of it.reasons) if (r.effect === verdict) all.push({ line: it.line, code: it.code, r });
  const where = lineText;
  const label = (r: Reason) => reasonLabel(regimes, j.id, r);
  if (verdict === "PROHIBITED" || verdict === "LICENCE_REQUIRED") {
    const first = all.find((x) => x.r.effect === verdict);
    if (first) {
      if (first.r.kind === "party_screening") return `Do not ship: ${first.r.summary.split(":")[0]}.`;
      const act = regimes.measure(first.r.measureId)?.direction === "import" ? "import" : "ship";
      return verdict === "PROHIBITED"
        ? `Do not ${act}: prohibited by ${label(first.r)}${where(first)}.`
        : `Licence required: ${label(first.r)}${where(first)}; do not ship without one.`;
    }
  }
  if (verdict === "REVIEW") {
    const likely = all.filter((x) => x.r.effect === "REVIEW" && x.r.review === "likely_restricted");
    // Facts the user can give come first; duties (due diligence, end-user checks) are named as such.
    const facts = likely.filter((x) => !DUTY_KINDS.has(x.r.kind));
    if (facts.length > 0) {
      const first = facts[0] as (typeof facts)[number];
      return `Likely restricted: give ${listText(facts.map((x) => x.r.need ?? "the fact named in the reason"))} to decide (${label(first.r)}${where(first)}).`;
    }
    const duty = likely[0];
    if (duty)
      return `Check before shipping: ${label(duty.r)} applies${where(duty)} — ${duty.r.need ?? "see the reason"}.`;
    if (gapTitles.length > 0) {
      const key = gapTitles.join("\n");
      let text = j.headlines.get(key);
      if (text === undefined) {
        text = `Not restricted by the encoded ${j.id} rules, but ${j.id} data are incomplete for ${listText(gapTitles)}: check ${gapTitles.length > 1 ? "them" : "it"} before shipping.`;
        if (j.headlines.size >= 64) j.headlines.clear();
        j.headlines.set(key, text);
      }
      return text;
    }
  }
  // Not reached with the reasons decide() builds; a plain sentence rather than a wrong one.
  return `${verdict.replace("_", " ")} under ${j.id} rules: read the reasons before shipping.`;
}

/**
 * Decides a parsed shipment. Throws `SCENARIO_NOT_FOUND` (not_found) for an unknown scenario, `AS_OF_INVALID`
 * (invalid_input) for a date that is not a calendar date, and `SHIPMENT_INVALID` for a code in no edition (when the
 * nomenclature is supplied).
 */
export function decide(s: Shipment, options: DecideOptions): CheckResult {
  const { regimes } = options;
  const asOf = options.asOf ?? s.date;
  checkAsOfAndScenario(regimes, options.asOf, options.scenario);
  checkItemCodes(s, options.nomenclature, regimes, asOf);
  const c = compileRegimes(regimes);
  const ctx = getContext(c, s, asOf, options.scenario);
  const { js, active, jpos } = ctx;
  const declared = new Set((s.declarations ?? []).map((d) => d.toLowerCase()));
  const nj = js.length;
  const itemsByJ: ItemResult[][] = js.map(() => []);
  // Titles of the gaps that kept some item from a clean pass, per jurisdiction (for its headline).
  const gapTitlesByJ: Set<string>[] = js.map(() => new Set());
  const unscopedUsed: boolean[] = js.map(() => false);
  const flagMap = new Map<string, Flag>();
  const perJ: Reason[][] = js.map(() => []);
  const exportHitLines: number[] = [];

  for (let i = 0; i < s.items.length; i++) {
    const item = s.items[i] as ShipmentItem;
    const line = item.line ?? i + 1;
    const hits = itemHits(c, item, active, options.nomenclature);
    for (let k = 0; k < nj; k++) (perJ[k] as Reason[]).length = 0;
    for (const h of hits) {
      const pos = jpos[h.mi] as number;
      if (pos < 0) continue;
      const cm = c.measures[h.mi] as CompiledMeasure;
      const r = evaluateHit(
        c,
        cm,
        h,
        item,
        s,
        asOf,
        active[h.mi] as Active,
        declared,
        options.fx,
        options.nomenclature,
      );
      if (!r) continue;
      (perJ[pos] as Reason[]).push(r);
      if (r.effect !== "NOT_RESTRICTED") {
        const j = js[pos] as JCtx;
        if (cm.m.direction === "export" && j.type === "member") exportHitLines.push(line);
        if (cm.m.flags)
          for (const f of cm.m.flags) {
            const key = `${f}|${cm.m.id}`;
            const fl = flagMap.get(key);
            if (fl) {
              if (!fl.lines?.includes(line)) fl.lines?.push(line);
            } else {
              const flag: Flag = {
                code: f,
                message: `${cm.m.title}: ${cm.m.summary}`,
                jurisdiction: cm.m.jurisdiction,
                measureId: cm.m.id,
                lines: [line],
                citations: cm.m.legalBasis,
                effective: cm.m.effective,
              };
              if (cm.m.grandfathering) flag.grandfathering = cm.m.grandfathering;
              flagMap.set(key, flag);
            }
          }
      }
    }
    for (let k = 0; k < nj; k++) {
      const j = js[k] as JCtx;
      if (!j.applies) continue;
      const rs = perJ[k] as Reason[];
      let v: Verdict = "NOT_RESTRICTED";
      for (const r of rs) v = worse(v, r.effect);
      let reasons: Reason[];
      if (v === "NOT_RESTRICTED") {
        if (j.gaps.length === 0) reasons = rs.length === 0 ? [j.cleanReason] : rs.slice();
        else if (!matchesGap(rs, j.gapIds)) {
          // No gap's own measure matched the item (the common case): every unscoped gap concerns it, a scoped one
          // only if it overlaps the code.
          const open = scopedOpen(j, item);
          const shared = j.unscoped.reasons;
          if (shared.length > 0 || open) {
            v = "REVIEW";
            if (shared.length > 0) unscopedUsed[k] = true;
            if (open) {
              reasons = rs.concat(
                shared,
                open.map((g) => g.reason),
              );
              const titles = gapTitlesByJ[k] as Set<string>;
              for (const g of open) titles.add(g.title);
            } else reasons = rs.length === 0 ? shared : rs.concat(shared);
          } else {
            // Every gap is scoped and none concerns the item: one shared reason per context says so.
            j.outsideAll ??= outsideGaps(j, j.scoped);
            reasons = rs.length === 0 ? [j.cleanReason, j.outsideAll] : [...rs, j.outsideAll];
          }
        } else {
          // A gap says "this code may be in the part not encoded" — false for a measure that matched the item (and,
          // say, exempted it), and for a gap whose cited scope leaves the code out.
          const open: Gap[] = [];
          const outside: Gap[] = [];
          for (const g of j.gaps) {
            if (rs.some((r) => r.measureId === g.id || g.members?.has(r.measureId) === true)) continue;
            (gapConcerns(g, item) ? open : outside).push(g);
          }
          if (open.length > 0) {
            v = "REVIEW";
            reasons = rs.concat(open.map((g) => g.reason));
            const titles = gapTitlesByJ[k] as Set<string>;
            for (const g of open) titles.add(g.title);
          } else {
            reasons = rs.slice();
            if (outside.length > 0) reasons.push(outsideGaps(j, outside));
          }
        }
      } else reasons = rs.slice();
      const ir: ItemResult = { line, code: item.code, verdict: v, reasons };
      // Gap reasons are always data_incomplete: only the measures' own reasons can make it likely_restricted.
      if (v === "REVIEW") ir.review = reviewOf(rs);
      if (item.description !== undefined) ir.description = item.description;
      (itemsByJ[k] as ItemResult[]).push(ir);
    }
  }

  const flags = [...flagMap.values()];
  // Diversion risk: restricted-type goods to a known transit hub (destination or route), cited from the data.
  const hubs = regimes.groups.TRANSIT_HUBS;
  if (hubs && exportHitLines.length > 0 && !flags.some((f) => f.code === "DIVERSION_RISK")) {
    const via = [s.destination, ...(s.route ?? [])].filter((x) => regimes.countryIn(["@TRANSIT_HUBS"], x));
    if (via.length > 0)
      flags.push({
        code: "DIVERSION_RISK",
        message: `${[...new Set(via)].join(", ")} ${via.length > 1 ? "are" : "is"} in "${hubs.title}": goods restricted for Russia on line(s) ${[...new Set(exportHitLines)].join(", ")} are at known risk of diversion; apply enhanced due diligence`,
        lines: [...new Set(exportHitLines)],
        citations: hubs.citations,
      });
  }

  // Party screening.
  const notes: string[] = [];
  const partyResults: PartyResult[] = [];
  const partyReasons: { jurisdiction?: string; reason: Reason }[] = [];
  if (options.parties) {
    const parties: { role: PartyRole; name: string; country: string }[] = [
      { role: "exporter", ...s.exporter },
      { role: "consignee", ...s.consignee },
    ];
    if (s.endUser) parties.push({ role: "end_user", ...s.endUser });
    for (const p of parties) {
      const hits = options.parties.screen({ role: p.role, name: p.name, country: p.country });
      const verdict = partyVerdict(hits);
      partyResults.push({ role: p.role, name: p.name, country: p.country, verdict, hits });
      for (const h of hits) {
        const effect = partyVerdict([h]);
        const reason = partyReason(p.role, p.name, h, effect);
        partyReasons.push(h.jurisdiction ? { jurisdiction: h.jurisdiction, reason } : { reason });
        flags.push({
          code: h.strength === "match" ? "PARTY_MATCH" : "PARTY_POSSIBLE_MATCH",
          message: reason.summary,
          ...(h.jurisdiction ? { jurisdiction: h.jurisdiction } : {}),
        });
      }
    }
    // Screening-list warnings (stale, missing member lists): a clear party screening is only as good as its lists.
    const lw = options.parties.warnings ?? [];
    if (lw.length > 0) notes.push(`party screening lists: ${lw.map((w) => w.message).join("; ")}`);
  } else
    notes.push(
      `parties were not screened against sanctions lists (${options.unscreenedReason ?? "no screener supplied"})`,
    );
  if (!s.endUser) notes.push("no end user given: the consignee's country was taken as the end user's");
  if (asOf !== s.date) notes.push(`measures read as of ${asOf}, not the shipment date ${s.date}`);

  const jurisdictions: JurisdictionResult[] = js.map((j, k) => {
    const reasons = partyReasons.filter((p) => p.jurisdiction === j.id).map((p) => p.reason);
    const items = itemsByJ[k] as ItemResult[];
    const titles = gapTitlesByJ[k] as Set<string>;
    if (unscopedUsed[k]) for (const t of j.unscoped.titles) titles.add(t);
    let verdict: JurisdictionVerdict = j.applies ? "NOT_RESTRICTED" : "NOT_APPLICABLE";
    if (j.applies) {
      for (const it of items) verdict = worse(verdict, it.verdict);
      for (const r of reasons) verdict = worse(verdict, r.effect);
    }
    const jr: JurisdictionResult = {
      jurisdiction: j.id,
      name: j.name,
      type: j.type,
      applies: j.applies,
      why: j.why,
      directions: j.directions,
      verdict,
      headline: jurisdictionHeadline(regimes, j, verdict, items, reasons, [...titles], asOf),
      // Party regimes are covered by screening only when the member's own list was loaded and consulted.
      coverage:
        j.partyRegimes.length === 0 || (options.parties && !options.parties.membersMissing?.includes(j.id))
          ? j.coverage
          : {
              ...j.coverage,
              status: "partial",
              notChecked: [
                ...j.coverage.notChecked,
                ...j.partyRegimes.map((r) =>
                  options.parties
                    ? `parties not screened against ${r} (no ${j.id} list is loaded)`
                    : `parties not screened against ${r}`,
                ),
              ],
            },
      reasons,
      items,
      dataVersion: j.dataVersion,
    };
    if (verdict === "REVIEW")
      jr.review =
        items.some((it) => it.review === "likely_restricted") || reviewOf(reasons) === "likely_restricted"
          ? "likely_restricted"
          : "data_incomplete";
    return jr;
  });

  let overall: Verdict = "NOT_RESTRICTED";
  const applying = jurisdictions.filter((j) => j.type === "member" && j.applies);
  for (const j of applying) overall = worse(overall, j.verdict as Verdict);
  for (const p of partyResults) overall = worse(overall, p.verdict);
  if (applying.length === 0)
    flags.push({
      code: "NO_MEMBER_RULES_APPLY",
      message:
        "no member's rules apply as the shipment is described (not dispatched from, exported by a person of, or imported into a member, and no US-origin line); NOT_RESTRICTED here means only that",
    });

  // The headline on top: the first applying member at the overall verdict (a likely restriction before incomplete
  // data), else the party screening behind it.
  let review: ReviewKind | undefined;
  let headline: string;
  const atOverall = applying.filter((j) => j.verdict === overall);
  const partyAt = partyResults.find((p) => p.verdict === overall && p.hits.length > 0);
  if (overall === "REVIEW") {
    const likelyJ = atOverall.find((j) => j.review === "likely_restricted");
    review = likelyJ || partyAt ? "likely_restricted" : "data_incomplete";
    if (likelyJ) headline = likelyJ.headline;
    else if (partyAt)
      headline = `Likely restricted: confirm the identity of ${partyAt.role.replace("_", " ")} "${partyAt.name}" (possible match on ${partyAt.hits[0]?.list}) before shipping.`;
    else headline = atOverall.map((j) => j.headline).join(" ");
  } else if (applying.length === 0)
    headline =
      "No G7 member's rules apply to this shipment as described: not dispatched from, exported by a person of, or imported into a member.";
  else if (overall === "NOT_RESTRICTED")
    headline =
      applying.every((j) => j.coverage.status === "complete") && applying.length === 1
        ? (applying[0] as JurisdictionResult).headline
        : `Not restricted: no encoded rule of ${applying.map((j) => j.jurisdiction).join(", ")} restricts these goods on ${asOf}${applying.some((j) => j.coverage.status === "partial") ? "; where their data are partial, the parts not encoded do not concern these goods" : ""}.`;
  else {
    const j = atOverall[0];
    if (j) headline = j.headline;
    else
      headline = `Do not ship: ${partyAt?.role.replace("_", " ")} "${partyAt?.name}" matches "${partyAt?.hits[0]?.name}" on ${partyAt?.hits[0]?.list}.`;
  }

  const result: CheckResult = {
    // First, so a reader of the JSON sees what to do before the detail.
    headline,
    asOf,
    shipmentDate: s.date,
    dataVersion: regimes.version,
    data: {
      regimes: regimes.version,
      files: c.fileSummary as CheckResult["data"]["files"],
      ...(options.parties ? { screening: options.parties.version } : {}),
    },
    overall,
    jurisdictions,
    flags,
    parties: {
      screened: options.parties !== undefined,
      ...(options.parties
        ? { version: options.parties.version }
        : { note: `not screened: ${options.unscreenedReason ?? "no screener supplied"}` }),
      results: partyResults,
    },
    notes,
  };
  if (review) result.review = review;
  if (s.id !== undefined) result.shipmentId = s.id;
  if (options.scenario !== undefined) result.scenario = options.scenario;
  return result;
}

/** Parses `input` as a shipment (throws `SHIPMENT_INVALID`) and decides it. */
export function check(input: unknown, options: DecideOptions): CheckResult {
  return decide(parseShipment(input), options);
}
