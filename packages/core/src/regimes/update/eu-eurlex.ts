/**
 * EU: the consolidated text of Council Regulation (EU) No 833/2014 (Russia) and Council Regulation (EC) No 765/2006
 * (Belarus) from EUR-Lex / the Publications Office's Cellar, in Formex 4 (EU reuse policy, Commission Decision
 * 2011/833/EU). The annex tables listing CN codes become code-level measures dated from the consolidation date.
 *
 * Format reference: Formex 4 (https://op.europa.eu/en/web/eu-vocabularies/formex): a consolidated version is a
 * `CONS.ACT` whose `INFO.CONSLEG` carries `CONSLEG.REF` ("2014R0833") and `START.DATE` (YYYYMMDD, the date of the
 * consolidation, as in CELEX 02014R0833-YYYYMMDD); its annexes are `CONS.ANNEX` (or `ANNEX`) elements whose
 * `TITLE/TI` reads "ANNEX XXI", with tables as `TBL/CORPUS/ROW/CELL` (`ROW TYPE="HEADER"` for the header, the CN
 * code in the first cell: "4407 10", "ex 7208 51 20"). The Cellar serves the Formex of a CELEX number as a zip of one
 * XML file per part (`Accept: application/zip;mtype=fmx4`); this source reads that zip (its `.xml` parts; stored or
 * deflated, expansion bounded) or one XML document holding the act and its annexes.
 *
 * Mapped (articles and annexes from the domain brief, `docs/regimes.md`):
 * - 833/2014 Annex XVIII — Art. 3h export ban on luxury goods → `export_ban` (RU) with a per-item value threshold in
 *   EUR ("above", as the bundled data compare): one measure per threshold. The threshold of a row is the one amount
 *   "EUR N" stated by the row's own text, else by the last heading row above it in its table, else by the heading
 *   (`TITLE`) of its enclosing `GR.SEQ` section, else by the annex's own text outside tables and sections (the general
 *   per-item value). A text stating two different amounts states none. Rows with no threshold read are imported as
 *   "ex" codes (a REVIEW), never as a ban regardless of value: no default amount is assumed.
 * - 833/2014 Annex XXI — Art. 3i import ban on goods from Russia → `import_ban` (RU);
 * - 833/2014 Annex XXIII — Art. 3k export ban (industrial goods) → `export_ban` (RU);
 * - 765/2006 Annex X — Art. 1o import ban on wood products from Belarus → `import_ban` (BY).
 * Parsed, not mapped: every other annex. "ex" codes are imported as such (a hit is a
 * candidate, REVIEW). Wind-down periods, exemptions and derogations are not imported.
 */
import type { Measure } from "../schema.ts";
import { type MappedSource, malformed, type RegimeSource, type SourceDocument } from "./source.ts";
import {
  deepText,
  findAll,
  isZip,
  list,
  parseSourceXml,
  readTableCode,
  unzipXmlDocuments,
  type XmlNode,
} from "./xml-util.ts";

/** One annex table read from a consolidated text. */
export interface EurLexAnnex {
  /** Roman numeral as printed ("XXI", "XXXVIII-A"). */
  number: string;
  title: string;
  codes: {
    code: string;
    ex: boolean;
    description: string;
    /**
     * Per-item value threshold in EUR that applies to the row (Annex XVIII) and where it was read; `amount` absent
     * when the nearest text mentioning EUR states no single readable amount (unclear: a REVIEW).
     */
    threshold?: { amount?: number; from: "row" | "table heading" | "section heading" | "annex text" };
  }[];
  /** Rows whose first cell is not a CN code (headers, headings, notes). */
  skipped: number;
}

export interface EurLexConsolidation {
  /** `2014R0833` */
  act: string;
  /** Consolidation date (ISO). */
  date: string;
  /** CELEX of the consolidated version, `02014R0833-20240625`. */
  celex: string;
  annexes: EurLexAnnex[];
}

const ARRAYS = ["CONS.ANNEX", "ANNEX", "TBL", "ROW", "CELL", "P", "GR.SEQ"];

