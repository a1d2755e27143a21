import { invalidInput } from "@embargo/core";
import {
  alerts,
  anomalies,
  DEFAULT_TRADE_DATASET,
  datasetCoverage,
  definedOnly,
  diffInDiff,
  getTrade,
  growth,
  hubGaps,
  importBanPressure,
  indexSeries,
  kimberleyProduction,
  mirrorGap,
  onwardLeg,
  parseAlertPreset,
  parseTradeQuery,
  partnerRevenue,
  TradeQueries as Q,
  revenuePressure,
  routeFlows,
  sanctionDates,
  simulate,
  TradeRevenueQuery,
  tradeCallOptions,
  tradeQueryParameters,
  tradeSelection,
  unitValues,
} from "@embargo/core/trade";
import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv, RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";
import { buildMonitorReport, renderMonitorReport } from "./trade-report.ts";
import { renderMonitorReportPdf } from "./trade-report-pdf.ts";

/** A trade query's parameters parsed by its schema in core (400 naming the parameter otherwise). */
function params<S extends z.ZodObject>(c: Context<AppEnv>, schema: S): z.output<S> {
  return parseTradeQuery(schema, c.req.query());
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
// The selection defaults and the undefined-dropping are core's, shared with the CLI.
const selection = tradeSelection;
const defined = definedOnly;

/** The OpenAPI operation of a trade query, its parameters generated from the query's schema. */
const op = (summary: string, schema: z.ZodObject | undefined, description: string) => ({
  get: {
    tags: ["trade"],
    summary,
    description,
    // Generated when the OpenAPI document is asked for, not when the server starts (zod → JSON Schema for every
    // trade query parameter took ~100 ms of CPU at start-up: issue 10).
    get parameters() {
      return (schema ? tradeQueryParameters(schema) : []).map((x) => ({
        name: x.name,
        in: "query",
        required: x.required,
        description: x.description,
        schema: x.schema,
      }));
    },
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
    const O = tradeCallOptions;
    app.get("/v1/trade/growth", async (c) => c.json(await growth(await t(), O.growth(params(c, Q.growth)))));
    app.get("/v1/trade/anomalies", async (c) =>
      c.json(await anomalies(await t(), O.anomalies(params(c, Q.anomalies)))),
    );
    app.get("/v1/trade/did", async (c) => c.json(await diffInDiff(await t(), O.did(params(c, Q.did)))));
    app.get("/v1/trade/onward", async (c) => c.json(await onwardLeg(await t(), O.onward(params(c, Q.onward)))));
    app.get("/v1/trade/mirror", async (c) => c.json(await mirrorGap(await t(), O.mirror(params(c, Q.mirror)))));
    app.get("/v1/trade/unit-values", async (c) =>
      c.json(await unitValues(await t(), O.unitValues(params(c, Q.unitValues)))),
    );
    app.get("/v1/trade/alerts", async (c) => {
      const p = params(c, Q.alerts);
      return c.json(await alerts(await t(), O.alerts(p, presetParam(p.preset))));
    });
    app.get("/v1/trade/simulate", async (c) => c.json(await simulate(await t(), O.simulate(params(c, Q.simulate)))));
    app.get("/v1/trade/series", async (c) => {
      const p = params(c, Q.series);
      return c.json(
        await indexSeries(await t(), {
          ...selection(p),
          base: p.base,
          span: p.span,
          ...defined({ by: p.by, limit: p.limit }),
        }),
      );
    });
    app.get("/v1/trade/report", async (c) => {
      const p = params(c, Q.report);
      const preset = presetParam(p.preset);
      const report = await buildMonitorReport(ctx.engine, {
        base: p.base,
        period: p.period,
        dataset: p.dataset ?? DEFAULT_TRADE_DATASET,
        ...defined({ sanctionedBy: p.sanctionedBy, preset }),
      });
      if (p.format === "json") return c.json(report);
      if (p.format === "pdf")
        return c.body(new Uint8Array(await renderMonitorReportPdf(report)), 200, {
          "content-type": "application/pdf",
          "content-disposition": `inline; filename="embargo-report-${report.period.from}_${report.period.to}.pdf"`,
        });
      const pdfQuery = new URL(c.req.url).searchParams;
      pdfQuery.set("format", "pdf");
      return c.html(renderMonitorReport(report, { pdfHref: `/v1/trade/report?${pdfQuery}` }));
    });
    app.get("/v1/trade/timeline", async (c) => {
      const p = params(c, Q.timeline);
      return c.json(
        await sanctionDates(
          await t(),
          defined({ jurisdictions: p.jurisdictions, from: p.from, to: p.to, country: p.country }),
        ),
      );
    });
    app.get("/v1/trade/hubs", async (c) => {
      const p = params(c, Q.hubs);
      return c.json(await hubGaps(await t(), p.dataset ?? DEFAULT_TRADE_DATASET));
    });
    app.get("/v1/trade/coverage", async (c) => {
      const p = params(c, Q.coverage);
      return c.json(await datasetCoverage(await t(), p.dataset ?? DEFAULT_TRADE_DATASET, O.coverage(p)));
    });
    app.get("/v1/trade/revenue", async (c) => {
      const p = params(c, TradeRevenueQuery);
      return c.json(await revenuePressure(await t(), { imports: O.revenueImports(p), partners: O.revenuePartners(p) }));
    });
    app.get("/v1/trade/revenue/imports", async (c) =>
      c.json(await importBanPressure(await t(), O.revenueImports(params(c, Q.revenueImports)))),
    );
    app.get("/v1/trade/revenue/partners", async (c) =>
      c.json(await partnerRevenue(await t(), O.revenuePartners(params(c, Q.revenuePartners)))),
    );
    app.get("/v1/trade/revenue/diamonds", async (c) => c.json(await kimberleyProduction(await t())));
    app.get("/v1/trade/flows", async (c) => {
      const p = params(c, Q.flows);
      return c.json(
        await routeFlows(await t(), {
          ...selection(p),
          period: p.period,
          ...defined({ onwardDataset: p.onwardDataset, topExporters: p.topExporters }),
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
      "/v1/trade/datasets": op(
        "List trade datasets",
        undefined,
        "Bundled and user-ingested datasets with their manifests.",
      ),
      "/v1/trade/growth": op(
        "(A) Growth against a baseline",
        Q.growth,
        "Returns { base: { from, to, value }, period: { from, to, value }, change, currency, groups }; change = relative change of the per-period mean.",
      ),
      "/v1/trade/anomalies": op(
        "Anomalous markets",
        Q.anomalies,
        "Markets (reporter × partner × code) with period value ≥ minValue and growth ≥ minGrowth: { count, periodValueShare, markets }.",
      ),
      "/v1/trade/did": op(
        "(B) Difference-in-differences",
        Q.did,
        "Sanctioned vs non-sanctioned goods, hubs vs controls, log growth with pseudo-count.",
      ),
      "/v1/trade/onward": op(
        "(C) Onward leg",
        Q.onward,
        "The hubs' own exports of the same HS6 goods to Russia, lagged 0–3 months.",
      ),
      "/v1/trade/mirror": op(
        "(D) Mirror gap",
        Q.mirror,
        "Hub-reported imports ÷ exporter-reported exports, and its change against the base.",
      ),
      "/v1/trade/unit-values": op(
        "(E) Unit values",
        Q.unitValues,
        "Value ÷ quantity to the targets against other destinations.",
      ),
      "/v1/trade/alerts": op(
        "Alerts and ranking",
        Q.alerts,
        "Alert levels from the versioned preset, each with its numbers and reasons; hubs and goods ranked by excess value.",
      ),
      "/v1/trade/simulate": op(
        "Regime coverage simulator",
        Q.simulate,
        "Value and share of a baseline year's exports to Russia covered, by reporter, chapter, measure and exemption category.",
      ),
      "/v1/trade/series": op(
        "Index-to-baseline series",
        Q.series,
        "Monthly values and index (value ÷ baseline mean × 100) per partner or reporter.",
      ),
      "/v1/trade/report": op(
        "Monitoring report",
        Q.report,
        "Executive summary, alerts with their numbers, hub ranking, index lines, revenue panel, coverage simulator, data versions and caveats, from the same engine calls as the dashboard; HTML with server-side SVG charts (format=pdf: the same report as application/pdf; format=json: the data).",
      ),
      "/v1/trade/timeline": op(
        "Sanction dates for time axes",
        Q.timeline,
        "Dates on which export or import measures concerning the country took effect, from the regimes: { regimesVersion, dates: [{ date, jurisdiction, direction, measures }] }.",
      ),
      "/v1/trade/hubs": op(
        "Diversion hubs in and out of the product data",
        Q.hubs,
        "The regimes' TRANSIT_HUBS: which have product-level rows in the dataset, and for the others (e.g. TR, AE) the all-goods series that exist in other datasets.",
      ),
      "/v1/trade/coverage": op(
        "Dataset coverage",
        Q.coverage,
        "First and last period per reporter × partner × code level × flow × frequency, and a summary per level. Every windowed result also carries windowCheck { status: inside|partial|outside, data, shortKeys, missing, warnings }.",
      ),
      "/v1/trade/revenue": op(
        "Revenue pressure (imports vs import bans, Russia's exports by partner, diamonds)",
        TradeRevenueQuery,
        "{ imports: { series, bans: [{ measureId, effective, bindsFully, measuredAs, before, after, change, remainingOfBase, status }] }, partners: { years, world, groups, partners, gainers, losers, windowCheck }, diamonds: { label: 'press-reported', confidence: 'secondary', russia } }. Ban dates come from the regimes.",
      ),
      "/v1/trade/revenue/imports": op(
        "Imports from Russia against the import bans",
        Q.revenueImports,
        "The imports part of /v1/trade/revenue.",
      ),
      "/v1/trade/revenue/partners": op(
        "Russia's trade by partner country",
        Q.revenuePartners,
        "The partners part of /v1/trade/revenue (IMF IMTS, USD; 2022+ are IMF mirror estimates).",
      ),
      "/v1/trade/revenue/diamonds": op(
        "Kimberley Process production (press-reported)",
        undefined,
        "Secondary figures quoted by the trade press, each row with its article.",
      ),
      "/v1/trade/flows": op(
        "Exporter → hub → Russia flows",
        Q.flows,
        "Sankey nodes and links; the hub → Russia leg only where hub-reported data exist.",
      ),
    },
  },
};
