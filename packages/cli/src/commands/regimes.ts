import { invalidInput, notFound } from "@embargo/core";
import { countryGroupsJsonSchema, getRegimes, knownRegimeStatus, regimeFileJsonSchema } from "@embargo/core/regimes";
import { compareRegimes, formatComparisonCsv, formatComparisonTable, parseAsOf } from "@embargo/core/verdicts";
import { type Command, type CommandContext, parse, type SubcommandHelp, unknownSubcommand } from "../command.ts";
import { asFlags } from "../flags.ts";
import { regimesRollback, regimesSources, regimesUpdate, regimesUpdateUsage } from "./regimes-update.ts";

const usage = [
  "embargo regimes list [--json]",
  "       embargo regimes show <jurisdiction|scenario> [--json]",
  "       embargo regimes diff [--codes a,b,…|--chapter NN] [--as-of YYYY-MM-DD] [--scenario ID] [--country RU] [--direction export|import] [--format table|json|csv]",
  "       embargo regimes schema [--groups]",
  `       ${regimesUpdateUsage}`,
].join("\n");

const subcommandHelp: Record<string, SubcommandHelp> = {
  list: { usage: "embargo regimes list [--json]", examples: ["npx embargo regimes list"] },
  show: { usage: "embargo regimes show <jurisdiction|scenario> [--json]", examples: ["npx embargo regimes show EU"] },
  diff: {
    usage:
      "embargo regimes diff [--codes a,b,…|--chapter NN] [--as-of YYYY-MM-DD] [--scenario ID] [--country RU] [--direction export|import] [--format table|json|csv]",
    examples: [
      "npx embargo regimes diff --chapter 85 --scenario g7-full-ban-2023 --format csv",
      "npx embargo regimes diff --codes 8542.31,8471.30 --as-of 2024-06-01",
    ],
  },
  schema: {
    usage: "embargo regimes schema [--groups]",
    examples: ["npx embargo regimes schema > regime.schema.json"],
  },
  sources: { usage: "embargo regimes sources [--json]", examples: ["npx embargo regimes sources"] },
  update: {
    usage:
      "embargo regimes update [--source ID]... [--url ID=URL]... [--as-of YYYY-MM-DD] [--codes c1,c2,…] [--force] [--json]",
    examples: ["npx embargo regimes update --source uk-trade-tariff --codes 9403200000,8471300000 --as-of 2024-06-01"],
  },
  rollback: {
    usage: "embargo regimes rollback [--source ID]... [--json]",
    examples: ["npx embargo regimes rollback --source uk-trade-tariff"],
  },
};