function isoOf(yyyymmdd: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/**
 * The one per-item EUR amount a text states ("… exceeding EUR 1 000 per item"; spaces, no-break spaces or commas
 * between thousands): `undefined` when the text does not mention EUR, `null` when it does but no single amount can
 * be read (several different amounts, or one written otherwise) — unclear, so not guessed and not inherited.
 */
export function readEurAmount(text: string): number | null | undefined {
  const t = text.replace(/&#(?:160|x[aA]0|8239|x202[fF]);/g, " ");
  if (!/\bEUR\b/.test(t)) return undefined;
  const read = [...t.matchAll(/\bEUR\s*(\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+)(?![\d.,&])/g)].map((m) =>
    Number((m[1] ?? "").replace(/[ \u00a0\u202f,]/g, "")),
  );
  const amounts = new Set(read);
  // Every mention of EUR must carry an amount, and all the same one.
  const mentions = t.match(/\bEUR\b/g)?.length ?? 0;
  const [only] = amounts;
  // A zero, or an amount past 2^53 (a hostile or garbled figure), is no threshold.
  return only && Number.isSafeInteger(only) && amounts.size === 1 && read.length === mentions ? only : null;
}

/** Text of a node outside its tables, section groups and title (an annex's own introductory words). */
function ownText(n: XmlNode): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (k.startsWith("@") || ["TBL", "GR.SEQ", "TITLE"].includes(k)) continue;
    for (const x of Array.isArray(v) ? v : [v])
      parts.push(typeof x === "object" && x !== null ? ownText(x as XmlNode) : String(x ?? ""));
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

function readAnnex(n: XmlNode): EurLexAnnex | undefined {
  const title = list(n, "TITLE")[0];
  const ti = deepText(list(title, "TI")[0] ?? title);
  const m = /^ANNEX\s+([IVXLC]+(?:-[A-Z])?)\b/i.exec(ti);
  if (!m?.[1]) return undefined;
  const annex: EurLexAnnex = {
    number: m[1].toUpperCase(),
    title: deepText(title),
    codes: [],
    skipped: 0,
  };
  type Threshold = NonNullable<EurLexAnnex["codes"][number]["threshold"]>;
  const at = (amount: number | null | undefined, from: Threshold["from"]): Threshold | undefined =>
    amount === undefined ? undefined : amount === null ? { from } : { amount, from };
  // A threshold stated by a row beats its table's heading row, which beats its section's heading, which beats the
  // annex's own introductory text (read from the nearest enclosing element that states one).
  const readTables = (node: XmlNode, inherited: Threshold | undefined): void => {
    const own = node === n ? at(readEurAmount(ownText(n)), "annex text") : undefined;
    const scope = own ?? inherited;
    for (const tbl of list(node, "TBL")) {
      let heading: Threshold | undefined;
      for (const row of findAll(tbl, "ROW")) {
        if (row["@TYPE"] === "HEADER") continue;
        const cells = list(row, "CELL").map(deepText);
        const code = readTableCode(cells[0] ?? "");
        if (!code) {
          annex.skipped++;
          heading = at(readEurAmount(cells.join(" ")), "table heading") ?? heading;
          continue;
        }
        const threshold = at(readEurAmount(cells.slice(1).join(" ")), "row") ?? heading ?? scope;
        annex.codes.push({ ...code, description: cells[cells.length - 1] ?? "", ...(threshold ? { threshold } : {}) });
      }
    }
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("@") || k === "TBL" || k === "TITLE") continue;
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!x || typeof x !== "object") continue;
        const child = x as XmlNode;
        const section =
          k === "GR.SEQ" ? at(readEurAmount(deepText(list(child, "TITLE")[0])), "section heading") : undefined;
        readTables(child, section ?? scope);
      }
    }
  };
  readTables(n, undefined);
  return annex;
}

/** Parses the Formex document(s) of one consolidated version (refused whole when malformed or another act). */
export function parseEurLexFormex(source: string, docs: SourceDocument[], act: string): EurLexConsolidation {
  let date: string | undefined;
  const annexes: EurLexAnnex[] = [];
  // The Cellar's fmx4 package is a zip of one XML file per part: its parts are read as documents.
  for (const doc of docs.flatMap((d) => (isZip(d.bytes) ? unzipXmlDocuments(source, d) : [d]))) {
    const root = parseSourceXml(source, doc, ARRAYS);
    for (const info of findAll(root, "INFO.CONSLEG")) {
      const ref = String(info["@CONSLEG.REF"] ?? "");
      if (ref !== act)
        throw malformed(source, doc.url, `a consolidated version of ${ref || "an unnamed act"}, not of ${act}`);
      const d = isoOf(String(info["@START.DATE"] ?? ""));
      if (!d) throw malformed(source, doc.url, "INFO.CONSLEG has no valid START.DATE (the consolidation date)");
      if (date && d !== date) throw malformed(source, doc.url, `parts of two consolidations (${date} and ${d})`);
      date = d;
    }
    for (const tag of ["CONS.ANNEX", "ANNEX"])
      for (const n of findAll(root, tag)) {
        const a = readAnnex(n);
        if (a) annexes.push(a);
      }
  }
  const where = docs[0]?.url ?? source;
  if (!date)
    throw malformed(source, where, "no INFO.CONSLEG with CONSLEG.REF: not the Formex of a consolidated version");
  return { act, date, celex: `0${act}-${date.replaceAll("-", "")}`, annexes };
}

