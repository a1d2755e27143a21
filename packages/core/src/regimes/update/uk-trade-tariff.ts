/**
 * UK Trade Tariff API (HMRC, Open Government Licence v3.0): commodity measures, including the Russia and Belarus
 * import and export prohibitions, by commodity code, with their legal acts and validity dates.
 *
 * Format reference: the Trade Tariff API v2 reference, https://api.trade-tariff.service.gov.uk/reference.html
 * ("Get a commodity": `GET /api/v2/commodities/{commodity_id}[?as_of=YYYY-MM-DD]`), a JSON:API document —
 * `data` is the commodity (`attributes.goods_nomenclature_item_id`, `relationships.import_measures` /
 * `export_measures` → measure ids), `included` holds the related resources: `measure` (`attributes.import`,
 * `effective_start_date`, `effective_end_date`; relationships `measure_type`, `geographical_area`, `legal_acts`,
 * `excluded_countries`), `measure_type` (`description`, e.g. "Import prohibition"), `geographical_area` (`id`
 * = ISO alpha-2 or a group id, `contained_geographical_areas`) and `legal_act` (`regulation_code`,
 * `regulation_url`, `validity_start_date`).
 *
 * Download: one request per commodity code given (`--codes`); the API has no "all measures of a country" call.
 * Parse: the JSON:API document, refused whole when it is not the commodity asked for.
 * Map: every measure whose type reads "prohibition" and whose area is RU or BY (or a group containing them, less
 * its excluded countries) → one regime measure per (direction, type, area, legal acts, dates), listing the
 * commodity codes it applies to, in the UK nomenclature of the as-of year. Other measures are counted as skipped.
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

const ID = "uk-trade-tariff";
const COUNTRIES = new Set(["RU", "BY"]);

type Ref = { id: string; type: string };
type Resource = {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: Ref | Ref[] | null }>;
};

/** One measure as read from a commodity document. */
export interface UkTariffMeasure {
  sid: string;
  commodity: string;
  direction: "import" | "export";
  typeId: string;
  typeDescription: string;
  areaId: string;
  areaDescription: string;
  /** RU / BY covered by the area (after excluded countries). */
  countries: string[];
  from: string;
  until?: string;
  legalActs: { id: string; code?: string; url?: string }[];
}

