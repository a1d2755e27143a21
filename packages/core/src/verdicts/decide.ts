import type { RegimeSet } from "../regimes/load.ts";
import { isInForce } from "../regimes/query.ts";
import type { Measure } from "../regimes/schema.ts";
import { type Applicability, memberApplicability, originKey } from "./applicability.ts";
import { type CodeHit, type CompiledMeasure, type CompiledRegimes, compileRegimes, lookupCode } from "./matcher.ts";
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
  type Verdict,
  worse,
} from "./result.ts";
import { convert, type FxTable, parseShipment, type Shipment, type ShipmentItem } from "./shipment.ts";

/** What verdicts need from the nomenclature (`@embargo/core/nomenclature` satisfies it). */
export interface NomenclatureLike {
  correlate(
    code: string,
    from: "HS2022" | "HS2017",
    to: "HS2022" | "HS2017",
  ): { code: string; relationship: "1:1" | "n:1" | "1:n" | "n:n" }[];
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
  /** Edition correlation for items whose `edition` differs from a list's. */
  nomenclature?: NomenclatureLike;
  /** Caller-supplied exchange rates for value thresholds (never invented). */
  fx?: FxTable;
}

type Active = 0 | 1 | 2 | 3; // none, export (destination), export (end user's country only), import

interface JCtx {
  id: string;
  name: string;
  type: "member" | "scenario";
  applies: boolean;
  why: string[];
  directions: ("export" | "import")[];
  coverage: Coverage;
  /** Reasons added to an otherwise clean item when coverage is partial. */
  gapReasons: Reason[];
  /** The reason of a clean item when coverage is complete. */
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

function since(m: Measure): string {
  return m.effective.until
    ? `in force ${m.effective.from} to ${m.effective.until}`
    : `in force since ${m.effective.from}`;
}

function baseReason(cm: CompiledMeasure, effect: Verdict, summary: string, hit?: CodeHit): Reason {
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

function buildContext(c: CompiledRegimes, s: Shipment, asOf: string, scenario: string | undefined): Ctx {
  const regimes = c.regimes;
  const n = regimes.measures.length;
  const active = new Uint8Array(n);
  const jpos = new Int16Array(n).fill(-1);
  const index = c.indexOf;
  const shipFrom = s.origin ?? s.exporter.country;
  const endUserCountry = s.endUser?.country ?? s.consignee.country;
  const origins = new Set(s.items.map((i) => i.originCountry).filter((x): x is string => x !== undefined));

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
    const gapReasons: Reason[] = [];
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
          consult =
            regimes.countryIn(m.countries, shipFrom) || [...origins].some((o) => regimes.countryIn(m.countries, o));
        }
        if (active[mi] !== 0) jpos[mi] = pos;
        if (!consult) continue;
        consulted.push(m.id);
        const cm = c.measures[mi] as CompiledMeasure;
        if (m.coverage.status === "partial") {
          partial.push({ measureId: m.id, note: m.coverage.note });
          // An all-goods measure covers every code or names it as excepted: "not in the encoded part" is never
          // true of it (its partiality, e.g. unlisted exemption conditions, stays in the jurisdiction's coverage).
          if (m.goods.kind !== "all_except")
            // A gap is a statement about coverage, not a hit: tagged `coverage` so front ends can group them.
            gapReasons.push({
              ...baseReason(
                cm,
                "REVIEW",
                `partial coverage: "${m.title}" is only partly encoded (${m.coverage.note}); this code is not in the encoded part, so it may still be covered`,
              ),
              kind: "coverage",
            });
        }
        if (m.goods.kind === "description") {
          const text = m.goods.text.length > 240 ? `${m.goods.text.slice(0, 237)}…` : m.goods.text;
          notChecked.push(`${m.id}: goods described in words are not matched automatically — ${text}`);
          gapReasons.push({
            ...baseReason(
              cm,
              "REVIEW",
              `not checked automatically: "${m.title}" covers goods described in words (${text}); compare the item's description`,
            ),
            kind: "coverage",
          });
        }
      }
    }
    const complete = partial.length === 0 && notChecked.length === 0;
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
      coverage: { status: complete ? "complete" : "partial", consulted, partial, notChecked },
      gapReasons,
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

  // Import measures: do the goods come from a country the measure names? An unknown origin, or processing in
  // a third country, makes a candidate — decided after the thresholds, which may put the item out of scope.
  let originCandidate: string | undefined;
  if (m.direction === "import") {
    const rule = m.originRule ?? "originating_or_consigned";
    const shipFrom = s.origin ?? s.exporter.country;
    const o = item.originCountry;
    const originIn = o !== undefined && regimes.countryIn(m.countries, o);
    const fromIn = regimes.countryIn(m.countries, shipFrom);
    const ok = rule === "originating_in" ? originIn : rule === "consigned_from" ? fromIn : originIn || fromIn;
    if (!ok) {
      if (o === undefined && rule !== "consigned_from")
        originCandidate = `the origin of the goods is not declared; the measure covers goods from ${m.countries.join(", ")}`;
      else if (rule === "processed_in_third_country_from_origin")
        originCandidate = `the measure also covers goods processed in a third country (here ${o ?? shipFrom}) from inputs originating in ${m.countries.join(", ")}: obtain evidence of the inputs' origin`;
      else return undefined;
      where = " (origin to be established)";
    } else where = ` from ${originIn ? `origin ${o}` : `consignment from ${shipFrom}`}`;
  }

  // Candidates: the code alone cannot decide.
  let candidate: string | undefined;
  if (hit.how === "broader_code")
    candidate = `code ${code} is broader than ${listed}: classify the goods further to tell whether they are covered`;
  else if (hit.how === "indicative")
    candidate = `code ${code} is an indicative code (${hit.prefix}) of goods described in words; compare the description`;
  else if (hit.partlyExcluded)
    candidate = `code ${code} is covered but some codes under it are excluded; classify further`;
  else if (hit.viaRelationship === "1:n" || hit.viaRelationship === "n:n")
    candidate = `code ${code} (${item.edition}) correlates ${hit.viaRelationship} with ${hit.via}, which is ${listed}: a possible match only`;
  else if (hit.editionDrift)
    candidate = `code ${code} is written in ${hit.editionDrift} but the list is in ${ed}; it was compared as written — confirm by correlation`;
  if (candidate) {
    const r = baseReason(
      cm,
      "REVIEW",
      `${head}${candidate} (would be: ${KIND_TEXT[m.kind]}${where}, ${since(m)})`,
      hit,
    );
    return r;
  }

  const matchText =
    hit.how === "all_except"
      ? `code ${code} is not among the exceptions of an all-goods measure`
      : `code ${code} is ${listed}${hit.via ? ` via correlated ${hit.via} (${hit.viaRelationship})` : ""}`;
  const notes: string[] = [];

  // Exemptions: automatic by code, or conditional (only when declared).
  const available: string[] = [];
  for (const { e, codes } of cm.exemptions) {
    const codeOk = codes ? codes.covering(code) !== undefined : true;
    if (!codeOk) continue;
    const needsDeclaration = e.condition !== undefined || !codes;
    if (!needsDeclaration || declared.has(e.id) || declared.has(e.category)) {
      const r = baseReason(
        cm,
        "NOT_RESTRICTED",
        `${head}${matchText}, but exempt: ${e.summary}${needsDeclaration ? ` (declared${e.condition ? `: ${e.condition}` : ""})` : ""}`,
        hit,
      );
      r.citations = [e.citation, ...m.legalBasis];
      return r;
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
    if (item.value === undefined) problem = `the value is not declared; the measure applies ${limit}`;
    else if (!item.currency) problem = `the currency of the value is not declared; the measure applies ${limit}`;
    else {
      const conv = convert(fx, item.value, item.currency, v.currency);
      if (!conv)
        problem = `the value (${fmtNum(item.value)} ${item.currency}) could not be compared with the threshold (${limit}): no ${item.currency}/${v.currency} exchange rate was supplied`;
      else {
        const rateText = conv.rate === 1 ? "" : ` (converted at ${conv.rate.toPrecision(6)}, ${fx?.source})`;
        if (item.quantity !== undefined) {
          const per = conv.amount / item.quantity;
          if (!compare(per, v.amount, v.comparison))
            return baseReason(
              cm,
              "NOT_RESTRICTED",
              `${head}${matchText}, but below the threshold: ${fmtNum(per)} ${v.currency} per item${rateText}; the measure applies ${limit}`,
              hit,
            );
          notes.push(`value ${fmtNum(per)} ${v.currency} per item${rateText} meets the threshold (${limit})`);
        } else if (!compare(conv.amount, v.amount, v.comparison)) {
          return baseReason(
            cm,
            "NOT_RESTRICTED",
            `${head}${matchText}, but below the threshold: the whole line is worth ${fmtNum(conv.amount)} ${v.currency}${rateText}; the measure applies ${limit}`,
            hit,
          );
        } else
          problem = `the quantity is not declared, so the value per item is unknown (line ${fmtNum(conv.amount)} ${v.currency}${rateText}); the measure applies ${limit}`;
      }
    }
    if (problem)
      return baseReason(
        cm,
        "REVIEW",
        `${head}${matchText}; ${problem} (would be: ${KIND_TEXT[m.kind]}${where}, ${since(m)})`,
        hit,
      );
  }
  if (t?.caratsPerStone) {
    const k = t.caratsPerStone;
    const limit = `${k.comparison === "above" ? "above" : "at or above"} ${k.min} carat per stone`;
    if (item.carats === undefined)
      return baseReason(
        cm,
        "REVIEW",
        `${head}${matchText}; the carat weight per stone is not declared; the measure applies ${limit} (would be: ${KIND_TEXT[m.kind]}${where}, ${since(m)})`,
        hit,
      );
    if (!compare(item.carats, k.min, k.comparison))
      return baseReason(
        cm,
        "NOT_RESTRICTED",
        `${head}${matchText}, but ${item.carats} carat per stone is below the threshold; the measure applies ${limit} (${since(m)})`,
        hit,
      );
    notes.push(`${item.carats} carat per stone meets the threshold (${limit})`);
  }

  if (originCandidate)
    return baseReason(
      cm,
      "REVIEW",
      `${head}${matchText}; ${originCandidate} (would be: ${KIND_TEXT[m.kind]}, ${since(m)})${notes.length > 0 ? `. ${notes.join("; ")}` : ""}`,
      hit,
    );

  // Grandfathering of earlier contracts.
  const g = m.grandfathering;
  if (g) {
    const gText = `contracts concluded before ${g.contractsConcludedBefore} may be executed until ${g.executionUntil}${g.note ? ` (${g.note})` : ""}`;
    if (s.contractDate !== undefined && s.contractDate < g.contractsConcludedBefore) {
      if (asOf <= g.executionUntil)
        return baseReason(
          cm,
          "REVIEW",
          `${head}${matchText}; grandfathered: the contract of ${s.contractDate} predates the measure — ${gText}; check the clause's conditions (otherwise: ${KIND_TEXT[m.kind]}${where})`,
          hit,
        );
      notes.push(`the grandfathering period ended on ${g.executionUntil}`);
    } else if (s.contractDate === undefined) notes.push(`${gText}: give the contract date to check`);
  }

  const effect = KIND_VERDICT[m.kind];
  const r = baseReason(
    cm,
    effect,
    `${head}${matchText}; ${KIND_TEXT[m.kind]}${where}, ${since(m)}${m.licensingPolicy ? `; licensing policy: ${m.licensingPolicy.replace(/_/g, " ")}` : ""}${notes.length > 0 ? `. ${capitalise(notes.join("; "))}` : ""}`,
    hit,
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
  return {
    measureId: `party:${h.list}:${h.sourceId}`,
    kind: "party_screening",
    effect,
    citation: `${h.list}${h.programmes.length > 0 ? ` (${h.programmes.join(", ")})` : ""}${h.listedOn ? `, listed ${h.listedOn}` : ""}`,
    summary: `${role.replace("_", " ")} "${name}" ${h.strength === "match" ? "matches" : "possibly matches"} "${h.name}" on ${h.list} (${h.sanctionKind.replace("_", " ")}, score ${h.score.toFixed(2)}): ${h.explanation}`,
  };
}

/**
 * Decides a parsed shipment. Throws `SCENARIO_NOT_FOUND` (not_found) for an unknown scenario and
 * `AS_OF_INVALID` (invalid_input) for a malformed date.
 */
export function decide(s: Shipment, options: DecideOptions): CheckResult {
  const { regimes } = options;
  const asOf = options.asOf ?? s.date;
  checkAsOfAndScenario(regimes, options.asOf, options.scenario);
  const c = compileRegimes(regimes);
  const ctx = getContext(c, s, asOf, options.scenario);
  const { js, active, jpos } = ctx;
  const declared = new Set((s.declarations ?? []).map((d) => d.toLowerCase()));
  const nj = js.length;
  const itemsByJ: ItemResult[][] = js.map(() => []);
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
      const r = evaluateHit(c, cm, h, item, s, asOf, active[h.mi] as Active, declared, options.fx);
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
        // A gap says "this code is not in the encoded part" — false for a measure that matched the item (and,
        // say, exempted it), so only the gaps of measures that did not match keep the item from a clean pass.
        const gaps =
          rs.length === 0 ? j.gapReasons : j.gapReasons.filter((g) => !rs.some((r) => r.measureId === g.measureId));
        if (gaps.length > 0) {
          v = "REVIEW";
          reasons = rs.length === 0 ? gaps : [...rs, ...gaps];
        } else reasons = rs.length === 0 ? [j.cleanReason] : rs.slice();
      } else reasons = rs.slice();
      const ir: ItemResult = { line, code: item.code, verdict: v, reasons };
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
  } else
    notes.push(
      `parties were not screened against sanctions lists (${options.unscreenedReason ?? "no screener supplied"})`,
    );
  if (!s.endUser) notes.push("no end user given: the consignee's country was taken as the end user's");
  if (asOf !== s.date) notes.push(`measures read as of ${asOf}, not the shipment date ${s.date}`);

  const jurisdictions: JurisdictionResult[] = js.map((j, k) => {
    const reasons = partyReasons.filter((p) => p.jurisdiction === j.id).map((p) => p.reason);
    let verdict: JurisdictionVerdict = j.applies ? "NOT_RESTRICTED" : "NOT_APPLICABLE";
    if (j.applies) {
      for (const it of itemsByJ[k] as ItemResult[]) verdict = worse(verdict, it.verdict);
      for (const r of reasons) verdict = worse(verdict, r.effect);
    }
    return {
      jurisdiction: j.id,
      name: j.name,
      type: j.type,
      applies: j.applies,
      why: j.why,
      directions: j.directions,
      verdict,
      coverage: j.coverage,
      reasons,
      items: itemsByJ[k] as ItemResult[],
      dataVersion: j.dataVersion,
    };
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

  const result: CheckResult = {
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
  if (s.id !== undefined) result.shipmentId = s.id;
  if (options.scenario !== undefined) result.scenario = options.scenario;
  return result;
}

/** Parses `input` as a shipment (throws `SHIPMENT_INVALID`) and decides it. */
export function check(input: unknown, options: DecideOptions): CheckResult {
  return decide(parseShipment(input), options);
}
