/**
 * US eCFR: 15 CFR part 746 (EAR, embargoes and other special controls) as of a date, from the eCFR versioner API
 * (public domain, US Government work). The HTS-coded supplements that § 746.8 makes licence requirements for
 * Russia and Belarus become code-level measures.
 *
 * Format reference: eCFR API documentation, https://www.ecfr.gov/developers/documentation/api/v1 — versioner
 * `GET /api/versioner/v1/full/{YYYY-MM-DD}/title-15.xml?part=746` returns the part as eCFR XML (GPO e-CFR XML user
 * guide: https://github.com/usgpo/bulk-data/blob/main/ECFR-XML-User-Guide.md): the part is a `DIV5 TYPE="PART"`,
 * each supplement a `DIV9 TYPE="APPENDIX"` whose `HEAD` reads "Supplement No. N to Part 746—…", its tables HTML-like
 * `TABLE`/`TR`/`TH`/`TD` (the bulk-data files use `GPOTABLE`/`ROW`/`ENT`; both are read). The first cell of a row is
 * the HTS code ("8401.10"), the second its description.
 *
 * Mapped (what § 746.8(a) says of each supplement, 15 CFR as amended to 89 FR 87282):
 * - Supplement No. 4 — § 746.8(a)(5): licence required to or within Russia or Belarus → `licence_requirement`;
 * - Supplement No. 6 — § 746.8(a)(6): the same → `licence_requirement`;
 * - Supplement No. 2 — § 746.8(a)(4): licence required when you "know" the item is for deepwater, Arctic offshore or
 *   shale oil or gas production in Russia or Belarus → `end_user_restriction` (a REVIEW: the end use decides).
 * - Supplement No. 5 — § 746.8(a)(7): licence required for the luxury goods listed → `licence_requirement` with the
 *   per-unit value threshold of the row's third column ("Per Unit Wholesale Price in the U.S."; the first "$N" read,
 *   compared "above" as the bundled data do): one measure per threshold. Rows whose price column gives no dollar
 *   amount are imported as "ex" codes (a REVIEW: the threshold was not read), never as a definite requirement.
 * Not mapped: Supplement No. 7 — parsed, but not imported. Its heading (BIS interactive EAR, updated 2024-04-11)
 * names § 746.6 (Crimea), § 746.7 (Iran) and § 746.8 (Russia or Belarus), and the supplement's own text ties it to
 * the foreign direct product rules of § 734.9(f) (Russia/Belarus/Crimea) and (j) (Iran); but the § 746.8(a) text
 * read here (/work/shared/data/regimes/us_ear_part746_sections_ecfr_2024-11.md) cites it only in § 746.7(a)(1)(ii)
 * (Iran), so the paragraph that would make a listed item a licence requirement for Russia could not be read and
 * no measure is made from it (the bundled known regime `us-ear-746-supp7-hts-items` keeps it a REVIEW gap);
 * Supplement No. 3 (partner countries). Licence exceptions (§ 746.8(c)) are not imported.
 *
 * Dates: the Federal Register API (https://www.federalregister.gov/developers/documentation/api/v1,
 * `GET /api/v1/documents.json?conditions[cfr][title]=15&conditions[cfr][part]=746&conditions[type][]=RULE&…`, JSON
 * `results[]` with `citation`, `document_number`, `title`, `effective_on`, `html_url`) gives the rules amending
 * part 746: the latest one in effect on the as-of date dates the measures (the text read has stood since then) and
 * is cited in their legal basis. When the Federal Register cannot be reached the measures are dated from the as-of
 * date and the caveats say so; a Federal Register answer that is not the API's JSON is refused like the XML.
 */
import { parseXml, type XmlNode } from "../../screening/lists/xml.ts";
import type { Measure } from "../schema.ts";
import { type MappedSource, malformed, parseJsonDocument, type RegimeSource, type SourceDocument } from "./source.ts";
import { deepText, walk } from "./xml-util.ts";

const ID = "us-ecfr-746";

/** One supplement's rows. */
export interface EcfrSupplement {
  number: number;
  head: string;
  codes: {
    code: string;
    description: string /** Third cell (Supplement No. 5: per-unit wholesale price). */;
    price?: string;
  }[];
  /** Rows whose first cell is not an HTS code (headings, notes). */
  skipped: number;
}

const HTS = /^(?:\d{4})(?:\.\d{2}){0,3}$/;