function refs(r: Resource | undefined, name: string): Ref[] {
  const d = r?.relationships?.[name]?.data;
  return Array.isArray(d) ? d : d ? [d] : [];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** Parses one commodity document; throws `REGIME_SOURCE_MALFORMED` when it is not the commodity asked for. */
export function parseUkCommodity(doc: SourceDocument, commodity: string): UkTariffMeasure[] {
  const json = parseJsonDocument(ID, doc) as { data?: Resource; included?: Resource[] };
  const data = json?.data;
  if (!data || typeof data !== "object" || data.type !== "commodity")
    throw malformed(ID, doc.url, "no JSON:API `data` of type commodity");
  const item = str(data.attributes?.goods_nomenclature_item_id);
  if (!item || !/^\d{10}$/.test(item))
    throw malformed(ID, doc.url, "data.attributes.goods_nomenclature_item_id is not a 10-digit commodity code");
  if (item !== commodity) throw malformed(ID, doc.url, `the document is commodity ${item}, not ${commodity}`);
  if (!Array.isArray(json.included)) throw malformed(ID, doc.url, "no `included` array (measures are missing)");
  const byKey = new Map(json.included.map((r) => [`${r.type}:${r.id}`, r]));
  const out: UkTariffMeasure[] = [];
  for (const [rel, direction] of [
    ["import_measures", "import"],
    ["export_measures", "export"],
  ] as const) {
    for (const ref of refs(data, rel)) {
      const m = byKey.get(`measure:${ref.id}`);
      if (!m) throw malformed(ID, doc.url, `measure ${ref.id} is referenced but not included`);
      const typeRef = refs(m, "measure_type")[0];
      const type = typeRef ? byKey.get(`measure_type:${typeRef.id}`) : undefined;
      const areaRef = refs(m, "geographical_area")[0];
      const area = areaRef ? byKey.get(`geographical_area:${areaRef.id}`) : undefined;
      const from = str(m.attributes?.effective_start_date);
      if (!typeRef || !areaRef || !from || !/^\d{4}-\d{2}-\d{2}/.test(from))
        throw malformed(ID, doc.url, `measure ${ref.id} lacks its measure type, geographical area or start date`);
      const areaId = String(area?.attributes?.id ?? areaRef.id);
      const contained = refs(area, "contained_geographical_areas").map((r) => r.id);
      const excluded = new Set(refs(m, "excluded_countries").map((r) => r.id));
      const covered = (COUNTRIES.has(areaId) ? [areaId] : contained.filter((c) => COUNTRIES.has(c))).filter(
        (c) => !excluded.has(c),
      );
      const until = str(m.attributes?.effective_end_date);
      out.push({
        sid: ref.id,
        commodity,
        direction: m.attributes?.import === false ? "export" : m.attributes?.import === true ? "import" : direction,
        typeId: typeRef.id,
        typeDescription: str(type?.attributes?.description) ?? `measure type ${typeRef.id}`,
        areaId,
        areaDescription: str(area?.attributes?.description) ?? areaId,
        countries: covered,
        from: from.slice(0, 10),
        ...(until && /^\d{4}-\d{2}-\d{2}/.test(until) ? { until: until.slice(0, 10) } : {}),
        legalActs: refs(m, "legal_acts").map((r) => {
          const a = byKey.get(`legal_act:${r.id}`)?.attributes;
          const code = str(a?.regulation_code);
          const url = str(a?.regulation_url);
          return { id: r.id, ...(code ? { code } : {}), ...(url ? { url } : {}) };
        }),
      });
    }
  }
  return out;
}

function validUrl(u: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    const p = new URL(u);
    return p.protocol === "https:" || p.protocol === "http:" ? p.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Maps parsed measures to regime measures (one per direction, type, area, legal acts and dates). */
export function mapUkMeasures(
  parsed: UkTariffMeasure[],
  ctx: { asOf: string; baseUrl: string; retrievedAt: string; commodities: number; docUrl: (c: string) => string },
): MappedSource {
  const groups = new Map<string, UkTariffMeasure[]>();
  let skipped = 0;
  for (const m of parsed) {
    if (!/prohibition/i.test(m.typeDescription) || m.countries.length === 0) {
      skipped++;
      continue;
    }
    const acts = m.legalActs.map((a) => a.code ?? a.id).join("+");
    const key = [m.direction, m.typeId, m.countries.join(","), acts, m.from, m.until ?? ""].join("|");
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const year = ctx.asOf.slice(0, 4);
  const measures: Measure[] = [];
  for (const [key, ms] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const m0 = ms[0] as UkTariffMeasure;
    const codes = [...new Set(ms.map((m) => m.commodity))].sort();
    const act = m0.legalActs[0];
    const actText = m0.legalActs.map((a) => a.code ?? a.id).join(", ") || "legal act not given";
    const cite = `as of ${ctx.asOf}`;
    measures.push({
      id: `uk-tt-${m0.direction}-${m0.countries.join("-").toLowerCase()}-${m0.typeId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${m0.from}-${shortHash(key)}`,
      jurisdiction: "UK",
      kind: m0.direction === "export" ? "export_ban" : "import_ban",
      title: `${m0.typeDescription} (${m0.areaDescription}) — UK Trade Tariff ${cite}`,
      summary: `${m0.typeDescription} for ${m0.areaDescription} under ${actText}, in the UK Trade Tariff ${cite} (retrieved ${ctx.retrievedAt.slice(0, 10)}) for ${codes.length} commodity code(s); tariff measure(s) ${[...new Set(ms.map((m) => m.sid))].join(", ")}.`,
      direction: m0.direction,
      countries: m0.countries,
      goods: { kind: "codes", nomenclature: `UK${year}`, include: codes },
      exemptions: [],
      legalBasis: [
        {
          instrument: `${actText} (UK Trade Tariff ${cite}, measure type ${m0.typeId} "${m0.typeDescription}")`,
          url: validUrl(act?.url) ?? ctx.docUrl(m0.commodity),
          note: `Imported from the UK Trade Tariff API ${ctx.baseUrl} on ${ctx.retrievedAt}; legal act(s) ${m0.legalActs.map((a) => a.id).join(", ") || "none given"}.`,
        },
        {
          instrument: `UK Trade Tariff API (HMRC), commodity ${m0.commodity} ${cite}`,
          url: ctx.docUrl(m0.commodity),
        },
      ],
      effective: { from: m0.from, ...(m0.until ? { until: m0.until } : {}) },
      coverage: {
        status: "partial",
        note: `Only the ${ctx.commodities} commodity code(s) fetched from the UK Trade Tariff ${cite} were read; other codes may carry the same measure.`,
      },
      confidence: "verified",
      source: {
        snapshot: `UK Trade Tariff API ${ctx.baseUrl} ${cite}`,
        retrieved: ctx.retrievedAt.slice(0, 10),
        note: "Imported by `embargo regimes update --source uk-trade-tariff`.",
      },
    });
  }
  return {
    measures,
    skipped,
    caveats: [
      `Only the ${ctx.commodities} commodity code(s) fetched were read; the UK Trade Tariff API is queried code by code.`,
      "Measures other than prohibitions (licensing conditions, document codes) are not imported.",
    ],
    publicationDate: ctx.asOf,
  };
}

const DEFAULT_URL = "https://www.trade-tariff.service.gov.uk/api/v2/";

function commodityUrl(base: string, code: string, asOf: string): string {
  const b = base.endsWith("/") ? base : `${base}/`;
  return `${b}commodities/${code}?as_of=${asOf}`;
}

export const ukTradeTariffSource: RegimeSource = {
  id: ID,
  jurisdiction: "UK",
  title: "UK Trade Tariff API (HMRC): commodity measures",
  publisher: "HM Revenue & Customs",
  licence: "Open Government Licence v3.0",
  formatReference: "https://api.trade-tariff.service.gov.uk/reference.html",
  defaultUrl: DEFAULT_URL,
  urlNote:
    "Queried code by code: give the commodity codes with --codes (10 digits). The API base URL is the one HMRC documents [unverified from this machine: the network is closed].",
  needsCodes: true,
  async download(ctx) {
    const docs: SourceDocument[] = [];
    for (const code of ctx.codes) {
      const url = commodityUrl(ctx.baseUrl, code, ctx.asOf);
      const r = await ctx.get(url, { accept: "application/vnd.api+json, application/json" });
      docs.push({ url, bytes: r.bytes });
    }
    return docs;
  },
  map(docs, ctx) {
    const parsed: UkTariffMeasure[] = [];
    for (const d of docs) {
      const code = /commodities\/(\d{10})/.exec(d.url)?.[1];
      if (!code) throw malformed(ID, d.url, "not a commodity URL");
      parsed.push(...parseUkCommodity(d, code));
    }
    return mapUkMeasures(parsed, {
      ...ctx,
      commodities: docs.length,
      docUrl: (c) => commodityUrl(ctx.baseUrl, c, ctx.asOf),
    });
  },
};
