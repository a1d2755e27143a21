import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { invalidInput } from "@embargo/core";
import {
  type AlertResult,
  alerts,
  anomalies,
  DEFAULT_TRADE_DATASET,
  datasetCoverage,
  diffInDiff,
  getTrade,
  growth,
  importBanPressure,
  ingestDataset,
  kimberleyProduction,
  mirrorGap,
  onwardLeg,
  parseAlertPreset,
  parseTradeQuery,
  partnerRevenue,
  TradeQueries as Q,
  simulate,
  TRADE_FORMATS,
  type TradeFormat,
  tradeCallOptions,
  unitValues,
  type WindowCheck,
} from "@embargo/core/trade";
import { type Command, type CommandContext, parse, type SubcommandHelp, unknownSubcommand } from "../command.ts";
import { asFlags, enumFlag, requiredFlag } from "../flags.ts";
import { cliProgressBar } from "../progress.ts";

const usage = `embargo trade <subcommand> [options]

  ingest <files…> --dataset NAME [--format comext|comtrade|baci|imf] [--nomenclature HS2017]
  datasets
  growth     --base FROM:TO --period FROM:TO [--by partner|reporter|code|chapter|none] [--pseudo-count N]
  anomalies  --base FROM:TO --period FROM:TO --min-value N --min-growth X [--limit N]
  did        --base FROM:TO --period FROM:TO --hubs AM,KZ [--controls …]
  onward     --base FROM:TO --period FROM:TO --hubs AM,KZ [--onward-dataset NAME] [--lags 0,1,2,3]
  mirror     --base YYYY:YYYY --period YYYY:YYYY --hubs KG --imports-dataset NAME [--exporters DE,IT]
  unit-values --base FROM:TO --period FROM:TO --targets RU,KZ
  alerts     --base FROM:TO --period FROM:TO [--imports-dataset NAME] [--onward-dataset NAME] [--limit N]
             [--preset file.json]   (alert thresholds; default data/trade/presets/trade-alerts-1.0.0.json)
  simulate   --regime ID [--year 2021] [--as-of YYYY-MM-DD]
  report     --base FROM:TO --period FROM:TO [--out report.pdf|report.html] [--preset file.json] [--json]
             monitoring report: PDF when --out ends in .pdf, else HTML with SVG charts
  coverage   [--dataset NAME] [--partners …] [--flow import]   first/last period per reporter, partner, level
  revenue    imports [--jurisdiction EU] [--origin RU] [--base-year 2021] [--months-before 3]
             partners [--dataset imf-russia] [--base 2021] [--period 2024] [--flow export] [--limit 20]
             diamonds   (Kimberley Process production, press-reported)

Common: --dataset NAME (default comext-cn8), --reporters A,B, --partners A,B,
  --products sanctioned|all|CODES|@file, --sanctioned-by EU,US, --tiers 1,2 (CHPL), --flow export|import, --json
Periods are YYYY-MM or YYYY. Values are in the dataset's currency (Comext: EUR); currencies are never mixed.
A window outside the data is flagged (warning on stderr, windowCheck in --json); --strict-window refuses it.`;

const common_ =
  "[--dataset NAME] [--reporters A,B] [--partners A,B] [--products sanctioned|all|CODES|@file] [--sanctioned-by EU,US] [--tiers 1,2] [--flow export|import] [--json]";