/** Parses the part XML into its supplements (refused whole when not well-formed or not part 746). */
export function parseEcfrPart746(doc: SourceDocument): EcfrSupplement[] {
  const text = new TextDecoder("utf-8").decode(doc.bytes);
  if (/^\s*<!DOCTYPE html|^\s*<html/i.test(text))
    throw malformed(ID, doc.url, "an HTML page was served instead of the eCFR XML");
  let root: XmlNode;
  try {
    root = parseXml(text, doc.url, ["DIV5", "DIV9", "TABLE", "GPOTABLE", "TR", "TD", "TH", "ROW", "ENT"]);
  } catch (e) {
    throw malformed(ID, doc.url, (e as Error).message);
  }
  let part = false;
  const supplements: EcfrSupplement[] = [];
  walk(root, (key, n) => {
    if (/^DIV\d$/.test(key) && n["@TYPE"] === "PART" && String(n["@N"] ?? "") === "746") part = true;
    if (!/^DIV\d$/.test(key) || n["@TYPE"] !== "APPENDIX") return true;
    const head = deepText(n.HEAD);
    const m = /Supplement No\.\s*(\d+) to Part 746/i.exec(`${head} ${String(n["@N"] ?? "")}`);
    if (!m) return true;
    const sup: EcfrSupplement = { number: Number(m[1]), head, codes: [], skipped: 0 };
    walk(n, (k2, row) => {
      const cells = k2 === "TR" ? row.TD : k2 === "ROW" ? row.ENT : undefined;
      if (cells === undefined) return true;
      const list = (Array.isArray(cells) ? cells : [cells]).map((c) => deepText(c));
      const first = list[0] ?? "";
      if (HTS.test(first))
        sup.codes.push({
          code: first.replace(/\./g, ""),
          description: list[1] ?? "",
          ...(list[2] ? { price: list[2] } : {}),
        });
      else sup.skipped++;
      return false;
    });
    supplements.push(sup);
    return false;
  });
  if (!part) throw malformed(ID, doc.url, 'no DIV TYPE="PART" N="746": not the eCFR XML of 15 CFR part 746');
  return supplements;
}

const MAPPED: Record<number, { kind: Measure["kind"]; paragraph: string; what: string }> = {
  2: {
    kind: "end_user_restriction",
    paragraph: "§ 746.8(a)(4)",
    what: "licence required when the item is known to be for deepwater, Arctic offshore or shale oil or gas exploration or production in Russia or Belarus",
  },
  4: {
    kind: "licence_requirement",
    paragraph: "§ 746.8(a)(5)",
    what: "licence required to export, reexport or transfer to or within Russia or Belarus",
  },
  5: {
    kind: "licence_requirement",
    paragraph: "§ 746.8(a)(7)",
    what: "licence required to export, reexport or transfer (in-country) the luxury goods listed to or within Russia or Belarus",
  },
  6: {
    kind: "licence_requirement",
    paragraph: "§ 746.8(a)(6)",
    what: "licence required to export, reexport or transfer to or within Russia or Belarus",
  },
};

/** A rule amending part 746, from the Federal Register API. */
export interface FederalRegisterRule {
  citation: string;
  documentNumber: string;
  title: string;
  effectiveOn: string;
  url: string;
}

/** Parses a Federal Register `documents.json` answer (refused whole when it is not one). */
export function parseFederalRegisterRules(doc: SourceDocument): FederalRegisterRule[] {
  const j = parseJsonDocument(ID, doc) as { results?: unknown; count?: unknown };
  if (!j || typeof j !== "object" || !Array.isArray(j.results))
    throw malformed(ID, doc.url, "no results array: not a Federal Register API documents.json answer");
  const out: FederalRegisterRule[] = [];
  for (const r of j.results as Record<string, unknown>[]) {
    if (!r || typeof r !== "object" || typeof r.document_number !== "string")
      throw malformed(ID, doc.url, "a result without document_number");
    if (r.type !== undefined && r.type !== "Rule") continue;
    const eff = typeof r.effective_on === "string" && /^\d{4}-\d{2}-\d{2}$/.test(r.effective_on) ? r.effective_on : "";
    if (!eff) continue;
    out.push({
      citation: typeof r.citation === "string" ? r.citation : `FR Doc. ${r.document_number}`,
      documentNumber: r.document_number,
      title: typeof r.title === "string" ? r.title : "",
      effectiveOn: eff,
      url: typeof r.html_url === "string" ? r.html_url : `https://www.federalregister.gov/d/${r.document_number}`,
    });
  }
  return out;
}

