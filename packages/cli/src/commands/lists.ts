import { invalidInput } from "@embargo/core";
import {
  getListSnapshots,
  getListVersions,
  LIST_SOURCES,
  listSource,
  parseListUpdate,
  screeningCoverage,
  type UpdateReport,
  updateLists,
} from "@embargo/core/screening";
import { type Command, type CommandContext, parse, unknownSubcommand } from "../command.ts";
import { asFlags } from "../flags.ts";
import { exitCodeForCategory } from "../io.ts";

const usage =
  "embargo lists [show] [--json]\n       embargo lists update [--source ID]... [--url ID=URL]... [--force] [--json]";

function short(h: string): string {
  return h.slice(0, 12);
}

const options = {
  json: { type: "boolean" },
  source: { type: "string", multiple: true },
  url: { type: "string", multiple: true },
  force: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parse<typeof options>>["values"];

/** The lists sub-commands, by name (a table: `embargo lists --help` and did-you-mean list them). */
const subcommands: Record<string, (ctx: CommandContext, values: Values) => Promise<number>> = {
  show: async (ctx, values) => {
    const versions = await getListVersions(ctx.engine);
    // Ages and warnings by the engine's clock: the same ones every screening result carries.
    const coverage = screeningCoverage(await getListSnapshots(ctx.engine), ctx.engine.clock.now());
    if (values.json) {
      ctx.json({ lists: versions, coverage, sources: LIST_SOURCES });
      return 0;
    }
    for (const v of versions) {
      const age = coverage.lists.find((l) => l.list === v.list)?.ageDays;
      ctx.out(
        `${v.list.padEnd(14)} ${v.origin.padEnd(10)} ${(v.date ?? "undated").padEnd(10)} ${String(v.entities).padStart(6)} entities  sha256 ${short(v.sha256)}${age !== undefined ? `  ${age} days old` : ""}${v.retrievedAt ? `  retrieved ${v.retrievedAt}` : ""}\n`,
      );
      if (v.partialEntities) ctx.out(`${"".padEnd(14)} ${v.partialEntities} records are partial (alias-only)\n`);
      if (v.complete === false) ctx.out(`${"".padEnd(14)} not the whole list\n`);
      if (v.delta) ctx.out(`${"".padEnd(14)} last change: +${v.delta.added} −${v.delta.removed} ~${v.delta.changed}\n`);
      for (const c of v.caveats) ctx.out(`${"".padEnd(14)} ! ${c}\n`);
      const retired = listSource(v.list)?.retired;
      if (retired && !v.caveats.some((c) => c.includes(retired))) ctx.out(`${"".padEnd(14)} ! ${retired}\n`);
    }
    const loaded = new Set(versions.map((v) => v.list));
    const missing = LIST_SOURCES.filter((s) => !loaded.has(s.id));
    if (missing.length > 0)
      ctx.out(`\nnot loaded (run \`embargo lists update\`): ${missing.map((s) => s.id).join(", ")}\n`);
    if (coverage.warnings.length > 0) {
      ctx.out(`\nwarnings (as of ${coverage.checkedAt.slice(0, 10)}, limit ${coverage.maxAgeDays} days):\n`);
      for (const w of coverage.warnings) ctx.out(`  ${w.code.padEnd(20)} ${w.message}\n`);
    }
    return 0;
  },
  update: async (ctx, values) => {
    const urls: Record<string, string> = {};
    for (const u of values.url ?? []) {
      const eq = u.indexOf("=");
      if (eq <= 0)
        throw invalidInput("CLI_BAD_ARGUMENTS", `--url takes ID=URL, got '${u}'\nusage: ${usage}`, [
          { code: "invalid_value", field: "--url", message: `ID=URL expected, got '${u}'` },
        ]);
      urls[u.slice(0, eq)] = u.slice(eq + 1);
    }
    // The update's contract in core: unknown ids, non-http(s) URLs; --url alone updates only the lists it names.
    const update = asFlags(
      () =>
        parseListUpdate({
          ...(values.source ? { sources: values.source } : {}),
          urls,
          force: values.force === true,
        }),
      { sources: "source", urls: "url" },
    );
    const report: UpdateReport = await updateLists(ctx.engine, {
      fetch: (url, init) => fetch(url, init),
      ...update,
      onProgress: (e) => ctx.err(`${e.list}: ${e.step}${e.detail ? ` ${e.detail}` : ""}\n`),
    });
    if (values.json) ctx.json(report);
    else
      for (const r of report.results) {
        ctx.out(`${r.list.padEnd(14)} ${r.status.padEnd(9)} ${r.message}${r.error ? ` [${r.error.code}]` : ""}\n`);
      }
    const rejected = report.results.find((r) => r.status === "rejected");
    return rejected?.error ? exitCodeForCategory[rejected.error.category] : 0;
  },
};

/** `embargo lists`: the sanctions-list snapshots in force, and their update from the official sources. */
export const listsCommand: Command = {
  name: "lists",
  summary: "Show the sanctions-list snapshots in force, or update them from the official sources",
  usage,
  subcommands: {
    show: {
      usage: "embargo lists show [--json]   (also plain `embargo lists`)",
      examples: ["npx embargo lists", "npx embargo lists show --json"],
    },
    update: {
      usage:
        "embargo lists update [--source ID]... [--url ID=URL]... [--force] [--json]   (--url alone updates only the lists it names)",
      examples: [
        "npx embargo lists update",
        "npx embargo lists update --source ofac-sdn --source un-sc",
        "npx embargo lists update --url ofac-sdn=https://mirror.example/sdn.xml   # only ofac-sdn, from that address",
      ],
    },
  },
  async run(ctx, argv) {
    const { values, positionals } = parse(argv, options, usage);
    const sub = positionals[0] ?? "show";
    const run = subcommands[sub];
    if (!run) throw unknownSubcommand("lists", sub, Object.keys(subcommands), usage);
    return run(ctx, values);
  },
};
