/**
 * Import decisions: ADMIT, REFUSE or NEEDS_EVIDENCE for the EU, UK or US on a date, from the dated rule data in
 * `data/diamonds/rules.json`. Every reason names its rule, citation and any doubt the data carries.
 *
 * Facts come from the lot and its verified lineage: Russian weight (mined in Russia), unknown weight, the
 * "exported from / transited Russia" flags, where it was processed, the heaviest stone (a parcel without per-stone
 * weights or `maxStoneMct` counts as above every threshold), KP certificates and G7 verifications on the path.
 * Unknown origin is never read as "probably fine": where a ban would apply if it were Russian, the answer is
 * NEEDS_EVIDENCE.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { EmbargoError, invalidInput, issuesFromZod } from "../errors/index.ts";
import { IsoDate, type KpCertificate, type Lot, type LotForm } from "./model.ts";

const Part = z.object({
  part: z.string(),
  nature: z.enum(["NATURAL", "SYNTHETIC"]).optional(),
  forms: z.array(z.string()),
  cnPrefixes: z.array(z.string()),
  citation: z.string(),
  doubt: z.string().optional(),
});
const Prohibition = z.object({
  id: z.string(),
  kind: z.enum(["direct", "indirect"]),
  from: IsoDate,
  parts: z.array(z.string()),
  minStoneMct: z.number().int().optional(),
  triggers: z.array(z.enum(["ru_origin", "exported_from_ru", "transited_ru", "ru_content"])),
  citation: z.string(),
  text: z.string(),
  doubt: z.string().optional(),
});
const Licence = z.object({
  id: z.string(),
  availableFrom: IsoDate,
  expires: IsoDate.optional(),
  appliesTo: z.array(z.string()),
  forms: z.array(z.string()).optional(),
  minStoneMct: z.number().int().optional(),
  maxStoneMct: z.number().int().optional(),
  locatedBefore: z.union([IsoDate, z.literal("rule-start")]),
  citation: z.string(),
  text: z.string(),
  doubt: z.string().optional(),
});
const EvidenceRule = z.object({
  id: z.string(),
  from: IsoDate.optional(),
  fromMonth: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  parts: z.array(z.string()),
  forms: z.array(z.string()).optional(),
  minStoneMct: z.number().int().optional(),
  requires: z.array(z.string()),
  unlessG7Verified: z.boolean().optional(),
  citation: z.string(),
  text: z.string(),
  doubt: z.string().optional(),
});
const Jurisdiction = z.object({
  coverage: z.enum(["full", "partial"]),
  coverageNote: z.string(),
  parts: z.array(Part),
  prohibitions: z.array(Prohibition),
  notActivated: z.array(
    z.object({
      id: z.string(),
      parts: z.array(z.string()),
      kind: z.string(),
      citation: z.string(),
      text: z.string(),
      doubt: z.string().optional(),
    }),
  ),
  licences: z.array(Licence),
  evidence: z.array(EvidenceRule),
});
export const RuleSet = z.object({
  version: z.string(),
  source: z.string(),
  jurisdictions: z.record(z.enum(["EU", "UK", "US"]), Jurisdiction),
});
export type RuleSet = z.infer<typeof RuleSet>;
export type JurisdictionCode = "EU" | "UK" | "US";

/** Loads and validates `diamonds/rules.json` from a data directory. */
export async function loadRules(dataDir: string): Promise<RuleSet> {
  const file = path.join(dataDir, "diamonds", "rules.json");
  const raw = JSON.parse(await readFile(file, "utf8")) as unknown;
  const r = RuleSet.safeParse(raw);
  if (!r.success)
    throw new EmbargoError({
      code: "DIAMOND_RULES_INVALID",
      category: "internal",
      message: "diamond rules file is invalid",
      issues: issuesFromZod(r.error, { file }),
    });
  return r.data;
}

export const Declaration = z.object({
  jurisdiction: z.enum(["EU", "UK", "US"]),
  date: IsoDate,
  /** Kinds of documents presented (hashes live in the events' evidence). */
  evidence: z.array(z.string()).default([]),
  grandfathering: z.object({ locatedOutsideRussiaSince: IsoDate, evidenceDocIds: z.array(z.string()) }).optional(),
});
export type Declaration = z.input<typeof Declaration>;

/** What the lineage tells the decision (from a verified bundle or the live registry). */
export interface LotFacts {
  lot: Lot;
  kpCertificates: KpCertificate[];
  /** A G7_VERIFY PASS on the path, not revoked. */
  g7Verified: boolean;
}

export type Outcome = "ADMIT" | "REFUSE" | "NEEDS_EVIDENCE";

