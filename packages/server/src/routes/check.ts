import type { Engine } from "@embargo/core";
import { runCheckRequest, verdictAuditInput } from "@embargo/core/audit";
import {
  checkResultJsonSchema,
  type decide,
  type parseCheckRequest,
  shipmentJsonSchemas,
} from "@embargo/core/verdicts";
import type { RouteModule } from "../context.ts";
import { errorResponses } from "../http-errors.ts";
import { auditConfig, recordAudit } from "./audit.ts";

/** Validates a check request and decides it: the one code path (core `runCheckRequest`, which replay uses too). */
export function runCheck(
  engine: Engine,
  body: unknown,
): Promise<{ request: ReturnType<typeof parseCheckRequest>; result: ReturnType<typeof decide> }> {
  return runCheckRequest(engine, body);
}

const jsonOf = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });

/** `POST /v1/check`: explained verdicts for one shipment. */
export const checkRoutes: RouteModule = {
  register(app, ctx) {
    app.post("/v1/check", async (c) => {
      // `record` (in the check contract) asks for an audit record (routes/audit.ts).
      const { request, result } = await runCheck(ctx.engine, await c.req.json());
      if (request.record === true || (await auditConfig(ctx.engine)).always)
        return c.json({ ...result, audit: await recordAudit(c, ctx.engine, verdictAuditInput(request, result)) });
      return c.json(result);
    });
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
            "Verdicts: PROHIBITED > LICENCE_REQUIRED > REVIEW > NOT_RESTRICTED (NOT_APPLICABLE for members whose rules do not apply). `headline` (per result and per jurisdiction) says in one sentence what to do next. REVIEW carries `review`: `likely_restricted` (a rule matched and needs a fact, named in the reason's `need`) or `data_incomplete` (no encoded rule matched but the data that could concern the item are partial: measures, or known regimes not encoded). Coverage is `complete` only when every consulted measure is complete and no known regime concerning the shipment is unencoded. A code broader than a list carries `children` (CN 8-digit codes listed and not). Bad input (a date that is not a calendar date, a code in no edition, a country not in ISO 3166-1) is refused with 400 naming the field. Every result names the regime data version. With `record: true` in the body (or when the server records every check, `EMBARGO_AUDIT_ALWAYS=1`) the verdict is appended to the signed audit trail and the answer carries `audit: { id, seq, href }` (also the `x-audit-id` header): see `GET /v1/audit/{id}`.",
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
    // Generated when /openapi.json is asked for, not at every server start (issue 10: zod → JSON Schema).
    get schemas() {
      const shipment = shipmentJsonSchemas();
      const result = checkResultJsonSchema();
      delete result.$schema;
      return { CheckRequest: shipment.CheckRequest, Shipment: shipment.Shipment, CheckResult: result };
    },
  },
};
