/**
 * Japan: the Export Trade Control Order (輸出貿易管理令, law ID 324CO0000000378) and METI Ordinance No. 15 of 2022
 * (「輸出貿易管理令別表第二の三の規定に基づき貨物を定める省令」, law ID 504M60000400015) from the e-Gov Law API
 * (Government of Japan Standard Terms of Use, CC BY 4.0 compatible).
 *
 * Format reference: e-Gov 法令API (https://laws.e-gov.go.jp/docs/law-data-basic/): version 2
 * `GET /api/2/law_data/{law_id}?law_full_text_format=xml&asof=YYYY-MM-DD` answers JSON with `law_info.law_id`,
 * `revision_info.amendment_enforcement_date` and `law_full_text` (the law as 法令標準XML, base64); version 1
 * `GET /api/1/lawdata/{law_id}` answers XML `DataRoot/Result/Code` ("0" = found) and `ApplData/LawFullText/Law`.
 * In 法令標準XML an appended table is `AppdxTable` with `AppdxTableTitle` ("別表第二の三（第二条関係）") and its
 * contents as `TableStruct/Table/TableRow/TableColumn` or `Item/ItemSentence/Sentence`.
 *
 * Mapped (export to Russia; the known regime `jp-fefta-russia-export-bans`):
 * - Ordinance 504M60000400015: table rows whose first cell is an HS code (arabic, full-width or kanji digits,
 *   "・" or "." separators) and that state no yen value → `export_ban` codes, dated from the revision's enforcement
 *   date; rows with a yen value (the luxury goods' price thresholds are not read) or without a code →
 *   `description-only`.
 * - Order 324CO0000000378: the items of 別表第二の三 → `description-only`, dated from the revision.
 * Description-only measures never make a verdict definite. Belarus (別表第二の四 etc.) is not read.
 */
import type { Measure } from "../schema.ts";
import {
  type MappedSource,
  malformed,
  parseJsonDocument,
  type RegimeSource,
  type SourceDocument,
  shortHash,
} from "./source.ts";
import { deepText, findAll, list, parseSourceXml, readTableCode, type XmlNode } from "./xml-util.ts";

export interface EGovTable {
  title: string;
  rows: { cells: string[]; code?: string }[];
  /** `Item` sentences (tables written as numbered items). */
  items: string[];
}

export interface EGovLaw {
  lawId: string;
  title: string;
  /** The revision's enforcement date (v2), when the answer carries it. */
  enforced?: string;
  tables: EGovTable[];
}

const KANJI = "〇一二三四五六七八九";

/** Full-width and kanji digits to ASCII, "・" to "."; other characters kept. */
export function asciiDigits(s: string): string {
  return [...s]
    .map((ch) => {
      const c = ch.charCodeAt(0);
      if (c >= 0xff10 && c <= 0xff19) return String(c - 0xff10);
      const k = KANJI.indexOf(ch);
      if (k >= 0) return String(k);
      if (ch === "・" || ch === "．") return ".";
      if (ch === "　") return " ";
      return ch;
    })
    .join("");
}

const ARRAYS = ["AppdxTable", "TableRow", "TableColumn", "Item", "Sentence"];

function readLawXml(source: string, doc: SourceDocument, law: XmlNode, lawId: string, enforced?: string): EGovLaw {
  const body = list(law, "LawBody")[0];
  if (!body) throw malformed(source, doc.url, "no Law/LawBody: not 法令標準XML");
  const tables: EGovTable[] = [];
  for (const t of findAll(body, "AppdxTable")) {
    const title = deepText(list(t, "AppdxTableTitle")[0]);
    const rows = findAll(t, "TableRow").map((r) => {
      const cells = list(r, "TableColumn").map((c) => asciiDigits(deepText(c)));
      const first = (cells[0] ?? "").replace(/^第/, "").replace(/号$/, "");
      const code = readTableCode(first)?.code;
      return { cells, ...(code ? { code } : {}) };
    });
    const items = findAll(t, "Item").map((i) => deepText(i));
    tables.push({ title, rows, items });
  }
  return { lawId, title: deepText(list(body, "LawTitle")[0]), ...(enforced ? { enforced } : {}), tables };
}