/** How an annex of an act is mapped. */
interface AnnexRule {
  kind: Measure["kind"];
  direction: Measure["direction"];
  country: "RU" | "BY";
  article: string;
  what: string;
  /** Id prefix of the known regime it encodes part of (eu.json). */
  regime: string;
  /** Rows carry per-item value thresholds (Annex XVIII): one measure per threshold. */
  perItemThreshold?: boolean;
}

interface EurLexAct {
  id: string;
  act: string;
  instrument: string;
  title: string;
  rules: Record<string, AnnexRule>;
  caveat: string;
}

const ACTS: EurLexAct[] = [
  {
    id: "eu-eurlex-833",
    act: "2014R0833",
    instrument: "Council Regulation (EU) No 833/2014",
    title: "EUR-Lex consolidated Reg. (EU) No 833/2014: Annexes XVIII, XXI and XXIII",
    rules: {
      XVIII: {
        kind: "export_ban",
        direction: "export",
        country: "RU",
        article: "3h",
        what: "export ban on the luxury goods listed (to Russia or for use in Russia)",
        regime: "eu-833-art3h-",
        perItemThreshold: true,
      },
      XXI: {
        kind: "import_ban",
        direction: "import",
        country: "RU",
        article: "3i",
        what: "import ban on the goods listed (originating in or exported from Russia)",
        regime: "eu-833-art3i-",
      },
      XXIII: {
        kind: "export_ban",
        direction: "export",
        country: "RU",
        article: "3k",
        what: "export ban on the goods listed (to Russia or for use in Russia)",
        regime: "eu-833-art3k-",
      },
    },
    caveat:
      "Annexes XVIII (with the per-item EUR thresholds read from each row, its table's heading row, its section heading or the annex's own text; rows with none read are REVIEW candidates), XXI and XXIII are imported; the other annexes are parsed but not imported (the bundled data hold them).",
  },
  {
    id: "eu-eurlex-765",
    act: "2006R0765",
    instrument: "Council Regulation (EC) No 765/2006",
    title: "EUR-Lex consolidated Reg. (EC) No 765/2006: Annex X",
    rules: {
      X: {
        kind: "import_ban",
        direction: "import",
        country: "BY",
        article: "1o",
        what: "import ban on the wood products listed (originating in or exported from Belarus)",
        regime: "eu-765-2006-belarus-imports",
      },
    },
    caveat: "Annex X (Art. 1o) is imported; the other annexes of Reg. 765/2006 are parsed but not imported.",
  },
];

