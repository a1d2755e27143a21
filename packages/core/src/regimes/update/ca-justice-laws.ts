/**
 * Canada: the consolidated regulations under the Special Economic Measures Act from the Justice Laws website, as
 * full-document XML (Open Government Licence – Canada; reproduction of federal law permitted).
 *
 * Format reference: Justice Laws XML (https://laws-lois.justice.gc.ca/eng/XML/Legis.xml lists every act and
 * regulation with its XML link; point-in-time versions under "Previous Versions"): a `Regulation` with
 * `Identification/InstrumentNumber` ("SOR/2014-58"); each schedule a `Schedule` whose `ScheduleFormHeading` has a
 * `Label` ("SCHEDULE 7") and `OriginatingRef` ("(Section 3.1)"); schedule contents as `TableGroup` CALS tables
 * (`table/tgroup/tbody/row/entry`) or `List/Item`; LIMS attributes (`lims:inforce-start-date`) date each element.
 *
 * Mapped:
 * - SOR/2014-58 (Russia), Schedule 7: rows that carry an HS code → `export_ban` to Russia, one measure per in-force
 *   date of the rows (the prohibition attached to Schedule 7 is the one the bundled data encode, "export, sale,
 *   supply or shipment"; the section is cited as the document prints it); rows without a code → a
 *   `description-only` measure per date (a REVIEW, never definite). Other schedules are skipped (Schedule 6 mixes
 *   exports and imports in two parts this parser does not tell apart).
 * - The Belarus regulations (amended by SOR/2022-167): every schedule's items are imported `description-only`, with
 *   their dates and any HS code they print as indicative codes, as export candidates — which prohibition each
 *   schedule carries, and its direction, are not read from the text, so none of them can make a verdict definite.
 */
import type { Measure } from "../schema.ts";
import { type MappedSource, malformed, type RegimeSource, type SourceDocument, shortHash } from "./source.ts";
import { deepText, findAll, list, parseSourceXml, readTableCode, type XmlNode } from "./xml-util.ts";

/** One schedule row or list item. */
export interface JusticeItem {
  /** Item number as printed ("35.01"), when the row has one. */
  item?: string;
  text: string;
  codes: string[];
  /** `lims:inforce-start-date` of the row (or of its schedule, or of the document). */
  inForce?: string;
}

export interface JusticeSchedule {
  /** "7" of "SCHEDULE 7". */
  number: string;
  label: string;
  originatingRef: string;
  title: string;
  items: JusticeItem[];
}

export interface JusticeRegulation {
  instrument: string;
  title: string;
  /** `lims:current-date` (the consolidation's currency date) or `lims:lastAmendedDate`, when given. */
  currentTo?: string;
  lastAmended?: string;
  schedules: JusticeSchedule[];
}

const ARRAYS = ["Schedule", "row", "entry", "Item", "List", "TableGroup", "table", "tbody"];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dateAttr(n: XmlNode | undefined, name: string): string | undefined {
  const v = String(n?.[`@${name}`] ?? "");
  return ISO.test(v) ? v : undefined;
}

function readItems(s: XmlNode, fallback: string | undefined): JusticeItem[] {
  const items: JusticeItem[] = [];
  // Header rows sit in `thead`: only body rows are items.
  const bodies = findAll(s, "tbody");
  for (const row of (bodies.length ? bodies : [s]).flatMap((b) => findAll(b, "row"))) {
    const entries = list(row, "entry").map(deepText);
    if (entries.length === 0) continue;
    const codes = entries.map((e) => readTableCode(e)?.code).filter((c): c is string => Boolean(c));
    const words = entries.filter((e) => !readTableCode(e) && !/^\d+(?:\.\d+)?$/.test(e));
    const text = words.sort((a, b) => b.length - a.length)[0] ?? "";
    if (!text && codes.length === 0) continue;
    const item = entries.find((e) => /^\d+(?:\.\d+)?$/.test(e));
    items.push({
      ...(item ? { item } : {}),
      text,
      codes,
      ...(dateAttr(row, "inforce-start-date") || fallback
        ? { inForce: dateAttr(row, "inforce-start-date") ?? fallback }
        : {}),
    });
  }
  for (const it of findAll(s, "Item")) {
    const label = deepText(list(it, "Label")[0]);
    const text = deepText(list(it, "Text"));
    if (!text) continue;
    const d = dateAttr(it, "inforce-start-date") ?? fallback;
    items.push({ ...(label ? { item: label } : {}), text, codes: [], ...(d ? { inForce: d } : {}) });
  }
  return items;
}

