import { formatIssue, invalidInput } from "@embargo/core";
import {
  getScreener,
  parseScreenQuery,
  parseScreenRequest,
  recordFalsePositive,
  type ScreenBatchRow,
  type ScreenHit,
  type ScreeningCoverage,
  type ScreenQuery,
  screenCsvRows,
  screenOverrides,
  screenRows,
} from "@embargo/core/screening";
import { stringify } from "csv-stringify/sync";
import { type Command, type CommandContext, parse } from "../command.ts";
import { readCsvTable } from "../csv-file.ts";
import { asFlags } from "../flags.ts";
import { EXIT } from "../io.ts";
import { cliProgressBar } from "../progress.ts";
import { compareUsage, runScreenCompare } from "./screen-compare.ts";
import {
  applyStoredDecisionsToRows,
  decisionsUsage,
  runScreenDecisions,
  withStoredDecisions,
} from "./screen-decisions.ts";

const usage = [
  'embargo screen "<name>" [--type person|organization|vessel] [--country XX] [--dob YYYY[-MM[-DD]]] [--json]',
  "       embargo screen --batch names.csv [--json]   (columns: name, optional type, country, dob)",
  '       embargo screen "<name>" --allow <entityId> --reviewer NAME [--reason TEXT]   (record a reviewed false positive)',
  "       options: --algorithm evidence|ofac-parity, --threshold 0..1, --limit N, --max-list-age DAYS (default 30)",
  decisionsUsage,
  compareUsage,
].join("\n");

/**
 * The single query of `embargo screen "<name>"`, parsed by the contract `POST /v1/screen` parses each row with
 * (core `parseScreenQuery`): the same faults get the same code (`SCREEN_QUERY_INVALID`), naming the flag.
 */
function queryOf(values: Record<string, unknown>, name: string): ScreenQuery {
  const input = {
    name,
    ...(typeof values.type === "string" ? { type: values.type } : {}),
    ...(typeof values.country === "string" ? { country: values.country.toUpperCase() } : {}),
    ...(typeof values.dob === "string" ? { dob: values.dob } : {}),
  };
  return asFlags(() => parseScreenQuery(input), { name: null }, values);
}

/** `--algorithm`, `--threshold`, `--limit` parsed by the screening request's contract (as the HTTP body's options). */
function overridesOf(values: Record<string, unknown>) {
  const number = (v: unknown) =>
    typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v;
  const input = {
    queries: [],
    ...(values.algorithm !== undefined ? { algorithm: values.algorithm } : {}),
    ...(values.threshold !== undefined ? { threshold: number(values.threshold) } : {}),
    ...(values.limit !== undefined ? { limit: number(values.limit) } : {}),
  };
  return screenOverrides(asFlags(() => parseScreenRequest(input), {}, values));
}

function hitLine(h: ScreenHit): string {
  const prog = h.programmes.length ? ` [${h.programmes.join(", ")}]` : "";
  const lines = [
    `  ${h.strength === "match" ? "MATCH   " : "possible"} ${(h.score * 100).toFixed(0).padStart(3)}%  ${h.list}:${h.sourceId}  ${h.caption}${prog}`,
    `      ${h.explanation.text}`,
  ];
  if (h.partial) lines.push(`      ! incomplete listing: ${h.partial}`);
  // Every listing of the same target (one profile), then what the lists say about it.
  for (const l of h.listings)
    lines.push(
      `      listed: ${l.list}:${l.sourceId} "${l.name}"${l.programmes.length ? ` [${l.programmes.join(", ")}]` : ""}${l.listedOn ? ` since ${l.listedOn}` : ""}${l.partial ? ` (${l.partial})` : ""}`,
    );
  if (h.mergedOn?.length) lines.push(`      one profile, merged on: ${h.mergedOn.map((m) => m.detail).join("; ")}`);
  const facts = [
    h.birthDates.length ? `born ${h.birthDates.join(", ")}` : "",
    h.birthPlaces?.length ? `in ${h.birthPlaces.join("; ")}` : "",
    h.nationalities.length ? `nationality ${h.nationalities.join(", ")}` : "",
    h.gender ?? "",
  ].filter(Boolean);
  if (facts.length) lines.push(`      ${facts.join(" · ")}`);
  if (h.identifiers.length)
    lines.push(
      `      ids: ${h.identifiers
        .slice(0, 8)
        .map((i) => `${i.type === "other" && i.note ? i.note : i.type} ${i.value}`)
        .join("; ")}${h.identifiers.length > 8 ? ` (+${h.identifiers.length - 8})` : ""}`,
    );
  if (h.addresses.length)
    lines.push(
      `      address: ${h.addresses
        .slice(0, 3)
        .map((a) => a.full)
        .join(" | ")}${h.addresses.length > 3 ? ` (+${h.addresses.length - 3})` : ""}`,
    );
  return `${lines.join("\n")}\n`;
}