/** Maps the annexes of `act` that have a rule to measures in force from the consolidation date. */
export function mapEurLex(
  def: Pick<EurLexAct, "id" | "instrument" | "rules" | "caveat">,
  c: EurLexConsolidation,
  ctx: { retrievedAt: string; urls: string[] },
): MappedSource {
  const measures: Measure[] = [];
  const hints: Record<string, string> = {};
  let skipped = 0;
  const url = `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${c.celex}`;
  const cite = `EUR-Lex consolidated text CELEX ${c.celex}`;
  for (const a of c.annexes) {
    skipped += a.skipped;
    const rule = def.rules[a.number];
    if (!rule) {
      skipped += a.codes.length;
      continue;
    }
    // Annex XVIII: one measure per per-item threshold read; rows whose threshold was not read become "ex" codes
    // (a REVIEW), never a definite ban. Other annexes: one measure.
    const groups = new Map<string, { rows: EurLexAnnex["codes"]; amount?: number }>();
    for (const row of a.codes) {
      const amount = rule.perItemThreshold ? row.threshold?.amount : undefined;
      const key = !rule.perItemThreshold ? "" : amount ? `eur${amount}` : "unpriced";
      const g = groups.get(key) ?? { rows: [], ...(amount ? { amount } : {}) };
      g.rows.push(row);
      groups.set(key, g);
    }
    for (const [key, g] of [...groups].sort(([x], [y]) => x.localeCompare(y, "en", { numeric: true }))) {
      const unpriced = key === "unpriced";
      const include = [...new Set(g.rows.map((x) => x.code))].sort();
      const ex = unpriced ? include : [...new Set(g.rows.filter((x) => x.ex).map((x) => x.code))].sort();
      const from = [...new Set(g.rows.map((x) => x.threshold?.from).filter(Boolean))].join(", ");
      const id = `${def.id}-annex-${a.number.toLowerCase()}${key ? `-${key}` : ""}-${c.date}`;
      hints[id] = rule.regime;
      const above = g.amount ? ` above EUR ${g.amount} per item` : unpriced ? " (per-item threshold not read)" : "";
      measures.push({
        id,
        jurisdiction: "EU",
        kind: rule.kind,
        title: `${def.instrument}, Art. ${rule.article}, Annex ${a.number}${above} — ${cite}`,
        summary: `Annex ${a.number} (Art. ${rule.article}): ${rule.what}${g.amount ? ` of a value exceeding EUR ${g.amount} per item (per-item threshold read from the annex: ${from})` : ""}. ${include.length} CN code(s) read from the ${cite} (consolidation of ${c.date}, retrieved ${ctx.retrievedAt.slice(0, 10)}).`,
        direction: rule.direction,
        countries: [rule.country],
        goods: {
          kind: "codes",
          nomenclature: `CN${c.date.slice(0, 4)}`,
          include,
          ...(unpriced
            ? {
                exCodes: ex,
                note: "No per-item value threshold could be read for these rows (row, table heading, section heading or the annex's text): a candidate (REVIEW).",
              }
            : ex.length > 0
              ? { exCodes: ex, note: `${ex.length} "ex" code(s): only some goods under them are listed (REVIEW).` }
              : {}),
        },
        exemptions: [],
        ...(g.amount
          ? {
              thresholds: {
                valuePerItem: {
                  amount: g.amount,
                  currency: "EUR",
                  comparison: "above" as const,
                  basis: `value per item, as stated in Annex ${a.number} (${from}) of the ${cite}`,
                },
              },
            }
          : {}),
        legalBasis: [
          {
            instrument: `${def.instrument} (${cite})`,
            article: rule.article,
            annex: a.number,
            url,
            note: `Imported from ${ctx.urls.join(", ")} on ${ctx.retrievedAt}; the date each code was added (amending regulation) is not read.`,
          },
        ],
        effective: { from: c.date },
        coverage: {
          status: "partial",
          note: `Codes of Annex ${a.number} as in the consolidation of ${c.date}; in force from that date as far as this import knows (earlier dates: bundled data); wind-down periods, exemptions and derogations not imported.`,
        },
        confidence: "verified",
        source: { snapshot: `${cite} (Formex)`, retrieved: ctx.retrievedAt.slice(0, 10) },
      });
    }
  }
  return {
    measures,
    regimeHints: hints,
    skipped,
    caveats: [
      def.caveat,
      "Measures are dated from the consolidation date (CELEX 0YYYYRNNNN-YYYYMMDD), not from the amending act that added each code.",
    ],
    publicationDate: c.date,
  };
}

function eurLexSource(def: EurLexAct): RegimeSource {
  return {
    id: def.id,
    jurisdiction: "EU",
    title: def.title,
    publisher: "Publications Office of the European Union (EUR-Lex / Cellar)",
    licence: "EU reuse policy (Commission Decision 2011/833/EU)",
    formatReference: "https://op.europa.eu/en/web/eu-vocabularies/formex",
    defaultUrl: "",
    urlNote: `No default: give the Formex XML of a consolidated version of ${def.act.slice(0, 4)}/${def.act.slice(5)} with --url ${def.id}=URL (the Cellar's fmx4 zip package of CELEX 0${def.act}-YYYYMMDD, or one XML file of the act with its annexes) [the Cellar URL pattern is unverified from this machine: the network is closed].`,
    async download(ctx) {
      const r = await ctx.get(ctx.baseUrl, { accept: "application/zip;mtype=fmx4, application/xml;q=0.9" });
      return [{ url: ctx.baseUrl, bytes: r.bytes }];
    },
    map(docs, ctx) {
      if (docs.length === 0) throw malformed(def.id, ctx.baseUrl, "no document");
      const c = parseEurLexFormex(def.id, docs, def.act);
      return mapEurLex(def, c, { retrievedAt: ctx.retrievedAt, urls: docs.map((d) => d.url) });
    },
  };
}

export const [euEurLex833Source, euEurLex765Source] = ACTS.map(eurLexSource) as [RegimeSource, RegimeSource];
