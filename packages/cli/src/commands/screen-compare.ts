import { invalidInput } from "@embargo/core";
import { type CompareResult, comparePairs, featureSummary } from "@embargo/core/screening";
import { stringify } from "csv-stringify/sync";
import { type CommandContext, parse } from "../command.ts";
import { readCsvRecords } from "../csv-file.ts";
import { EXIT } from "../io.ts";

export const compareUsage = [
  '       embargo screen compare "<name 1>" "<name 2>" [--type person|organization|vessel] [--json]',
  "       embargo screen compare --pairs pairs.csv [--json]   (columns: name1, name2, optional type; adds score, verdict, explanation)",
].join("\n");

function text(r: CompareResult): string {
  const e = r.explanation;
  const lines = [
    `${r.verdict === "match" ? "MATCH" : r.verdict === "possible" ? "POSSIBLE MATCH" : "NO MATCH"} ${(r.score * 100).toFixed(1)}%  "${r.name1}" vs "${r.name2}"${r.type ? ` (${r.type})` : ""}  [possible ≥ ${r.thresholds.possible}, match ≥ ${r.thresholds.match}]`,
    "  feature                 contribution  detail",
  ];
  for (const f of e.features)
    lines.push(
      `  ${f.feature.padEnd(22)} ${`${f.contribution >= 0 ? "+" : "−"}${Math.abs(f.contribution).toFixed(4)}`.padStart(12)}  ${f.detail}`,
    );
  lines.push(`  ${"= score".padEnd(22)} ${r.score.toFixed(4).padStart(12)}  (clamped to 0..1)`);
  return `${lines.join("\n")}\n`;
}

/** Runs `screen compare` (argv after the sub-command). */
export async function runScreenCompare(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { type: { type: "string" }, pairs: { type: "string" }, json: { type: "boolean" } },
    compareUsage,
  );
  if (values.pairs === undefined) {
    if (positionals.length !== 2)
      throw invalidInput("CLI_BAD_ARGUMENTS", `compare takes two names (quote each)\nusage: ${compareUsage}`);
    const [r] = comparePairs({
      name1: positionals[0],
      name2: positionals[1],
      ...(values.type !== undefined ? { type: values.type } : {}),
    });
    if (!r) return EXIT.BAD_INPUT;
    if (values.json) ctx.json(r);
    else ctx.out(text(r));
    return EXIT.OK;
  }
  if (positionals.length > 0 || values.type !== undefined)
    throw invalidInput("CLI_BAD_ARGUMENTS", `--pairs takes no names and no --type (the file has a type column)`);
  const records = await readCsvRecords(ctx.io.cwd, values.pairs, {
    unreadable: "PAIRS_FILE_UNREADABLE",
    invalid: "PAIRS_FILE_INVALID",
  });
  if (records.length > 0 && !("name1" in (records[0] ?? {}) && "name2" in (records[0] ?? {})))
    throw invalidInput("PAIRS_FILE_INVALID", `${values.pairs} needs the columns name1, name2 (and optionally type)`);
  // Every row is validated; a bad row is reported by number, never skipped silently.
  const rows = records.map((r) => ({
    name1: r.name1 ?? "",
    name2: r.name2 ?? "",
    ...(r.type ? { type: r.type.toLowerCase() } : {}),
  }));
  const results = rows.length === 0 ? [] : comparePairs({ pairs: rows });
  if (values.json) {
    ctx.json({ pairs: results });
    return EXIT.OK;
  }
  ctx.out(
    stringify(
      results.map((r, i) => ({
        ...records[i],
        score: r.score.toFixed(4),
        verdict: r.verdict,
        explanation: featureSummary(r.explanation),
      })),
      {
        header: true,
        columns: [...Object.keys(records[0] ?? { name1: 0, name2: 0 }), "score", "verdict", "explanation"],
      },
    ),
  );
  return EXIT.OK;
}
