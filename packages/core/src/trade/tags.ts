/**
 * Goods tagging from the regimes: which member restricts a code for export to a destination, since when,
 * under which measure, and its CHPL tier. The monitor never keeps its own "sanctioned" list.
 */
import { isInForce, longestPrefix, type Measure, type RegimeSet } from "../regimes/index.ts";

/**
 * Maps an HS6 code between editions (e.g. HS2017 `880330` → HS2022 `880730`). Returns the codes in `to`
 * (empty when unknown). Supplied by the nomenclature capability; tests pass a small table.
 */
export type EditionMapper = (code6: string, from: string, to: string) => readonly string[];

/** One measure that covers a code. */
export interface TagMeasure {
  id: string;
  jurisdiction: string;
  kind: Measure["kind"];
  since: string;
  until?: string;
  /** The prefix of the measure's list that matched. */
  matched: string;
  inForce: boolean;
}

/** A code's tags. */
export interface GoodsTag {
  code: string;
  /** Covered by a member's export measure in force on `asOf` (code exemptions applied). */
  sanctioned: boolean;
  /** Members restricting it on `asOf`. */
  members: string[];
  /** Earliest date any matching measure took effect. */
  since?: string;
  /** Highest-priority CHPL tier among matching measures (`1`, `2`, `3A`, `3B`, `4A`, `4B`). */
  chplTier?: string;
  measures: TagMeasure[];
  /** Exempt by code under these categories (e.g. `medical`), per measure. */
  exemptions: { measureId: string; exemptionId: string; category: string }[];
}

/** HS edition underlying a nomenclature: CN2022+ and HS2022 → HS2022; CN2017–2021 and HS2017 → HS2017. */
export function hsEditionOf(nomenclature: string): string | undefined {
  const m = /^(HS|CN|HTS|UK|JP|CA)(\d{4})$/.exec(nomenclature);
  if (!m) return undefined;
  const y = Number(m[2]);
  if (m[1] === "HS") return nomenclature;
  if (y >= 2022) return "HS2022";
  if (y >= 2017) return "HS2017";
  if (y >= 2012) return "HS2012";
  return undefined;
}

const TIER_ORDER = ["1", "2", "3A", "3B", "4A", "4B"];

/** Reads a CHPL tier from a measure tag such as `chpl-tier-1`, `CHPL tier 3A` or `chpl:4b`. */
export function chplTierOfTag(tag: string): string | undefined {
  const m = /chpl[^0-9]*([1-4][ab]?)\b/i.exec(tag);
  const t = m?.[1]?.toUpperCase();
  return t && TIER_ORDER.includes(t) ? t : undefined;
}

/** Options for {@link tagGoods}. */
export interface TagOptions {
  /** Destination the measures must concern (default RU). */
  destination?: string;
  /** Jurisdictions whose measures count (default: the set's members, no scenarios). */
  jurisdictions?: readonly string[];
  /** Date the "sanctioned" flag is evaluated on (ISO date). */
  asOf: string;
  mapEdition?: EditionMapper;
}

/** Candidate codes to test against a measure list: the code itself, plus its HS6 mapped to the list's edition. */
function candidates(code: string, nomenclature: string, listNomenclature: string, map?: EditionMapper): string[] {
  const own = hsEditionOf(nomenclature);
  const target = hsEditionOf(listNomenclature);
  if (!map || !own || !target || own === target || code.length < 6) return [code];
  const mapped = map(code.slice(0, 6), own, target);
  // A CN8 code keeps its national digits only when its HS6 is unchanged.
  return [code, ...mapped.map((m) => (m === code.slice(0, 6) ? code : m))];
}

/** Whether a code is in a measure's goods scope; returns the matched prefix (`*` for all-goods scopes). */
export function scopeMatch(
  measure: Measure,
  code: string,
  nomenclature: string,
  map?: EditionMapper,
): string | undefined {
  const g = measure.goods;
  if (g.kind === "description") return undefined;
  const cands = candidates(code, nomenclature, g.nomenclature, map);
  if (g.kind === "codes") {
    for (const c of cands) {
      const hit = longestPrefix(c, g.include);
      if (hit && !(g.exclude && longestPrefix(c, g.exclude))) return hit;
    }
    return undefined;
  }
  for (const c of cands) if (!longestPrefix(c, g.except)) return "*";
  return undefined;
}

/** Code exemptions of a measure that apply to `code` (conditional exemptions without codes never apply here). */
export function codeExemptions(
  measure: Measure,
  code: string,
  nomenclature: string,
  map?: EditionMapper,
): { id: string; category: string }[] {
  const out: { id: string; category: string }[] = [];
  for (const e of measure.exemptions) {
    if (!e.codes || e.condition) continue;
    const codes = e.codes;
    if (candidates(code, nomenclature, codes.nomenclature, map).some((c) => longestPrefix(c, codes.prefixes)))
      out.push({ id: e.id, category: e.category });
  }
  return out;
}

/** Tags each code (with its nomenclature) from the regimes. */
export function tagGoods(
  regimes: RegimeSet,
  codes: readonly { code: string; nomenclature: string }[],
  options: TagOptions,
): Map<string, GoodsTag> {
  const destination = options.destination ?? "RU";
  const jurisdictions = options.jurisdictions ?? regimes.members;
  const measures = regimes.measures.filter(
    (m) =>
      jurisdictions.includes(m.jurisdiction) &&
      m.direction === "export" &&
      (m.kind === "export_ban" || m.kind === "licence_requirement") &&
      regimes.countryIn(m.countries, destination),
  );
  const tierMeasures = regimes.measures.flatMap((m) => {
    const tiers = (m.tags ?? []).map(chplTierOfTag).filter((t): t is string => t !== undefined);
    return tiers.length === 1 ? [{ measure: m, tier: tiers[0] as string }] : [];
  });
  const out = new Map<string, GoodsTag>();
  for (const { code, nomenclature } of codes) {
    const key = code;
    const tag: GoodsTag = out.get(key) ?? { code, sanctioned: false, members: [], measures: [], exemptions: [] };
    for (const m of measures) {
      if (tag.measures.some((x) => x.id === m.id)) continue;
      const matched = scopeMatch(m, code, nomenclature, options.mapEdition);
      if (!matched) continue;
      const ex = codeExemptions(m, code, nomenclature, options.mapEdition);
      for (const e of ex) tag.exemptions.push({ measureId: m.id, exemptionId: e.id, category: e.category });
      const inForce = isInForce(m, options.asOf);
      tag.measures.push({
        id: m.id,
        jurisdiction: m.jurisdiction,
        kind: m.kind,
        since: m.effective.from,
        ...(m.effective.until ? { until: m.effective.until } : {}),
        matched,
        inForce,
      });
      if (inForce && ex.length === 0) {
        tag.sanctioned = true;
        if (!tag.members.includes(m.jurisdiction)) tag.members.push(m.jurisdiction);
      }
      if (!tag.since || m.effective.from < tag.since) tag.since = m.effective.from;
    }
    // The CHPL tier is a property of the goods, whichever measure carries it (often a due-diligence measure).
    for (const m of tierMeasures) {
      if (!scopeMatch(m.measure, code, nomenclature, options.mapEdition)) continue;
      if (!tag.chplTier || TIER_ORDER.indexOf(m.tier) < TIER_ORDER.indexOf(tag.chplTier)) tag.chplTier = m.tier;
    }
    out.set(key, tag);
  }
  return out;
}
