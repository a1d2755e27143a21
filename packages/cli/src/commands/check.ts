import { readFile } from "node:fs/promises";
import path from "node:path";
import { type ErrorData, formatIssue, invalidInput, isEmbargoError, toErrorData } from "@embargo/core";
import { runCheckRequest, verdictAuditInput } from "@embargo/core/audit";
import { getRegimes } from "@embargo/core/regimes";
import { getPartyScreener } from "@embargo/core/screening";
import {
  type CheckResult,
  checkAsOfAndScenario,
  checkItemCodes,
  type DecideOptions,
  decide,
  type FxTable,
  getVerdictNomenclature,
  parseAsOf,
  parseFxTable,
  parseShipment,
  readShipmentsCsv,
  type Shipment,
  type Verdict,
  type VerdictReason,
} from "@embargo/core/verdicts";
import { type Paint, paint, paintVerdict } from "../colour.ts";
import { type Command, type CommandContext, parse } from "../command.ts";
import { asFlags } from "../flags.ts";
import { EXIT } from "../io.ts";
import { cliProgressBar } from "../progress.ts";
import { appendAudit } from "./audit.ts";

const usage =
  "embargo check <shipment.json|shipments.csv|-> [--as-of YYYY-MM-DD] [--scenario ID] [--fx rates.json] [--no-screening] [--record] [--json]";

/** A UTF-8 byte-order mark (as Windows editors write it) is not part of the JSON or CSV text. */
const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

async function readInput(ctx: CommandContext, file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const c of ctx.io.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
    return stripBom(Buffer.concat(chunks).toString("utf8"));
  }
  try {
    return stripBom(await readFile(path.resolve(ctx.io.cwd, file), "utf8"));
  } catch (e) {
    throw invalidInput("INPUT_NOT_READABLE", `cannot read ${file}: ${(e as Error).message}`, [
      { code: "not_readable", file, message: (e as Error).message },
    ]);
  }
}

/** One shipment of a batch, decided or rejected. */
interface BatchResult {
  /** 1-based data rows (CSV) or array index + 1 (JSON). */
  rows: number[];
  id?: string;
  overall?: Verdict;
  result?: CheckResult;
  error?: ErrorData;
}

function exitFor(verdicts: Verdict[]): number {
  return verdicts.every((v) => v === "NOT_RESTRICTED") ? EXIT.OK : EXIT.FINDING;
}

/** "REVIEW (likely restricted)" / "REVIEW (data incomplete)" / the verdict itself. */
function verdictText(v: string, review: string | undefined): string {
  return review ? `${v} (${review.replace("_", " ")})` : v;
}

/** The CN 8-digit codes under a broader code, listed and not, so the user can re-check with the right one. */
function childrenLines(reason: VerdictReason, indent: string): string[] {
  const ch = reason.children;
  if (!ch || ch.notCovered.length === 0) return [];
  const out = [
    `${indent}CN 8-digit codes under it (${ch.edition}${ch.note ? `; ${ch.note}` : ""}) — re-check with one:`,
  ];
  for (const k of ch.covered) out.push(`${indent}  listed      ${k.code}  ${k.description}`);
  for (const k of ch.notCovered) out.push(`${indent}  not listed  ${k.code}  ${k.description}`);
  return out;
}

