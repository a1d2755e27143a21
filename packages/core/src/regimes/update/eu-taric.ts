/**
 * EU: TARIC measures whose legal base is Council Regulation (EU) No 833/2014 (Russia) or Council Regulation (EC)
 * No 765/2006 (Belarus), read from a TARIC3 XML extraction (DG TAXUD), with each measure's validity start and end
 * dates.
 *
 * Format reference: the TARIC3 XML schema of DG TAXUD (namespaces `urn:publicid:-:DGTAXUD:GENERAL:ENVELOPE:1.0` and
 * `urn:publicid:-:DGTAXUD:TARIC:MESSAGE:1.0`), as reproduced by public readers of it (e.g. the UK's tariff
 * management tool `uktrade/tamato`, `common/assets/envelope.xsd` and `taric3.xsd`, checked with the code search): an
 * `envelope` of `transaction`s of `app.message`s, each a `transmission` of `record`s (`record.code`,
 * `subrecord.code`, `update.type`: 1 update, 2 delete, 3 insert) holding one TARIC record:
 * - `measure` (430 00): `measure.sid`, `measure.type`, `geographical.area`, `goods.nomenclature.item.id` (10 digits,
 *   zero-padded: "8450111100" is CN 8450 11 11), `validity.start.date`, `validity.end.date`,
 *   `measure.generating.regulation.id`;
 * - `measure.type` (140 00): `measure.type.id`, `trade.movement.code` (0 import, 1 export, 2 both);
 * - `measure.type.description` (140 05): `measure.type.id`, `language.id`, `description`;
 * - `modification.regulation` (290 00): `modification.regulation.id` and `base.regulation.id` (the act it amends).
 * A regulation id is the usage letter, the year's two digits, the four-digit number and a suffix ("R" 14 0833 x is
 * Reg. 833/2014), per the TARIC3 regulation id format.
 *
 * Mapped: measures for the geographical area RU (833/2014) or BY (765/2006) whose generating regulation is the act
 * itself or a modification regulation of it given in the same file. The direction is the measure type's trade
 * movement code (a type the file does not describe is skipped: its direction is unknown). A measure type whose
 * English description names a prohibition becomes an `import_ban`/`export_ban`; any other type (a restriction, a
 * control, a type with no description) imports its codes as candidates ("ex" codes, REVIEW). Measure conditions,
 * footnotes and certificates (the exemptions TARIC attaches) are not read, so even a ban is `partial` coverage.
 * Country groups (erga omnes, groups containing RU or BY) are not expanded: such measures are skipped.
 */
import type { Measure } from "../schema.ts";
import { type MappedSource, malformed, type RegimeSource, type SourceDocument } from "./source.ts";
import { findAll, parseSourceXml, type XmlNode } from "./xml-util.ts";

/** One TARIC measure row read from the extraction. */
export interface TaricMeasure {
  sid: string;
  type: string;
  area: string;
  /** Goods code with the zero padding removed (4, 6, 8 or 10 digits). */
  code: string;
  start: string;
  end?: string;
  regulation: string;
}

export interface TaricExtraction {
  measures: TaricMeasure[];
  /** measure.type.id → trade movement code ("0" import, "1" export, "2" both). */
  movement: Record<string, string>;
  /** measure.type.id → English description. */
  descriptions: Record<string, string>;
  /** modification.regulation.id → base.regulation.id */
  amends: Record<string, string>;
  /** Measure records deleted (update.type 2) or not well formed. */
  skipped: number;
}

const ARRAYS = ["transaction", "app.message", "record"];

