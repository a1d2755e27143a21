import { readFile } from "node:fs/promises";
import path from "node:path";
import { invalidInput } from "@embargo/core";
import {
  type Algorithm,
  type BatchRow,
  type EntityType,
  getScreener,
  recordFalsePositive,
  type ScreenHit,
  type ScreenQuery,
} from "@embargo/core/screening";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { type Command, parse } from "../command.ts";
import { EXIT } from "../io.ts";
import { cliProgressBar } from "../progress.ts";

const usage = [
  'embargo screen "<name>" [--type person|organization|vessel] [--country XX] [--dob YYYY[-MM[-DD]]] [--json]',
  "       embargo screen --batch names.csv [--json]   (columns: name, optional type, country, dob)",
  '       embargo screen "<name>" --allow <entityId> --reviewer NAME [--reason TEXT]   (record a reviewed false positive)',
  "       options: --algorithm evidence|ofac-parity, --threshold 0..1, --limit N",
].join("\n");

const TYPES = ["person", "organization", "vessel", "aircraft"] as const;

function queryOf(values: Record<string, unknown>, name: string): ScreenQuery {
  const q: ScreenQuery = { name };
  if (typeof values.type === "string") {
    if (!(TYPES as readonly string[]).includes(values.type))
      throw invalidInput("CLI_BAD_ARGUMENTS", `--type must be one of ${TYPES.join(", ")}\nusage: ${usage}`);
    q.type = values.type as EntityType;
  }
  if (typeof values.country === "string") q.country = values.country.toUpperCase();
  if (typeof values.dob === "string") q.dob = values.dob;
  return q;
}

function hitLine(h: ScreenHit): string {
  const prog = h.programmes.length ? ` [${h.programmes.join(", ")}]` : "";
  return `  ${h.strength === "match" ? "MATCH   " : "possible"} ${(h.score * 100).toFixed(0).padStart(3)}%  ${h.list}:${h.sourceId}  ${h.caption}${prog}\n      ${h.explanation.text}\n`;
}

function jsonHit(h: ScreenHit) {
  return {
    list: h.list,
    sourceId: h.sourceId,
    name: h.name,
    caption: h.caption,
    score: h.score,
    strength: h.strength,
    programmes: h.programmes,
    sanctionKind: h.sanctionKind,
    ...(h.listedOn ? { listedOn: h.listedOn } : {}),
    explanation: h.explanation,
  };
}

/** `embargo screen`: screen a name, or a CSV of names, against the loaded sanctions lists, with explained hits. */
export const screenCommand: Command = {
  name: "screen",
  summary: "Screen a name (or a CSV batch) against the sanctions lists, with explained hits",
  usage,
  async run(ctx, argv) {
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
        allow: { type: "string" },
        reviewer: { type: "string" },
        reason: { type: "string" },
      },
      usage,
    );
    const algorithm = values.algorithm as Algorithm | undefined;
    if (algorithm !== undefined && algorithm !== "evidence" && algorithm !== "ofac-parity")
      throw invalidInput("CLI_BAD_ARGUMENTS", `--algorithm must be evidence or ofac-parity\nusage: ${usage}`);
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
      throw invalidInput("CLI_BAD_ARGUMENTS", `--threshold must be a number between 0 and 1\nusage: ${usage}`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      throw invalidInput("CLI_BAD_ARGUMENTS", `--limit must be a positive integer\nusage: ${usage}`);
    const overrides = {
      ...(algorithm ? { algorithm } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
      ...(limit !== undefined ? { limit } : {}),
    };

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
      const file = path.resolve(ctx.io.cwd, values.batch);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        throw invalidInput("BATCH_FILE_UNREADABLE", `cannot read ${values.batch}: ${(e as Error).message}`, [
          { code: "unreadable", message: (e as Error).message, file: values.batch },
        ]);
      }
      let records: Record<string, string>[];
      try {
        records = parseCsv(text, {
          columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
          bom: true,
          skip_empty_lines: true,
          relax_column_count: true,
          trim: true,
        });
      } catch (e) {
        throw invalidInput("BATCH_CSV_INVALID", `${values.batch} is not valid CSV: ${(e as Error).message}`, [
          { code: "invalid_csv", message: (e as Error).message, file: values.batch },
        ]);
      }
      if (records.length > 0 && !("name" in (records[0] as object)))
        throw invalidInput("BATCH_NAME_COLUMN_MISSING", `${values.batch} has no 'name' column`, [
          { code: "missing_column", message: "a 'name' column is required", file: values.batch, field: "name" },
        ]);
      const progress = cliProgressBar(ctx.io);
      progress.start(records.length, "screening");
      const rows: BatchRow[] = [];
      records.forEach((r, i) => {
        try {
          const q = queryOf(
            { type: r.type || undefined, country: r.country || undefined, dob: r.dob || undefined },
            r.name ?? "",
          );
          rows.push({ row: i + 1, result: screener.screen(q, overrides) });
        } catch (e) {
          const err = e as { code?: string; message?: string };
          rows.push({ row: i + 1, error: { code: err.code ?? "SCREEN_FAILED", message: err.message ?? String(e) } });
        }
        progress.increment();
      });
      progress.stop();
      let anyHit = false;
      if (values.json) {
        for (const r of rows) {
          const rec = records[r.row - 1] ?? {};
          if ("error" in r)
            ctx.out(`${JSON.stringify({ row: r.row, query: { name: rec.name ?? "" }, error: r.error })}\n`);
          else {
            if (r.result.hits.length > 0) anyHit = true;
            ctx.out(
              `${JSON.stringify({ row: r.row, query: r.result.query, hits: r.result.hits.map(jsonHit), suppressed: r.result.suppressed })}\n`,
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
          ],
        ];
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
            ]);
            continue;
          }
          if (r.result.hits.length === 0)
            out.push([r.row, r.result.query.name, "clear", "", "", "", "", "", "", "", ""]);
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
            ]);
          }
        }
        ctx.out(stringify(out));
      }
      const errors = rows.filter((r) => "error" in r).length;
      if (errors > 0)
        ctx.err(`embargo screen: ${errors} of ${rows.length} rows could not be screened (see the error column)\n`);
      return anyHit ? EXIT.FINDING : EXIT.OK;
    }

    const name = positionals.join(" ");
    const result = screener.screen(single ?? { name }, overrides);
    if (values.json) {
      ctx.json({
        query: result.query,
        version: screener.version,
        algorithm: result.algorithm,
        hits: result.hits.map(jsonHit),
        suppressed: result.suppressed,
      });
    } else {
      ctx.out(
        `Screening "${name}" against ${screener.lists.map((l) => `${l.list}${l.date ? ` (${l.date})` : ""}`).join(", ")}\n`,
      );
      if (result.hits.length === 0) ctx.out("  no hit at or above the threshold\n");
      for (const h of result.hits) ctx.out(hitLine(h));
      for (const s of result.suppressed)
        ctx.out(
          `  suppressed ${s.list}:${s.sourceId} (${(s.score * 100).toFixed(0)}%): reviewed by ${s.reviewer} at ${s.reviewedAt}\n`,
        );
    }
    return result.hits.length > 0 ? EXIT.FINDING : EXIT.OK;
  },
};