/** Human rendering of one verdict (verdicts in traffic-light colours when `p` colours). */
export function formatCheckText(r: CheckResult, p: Paint = paint(false)): string {
  const out: string[] = [];
  out.push(
    p.bold(r.headline),
    "",
    `${r.shipmentId ? `Shipment ${r.shipmentId}` : "Shipment"} of ${r.shipmentDate}, measures as of ${r.asOf} (regime data ${r.dataVersion})`,
    `OVERALL: ${paintVerdict(p, verdictText(r.overall, r.review))}`,
    "",
  );
  for (const j of r.jurisdictions) {
    const label = j.type === "scenario" ? `${j.jurisdiction} (scenario)` : j.jurisdiction;
    if (!j.applies) {
      out.push(`${label}: not applicable — ${j.why.join("; ")}`);
      continue;
    }
    out.push(
      `${label}: ${paintVerdict(p, verdictText(j.verdict, j.review))} — ${j.headline}`,
      `  [coverage ${j.coverage.status}; ${j.coverage.consulted.length} measure(s) consulted; ${j.why.join("; ")}]`,
    );
    for (const reason of j.reasons) out.push(`  - ${reason.summary} [${reason.citation}]`);
    for (const it of j.items) {
      out.push(
        `  line ${it.line}  ${it.code}${it.description ? ` (${it.description})` : ""}  ${paintVerdict(p, verdictText(it.verdict, it.review))}`,
      );
      const gaps = it.reasons.filter((x) => x.kind === "coverage" && x.effect === "REVIEW");
      for (const reason of it.reasons.filter((x) => !gaps.includes(x))) {
        out.push(`    - ${reason.summary}${reason.citation ? ` [${reason.measureId}; ${reason.citation}]` : ""}`);
        out.push(...childrenLines(reason, "      "));
      }
      // Coverage reasons repeat per line in JSON; in text, one line naming the measures is enough.
      if (gaps.length > 0)
        out.push(
          `    - not found in the encoded part of partly encoded or word-described measures, so not a clean pass: ${[...new Set(gaps.map((x) => x.measureId))].join(", ")} (see --json for their notes)`,
        );
    }
    for (const nc of j.coverage.notChecked) out.push(`  not checked: ${nc}`);
    for (const g of j.coverage.regimes)
      out.push(`  not encoded: ${g.title} (${g.status.replace("_", " ")}; ${g.citation}): ${g.note}`);
  }
  if (r.flags.length > 0) {
    out.push("", "Flags:");
    for (const f of r.flags)
      out.push(
        `  ${f.code}${f.jurisdiction ? ` (${f.jurisdiction}${f.measureId ? `, ${f.measureId}` : ""})` : ""}${f.lines ? ` lines ${f.lines.join(",")}` : ""}: ${f.message}`,
      );
  }
  for (const p of r.parties.results.filter((x) => x.hits.length > 0))
    out.push(`  party ${p.role} "${p.name}": ${p.verdict} (${p.hits.map((h) => `${h.list} ${h.name}`).join("; ")})`);
  if (r.notes.length > 0) out.push("", ...r.notes.map((n) => `Note: ${n}`));
  out.push("");
  return out.join("\n");
}

/** Decides one shipment of a batch (or passes its parse error on); never throws for a row's fault. */
function decideEntry(
  e: { rows: number[]; id?: string; shipment?: Shipment; error?: ErrorData },
  options: DecideOptions,
  file: string,
): BatchResult {
  const br: BatchResult = { rows: e.rows, ...(e.id ? { id: e.id } : {}) };
  if (e.error) {
    br.error = e.error;
    return br;
  }
  if (!e.shipment) return br;
  try {
    // A code in no edition is this row's fault, not the run's.
    checkItemCodes(e.shipment, options.nomenclature);
  } catch (err) {
    const data = toErrorData(err);
    // Point each item issue at its own row (CSV: one row per item).
    data.issues = (data.issues ?? []).map((iss) => {
      const m = /^items\[(\d+)\]/.exec(iss.path ?? "");
      return { ...iss, file, row: (m ? e.rows[Number(m[1])] : undefined) ?? (e.rows[0] as number) };
    });
    br.error = data;
    return br;
  }
  try {
    br.result = decide(e.shipment, options);
    br.overall = br.result.overall;
  } catch (err) {
    br.error = toErrorData(err);
  }
  return br;
}

/** One batch row in text: where, verdict (coloured), members, flags and the headline; or the row's error. */
function formatBatchLine(r: BatchResult, p: Paint): string {
  const where = `row${r.rows.length > 1 ? "s" : ""} ${r.rows.join(",")}${r.id ? ` (${r.id})` : ""}`;
  if (r.error)
    return `${where}: ${p.red("ERROR")} ${r.error.message} [${r.error.code}]\n${(r.error.issues ?? []).map((i) => `    - ${formatIssue(i)}\n`).join("")}`;
  if (!r.result) return "";
  const js = r.result.jurisdictions
    .filter((j) => j.applies)
    .map((j) => `${j.jurisdiction}: ${j.verdict}`)
    .join(", ");
  const flags = r.result.flags.map((f) => f.code).join(", ");
  return `${where}: ${paintVerdict(p, verdictText(r.result.overall, r.result.review))}${js ? `  [${js}]` : ""}${flags ? `  flags: ${flags}` : ""}\n    ${r.result.headline}\n`;
}

