/**
 * Verdicts in the audit trail: the one code path that decides a check request (behind `POST /v1/check`, its
 * reports, and replay), and what a verdict record holds.
 */
import type { Engine } from "../engine.ts";
import { toErrorData } from "../errors/index.ts";
import { getRegimes } from "../regimes/index.ts";
import { getPartyScreener } from "../screening/screener.ts";
import { type DecideOptions, decide } from "../verdicts/decide.ts";
import { getVerdictNomenclature } from "../verdicts/nomenclature.ts";
import type { CheckResult } from "../verdicts/result.ts";
import { type CheckRequest, parseCheckRequest } from "../verdicts/shipment.ts";
import type { AuditInput } from "./model.ts";

/**
 * Validates a check request (`CHECK_REQUEST_INVALID` naming fields) and decides it with the engine's regimes,
 * nomenclature (when the data has it) and party screener (unless `screening: false`; unavailable lists are named
 * in the result, not an error).
 */
export async function runCheckRequest(
  engine: Engine,
  body: unknown,
): Promise<{ request: CheckRequest; result: CheckResult }> {
  const req = parseCheckRequest(body);
  const options: DecideOptions = { regimes: await getRegimes(engine) };
  try {
    options.nomenclature = await getVerdictNomenclature(engine);
  } catch {
    // Verdicts work without the nomenclature (broader codes and other editions stay candidates).
  }
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

/** The data a verdict was computed from: regime data, each regime file, and the screening lists when used. */
export function verdictDataVersions(result: CheckResult): Record<string, string> {
  const out: Record<string, string> = { regimes: result.data.regimes };
  for (const f of result.data.files) out[`regimes/${f.file}`] = f.version;
  if (result.data.screening !== undefined) out.screening = result.data.screening;
  return out;
}

/**
 * The audit input of a verdict. The recorded request pins the date the result was read at (`asOf`), so a replay
 * months later asks the same question rather than "as of today".
 */
export function verdictAuditInput(request: CheckRequest, result: CheckResult): AuditInput {
  // `record` asked for this record; it is not part of the question, so a replay does not carry it.
  const { record: _record, ...question } = request;
  return {
    kind: "verdict",
    request: { ...question, asOf: result.asOf },
    result,
    dataVersions: verdictDataVersions(result),
    summary: `${result.overall}: ${result.headline}`,
  };
}
