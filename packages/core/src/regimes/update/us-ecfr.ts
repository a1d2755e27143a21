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
 * Not mapped: Supplement No. 5 (§ 746.8(a)(7) luxury goods: its per-unit value column is not read, and codes without
 * their threshold would give a false licence requirement), Supplement No. 7 (Iran, § 746.7), Supplement No. 3
 * (partner countries). The measures are dated from the as-of date asked (the version read), not from the rule that
 * added each code: the Federal Register effective dates are not fetched. Licence exceptions (§ 746.8(c)) are not
 * imported.
 */
import { parseXml, type XmlNode } from "../../screening/lists/xml.ts";
import type { Measure } from "../schema.ts";
import { type MappedSource, malformed, type RegimeSource, type SourceDocument } from "./source.ts";

const ID = "us-ecfr-746";

/** One supplement's rows. */
export interface EcfrSupplement {
  number: number;
  head: string;
  codes: { code: string; description: string }[];
  /** Rows whose first cell is not an HTS code (headings, notes). */
  skipped: number;
}

function deepText(node: unknown): string {
  if (node === null || node === undefined) return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(deepText).join(" ");
  if (typeof node === "object")
    return Object.entries(node as XmlNode)
      .filter(([k]) => !k.startsWith("@"))
      .map(([, v]) => deepText(v))
      .join(" ");
  return "";
}

function walk(node: unknown, visit: (key: string, n: XmlNode) => boolean | undefined): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
    return;
  }
  for (const [k, v] of Object.entries(node as XmlNode)) {
    if (k.startsWith("@") || k === "#text") continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      if (!x || typeof x !== "object") continue;
      if (visit(k, x as XmlNode) === false) continue;
      walk(x, visit);
    }
  }
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
    const head = deepText(n.HEAD).replace(/\s+/g, " ").trim();
    const m = /Supplement No\.\s*(\d+) to Part 746/i.exec(`${head} ${String(n["@N"] ?? "")}`);
    if (!m) return true;
    const sup: EcfrSupplement = { number: Number(m[1]), head, codes: [], skipped: 0 };
    walk(n, (k2, row) => {
      const cells = k2 === "TR" ? row.TD : k2 === "ROW" ? row.ENT : undefined;
      if (cells === undefined) return true;
      const list = (Array.isArray(cells) ? cells : [cells]).map((c) => deepText(c).replace(/\s+/g, " ").trim());
      const first = list[0] ?? "";
      if (HTS.test(first)) sup.codes.push({ code: first.replace(/\./g, ""), description: list[1] ?? "" });
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
  6: {
    kind: "licence_requirement",
    paragraph: "§ 746.8(a)(6)",
    what: "licence required to export, reexport or transfer to or within Russia or Belarus",
  },
};

/** Maps supplements 2, 4 and 6 to measures in force on `asOf` (HTS codes of the as-of year). */
export function mapEcfrSupplements(
  sups: EcfrSupplement[],
  ctx: { asOf: string; retrievedAt: string; url: string },
): MappedSource {
  const measures: Measure[] = [];
  let skipped = 0;
  for (const s of [...sups].sort((a, b) => a.number - b.number)) {
    const rule = MAPPED[s.number];
    skipped += s.skipped;
    if (!rule) {
      skipped += s.codes.length;
      continue;
    }
    const codes = [...new Set(s.codes.map((c) => c.code).filter((c) => [4, 6, 8, 10].includes(c.length)))].sort();
    if (codes.length === 0) continue;
    const cite = `eCFR as of ${ctx.asOf}`;
    measures.push({
      id: `us-ecfr-746-supp${s.number}-${ctx.asOf}`,
      jurisdiction: "US",
      kind: rule.kind,
      title: `15 CFR part 746, Supplement No. ${s.number} (${rule.paragraph}) — ${cite}`,
      summary: `${s.head || `Supplement No. ${s.number} to Part 746`}: ${rule.what}. ${codes.length} HTS code(s) read from the ${cite} (retrieved ${ctx.retrievedAt.slice(0, 10)}).`,
      direction: "export",
      countries: ["RU", "BY"],
      goods: { kind: "codes", nomenclature: `HTS${ctx.asOf.slice(0, 4)}`, include: codes },
      exemptions: [],
      legalBasis: [
        {
          instrument: `15 CFR ${rule.paragraph} (${cite})`,
          annex: `Supplement No. ${s.number} to Part 746`,
          url: ctx.url,
          note: `Imported from the eCFR versioner API on ${ctx.retrievedAt}; the date each code was added (Federal Register) is not read.`,
        },
      ],
      effective: { from: ctx.asOf },
      coverage: {
        status: "partial",
        note: `Codes of Supplement No. ${s.number} as in the ${cite}; in force from that date only as far as this import knows (earlier dates: bundled data); licence exceptions (§ 746.8(c)) not imported.`,
      },
      confidence: "verified",
      source: { snapshot: `eCFR 15 CFR part 746 ${cite}`, retrieved: ctx.retrievedAt.slice(0, 10) },
    });
  }
  return {
    measures,
    // Each supplement is one of the US known regimes (`us-ear-746-supp<N>-…` in us.json).
    regimeHints: Object.fromEntries(measures.map((m) => [m.id, `us-ear-746-supp${/supp(\d+)/.exec(m.id)?.[1]}-`])),
    skipped,
    caveats: [
      "Supplements 2, 4 and 6 are imported; Supplement 5 (luxury goods: per-unit value column) and 7 (Iran) are not.",
      "Measures are dated from the eCFR version read (--as-of), not from the Federal Register rule that added each code.",
    ],
    publicationDate: ctx.asOf,
  };
}

const DEFAULT_URL = "https://www.ecfr.gov/api/versioner/v1/";

function partUrl(base: string, asOf: string): string {
  const b = base.endsWith("/") ? base : `${base}/`;
  return `${b}full/${asOf}/title-15.xml?part=746`;
}

export const usEcfrSource: RegimeSource = {
  id: ID,
  jurisdiction: "US",
  title: "eCFR 15 CFR part 746 (EAR): Supplements Nos. 2, 4 and 6",
  publisher: "Office of the Federal Register / GPO (eCFR)",
  licence: "US Government work, public domain",
  formatReference: "https://www.ecfr.gov/developers/documentation/api/v1",
  defaultUrl: DEFAULT_URL,
  urlNote:
    "The versioner endpoint is the one in the project's source notes [endpoint unverified from this machine: the network is closed].",
  async download(ctx) {
    const url = partUrl(ctx.baseUrl, ctx.asOf);
    const r = await ctx.get(url, { accept: "application/xml" });
    return [{ url, bytes: r.bytes }];
  },
  map(docs, ctx) {
    const doc = docs[0];
    if (!doc) throw malformed(ID, ctx.baseUrl, "no document");
    return mapEcfrSupplements(parseEcfrPart746(doc), { ...ctx, url: doc.url });
  },
};
