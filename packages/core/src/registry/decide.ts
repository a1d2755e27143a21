/**
 * Import decisions: ADMIT, REFUSE or NEEDS_EVIDENCE for the EU, UK or US on a date.
 *
 * One rule source: what is banned, from when, for which codes, carat thresholds, origin rules and licences is read
 * from the regime measures (`data/regimes/*.json`, the {@link RegimeSet} shipment verdicts read), so a registry
 * decision and a shipment verdict cannot disagree on the law. Only the documents a checkpoint asks for (sunrise
 * evidence, KP listing, G7 node, DDS, US self-certification) come from `data/diamonds/evidence.json`.
 *
 * Facts come from the lot and its verified lineage ({@link LotFacts}): weight mined in Russia, unknown weight,
 * whether the goods were exported from or transited Russia (declared flags or the lineage's KP events, transfers
 * and holders' countries), where they were processed, the heaviest stone (a parcel without per-stone weights or
 * `maxStoneMct` counts as above every threshold), KP certificates and G7 verifications on the path. Unknown origin
 * is never read as "probably fine": where a ban would apply if it were Russian, the answer is NEEDS_EVIDENCE.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EmbargoError, invalidInput, issuesFromZod } from "../errors/index.ts";
import { loadRegimeSet, type RegimeSet } from "../regimes/load.ts";
import type { Exemption, Measure } from "../regimes/schema.ts";
import { CalendarDate } from "../runtime/calendar-date.ts";
import type { KpCertificate, Lot, LotForm } from "./model.ts";

const EvidenceRule = z.object({
  id: z.string(),
  /** Code prefixes the rule concerns; absent: every lot a measure of the jurisdiction covers. */
  cnPrefixes: z.array(z.string().regex(/^\d{2,10}$/)).optional(),
  forms: z.array(z.string()).optional(),
  from: CalendarDate.optional(),
  fromMonth: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  minStoneMct: z.number().int().optional(),
  requires: z.array(z.string()),
  unlessG7Verified: z.boolean().optional(),
  citation: z.string(),
  text: z.string(),
  doubt: z.string().optional(),
});
export const EvidenceFile = z.object({
  version: z.string(),
  source: z.string(),
  jurisdictions: z.record(
    z.enum(["EU", "UK", "US"]),
    z.object({ coverageNote: z.string(), evidence: z.array(EvidenceRule) }),
  ),
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/** What decisions read: the regime set (bans, thresholds, licences) and the checkpoint's evidence rules. */
export interface RuleSet {
  /** `<regime set version>+evidence-<evidence file version>`: named in every decision. */
  version: string;
  regimes: RegimeSet;
  evidence: EvidenceFile;
}
export type JurisdictionCode = "EU" | "UK" | "US";

/**
 * Loads `diamonds/evidence.json` from a data directory, with the regime set (given, or loaded from
 * `<dataDir>/regimes`). Throws `DIAMOND_RULES_INVALID` for a malformed evidence file.
 */
export async function loadRules(dataDir: string, regimes?: RegimeSet): Promise<RuleSet> {
  const file = path.join(dataDir, "diamonds", "evidence.json");
  const raw = JSON.parse(await readFile(file, "utf8")) as unknown;
  const r = EvidenceFile.safeParse(raw);
  if (!r.success)
    throw new EmbargoError({
      code: "DIAMOND_RULES_INVALID",
      category: "internal",
      message: "diamond evidence rules file is invalid",
      issues: issuesFromZod(r.error, { file }),
    });
  const set = regimes ?? (await loadRegimeSet(path.join(dataDir, "regimes")));
  return { version: `${set.version}+evidence-${r.data.version}`, regimes: set, evidence: r.data };
}

export const Declaration = z.object({
  jurisdiction: z.enum(["EU", "UK", "US"]),
  date: CalendarDate,
  /** Kinds of documents presented (hashes live in the events' evidence). */
  evidence: z.array(z.string()).default([]),
  /** Where the goods were: outside Russia since this date, with the documents proving it (pre-ban stock). */
  grandfathering: z.object({ locatedOutsideRussiaSince: CalendarDate, evidenceDocIds: z.array(z.string()) }).optional(),
  /**
   * Licences and exemptions relied on, by the regime data's exemption id or licence name (`GL 104A`, `gl-104a`,
   * `GBSAN0002`, `pre-ban-stock`, `personal-use`). Each is checked against its validity dates and, for pre-ban
   * stock, against `grandfathering` and the lineage. With `grandfathering` and no licence named, every pre-ban-stock
   * exemption of the jurisdiction is tried.
   */
  licences: z.array(z.string().min(1)).default([]),
});
export type Declaration = z.input<typeof Declaration>;

/** What the lineage says about Russia, beyond the flags declared on the lot. */
export interface RouteFacts {
  /** `true` when a KP export from Russia, an import into Russia, or Russian mining or processing is on the path. */
  exportedFromRU: boolean | "unknown";
  transitedRU: boolean | "unknown";
  /** Countries where the goods were processed: the lot's declaration plus the countries of MANUFACTURE actors. */
  processedIn: string[];
  /** The last day the lineage shows the goods in Russia (KP export from or import into Russia, Russian mining). */
  lastInRussia?: string;
  /** One line per fact, naming its event. */
  why: string[];
}

/** What the lineage tells the decision (from a verified bundle or the live registry). */
export interface LotFacts {
  lot: Lot;
  kpCertificates: KpCertificate[];
  /** A G7_VERIFY PASS on the path, not revoked. */
  g7Verified: boolean;
  /** Facts read from the verified lineage; absent: only the lot's declared flags are known. */
  route?: RouteFacts;
}

export type Outcome = "ADMIT" | "REFUSE" | "NEEDS_EVIDENCE";

export interface Reason {
  effect: Outcome | "INFO";
  /** A measure id (`data/regimes`), `<measure>/<exemption>`, an evidence rule id, or `scope` / `lineage` / `coverage` / `result`. */
  rule: string;
  citation?: string;
  text: string;
  doubt?: string;
}

export interface Decision {
  decision: Outcome;
  jurisdiction: JurisdictionCode;
  date: string;
  lotId: string;
  rulesetVersion: string;
  /** `partial` today for every jurisdiction (`full` is kept for data that would be complete). */
  coverage: "full" | "partial";
  reasons: Reason[];
}

const ct = (mct: number): string => `${(mct / 1000).toFixed(3).replace(/\.?0+$/, "")} ct`;

/** The heaviest stone, or Infinity when unknown (I6: absent per-stone data ⇒ above every threshold). */
export function heaviestStoneMct(l: Lot): number {
  if (l.pieces === 1) return l.weightMct;
  if (l.stones && l.stones.length === l.pieces) return Math.max(...l.stones.map((s) => s.weightMct));
  return l.maxStoneMct ?? Number.POSITIVE_INFINITY;
}

const tri = (a: boolean | "unknown", b: boolean | "unknown" | undefined): boolean | "unknown" =>
  a === true || b === true ? true : a === "unknown" || b === "unknown" ? "unknown" : false;

/** Licence names as users write them (`GL 104A`, `GBSAN0002`) against exemption ids (`gl-104a`, `gtl-gbsan0002`). */
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");
function names(e: Exemption, declared: string): boolean {
  const id = norm(e.id);
  const d = norm(declared);
  return d.length > 0 && (id === d || (d.length >= 6 && id.endsWith(d)));
}

function citationOf(m: Measure): string {
  const c = m.legalBasis[0];
  if (!c) return m.title;
  return [c.instrument, c.article ? `Art. ${c.article}` : "", c.annex ? `Annex ${c.annex}` : ""]
    .filter((x) => x !== "")
    .join(", ");
}

/** How the lot's code meets a measure's goods: a definite hit, a candidate (needs classification), or none. */
function codeMatch(m: Measure, cn: string): { how: "hit" | "candidate" | "none"; why?: string } {
  const g = m.goods;
  if (g.kind === "codes") {
    if (g.exclude?.some((x) => cn.startsWith(x))) return { how: "none" };
    const p = g.include.find((x) => cn.startsWith(x));
    if (p) {
      if (g.exCodes?.some((x) => cn.startsWith(x)))
        return { how: "candidate", why: `code ${cn} is under an "ex" code: only some goods under it are covered` };
      return { how: "hit", why: `code ${cn} is listed (${p})` };
    }
    if (g.include.some((x) => x.startsWith(cn) && x.length > cn.length))
      return { how: "candidate", why: `code ${cn} is broader than the listed codes: classify further` };
    return { how: "none" };
  }
  if (g.kind === "all_except")
    return g.except.some((x) => cn.startsWith(x)) ? { how: "none" } : { how: "hit", why: "all goods measure" };
  const ind = g.indicative?.prefixes.find((x) => cn.startsWith(x));
  if (ind)
    return {
      how: "candidate",
      why: `code ${cn} is an indicative code (${ind}) of goods described in words: ${g.text}`,
    };
  return { how: "none" };
}

/** Decides the import of a lot. Pure: the same facts, declaration and rules always give the same decision. */
export function decideImport(facts: LotFacts, declInput: Declaration, rules: RuleSet): Decision {
  const pd = Declaration.safeParse(declInput);
  if (!pd.success)
    throw invalidInput("DECLARATION_INVALID", "import declaration is malformed", issuesFromZod(pd.error));
  const decl = pd.data;
  const ev = rules.evidence.jurisdictions[decl.jurisdiction];
  const { regimes } = rules;
  if (!ev || !regimes.members.includes(decl.jurisdiction))
    throw invalidInput("JURISDICTION_NOT_COVERED", `no diamond rules for ${decl.jurisdiction}`);
  const measures = regimes
    .measuresOf(decl.jurisdiction)
    .filter((m) => m.direction === "import" && regimes.countryIn(m.countries, "RU"));
  // Every declared licence must name an exemption the jurisdiction knows: a typo must not pass silently.
  const allExemptions = measures.flatMap((m) => m.exemptions);
  for (const l of decl.licences)
    if (!allExemptions.some((e) => names(e, l)))
      throw invalidInput(
        "LICENCE_UNKNOWN",
        `licence or exemption "${l}" is not known for ${decl.jurisdiction}; known: ${[...new Set(allExemptions.map((e) => e.id))].join(", ")}`,
      );

  const { lot } = facts;
  const date = decl.date;
  const reasons: Reason[] = [];
  const out = (decision: Outcome): Decision => ({
    decision,
    jurisdiction: decl.jurisdiction,
    date,
    lotId: lot.lotId,
    rulesetVersion: rules.version,
    // Every jurisdiction's evidence rules (data/diamonds/evidence.json) and several of its measures are partial.
    coverage: "partial",
    reasons: [...reasons, { effect: "INFO", rule: "coverage", text: `coverage partial: ${ev.coverageNote}` }],
  });

  if (lot.industrial) {
    reasons.push({ effect: "ADMIT", rule: "scope", text: "industrial diamonds fall outside the restrictions" });
    return out("ADMIT");
  }
  const route = facts.route;
  const ruMct = lot.origin.byCountry.RU ?? 0;
  const unknownMct = lot.origin.unknownMct;
  const processedIn = [...new Set([...lot.origin.processedIn, ...(route?.processedIn ?? [])])];
  const processedThird = processedIn.some((c) => c !== "RU");
  const processedInRU = processedIn.includes("RU");
  const exp = tri(lot.origin.exportedFromRU, route?.exportedFromRU);
  const tr = tri(lot.origin.transitedRU, route?.transitedRU);
  const stone = heaviestStoneMct(lot);
  const stoneText = Number.isFinite(stone)
    ? ct(stone)
    : "unknown (no per-stone weights: counted as above every threshold)";
  for (const w of route?.why ?? []) reasons.push({ effect: "INFO", rule: "lineage", text: w });

  let refused = false;
  let needs = false;
  let inScope = false;
  for (const m of measures) {
    const match = codeMatch(m, lot.cnCode);
    if (match.how === "none") continue;
    inScope = true;
    if (m.effective.until !== undefined && date > m.effective.until) continue;
    const cite = citationOf(m);
    const doubt = m.confidence === "verified" ? undefined : `[${m.confidence}] ${m.coverage.note}`;
    // Whether the measure hits ("yes"), could hit if unknown content were Russian ("maybe"), or not.
    let hit: "yes" | "maybe" | "no" = "no";
    const why: string[] = [];
    const yes = (t: string) => {
      hit = "yes";
      why.push(t);
    };
    const maybe = (t: string) => {
      if (hit === "no") hit = "maybe";
      why.push(t);
    };
    const rule = m.originRule ?? "originating_or_consigned";
    const unprocessed = !processedThird;
    if (rule === "originating_in" || rule === "originating_or_consigned") {
      if ((ruMct > 0 && unprocessed) || processedInRU)
        yes(processedInRU ? "processed in Russia" : `${ct(ruMct)} mined in Russia (Russian origin)`);
      else if (unknownMct > 0 && unprocessed) maybe(`${ct(unknownMct)} of unknown origin`);
    }
    if ((rule === "consigned_from" || rule === "originating_or_consigned") && unprocessed) {
      if (exp === true) yes("exported from Russia");
      else if (exp === "unknown") maybe("whether the goods were exported from Russia is unknown");
    }
    if (rule === "processed_in_third_country_from_origin") {
      // Content counts when mined in Russia; for the EU also when exported from Russia (Art. 3p(3)-(4)).
      const viaExport = m.coversInputsExportedFrom === true;
      const content =
        ruMct > 0 ? `${ct(ruMct)} mined in Russia` : viaExport && exp === true ? "inputs exported from Russia" : "";
      if (content) yes(processedThird ? `processed in ${processedIn.join(", ")} from ${content}` : content);
      else if (unknownMct > 0) maybe(`${ct(unknownMct)} of unknown country of mining`);
      else if (viaExport && exp === "unknown") maybe("whether the inputs were exported from Russia is unknown");
    }
    if (m.coversTransit) {
      if (tr === true && unprocessed) yes("transited Russia");
      else if (tr === true) maybe("inputs transited Russia before processing (not settled by the data)");
      else if (tr === "unknown") maybe("whether the goods transited Russia is unknown");
    }
    if (hit === "no") continue;
    const caratRule = m.thresholds?.caratsPerStone;
    if (caratRule) {
      const minMct = Math.round(caratRule.min * 1000);
      const over = caratRule.comparison === "above" ? stone > minMct : stone >= minMct;
      if (!over) {
        if (date >= m.effective.from)
          reasons.push({
            effect: "INFO",
            rule: m.id,
            citation: cite,
            text: `heaviest stone ${stoneText} is below the ${ct(minMct)} threshold of ${m.title}`,
          });
        continue;
      }
      why.push(`heaviest stone ${stoneText} ${caratRule.comparison === "above" ? ">" : "≥"} ${ct(minMct)}`);
    }
    if (date < m.effective.from) {
      reasons.push({
        effect: "INFO",
        rule: m.id,
        citation: cite,
        text: `${m.title}: applies only from ${m.effective.from} (${why.join("; ")})`,
        doubt,
      });
      continue;
    }
    // Licences and exemptions, each within its own dates.
    // `pending`: an exemption relied on would apply once its documents or location date are given.
    let exempt = false;
    let pending = false;
    for (const e of m.exemptions) {
      const relied =
        decl.licences.some((l) => names(e, l)) ||
        (decl.licences.length === 0 && decl.grandfathering !== undefined && e.locatedOutsideBefore !== undefined);
      if (!relied) continue;
      const rid = `${m.id}/${e.id}`;
      const eCite = `${e.citation.instrument}${e.citation.article ? `, Art. ${e.citation.article}` : ""}`;
      const v = e.effective;
      if (v && (date < v.from || (v.until !== undefined && date > v.until))) {
        reasons.push({
          effect: "INFO",
          rule: rid,
          citation: eCite,
          text: `${e.id} is not valid on ${date} (valid ${v.from}${v.until ? ` to ${v.until}` : " onwards"}): ${e.summary}`,
        });
        continue;
      }
      const before = e.locatedOutsideBefore;
      if (before !== undefined) {
        const g = decl.grandfathering;
        if (!g) {
          pending = true;
          reasons.push({
            effect: "NEEDS_EVIDENCE",
            rule: rid,
            citation: eCite,
            text: `${e.id} needs the goods outside Russia before ${before}: declare since when, with documents`,
          });
          continue;
        }
        if (g.locatedOutsideRussiaSince >= before) {
          reasons.push({
            effect: "INFO",
            rule: rid,
            citation: eCite,
            text: `${e.id} needs the goods outside Russia before ${before}; declared since ${g.locatedOutsideRussiaSince}`,
          });
          continue;
        }
        const last = route?.lastInRussia;
        if (last !== undefined && last >= g.locatedOutsideRussiaSince) {
          reasons.push({
            effect: "INFO",
            rule: rid,
            citation: eCite,
            text: `${e.id} does not apply: the lineage shows the goods in Russia on ${last}, after the declared ${g.locatedOutsideRussiaSince}`,
          });
          continue;
        }
        if (g.evidenceDocIds.length === 0) {
          pending = true;
          reasons.push({
            effect: "NEEDS_EVIDENCE",
            rule: rid,
            citation: eCite,
            text: `${e.summary}: documents proving the location are missing`,
          });
          continue;
        }
        reasons.push({
          effect: "INFO",
          rule: rid,
          citation: eCite,
          text: `${m.title} would apply (${why.join("; ")}), but ${e.summary} Located outside Russia since ${g.locatedOutsideRussiaSince}, evidence ${g.evidenceDocIds.join(", ")}`,
          doubt: e.citation.note,
        });
        exempt = true;
        break;
      }
      reasons.push({
        effect: "INFO",
        rule: rid,
        citation: eCite,
        text: `${m.title} would apply (${why.join("; ")}), but declared: ${e.summary}${e.condition ? ` (${e.condition})` : ""}`,
        doubt: e.citation.note,
      });
      exempt = true;
      break;
    }
    if (exempt) continue;
    if (pending) {
      needs = true;
      continue;
    }
    if (match.how === "candidate") {
      needs = true;
      reasons.push({
        effect: "NEEDS_EVIDENCE",
        rule: m.id,
        citation: cite,
        text: `likely restricted by ${m.title} (${why.join("; ")}), but ${match.why}`,
        doubt,
      });
    } else if (hit === "yes" && m.kind === "import_ban") {
      refused = true;
      reasons.push({
        effect: "REFUSE",
        rule: m.id,
        citation: cite,
        text: `${m.title} (${why.join("; ")}), from ${m.effective.from}`,
        doubt,
      });
    } else {
      needs = true;
      reasons.push({
        effect: "NEEDS_EVIDENCE",
        rule: m.id,
        citation: cite,
        text:
          hit === "yes"
            ? `${m.title} (${why.join("; ")}): ${m.kind.replace(/_/g, " ")}`
            : `${m.title} would apply if the unknown content is Russian (${why.join("; ")}): evidence of origin needed`,
        doubt,
      });
    }
  }
  const tainted = ruMct > 0 || unknownMct > 0 || exp !== false || tr !== false;
  if (!inScope) {
    reasons.push({
      effect: tainted ? "NEEDS_EVIDENCE" : "ADMIT",
      rule: "scope",
      text: `${lot.form} ${lot.nature} with code ${lot.cnCode} is not covered by any ${decl.jurisdiction} import measure on Russian goods in the regime data${tainted ? ", but the lot has Russian, unknown or Russia-routed content: coverage is partial, so it needs review" : ""}`,
    });
    return out(tainted ? "NEEDS_EVIDENCE" : "ADMIT");
  }
  // Partial coverage of a matched measure, said once per measure, when the lot has content it may concern.
  if (tainted || processedThird)
    for (const m of measures)
      if (
        codeMatch(m, lot.cnCode).how !== "none" &&
        m.coverage.status === "partial" &&
        !reasons.some((r) => r.rule === m.id && r.text.startsWith("coverage of"))
      )
        reasons.push({ effect: "INFO", rule: m.id, text: `coverage of ${m.id}: ${m.coverage.note}` });
  if (refused) return out("REFUSE");

  // Evidence required by date.
  const present = new Set(decl.evidence);
  if (facts.g7Verified) present.add("G7_VERIFIED");
  if (facts.kpCertificates.length > 0) present.add("KP_CERT");
  const kpLists =
    facts.kpCertificates.length > 0 && facts.kpCertificates.every((c) => !c.mixed || c.origins.length > 0);
  const mixed = facts.kpCertificates.some((c) => c.mixed);
  if (kpLists || !mixed) present.add("KP_LISTS_ALL_ORIGINS");
  if (unknownMct === 0) present.add("KNOWN_COUNTRY_OF_MINING");
  for (const r of ev.evidence) {
    if (r.cnPrefixes && !r.cnPrefixes.some((x) => lot.cnCode.startsWith(x))) continue;
    if (r.forms && !r.forms.includes(lot.form as LotForm)) continue;
    if (r.minStoneMct !== undefined && stone < r.minStoneMct) continue;
    const active = r.from !== undefined ? date >= r.from : date.slice(0, 7) >= (r.fromMonth ?? "9999-12");
    if (!active) continue;
    if (r.unlessG7Verified && facts.g7Verified) continue;
    const missing = r.requires.filter((x) => !present.has(x));
    if (missing.length === 0)
      reasons.push({
        effect: "INFO",
        rule: r.id,
        citation: r.citation,
        text: `evidence present: ${r.text}`,
        doubt: r.doubt,
      });
    else {
      needs = true;
      reasons.push({
        effect: "NEEDS_EVIDENCE",
        rule: r.id,
        citation: r.citation,
        text: `${r.text}: missing ${missing.join(", ")}`,
        doubt: r.doubt,
      });
    }
  }
  if (needs) return out("NEEDS_EVIDENCE");
  reasons.push({
    effect: "ADMIT",
    rule: "result",
    text: `no ${decl.jurisdiction} prohibition in the regime data applies on ${date} and the required evidence is present`,
  });
  return out("ADMIT");
}