function pad(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return `${rows
    .map((r) =>
      r
        .map((x, i) => x.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** The regimes sub-commands, by name. */
const subcommands: Record<string, (ctx: CommandContext, rest: string[]) => Promise<number>> = {
  sources: regimesSources,
  update: regimesUpdate,
  rollback: regimesRollback,
  schema: async (ctx, rest) => {
    const { values } = parse(rest, { groups: { type: "boolean" } }, usage);
    ctx.json(values.groups ? countryGroupsJsonSchema() : regimeFileJsonSchema());
    return 0;
  },
  list: async (ctx, rest) => {
    const { values } = parse(rest, { json: { type: "boolean" } }, usage);
    const regimes = await getRegimes(ctx.engine);
    if (values.json) {
      ctx.json({
        dataVersion: regimes.version,
        members: regimes.members,
        scenarios: regimes.scenarios,
        files: regimes.files,
      });
      return 0;
    }
    ctx.out(`Regime data ${regimes.version}\n\n`);
    ctx.out(
      pad([
        ["jurisdiction", "type", "measures", "version", "snapshot", "name"],
        ...regimes.files.map((f) => [
          f.jurisdiction,
          f.type,
          String(f.measureCount),
          f.version,
          f.snapshotDate,
          f.name,
        ]),
      ]),
    );
    return 0;
  },
  show: async (ctx, rest) => {
    const { values, positionals } = parse(rest, { json: { type: "boolean" } }, usage);
    const id = positionals[0];
    if (id === undefined)
      throw invalidInput("CLI_BAD_ARGUMENTS", `give a jurisdiction or scenario id\nusage: ${usage}`);
    const regimes = await getRegimes(ctx.engine);
    const files = regimes.files.filter((f) => f.jurisdiction === id);
    if (files.length === 0)
      throw notFound(
        "JURISDICTION_NOT_FOUND",
        `no regime data for '${id}'; known: ${[...regimes.members, ...regimes.scenarios].join(", ")}`,
      );
    const measures = regimes.measuresOf(id);
    const known = knownRegimeStatus(regimes.knownRegimesOf(id));
    if (values.json) {
      ctx.json({
        dataVersion: regimes.version,
        files,
        measures,
        knownRegimes: known.regimes,
        knownRegimeCounts: known.counts,
      });
      return 0;
    }
    for (const f of files) ctx.out(`${f.name} — ${f.file} version ${f.version}, snapshot ${f.snapshotDate}\n`);
    ctx.out("\n");
    ctx.out(
      pad([
        ["id", "kind", "dir", "from", "until", "countries", "goods", "coverage", "confidence"],
        ...measures.map((m) => [
          m.id,
          m.kind,
          m.direction,
          m.effective.from,
          m.effective.until ?? "",
          m.countries.join(" "),
          m.goods.kind === "codes"
            ? `${m.goods.include.length} prefix(es) ${m.goods.nomenclature}`
            : m.goods.kind === "all_except"
              ? `all except ${m.goods.except.length}`
              : "described in words",
          m.coverage.status,
          m.confidence,
        ]),
      ]),
    );
    if (known.regimes.length > 0) {
      // What a verdict's coverage reads: a shipment's verdict is `complete` only when every regime concerning it is encoded.
      ctx.out(
        `\nKnown regimes (${known.counts.encoded} encoded, ${known.counts.partial} partial, ${known.counts.not_encoded} not encoded; a verdict reads complete only when every regime concerning the shipment is encoded):\n`,
      );
      ctx.out(
        pad([
          ["id", "status", "dir", "countries", "from", "until", "measures", "citation"],
          ...known.regimes.map((k) => [
            k.id,
            k.status,
            k.directions.join(","),
            k.countries.join(" "),
            k.effective.from,
            k.effective.until ?? "",
            String(k.measures.length),
            k.citation,
          ]),
        ]),
      );
    }
    return 0;
  },
  diff: async (ctx, rest) => {
    const { values } = parse(
      rest,
      {
        codes: { type: "string" },
        chapter: { type: "string" },
        "as-of": { type: "string" },
        scenario: { type: "string" },
        country: { type: "string" },
        direction: { type: "string" },
        format: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const format = values.json ? "json" : (values.format ?? "table");
    if (!["table", "json", "csv"].includes(format))
      throw invalidInput("CLI_BAD_ARGUMENTS", `--format must be table, json or csv\nusage: ${usage}`);
    if (values.direction !== undefined && values.direction !== "export" && values.direction !== "import")
      throw invalidInput("CLI_BAD_ARGUMENTS", `--direction must be export or import\nusage: ${usage}`);
    const regimes = await getRegimes(ctx.engine);
    const cmp = compareRegimes(regimes, {
      ...(values.codes !== undefined ? { codes: values.codes.split(/[,\s]+/).filter(Boolean) } : {}),
      ...(values.chapter !== undefined ? { chapter: values.chapter } : {}),
      asOf:
        asFlags(() => parseAsOf(values["as-of"]), {}, { asOf: values["as-of"] }) ??
        ctx.engine.clock.now().toISOString().slice(0, 10),
      ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
      ...(values.country !== undefined ? { country: values.country } : {}),
      ...(values.direction !== undefined ? { direction: values.direction as "export" | "import" } : {}),
    });
    if (format === "json") ctx.json(cmp);
    else if (format === "csv") ctx.out(formatComparisonCsv(cmp));
    else ctx.out(formatComparisonTable(cmp));
    return 0;
  },
};

/** `embargo regimes`: the loaded regime data, one jurisdiction's measures, the comparison and the JSON Schema. */
export const regimesCommand: Command = {
  name: "regimes",
  summary:
    "List and show regime data; compare members code by code (diff); update them from the official sources (sources, update, rollback); print the JSON Schema",
  usage,
  subcommands: subcommandHelp,
  async run(ctx, argv) {
    const [sub, ...rest] = argv;
    const run = sub === undefined ? undefined : subcommands[sub];
    if (!run) throw unknownSubcommand("regimes", sub, Object.keys(subcommands), usage);
    return run(ctx, rest);
  },
};
