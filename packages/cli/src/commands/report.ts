import { type Command, parse, unknownSubcommand } from "../command.ts";
import { tradeCommand } from "./trade.ts";

const usage = `embargo report monitor --period FROM:TO --base FROM:TO [--out report.pdf|report.html] [options]

  monitor    the circumvention monitoring report (the same as \`embargo trade report\`): executive summary, alerts
             with their numbers, hub ranking, index lines, revenue panel, coverage simulator, data versions, caveats.
             --out FILE.pdf writes PDF, any other --out HTML (SVG charts); without --out the HTML goes to stdout.

Options: --preset file.json (alert thresholds), --dataset NAME (default comext-cn8), --sanctioned-by EU,US,
  --json (the report's data)`;

const options = {
  period: { type: "string" },
  base: { type: "string" },
  out: { type: "string" },
  preset: { type: "string" },
  dataset: { type: "string" },
  "sanctioned-by": { type: "string" },
  json: { type: "boolean" },
} as const;

/** `embargo report monitor …`: the spelling of `embargo trade report` (one implementation, one route). */
export const reportCommand: Command = {
  name: "report",
  summary: "Monitoring report as PDF or HTML (report monitor --period --base --out file.pdf|html)",
  usage,
  subcommands: {
    monitor: {
      usage:
        "embargo report monitor --period FROM:TO --base FROM:TO [--out report.pdf|report.html] [--preset file.json] [--dataset NAME] [--sanctioned-by EU,US] [--json]",
      examples: [
        "npx embargo report monitor --base 2021-03:2021-11 --period 2022-03:2022-11 --out report.pdf",
        "npx embargo report monitor --base 2021-03:2021-11 --period 2022-03:2022-11 --out report.html --preset my-thresholds.json",
      ],
    },
  },
  async run(ctx, argv) {
    const [sub, ...rest] = argv;
    if (sub !== "monitor") throw unknownSubcommand("report", sub, ["monitor"], usage);
    // Only the report's own options: checked here so a stray trade option is refused with this usage.
    parse(rest, options, usage);
    return tradeCommand.run(ctx, ["report", ...rest]);
  },
};