/** Parses an e-Gov answer (v2 JSON with base64 XML, or v1 XML); refused whole when malformed or another law. */
export function parseEGovLaw(source: string, doc: SourceDocument, lawId: string): EGovLaw {
  const head = new TextDecoder().decode(doc.bytes.subarray(0, 200)).trimStart();
  if (head.startsWith("{")) {
    const j = parseJsonDocument(source, doc) as {
      law_info?: { law_id?: unknown };
      revision_info?: { amendment_enforcement_date?: unknown };
      law_full_text?: unknown;
    };
    if (typeof j?.law_info?.law_id !== "string" || typeof j.law_full_text !== "string")
      throw malformed(source, doc.url, "no law_info.law_id or law_full_text (ask law_full_text_format=xml)");
    if (j.law_info.law_id !== lawId) throw malformed(source, doc.url, `law ${j.law_info.law_id}, not ${lawId}`);
    const d = j.revision_info?.amendment_enforcement_date;
    const enforced = typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined;
    // base64 as the API documents it for law_full_text_format=xml; an XML string is read as it is.
    const full = j.law_full_text.trimStart();
    const xml = {
      url: doc.url,
      bytes: full.startsWith("<") ? new TextEncoder().encode(full) : new Uint8Array(Buffer.from(full, "base64")),
    };
    const root = parseSourceXml(source, xml, ARRAYS);
    const law = list(root, "Law")[0];
    if (!law) throw malformed(source, doc.url, "law_full_text holds no Law element");
    return readLawXml(source, doc, law, lawId, enforced);
  }
  const root = parseSourceXml(source, doc, ARRAYS);
  const data = list(root, "DataRoot")[0];
  if (!data) throw malformed(source, doc.url, "neither an e-Gov v2 JSON answer nor a v1 DataRoot");
  const code = deepText(list(list(data, "Result")[0], "Code")[0]);
  if (code !== "0")
    throw malformed(
      source,
      doc.url,
      `e-Gov answered Result/Code ${code || "(none)"}: ${deepText(list(data, "Result")[0])}`,
    );
  const appl = list(data, "ApplData")[0];
  const id = deepText(list(appl, "LawId")[0]);
  if (id !== lawId) throw malformed(source, doc.url, `law ${id || "(none)"}, not ${lawId}`);
  const law = list(list(appl, "LawFullText")[0], "Law")[0];
  if (!law) throw malformed(source, doc.url, "ApplData/LawFullText holds no Law element");
  return readLawXml(source, doc, law, lawId);
}

interface JpDef {
  id: string;
  lawId: string;
  title: string;
  /** Appended tables read (title prefix); others are skipped. */
  tables: RegExp;
  /** Whether coded rows without a yen value are code-level measures. */
  codes: boolean;
}

const DEFS: JpDef[] = [
  {
    id: "jp-egov-meti-ordinance-2022-15",
    lawId: "504M60000400015",
    title: "e-Gov: METI Ordinance No. 15 of 2022 (goods under 別表第二の三 of the Export Trade Control Order)",
    tables: /^別表/,
    codes: true,
  },
  {
    id: "jp-egov-export-trade-control-order",
    lawId: "324CO0000000378",
    title: "e-Gov: Export Trade Control Order (輸出貿易管理令), 別表第二の三",
    tables: /^別表第二の三/,
    codes: false,
  },
];