const text = (n: unknown, key: string): string => {
  const v = n && typeof n === "object" ? (n as XmlNode)[key] : undefined;
  return typeof v === "string" || typeof v === "number" ? String(v).trim() : "";
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isIso = (d: string) => ISO.test(d) && !Number.isNaN(Date.parse(d));

/** "8450111100" → "84501111", "8450000000" → "8450": the zero pairs TARIC pads a code with. */
export function taricCode(id: string): string | undefined {
  if (!/^\d{10}$/.test(id)) return undefined;
  let c = id;
  while (c.length > 4 && c.endsWith("00")) c = c.slice(0, -2);
  return c;
}

/** Parses TARIC3 XML documents (refused whole when malformed or not a TARIC3 envelope). */
export function parseTaric(source: string, docs: SourceDocument[]): TaricExtraction {
  const out: TaricExtraction = { measures: [], movement: {}, descriptions: {}, amends: {}, skipped: 0 };
  for (const doc of docs) {
    const root = parseSourceXml(source, doc, ARRAYS);
    if (!root.envelope || typeof root.envelope !== "object")
      throw malformed(source, doc.url, "no TARIC3 envelope: not a TARIC3 XML extraction");
    for (const record of findAll(root.envelope, "record")) {
      const update = text(record, "update.type");
      if (!["1", "2", "3"].includes(update))
        throw malformed(source, doc.url, `a record with update.type "${update}" (1, 2 or 3 expected)`);
      const m = record.measure as XmlNode | undefined;
      if (m && typeof m === "object") {
        const code = taricCode(text(m, "goods.nomenclature.item.id"));
        const start = text(m, "validity.start.date");
        const end = text(m, "validity.end.date");
        if (update === "2" || !code || !isIso(start) || (end && !isIso(end))) {
          out.skipped++;
          continue;
        }
        out.measures.push({
          sid: text(m, "measure.sid"),
          type: text(m, "measure.type"),
          area: text(m, "geographical.area"),
          code,
          start,
          ...(end ? { end } : {}),
          regulation: text(m, "measure.generating.regulation.id"),
        });
        continue;
      }
      const t = record["measure.type"];
      if (t && typeof t === "object") out.movement[text(t, "measure.type.id")] = text(t, "trade.movement.code");
      const d = record["measure.type.description"];
      if (d && typeof d === "object" && text(d, "language.id") === "EN")
        out.descriptions[text(d, "measure.type.id")] = text(d, "description");
      const r = record["modification.regulation"];
      if (r && typeof r === "object") out.amends[text(r, "modification.regulation.id")] = text(r, "base.regulation.id");
    }
  }
  return out;
}

interface TaricAct {
  /** TARIC regulation id without its suffix: usage letter, year, number. */
  prefix: string;
  country: "RU" | "BY";
  instrument: string;
}

const ACTS: TaricAct[] = [
  {
    prefix: "R140833",
    country: "RU",
    instrument: "Council Regulation (EU) No 833/2014",
  },
  {
    prefix: "R060765",
    country: "BY",
    instrument: "Council Regulation (EC) No 765/2006",
  },
];

const REG_ID = /^[CRDAIJ]\d{2}\d{4}[0-9A-Z]$/;

/** Maps the TARIC measures of 833/2014 and 765/2006 to measures, one per (act, type, direction, dates). */
export function mapTaric(x: TaricExtraction, ctx: { retrievedAt: string; urls: string[] }): MappedSource {
  const groups = new Map<string, { act: TaricAct; m: TaricMeasure; via: string; dir: "import" | "export" }[]>();
  let skipped = x.skipped;
  for (const m of x.measures) {
    const base = REG_ID.test(m.regulation) ? (x.amends[m.regulation] ?? m.regulation) : "";
    const act = ACTS.find((a) => base.startsWith(a.prefix) && base.length === 8 && m.area === a.country);
    const movement = x.movement[m.type];
    if (!act || !movement || !["0", "1", "2"].includes(movement)) {
      skipped++;
      continue;
    }
    for (const dir of movement === "2"
      ? (["import", "export"] as const)
      : movement === "0"
        ? ["import" as const]
        : ["export" as const]) {
      const key = [act.prefix, m.type, dir, m.start, m.end ?? ""].join("|");
      const g = groups.get(key) ?? [];
      g.push({ act, m, via: m.regulation, dir });
      groups.set(key, g);
    }
  }
  const measures: Measure[] = [];
  const hints: Record<string, string> = {};
  let latest = "";
  for (const [key, rows] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const first = rows[0];
    if (!first) continue;
    const { act, m, dir } = first;
    const description = x.descriptions[m.type] ?? "";
    const ban = /prohibition/i.test(description);
    const codes = [...new Set(rows.map((r) => r.m.code))].sort();
    const regs = [...new Set(rows.map((r) => r.via))].sort();
    const sids = rows.map((r) => r.m.sid).filter(Boolean);
    if (m.start > latest) latest = m.start;
    const id = `eu-taric-${act.prefix.slice(3).toLowerCase()}-${m.type.toLowerCase()}-${dir}-${m.start}${m.end ? `-to-${m.end}` : ""}`;
    // A TARIC measure names its regulation, not the article or annex: it is linked to no known regime (a hint no
    // regime id starts with), so no "not encoded" package is marked partial by it.
    hints[id] = "(TARIC: article not given)";
    const what = description
      ? `TARIC measure type ${m.type} "${description}"`
      : `TARIC measure type ${m.type} (no description in the file)`;
    measures.push({
      id,
      jurisdiction: "EU",
      kind: dir === "import" ? "import_ban" : "export_ban",
      title: `${act.instrument} — ${what}, ${dir} ${act.country}, TARIC validity ${m.start}${m.end ? ` to ${m.end}` : ""}`,
      summary: `${what} for ${act.country} (${dir}), generated by TARIC regulation ${regs.join(", ")} (${act.instrument}${regs.some((r) => !r.startsWith(act.prefix)) ? " as amended" : ""}); valid from ${m.start}${m.end ? ` to ${m.end}` : ""}. ${codes.length} goods code(s) read from the TARIC3 extraction retrieved ${ctx.retrievedAt.slice(0, 10)}${ban ? "" : "; the type does not name a prohibition, so each code is a candidate (REVIEW)"}.`,
      direction: dir,
      countries: [act.country],
      goods: {
        kind: "codes",
        nomenclature: `CN${m.start.slice(0, 4)}`,
        include: codes,
        ...(ban
          ? {}
          : {
              exCodes: codes,
              note: "The TARIC measure type does not name a prohibition (or has no description in the file): a candidate (REVIEW).",
            }),
      },
      exemptions: [],
      legalBasis: [
        {
          instrument: `${act.instrument} (TARIC regulation ${regs.join(", ")})`,
          url: ctx.urls[0] ?? "",
          note: `TARIC measure(s) ${sids.slice(0, 5).join(", ")}${sids.length > 5 ? ` and ${sids.length - 5} more` : ""} (${key.split("|").slice(1, 3).join(", ")}), imported from ${ctx.urls.join(", ")} on ${ctx.retrievedAt}.`,
        },
      ],
      effective: { from: m.start, ...(m.end ? { until: m.end } : {}) },
      coverage: {
        status: "partial",
        note: "TARIC measures of this type and validity period as in the extraction read; measure conditions, certificates and footnotes (exemptions, derogations) are not read.",
      },
      confidence: "verified",
      source: { snapshot: "TARIC3 XML extraction (DG TAXUD)", retrieved: ctx.retrievedAt.slice(0, 10) },
    });
  }
  return {
    measures,
    regimeHints: hints,
    skipped,
    caveats: [
      "Only measures for RU (833/2014) or BY (765/2006) whose generating regulation is the act or a modification regulation of it listed in the same file are imported; country groups are not expanded and measure types the file does not describe are skipped.",
      "Measure conditions, certificates and footnotes are not read: exemptions and derogations are not imported.",
    ],
    publicationDate: latest || ctx.retrievedAt.slice(0, 10),
  };
}

export const euTaricSource: RegimeSource = {
  id: "eu-taric",
  jurisdiction: "EU",
  title: "TARIC measures of Reg. (EU) No 833/2014 and Reg. (EC) No 765/2006 (TARIC3 XML)",
  publisher: "European Commission, DG TAXUD (TARIC)",
  licence: "EU reuse policy (Commission Decision 2011/833/EU)",
  formatReference:
    "TARIC3 XML schema (urn:publicid:-:DGTAXUD:TARIC:MESSAGE:1.0), as reproduced in uktrade/tamato common/assets/taric3.xsd",
  defaultUrl: "",
  urlNote:
    "No default: give a TARIC3 XML extraction with --url eu-taric=URL (the file must carry the measure records and the measure.type records of their types; the public TARIC download location is unverified from this machine: the network is closed).",
  async download(ctx) {
    const r = await ctx.get(ctx.baseUrl, { accept: "application/xml" });
    return [{ url: ctx.baseUrl, bytes: r.bytes }];
  },
  map(docs, ctx) {
    if (docs.length === 0) throw malformed("eu-taric", ctx.baseUrl, "no document");
    return mapTaric(parseTaric("eu-taric", docs), { retrievedAt: ctx.retrievedAt, urls: docs.map((d) => d.url) });
  },
};