/** `embargo check`: explained verdicts for one shipment (JSON) or a batch (CSV or a JSON array). */
export const checkCommand: Command = {
  name: "check",
  summary: "Explained verdicts for a shipment (JSON) or a batch (CSV), per G7 member and overall",
  usage,
  examples: [
    "npx embargo check examples/shipment.json",
    "npx embargo check examples/shipments.csv --json      # a batch: one JSON line per shipment, then a summary line",
    "npx embargo check examples/shipment.json --scenario g7-full-ban-2023 --as-of 2024-06-01",
    "cat examples/shipment.json | npx embargo check - --no-screening",
    "npx embargo check examples/shipment.json --record   # append the verdict to the signed audit trail (embargo audit)",
  ],
  async run(ctx, argv) {
    const { values, positionals } = parse(
      argv,
      {
        "as-of": { type: "string" },
        scenario: { type: "string" },
        fx: { type: "string" },
        "no-screening": { type: "boolean" },
        record: { type: "boolean" },
        json: { type: "boolean" },
      },
      usage,
    );
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw invalidInput("CLI_BAD_ARGUMENTS", `give exactly one input file\nusage: ${usage}`);
    const text = await readInput(ctx, file);
    let fx: FxTable | undefined;
    if (values.fx !== undefined) {
      const raw = await readInput(ctx, values.fx);
      try {
        fx = parseFxTable(JSON.parse(raw), { file: values.fx });
      } catch (e) {
        if (isEmbargoError(e)) throw e;
        throw invalidInput("FX_TABLE_INVALID", `${values.fx}: not JSON: ${(e as Error).message}`);
      }
    }
    const regimes = await getRegimes(ctx.engine);
    const options: DecideOptions = { regimes };
    // The date contract POST /v1/check uses (core AsOfDate): AS_OF_INVALID, worded as the flag.
    const asOf = asFlags(() => parseAsOf(values["as-of"]), {}, { asOf: values["as-of"] });
    if (asOf !== undefined) options.asOf = asOf;
    if (values.scenario !== undefined) options.scenario = values.scenario;
    if (fx) options.fx = fx;
    const isCsv = file.toLowerCase().endsWith(".csv") || !/^\s*[[{]/.test(text);
    let doc: unknown;
    if (!isCsv) {
      try {
        doc = JSON.parse(text);
      } catch (e) {
        throw invalidInput("INPUT_NOT_JSON", `${file}: not valid JSON: ${(e as Error).message}`, [
          { code: "invalid_json", file, message: (e as Error).message },
        ]);
      }
    }

    // Parties are screened against the loaded sanctions lists unless --no-screening; if the lists cannot be
    // loaded the verdicts still come, saying why the parties were not screened. Loaded once the input parsed.
    const withScreening = async () => {
      if (values["no-screening"]) options.unscreenedReason = "--no-screening";
      else {
        try {
          options.parties = await getPartyScreener(ctx.engine);
        } catch (e) {
          options.unscreenedReason = `sanctions lists unavailable: ${toErrorData(e).message}`;
        }
      }
    };
    // Once the input parsed: the screener, and the nomenclature (edition correlation, CN-8 children of broader
    // codes, codes in no edition rejected).
    const prepare = async () => {
      await withScreening();
      try {
        options.nomenclature = await getVerdictNomenclature(ctx.engine);
      } catch {
        // Without the nomenclature, verdicts still come: broader codes and other editions stay candidates.
      }
    };

    // --record: one shipment decided through the same code path as POST /v1/check (so a replay asks the same
    // question) and appended to the signed audit trail; the audit id is printed.
    if (values.record) {
      if (isCsv || Array.isArray(doc))
        throw invalidInput("CLI_BAD_ARGUMENTS", "--record takes one shipment (a JSON object), not a batch", [
          { code: "record_batch", field: "--record", message: "one shipment per audit record" },
        ]);
      parseShipment(doc, { file });
      const { request, result } = await runCheckRequest(ctx.engine, {
        shipment: doc,
        ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
        ...(options.scenario !== undefined ? { scenario: options.scenario } : {}),
        ...(options.fx !== undefined ? { fx: options.fx } : {}),
        ...(values["no-screening"] ? { screening: false } : {}),
      });
      const audit = await appendAudit(ctx, verdictAuditInput(request, result));
      if (values.json) ctx.json({ ...result, audit });
      else ctx.out(`${formatCheckText(result, ctx.paint)}audit: ${audit.id} (embargo audit show|verify ${audit.id})\n`);
      return exitFor([result.overall]);
    }

    // One shipment object: a single verdict.
    if (!isCsv && !Array.isArray(doc)) {
      const shipment = parseShipment(doc, { file });
      await prepare();
      const result = decide(shipment, options);
      if (values.json) ctx.json(result);
      else ctx.out(formatCheckText(result, ctx.paint));
      return exitFor([result.overall]);
    }

    // A batch: CSV rows or a JSON array. Each shipment is decided and written as it comes (one JSON line per
    // shipment with --json, then one summary line), so memory does not grow with the batch (docs/verdicts.md).
    const csv = isCsv ? await readShipmentsCsv(text, file) : undefined;
    const entries: { rows: number[]; id?: string; shipment?: Shipment; error?: ErrorData }[] = csv
      ? csv.entries
      : (doc as unknown[]).map((d, i) => {
          try {
            const shipment = parseShipment(d, { file, row: i + 1 });
            return { rows: [i + 1], ...(shipment.id ? { id: shipment.id } : {}), shipment };
          } catch (e) {
            return { rows: [i + 1], error: toErrorData(e) };
          }
        });
    const warnings = csv?.warnings ?? [];
    for (const w of warnings) ctx.err(`warning: ${formatIssue(w)}\n`);
    // A bad option (unknown scenario, impossible date) is the same for every row: refused before any row is written.
    checkAsOfAndScenario(regimes, options.asOf, options.scenario);
    await prepare();
    const progress = cliProgressBar(ctx.io);
    progress.start(entries.length, "check");
    const summary = { shipments: 0, prohibited: 0, licenceRequired: 0, review: 0, notRestricted: 0, errors: 0 };
    const key = {
      PROHIBITED: "prohibited",
      LICENCE_REQUIRED: "licenceRequired",
      REVIEW: "review",
      NOT_RESTRICTED: "notRestricted",
    } as const;
    let allClear = true;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k] as (typeof entries)[number];
      // Let go of the parsed entry once it is decided.
      (entries as unknown[])[k] = undefined;
      const br = decideEntry(e, options, file);
      summary.shipments++;
      if (br.error) summary.errors++;
      if (br.overall) {
        summary[key[br.overall]]++;
        if (br.overall !== "NOT_RESTRICTED") allClear = false;
      }
      await ctx.write(values.json ? `${JSON.stringify(br)}\n` : formatBatchLine(br, ctx.paint));
      progress.increment();
    }
    progress.stop();

    if (values.json) {
      ctx.out(
        `${JSON.stringify({
          summary,
          asOf: options.asOf ?? null,
          dataVersion: regimes.version,
          ...(options.scenario ? { scenario: options.scenario } : {}),
          ...(warnings.length > 0 ? { warnings } : {}),
        })}\n`,
      );
    } else {
      ctx.out(
        `\n${summary.shipments} shipment(s): ${summary.prohibited} prohibited, ${summary.licenceRequired} licence required, ${summary.review} to review, ${summary.notRestricted} not restricted, ${summary.errors} with errors (regime data ${regimes.version})\n`,
      );
    }
    if (summary.errors > 0) return EXIT.BAD_INPUT;
    return allClear ? EXIT.OK : EXIT.FINDING;
  },
};
