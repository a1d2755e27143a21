/**
 * `embargo screen decide` and `embargo screen decisions`: record a reviewed decision on a hit (false positive with
 * a reason, or confirmed match) and read the append-only audit log. The database is `--db`, else
 * `EMBARGO_SCREENING_DB`, else PGlite under `<state-dir>/screening/decisions` — the same store the HTTP API uses.
 */
import { existsSync } from "node:fs";
import { invalidInput } from "@embargo/core";
import { recordDecisionsAudited } from "@embargo/core/audit";
import {
  applyDecisions,
  type DecisionRecord,
  type DecisionStore,
  defaultDecisionDb,
  getDecisionStore,
  getScreener,
  listDecisions,
  parseDecisionInputs,
  type ScreenBatchRow,
  type ScreenResult,
  screeningSummary,
} from "@embargo/core/screening";
import { type CommandContext, parse } from "../command.ts";
import { EXIT } from "../io.ts";
import { appendAudit } from "./audit.ts";

export const decisionsUsage = [
  '       embargo screen decide "<name>" --entity <entityId> --verdict false-positive|confirmed --reviewer NAME',
  "         [--reason TEXT] [--type T] [--country XX] [--dob D] [--db URL] [--json]   (a false positive needs --reason)",
  '       embargo screen decisions [--entity ID] [--name "<name>" [--type T] [--country XX] [--dob D]] [--verdict V]',
  "         [--reviewer NAME] [--limit N] [--before SEQ] [--db URL] [--json]   (the decision audit log, newest first)",
].join("\n");

function dbOf(ctx: CommandContext, db: string | undefined): string | undefined {
  return db ?? ctx.io.env.EMBARGO_SCREENING_DB;
}

function line(d: DecisionRecord): string {
  const q = [d.query.type, d.query.country, d.query.dob].filter(Boolean).join(", ");
  return `#${d.seq} ${d.at} ${d.verdict === "confirmed" ? "CONFIRMED     " : "FALSE POSITIVE"} ${d.entityId} "${d.caption}" for "${d.query.name}"${q ? ` (${q})` : ""} by ${d.reviewer}${d.reason ? ` — ${d.reason}` : ""}\n`;
}

/** Runs `screen decide` / `screen decisions` (argv starts with the sub-command). */
export async function runScreenDecisions(ctx: CommandContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(
    rest,
    {
      entity: { type: "string" },
      verdict: { type: "string" },
      reviewer: { type: "string" },
      reason: { type: "string" },
      name: { type: "string" },
      type: { type: "string" },
      country: { type: "string" },
      dob: { type: "string" },
      limit: { type: "string" },
      before: { type: "string" },
      db: { type: "string" },
      json: { type: "boolean" },
    },
    decisionsUsage,
  );
  const db = dbOf(ctx, values.db);
  if (sub === "decide") {
    const name = positionals.join(" ");
    if (!values.entity || !values.verdict)
      throw invalidInput("CLI_BAD_ARGUMENTS", `decide needs a name, --entity and --verdict\nusage: ${decisionsUsage}`);
    const verdict = values.verdict.replace(/-/g, "_");
    // The same validation as the HTTP API (zod, errors as data).
    const inputs = parseDecisionInputs({
      query: {
        name,
        ...(values.type ? { type: values.type } : {}),
        ...(values.country ? { country: values.country } : {}),
        ...(values.dob ? { dob: values.dob } : {}),
      },
      entityId: values.entity,
      verdict,
      reviewer: values.reviewer ?? "",
      ...(values.reason ? { reason: values.reason } : {}),
    });
    const store = await getDecisionStore(ctx.engine, db);
    try {
      const screener = await getScreener(ctx.engine);
      // Every decision also goes to the signed audit trail (`embargo audit`) when there is a state directory: the
      // audit record first, so no decision is ever in force without it (core recordDecisionsAudited says why).
      const { records, audit } = await recordDecisionsAudited(
        store,
        screener,
        inputs,
        ctx.engine.clock,
        ctx.engine.stateDir ? (input) => appendAudit(ctx, input) : undefined,
      );
      const [rec] = records;
      if (values.json) ctx.json({ decision: rec, ...(audit ? { audit } : {}) });
      else if (rec) ctx.out(`recorded ${line(rec)}${audit ? `audit: ${audit.id}\n` : ""}`);
    } finally {
      await store.close();
    }
    return EXIT.OK;
  }
  if (positionals.length > 0)
    throw invalidInput("CLI_BAD_ARGUMENTS", `decisions takes no positional arguments\nusage: ${decisionsUsage}`);
  const store = await getDecisionStore(ctx.engine, db);
  try {
    const log = await listDecisions(store, {
      ...(values.entity ? { entityId: values.entity } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(values.type ? { type: values.type as "person" } : {}),
      ...(values.country ? { country: values.country } : {}),
      ...(values.dob ? { dob: values.dob } : {}),
      ...(values.verdict ? { verdict: values.verdict.replace(/-/g, "_") as "confirmed" } : {}),
      ...(values.reviewer ? { reviewer: values.reviewer } : {}),
      ...(values.limit ? { limit: values.limit } : {}),
      ...(values.before ? { before: values.before } : {}),
    });
    if (values.json) ctx.json({ decisions: log });
    else if (log.length === 0) ctx.out("no decisions recorded for this filter\n");
    else for (const d of log) ctx.out(line(d));
  } finally {
    await store.close();
  }
  return EXIT.OK;
}

/**
 * Applies stored decisions to screening results when a decision store exists (a database URL, or the default
 * PGlite directory already created by a decision); otherwise returns them as they are, opening nothing.
 */
export async function withStoredDecisionsAll(ctx: CommandContext, results: ScreenResult[]): Promise<ScreenResult[]> {
  const db = dbOf(ctx, undefined);
  const fallback = defaultDecisionDb(ctx.engine);
  if (results.length === 0 || (!db && !(fallback && existsSync(fallback.replace(/^pglite:/, ""))))) return results;
  let store: DecisionStore | undefined;
  try {
    store = await getDecisionStore(ctx.engine, db);
    const screener = await getScreener(ctx.engine);
    const latest = await store.latest(results.map((r) => r.fingerprint));
    return results.map((result) => {
      const a = applyDecisions(result, latest, screener);
      if (a.hits.length === result.hits.length && a.suppressed.length === result.suppressed.length) return result;
      const matches = a.hits.filter((h) => h.strength === "match").length;
      // Decided suppressions are reported like allow-list ones (same fields), so the output keeps one shape.
      return {
        ...result,
        summary: screeningSummary(screener.coverage(), a.hits.length, matches),
        hits: a.hits,
        suppressed: a.suppressed as ScreenResult["suppressed"],
      };
    });
  } finally {
    await store?.close();
  }
}

/** {@link withStoredDecisionsAll} for one result. */
export async function withStoredDecisions(ctx: CommandContext, result: ScreenResult): Promise<ScreenResult> {
  return (await withStoredDecisionsAll(ctx, [result]))[0] ?? result;
}

/** Applies stored decisions to batch rows in place (rows that could not be screened are left as they are). */
export async function applyStoredDecisionsToRows(ctx: CommandContext, rows: ScreenBatchRow[]): Promise<void> {
  const screened = rows.filter((r): r is Extract<ScreenBatchRow, { result: ScreenResult }> => "result" in r);
  const decided = await withStoredDecisionsAll(
    ctx,
    screened.map((r) => r.result),
  );
  screened.forEach((r, i) => {
    r.result = decided[i] ?? r.result;
  });
}