/** Parses a Justice Laws regulation XML (refused whole when malformed or another instrument). */
export function parseJusticeRegulation(source: string, doc: SourceDocument, instrument: RegExp): JusticeRegulation {
  const root = parseSourceXml(source, doc, ARRAYS);
  const reg = root.Regulation as XmlNode | undefined;
  if (!reg || typeof reg !== "object")
    throw malformed(source, doc.url, "no Regulation element: not the Justice Laws XML of a regulation");
  const ident = list(reg, "Identification")[0];
  const number = deepText(list(ident, "InstrumentNumber")[0]);
  if (!instrument.test(number))
    throw malformed(source, doc.url, `instrument ${number || "(none)"} is not the one this source reads`);
  const docDate = dateAttr(reg, "inforce-start-date");
  const schedules: JusticeSchedule[] = [];
  for (const s of list(reg, "Schedule")) {
    const head = list(s, "ScheduleFormHeading")[0];
    const label = deepText(list(head, "Label")[0]);
    const m = /^SCHEDULE\s+([0-9]+[A-Z]?)\b/i.exec(label);
    if (!m?.[1]) continue;
    schedules.push({
      number: m[1],
      label,
      originatingRef: deepText(list(head, "OriginatingRef")[0]),
      title: deepText(list(head, "TitleText")[0]),
      items: readItems(s, dateAttr(s, "inforce-start-date") ?? docDate),
    });
  }
  const currentTo = dateAttr(reg, "current-date");
  const lastAmended = dateAttr(reg, "lastAmendedDate");
  return {
    instrument: number,
    title: deepText(list(ident, "LongTitle")[0]),
    ...(currentTo ? { currentTo } : {}),
    ...(lastAmended ? { lastAmended } : {}),
    schedules,
  };
}

interface CaDef {
  id: string;
  instrument: RegExp;
  title: string;
  country: "RU" | "BY";
  defaultPath: string;
  /** Schedules whose HS-coded rows are a definite export ban. */
  codedExportBan: string[];
  /** Schedules read (others are skipped: their direction and prohibition are not read); undefined: all. */
  schedules?: string[];
  regime: string;
}

const DEFS: CaDef[] = [
  {
    id: "ca-justice-sor-2014-58",
    instrument: /^SOR\/2014-58$/,
    title: "Justice Laws XML: Special Economic Measures (Russia) Regulations, SOR/2014-58",
    country: "RU",
    defaultPath: "eng/XML/SOR-2014-58.xml",
    codedExportBan: ["7"],
    schedules: ["7"],
    regime: "ca-sema-russia-exports",
  },
  {
    id: "ca-justice-belarus",
    instrument: /^SOR\/\d{4}-\d+$/,
    title: "Justice Laws XML: Special Economic Measures (Belarus) Regulations (as amended by SOR/2022-167)",
    country: "BY",
    defaultPath: "",
    codedExportBan: [],
    regime: "ca-sema-belarus",
  },
];