/** Each sub-command's usage and examples (`embargo trade <sub> --help`); the keys are the dispatch table's. */
const subcommandHelp: Record<string, SubcommandHelp> = {
  ingest: {
    usage:
      "embargo trade ingest <files…> --dataset NAME [--format comext|comtrade|baci|imf] [--nomenclature HS2017] [--json]",
    examples: ["npx embargo trade ingest comext-tr-ae.csv --dataset comext-hubs --format comext"],
  },
  datasets: { usage: "embargo trade datasets [--json]", examples: ["npx embargo trade datasets"] },
  growth: {
    usage: `embargo trade growth --base FROM:TO --period FROM:TO [--by partner|reporter|code|chapter|none] [--pseudo-count N] [--limit N] ${common_}`,
    examples: ["npx embargo trade growth --base 2021-01:2021-12 --period 2022-01:2022-12 --partners RU --json"],
  },
  anomalies: {
    usage: `embargo trade anomalies --base FROM:TO --period FROM:TO --min-value N --min-growth X [--limit N] ${common_}`,
    examples: [
      "npx embargo trade anomalies --base 2021-03:2021-11 --period 2022-03:2022-11 --min-value 10000000 --min-growth 2",
    ],
  },
  did: {
    usage: "embargo trade did --base FROM:TO --period FROM:TO --hubs AM,KZ [--controls …] [--pseudo-count N] [--json]",
    examples: ["npx embargo trade did --base 2021-03:2021-11 --period 2022-03:2022-11 --hubs AM,KZ,KG"],
  },
  onward: {
    usage:
      "embargo trade onward --base FROM:TO --period FROM:TO --hubs AM,KZ [--onward-dataset NAME] [--lags 0,1,2,3] [--json]",
    examples: ["npx embargo trade onward --base 2021-03:2021-11 --period 2022-03:2022-11 --hubs AM,KZ"],
  },
  mirror: {
    usage:
      "embargo trade mirror --base YYYY:YYYY --period YYYY:YYYY --hubs KG --imports-dataset NAME [--exporters DE,IT] [--json]",
    examples: ["npx embargo trade mirror --base 2021:2021 --period 2023:2023 --hubs KG --imports-dataset kg-imports"],
  },
  "unit-values": {
    usage: `embargo trade unit-values --base FROM:TO --period FROM:TO --targets RU,KZ ${common_}`,
    examples: ["npx embargo trade unit-values --base 2021-03:2021-11 --period 2022-03:2022-11 --targets RU,KZ"],
  },
  alerts: {
    usage:
      "embargo trade alerts --base FROM:TO --period FROM:TO [--imports-dataset NAME] [--onward-dataset NAME] [--limit N] [--preset file.json] [--strict-window] [--json]",
    examples: ["npx embargo trade alerts --base 2021-03:2021-11 --period 2022-03:2022-11"],
  },
  simulate: {
    usage: "embargo trade simulate --regime ID [--year YYYY] [--as-of YYYY-MM-DD] [--reporters A,B] [--json]",
    examples: ["npx embargo trade simulate --regime g7-full-ban-2023"],
  },
  report: {
    usage:
      "embargo trade report --base FROM:TO --period FROM:TO [--out report.pdf|report.html] [--preset file.json] [--json]",
    examples: ["npx embargo trade report --base 2021-03:2021-11 --period 2022-03:2022-11 --out report.pdf"],
  },
  coverage: {
    usage: "embargo trade coverage [--dataset NAME] [--reporters A,B] [--partners A,B] [--flow export|import] [--json]",
    examples: ["npx embargo trade coverage --dataset comext-cn8"],
  },
  revenue: {
    usage:
      "embargo trade revenue imports [--jurisdiction EU] [--origin RU] [--base-year YYYY] [--months-before N] [--json]\n       embargo trade revenue partners [--dataset imf-russia] [--base YYYY] [--period YYYY] [--flow export|import] [--limit N] [--json]\n       embargo trade revenue diamonds [--json]",
    examples: ["npx embargo trade revenue imports --jurisdiction EU", "npx embargo trade revenue partners --limit 10"],
  },
};

