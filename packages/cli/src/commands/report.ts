import { invalidInput } from "@embargo/core";
import { type Command, parse } from "../command.ts";
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
  async run(ctx, argv) {
    const [sub, ...rest] = argv;
    if (sub !== "monitor") throw invalidInput("CLI_BAD_ARGUMENTS", `unknown report '${sub ?? ""}'\nusage: ${usage}`);
    // Only the report's own options: checked here so a stray trade option is refused with this usage.
    parse(rest, options, usage);
    return tradeCommand.run(ctx, ["report", ...rest]);
  },
};