function jsonHit(h: ScreenHit) {
  return {
    entityId: h.entityId,
    list: h.list,
    sourceId: h.sourceId,
    name: h.name,
    caption: h.caption,
    type: h.type,
    score: h.score,
    strength: h.strength,
    programmes: h.programmes,
    sanctionKind: h.sanctionKind,
    ...(h.listedOn ? { listedOn: h.listedOn } : {}),
    ...(h.partial ? { partial: h.partial } : {}),
    listings: h.listings,
    ...(h.mergedOn ? { mergedOn: h.mergedOn } : {}),
    birthDates: h.birthDates,
    ...(h.birthPlaces ? { birthPlaces: h.birthPlaces } : {}),
    nationalities: h.nationalities,
    ...(h.gender ? { gender: h.gender } : {}),
    addresses: h.addresses,
    identifiers: h.identifiers,
    explanation: h.explanation,
  };
}

/** "ofac-sdn 2024-05-03 (947 days old), un-sc 2026-02-27 (282 days old), …" */
function coverageLine(c: ScreeningCoverage): string {
  return c.lists
    .map((l) => `${l.list} ${l.date ?? "undated"}${l.ageDays !== undefined ? ` (${l.ageDays} days old)` : ""}`)
    .join(", ");
}

/** The screen sub-commands, by name (a table); any other first word is the name to screen. */
const subcommands: Record<string, (ctx: CommandContext, argv: string[]) => Promise<number>> = {
  decide: runScreenDecisions,
  decisions: runScreenDecisions,
  compare: (ctx, argv) => runScreenCompare(ctx, argv.slice(1)),
};

