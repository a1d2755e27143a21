import { invalidInput } from "@embargo/core";
import { MEMBERS } from "@embargo/core/regimes";
import {
  alerts,
  anomalies,
  datasetCoverage,
  diffInDiff,
  type GrowthBy,
  getTrade,
  growth,
  hubGaps,
  importBanPressure,
  indexSeries,
  kimberleyProduction,
  mirrorGap,
  onwardLeg,
  type PartnerRevenueParams,
  type ProductSelector,
  parseAlertPreset,
  parseWindow,
  partnerRevenue,
  revenuePressure,
  routeFlows,
  sanctionDates,
  simulate,
  unitValues,
} from "@embargo/core/trade";
import { CountryCode } from "@embargo/core/verdicts";
import type { Context } from "hono";
import type { AppEnv, RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";
import { buildMonitorReport, renderMonitorReport } from "./trade-report.ts";
import { renderMonitorReportPdf } from "./trade-report-pdf.ts";

function q(c: Context<AppEnv>, k: string): string | undefined {
  const v = c.req.query(k);
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}
const list = (v: string | undefined) =>
  v
    ?.split(",")
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== "");
function need(c: Context<AppEnv>, k: string): string {
  const v = q(c, k);
  if (v === undefined)
    throw invalidInput("PARAMETER_REQUIRED", `query parameter '${k}' is required`, [
      { code: "required", field: k, message: "required" },
    ]);
  return v;
}
function num(c: Context<AppEnv>, k: string, required = false): number | undefined {
  const v = required ? need(c, k) : q(c, k);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw invalidInput("PARAMETER_INVALID", `query parameter '${k}' must be a number`, [
      { code: "not_a_number", field: k, message: v },
    ]);
  return n;
}
/** The `preset` query parameter (an alert preset as JSON), validated like a preset file. */
function presetParam(text: string | undefined): ReturnType<typeof parseAlertPreset> | undefined {
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalidInput("TRADE_BAD_PRESET", "query parameter 'preset' is not JSON", [
      { code: "not_json", field: "preset", message: "not JSON" },
    ]);
  }
  return parseAlertPreset(doc, "preset");
}

/** A query parameter with a value outside its domain: a 400 naming the parameter (never silently ignored). */
function badParam(k: string, v: string, expected: string): never {
  throw invalidInput("PARAMETER_INVALID", `query parameter '${k}' must be ${expected} (got '${v}')`, [
    { code: "invalid_value", field: k, message: `expected ${expected}` },
  ]);
}
function products(v: string | undefined): ProductSelector | undefined {
  if (v === undefined) return undefined;
  if (v === "all") return { kind: "all" };
  if (v === "sanctioned") return { kind: "sanctioned" };
  return { kind: "codes", codes: v.split(",") };
}
function selection(c: Context<AppEnv>) {
  const reporters = list(q(c, "reporters"));
  const partners = list(q(c, "partners"));
  const p = products(q(c, "products"));
  const sb = list(q(c, "sanctionedBy"));
  const flow = q(c, "flow");
  const strict = q(c, "strictWindow");
  const tiers = q(c, "tiers")
    ?.split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
  return {
    ...(tiers && tiers.length > 0 ? { chplTiers: tiers } : {}),
    dataset: q(c, "dataset") ?? "comext-cn8",
    ...(strict === "true" || strict === "1" ? { strictWindow: true } : {}),
    ...(reporters ? { reporters } : {}),
    ...(partners ? { partners } : {}),
    ...(p ? { products: p } : {}),
    ...(sb ? { sanctionedBy: sb } : {}),
    ...(flow ? { flow } : {}),
  };
}
const win = (c: Context<AppEnv>, k: string) => parseWindow(need(c, k), k);

const p = (
  name: string,
  description: string,
  required = false,
  schema: Record<string, unknown> = { type: "string" },
) => ({
  name,
  in: "query",
  required,
  description,
  schema,
});
const selParams = [
  p("dataset", "dataset name (default comext-cn8; see /v1/trade/datasets)"),
  p("reporters", "comma-separated ISO alpha-2 reporters (default: all countries, no aggregates)"),
  p("partners", "comma-separated ISO alpha-2 partners"),
  p("products", "sanctioned | all | comma-separated code prefixes"),
  p("sanctionedBy", "regime jurisdictions defining 'sanctioned' (default: all members)"),
  p("tiers", "only codes of these CHPL tiers, comma-separated (1,2,3a,3b,4a,4b)"),
  p("flow", "export (default) or import"),
  p(
    "strictWindow",
    "true: refuse (400 TRADE_WINDOW_OUTSIDE_DATA) a window not fully inside the data; default: answer with windowCheck.status and warnings",
  ),
];
const windows = [
  p("base", "baseline window YYYY-MM:YYYY-MM or YYYY:YYYY", true),
  p("period", "comparison window, same frequency as base", true),
];
const op = (summary: string, parameters: unknown[], description: string) => ({
  get: {
    tags: ["trade"],
    summary,
    description,
    parameters,
    responses: {
      "200": { description: "result (JSON); every result names its dataset and currency" },
      ...errorResponses,
    },
  },
});