export interface Reason {
  effect: Outcome | "INFO";
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

/** Decides the import of a lot. Pure: the same facts, declaration and rules always give the same decision. */
export function decideImport(facts: LotFacts, declInput: Declaration, rules: RuleSet): Decision {
  const pd = Declaration.safeParse(declInput);
  if (!pd.success)
    throw invalidInput("DECLARATION_INVALID", "import declaration is malformed", issuesFromZod(pd.error));
  const decl = pd.data;
  const j = rules.jurisdictions[decl.jurisdiction];
  if (!j) throw invalidInput("JURISDICTION_NOT_COVERED", `no diamond rules for ${decl.jurisdiction}`);
  const { lot } = facts;
  const date = decl.date;
  const reasons: Reason[] = [];
  const out = (decision: Outcome): Decision => ({
    decision,
    jurisdiction: decl.jurisdiction,
    date,
    lotId: lot.lotId,
    rulesetVersion: rules.version,
    coverage: j.coverage,
    reasons: [...reasons, { effect: "INFO", rule: "coverage", text: `coverage ${j.coverage}: ${j.coverageNote}` }],
  });

  if (lot.industrial) {
    reasons.push({ effect: "ADMIT", rule: "scope", text: "industrial diamonds fall outside the restrictions" });
    return out("ADMIT");
  }
  const cn = lot.cnCode;
  const part = j.parts.find(
    (p) =>
      p.forms.includes(lot.form) &&
      (p.nature === undefined || p.nature === lot.nature) &&
      p.cnPrefixes.some((x) => cn.startsWith(x)),
  );
  const ruMct = lot.origin.byCountry.RU ?? 0;
  const unknownMct = lot.origin.unknownMct;
  const processedThird = lot.origin.processedIn.some((c) => c !== "RU");
  const processedInRU = lot.origin.processedIn.includes("RU");
  const exp = lot.origin.exportedFromRU;
  const tr = lot.origin.transitedRU;
  const stone = heaviestStoneMct(lot);
  const stoneText = Number.isFinite(stone)
    ? ct(stone)
    : "unknown (no per-stone weights: counted as above every threshold)";

  if (!part) {
    const tainted = ruMct > 0 || unknownMct > 0 || exp !== false || tr !== false;
    reasons.push({
      effect: tainted ? "NEEDS_EVIDENCE" : "ADMIT",
      rule: "scope",
      text: `${lot.form} ${lot.nature} with code ${cn} is not among the ${decl.jurisdiction} codes in the bundled rules${tainted ? ", but the lot has Russian, unknown or Russia-routed content: coverage is partial, so it needs review" : ""}`,
    });
    return out(tainted ? "NEEDS_EVIDENCE" : "ADMIT");
  }
  reasons.push({
    effect: "INFO",
    rule: "scope",
    citation: part.citation,
    text: `in scope as ${decl.jurisdiction} part ${part.part} (code ${cn})`,
    doubt: part.doubt,
  });

  let refused = false;
  let needs = false;
  for (const p of j.prohibitions) {
    if (!p.parts.includes(part.part)) continue;
    const active = date >= p.from;
    // Whether the rule hits ("yes"), could hit if unknown content were Russian ("maybe"), or not.
    const h: { hit: "yes" | "maybe" | "no" } = { hit: "no" };
    const why: string[] = [];
    const yes = (text: string): void => {
      h.hit = "yes";
      why.push(text);
    };
    const maybe = (text: string): void => {
      if (h.hit === "no") h.hit = "maybe";
      why.push(text);
    };
    if (p.kind === "direct") {
      const unprocessed = !processedThird;
      if (p.triggers.includes("ru_origin")) {
        if ((ruMct > 0 && unprocessed) || processedInRU)
          yes(processedInRU ? "processed in Russia" : `${ct(ruMct)} mined in Russia`);
        else if (unknownMct > 0 && unprocessed) maybe(`${ct(unknownMct)} of unknown origin`);
      }
      if (p.triggers.includes("exported_from_ru") && unprocessed) {
        if (exp === true) yes("exported from Russia");
        else if (exp === "unknown") maybe("whether exported from Russia is unknown");
      }
      if (p.triggers.includes("transited_ru")) {
        if (tr === true && unprocessed) yes("transited Russia");
        else if (tr === true) maybe("inputs transited Russia before processing (not settled by the bundled rules)");
        else if (tr === "unknown") maybe("whether it transited Russia is unknown");
      }
    } else {
      const ruContent = ruMct > 0 || exp === true;
      const possible = unknownMct > 0 || exp === "unknown";
      const over = p.minStoneMct === undefined || stone >= p.minStoneMct;
      if (processedThird && over) {
        const threshold = `heaviest stone ${stoneText} ≥ ${ct(p.minStoneMct ?? 0)}`;
        if (ruContent) yes(`processed in ${lot.origin.processedIn.join(", ")} with Russian content, ${threshold}`);
        else if (possible) maybe(`processed in a third country with content of unknown origin, ${threshold}`);
      } else if (processedThird && (ruContent || possible) && active)
        reasons.push({
          effect: "INFO",
          rule: p.id,
          citation: p.citation,
          text: `heaviest stone ${stoneText} is below the ${ct(p.minStoneMct ?? 0)} threshold of ${p.id}`,
        });
    }
    const hit = h.hit;
    if (hit === "no") continue;
    if (!active) {
      reasons.push({
        effect: "INFO",
        rule: p.id,
        citation: p.citation,
        text: `${p.text}: applies only from ${p.from} (${why.join("; ")})`,
        doubt: p.doubt,
      });
      continue;
    }
    // Licences and grandfathering.
    const lic = j.licences.find(
      (l) =>
        l.appliesTo.includes(p.id) &&
        date >= l.availableFrom &&
        (l.expires === undefined || date < l.expires) &&
        (l.forms === undefined || l.forms.includes(lot.form)) &&
        (l.minStoneMct === undefined || stone >= l.minStoneMct) &&
        (l.maxStoneMct === undefined || stone <= l.maxStoneMct),
    );
    if (lic && decl.grandfathering) {
      const before = lic.locatedBefore === "rule-start" ? p.from : lic.locatedBefore;
      if (decl.grandfathering.locatedOutsideRussiaSince < before) {
        if (decl.grandfathering.evidenceDocIds.length > 0) {
          reasons.push({
            effect: "INFO",
            rule: lic.id,
            citation: lic.citation,
            text: `${p.id} would apply (${why.join("; ")}), but ${lic.text}: located outside Russia since ${decl.grandfathering.locatedOutsideRussiaSince}, evidence ${decl.grandfathering.evidenceDocIds.join(", ")}`,
            doubt: lic.doubt,
          });
          continue;
        }
        needs = true;
        reasons.push({
          effect: "NEEDS_EVIDENCE",
          rule: lic.id,
          citation: lic.citation,
          text: `${lic.text}: documents proving the location are missing`,
          doubt: lic.doubt,
        });
        continue;
      }
      reasons.push({
        effect: "INFO",
        rule: lic.id,
        citation: lic.citation,
        text: `${lic.id} needs the goods outside Russia before ${before}; declared since ${decl.grandfathering.locatedOutsideRussiaSince}`,
      });
    }
    if (hit === "yes") {
      refused = true;
      reasons.push({
        effect: "REFUSE",
        rule: p.id,
        citation: p.citation,
        text: `${p.text} (${why.join("; ")}), from ${p.from}`,
        doubt: p.doubt,
      });
    } else {
      needs = true;
      reasons.push({
        effect: "NEEDS_EVIDENCE",
        rule: p.id,
        citation: p.citation,
        text: `${p.text} would apply if the unknown content is Russian (${why.join("; ")}): evidence of origin needed`,
        doubt: p.doubt,
      });
    }
  }
  for (const n of j.notActivated)
    if (n.parts.includes(part.part) && processedThird && (ruMct > 0 || unknownMct > 0))
      reasons.push({ effect: "INFO", rule: n.id, citation: n.citation, text: n.text, doubt: n.doubt });
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
  for (const ev of j.evidence) {
    if (!ev.parts.includes(part.part)) continue;
    if (ev.forms && !ev.forms.includes(lot.form as LotForm)) continue;
    if (ev.minStoneMct !== undefined && stone < ev.minStoneMct) continue;
    const active = ev.from !== undefined ? date >= ev.from : date.slice(0, 7) >= (ev.fromMonth ?? "9999-12");
    if (!active) continue;
    if (ev.unlessG7Verified && facts.g7Verified) continue;
    const missing = ev.requires.filter((r) => !present.has(r));
    if (missing.length === 0)
      reasons.push({
        effect: "INFO",
        rule: ev.id,
        citation: ev.citation,
        text: `evidence present: ${ev.text}`,
        doubt: ev.doubt,
      });
    else {
      needs = true;
      reasons.push({
        effect: "NEEDS_EVIDENCE",
        rule: ev.id,
        citation: ev.citation,
        text: `${ev.text}: missing ${missing.join(", ")}`,
        doubt: ev.doubt,
      });
    }
  }
  if (needs) return out("NEEDS_EVIDENCE");
  reasons.push({
    effect: "ADMIT",
    rule: "result",
    text: `no ${decl.jurisdiction} prohibition in the bundled rules applies on ${date} and the required evidence is present`,
  });
  return out("ADMIT");
}