/** `embargo screen`: screen a name, or a CSV of names, against the loaded sanctions lists, with explained hits. */
export const screenCommand: Command = {
  name: "screen",
  summary: "Screen a name (or a CSV batch) against the sanctions lists, with explained hits",
  usage,
  examples: [
    'npx embargo screen "Сергей Иванов" --type person',
    'npx embargo screen "Rosneft" --type organization --country RU --json',
    "npx embargo screen --batch names.csv",
    'npx embargo screen compare "Vladimir Putin" "Wladimir Putin"',
  ],
  async run(ctx, argv) {
    const sub = argv[0] === undefined ? undefined : subcommands[argv[0]];
    if (sub) return sub(ctx, argv);
    const { values, positionals } = parse(
      argv,
      {
        type: { type: "string" },
        country: { type: "string" },
        dob: { type: "string" },
        json: { type: "boolean" },
        batch: { type: "string" },
        algorithm: { type: "string" },
        threshold: { type: "string" },
        limit: { type: "string" },
        "max-list-age": { type: "string" },
        allow: { type: "string" },
        reviewer: { type: "string" },
        reason: { type: "string" },
      },
      usage,
    );
    const parsed = overridesOf(values);
    const maxAge = values["max-list-age"] === undefined ? undefined : Number(values["max-list-age"]);
    if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0))
      throw invalidInput("CLI_BAD_ARGUMENTS", `--max-list-age must be a whole number of days\nusage: ${usage}`);
    const overrides = { ...parsed, ...(maxAge !== undefined ? { maxListAgeDays: maxAge } : {}) };

    if (values.allow !== undefined) {
      const name = positionals.join(" ");
      if (!values.reviewer) throw invalidInput("CLI_BAD_ARGUMENTS", `--allow needs --reviewer NAME\nusage: ${usage}`);
      const entry = await recordFalsePositive(ctx.engine, {
        entityId: values.allow,
        query: queryOf(values, name),
        reviewer: values.reviewer,
        ...(values.reason ? { reason: values.reason } : {}),
      });
      if (values.json) ctx.json({ allowListed: entry });
      else
        ctx.out(
          `recorded: ${entry.entityId} is not "${name}" (reviewed by ${entry.reviewer} at ${entry.reviewedAt})\n`,
        );
      return EXIT.OK;
    }

    // Parse the single query before loading the lists, so bad options fail fast.
    const single = values.batch === undefined ? queryOf(values, positionals.join(" ")) : undefined;
    const screener = await getScreener(ctx.engine);

    if (values.batch !== undefined) {
      const { header, records } = await readCsvTable(ctx.io.cwd, values.batch, {
        unreadable: "BATCH_FILE_UNREADABLE",
        invalid: "BATCH_CSV_INVALID",
      });
      if (records.length > 0 && !header.includes("name"))
        throw invalidInput("BATCH_NAME_COLUMN_MISSING", `${values.batch} has no 'name' column`, [
          { code: "missing_column", message: "a 'name' column is required", file: values.batch, field: "name" },
        ]);
      // Columns that are not query fields are ignored, and said so (issue 11: not silently).
      const csv = screenCsvRows(header, records, values.batch);
      for (const w of csv.warnings) ctx.err(`warning: ${formatIssue(w)}\n`);
      const progress = cliProgressBar(ctx.io);
      progress.start(records.length, "screening");
      // Parsed and screened by core row by row, as POST /v1/screen does: a bad row gets its own error.
      const rows: ScreenBatchRow[] = screenRows(screener, csv.rows, overrides, () => progress.increment());
      progress.stop();
      await applyStoredDecisionsToRows(ctx, rows);
      let anyHit = false;
      if (values.json) {
        for (const r of rows) {
          const rec = records[r.row - 1] ?? {};
          if ("error" in r)
            ctx.out(`${JSON.stringify({ row: r.row, query: { name: rec.name ?? "" }, error: r.error })}\n`);
          else {
            if (r.result.hits.length > 0) anyHit = true;
            ctx.out(
              `${JSON.stringify({ row: r.row, query: r.result.query, summary: r.result.summary, hits: r.result.hits.map(jsonHit), suppressed: r.result.suppressed, warnings: r.result.warnings })}\n`,
            );
          }
        }
      } else {
        const out: unknown[][] = [
          [
            "row",
            "name",
            "status",
            "list",
            "source_id",
            "listed_name",
            "score",
            "strength",
            "programmes",
            "explanation",
            "error",
            "listings",
            "list_warnings",
          ],
        ];
        // The same list warnings hold for every row: a "clear" row is clear only in these lists.
        const screened = rows.find((r) => "result" in r);
        const warnings = screened && "result" in screened ? screened.result.warnings : screener.coverage().warnings;
        const listWarnings = warnings.map((w) => w.message).join("; ");
        for (const r of rows) {
          const rec = records[r.row - 1] ?? {};
          if ("error" in r) {
            out.push([
              r.row,
              rec.name ?? "",
              "error",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              `${r.error.message} [${r.error.code}]`,
              "",
              listWarnings,
            ]);
            continue;
          }
          if (r.result.hits.length === 0)
            out.push([r.row, r.result.query.name, "clear", "", "", "", "", "", "", "", "", "", listWarnings]);
          for (const h of r.result.hits) {
            anyHit = true;
            out.push([
              r.row,
              r.result.query.name,
              "hit",
              h.list,
              h.sourceId,
              h.name,
              h.score,
              h.strength,
              h.programmes.join("; "),
              h.explanation.text,
              "",
              h.listings.map((l) => `${l.list}:${l.sourceId}`).join("; "),
              listWarnings,
            ]);
          }
        }
        ctx.out(stringify(out));
      }
      if (!values.json) ctx.err(`embargo screen: screened against ${coverageLine(screener.coverage())}\n`);
      const errors = rows.filter((r) => "error" in r).length;
      if (errors > 0)
        ctx.err(`embargo screen: ${errors} of ${rows.length} rows could not be screened (see the error column)\n`);
      return anyHit ? EXIT.FINDING : EXIT.OK;
    }

    const name = positionals.join(" ");
    // Reviewed decisions (`embargo screen decide`, the API, the web page) suppress unchanged false positives.
    const result = await withStoredDecisions(ctx, screener.screen(single ?? { name }, overrides));
    if (values.json) {
      ctx.json({
        query: result.query,
        version: screener.version,
        algorithm: result.algorithm,
        checkedAt: result.checkedAt,
        summary: result.summary,
        lists: result.lists,
        warnings: result.warnings,
        hits: result.hits.map(jsonHit),
        suppressed: result.suppressed,
      });
    } else {
      ctx.out(`Screening "${name}" against ${coverageLine(screener.coverage())}\n`);
      for (const h of result.hits) ctx.out(hitLine(h));
      // Never a bare "no hit": the summary names the lists' dates and every warning.
      ctx.out(`\n${result.summary}\n`);
      if (result.warnings.length > 0) {
        ctx.out(`warnings (limit ${maxAge ?? screener.options.maxListAgeDays} days):\n`);
        for (const w of result.warnings) ctx.out(`  ${w.code.padEnd(20)} ${w.message}\n`);
      }
      for (const s of result.suppressed)
        ctx.out(
          `  suppressed ${s.list}:${s.sourceId} (${(s.score * 100).toFixed(0)}%): reviewed by ${s.reviewer} at ${s.reviewedAt}\n`,
        );
    }
    return result.hits.length > 0 ? EXIT.FINDING : EXIT.OK;
  },
};
