/**
 * `embargo regimes sources|update|rollback`: regime updates from the official machine-readable sources (issue 14),
 * with the guarantees of `embargo lists update` (see `@embargo/core/regimes` `updateRegimes`). Dispatched from
 * `regimes.ts`.
 */
import { invalidInput } from "@embargo/core";
import {
  describeRegimeSources,
  formatRegimeDiff,
  type RegimeUpdateReport,
  rollbackRegimes,
  updateRegimes,
} from "@embargo/core/regimes";
import { type CommandContext, parse } from "../command.ts";
import { exitCodeForCategory } from "../io.ts";

export const regimesUpdateUsage = [
  "embargo regimes sources [--json]",
  "       embargo regimes update [--source ID]... [--url ID=URL]... [--as-of YYYY-MM-DD] [--codes c1,c2,…] [--force] [--json]",
  "       embargo regimes rollback [--source ID]... [--json]",
].join("\n");

/** `embargo regimes sources`: every source, its format reference and the version in force. */
export async function regimesSources(ctx: CommandContext, rest: string[]): Promise<number> {
  const { values } = parse(rest, { json: { type: "boolean" } }, regimesUpdateUsage);
  const sources = await describeRegimeSources(ctx.engine);
  if (values.json) {
    ctx.json({ sources });
    return 0;
  }
  for (const s of sources) {
    ctx.out(`${s.id} (${s.jurisdiction}) — ${s.title}\n`);
    ctx.out(`  format: ${s.formatReference}\n  url: ${s.defaultUrl || "none (give --url)"}\n`);
    if (s.urlNote) ctx.out(`  note: ${s.urlNote}\n`);
    ctx.out(
      s.active
        ? `  in force: as of ${s.active.publicationDate}, retrieved ${s.active.retrievedAt}, ${s.active.counts.measures} measure(s), ${s.active.counts.codes} code(s), sha256 ${s.active.sha256.slice(0, 12)}\n`
        : "  in force: bundled data only\n",
    );
  }
  return 0;
}

/** `embargo regimes update`: import, validate, version and swap; prints each source's outcome and diff. */
export async function regimesUpdate(ctx: CommandContext, rest: string[]): Promise<number> {
  const { values } = parse(
    rest,
    {
      json: { type: "boolean" },
      source: { type: "string", multiple: true },
      url: { type: "string", multiple: true },
      "as-of": { type: "string" },
      codes: { type: "string" },
      force: { type: "boolean" },
    },
    regimesUpdateUsage,
  );
  const urls: Record<string, string> = {};
  for (const u of values.url ?? []) {
    const eq = u.indexOf("=");
    if (eq <= 0)
      throw invalidInput("CLI_BAD_ARGUMENTS", `--url takes ID=URL, got '${u}'\nusage: ${regimesUpdateUsage}`);
    urls[u.slice(0, eq)] = u.slice(eq + 1);
  }
  const report: RegimeUpdateReport = await updateRegimes(ctx.engine, {
    fetch: (url, init) => fetch(url, init),
    ...(values.source ? { sources: values.source } : {}),
    urls,
    ...(values["as-of"] !== undefined ? { asOf: values["as-of"] } : {}),
    ...(values.codes !== undefined ? { codes: values.codes.split(/[,\s]+/).filter(Boolean) } : {}),
    force: values.force === true,
    onProgress: (e) => ctx.err(`${e.source}: ${e.step}${e.detail ? ` ${e.detail}` : ""}\n`),
  });
  if (values.json) ctx.json(report);
  else
    for (const r of report.results) {
      ctx.out(`${r.source.padEnd(16)} ${r.status.padEnd(9)} ${r.message}${r.error ? ` [${r.error.code}]` : ""}\n`);
      if (r.diff) ctx.out(formatRegimeDiff(r.diff));
    }
  const rejected = report.results.find((r) => r.status === "rejected");
  return rejected?.error ? exitCodeForCategory[rejected.error.category] : 0;
}

/** `embargo regimes rollback`: back to the version each update replaced (or the bundled data alone). */
export async function regimesRollback(ctx: CommandContext, rest: string[]): Promise<number> {
  const { values } = parse(
    rest,
    { json: { type: "boolean" }, source: { type: "string", multiple: true } },
    regimesUpdateUsage,
  );
  const report = await rollbackRegimes(ctx.engine, values.source ? { sources: values.source } : {});
  if (values.json) ctx.json(report);
  else {
    if (report.results.length === 0) ctx.out("no regime update in force: bundled data only\n");
    for (const r of report.results) {
      ctx.out(`${r.source.padEnd(16)} ${r.status.padEnd(9)} ${r.message}\n`);
      if (r.diff) ctx.out(formatRegimeDiff(r.diff));
    }
  }
  return 0;
}