/** Maps the law's tables to RU export measures dated from the revision's enforcement date (or `asOf`). */
export function mapEGovLaw(
  def: Pick<JpDef, "id" | "tables" | "codes">,
  law: EGovLaw,
  ctx: { asOf: string; retrievedAt: string; url: string },
): MappedSource {
  const date = law.enforced ?? ctx.asOf;
  const cite = `e-Gov law ${law.lawId}, revision in force ${date}`;
  const measures: Measure[] = [];
  let skipped = 0;
  const base = {
    jurisdiction: "JP" as const,
    kind: "export_ban" as const,
    direction: "export" as const,
    countries: ["RU"],
    exemptions: [],
    effective: { from: date },
    confidence: "verified" as const,
    source: { snapshot: cite, retrieved: ctx.retrievedAt.slice(0, 10) },
  };
  const legal = (table: string, note: string) => [
    {
      instrument: `${law.title || law.lawId} (${cite})`,
      annex: table,
      url: `https://laws.e-gov.go.jp/law/${law.lawId}`,
      note: `Imported from ${ctx.url} on ${ctx.retrievedAt}. ${note}`,
    },
  ];
  law.tables.forEach((t, n) => {
    if (!def.tables.test(t.title)) {
      skipped += t.rows.length + t.items.length;
      return;
    }
    const coded = def.codes ? t.rows.filter((r) => r.code && !r.cells.some((c) => /円/.test(c))) : [];
    const words = [
      ...t.rows.filter((r) => !coded.includes(r) && r.cells.some((c) => c.trim())).map((r) => r.cells.join(" ")),
      ...t.items,
    ];
    const label = t.title || `別表 ${n + 1}`;
    if (coded.length > 0) {
      const include = [...new Set(coded.map((r) => r.code as string))].sort();
      measures.push({
        ...base,
        id: `${def.id}-table${n + 1}-codes-${date}`,
        title: `${label} (HS-coded goods) — ${cite}`,
        summary: `${label}: ${include.length} HS code(s) read from the ${cite} (retrieved ${ctx.retrievedAt.slice(0, 10)}); export to Russia under the export-approval requirement (denial policy).`,
        goods: { kind: "codes", nomenclature: `JP${date.slice(0, 4)}`, include },
        legalBasis: legal(label, "Rows stating a yen value (price thresholds) are imported description-only."),
        coverage: { status: "partial", note: `The HS-coded rows of ${label} as in the ${cite}.` },
      });
    }
    if (words.length > 0)
      measures.push({
        ...base,
        id: `${def.id}-table${n + 1}-described-${date}-${shortHash(words.join("\n"))}`,
        title: `${label} (description-only) — ${cite}`,
        summary: `description-only: ${label}: ${words.length} entr(ies) described in words or with value thresholds, per the ${cite}; they never make a verdict definite.`,
        goods: {
          kind: "description",
          text: `description-only: ${label} (${cite})`,
          items: words.map((w, i) => ({ id: String(i + 1), text: w })),
        },
        legalBasis: legal(
          label,
          "Described in words (or with a value threshold not read): matched by description only.",
        ),
        coverage: {
          status: "partial",
          note: `description-only: the entries of ${label} are described in words; a match is a REVIEW, never definite.`,
        },
      });
  });
  return {
    measures,
    regimeHints: Object.fromEntries(measures.map((m) => [m.id, "jp-fefta-russia-export-bans"])),
    skipped,
    caveats: [
      def.codes
        ? "HS-coded rows without a yen value are imported as codes; rows with value thresholds (luxury goods) and rows in words are description-only."
        : "別表第二の三 is imported description-only (its goods are specified by METI Ordinance No. 15 of 2022: source jp-egov-meti-ordinance-2022-15).",
      "Measures are dated from the revision's enforcement date, not from the amendment that added each entry; Belarus is not read.",
    ],
    publicationDate: date,
  };
}

function eGovSource(def: JpDef): RegimeSource {
  return {
    id: def.id,
    jurisdiction: "JP",
    title: def.title,
    publisher: "Digital Agency, Government of Japan (e-Gov 法令検索)",
    licence: "Government of Japan Standard Terms of Use (CC BY 4.0 compatible)",
    formatReference: "https://laws.e-gov.go.jp/docs/law-data-basic/",
    defaultUrl: "https://laws.e-gov.go.jp/api/2/",
    urlNote:
      "The v2 law_data endpoint and its asof parameter are unverified from this machine (the network is closed); a v1 base URL (…/api/1/) is read too.",
    async download(ctx) {
      const b = ctx.baseUrl.endsWith("/") ? ctx.baseUrl : `${ctx.baseUrl}/`;
      const url = /\/api\/1\/$/.test(b)
        ? `${b}lawdata/${def.lawId}`
        : `${b}law_data/${def.lawId}?law_full_text_format=xml&asof=${ctx.asOf}`;
      const r = await ctx.get(url, { accept: "application/json, application/xml" });
      return [{ url, bytes: r.bytes }];
    },
    map(docs, ctx) {
      const doc = docs[0];
      if (!doc) throw malformed(def.id, ctx.baseUrl, "no document");
      return mapEGovLaw(def, parseEGovLaw(def.id, doc, def.lawId), { ...ctx, url: doc.url });
    },
  };
}

export const [jpEGovOrdinanceSource, jpEGovOrderSource] = DEFS.map(eGovSource) as [RegimeSource, RegimeSource];