/** Maps a parsed regulation to dated measures (codes where the schedule is a known export ban; else descriptions). */
export function mapJusticeRegulation(
  def: Pick<CaDef, "id" | "country" | "codedExportBan" | "regime" | "schedules">,
  reg: JusticeRegulation,
  ctx: { asOf: string; retrievedAt: string; url: string },
): MappedSource {
  const measures: Measure[] = [];
  const hints: Record<string, string> = {};
  let skipped = 0;
  const asOfDoc = reg.currentTo ?? ctx.asOf;
  const cite = `Justice Laws XML, current to ${asOfDoc}`;
  const page = `https://laws-lois.justice.gc.ca/eng/regulations/${reg.instrument.replace("/", "-")}/`;
  for (const s of reg.schedules) {
    if (def.schedules && !def.schedules.includes(s.number)) {
      skipped += s.items.length;
      continue;
    }
    const coded = def.codedExportBan.includes(s.number);
    const byDate = new Map<string, JusticeItem[]>();
    for (const it of s.items) {
      const d = it.inForce ?? asOfDoc;
      byDate.set(d, [...(byDate.get(d) ?? []), it]);
    }
    for (const [date, items] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
      const withCodes = coded ? items.filter((i) => i.codes.length > 0) : [];
      const words = coded ? items.filter((i) => i.codes.length === 0) : items;
      const base = {
        jurisdiction: "CA" as const,
        kind: "export_ban" as const,
        direction: "export" as const,
        countries: [def.country],
        exemptions: [],
        effective: { from: date },
        confidence: "verified" as const,
        source: { snapshot: `${reg.instrument} ${cite}`, retrieved: ctx.retrievedAt.slice(0, 10) },
      };
      const legal = (note: string) => [
        {
          instrument: `${reg.title || reg.instrument}, ${reg.instrument} (${cite})`,
          ...(s.originatingRef ? { article: s.originatingRef.replace(/^\(|\)$/g, "") } : {}),
          annex: s.label,
          url: page,
          note: `Imported from ${ctx.url} on ${ctx.retrievedAt}. ${note}`,
        },
      ];
      if (withCodes.length > 0) {
        const include = [...new Set(withCodes.flatMap((i) => i.codes))].sort();
        const id = `${def.id}-sch${s.number.toLowerCase()}-codes-${date}`;
        hints[id] = def.regime;
        measures.push({
          ...base,
          id,
          title: `${reg.instrument}, ${s.label} (HS-coded items in force from ${date}) — ${cite}`,
          summary: `${s.label}${s.title ? ` (${s.title})` : ""}: ${withCodes.length} item(s) with ${include.length} HS code(s), in force from ${date} per the ${cite} (retrieved ${ctx.retrievedAt.slice(0, 10)}).`,
          goods: { kind: "codes", nomenclature: date >= "2022-01-01" ? "HS2022" : "HS2017", include },
          legalBasis: legal(
            "The prohibition attached to the schedule is the export, sale, supply or shipment to Russia that the bundled data encode.",
          ),
          coverage: {
            status: "partial",
            note: `The HS-coded items of ${s.label} as in the ${cite}; exceptions and permits not imported.`,
          },
        });
      }
      if (words.length > 0) {
        const id = `${def.id}-sch${s.number.toLowerCase()}-described-${date}-${shortHash(words.map((w) => w.text).join("\n"))}`;
        hints[id] = def.regime;
        const indicative = [...new Set(words.flatMap((i) => i.codes))].sort();
        measures.push({
          ...base,
          id,
          title: `${reg.instrument}, ${s.label} (description-only items in force from ${date}) — ${cite}`,
          summary: `description-only: ${s.label}${s.title ? ` (${s.title})` : ""}: ${words.length} item(s) described in words, in force from ${date} per the ${cite}; they never make a verdict definite.`,
          goods: {
            kind: "description",
            text: `description-only: ${s.label} items of ${reg.instrument} in force from ${date} (${cite})`,
            items: words.map((w, i) => ({
              id: w.item ?? String(i + 1),
              text: w.text,
              ...(w.codes.length ? { codes: w.codes } : {}),
            })),
            ...(indicative.length
              ? {
                  indicative: {
                    nomenclature: date >= "2022-01-01" ? "HS2022" : "HS2017",
                    prefixes: indicative,
                    source: `${reg.instrument} ${s.label} as printed (${cite})`,
                  },
                }
              : {}),
          },
          legalBasis: legal(
            coded
              ? "Items without an HS code: matched by description only."
              : "Which prohibition this schedule carries, and its direction, are not read from the text: imported as export candidates described in words.",
          ),
          coverage: {
            status: "partial",
            note: `description-only: the items of ${s.label} are described in words; a match is a REVIEW, never definite.`,
          },
        });
      }
    }
    if (s.items.length === 0) skipped++;
  }
  return {
    measures,
    regimeHints: hints,
    skipped,
    caveats: [
      def.codedExportBan.length
        ? `Schedule(s) ${def.codedExportBan.join(", ")}: HS-coded rows imported as export bans, dated from each row's in-force date; rows without a code description-only; the other schedules (e.g. Schedule 6, exports and imports in two parts) are not imported.`
        : "Every schedule is imported description-only as an export candidate (with any printed HS code as indicative): the prohibition each carries, and its direction, are not read.",
      "Exceptions, permits and the personal-effects exemption are not imported.",
    ],
    publicationDate: asOfDoc,
  };
}

function justiceSource(def: CaDef): RegimeSource {
  return {
    id: def.id,
    jurisdiction: "CA",
    title: def.title,
    publisher: "Department of Justice Canada (Justice Laws Website)",
    licence: "Open Government Licence – Canada (reproduction of federal law permitted)",
    formatReference: "https://laws-lois.justice.gc.ca/eng/XML/Legis.xml",
    defaultUrl: def.defaultPath ? `https://laws-lois.justice.gc.ca/${def.defaultPath}` : "",
    urlNote: def.defaultPath
      ? "The XML URL follows the pattern of the Justice Laws XML index [unverified from this machine: the network is closed]."
      : "No default: give the Justice Laws XML URL of the Belarus regulations with --url ca-justice-belarus=URL.",
    async download(ctx) {
      const r = await ctx.get(ctx.baseUrl, { accept: "application/xml" });
      return [{ url: ctx.baseUrl, bytes: r.bytes }];
    },
    map(docs, ctx) {
      const doc = docs[0];
      if (!doc) throw malformed(def.id, ctx.baseUrl, "no document");
      const reg = parseJusticeRegulation(def.id, doc, def.instrument);
      return mapJusticeRegulation(def, reg, { ...ctx, url: doc.url });
    },
  };
}

export const [caJusticeRussiaSource, caJusticeBelarusSource] = DEFS.map(justiceSource) as [RegimeSource, RegimeSource];