/** The latest rule in effect on `asOf` (effective on or before it). */
export function latestRuleInEffect(rules: FederalRegisterRule[], asOf: string): FederalRegisterRule | undefined {
  return rules
    .filter((r) => r.effectiveOn <= asOf)
    .sort((a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || b.citation.localeCompare(a.citation))[0];
}

/** The first dollar amount of a price cell ("$300", "Greater than $50,000"), or undefined. */
export function readUsdAmount(cell: string | undefined): number | undefined {
  const m = /\$\s*([0-9][0-9,]*(?:\.[0-9]+)?)/.exec(cell ?? "");
  if (!m?.[1]) return undefined;
  const n = Number(m[1].replace(/,/g, ""));
  return n > 0 ? n : undefined;
}

/** Maps supplements 2, 4, 5 and 6 to measures (HTS codes of the as-of year), dated by the Federal Register when read. */
export function mapEcfrSupplements(
  sups: EcfrSupplement[],
  ctx: { asOf: string; retrievedAt: string; url: string; rules?: FederalRegisterRule[]; rulesUrl?: string },
): MappedSource {
  const measures: Measure[] = [];
  let skipped = 0;
  const rule = ctx.rules ? latestRuleInEffect(ctx.rules, ctx.asOf) : undefined;
  const from = rule?.effectiveOn ?? ctx.asOf;
  const cite = `eCFR as of ${ctx.asOf}`;
  const frBasis = rule
    ? [
        {
          instrument: `${rule.citation}${rule.title ? ` (${rule.title})` : ""}, effective ${rule.effectiveOn}`,
          url: rule.url,
          note: `The latest rule amending 15 CFR part 746 in effect on ${ctx.asOf} (Federal Register API, ${ctx.rulesUrl ?? ""}): the supplement as read has stood since ${rule.effectiveOn}.`,
        },
      ]
    : [];
  for (const s of [...sups].sort((a, b) => a.number - b.number)) {
    const def = MAPPED[s.number];
    skipped += s.skipped;
    if (!def) {
      skipped += s.codes.length;
      continue;
    }
    // Supplement No. 5: one group per per-unit threshold; rows without one become "ex" codes (REVIEW).
    const groups = new Map<string, { codes: string[]; amount?: number }>();
    for (const c of s.codes) {
      if (![4, 6, 8, 10].includes(c.code.length)) continue;
      const amount = s.number === 5 ? readUsdAmount(c.price) : undefined;
      const key = s.number !== 5 ? "" : amount ? `usd${amount}` : "unpriced";
      const g = groups.get(key) ?? { codes: [], ...(amount ? { amount } : {}) };
      g.codes.push(c.code);
      groups.set(key, g);
    }
    for (const [key, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const codes = [...new Set(g.codes)].sort();
      const unpriced = key === "unpriced";
      measures.push({
        id: `us-ecfr-746-supp${s.number}${key ? `-${key}` : ""}-${ctx.asOf}`,
        jurisdiction: "US",
        kind: def.kind,
        title: `15 CFR part 746, Supplement No. ${s.number} (${def.paragraph})${g.amount ? ` above USD ${g.amount} per unit` : unpriced ? " (price column not read)" : ""} — ${cite}${rule ? `, in force since ${rule.effectiveOn} (${rule.citation})` : ""}`,
        summary: `${s.head || `Supplement No. ${s.number} to Part 746`}: ${def.what}${g.amount ? ` when the per-unit wholesale price in the U.S. exceeds USD ${g.amount}` : ""}. ${codes.length} HTS code(s) read from the ${cite} (retrieved ${ctx.retrievedAt.slice(0, 10)})${rule ? `; dated from ${rule.citation}, effective ${rule.effectiveOn}` : ""}.`,
        direction: "export",
        countries: ["RU", "BY"],
        goods: {
          kind: "codes",
          nomenclature: `HTS${ctx.asOf.slice(0, 4)}`,
          include: codes,
          ...(unpriced
            ? { exCodes: codes, note: "The row's per-unit price column gave no dollar amount: a candidate (REVIEW)." }
            : {}),
        },
        exemptions: [],
        ...(g.amount
          ? {
              thresholds: {
                valuePerItem: {
                  amount: g.amount,
                  currency: "USD",
                  comparison: "above" as const,
                  basis: "per-unit wholesale price in the U.S. (Supplement No. 5 column)",
                },
              },
            }
          : {}),
        legalBasis: [
          {
            instrument: `15 CFR ${def.paragraph} (${cite})`,
            annex: `Supplement No. ${s.number} to Part 746`,
            url: ctx.url,
            note: `Imported from the eCFR versioner API on ${ctx.retrievedAt}; the date each code was added is not read.`,
          },
          ...frBasis,
        ],
        effective: { from },
        coverage: {
          status: "partial",
          note: `Codes of Supplement No. ${s.number} as in the ${cite}; in force from ${from}${rule ? ` (the latest amending rule in effect, ${rule.citation})` : " (the version read: the Federal Register was not read)"} as far as this import knows (earlier dates: bundled data); licence exceptions (§ 746.8(c)) not imported.`,
        },
        confidence: "verified",
        source: { snapshot: `eCFR 15 CFR part 746 ${cite}`, retrieved: ctx.retrievedAt.slice(0, 10) },
      });
    }
  }
  return {
    measures,
    // Each supplement is one of the US known regimes (`us-ear-746-supp<N>-…` in us.json).
    regimeHints: Object.fromEntries(measures.map((m) => [m.id, `us-ear-746-supp${/supp(\d+)/.exec(m.id)?.[1]}-`])),
    skipped,
    caveats: [
      "Supplements 2, 4, 5 (with the per-unit price thresholds read) and 6 are imported; Supplement 7 is parsed but not imported: its heading names § 746.8 (Russia or Belarus) besides Iran and Crimea, but the § 746.8(a) text read cites it nowhere (only § 746.7, Iran), so its Russia licence paragraph is not known here.",
      rule
        ? `Measures are dated from the latest rule amending part 746 in effect on ${ctx.asOf}: ${rule.citation}, effective ${rule.effectiveOn} (Federal Register API), not from the rule that added each code.`
        : "The Federal Register was not read: measures are dated from the eCFR version read (--as-of), not from the rules' effective dates.",
    ],
    publicationDate: ctx.asOf,
  };
}

const DEFAULT_URL = "https://www.ecfr.gov/api/versioner/v1/";

function partUrl(base: string, asOf: string): string {
  const b = base.endsWith("/") ? base : `${base}/`;
  return `${b}full/${asOf}/title-15.xml?part=746`;
}

/**
 * The Federal Register API query for the rules amending 15 CFR part 746 in effect on `asOf`. From the public eCFR,
 * the public Federal Register; from a mirror of the eCFR API (`…/api/versioner/v1/`), the same mirror's `…/api/v1/`.
 */
export function federalRegisterUrl(ecfrBase: string, asOf: string): string {
  const u = new URL(ecfrBase.endsWith("/") ? ecfrBase : `${ecfrBase}/`);
  const base = /(^|\.)ecfr\.gov$/.test(u.hostname)
    ? "https://www.federalregister.gov/api/v1/"
    : /api\/versioner\/v1\/$/.test(u.href)
      ? u.href.replace(/api\/versioner\/v1\/$/, "api/v1/")
      : `${u.href}federal-register/api/v1/`;
  const fields = ["citation", "document_number", "title", "type", "effective_on", "html_url"];
  return `${base}documents.json?conditions[cfr][title]=15&conditions[cfr][part]=746&conditions[type][]=RULE&conditions[effective_date][lte]=${asOf}&order=newest&per_page=100&${fields.map((f) => `fields[]=${f}`).join("&")}`;
}

export const usEcfrSource: RegimeSource = {
  id: ID,
  jurisdiction: "US",
  title: "eCFR 15 CFR part 746 (EAR): Supplements Nos. 2, 4, 5 and 6, dated by the Federal Register",
  publisher: "Office of the Federal Register / GPO (eCFR)",
  licence: "US Government work, public domain",
  formatReference: "https://www.ecfr.gov/developers/documentation/api/v1",
  defaultUrl: DEFAULT_URL,
  urlNote:
    "The versioner endpoint is the one in the project's source notes; the Federal Register API (https://www.federalregister.gov/api/v1/documents.json) is read for the effective dates [endpoints unverified from this machine: the network is closed].",
  async download(ctx) {
    const url = partUrl(ctx.baseUrl, ctx.asOf);
    const r = await ctx.get(url, { accept: "application/xml" });
    const docs: SourceDocument[] = [{ url, bytes: r.bytes }];
    // The effective dates are an addition: a Federal Register that cannot be reached leaves the measures dated from
    // the as-of date (the caveats say so); a body too large or malformed is refused like the eCFR XML.
    const frUrl = federalRegisterUrl(ctx.baseUrl, ctx.asOf);
    try {
      docs.push({ url: frUrl, bytes: (await ctx.get(frUrl, { accept: "application/json" })).bytes });
    } catch (e) {
      if ((e as { category?: string }).category !== "unavailable") throw e;
    }
    return docs;
  },
  map(docs, ctx) {
    const doc = docs[0];
    if (!doc) throw malformed(ID, ctx.baseUrl, "no document");
    const fr = docs[1];
    return mapEcfrSupplements(parseEcfrPart746(doc), {
      ...ctx,
      url: doc.url,
      ...(fr ? { rules: parseFederalRegisterRules(fr), rulesUrl: fr.url } : {}),
    });
  },
};
