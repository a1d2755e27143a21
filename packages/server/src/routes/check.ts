import { type Engine, toErrorData } from "@embargo/core";
import { getRegimes } from "@embargo/core/regimes";
import { getPartyScreener } from "@embargo/core/screening";
import {
  checkResultJsonSchema,
  type DecideOptions,
  decide,
  getVerdictNomenclature,
  type NomenclatureLike,
  parseCheckRequest,
  shipmentJsonSchemas,
} from "@embargo/core/verdicts";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";

/**
 * The nomenclature for verdicts (edition correlation, CN-8 children of broader codes, codes in no edition refused),
 * when the data has it: verdicts work without it.
 */
export async function optionalNomenclature(engine: Engine): Promise<NomenclatureLike | undefined> {
  try {
    return await getVerdictNomenclature(engine);
  } catch {
    return undefined;
  }
}

/** Validates a check request and decides it: the one code path behind `/v1/check` and its report exports. */
export async function runCheck(
  engine: Engine,
  body: unknown,
): Promise<{ request: ReturnType<typeof parseCheckRequest>; result: ReturnType<typeof decide> }> {
  const req = parseCheckRequest(body);
  const regimes = await getRegimes(engine);
  const options: DecideOptions = { regimes };
  const nomenclature = await optionalNomenclature(engine);
  if (nomenclature) options.nomenclature = nomenclature;
  if (req.screening === false) options.unscreenedReason = "screening: false in the request";
  else {
    try {
      options.parties = await getPartyScreener(engine);
    } catch (e) {
      options.unscreenedReason = `sanctions lists unavailable: ${toErrorData(e).message}`;
    }
  }
  if (req.asOf !== undefined) options.asOf = req.asOf;
  if (req.scenario !== undefined) options.scenario = req.scenario;
  if (req.fx !== undefined) options.fx = req.fx;
  return { request: req, result: decide(req.shipment, options) };
}

const jsonOf = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });

/** `POST /v1/check`: explained verdicts for one shipment. */
export const checkRoutes: RouteModule = {
  register(app, ctx) {
    app.post("/v1/check", async (c) => c.json((await runCheck(ctx.engine, await c.req.json())).result));
  },
  openapi: {
    tags: [{ name: "verdicts", description: "Explained shipment verdicts per G7 member, with coverage and citations" }],
    paths: {
      "/v1/check": {
        post: {
          tags: ["verdicts"],
          operationId: "checkShipment",
          summary: "Decide a shipment: per member whether its rules apply and a verdict per item and overall",
          description:
            "Verdicts: PROHIBITED > LICENCE_REQUIRED > REVIEW > NOT_RESTRICTED (NOT_APPLICABLE for members whose rules do not apply). `headline` (per result and per jurisdiction) says in one sentence what to do next. REVIEW carries `review`: `likely_restricted` (a rule matched and needs a fact, named in the reason's `need`) or `data_incomplete` (no encoded rule matched but the data that could concern the item are partial: measures, or known regimes not encoded). Coverage is `complete` only when every consulted measure is complete and no known regime concerning the shipment is unencoded. A code broader than a list carries `children` (CN 8-digit codes listed and not). Bad input (a date that is not a calendar date, a code in no edition, a country not in ISO 3166-1) is refused with 400 naming the field. Every result names the regime data version.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/CheckRequest" },
                example: {
                  shipment: {
                    date: "2025-06-01",
                    exporter: { name: "Acme GmbH", country: "DE" },
                    consignee: { name: "TOO Example", country: "KZ" },
                    destination: "KZ",
                    items: [
                      { code: "8542.31", description: "processors", value: 12000, currency: "EUR", quantity: 100 },
                    ],
                  },
                },
              },
            },
          },
          responses: {
            "200": { description: "The explained verdict", content: jsonOf("CheckResult") },
            ...errorResponses,
          },
        },
      },
    },
    schemas: {
      CheckRequest: shipmentJsonSchemas().CheckRequest,
      Shipment: shipmentJsonSchemas().Shipment,
      CheckResult: (() => {
        const s = checkResultJsonSchema();
        delete s.$schema;
        return s;
      })(),
    },
  },
};
