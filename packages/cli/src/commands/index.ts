import type { Command } from "../command.ts";

/**
 * One line of the command registry: the name and one-line summary (for `embargo --help`, which must load
 * nothing heavy) and `load()`, which imports the command's module only when that command runs. A command that
 * needs screening lists, trade data or the registry therefore pays for them alone (`embargo hs` never loads them).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every sub-command, in help order. A capability adds its command here (one line; the summary repeats the module's, checked by a test). */
export const commands: CommandEntry[] = [
  {
    name: "check",
    summary: "Explained verdicts for a shipment (JSON) or a batch (CSV), per G7 member and overall",
    load: async () => (await import("./check.ts")).checkCommand,
  },
  {
    name: "regimes",
    summary:
      "List and show regime data; compare members code by code (diff); update them from the official sources (sources, update, rollback); print the JSON Schema",
    load: async () => (await import("./regimes.ts")).regimesCommand,
  },
  {
    name: "hs",
    summary: "Look up an HS / EU CN code (any level, any punctuation) or search descriptions by text",
    load: async () => (await import("./hs.ts")).hsCommand,
  },
  {
    name: "lists",
    summary: "Show the sanctions-list snapshots in force, or update them from the official sources",
    load: async () => (await import("./lists.ts")).listsCommand,
  },
  {
    name: "trade",
    summary:
      "Circumvention monitor: ingest trade data, growth, anomalies, DiD, onward leg, mirror gap, alerts, simulate",
    load: async () => (await import("./trade.ts")).tradeCommand,
  },
  {
    name: "report",
    summary: "Monitoring report as PDF or HTML (report monitor --period --base --out file.pdf|html)",
    load: async () => (await import("./report.ts")).reportCommand,
  },
  {
    name: "serve",
    summary: "Serve the HTTP API and the web app (embedded data, no external service)",
    load: async () => (await import("./serve.ts")).serveCommand,
  },
  {
    name: "screen",
    summary: "Screen a name (or a CSV batch) against the sanctions lists, with explained hits",
    load: async () => (await import("./screen.ts")).screenCommand,
  },
  {
    name: "audit",
    summary: "Signed audit trail of verdicts and screening decisions: list, show a record, verify (proof + replay)",
    load: async () => (await import("./audit.ts")).auditCommand,
  },
  {
    name: "diamonds",
    summary: "Diamond traceability registry: signed events, Merkle log, provenance bundles, import decisions",
    load: async () => (await import("./diamonds.ts")).diamondsCommand,
  },
];