const common = {
  dataset: { type: "string" },
  format: { type: "string" },
  nomenclature: { type: "string" },
  base: { type: "string" },
  period: { type: "string" },
  reporters: { type: "string" },
  partners: { type: "string" },
  products: { type: "string" },
  "sanctioned-by": { type: "string" },
  flow: { type: "string" },
  by: { type: "string" },
  "pseudo-count": { type: "string" },
  "min-value": { type: "string" },
  "min-growth": { type: "string" },
  limit: { type: "string" },
  hubs: { type: "string" },
  controls: { type: "string" },
  exporters: { type: "string" },
  targets: { type: "string" },
  lags: { type: "string" },
  "onward-dataset": { type: "string" },
  "imports-dataset": { type: "string" },
  regime: { type: "string" },
  year: { type: "string" },
  "as-of": { type: "string" },
  "strict-window": { type: "boolean" },
  tiers: { type: "string" },
  preset: { type: "string" },
  out: { type: "string" },
  jurisdiction: { type: "string" },
  origin: { type: "string" },
  "base-year": { type: "string" },
  "months-before": { type: "string" },
  json: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parse<typeof common>>["values"];

const kebab = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A trade query's flags parsed by its contract in core ({@link TradeQueries}, the schema the HTTP route parses its
 * query string with): each field is read from the flag of the same name in kebab-case (`minValue` ← `--min-value`),
 * or from the flag `from` names (`null`: not a flag here). Errors keep core's code (`PARAMETER_INVALID`,
 * `PARAMETER_REQUIRED`) and name the flag.
 */
function query<S extends Parameters<typeof parseTradeQuery>[0]>(
  ctx: CommandContext,
  schema: S,
  values: Values,
  from: Record<string, string | null> = {},
): ReturnType<typeof parseTradeQuery<S>> {
  const input: Record<string, string | undefined> = {};
  const flags: Record<string, string> = {};
  for (const field of Object.keys(schema.shape)) {
    const flag = from[field] === undefined ? kebab(field) : from[field];
    if (flag === null) continue;
    flags[field] = flag;
    const v = values[flag as keyof Values] as string | boolean | undefined;
    input[field] = typeof v === "boolean" ? (v ? "true" : undefined) : field === "products" ? products(ctx, v) : v;
  }
  return asFlags(() => parseTradeQuery(schema, input), flags, input);
}

interface SubArgs {
  ctx: CommandContext;
  values: Values;
  positionals: string[];
  engine: CommandContext["engine"];
}

/** `--products`: sanctioned, all, code prefixes, or `@file` (codes separated by spaces, commas or lines; # comments). */
function products(ctx: CommandContext, v: string | undefined): string | undefined {
  if (v === undefined || !v.startsWith("@")) return v;
  const file = path.resolve(ctx.io.cwd, v.slice(1));
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw invalidInput("TRADE_PRODUCTS_FILE", `cannot read products file ${file}`, [
      { code: "unreadable", field: "--products", file, message: "cannot read the file" },
    ]);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, ""))
    .flatMap((line) => line.split(/[\s,]+/))
    .map((c) => c.trim())
    .filter((c) => c !== "")
    .join(",");
}

/** Reads and validates an alert preset file (`TRADE_BAD_PRESET` when it does not match the schema). */
function readPreset(ctx: CommandContext, file: string) {
  const p = path.resolve(ctx.io.cwd, file);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(p, "utf8"));
  } catch (e) {
    throw invalidInput("TRADE_BAD_PRESET", `cannot read preset ${p}: ${(e as Error).message}`);
  }
  return parseAlertPreset(doc, path.basename(p));
}

/** Prints a window check's warnings on stderr (also with --json, so scripts see them without parsing). */
function windowWarnings(ctx: CommandContext, wc: WindowCheck | undefined): void {
  for (const w of wc?.warnings ?? []) ctx.err(`warning: ${w}\n`);
}

const money = (v: number) => Math.round(v).toLocaleString("en-GB");
const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
const mult = (v: number | null) => (v === null ? "new" : `×${v.toFixed(2)}`);

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return `${rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")).join("\n")}\n`;
}

function notes(ctx: CommandContext, ns: string[]): void {
  for (const n of ns) ctx.out(`note: ${n}\n`);
}