/** `/v1/trade/*`: datasets, the five signals, alerts, the simulator and dashboard views. */
export const tradeRoutes: RouteModule = {
  register(app, ctx) {
    const t = () => getTrade(ctx.engine);
    app.get("/v1/trade/datasets", async (c) => {
      const ds = await (await t()).listDatasets();
      return c.json({ datasets: ds.map((d) => ({ origin: d.origin, ...d.manifest })) });
    });
    app.get("/v1/trade/growth", async (c) => {
      const by = q(c, "by") as GrowthBy | undefined;
      const pc = num(c, "pseudoCount");
      const limit = num(c, "limit");
      return c.json(
        await growth(await t(), {
          ...selection(c),
          base: win(c, "base"),
          period: win(c, "period"),
          ...(by ? { by } : {}),
          ...(pc !== undefined ? { pseudoCount: pc } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    });
    app.get("/v1/trade/anomalies", async (c) => {
      const limit = num(c, "limit");
      return c.json(
        await anomalies(await t(), {
          ...selection(c),
          base: win(c, "base"),
          period: win(c, "period"),
          minValue: num(c, "minValue", true) as number,
          minGrowth: num(c, "minGrowth", true) as number,
          ...(limit ? { limit } : {}),
        }),
      );
    });
    app.get("/v1/trade/did", async (c) => {
      const s = selection(c);
      const controls = list(q(c, "controls"));
      return c.json(
        await diffInDiff(await t(), {
          dataset: s.dataset,
          base: win(c, "base"),
          period: win(c, "period"),
          hubs: list(need(c, "hubs")) ?? [],
          ...(controls ? { controls } : {}),
          ...(s.reporters ? { reporters: s.reporters } : {}),
          ...(s.sanctionedBy ? { sanctionedBy: s.sanctionedBy } : {}),
        }),
      );
    });
    app.get("/v1/trade/onward", async (c) => {
      const s = selection(c);
      const od = q(c, "onwardDataset");
      return c.json(
        await onwardLeg(await t(), {
          dataset: s.dataset,
          base: win(c, "base"),
          period: win(c, "period"),
          hubs: list(need(c, "hubs")) ?? [],
          ...(od ? { onwardDataset: od } : {}),
          ...(s.reporters ? { reporters: s.reporters } : {}),
          ...(s.products ? { products: s.products } : {}),
          ...(s.sanctionedBy ? { sanctionedBy: s.sanctionedBy } : {}),
        }),
      );
    });
    app.get("/v1/trade/mirror", async (c) => {
      const exporters = list(q(c, "exporters"));
      return c.json(
        await mirrorGap(await t(), {
          exportsDataset: q(c, "dataset") ?? "comext-totals",
          importsDataset: need(c, "importsDataset"),
          hubs: list(need(c, "hubs")) ?? [],
          ...(exporters ? { exporters } : {}),
          base: win(c, "base"),
          period: win(c, "period"),
        }),
      );
    });
    app.get("/v1/trade/unit-values", async (c) =>
      c.json(
        await unitValues(await t(), {
          ...selection(c),
          base: win(c, "base"),
          period: win(c, "period"),
          targets: list(need(c, "targets")) ?? [],
        }),
      ),
    );
    app.get("/v1/trade/alerts", async (c) => {
      const s = selection(c);
      const od = q(c, "onwardDataset");
      const im = q(c, "importsDataset");
      const limit = num(c, "limit");
      const preset = presetParam(q(c, "preset"));
      return c.json(
        await alerts(await t(), {
          dataset: s.dataset,
          base: win(c, "base"),
          period: win(c, "period"),
          ...(s.reporters ? { reporters: s.reporters } : {}),
          ...(s.partners ? { partners: s.partners } : {}),
          ...(s.sanctionedBy ? { sanctionedBy: s.sanctionedBy } : {}),
          ...(od ? { onwardDataset: od } : {}),
          ...(im ? { importsDataset: im } : {}),
          ...(limit ? { limit } : {}),
          ...(s.strictWindow ? { strictWindow: true } : {}),
          ...(s.chplTiers ? { chplTiers: s.chplTiers } : {}),
          ...(preset ? { preset } : {}),
        }),
      );
    });
    app.get("/v1/trade/simulate", async (c) => {
      const s = selection(c);
      const asOf = q(c, "asOf");
      return c.json(
        await simulate(await t(), {
          dataset: s.dataset,
          regime: need(c, "regime"),
          year: q(c, "year") ?? "2021",
          ...(s.reporters ? { reporters: s.reporters } : {}),
          ...(asOf ? { asOf } : {}),
        }),
      );
    });
    app.get("/v1/trade/series", async (c) => {
      const by = q(c, "by");
      const limit = num(c, "limit");
      return c.json(
        await indexSeries(await t(), {
          ...selection(c),
          base: win(c, "base"),
          span: win(c, "span"),
          ...(by === "reporter" || by === "partner" ? { by } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    });
    app.get("/v1/trade/report", async (c) => {
      const s = selection(c);
      const preset = presetParam(q(c, "preset"));
      const report = await buildMonitorReport(ctx.engine, {
        base: win(c, "base"),
        period: win(c, "period"),
        dataset: s.dataset,
        ...(s.sanctionedBy ? { sanctionedBy: s.sanctionedBy } : {}),
        ...(preset ? { preset } : {}),
      });
      if (q(c, "format") === "json") return c.json(report);
      if (q(c, "format") === "pdf")
        return c.body(new Uint8Array(await renderMonitorReportPdf(report)), 200, {
          "content-type": "application/pdf",
          "content-disposition": `inline; filename="embargo-report-${report.period.from}_${report.period.to}.pdf"`,
        });
      const pdfQuery = new URL(c.req.url).searchParams;
      pdfQuery.set("format", "pdf");
      return c.html(renderMonitorReport(report, { pdfHref: `/v1/trade/report?${pdfQuery}` }));
    });
    app.get("/v1/trade/timeline", async (c) => {
      const js = list(q(c, "jurisdictions"));
      const from = q(c, "from");
      const to = q(c, "to");
      const country = q(c, "country");
      return c.json(
        await sanctionDates(await t(), {
          ...(js ? { jurisdictions: js } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(country ? { country: country.toUpperCase() } : {}),
        }),
      );
    });
    app.get("/v1/trade/hubs", async (c) => c.json(await hubGaps(await t(), q(c, "dataset") ?? "comext-cn8")));
    app.get("/v1/trade/coverage", async (c) => {
      const s = selection(c);
      const level = q(c, "codeLevel");
      return c.json(
        await datasetCoverage(await t(), s.dataset, {
          ...(s.reporters ? { reporters: s.reporters } : {}),
          ...(s.partners ? { partners: s.partners } : {}),
          ...(level ? { codeLevel: level.toUpperCase() } : {}),
          ...(s.flow ? { flow: s.flow } : {}),
        }),
      );
    });
    const importParams = (c: Context<AppEnv>) => {
      const reporters = list(q(c, "reporters"));
      const origin = q(c, "origin");
      if (origin !== undefined && !CountryCode.safeParse(origin).success)
        badParam("origin", origin, "an ISO 3166-1 alpha-2 country code");
      const j = q(c, "jurisdiction");
      if (j !== undefined && !(MEMBERS as readonly string[]).includes(j.toUpperCase()))
        badParam("jurisdiction", j, `one of ${MEMBERS.join(", ")}`);
      const by = q(c, "baseYear");
      const mb = num(c, "monthsBefore");
      const ds = q(c, "importsDataset");
      return {
        ...(ds ? { dataset: ds } : {}),
        ...(reporters ? { reporters } : {}),
        ...(origin ? { origin: origin.toUpperCase() } : {}),
        ...(j ? { jurisdiction: j.toUpperCase() } : {}),
        ...(by ? { baseYear: by } : {}),
        ...(mb !== undefined ? { monthsBefore: mb } : {}),
      };
    };
    const partnerParams = (c: Context<AppEnv>): PartnerRevenueParams => {
      const ds = q(c, "partnersDataset");
      const b = q(c, "base");
      const pe = q(c, "period");
      const flow = q(c, "flow");
      if (flow !== undefined && flow !== "import" && flow !== "export") badParam("flow", flow, "export or import");
      const limit = num(c, "limit");
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
        badParam("limit", String(limit), "a whole number ≥ 0 (0: all partners)");
      return {
        ...(ds ? { dataset: ds } : {}),
        ...(b ? { base: b } : {}),
        ...(pe ? { period: pe } : {}),
        ...(flow === "import" || flow === "export" ? { flow: flow as "import" | "export" } : {}),
        ...(limit !== undefined ? { limit } : {}),
      };
    };
    app.get("/v1/trade/revenue", async (c) =>
      c.json(await revenuePressure(await t(), { imports: importParams(c), partners: partnerParams(c) })),
    );
    app.get("/v1/trade/revenue/imports", async (c) => c.json(await importBanPressure(await t(), importParams(c))));
    app.get("/v1/trade/revenue/partners", async (c) => c.json(await partnerRevenue(await t(), partnerParams(c))));
    app.get("/v1/trade/revenue/diamonds", async (c) => c.json(await kimberleyProduction(await t())));
    app.get("/v1/trade/flows", async (c) => {
      const od = q(c, "onwardDataset");
      const top = num(c, "topExporters");
      return c.json(
        await routeFlows(await t(), {
          ...selection(c),
          period: win(c, "period"),
          ...(od ? { onwardDataset: od } : {}),
          ...(top ? { topExporters: top } : {}),
        }),
      );
    });
  },
  openapi: {
    tags: [
      {
        name: "trade",
        description:
          "Circumvention monitor over trade statistics (bundled: Eurostat Comext, EUR). A flag means risk, not a violation. Ingestion is CLI-only (`embargo trade ingest`).",
      },
    ],
    paths: {
      "/v1/trade/datasets": op("List trade datasets", [], "Bundled and user-ingested datasets with their manifests."),
      "/v1/trade/growth": op(
        "(A) Growth against a baseline",
        [
          ...selParams,
          ...windows,
          p("by", "partner|reporter|code|chapter|none"),
          p("pseudoCount", "per-period pseudo-count"),
          p("limit", "max groups"),
        ],
        "Returns { base: { from, to, value }, period: { from, to, value }, change, currency, groups }; change = relative change of the per-period mean.",
      ),
      "/v1/trade/anomalies": op(
        "Anomalous markets",
        [
          ...selParams,
          ...windows,
          p("minValue", "minimum period value", true),
          p("minGrowth", "minimum growth multiple period/base", true),
          p("limit", "max markets"),
        ],
        "Markets (reporter × partner × code) with period value ≥ minValue and growth ≥ minGrowth: { count, periodValueShare, markets }.",
      ),
      "/v1/trade/did": op(
        "(B) Difference-in-differences",
        [...selParams, ...windows, p("hubs", "hub partners", true), p("controls", "control partners")],
        "Sanctioned vs non-sanctioned goods, hubs vs controls, log growth with pseudo-count.",
      ),
      "/v1/trade/onward": op(
        "(C) Onward leg",
        [
          ...selParams,
          ...windows,
          p("hubs", "hub partners", true),
          p("onwardDataset", "dataset with hub-reported exports"),
        ],
        "The hubs' own exports of the same HS6 goods to Russia, lagged 0–3 months.",
      ),
      "/v1/trade/mirror": op(
        "(D) Mirror gap",
        [
          p("dataset", "exporter-reported dataset (default comext-totals)"),
          p("importsDataset", "partner-reported imports", true),
          p("hubs", "hubs", true),
          p("exporters", "exporters"),
          ...windows,
        ],
        "Hub-reported imports ÷ exporter-reported exports, and its change against the base.",
      ),
      "/v1/trade/unit-values": op(
        "(E) Unit values",
        [...selParams, ...windows, p("targets", "destinations of interest", true)],
        "Value ÷ quantity to the targets against other destinations.",
      ),
      "/v1/trade/alerts": op(
        "Alerts and ranking",
        [
          ...selParams,
          ...windows,
          p("onwardDataset", "hub-reported exports"),
          p("importsDataset", "partner-reported imports"),
          p("limit", "max alerts"),
          p(
            "preset",
            "alert preset as JSON (schema: AlertPresetSchema; default trade-alerts v1.0.0); the result names it",
          ),
        ],
        "Alert levels from the versioned preset, each with its numbers and reasons; hubs and goods ranked by excess value.",
      ),
      "/v1/trade/simulate": op(
        "Regime coverage simulator",
        [
          p("regime", "member or scenario id", true),
          p("year", "baseline year (default 2021)"),
          p("dataset", "dataset"),
          p("reporters", "reporters"),
          p("asOf", "only measures in force on this date"),
        ],
        "Value and share of a baseline year's exports to Russia covered, by reporter, chapter, measure and exemption category.",
      ),
      "/v1/trade/series": op(
        "Index-to-baseline series",
        [
          ...selParams,
          p("base", "baseline window", true),
          p("span", "span to chart", true),
          p("by", "partner|reporter"),
          p("limit", "max series"),
        ],
        "Monthly values and index (value ÷ baseline mean × 100) per partner or reporter.",
      ),
      "/v1/trade/report": op(
        "Monitoring report",
        [
          ...windows,
          p("dataset", "dataset (default comext-cn8)"),
          p("sanctionedBy", "members defining 'sanctioned'"),
          p("preset", "alert preset as JSON"),
          p("format", "html (default), pdf or json"),
        ],
        "Executive summary, alerts with their numbers, hub ranking, index lines, revenue panel, coverage simulator, data versions and caveats, from the same engine calls as the dashboard; HTML with server-side SVG charts (format=pdf: the same report as application/pdf; format=json: the data).",
      ),
      "/v1/trade/timeline": op(
        "Sanction dates for time axes",
        [
          p("jurisdictions", "members (default all)"),
          p("country", "country concerned (default RU)"),
          p("from", "first date (YYYY-MM-DD)"),
          p("to", "last date or month prefix"),
        ],
        "Dates on which export or import measures concerning the country took effect, from the regimes: { regimesVersion, dates: [{ date, jurisdiction, direction, measures }] }.",
      ),
      "/v1/trade/hubs": op(
        "Diversion hubs in and out of the product data",
        [p("dataset", "dataset (default comext-cn8)")],
        "The regimes' TRANSIT_HUBS: which have product-level rows in the dataset, and for the others (e.g. TR, AE) the all-goods series that exist in other datasets.",
      ),
      "/v1/trade/coverage": op(
        "Dataset coverage",
        [
          p("dataset", "dataset (default comext-cn8)"),
          p("reporters", "reporters"),
          p("partners", "partners"),
          p("codeLevel", "TOTAL|HS2|HS4|HS6|CN8"),
          p("flow", "export|import"),
        ],
        "First and last period per reporter × partner × code level × flow × frequency, and a summary per level. Every windowed result also carries windowCheck { status: inside|partial|outside, data, shortKeys, missing, warnings }.",
      ),
      "/v1/trade/revenue": op(
        "Revenue pressure (imports vs import bans, Russia's exports by partner, diamonds)",
        [
          p("importsDataset", "dataset of imports from the origin (default comext-cn8)"),
          p("origin", "country of origin (default RU)"),
          p("jurisdiction", "whose import bans (default EU)"),
          p("reporters", "importers (default all countries)"),
          p("baseYear", "pre-war year (default 2021)"),
          p("monthsBefore", "months averaged before each ban (default 3)"),
          p("partnersDataset", "dataset of the origin's trade by partner (default imf-russia)"),
          p("base", "base year for partners (default 2021)"),
          p("period", "period year for partners (default the last year)"),
          p("limit", "partners listed (default 20; 0 = all)"),
        ],
        "{ imports: { series, bans: [{ measureId, effective, bindsFully, measuredAs, before, after, change, remainingOfBase, status }] }, partners: { years, world, groups, partners, gainers, losers, windowCheck }, diamonds: { label: 'press-reported', confidence: 'secondary', russia } }. Ban dates come from the regimes.",
      ),
      "/v1/trade/revenue/imports": op(
        "Imports from Russia against the import bans",
        [
          p("importsDataset", "dataset"),
          p("origin", "origin"),
          p("jurisdiction", "jurisdiction"),
          p("reporters", "importers"),
          p("baseYear", "pre-war year"),
          p("monthsBefore", "months before"),
        ],
        "The imports part of /v1/trade/revenue.",
      ),
      "/v1/trade/revenue/partners": op(
        "Russia's trade by partner country",
        [
          p("partnersDataset", "dataset"),
          p("base", "base year"),
          p("period", "period year"),
          p("flow", "export|import"),
          p("limit", "partners listed"),
        ],
        "The partners part of /v1/trade/revenue (IMF IMTS, USD; 2022+ are IMF mirror estimates).",
      ),
      "/v1/trade/revenue/diamonds": op(
        "Kimberley Process production (press-reported)",
        [],
        "Secondary figures quoted by the trade press, each row with its article.",
      ),
      "/v1/trade/flows": op(
        "Exporter → hub → Russia flows",
        [
          ...selParams,
          p("period", "window", true),
          p("onwardDataset", "hub-reported exports"),
          p("topExporters", "top N exporters"),
        ],
        "Sankey nodes and links; the hub → Russia leg only where hub-reported data exist.",
      ),
    },
  },
};
