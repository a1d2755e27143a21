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
 * - 833/2014 Annex XXI — Art. 3i import ban on goods from Russia → `import_ban` (RU);
 * - 833/2014 Annex XXIII — Art. 3k export ban (industrial goods) → `export_ban` (RU);
 * - 765/2006 Annex X — Art. 1o import ban on wood products from Belarus → `import_ban` (BY).
 * Parsed, not mapped: Annex XVIII (Art. 3h luxury goods: the per-item value thresholds stand in the annex's text and
 * are not read; the bundled data hold them) and every other annex. "ex" codes are imported as such (a hit is a
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
  codes: { code: string; ex: boolean; description: string }[];
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
  for (const tbl of findAll(n, "TBL"))
    for (const row of findAll(tbl, "ROW")) {
      if (row["@TYPE"] === "HEADER") continue;
      const cells = list(row, "CELL").map(deepText);
      const code = readTableCode(cells[0] ?? "");
      if (code) annex.codes.push({ ...code, description: cells[cells.length - 1] ?? "" });
      else annex.skipped++;
    }
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
    title: "EUR-Lex consolidated Reg. (EU) No 833/2014: Annexes XXI and XXIII",
    rules: {
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
      "Annexes XXI and XXIII are imported; Annex XVIII (luxury goods: per-item value thresholds in the annex text) and the other annexes are parsed but not imported (the bundled data hold them).",
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
    const include = [...new Set(a.codes.map((x) => x.code))].sort();
    const ex = [...new Set(a.codes.filter((x) => x.ex).map((x) => x.code))].sort();
    if (include.length === 0) continue;
    const id = `${def.id}-annex-${a.number.toLowerCase()}-${c.date}`;
    hints[id] = rule.regime;
    measures.push({
      id,
      jurisdiction: "EU",
      kind: rule.kind,
      title: `${def.instrument}, Art. ${rule.article}, Annex ${a.number} — ${cite}`,
      summary: `Annex ${a.number} (Art. ${rule.article}): ${rule.what}. ${include.length} CN code(s) read from the ${cite} (consolidation of ${c.date}, retrieved ${ctx.retrievedAt.slice(0, 10)}).`,
      direction: rule.direction,
      countries: [rule.country],
      goods: {
        kind: "codes",
        nomenclature: `CN${c.date.slice(0, 4)}`,
        include,
        ...(ex.length > 0
          ? { exCodes: ex, note: `${ex.length} "ex" code(s): only some goods under them are listed (REVIEW).` }
          : {}),
      },
      exemptions: [],
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