/** The trade sub-commands, by name (a table, not a switch: `embargo trade --help` lists them). */
const subcommands: Record<string, (a: SubArgs) => Promise<number>> = {
  ingest: async ({ ctx, values, positionals, engine }) => {
    const format: TradeFormat = enumFlag(values.format, "format", TRADE_FORMATS) ?? "comext";
    if (positionals.length === 0) throw invalidInput("CLI_BAD_ARGUMENTS", `no files given\nusage: ${usage}`);
    const r = await ingestDataset(engine, {
      files: positionals.map((f) => path.resolve(ctx.io.cwd, f)),
      format,
      dataset: requiredFlag(values.dataset, "dataset", subcommandHelp.ingest?.usage ?? usage),
      ...(values.nomenclature ? { nomenclature: values.nomenclature } : {}),
      progress: cliProgressBar(ctx.io, 1),
    });
    if (values.json) ctx.json({ manifest: r.manifest, issues: r.issues });
    else {
      const m = r.manifest;
      ctx.out(`dataset ${m.name}: ${m.rows} rows kept, ${m.badRows} bad row(s), currency ${m.currencies.join(", ")}\n`);
      for (const f of m.files) {
        const ex = Object.entries(f.excluded).map(([k, v]) => `${v} ${k}`);
        ctx.out(
          `  ${f.file} (${f.layout}): ${f.rowsRead} read, ${f.rowsKept} kept, ${f.badRows} bad${ex.length ? `, excluded: ${ex.join("; ")}` : ""}\n`,
        );
      }
      for (const i of r.issues) ctx.out(`  bad: ${i.file} row ${i.row}: ${i.message}\n`);
      if (r.issues.length < m.badRows) ctx.out(`  … ${m.badRows - r.issues.length} more bad row(s) not listed\n`);
    }
    return 0;
  },
  datasets: async ({ ctx, values, engine }) => {
    const t = await getTrade(engine);
    const ds = await t.listDatasets();
    if (values.json) ctx.json({ datasets: ds.map((d) => ({ origin: d.origin, ...d.manifest })) });
    else
      ctx.out(
        table([
          ["dataset", "origin", "format", "rows", "bad", "currency", "ingested"],
          ...ds.map((d) => [
            d.name,
            d.origin,
            d.manifest.format,
            String(d.manifest.rows),
            String(d.manifest.badRows),
            d.manifest.currencies.join(","),
            d.manifest.ingestedAt,
          ]),
        ]),
      );
    return 0;
  },
  growth: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.growth, values);
    const t = await getTrade(engine);
    const r = await growth(t, tradeCallOptions.growth(p));
    windowWarnings(ctx, r.windowCheck);
    if (values.json) {
      ctx.json(r);
      return 0;
    }
    ctx.out(
      `${r.dataset}: ${r.base.from}…${r.base.to} ${money(r.base.value)} ${r.currency} → ${r.period.from}…${r.period.to} ${money(r.period.value)} ${r.currency} (change ${pct(r.change)})\n`,
    );
    ctx.out(
      table([
        [r.params.by, "base", "period", "change", "growth(pc)", "excess"],
        ...r.groups.map((g) => [g.key, money(g.base), money(g.period), pct(g.change), mult(g.growth), money(g.excess)]),
      ]),
    );
    notes(ctx, r.notes);
    return 0;
  },
  anomalies: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.anomalies, values);
    const t = await getTrade(engine);
    const r = await anomalies(t, tradeCallOptions.anomalies(p));
    windowWarnings(ctx, r.windowCheck);
    if (values.json) {
      ctx.json(r);
      return 0;
    }
    ctx.out(
      `${r.count} of ${r.marketsConsidered} markets (${pct(r.countShare)}) hold ${pct(r.periodValueShare)} of ${money(r.totalPeriodValue)} ${r.currency} in ${r.period.from}…${r.period.to}\n`,
    );
    ctx.out(
      table([
        ["reporter", "partner", "code", "base", "period", "growth"],
        ...r.markets.map((m) => [
          m.reporter,
          m.partner,
          m.code,
          money(m.baseValue),
          money(m.periodValue),
          mult(m.growth),
        ]),
      ]),
    );
    notes(ctx, r.notes);
    return 0;
  },
  did: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.did, values);
    const t = await getTrade(engine);
    const r = await diffInDiff(t, tradeCallOptions.did(p));
    if (values.json) ctx.json(r);
    else {
      ctx.out(
        table([
          ["goods", "partners", "base", "period", "log growth"],
          ...r.cells.map((c) => [c.goods, c.partners, money(c.base), money(c.period), c.logGrowth.toFixed(3)]),
        ]),
      );
      ctx.out(
        `hub difference (S − N): ${r.hubDifference.toFixed(3)}; DiD: ${r.did === null ? "n/a" : r.did.toFixed(3)} (${r.currency})\n`,
      );
      notes(ctx, r.notes);
    }
    return 0;
  },
  onward: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.onward, values);
    const t = await getTrade(engine);
    const r = await onwardLeg(t, tradeCallOptions.onward(p));
    if (values.json) ctx.json(r);
    else {
      ctx.out(
        table([
          ["hub", "lag", "inflow growth", "onward base", "onward period", "onward growth", "confirmed"],
          ...r.rows.map((x) => [
            x.hub,
            String(x.lag),
            mult(x.inflow.growth),
            x.onward ? money(x.onward.base) : "-",
            x.onward ? money(x.onward.period) : "-",
            x.onward ? mult(x.onward.growth) : "-",
            x.onward ? String(x.confirmed) : "n/a",
          ]),
        ]),
      );
      notes(ctx, r.notes);
    }
    return 0;
  },
  mirror: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.mirror, values);
    const t = await getTrade(engine);
    const r = await mirrorGap(t, tradeCallOptions.mirror(p));
    if (values.json) ctx.json(r);
    else {
      ctx.out(
        table([
          ["exporter", "hub", "base X", "base M", "base M/X", "period X", "period M", "period M/X", "change"],
          ...r.pairs.map((p) => [
            p.exporter,
            p.hub,
            money(p.base.exports),
            money(p.base.imports),
            p.base.ratio?.toFixed(3) ?? "n/a",
            money(p.period.exports),
            money(p.period.imports),
            p.period.ratio?.toFixed(3) ?? "n/a",
            p.change?.toFixed(3) ?? "n/a",
          ]),
        ]),
      );
      notes(ctx, r.notes);
    }
    return 0;
  },
  "unit-values": async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.unitValues, values);
    const t = await getTrade(engine);
    const r = await unitValues(t, tradeCallOptions.unitValues(p));
    if (values.json) ctx.json(r);
    else {
      ctx.out(
        table([
          ["code", "unit", "target base", "target period", "others base", "others period", "relative"],
          ...r.rows.map((x) => [
            x.code,
            x.unit,
            x.target.base?.toFixed(2) ?? "-",
            x.target.period?.toFixed(2) ?? "-",
            x.others.base?.toFixed(2) ?? "-",
            x.others.period?.toFixed(2) ?? "-",
            x.relative?.toFixed(3) ?? "-",
          ]),
        ]),
      );
      notes(ctx, r.notes);
    }
    return 0;
  },
  alerts: async ({ ctx, values, engine }) => {
    // --preset is a file here (the HTTP parameter is its JSON text): read and validated by readPreset.
    const p = query(ctx, Q.alerts, values, { preset: null });
    const t = await getTrade(engine);
    const preset = values.preset === undefined ? undefined : readPreset(ctx, values.preset);
    const r: AlertResult = await alerts(t, tradeCallOptions.alerts(p, preset));
    windowWarnings(ctx, r.windowCheck);
    if (values.json) ctx.json(r);
    else {
      ctx.out(
        `preset ${r.preset.id} v${r.preset.version}: ${Object.entries(r.counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")} (${r.currency})\n`,
      );
      for (const a of r.alerts) ctx.out(`[${a.level}] ${a.explanation}\n`);
      ctx.out("\nhubs by excess value:\n");
      ctx.out(
        table([
          ["partner", "base", "period", "excess", "alerts"],
          ...r.ranking.jurisdictions.map((j) => [
            j.partner,
            money(j.base),
            money(j.period),
            money(j.excess),
            String(j.alerts),
          ]),
        ]),
      );
      notes(ctx, r.notes);
    }
    return 0;
  },
  simulate: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.simulate, values);
    const t = await getTrade(engine);
    const r = await simulate(t, tradeCallOptions.simulate(p));
    if (values.json) ctx.json(r);
    else {
      ctx.out(
        `${r.regime} covers ${money(r.covered)} of ${money(r.total)} ${r.currency} (${pct(r.share)}) of ${r.year} exports to ${r.destination} in ${r.dataset} [coverage ${r.coverage}]\n`,
      );
      ctx.out(
        table([
          ["reporter", "total", "covered", "share"],
          ...r.byReporter.map((x) => [x.reporter, money(x.total), money(x.covered), pct(x.share)]),
        ]),
      );
      if (r.byExemptionCategory.length > 0)
        ctx.out(table([["exemption", "value"], ...r.byExemptionCategory.map((x) => [x.category, money(x.value)])]));
      notes(ctx, r.notes);
    }
    return 0;
  },
  report: async ({ ctx, values, engine }) => {
    // The same route the API serves, so the report's figures are the API's and the dashboard's.
    // Checked here first, so that errors name the flags (the route would name its parameters).
    query(ctx, Q.report, values, { preset: null, format: null });
    const u = new URLSearchParams({ base: values.base as string, period: values.period as string });
    if (values.dataset) u.set("dataset", values.dataset);
    if (values["sanctioned-by"]) u.set("sanctionedBy", values["sanctioned-by"]);
    if (values.preset) u.set("preset", JSON.stringify(readPreset(ctx, values.preset)));
    // The file's extension picks the format: .pdf writes the PDF, anything else the HTML.
    const pdf = !values.json && values.out !== undefined && /\.pdf$/i.test(values.out);
    if (values.json) u.set("format", "json");
    else if (pdf) u.set("format", "pdf");
    // Loaded here only: the other trade subcommands need no HTTP stack.
    const { createApp } = await import("@embargo/server");
    const res = await createApp({ engine, web: false }).request(`/v1/trade/report?${u}`);
    if (!res.ok) {
      const e = ((await res.json()) as { error: { code: string; message: string } }).error;
      throw invalidInput(e.code, e.message);
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (values.out) {
      writeFileSync(path.resolve(ctx.io.cwd, values.out), bytes);
      ctx.err(`wrote ${values.out} (${bytes.length} bytes${pdf ? ", PDF" : ""})\n`);
    } else ctx.out(new TextDecoder().decode(bytes));
    return 0;
  },
  coverage: async ({ ctx, values, engine }) => {
    const p = query(ctx, Q.coverage, values);
    const t = await getTrade(engine);
    const r = await datasetCoverage(t, p.dataset ?? DEFAULT_TRADE_DATASET, tradeCallOptions.coverage(p));
    if (values.json) ctx.json(r);
    else {
      ctx.out(`${r.dataset} (leaf level ${r.leafLevel}):\n`);
      ctx.out(
        table([
          ["level", "flow", "freq", "from", "to", "partners", "reporters"],
          ...r.levels.map((l) => [
            l.codeLevel,
            l.flow,
            l.freq,
            l.from,
            l.to,
            l.partners.length > 8 ? `${l.partners.length} partners` : l.partners.join(","),
            l.reporters.length > 8 ? `${l.reporters.length} reporters` : l.reporters.join(","),
          ]),
        ]),
      );
    }
    return 0;
  },
  revenue: async ({ ctx, values, positionals, engine }) => {
    const t = await getTrade(engine);
    const what = positionals[0] ?? "imports";
    if (what === "imports") {
      const p = query(ctx, Q.revenueImports, values, { importsDataset: "dataset" });
      const r = await importBanPressure(t, tradeCallOptions.revenueImports(p));
      if (values.json) {
        ctx.json(r);
        return 0;
      }
      ctx.out(
        `${r.jurisdiction} imports from ${r.origin} (${r.dataset}, ${r.currency}, monthly ${r.data?.from ?? "-"}…${r.data?.to ?? "-"}); base ${r.baseYear} monthly mean: ${r.series.map((x) => `${x.label} ${x.baseMean === null ? "n/a" : money(x.baseMean)}`).join(", ")}\n`,
      );
      ctx.out(
        table([
          ["ban", "in force", "binds all", "measured on", "before/month", "after/month", "change", "of base", "status"],
          ...r.bans.map((b) => [
            b.measureId,
            b.effective,
            b.bindsFully,
            b.measuredAs.label,
            b.before ? money(b.before.mean) : "-",
            b.after ? money(b.after.mean) : "-",
            pct(b.change),
            b.remainingOfBase === null ? "-" : pct(b.remainingOfBase),
            b.status,
          ]),
        ]),
      );
      notes(ctx, r.notes);
      return 0;
    }
    if (what === "partners") {
      const p = query(ctx, Q.revenuePartners, values, { partnersDataset: "dataset" });
      const r = await partnerRevenue(t, tradeCallOptions.revenuePartners(p));
      windowWarnings(ctx, r.windowCheck);
      if (values.json) {
        ctx.json(r);
        return 0;
      }
      const bi = r.years.indexOf(r.base);
      const pi = r.years.indexOf(r.period);
      ctx.out(`${r.reporter} ${r.flow}s by partner (${r.dataset}, ${r.currency}), ${r.base} → ${r.period}\n`);
      ctx.out(
        table([
          ["group", r.base, r.period, `share ${r.base}`, `share ${r.period}`],
          ["world", money(r.world.values[bi] ?? 0), money(r.world.values[pi] ?? 0), "", ""],
          ...r.groups.map((g) => [
            g.id,
            money(g.values[bi] ?? 0),
            money(g.values[pi] ?? 0),
            pct(g.shareBase),
            pct(g.sharePeriod),
          ]),
        ]),
      );
      ctx.out(
        table([
          ["partner", r.base, r.period, "change", "share"],
          ...r.partners.map((x) => [x.partner, money(x.base), money(x.period), pct(x.change), pct(x.share)]),
        ]),
      );
      notes(ctx, [...r.notes, ...(r.attribution ? [r.attribution] : [])]);
      return 0;
    }
    if (what === "diamonds") {
      const r = await kimberleyProduction(t);
      if (values.json) {
        ctx.json(r);
        return 0;
      }
      ctx.out(`Russia's rough-diamond production (${r.label}, confidence ${r.confidence}):\n`);
      ctx.out(
        table([
          ["year", "carats", "value USD", "share of world carats", "basis"],
          ...r.russia.map((x) => [
            x.year,
            x.carats === null ? "-" : money(x.carats),
            x.valueUsd === null ? "-" : money(x.valueUsd),
            x.shareOfWorldCarats === null ? "-" : pct(x.shareOfWorldCarats),
            x.shareBasis ?? "-",
          ]),
        ]),
      );
      notes(ctx, r.notes);
      return 0;
    }
    throw invalidInput("CLI_BAD_ARGUMENTS", `embargo trade revenue imports|partners|diamonds\nusage: ${usage}`);
  },
};

/** `embargo trade …`: ingestion, the five signals, alerts and the simulator. */
export const tradeCommand: Command = {
  name: "trade",
  summary: "Circumvention monitor: ingest trade data, growth, anomalies, DiD, onward leg, mirror gap, alerts, simulate",
  usage,
  subcommands: subcommandHelp,
  async run(ctx, argv) {
    const [sub, ...rest] = argv;
    const run = sub === undefined ? undefined : subcommands[sub];
    if (!run) throw unknownSubcommand("trade", sub, Object.keys(subcommands), usage);
    // Errors while reading the options show this sub-command's usage, not the whole list.
    const subUsage = subcommandHelp[sub as string]?.usage ?? usage;
    const { values, positionals } = parse(rest, common, subUsage);
    return run({ ctx, values, positionals, engine: ctx.engine });
  },
};
